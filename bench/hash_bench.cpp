// md5, sha256, blake3: sluice against OpenSSL's EVP one-shot digests and against b3sum.
//
// Names: hash/<algo>/<impl>/<size> (bench/CMakeLists.txt's convention). Sizes 64 B (per-call
// overhead), 1 MiB and 256 MiB, from one buffer of random bytes. blake3_2t is BLAKE3 on two
// threads: sluice::native::blake3_hash_parallel(…, 2) against `b3sum --num-threads 2`.
// blake3 / blake3_2t: sluice hashes the bytes in memory. blake3_file / blake3_2t_file: sluice
// hashes the same page-cached file b3sum does, through its own file entry point
// (sluice::native::hash_file: it opens the file and chooses how to read it, see below) —
// sluice's own file path against b3sum's own file path (b3sum's rows are the same
// measurement under both names).
//
// b3sum runs as a process on a file holding the same bytes (in the page cache after the
// first run), given that file `copies` times on one command line (`b3sum --num-threads T
// --no-names f f … f`: 256 copies of the 1 MiB file, 2 of the 256 MiB one), so one process
// hashes at least 256 MiB and its start-up is amortised over many hashes; the median time of
// running it on one empty file is still subtracted, and the rate is copies × n bytes over
// the rest. What each side does: b3sum 1.2 memory-maps each file (files of 16 KiB and
// more; --no-mmap would read them through a buffer and hash on one thread) and hashes the
// mapping with its rayon pool of T threads, so each hash pays open/mmap/page faults/munmap
// of a page-cached file. In the blake3 / blake3_2t rows sluice hashes the same bytes in
// memory (blake3 one-thread Hasher, or blake3_hash_parallel on T = 2 threads): those rows
// compare hashing, with b3sum's per-file costs left in. In the _file rows each side pays its
// own way of getting a page-cached file's bytes. Earlier this ran one file per process,
// where the start-up (about 1 ms, and noisy) was several times the 1 MiB hash itself.
// blake3_file/sluice-cli and blake3_2t_file/sluice-cli: sluice's own CLI measured exactly
// as b3sum (`sluice hash --threads T f f … f`, start-up subtracted): the tool against the
// tool, each reading the files its own way.
#include <benchmark/benchmark.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>

#include <algorithm>
#include <cstring>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "core/src/hash/registry.hpp"
#include "sluice/native/blake3_mt.hpp"
#include "sluice/native/hash_file.hpp"
#if defined(SLUICE_BENCH_OPENSSL)
#include <openssl/evp.h>
#endif

extern char** environ;

namespace {

constexpr std::size_t kMiB = 1u << 20;

const std::vector<std::uint8_t>& buffer() {
  static const std::vector<std::uint8_t> b = [] {
    std::vector<std::uint8_t> v(256 * kMiB);
    std::mt19937_64 rng(42);
    for (std::size_t i = 0; i < v.size(); i += 8) {
      std::uint64_t r = rng();
      std::memcpy(v.data() + i, &r, 8);
    }
    return v;
  }();
  return b;
}

void sluice_hash(benchmark::State& st, std::unique_ptr<sluice::Hasher> (*make)(), std::size_t n) {
  const auto& b = buffer();
  
  auto h = make();
  std::uint8_t out[32];
  for (auto _ : st) {
    h->reset();
    h->update(b.data(), n);
    h->digest(out);
    benchmark::DoNotOptimize(out);
  }
  st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations()) * static_cast<std::int64_t>(n));
}

void BM_sluice_md5(benchmark::State& st, std::size_t n) { sluice_hash(st, sluice::detail::make_md5_hasher, n); }
void BM_sluice_sha256(benchmark::State& st, std::size_t n) { sluice_hash(st, sluice::detail::make_sha256_hasher, n); }
void BM_sluice_blake3(benchmark::State& st, std::size_t n) { sluice_hash(st, sluice::detail::make_blake3_hasher, n); }

void BM_sluice_blake3_2t(benchmark::State& st, std::size_t n) {
  const auto& b = buffer();
  
  for (auto _ : st) {
    auto d = sluice::native::blake3_hash_parallel(b.data(), n, 2);
    benchmark::DoNotOptimize(d);
  }
  st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations()) * static_cast<std::int64_t>(n));
}

