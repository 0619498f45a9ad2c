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
//
// The two tools are measured together, alternately (run_tool, paired_measurement): one
// measurement of (T threads, size) is 5 rounds, each round running b3sum and the CLI once on
// the same file (b3sum first in even rounds, the CLI first in odd ones); each tool's figure is
// the median of its 5 process times minus its start-up. Start-up is measured the same way for
// both: the median of 31 runs on an empty file, the tools alternating, once per T and process.
// Machine drift between two separately timed blocks (one tool's benchmark after the other's)
// showed up as noise in the CLI/b3sum ratio; alternating rounds spread it over both tools.
// Each tool row runs one iteration per repetition (Iterations(1), manual time = that median):
// the k-th repetition of every tool row of (T, size) reports from measurement k, made once
// by whichever of those rows runs first. So b3sum is measured once per (T, size) and reported
// under both its names (blake3{,_2t}/b3sum and blake3{,_2t}_file/b3sum), and bench/run's
// medians over repetitions are, for both tools, medians over the same paired measurements. A
// filter that selects only one of the rows still runs both tools.
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
#include <map>
#include <random>
#include <string>
#include <tuple>
#include <utility>
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

constexpr int kStartupRounds = 31;  // start-up: median of 31 runs on an empty file per tool
constexpr int kRounds = 5;          // one paired measurement: 5 alternating rounds

constexpr bool kHaveCli =
#if defined(SLUICE_BENCH_CLI)
    true;
#else
    false;
#endif

// Runs the tools of one round in alternating order (b3sum first in even rounds, the CLI first
// in odd ones), so neither tool always runs right after the other.
template <class Run>
void alternate(int round, Run run) {
  if (round % 2 == 0) {
    run(tool::b3sum);
    if (kHaveCli) run(tool::sluice_cli);
  } else {
    if (kHaveCli) run(tool::sluice_cli);
    run(tool::b3sum);
  }
}

double median(std::vector<double> v) {
  if (v.empty()) return -1;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
  return v[v.size() / 2];
}

// Seconds per tool ([0] b3sum, [1] sluice's CLI); negative: the tool could not run.
struct tool_times {
  double t[2] = {-1, -1};
};
int slot(tool which) { return which == tool::b3sum ? 0 : 1; }

// Each tool's start-up on T threads: the median of kStartupRounds runs on an empty file, the
// two tools alternating round by round. Measured once per thread count and process.
tool_times startup_seconds(int threads) {
  static std::map<int, tool_times> cache;
  auto it = cache.find(threads);
  if (it != cache.end()) return it->second;
  const std::string empty = file_of_size(0);
  std::vector<double> v[2];
  for (int r = 0; r < kStartupRounds; ++r)
    alternate(r, [&](tool which) { v[slot(which)].push_back(run_tool_seconds(which, empty, threads)); });
  tool_times s;
  for (int i = 0; i < 2; ++i) s.t[i] = median(v[i]);
  return cache[threads] = s;
}

std::size_t copies_of(std::size_t n) { return std::max<std::size_t>(2, 256 * kMiB / n); }

// Measurement k of (threads, n): kRounds rounds, each running both tools once on the same
// file given copies_of(n) times; per tool the median of its rounds minus its start-up (a
// failed run makes that tool's figure negative). Measurements are made on demand and kept,
// so measurement k is made once, by whichever of its rows runs first, and every row of the
// same (threads, n) reports its k-th invocation (Google Benchmark's k-th repetition) from it.
tool_times paired_measurement(int threads, std::size_t n, std::size_t k) {
  static std::map<std::pair<int, std::size_t>, std::vector<tool_times>> cache;
  auto& done = cache[{threads, n}];
  const std::string f = file_of_size(n);
  if (done.empty())  // warm the page cache (and each tool's own caches) once
    alternate(0, [&](tool which) { run_tool_seconds(which, f, threads, 2); });
  const tool_times base = startup_seconds(threads);
  while (done.size() <= k) {
    std::vector<double> v[2];
    bool failed[2] = {false, false};
    for (int r = 0; r < kRounds; ++r)
      alternate(r, [&](tool which) {
        const double t = run_tool_seconds(which, f, threads, copies_of(n));
        if (t < 0) failed[slot(which)] = true;
        v[slot(which)].push_back(std::max(1e-9, t - base.t[slot(which)]));
      });
    tool_times m;
    for (int i = 0; i < 2; ++i) m.t[i] = failed[i] || base.t[i] < 0 ? -1 : median(v[i]);
    done.push_back(m);
  }
  return done[k];
}

// The rows that report a tool: b3sum under hash/blake3{,_2t}/b3sum and under
// hash/blake3{,_2t}_file/b3sum (one measurement, two names), sluice's CLI under
// hash/blake3{,_2t}_file/sluice-cli. Each row counts its own invocations.
enum class tool_row { b3sum_memory_name, b3sum_file_name, cli };

void run_tool(benchmark::State& st, tool_row row, int threads, std::size_t n) {
  static std::map<std::tuple<int, int, std::size_t>, std::size_t> calls;
  const std::size_t k = calls[{static_cast<int>(row), threads, n}]++;
  const tool_times m = paired_measurement(threads, n, k);
  const double t = m.t[row == tool_row::cli ? 1 : 0];
  if (t < 0) {
    st.SkipWithError("cannot run the tool");
    for (auto _ : st) {
    }
    return;
  }
  // One iteration (the rows are registered with Iterations(1)) stands for one process:
  // copies_of(n) hashes of n bytes in the tool's median time.
  for (auto _ : st) st.SetIterationTime(t);
  st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations()) * static_cast<std::int64_t>(n * copies_of(n)));
  st.counters["copies"] = static_cast<double>(copies_of(n));
  st.counters["rounds"] = kRounds;
}
void BM_b3sum_1t(benchmark::State& st, std::size_t n) { run_tool(st, tool_row::b3sum_memory_name, 1, n); }
void BM_b3sum_2t(benchmark::State& st, std::size_t n) { run_tool(st, tool_row::b3sum_memory_name, 2, n); }
void BM_b3sum_1t_file(benchmark::State& st, std::size_t n) { run_tool(st, tool_row::b3sum_file_name, 1, n); }
void BM_b3sum_2t_file(benchmark::State& st, std::size_t n) { run_tool(st, tool_row::b3sum_file_name, 2, n); }
void BM_cli_1t(benchmark::State& st, std::size_t n) { run_tool(st, tool_row::cli, 1, n); }
void BM_cli_2t(benchmark::State& st, std::size_t n) { run_tool(st, tool_row::cli, 2, n); }
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
      if (mode == 2) b->UseManualTime()->Iterations(1);  // the tool rows: see run_tool
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
  reg("hash/blake3_file/b3sum", BM_b3sum_1t_file, false, 2);
  reg("hash/blake3_2t_file/b3sum", BM_b3sum_2t_file, false, 2);
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
