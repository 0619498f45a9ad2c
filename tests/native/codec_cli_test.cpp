// `sluice compress` / `sluice decompress` run as a user would: files and pipes, the real
// tools on the other side, exit codes and the error line of INTERFACE.md, atomic -o (no
// file left behind on failure), the output limit against a decompression bomb, the zstd
// window limit, and peak memory on a long stream.
#define BOOST_TEST_MODULE native.codec_cli
#include <boost/test/unit_test.hpp>

#include <dirent.h>

#include <chrono>
#include <fstream>
#include <string>
#include <vector>

#include "../core/codec_test_util.hpp"

using namespace codec_test;

namespace {

const std::string cli = SLUICE_CLI_PATH;

struct Result {
  int code;
  std::string err;
};

struct fixture {
  fixture() {
    for (const char* t : {"zstd", "lz4", "gzip", "bzip2", "python3", "cmp", "/usr/bin/time"})
      require_tool(t);
    dir = temp_dir();
    data = sample(1u << 20, 77);
    in = p("in.bin");
    write_file(in, data);
  }
  ~fixture() { rm_rf(dir); }

  std::string p(const std::string& n) const { return dir + "/" + n; }

  /// Runs `sluice <args>` through the shell (args may hold redirections); stderr captured.
  Result run(const std::string& args) const {
    const std::string errf = p("stderr.txt");
    const int code = sh("'" + cli + "' " + args + " 2>'" + errf + "'");
    std::ifstream e(errf);
    return {code, std::string(std::istreambuf_iterator<char>(e), {})};
  }

  /// Names in the directory other than the ones listed (a temp file left behind shows up).
  std::vector<std::string> stray_files(const std::vector<std::string>& known) const {
    std::vector<std::string> r;
    DIR* d = ::opendir(dir.c_str());
    while (dirent* e = ::readdir(d)) {
      std::string n = e->d_name;
      if (n == "." || n == ".." || n == "stderr.txt") continue;
      bool k = false;
      for (auto& x : known) k = k || x == n;
      if (!k) r.push_back(n);
    }
    ::closedir(d);
    return r;
  }

