// native::hash_file / hash_fd / blake3_hash_fd_parallel against the reference tools (b3sum,
// sha256sum, md5sum, xxhsum, python3's zlib.crc32) on sizes around the read buffer, the
// blake3 work units, the parallel threshold and the mapping threshold;
// with 1..3 threads and every access mode; files that shrink while being hashed give
// `truncated`, never SIGBUS; a SIGBUS that is not ours still ends the process.
#define BOOST_TEST_MODULE native.hash_file
#include <boost/test/unit_test.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <ostream>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "sluice/native/blake3_mt.hpp"
#include "sluice/native/hash_file.hpp"
#include "support/temp_files.hpp"

using namespace sluice;
using sluice::native::file_access;

namespace sluice {
std::ostream& operator<<(std::ostream& o, status_kind k) { return o << kind_name(k); }
}  // namespace sluice

namespace {

std::string sh(const std::string& cmd) {
  FILE* p = ::popen(cmd.c_str(), "r");
  std::string out;
  std::array<char, 4096> buf;
  while (std::size_t n = std::fread(buf.data(), 1, buf.size(), p)) out.append(buf.data(), n);
  const int st = ::pclose(p);
  BOOST_REQUIRE_MESSAGE(WIFEXITED(st) && WEXITSTATUS(st) == 0, "reference tool failed: " << cmd);
  return out;
}

// First field of each output line, in order.
std::vector<std::string> first_fields(const std::string& out) {
  std::vector<std::string> v;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) v.push_back(line.substr(0, line.find(' ')));
  return v;
}

struct Dir : test_support::TempDir {
  Dir() : TempDir("sluice-hash-file") {}
};

constexpr std::size_t K = 1024, M = 1024 * 1024;

