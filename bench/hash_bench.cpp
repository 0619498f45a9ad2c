// md5, sha256, blake3: sluice against OpenSSL's EVP one-shot digests and against b3sum.
//
// Names: hash/<algo>/<impl>/<size> (bench/CMakeLists.txt's convention). Sizes 64 B (per-call
// overhead), 1 MiB and 256 MiB, from one buffer of random bytes. blake3_2t is BLAKE3 on two
// threads: sluice::native::blake3_hash_parallel(…, 2) against `b3sum --num-threads 2`.
//
// b3sum runs as a process on a file holding the same bytes (in the page cache after the
// first run); the median time of running it on an empty file is subtracted, so the rate is
// its hashing (mmap + hash) without process start-up.
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

#if defined(SLUICE_BENCH_B3SUM)
double run_b3sum_seconds(const std::string& file, int threads) {
  std::string t = std::to_string(threads);
  const char* argv[] = {SLUICE_BENCH_B3SUM, "--num-threads", t.c_str(), "--no-names", file.c_str(), nullptr};
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  auto t0 = std::chrono::steady_clock::now();
  pid_t pid;
  if (posix_spawn(&pid, argv[0], &fa, nullptr, const_cast<char**>(argv), environ) != 0) return -1;
  int status = 0;
  waitpid(pid, &status, 0);
  auto t1 = std::chrono::steady_clock::now();
  posix_spawn_file_actions_destroy(&fa);
  return std::chrono::duration<double>(t1 - t0).count();
}

std::string file_of_size(std::size_t n) {
  std::string path = "/tmp/sluice-bench-hash-" + std::to_string(n);
  std::ifstream probe(path, std::ios::binary | std::ios::ate);
  if (!probe || static_cast<std::size_t>(probe.tellg()) != n)
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(buffer().data()), static_cast<std::streamsize>(n));
  return path;
}

double startup_seconds(int threads) {
  static double cached[8] = {};
  if (cached[threads] == 0) {
    const std::string empty = file_of_size(0);
    std::vector<double> v;
    for (int i = 0; i < 31; ++i) v.push_back(run_b3sum_seconds(empty, threads));
    std::nth_element(v.begin(), v.begin() + 15, v.end());
    cached[threads] = v[15];
  }
  return cached[threads];
}

void b3sum(benchmark::State& st, int threads, std::size_t n) {
  
  const std::string f = file_of_size(n);
  const double base = startup_seconds(threads);
  run_b3sum_seconds(f, threads);  // warm the page cache
  for (auto _ : st) st.SetIterationTime(std::max(1e-9, run_b3sum_seconds(f, threads) - base));
  st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations()) * static_cast<std::int64_t>(n));
}
void BM_b3sum_1t(benchmark::State& st, std::size_t n) { b3sum(st, 1, n); }
void BM_b3sum_2t(benchmark::State& st, std::size_t n) { b3sum(st, 2, n); }
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
#if defined(SLUICE_BENCH_OPENSSL)
  reg("hash/md5/openssl", BM_openssl_md5, true, 0);
  reg("hash/sha256/openssl", BM_openssl_sha256, true, 0);
#endif
#if defined(SLUICE_BENCH_B3SUM)
  reg("hash/blake3/b3sum", BM_b3sum_1t, false, 2);
  reg("hash/blake3_2t/b3sum", BM_b3sum_2t, false, 2);
#endif
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