  std::string dir, in;
  bytes data;
};

const std::vector<std::string> formats = {"zstd", "lz4", "gzip", "zlib", "deflate-raw", "bzip2"};

// How the reference tool decodes a file of each format to stdout.
std::string tool_decode(const std::string& fmt, const std::string& file) {
  if (fmt == "zstd") return "zstd -q -d -c '" + file + "'";
  if (fmt == "lz4") return "lz4 -q -d -c '" + file + "'";
  if (fmt == "gzip") return "gzip -d -c '" + file + "'";
  if (fmt == "bzip2") return "bzip2 -d -c '" + file + "'";
  const std::string wbits = fmt == "zlib" ? "15" : "-15";
  return "python3 -c \"import sys,zlib; sys.stdout.buffer.write(zlib.decompress(open(sys.argv[1],'rb')"
         ".read()," + wbits + "))\" '" + file + "'";
}

std::string tool_encode(const std::string& fmt, const std::string& file) {
  if (fmt == "zstd") return "zstd -q -c '" + file + "'";
  if (fmt == "lz4") return "lz4 -q -c '" + file + "'";
  if (fmt == "gzip") return "gzip -c '" + file + "'";
  if (fmt == "bzip2") return "bzip2 -c '" + file + "'";
  const std::string wbits = fmt == "zlib" ? "15" : "-15";
  return "python3 -c \"import sys,zlib; c=zlib.compressobj(6,zlib.DEFLATED," + wbits +
         "); sys.stdout.buffer.write(c.compress(open(sys.argv[1],'rb').read())+c.flush())\" '" + file + "'";
}

bool contains(const std::string& s, const std::string& sub) { return s.find(sub) != std::string::npos; }

// The last number in a file (/usr/bin/time may print "Command exited with ..." first).
unsigned long long last_number(const std::string& path) {
  const bytes b = read_file(path);
  std::string t(b.begin(), b.end());
  while (!t.empty() && (t.back() == '\n' || t.back() == ' ')) t.pop_back();
  const auto nl = t.find_last_of('\n');
  return std::stoull(nl == std::string::npos ? t : t.substr(nl + 1));
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(codec_cli, fixture)

BOOST_AUTO_TEST_CASE(help_and_usage_errors) {
  for (std::string c : {"compress", "decompress"}) {
    Result h = run(c + " --help >'" + p("help.txt") + "'");
    BOOST_TEST(h.code == 0);
    const bytes text = read_file(p("help.txt"));
    const std::string t(text.begin(), text.end());
    BOOST_TEST(contains(t, "deflate-raw"));
    BOOST_TEST(contains(t, "-o,--output"));
  }
  BOOST_TEST(run("--help >'" + p("help.txt") + "'").code == 0);
  const bytes top = read_file(p("help.txt"));
  BOOST_TEST(contains(std::string(top.begin(), top.end()), "decompress"));
  Result nofmt = run("compress '" + in + "' >/dev/null");
  BOOST_TEST(nofmt.code == 2);
  Result badfmt = run("compress -f xz '" + in + "' >/dev/null");
  BOOST_TEST(badfmt.code == 2);
  BOOST_TEST(badfmt.err.rfind("sluice: ", 0) == 0u);
  Result badlevel = run("compress -f gzip -l 12 '" + in + "' >/dev/null");
  BOOST_TEST(badlevel.code == 2);
  BOOST_TEST(contains(badlevel.err, "level"));
  Result badsize = run("decompress --max-output lots '" + in + "' >/dev/null");
  BOOST_TEST(badsize.code == 2);
  Result missing = run("decompress '" + p("nope.zst") + "' >/dev/null");
  BOOST_TEST(missing.code == 1);
  BOOST_TEST(missing.err.rfind("sluice: " + p("nope.zst") + ": cannot open", 0) == 0u, missing.err);
  BOOST_TEST(stray_files({"in.bin", "help.txt"}).empty());
}

BOOST_AUTO_TEST_CASE(round_trips_with_the_tools) {
  for (const auto& f : formats) {
    BOOST_TEST_CONTEXT(f) {
      // sluice compress (file -> -o), the tool decodes it.
      Result c = run("compress -f " + f + " -o '" + p("o." + f) + "' '" + in + "'");
      BOOST_TEST_REQUIRE(c.code == 0, c.err);
      BOOST_TEST(sh(tool_decode(f, p("o." + f)) + " | cmp -s - '" + in + "'") == 0);
      // stdin -> stdout, with a level.
      Result s = run("compress -f " + f + " -l 1 < '" + in + "' > '" + p("s." + f) + "'");
      BOOST_TEST_REQUIRE(s.code == 0, s.err);
      BOOST_TEST(sh(tool_decode(f, p("s." + f)) + " | cmp -s - '" + in + "'") == 0);
      // The tool compresses, sluice decompresses (named; detected where the format allows).
      sh_ok(tool_encode(f, in) + " > '" + p("t." + f) + "'");
      Result d = run("decompress -f " + f + " '" + p("t." + f) + "' | cmp -s - '" + in + "'");
      BOOST_TEST(d.code == 0, d.err);
      if (f != "zlib" && f != "deflate-raw") {
        Result a = run("decompress -o '" + p("a.out") + "' < '" + p("t." + f) + "'");
        BOOST_TEST(a.code == 0, a.err);
        BOOST_TEST((read_file(p("a.out")) == data));
      } else {
        Result a = run("decompress '" + p("t." + f) + "' >/dev/null");
        BOOST_TEST(a.code == 1);
        BOOST_TEST(contains(a.err, "must be named"), a.err);
      }
      Result alias = run("decompress -f deflate '" + p("t.zlib") + "' >/dev/null");
      if (f == "zlib") BOOST_TEST(alias.code == 0, alias.err);
    }
  }
  // Empty input, every format.
  write_file(p("empty"), {});
  for (const auto& f : formats) {
    Result c = run("compress -f " + f + " -o '" + p("e." + f) + "' '" + p("empty") + "'");
    BOOST_TEST(c.code == 0);
    BOOST_TEST(sh(tool_decode(f, p("e." + f)) + " | cmp -s - '" + p("empty") + "'") == 0, f);
    Result d = run("decompress -f " + f + " -o '" + p("e.out") + "' '" + p("e." + f) + "'");
    BOOST_TEST(d.code == 0);
    BOOST_TEST(read_file(p("e.out")).empty());
  }
}

BOOST_AUTO_TEST_CASE(concatenations_and_extras) {
  sh_ok("gzip -c '" + in + "' > '" + p("a.gz") + "'; gzip -c -9 '" + in + "' > '" + p("b.gz") + "'");
  sh_ok("cat '" + p("a.gz") + "' '" + p("b.gz") + "' > '" + p("ab.gz") + "'");
  sh_ok("cat '" + in + "' '" + in + "' > '" + p("twice") + "'");
  BOOST_TEST(run("decompress '" + p("ab.gz") + "' | cmp -s - '" + p("twice") + "'").code == 0);
  sh_ok("zstd -q -c '" + in + "' > '" + p("a.zst") + "'; cat '" + p("a.zst") + "' '" + p("a.zst") + "' > '" +
        p("aa.zst") + "'");
  BOOST_TEST(run("decompress '" + p("aa.zst") + "' | cmp -s - '" + p("twice") + "'").code == 0);
  // --no-checksum and --long for zstd; --dict both ways.
  BOOST_TEST(run("compress -f zstd --no-checksum -o '" + p("n.zst") + "' '" + in + "'").code == 0);
  BOOST_TEST(sh("zstd -lv '" + p("n.zst") + "' 2>&1 | grep -q 'Check: None'") == 0);
  // From a pipe (size unknown) the frame keeps the 2^28 window; a file's known size would
  // let zstd shrink it.
  BOOST_TEST(sh("cat '" + in + "' | '" + cli + "' compress -f zstd --long=28 -o '" + p("l.zst") + "'") == 0);
  BOOST_TEST(sh("zstd -q -d -c --long=28 '" + p("l.zst") + "' | cmp -s - '" + in + "'") == 0);
  Result w = run("decompress '" + p("l.zst") + "' > /dev/null");
  BOOST_TEST(w.code == 1);
  BOOST_TEST(run("decompress --long=28 '" + p("l.zst") + "' | cmp -s - '" + in + "'").code == 0);
  BOOST_TEST(run("decompress --max-window 256M '" + p("l.zst") + "' | cmp -s - '" + in + "'").code == 0);
  BOOST_TEST(run("compress -f gzip --long '" + in + "' >/dev/null").code == 2);
  // -D: a dictionary from zstd --train, both ways.
  sh_ok("mkdir -p '" + p("train") + "' && for i in $(seq 1 300); do echo \"{\\\"id\\\":$i,\\\"codec\\\":"
        "\\\"h264\\\",\\\"width\\\":1920,\\\"height\\\":1080,\\\"seq\\\":$((i*7919%10007))}\" > '" +
        p("train") + "'/$i; done");
  sh_ok("zstd -q --train '" + p("train") + "'/* -o '" + p("dict") + "' >/dev/null 2>&1");
  BOOST_TEST(run("compress -f zstd -D '" + p("dict") + "' -o '" + p("d.zst") + "' '" + p("train/42") + "'").code == 0);
  BOOST_TEST(sh("zstd -q -d -c -D '" + p("dict") + "' '" + p("d.zst") + "' | cmp -s - '" + p("train/42") + "'") == 0);
  sh_ok("zstd -q -c -D '" + p("dict") + "' '" + p("train/7") + "' > '" + p("t.zst") + "'");
  BOOST_TEST(run("decompress -D '" + p("dict") + "' '" + p("t.zst") + "' | cmp -s - '" + p("train/7") + "'").code == 0);
  Result nd = run("decompress '" + p("t.zst") + "' >/dev/null");
  BOOST_TEST(nd.code == 1);
  BOOST_TEST(contains(nd.err, "needs a dictionary"), nd.err);
  // --progress writes to stderr, not into the data.
  Result pr = run("compress -f lz4 --progress '" + in + "' > '" + p("pr.lz4") + "'");
  BOOST_TEST(pr.code == 0);
  BOOST_TEST(contains(pr.err, "in.bin"), pr.err);
  BOOST_TEST(sh(tool_decode("lz4", p("pr.lz4")) + " | cmp -s - '" + in + "'") == 0);
}

// Truncated, bit-flipped and trailing-garbage inputs: exit 1, the error line with the kind
// and the offset, and with -o no output file (nor temp file) left behind.
BOOST_AUTO_TEST_CASE(damaged_inputs) {
  struct damage {
    std::string name;
    std::string expect;  // in the message
  };
  for (const auto& f : formats) {
    BOOST_TEST_CONTEXT(f) {
      sh_ok(tool_encode(f, in) + " > '" + p("good") + "'");
      const bytes good = read_file(p("good"));
      // truncated: cut in the middle.
      write_file(p("cut"), bytes(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(good.size() / 2)));
      // checksum field / data flip: the formats' last checksum bytes (bzip2: first block CRC).
      bytes flip = good;
      std::string flip_expect = "checksum mismatch";
      if (f == "gzip") flip[flip.size() - 8] ^= 1;
      else if (f == "bzip2") flip[10] ^= 1;
      else if (f == "deflate-raw") { flip[0] |= 0x06; flip_expect = "corrupt"; }
      else flip[flip.size() - 1] ^= 1;
      write_file(p("flip"), flip);
      bytes trail = good;
      for (char ch : std::string("garbage!")) trail.push_back(static_cast<std::uint8_t>(ch));
      write_file(p("trail"), trail);
      const std::vector<std::pair<std::string, std::string>> cases = {
          {"cut", "truncated"}, {"flip", flip_expect},
          // zlib and deflate-raw are one stream: the decoder stops at its end and the pump
          // reports what follows.
          {"trail", f == "zlib" || f == "deflate-raw" ? "unexpected data after the end" : "trailing data"}};
      for (auto& [file, expect] : cases) {
        Result r = run("decompress -f " + f + " -o '" + p("out") + "' '" + p(file) + "'");
        BOOST_TEST(r.code == 1, file);
        const std::string head = "sluice: " + p(file) + ": ";
        BOOST_TEST(r.err.rfind(head, 0) == 0u, r.err);
        BOOST_TEST(contains(r.err, expect), file << ": " << r.err);
        BOOST_TEST(contains(r.err, " at byte "), r.err);
        if (file == "trail")
          BOOST_TEST(contains(r.err, "at byte " + std::to_string(good.size())), r.err);
        if (file == "cut")
          BOOST_TEST(contains(r.err, "at byte " + std::to_string(good.size() / 2)), r.err);
        BOOST_TEST(stray_files({"in.bin", "good", "cut", "flip", "trail"}).empty(), file);
        // On standard output the failure is still exit 1 with the line.
        Result s = run("decompress -f " + f + " < '" + p(file) + "' > /dev/null");
        BOOST_TEST(s.code == 1);
        BOOST_TEST(s.err.rfind("sluice: -: ", 0) == 0u, s.err);
      }
    }
  }
}

// Junk of every length 1..20 after a tool-made stream (shorter than any frame header too):
// exit 1, "trailing data" (zlib/deflate-raw: "unexpected data after the end") at the byte
// where the junk starts, no output file with -o, and the same failure on standard output.
BOOST_AUTO_TEST_CASE(trailing_junk_of_every_length) {
  write_file(p("small"), sample(8192, 5));
  for (const auto& f : formats) {
    BOOST_TEST_CONTEXT(f) {
      sh_ok(tool_encode(f, p("small")) + " > '" + p("good") + "'");
      const bytes good = read_file(p("good"));
      const std::string expect =
          f == "zlib" || f == "deflate-raw" ? "unexpected data after the end" : "trailing data";
      for (std::size_t len = 1; len <= 20; ++len) {
        for (int pat = 0; pat < 2; ++pat) {
          bytes junk = good;
          for (std::size_t i = 0; i < len; ++i)
            junk.push_back(pat == 0 ? 0 : static_cast<std::uint8_t>("junk after the stream"[i]));
          write_file(p("junk"), junk);
          BOOST_TEST_CONTEXT(len << " bytes of " << (pat == 0 ? "zeros" : "text")) {
            Result r = run("decompress -f " + f + " -o '" + p("out") + "' '" + p("junk") + "'");
            BOOST_TEST(r.code == 1);
            BOOST_TEST(r.err.rfind("sluice: " + p("junk") + ": ", 0) == 0u, r.err);
            BOOST_TEST(contains(r.err, expect + ""), r.err);
            BOOST_TEST(contains(r.err, " at byte " + std::to_string(good.size()) + "\n"), r.err);
            BOOST_TEST(stray_files({"in.bin", "small", "good", "junk"}).empty());
            Result s = run("decompress -f " + f + " < '" + p("junk") + "' > /dev/null");
            BOOST_TEST(s.code == 1);
            BOOST_TEST(contains(s.err, " at byte " + std::to_string(good.size()) + "\n"), s.err);
          }
        }
      }
    }
  }
}

// Reading and writing run on their own threads (native::threaded_pump): every failure in the
// middle of a stream — the codec's, the input's, the output's — still ends with exit 1, the
// error line, and no output file; a producer that stalls never holds up the failure.
BOOST_AUTO_TEST_CASE(failures_mid_stream_with_io_threads) {
  // 40 MiB: the writer has written several 8 MiB output blocks when the damage is reached.
  const bytes big = sample(40u << 20, 9);
  write_file(p("big"), big);
  for (const std::string f : {"zstd", "lz4", "gzip"}) {
    BOOST_TEST_CONTEXT(f) {
      sh_ok(tool_encode(f, p("big")) + " > '" + p("big.c") + "'");
      // Cut at 3/4 and followed by 64 KiB of junk: whatever block the cut lands in (even a
      // stored one, where a flipped bit would only show in the final checksum), decoding
      // fails there, long after the first output blocks went out.
      bytes bad = read_file(p("big.c"));
      bad.resize(bad.size() * 3 / 4);
      for (int i = 0; i < 65536; ++i) bad.push_back(static_cast<std::uint8_t>(0xFF - (i & 7)));
      write_file(p("bad.c"), bad);
      Result r = run("decompress -f " + f + " -o '" + p("out") + "' '" + p("bad.c") + "'");
      BOOST_TEST(r.code == 1);
      BOOST_TEST(r.err.rfind("sluice: " + p("bad.c") + ": ", 0) == 0u, r.err);
      BOOST_TEST((contains(r.err, "corrupt") || contains(r.err, "checksum") || contains(r.err, "truncated")),
                 r.err);
      BOOST_TEST(stray_files({"in.bin", "big", "big.c", "bad.c"}).empty());
      // On stdout the bytes before the damage did go out: the failure came mid-stream.
      (void)sh("'" + cli + "' decompress -f " + f + " '" + p("bad.c") + "' 2>/dev/null | wc -c > '" + p("n") + "'");
      BOOST_TEST(last_number(p("n")) >= (16u << 20));
      BOOST_TEST(last_number(p("n")) < big.size());
      sh_ok("rm -f '" + p("n") + "'");
      // A write error (ENOSPC from /dev/full) is exit 1 too, both directions.
      Result w = run("decompress -f " + f + " '" + p("big.c") + "' > /dev/full");
      BOOST_TEST(w.code == 1);
      BOOST_TEST(contains(w.err, "write failed"), w.err);
      Result wc = run("compress -f " + f + " '" + p("big") + "' > /dev/full");
      BOOST_TEST(wc.code == 1);
      BOOST_TEST(contains(wc.err, "write failed"), wc.err);
    }
  }
  // A read error in the middle: half the stream arrives over TCP, then the peer resets the
  // connection (ECONNRESET on read).
  write_file(p("rst.py"), [] {
    const std::string py =
        "import socket, struct, subprocess, sys, time\n"
        "srv = socket.socket(); srv.bind(('127.0.0.1', 0)); srv.listen(1)\n"
        "c = socket.create_connection(srv.getsockname()); conn, _ = srv.accept()\n"
        "p = subprocess.Popen(sys.argv[2:], stdin=conn.fileno()); conn.close()\n"
        "data = open(sys.argv[1], 'rb').read()\n"
        "c.sendall(data[:len(data) // 2]); time.sleep(0.5)\n"
        "c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0)); c.close()\n"
        "sys.exit(p.wait(timeout=60))\n";
    return bytes(py.begin(), py.end());
  }());
  sh_ok("zstd -q -c '" + p("big") + "' > '" + p("big.zst") + "'");
  const int rc = sh("python3 '" + p("rst.py") + "' '" + p("big.zst") + "' '" + cli + "' decompress -o '" +
                    p("out") + "' 2>'" + p("err") + "'");
  const bytes err = read_file(p("err"));
  const std::string e(err.begin(), err.end());
  BOOST_TEST(rc == 1, e);
  BOOST_TEST(contains(e, "sluice: -: read failed"), e);
  BOOST_TEST(stray_files({"in.bin", "big", "big.c", "bad.c", "rst.py", "big.zst", "err"}).empty());
  // A producer that sends a complete frame, then 1 MiB of junk, and then stalls with the pipe
  // left open: sluice fails at once instead of waiting for more input.
  sh_ok("zstd -q -c '" + in + "' > '" + p("small.zst") + "'");
  write_file(p("stall.py"), [] {
    const std::string py =
        "import subprocess, sys, time\n"
        "p = subprocess.Popen(sys.argv[2:], stdin=subprocess.PIPE)\n"
        "d = open(sys.argv[1], 'rb').read() + bytes(range(256)) * 4096\n"
        "p.stdin.write(d); p.stdin.flush(); t = time.time()\n"
        "try:\n    rc = p.wait(timeout=20)\nexcept subprocess.TimeoutExpired:\n    p.kill(); sys.exit(99)\n"
        "sys.exit(rc if time.time() - t < 10 else 98)\n";
    return bytes(py.begin(), py.end());
  }());
  const int st = sh("python3 '" + p("stall.py") + "' '" + p("small.zst") + "' '" + cli + "' decompress -o '" +
                    p("out") + "' 2>/dev/null");
  BOOST_TEST(st == 1);
  BOOST_TEST(stray_files({"in.bin", "big", "big.c", "bad.c", "rst.py", "big.zst", "err", "stall.py", "small.zst"}).empty());
}

// The lz4 frame parameters the lz4 tool's options set: sluice's frame header (magic, FLG,
// BD, content size, header checksum) equals the tool's for the same options, `lz4 -d` decodes
// sluice's stream to the input, and so does sluice.
BOOST_AUTO_TEST_CASE(lz4_frame_options_match_the_tool) {
  // More than one 4 MiB block: for an input smaller than a block the tool shrinks the block
  // size to fit (LZ4F_compressFrame), which sluice's streaming encoder cannot know to do.
  const std::string in = p("l.bin");
  write_file(in, sample(5u << 20, 13));
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", ""},
      {"--lz4-block-size 64K --lz4-linked --no-frame-crc", "-B4 -BD --no-frame-crc"},
      {"--lz4-block-size 256K --lz4-block-checksum", "-B5 -BX"},
      {"--lz4-block-size 1M --content-size", "-B6 --content-size"},
      {"--lz4-block-size 4M --lz4-independent --no-checksum", "-B7 -BI --no-frame-crc"},
      {"--lz4-block-size 4 --lz4-linked --lz4-block-checksum --no-checksum --content-size",
       "-B4 -BD -BX --no-frame-crc --content-size"},
      {"-l 9 --lz4-block-size 65536 --lz4-linked", "-9 -B4 -BD"},
  };
  for (const auto& [ours, theirs] : cases) {
    BOOST_TEST_CONTEXT("sluice " << ours << " / lz4 " << theirs) {
      Result r = run("compress -f lz4 " + ours + " -o '" + p("s.lz4") + "' '" + in + "'");
      BOOST_TEST_REQUIRE(r.code == 0, r.err);
      sh_ok("lz4 -q -f -c " + theirs + " '" + in + "' > '" + p("t.lz4") + "'");
      const bytes s = read_file(p("s.lz4")), t = read_file(p("t.lz4"));
      BOOST_TEST_REQUIRE(t.size() >= 7u);
      const std::size_t header = (t[4] & 0x08) ? 15 : 7;  // FLG.C.Size adds 8 bytes
      BOOST_TEST_REQUIRE(s.size() >= header);
      BOOST_TEST((bytes(s.begin(), s.begin() + header) == bytes(t.begin(), t.begin() + header)),
                 "frame headers differ");
      BOOST_TEST(sh("lz4 -q -d -c '" + p("s.lz4") + "' | cmp -s - '" + in + "'") == 0);
      BOOST_TEST(run("decompress '" + p("s.lz4") + "' | cmp -s - '" + in + "'").code == 0);
    }
  }
  // Misuse is exit 2.
  BOOST_TEST(run("compress -f lz4 --lz4-block-size 128K '" + in + "' >/dev/null").code == 2);
  BOOST_TEST(run("compress -f zstd --lz4-linked '" + in + "' >/dev/null").code == 2);
  BOOST_TEST(run("compress -f lz4 --lz4-linked --lz4-independent '" + in + "' >/dev/null").code == 2);
  BOOST_TEST(sh("cat '" + in + "' | '" + cli + "' compress -f lz4 --content-size >/dev/null 2>&1") == 2);
}

BOOST_AUTO_TEST_CASE(decompression_bomb_with_max_output) {
  // 1 GiB of zeros: ~33 KB as zstd, ~1 MB as gzip.
  sh_ok("head -c 1073741824 /dev/zero | zstd -q -c > '" + p("bomb.zst") + "'");
  sh_ok("head -c 1073741824 /dev/zero | gzip -1 -c > '" + p("bomb.gz") + "'");
  for (std::string b : {"bomb.zst", "bomb.gz"}) {
    const auto t0 = std::chrono::steady_clock::now();
    Result r = run("decompress --max-output 10M -o '" + p("bomb.out") + "' '" + p(b) + "'");
    const auto dt = std::chrono::steady_clock::now() - t0;
    BOOST_TEST(r.code == 1);
    BOOST_TEST(contains(r.err, "limit exceeded"), r.err);
    BOOST_TEST((dt < std::chrono::seconds(5)));
    BOOST_TEST(stray_files({"in.bin", "bomb.zst", "bomb.gz"}).empty());
    // To stdout: at most the limit comes out, in bounded memory (maximum RSS, KiB).
    (void)sh("'" + cli + "' decompress --max-output 10MiB '" + p(b) + "' 2>/dev/null | wc -c > '" + p("n") + "'");
    (void)sh("/usr/bin/time -f %M -o '" + p("rss") + "' '" + cli + "' decompress --max-output 10M '" + p(b) +
             "' >/dev/null 2>/dev/null");
    BOOST_TEST(last_number(p("n")) <= (10u << 20));
    BOOST_TEST(last_number(p("rss")) < 64u * 1024, "peak RSS KiB");
    sh_ok("rm -f '" + p("n") + "' '" + p("rss") + "'");
  }
  // The exact size passes.
  sh_ok("head -c 3000000 /dev/zero | zstd -q -c > '" + p("z3.zst") + "'");
  BOOST_TEST(run("decompress --max-output 3000000 '" + p("z3.zst") + "' >/dev/null").code == 0);
  BOOST_TEST(run("decompress --max-output 2999999 '" + p("z3.zst") + "' >/dev/null").code == 1);
}

BOOST_AUTO_TEST_CASE(zstd_long_30_window_refused) {
  sh_ok("zstd -q -c --long=30 < '" + in + "' > '" + p("l30.zst") + "'");
  Result r = run("decompress -o '" + p("x") + "' '" + p("l30.zst") + "'");
  BOOST_TEST(r.code == 1);
  BOOST_TEST(contains(r.err, "window exceeds the limit"), r.err);
  BOOST_TEST(contains(r.err, "--long"), r.err);
  BOOST_TEST(stray_files({"in.bin", "l30.zst"}).empty());
  BOOST_TEST(run("decompress --long=30 '" + p("l30.zst") + "' | cmp -s - '" + in + "'").code == 0);
}

// Peak memory while decompressing a long stream from a pipe stays far below 64 MiB beyond
// the format's window (zstd level 3: 2 MiB here; gzip: 32 KiB).
BOOST_AUTO_TEST_CASE(bounded_memory_on_a_long_stream) {
  for (std::string tool : {"zstd -q -c -3", "gzip -1 -c"}) {
    const std::string cmd = "python3 -c \"import sys\nb=bytes(range(256))*4096\nfor i in range(256): "
                            "sys.stdout.buffer.write(b[i:]+b[:i])\" | " + tool + " | /usr/bin/time -f %M -o '" +
                            p("rss") + "' '" + cli + "' decompress | wc -c > '" + p("n") + "'";
    sh_ok(cmd);
    BOOST_TEST(last_number(p("n")) == 256ull << 20, tool);
    const auto kib = last_number(p("rss"));
    BOOST_TEST_MESSAGE(tool << ": peak RSS " << kib << " KiB for 256 MiB");
    BOOST_TEST(kib < 64u * 1024, tool << ": peak RSS " << kib << " KiB");
  }
}

BOOST_AUTO_TEST_SUITE_END()