#if defined(SLUICE_BENCH_OPENSSL)
void openssl_hash(benchmark::State& st, const EVP_MD* md, std::size_t n) {
  const auto& b = buffer();
  
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  for (auto _ : st) {
    EVP_Digest(b.data(), n, out, &len, md, nullptr);
    benchmark::DoNotOptimize(out);
  }
  st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations()) * static_cast<std::int64_t>(n));
}
void BM_openssl_md5(benchmark::State& st, std::size_t n) { openssl_hash(st, EVP_md5(), n); }
void BM_openssl_sha256(benchmark::State& st, std::size_t n) { openssl_hash(st, EVP_sha256(), n); }
#endif

std::string file_of_size(std::size_t n) {
  std::string path = "/tmp/sluice-bench-hash-" + std::to_string(n);
  std::ifstream probe(path, std::ios::binary | std::ios::ate);
  if (!probe || static_cast<std::size_t>(probe.tellg()) != n)
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(buffer().data()), static_cast<std::streamsize>(n));
  return path;
}

// sluice's own file path on the same page-cached file as b3sum: each hash is one call of
// sluice::native::hash_file(path, {blake3}, …, threads = T) — open, fstat, then sluice's
// choice of how to get the bytes (native/include/sluice/native/hash_file.hpp; 1 MiB: pread
// through a 256 KiB buffer, on 2 threads each thread preads the units it hashes; 256 MiB: one
// mapping, on 2 threads each thread maps its units populated, hashes and unmaps them) —
// against b3sum's own file path (open, mmap, hash, munmap). Rows blake3_file and
// blake3_2t_file; b3sum is measured under those names too.
void sluice_blake3_file(benchmark::State& st, int threads, std::size_t n) {
  const std::string f = file_of_size(n);
  const sluice::hash_algorithm b3[] = {sluice::hash_algorithm::blake3};
  sluice::native::hash_file_options o;
  o.threads = static_cast<unsigned>(threads);
  sluice::native::file_digests d;
  for (auto _ : st) {
    sluice::status s = sluice::native::hash_file(f, b3, d, o);
    if (s.is_error()) {
      st.SkipWithError(s.to_string().c_str());
      break;
    }
    benchmark::DoNotOptimize(d.digests[0].data());
  }
  st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations()) * static_cast<std::int64_t>(n));
}
void BM_sluice_blake3_file(benchmark::State& st, std::size_t n) { sluice_blake3_file(st, 1, n); }
void BM_sluice_blake3_2t_file(benchmark::State& st, std::size_t n) { sluice_blake3_file(st, 2, n); }

#if defined(SLUICE_BENCH_B3SUM)
// A command-line hasher: b3sum, or sluice's own CLI (`sluice hash`, which reads files
// through native::hash_file, the entry point of the blake3_file rows).
enum class tool { b3sum, sluice_cli };

double run_tool_seconds(tool which, const std::string& file, int threads, std::size_t copies = 1) {
  std::string t = std::to_string(threads);
  std::vector<const char*> argv;
  if (which == tool::b3sum) {
    argv = {SLUICE_BENCH_B3SUM, "--num-threads", t.c_str(), "--no-names"};
  } else {
#if defined(SLUICE_BENCH_CLI)
    argv = {SLUICE_BENCH_CLI, "hash", "--threads", t.c_str()};
#else
    return -1;
#endif
  }
  for (std::size_t i = 0; i < copies; ++i) argv.push_back(file.c_str());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  auto t0 = std::chrono::steady_clock::now();
  pid_t pid;
  if (posix_spawn(&pid, argv[0], &fa, nullptr, const_cast<char**>(argv.data()), environ) != 0) return -1;
  int status = 0;
  waitpid(pid, &status, 0);
  auto t1 = std::chrono::steady_clock::now();
  posix_spawn_file_actions_destroy(&fa);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return -1;
  return std::chrono::duration<double>(t1 - t0).count();
}

