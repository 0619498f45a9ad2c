// `sluice hash` as a user runs it, checked against the reference tools: sha256sum, md5sum,
// b3sum, xxhsum and python3's zlib.crc32 compute the expected values at test time.
#define BOOST_TEST_MODULE native.hash_cli
#include <boost/test/unit_test.hpp>

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "support/temp_files.hpp"

namespace {

struct Result {
  int code;
  std::string out, err;
};

Result sh(const std::string& cmd) {
  char errname[] = "/tmp/sluice-hash-err-XXXXXX";
  ::close(::mkstemp(errname));
  FILE* p = ::popen((cmd + " 2>" + errname).c_str(), "r");
  Result r{};
  std::array<char, 65536> buf;
  while (std::size_t n = std::fread(buf.data(), 1, buf.size(), p)) r.out.append(buf.data(), n);
  int st = ::pclose(p);
  r.code = WIFEXITED(st) ? WEXITSTATUS(st) : 128;
  std::ifstream e(errname);
  r.err.assign(std::istreambuf_iterator<char>(e), {});
  ::unlink(errname);
  return r;
}

const std::string sluice = std::string("'") + SLUICE_CLI_PATH + "'";

Result run(const std::string& args) { return sh(sluice + " hash " + args); }

// The reference tools must be there: a missing tool is a failure, not a skip.
std::string tool(const std::string& cmd) {
  Result r = sh(cmd);
  BOOST_REQUIRE_MESSAGE(r.code == 0, "reference tool failed: " << cmd << "\n" << r.err);
  return r.out;
}

std::string first_field(const std::string& line) { return line.substr(0, line.find_first_of(" \n")); }

struct Dir : test_support::TempDir {
  Dir() : TempDir("sluice-hash") {}
};

}  // namespace