// Expected hex per algorithm for each file, from the tools, computed once for all files.
std::map<hash_algorithm, std::vector<std::string>> references(const std::vector<std::string>& files) {
  std::string list;
  for (auto& f : files) list += " '" + f + "'";
  std::map<hash_algorithm, std::vector<std::string>> r;
  r[hash_algorithm::blake3] = first_fields(sh("b3sum" + list));
  r[hash_algorithm::sha256] = first_fields(sh("sha256sum" + list));
  r[hash_algorithm::md5] = first_fields(sh("md5sum" + list));
  r[hash_algorithm::xxh64] = first_fields(sh("xxhsum -H1" + list));
  r[hash_algorithm::xxh128] = first_fields(sh("xxhsum -H2" + list));
  // xxhsum -H3 prints "XXH3 (<name>) = <hex>" lines.
  std::vector<std::string> x3;
  std::istringstream in(sh("xxhsum -H3" + list));
  for (std::string line; std::getline(in, line);) x3.push_back(line.substr(line.rfind(' ') + 1));
  r[hash_algorithm::xxh3] = x3;
  r[hash_algorithm::crc32] = first_fields(sh(
      "python3 -c \"import zlib,sys\nfor f in sys.argv[1:]: print('%08x' % zlib.crc32(open(f,'rb').read()))\"" + list));
  for (auto& [a, v] : r) BOOST_REQUIRE_EQUAL(v.size(), files.size());
  return r;
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_size_thread_count_and_access_matches_the_tools) {
  Dir d;
  const std::uint32_t seed = static_cast<std::uint32_t>(std::random_device{}());
  BOOST_TEST_MESSAGE("seed " << seed);
  const std::size_t min = native::blake3_min_parallel_bytes();
  // 1 KiB chunks, 128 KiB..1 MiB work units, the 256 KiB read slice and parallel threshold,
  // the 8 MiB mapping threshold (fast algorithms), files larger than a slice or a unit.
  // blake3's last work unit (from the last whole unit before the last byte to the end): a
  // lone full chunk (min + 1024, M + 1024), one byte (M + 1), a full unit (M, 2M - 1), a
  // unit one chunk short (1151 KiB), fewer chunks than one SIMD batch (M + 5 KiB + 7).
  const std::vector<std::size_t> sizes = {
      0, 1, 1023, 1024, 1025, 128 * K - 1, 128 * K, 128 * K + 1, min - 1, min, min + 1,
      min + 1024, min + 1025, M - 1, M, M + 1, M + 1024, M + 5 * K + 7, 1151 * K, 2 * M - 1,
      4 * M + 1, 8 * M - 1, 8 * M, 8 * M + 4097, 9 * M + 3};
  std::vector<std::string> files;
  for (std::size_t n : sizes) files.push_back(d.file("f" + std::to_string(n), n, seed + static_cast<std::uint32_t>(n)));
  const auto ref = references(files);

  using H = hash_algorithm;
  struct combo {
    std::vector<H> algos;
    std::vector<unsigned> threads;
    std::vector<file_access> access;
  };
  const std::vector<combo> combos = {
      {{H::blake3}, {1, 2, 3, 0}, {file_access::automatic, file_access::read, file_access::map}},
      {{H::blake3, H::sha256, H::xxh3, H::crc32}, {1, 2}, {file_access::automatic, file_access::read, file_access::map}},
      {{H::xxh3, H::crc32, H::xxh128}, {1}, {file_access::automatic, file_access::read}},
      {{H::md5, H::xxh64, H::blake3}, {2}, {file_access::automatic}},
  };
  for (const auto& c : combos)
    for (unsigned t : c.threads)
      for (file_access a : c.access)
        for (std::size_t i = 0; i < files.size(); ++i) {
          native::hash_file_options o;
          o.threads = t;
          o.access = a;
          native::file_digests out;
          status s = native::hash_file(files[i], c.algos, out, o);
          BOOST_TEST_REQUIRE(s.is_ok(), s.to_string());
          BOOST_TEST(out.bytes == sizes[i]);
          BOOST_TEST_REQUIRE(out.digests.size() == c.algos.size());
          for (std::size_t k = 0; k < c.algos.size(); ++k)
            BOOST_TEST(to_hex(out.digests[k]) == ref.at(c.algos[k])[i],
                       hash_name(c.algos[k]) << " size " << sizes[i] << " threads " << t
                                             << " access " << int(a) << " seed " << seed);
        }

  // The descriptor form, with the descriptor's offset elsewhere: a regular file is hashed
  // from its start and the offset is left alone.
  const int fd = ::open(files.back().c_str(), O_RDONLY | O_CLOEXEC);
  BOOST_TEST_REQUIRE(fd >= 0);
  BOOST_TEST(::lseek(fd, 12345, SEEK_SET) == 12345);
  native::file_digests out;
  const std::vector<H> b3 = {H::blake3};
  BOOST_TEST(native::hash_fd(fd, b3, out, {.threads = 2}).is_ok());
  BOOST_TEST(to_hex(out.digests[0]) == ref.at(H::blake3).back());
  BOOST_TEST(::lseek(fd, 0, SEEK_CUR) == 12345);
  ::close(fd);
}

// From 32 MiB blake3 and the other slow algorithms are mapped too (and threaded blake3
// maps each unit): both sides of that threshold, 1 and 2 threads, forced read as well.
BOOST_AUTO_TEST_CASE(around_the_slow_mapping_threshold) {
  Dir d;
  std::vector<std::string> files = {d.file("a", 32 * M - 1, 11), d.file("b", 32 * M + 1025, 12)};
  const auto ref = references(files);
  const std::vector<hash_algorithm> one = {hash_algorithm::blake3};
  const std::vector<hash_algorithm> two = {hash_algorithm::sha256, hash_algorithm::blake3};
  for (std::size_t i = 0; i < files.size(); ++i)
    for (unsigned t : {1u, 2u})
      for (file_access a : {file_access::automatic, file_access::read}) {
        native::file_digests out;
        BOOST_TEST_REQUIRE(native::hash_file(files[i], one, out, {.threads = t, .access = a}).is_ok());
        BOOST_TEST(to_hex(out.digests[0]) == ref.at(hash_algorithm::blake3)[i], i << " " << t);
        BOOST_TEST_REQUIRE(native::hash_file(files[i], two, out, {.threads = t, .access = a}).is_ok());
        BOOST_TEST(to_hex(out.digests[0]) == ref.at(hash_algorithm::sha256)[i], i << " " << t);
        BOOST_TEST(to_hex(out.digests[1]) == ref.at(hash_algorithm::blake3)[i], i << " " << t);
      }
}