double startup_seconds(tool which, int threads) {
  static double cached[2][8] = {};
  double& c = cached[which == tool::b3sum ? 0 : 1][threads];
  if (c == 0) {
    const std::string empty = file_of_size(0);
    std::vector<double> v;
    for (int i = 0; i < 31; ++i) v.push_back(run_tool_seconds(which, empty, threads));
    std::nth_element(v.begin(), v.begin() + 15, v.end());
    c = v[15];
  }
  return c;
}

void run_tool(benchmark::State& st, tool which, int threads, std::size_t n) {
  const std::string f = file_of_size(n);
  const std::size_t copies = std::max<std::size_t>(2, 256 * kMiB / n);
  const double base = startup_seconds(which, threads);
  run_tool_seconds(which, f, threads, 2);  // warm the page cache
  for (auto _ : st) {
    const double t = run_tool_seconds(which, f, threads, copies);
    if (t < 0) {
      st.SkipWithError("cannot run the tool");
      break;
    }
    // One iteration is one process: `copies` hashes of n bytes (not the time of one hash, or
    // Google Benchmark would size the run as if each process took that long).
    st.SetIterationTime(std::max(1e-9, t - base));
  }
  st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations()) * static_cast<std::int64_t>(n * copies));
  st.counters["copies"] = static_cast<double>(copies);
}
void BM_b3sum_1t(benchmark::State& st, std::size_t n) { run_tool(st, tool::b3sum, 1, n); }
void BM_b3sum_2t(benchmark::State& st, std::size_t n) { run_tool(st, tool::b3sum, 2, n); }
void BM_cli_1t(benchmark::State& st, std::size_t n) { run_tool(st, tool::sluice_cli, 1, n); }
void BM_cli_2t(benchmark::State& st, std::size_t n) { run_tool(st, tool::sluice_cli, 2, n); }
#endif

}  // namespace

// Names follow <group>/<case>/<impl>/<size> exactly (no "/<arg>" suffix), so each size is
// registered by name with the size captured.
int main(int argc, char** argv) {
  struct size_name { std::size_t n; const char* name; };
  const size_name all[] = {{64, "64B"}, {kMiB, "1MiB"}, {256 * kMiB, "256MiB"}};
  auto reg = [&](const std::string& prefix, void (*fn)(benchmark::State&, std::size_t), bool small, int mode) {
    for (const auto& s : all) {
      if (s.n == 64 && !small) continue;
      auto* b = benchmark::RegisterBenchmark((prefix + "/" + s.name).c_str(), fn, s.n);
      if (mode <= 1) b->UseRealTime();  // wall clock, like the b3sum runs
      if (mode == 2) b->UseManualTime();
    }
  };
  reg("hash/md5/sluice", BM_sluice_md5, true, 0);
  reg("hash/sha256/sluice", BM_sluice_sha256, true, 0);
  reg("hash/blake3/sluice", BM_sluice_blake3, true, 0);
  reg("hash/blake3_2t/sluice", BM_sluice_blake3_2t, false, 1);
  reg("hash/blake3_file/sluice", BM_sluice_blake3_file, false, 1);
  reg("hash/blake3_2t_file/sluice", BM_sluice_blake3_2t_file, false, 1);
#if defined(SLUICE_BENCH_OPENSSL)
  reg("hash/md5/openssl", BM_openssl_md5, true, 0);
  reg("hash/sha256/openssl", BM_openssl_sha256, true, 0);
#endif
#if defined(SLUICE_BENCH_B3SUM)
  reg("hash/blake3/b3sum", BM_b3sum_1t, false, 2);
  reg("hash/blake3_2t/b3sum", BM_b3sum_2t, false, 2);
  reg("hash/blake3_file/b3sum", BM_b3sum_1t, false, 2);
  reg("hash/blake3_2t_file/b3sum", BM_b3sum_2t, false, 2);
#if defined(SLUICE_BENCH_CLI)
  reg("hash/blake3_file/sluice-cli", BM_cli_1t, false, 2);
  reg("hash/blake3_2t_file/sluice-cli", BM_cli_2t, false, 2);
#endif
#endif
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