BOOST_AUTO_TEST_CASE(default_output_matches_the_reference_tools_byte_for_byte) {
  Dir d;
  std::uint32_t seed = static_cast<std::uint32_t>(std::random_device{}());
  BOOST_TEST_MESSAGE("seed " << seed);
  std::vector<std::string> files;
  // 9'000'001: over the 8 MiB from which the fast algorithms map a file rather than read it
  // (native::hash_file; blake3, sha256 and md5 map from 32 MiB: tests/native/hash_file_test.cpp).
  for (std::size_t n : {0u, 1u, 63u, 64u, 65u, 1023u, 1024u, 1025u, 100'000u, 3'000'001u, 9'000'001u})
    files.push_back(d.file("f" + std::to_string(n), n, seed + static_cast<std::uint32_t>(n)));
  std::string list;
  for (auto& f : files) list += " '" + f + "'";

  BOOST_TEST(run("-a sha256" + list).out == tool("sha256sum" + list), "seed " << seed);
  BOOST_TEST(run("-a md5" + list).out == tool("md5sum" + list), "seed " << seed);
  BOOST_TEST(run("-a blake3" + list).out == tool("b3sum" + list), "seed " << seed);
  BOOST_TEST(run(list).out == tool("b3sum" + list), "default algorithm is blake3");
  for (const char* t : {"0", "1", "2", "3"})
    BOOST_TEST(run(std::string("--threads ") + t + list).out == tool(std::string("b3sum --num-threads ") + t + list), t);
  BOOST_TEST(run("-a xxh64" + list).out == tool("xxhsum -H1" + list), "seed " << seed);
  BOOST_TEST(run("-a xxh128" + list).out == tool("xxhsum -H2" + list), "seed " << seed);
  // xxhsum prints XXH3 in tag form by default; so does `sluice hash --tag`.
  BOOST_TEST(run("--tag -a xxh3" + list).out == tool("xxhsum -H3" + list), "seed " << seed);
  BOOST_TEST(run("--tag -a sha256" + list).out == tool("sha256sum --tag" + list));
  BOOST_TEST(run("--tag -a md5" + list).out == tool("md5sum --tag" + list));
  for (auto& f : files) {
    std::string want = tool("python3 -c \"import zlib,sys; print('%08x' % zlib.crc32(open(sys.argv[1],'rb').read()))\" '" + f + "'");
    BOOST_TEST(first_field(run("-a crc32 '" + f + "'").out) == first_field(want), f);
  }
}

BOOST_AUTO_TEST_CASE(several_algorithms_in_one_pass_and_json) {
  Dir d;
  auto f = d.file("media.bin", 777'777, 42);
  auto r = run("-a sha256,md5 -a blake3 '" + f + "'");
  BOOST_TEST(r.code == 0);
  std::string want = tool("sha256sum '" + f + "'") + tool("md5sum '" + f + "'") + tool("b3sum '" + f + "'");
  BOOST_TEST(r.out == want);
  auto j = run("--json -a sha256,blake3 '" + f + "'");
  BOOST_TEST(j.code == 0);
  // python3 parses the JSON line and prints the fields back: an independent JSON parser.
  std::ofstream(d.path + "/j.json") << j.out;
  auto parsed = tool("python3 -c \"import json,sys; o=json.loads(open(sys.argv[1]).read()); print(o['name'], o['bytes'], o['sha256'], o['blake3'])\" '" + d.path + "/j.json'");
  BOOST_TEST(parsed == f + " 777777 " + first_field(tool("sha256sum '" + f + "'")) + " " +
                           first_field(tool("b3sum '" + f + "'")) + "\n");
}

BOOST_AUTO_TEST_CASE(stdin_is_read_when_no_file_is_given) {
  Dir d;
  auto f = d.file("in", 123'456, 7);
  BOOST_TEST(sh(sluice + " hash -a sha256 < '" + f + "'").out == tool("sha256sum < '" + f + "'"));
  BOOST_TEST(sh("cat '" + f + "' | " + sluice + " hash -a sha256 -").out == tool("sha256sum - < '" + f + "'"));
}

BOOST_AUTO_TEST_CASE(check_mode_reads_lists_written_by_the_reference_tools) {
  Dir d;
  auto a = d.file("a file.bin", 5000, 1), b = d.file("b.bin", 70'000, 2);
  std::string list = " '" + a + "' '" + b + "'";
  std::ofstream(d.path + "/sums.sha256") << tool("sha256sum" + list);
  std::ofstream(d.path + "/sums.tag") << tool("sha256sum --tag" + list) << tool("md5sum --tag" + list)
                                      << tool("xxhsum -H3" + list);
  std::ofstream(d.path + "/sums.b3") << tool("b3sum" + list);

  auto r = run("-a sha256 -c '" + d.path + "/sums.sha256'");
  BOOST_TEST(r.code == 0, r.err);
  BOOST_TEST(r.out == a + ": OK\n" + b + ": OK\n");
  auto t = run("-c '" + d.path + "/sums.tag'");
  BOOST_TEST(t.code == 0, t.err);
  BOOST_TEST(t.out == a + ": OK\n" + b + ": OK\n" + a + ": OK\n" + b + ": OK\n" + a + ": OK\n" + b + ": OK\n");
  BOOST_TEST(run("-c '" + d.path + "/sums.b3'").code == 0);

  // Change one byte of b: its lines fail, exit 1.
  sh("printf 'X' | dd of='" + b + "' bs=1 seek=100 conv=notrunc status=none");
  auto f = run("-a sha256 -c '" + d.path + "/sums.sha256'");
  BOOST_TEST(f.code == 1);
  BOOST_TEST(f.out == a + ": OK\n" + b + ": FAILED\n");
  BOOST_TEST(f.err.find("1 computed checksum did NOT match") != std::string::npos);
  // Quiet prints only the failures.
  BOOST_TEST(run("--quiet -a sha256 -c '" + d.path + "/sums.sha256'").out == b + ": FAILED\n");
}

BOOST_AUTO_TEST_CASE(check_mode_reports_missing_files_and_bad_lines) {
  Dir d;
  auto a = d.file("a", 10, 1);
  std::ofstream(d.path + "/list") << tool("sha256sum '" + a + "'") << "not a checksum line\n"
                                  << std::string(64, '0') << "  " << d.path << "/missing\n";
  auto r = run("-a sha256 -c '" + d.path + "/list'");
  BOOST_TEST(r.code == 1);
  BOOST_TEST(r.out == a + ": OK\n" + d.path + "/missing: FAILED open or read\n");
  BOOST_TEST(r.err.find("sluice: " + d.path + "/missing: cannot open: No such file or directory") != std::string::npos);
  BOOST_TEST(r.err.find("1 line is improperly formatted") != std::string::npos);
  std::ofstream(d.path + "/empty") << "\n";
  BOOST_TEST(run("-c '" + d.path + "/empty'").code == 1);
}

BOOST_AUTO_TEST_CASE(names_with_newlines_are_escaped_like_coreutils) {
  Dir d;
  std::string name = d.path + "/new\nline";
  std::ofstream(name) << "x";
  std::string q = "\"$(printf '" + d.path + "/new\\nline')\"";
  BOOST_TEST(run("-a sha256 " + q).out == tool("sha256sum " + q));
  BOOST_TEST(run("--tag -a sha256 " + q).out == tool("sha256sum --tag " + q));
  std::ofstream(d.path + "/list") << tool("sha256sum " + q);
  BOOST_TEST(run("-a sha256 -c '" + d.path + "/list'").code == 0);
}

BOOST_AUTO_TEST_CASE(errors_and_usage) {
  auto m = run("/nonexistent/x");
  BOOST_TEST(m.code == 1);
  BOOST_TEST(m.err == "sluice: /nonexistent/x: cannot open: No such file or directory\n");
  BOOST_TEST(run("-a sha512 /dev/null").code == 2);
  BOOST_TEST(run("--tag --json /dev/null").code == 2);
  BOOST_TEST(run("-c x --json").code == 2);
  BOOST_TEST(sh(sluice + " hash --help").code == 0);
  auto cdir = run("-c /tmp");
  BOOST_TEST(cdir.code == 1);
  BOOST_TEST(cdir.err == "sluice: /tmp: cannot read: Is a directory\n");
  auto dir = run("/tmp");
  BOOST_TEST(dir.code == 1);
  BOOST_TEST(dir.err == "sluice: /tmp: cannot read: Is a directory\n");
}

// Lists written by each tool check as they are, with no -a: the hex length and a match pick
// the algorithm (sha256sum and b3sum both write 64 digits; md5sum and xxhsum -H2 32).
BOOST_AUTO_TEST_CASE(check_mode_needs_no_algorithm_for_the_tools_lists) {
  Dir d;
  auto a = d.file("a.bin", 5000, 3), b = d.file("b.bin", 300'000, 4);
  std::string list = " '" + a + "' '" + b + "'";
  const std::string ok = a + ": OK\n" + b + ": OK\n";
  for (const char* t : {"sha256sum", "md5sum", "b3sum", "xxhsum -H1", "xxhsum -H2", "sha256sum -b"}) {
    std::ofstream(d.path + "/list") << tool(std::string(t) + list);
    auto r = run("-c '" + d.path + "/list'");
    BOOST_TEST(r.code == 0, t << ": " << r.err);
    BOOST_TEST(r.out == ok, t);
  }
  // sluice's own untagged lines of the other algorithms.
  for (const char* algo : {"crc32", "crc32c", "crc64", "crc64nvme", "xxh3"}) {
    std::ofstream(d.path + "/list") << run(std::string("-a ") + algo + list).out;
    BOOST_TEST(run("-c '" + d.path + "/list'").out == ok, algo);
  }
  // One list joining the tools' lists (b3sum's and sha256sum's lines both have 64 digits).
  std::ofstream(d.path + "/all") << tool("b3sum" + list) << tool("sha256sum" + list) << tool("md5sum" + list)
                                 << tool("xxhsum -H2" + list) << tool("b3sum" + list);
  auto all = run("-c '" + d.path + "/all'");
  BOOST_TEST(all.code == 0, all.err);
  BOOST_TEST(all.out == ok + ok + ok + ok + ok);
  // A sha256sum list with one file changed: that line fails, the other still passes.
  std::ofstream(d.path + "/list") << tool("sha256sum" + list);
  sh("printf 'X' | dd of='" + b + "' bs=1 seek=7 conv=notrunc status=none");
  auto f = run("-c '" + d.path + "/list'");
  BOOST_TEST(f.code == 1);
  BOOST_TEST(f.out == a + ": OK\n" + b + ": FAILED\n");
  // With -a the lines are that algorithm only.
  BOOST_TEST(run("-a blake3 -c '" + d.path + "/list'").out == a + ": FAILED\n" + b + ": FAILED\n");
  // xxhsum 0.8.2 writes XXH3 untagged as "XXH3_<hex>  <name>" (0.8.1 here writes the tag form).
  std::string x3 = tool("xxhsum -H3 '" + a + "'");  // "XXH3 (<a>) = <hex>\n"
  std::ofstream(d.path + "/x3") << "XXH3_" << x3.substr(x3.rfind(' ') + 1, 16) << "  " << a << "\n";
  BOOST_TEST(run("-c '" + d.path + "/x3'").out == a + ": OK\n");
  // xxhsum --little-endian --tag: XXH64_LE, XXH3_LE, XXH128_LE lines.
  std::ofstream(d.path + "/le") << tool("xxhsum -H1 --little-endian --tag" + list)
                                << tool("xxhsum -H3 --little-endian --tag" + list)
                                << tool("xxhsum -H2 --little-endian --tag" + list);
  auto le = run("-c '" + d.path + "/le'");
  BOOST_TEST(le.code == 0, le.err);
  BOOST_TEST(le.out == ok + ok + ok);
}

// sha256sum -c is the reference for what is printed and the exit status.
BOOST_AUTO_TEST_CASE(check_mode_output_and_exit_status_as_sha256sum) {
  Dir d;
  auto a = d.file("a", 100, 5);
  std::string nl = d.path + "/new\nline";
  std::ofstream(nl) << "y";
  std::string q = "\"$(printf '" + d.path + "/new\\nline')\"";
  // A name with a newline: escaped in the result line as in the list.
  std::ofstream(d.path + "/list") << tool("sha256sum '" + a + "' " + q);
  auto r = run("-c '" + d.path + "/list'");
  BOOST_TEST(r.code == 0, r.err);
  BOOST_TEST(r.out == tool("sha256sum -c '" + d.path + "/list'"));

  // An improperly formatted line is a warning; exit 0 unless --strict (as sha256sum).
  std::ofstream(d.path + "/bad") << tool("sha256sum '" + a + "'") << "this is not a checksum line\n";
  auto w = run("-c '" + d.path + "/bad'");
  BOOST_TEST(w.code == sh("sha256sum -c '" + d.path + "/bad'").code);
  BOOST_TEST(w.code == 0);
  BOOST_TEST(w.out == a + ": OK\n");
  BOOST_TEST(w.err.find("1 line is improperly formatted") != std::string::npos);
  BOOST_TEST(run("--strict -c '" + d.path + "/bad'").code == sh("sha256sum --strict -c '" + d.path + "/bad'").code);
  BOOST_TEST(run("--strict -c '" + d.path + "/bad'").code == 1);
  BOOST_TEST(run("-w -c '" + d.path + "/bad'").err.find("/bad: 2: improperly formatted") != std::string::npos);

  // --status: nothing printed, the exit status tells.
  auto st = run("--status -c '" + d.path + "/bad'");
  BOOST_TEST(st.out.empty());
  BOOST_TEST(st.code == 0);
  std::ofstream(d.path + "/wrong") << std::string(64, '0') << "  " << a << "\n";
  auto sf = run("--status -c '" + d.path + "/wrong'");
  BOOST_TEST(sf.out.empty());
  BOOST_TEST(sf.code == 1);

  // --ignore-missing skips listed files that do not exist; with nothing left it fails.
  std::ofstream(d.path + "/miss") << std::string(64, '0') << "  " << d.path << "/missing\n"
                                  << tool("sha256sum '" + a + "'");
  auto im = run("--ignore-missing -c '" + d.path + "/miss'");
  BOOST_TEST(im.code == 0, im.err);
  BOOST_TEST(im.out == a + ": OK\n");
  std::ofstream(d.path + "/miss") << std::string(64, '0') << "  " << d.path << "/missing\n";
  BOOST_TEST(run("--ignore-missing -c '" + d.path + "/miss'").code ==
             sh("sha256sum --ignore-missing -c '" + d.path + "/miss'").code);
  // A line with no name is improperly formatted (it was checked as standard input's name "-").
  std::ofstream(d.path + "/noname") << std::string(64, '0') << "  \n" << tool("sha256sum '" + a + "'");
  auto nn = run("-c '" + d.path + "/noname'");
  BOOST_TEST(nn.code == 0, nn.err);
  BOOST_TEST(nn.out == a + ": OK\n");
  BOOST_TEST(nn.err.find("1 line is improperly formatted") != std::string::npos, nn.err);
  // CRLF line ends, blank lines and leading blanks.
  std::ofstream(d.path + "/crlf") << "\r\n  " << first_field(tool("sha256sum '" + a + "'")) << "  " << a << "\r\n\n";
  auto c = run("-c '" + d.path + "/crlf'");
  BOOST_TEST(c.code == 0, c.err);
  BOOST_TEST(c.out == a + ": OK\n");
}

// --json lines are valid UTF-8 JSON whatever the name's bytes: python's strict UTF-8 decoder
// and json parser read them back (quotes, backslashes, control characters escaped; bytes that
// are not UTF-8 become U+FFFD, well-formed multi-byte characters stay).
BOOST_AUTO_TEST_CASE(json_names_are_valid_json_for_any_bytes) {
  Dir d;
  const std::string raw = "q\"u\\o\tt\x01\x7f\xff\xc3(\xed\xa0\x80 \xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80";
  std::ofstream(d.path + "/" + raw) << "z";
  auto j = run("--json -a crc32 " + d.path + "/q*");
  BOOST_TEST(j.code == 0, j.err);
  std::ofstream(d.path + "/j.json") << j.out;
  auto parsed = tool("python3 -c \"import json,sys; o=json.loads(open(sys.argv[1],'rb').read().decode('utf-8')); "
                     "print(ascii(o['name'].split('/')[-1]), o['bytes'], o['crc32'])\" '" + d.path + "/j.json'");
  BOOST_TEST(parsed == "'q\"u\\\\o\\tt\\x01\\x7f\\ufffd\\ufffd(\\ufffd\\ufffd\\ufffd \\xe9\\u20ac\\U0001f600' 1 " +
                           tool("python3 -c \"import zlib; print('%08x' % zlib.crc32(b'z'))\""));
}

// Progress: on a terminal (script(1) gives one) only for a job that runs a while, and erased
// when it ends, so that only the result lines stay; never when stderr is not a terminal.
BOOST_AUTO_TEST_CASE(progress_on_a_terminal_is_erased_and_quick_files_draw_none) {
  Dir d;
  auto a = d.file("a", 1000, 1), b = d.file("b", 2000, 2);
  auto crlf = [](std::string s) {
    std::string o;
    for (char c : s) o += c == '\n' ? std::string("\r\n") : std::string(1, c);
    return o;
  };
  auto quick = sh("script -q -e -c \"" + sluice + " hash -a sha256 '" + a + "' '" + b + "'\" /dev/null < /dev/null");
  BOOST_TEST(quick.code == 0);
  BOOST_TEST(quick.out == crlf(tool("sha256sum '" + a + "' '" + b + "'")));
  const std::string slow = "(head -c 1000 /dev/zero; sleep 1; head -c 1000 /dev/zero)";
  auto t = sh("script -q -e -c \"" + slow + " | " + sluice + " hash -a sha256\" /dev/null < /dev/null");
  const std::string line = crlf(tool("head -c 2000 /dev/zero | sha256sum"));
  BOOST_TEST(t.out.find("\r-: ") == 0, t.out);
  BOOST_TEST(t.out.size() > line.size());
  BOOST_TEST(t.out.substr(t.out.size() - line.size() - 4) == "\r\033[K" + line, t.out);
  auto p = sh(slow + " | " + sluice + " hash -a sha256");
  BOOST_TEST(p.err.empty(), p.err);
}

extern char** environ;

namespace {
// Runs `sluice hash args...` (stdout to `out_path`) and returns its peak resident size in KiB
// (wait4's rusage is that child's alone).
long hash_peak_rss_kib(const std::vector<std::string>& args, const std::string& out_path) {
  std::vector<std::string> all{SLUICE_CLI_PATH, "hash"};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  pid_t pid = 0;
  BOOST_REQUIRE(posix_spawn(&pid, SLUICE_CLI_PATH, &fa, nullptr, argv.data(), environ) == 0);
  posix_spawn_file_actions_destroy(&fa);
  int st = 0;
  rusage ru{};
  BOOST_REQUIRE(::wait4(pid, &st, 0, &ru) == pid);
  BOOST_REQUIRE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
  return ru.ru_maxrss;
}
}  // namespace

// blake3 on threads beside other algorithms: the file is read once, window by window, and
// the resident size does not grow with the file (it was the whole file, mapped: 512 MiB here,
// and a file larger than memory was read from the disk twice).
BOOST_AUTO_TEST_CASE(several_algorithms_on_a_large_file_in_bounded_memory) {
  Dir d;
  const std::string sparse = d.path + "/sparse";
  sh("truncate -s 512M '" + sparse + "' && printf 'end' >> '" + sparse + "'");
  const long kib = hash_peak_rss_kib({"-a", "blake3,xxh3,crc32c", "--threads", "2", sparse}, d.path + "/out");
  BOOST_TEST(kib < 96 * 1024, "peak RSS " << kib << " KiB");
  std::ifstream o(d.path + "/out");
  std::string got((std::istreambuf_iterator<char>(o)), {});
  std::string x3 = tool("xxhsum -H3 '" + sparse + "'");  // "XXH3 (<name>) = <hex>"
  BOOST_TEST(got.substr(0, got.find('\n') + 1) == tool("b3sum '" + sparse + "'"));
  BOOST_TEST(got.find(x3.substr(x3.rfind(' ') + 1, 16) + "  " + sparse + "\n") != std::string::npos, got);
  const long one = hash_peak_rss_kib({"-a", "xxh3", sparse}, d.path + "/out");
  BOOST_TEST(one < 96 * 1024, "xxh3 alone: peak RSS " << one << " KiB");
  // Random bytes over several windows, not a whole number of them, on 1, 2 and 3 threads.
  auto f = d.file("r", (40u << 20) + 12345, 9);
  const std::string want = tool("b3sum '" + f + "'") + tool("sha256sum '" + f + "'") + tool("md5sum '" + f + "'");
  for (const char* t : {"1", "2", "3"})
    BOOST_TEST(run(std::string("--threads ") + t + " -a blake3,sha256,md5 '" + f + "'").out == want, t);
}

// Files whose stat size is not their length: procfs says 0 (/proc/version was hashed as the
// empty input), sysfs 4096 (its files failed as "shrank while being hashed"). They are read
// to end of file, as sha256sum reads them.
BOOST_AUTO_TEST_CASE(proc_and_sys_files_are_read_to_their_end) {
  std::string files = " /proc/version";
  for (const char* f : {"/sys/devices/system/cpu/online", "/sys/kernel/mm/transparent_hugepage/enabled"})
    if (::access(f, R_OK) == 0) files += std::string(" ") + f;
  BOOST_TEST_MESSAGE("files:" << files);
  BOOST_TEST(files != " /proc/version", "no readable sysfs file here: only procfs is tested");
  for (const char* a : {"sha256", "blake3", "md5"}) {
    auto r = run(std::string("-a ") + a + files);
    BOOST_TEST(r.code == 0, r.err);
    BOOST_TEST(r.out == tool(std::string(a == std::string("blake3") ? "b3sum" : std::string(a) + "sum") + files), a);
  }
}

// Output that cannot be written is a failure (exit 1 and a message), as for sha256sum: the
// results were lost with exit 0 before.
BOOST_AUTO_TEST_CASE(a_failed_write_to_stdout_fails) {
  Dir d;
  auto a = d.file("a", 100, 1);
  auto r = run("-a sha256 '" + a + "' > /dev/full");
  BOOST_TEST(r.code == sh("sha256sum '" + a + "' > /dev/full").code);
  BOOST_TEST(r.code == 1);
  BOOST_TEST(r.err == "sluice: standard output: cannot write: No space left on device\n");
  BOOST_TEST(run("--json '" + a + "' > /dev/full").code == 1);
  std::ofstream(d.path + "/list") << tool("sha256sum '" + a + "'");
  BOOST_TEST(run("-c '" + d.path + "/list' > /dev/full").code == 1);
}

// Standard input that is a regular file is hashed from where it stands, as sha256sum does
// (it was hashed from byte 0 whatever had been read of it), and is left at its end.
BOOST_AUTO_TEST_CASE(stdin_regular_file_from_its_current_offset) {
  Dir d;
  auto f = d.file("in", 3'000'000, 11);
  for (const char* a : {"sha256", "md5"}) {
    const std::string skip = "{ head -c 5 >/dev/null; ";
    BOOST_TEST(sh(skip + sluice + " hash -a " + a + "; } < '" + f + "'").out ==
               tool(skip + a + "sum; } < '" + f + "'"), a);
    BOOST_TEST(sh(skip + sluice + " hash -a " + a + "; } < '" + f + "'").out ==
               tool("tail -c +6 '" + f + "' | " + a + "sum"), a);
  }
  const std::string x3 = tool("tail -c +1001 '" + f + "' | xxhsum -H3");  // "XXH3 (stdin) = <hex>"
  BOOST_TEST(sh("{ head -c 1000 >/dev/null; " + sluice + " hash -a blake3,xxh3; } < '" + f + "'").out ==
             tool("tail -c +1001 '" + f + "' | b3sum") + x3.substr(x3.rfind(' ') + 1, 16) + "  -\n");
  // From the start: the whole file, and nothing is left to read after it.
  BOOST_TEST(sh("{ " + sluice + " hash -a sha256; wc -c; } < '" + f + "'").out == tool("sha256sum < '" + f + "'") + "0\n");
}