BOOST_AUTO_TEST_CASE(a_pipe_is_read_to_its_end) {
  Dir d;
  const std::string f = d.file("p", 3 * M + 17, 5);
  const auto ref = references({f});
  int p[2];
  BOOST_TEST_REQUIRE(::pipe(p) == 0);
  std::thread writer([&] {
    std::ifstream in(f, std::ios::binary);
    std::string all((std::istreambuf_iterator<char>(in)), {});
    for (std::size_t off = 0; off < all.size();) {
      const ssize_t w = ::write(p[1], all.data() + off, std::min<std::size_t>(70'001, all.size() - off));
      if (w <= 0) break;
      off += static_cast<std::size_t>(w);
    }
    ::close(p[1]);
  });
  native::file_digests out;
  const std::vector<hash_algorithm> algos = {hash_algorithm::sha256, hash_algorithm::blake3};
  status s = native::hash_fd(p[0], algos, out, {.threads = 2});
  writer.join();
  ::close(p[0]);
  BOOST_TEST_REQUIRE(s.is_ok(), s.to_string());
  BOOST_TEST(out.bytes == 3 * M + 17);
  BOOST_TEST(to_hex(out.digests[0]) == ref.at(hash_algorithm::sha256)[0]);
  BOOST_TEST(to_hex(out.digests[1]) == ref.at(hash_algorithm::blake3)[0]);
}

BOOST_AUTO_TEST_CASE(missing_file_and_directory) {
  native::file_digests out;
  const std::vector<hash_algorithm> b3 = {hash_algorithm::blake3};
  status s = native::hash_file("/nonexistent/x", b3, out);
  BOOST_TEST(s.kind == status_kind::io_error);
  BOOST_TEST(s.sys_errno == ENOENT);
  s = native::hash_file("/tmp", b3, out);
  BOOST_TEST(s.kind == status_kind::io_error);
  BOOST_TEST(s.sys_errno == EISDIR);
}

namespace {
// Truncates `path` to `to` bytes the first time it is told about progress.
struct truncate_on_progress final : PumpObserver {
  std::string path;
  off_t to = 0;
  int calls = 0;
  status on_progress(const pump_stats&) override {
    if (calls++ == 0) BOOST_REQUIRE(::truncate(path.c_str(), to) == 0);
    return ok();
  }
};
}  // namespace

// A file cut short while it is hashed, on every path: pread (slow algorithms), the mapping
// (fast algorithms >= 8 MiB), the whole mapping shared by threaded blake3 and the
// others. The mapped paths would die of SIGBUS without the guard.
BOOST_AUTO_TEST_CASE(a_file_that_shrinks_while_hashed_is_truncated_not_sigbus) {
  Dir d;
  using H = hash_algorithm;
  struct c {
    std::vector<H> algos;
    unsigned threads;
    file_access access;
  };
  for (const c& k : {c{{H::sha256}, 1, file_access::automatic}, c{{H::xxh3}, 1, file_access::automatic},
                     c{{H::crc32, H::xxh64}, 1, file_access::map}, c{{H::blake3}, 1, file_access::map},
                     c{{H::blake3, H::xxh3}, 2, file_access::automatic}}) {
    const std::string f = d.file("t", 16 * M, 9);
    truncate_on_progress obs;
    obs.path = f;
    obs.to = 3 * M + 5;
    native::hash_file_options o;
    o.threads = k.threads;
    o.access = k.access;
    o.observer = &obs;
    native::file_digests out;
    status s = native::hash_file(f, k.algos, out, o);
    BOOST_TEST(s.kind == status_kind::truncated, s.to_string() << " " << hash_name(k.algos[0]));
    BOOST_TEST(s.to_string().find("shrank") != std::string::npos, s.to_string());
    BOOST_TEST(s.offset >= 3 * M, s.to_string());
    BOOST_TEST(s.offset <= 3 * M + 5 + 4096, s.to_string());
    BOOST_TEST(out.digests.empty());
  }
}

// blake3 on threads reads each unit on the thread that hashes it (no progress callback in
// between): a size beyond the file's end is exactly what a file that shrank looks like.
BOOST_AUTO_TEST_CASE(threaded_blake3_of_a_shrunk_file_is_truncated) {
  Dir d;
  for (auto access : {native::blake3_file_access::read, native::blake3_file_access::map})
    for (std::size_t claimed : {std::size_t{2 * M}, std::size_t{M + 2000}, std::size_t{M + 100}}) {
      const std::string f = d.file("s", M + 50, 3);
      const int fd = ::open(f.c_str(), O_RDONLY | O_CLOEXEC);
      std::array<std::uint8_t, 32> out{};
      status s = native::blake3_hash_fd_parallel(fd, claimed, 2, out, access);
      ::close(fd);
      BOOST_TEST(s.kind == status_kind::truncated, s.to_string() << " claimed " << claimed);
      BOOST_TEST(s.offset <= M + 50, s.to_string());
      BOOST_TEST(out == (std::array<std::uint8_t, 32>{}));
    }
}

// The guard absorbs only faults inside its own mappings: any other SIGBUS still ends the
// process. In a child (the test framework's own handler would otherwise catch it): default
// action, a mapped hash installs the guard's handler over it, then a fault of its own.
BOOST_AUTO_TEST_CASE(a_foreign_sigbus_still_ends_the_process) {
  Dir d;
  const std::string f = d.file("g", 9 * M, 4);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::signal(SIGBUS, SIG_DFL);
    native::file_digests out;
    const std::vector<hash_algorithm> x = {hash_algorithm::xxh3};
    if (!native::hash_file(f, x, out, {.access = file_access::map}).is_ok()) ::_exit(3);
    const int fd = ::open(f.c_str(), O_RDWR);
    auto* p = static_cast<volatile const char*>(::mmap(nullptr, 9 * M, PROT_READ, MAP_SHARED, fd, 0));
    if (p == MAP_FAILED || ::ftruncate(fd, 0) != 0) ::_exit(4);
    const char c = p[5 * M];  // beyond the end: SIGBUS
    ::_exit(c == 0 ? 0 : 5);
  }
  int st = 0;
  ::waitpid(pid, &st, 0);
  BOOST_TEST(WIFSIGNALED(st), "child exit status " << (WIFEXITED(st) ? WEXITSTATUS(st) : -1));
  BOOST_TEST((WIFSIGNALED(st) && WTERMSIG(st) == SIGBUS));
}

namespace {
struct progress_log final : PumpObserver {
  std::vector<std::uint64_t> bytes;
  status on_progress(const pump_stats& s) override {
    bytes.push_back(s.bytes_in);
    return ok();
  }
};
}  // namespace

// blake3 alone on threads reports progress while it runs (it was once, at the end: the
// default `sluice hash` of a large file showed no progress on a terminal), growing to the size.
BOOST_AUTO_TEST_CASE(threaded_blake3_reports_progress_while_it_runs) {
  Dir d;
  const std::string f = d.file("p", 48 * M + 7, 5);
  const std::vector<hash_algorithm> b3 = {hash_algorithm::blake3};
  for (auto access : {file_access::read, file_access::map, file_access::automatic}) {
    progress_log log;
    native::file_digests out;
    status s = native::hash_file(f, b3, out, {.threads = 2, .access = access, .observer = &log});
    BOOST_TEST_REQUIRE(s.is_ok(), s.to_string());
    BOOST_TEST(log.bytes.size() > 4u);
    BOOST_TEST(std::is_sorted(log.bytes.begin(), log.bytes.end()));
    BOOST_TEST(log.bytes.back() == 48 * M + 7);
    BOOST_TEST(out.bytes == 48 * M + 7);
  }
}
