// Per-call cost of sluice's run-time kernel choice, on the inputs where it shows: 1 to 64
// bytes, one call each. Group "dispatch" (no anchors: the figures are compared before and
// after a change to core/src/cpu.cpp or a kernel selector):
//   dispatch/features/sluice/0B          cpu::features() alone
//   dispatch/<algo>-<n>B/sluice/<n>B     a one-shot of n bytes (crc32, crc32c, crc64nvme,
//                                        xxh3: the public functions; md5, sha256, blake3:
//                                        reset + update + digest of a reused Hasher)
// items_per_second is calls per second; 64 inputs at different offsets are cycled.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "sluice/cpu.hpp"
#include "sluice/crc.hpp"
#include "sluice/hash.hpp"
#include "sluice/xxhash.hpp"

namespace {

const std::vector<std::uint8_t>& buffer() {
  static const std::vector<std::uint8_t> b = [] {
    std::vector<std::uint8_t> v(64 * 97 + 128);
    std::uint32_t s = 0x9e3779b9u;
    for (auto& x : v) {
      s ^= s << 13; s ^= s >> 17; s ^= s << 5;
      x = static_cast<std::uint8_t>(s);
    }
    return v;
  }();
  return b;
}

void features(benchmark::State& st) {
  std::uint32_t acc = 0;
  for (auto _ : st) {
    acc += sluice::cpu::features();
    benchmark::DoNotOptimize(acc);
  }
  st.SetItemsProcessed(st.iterations());
}

template <class F>
void oneshot(benchmark::State& st, std::size_t n, F f) {
  const auto& b = buffer();
  unsigned k = 0;
  for (auto _ : st) {
    auto v = f(b.data() + (k++ & 63) * 97, n);
    benchmark::DoNotOptimize(v);
  }
  st.SetItemsProcessed(st.iterations());
}

void hasher(benchmark::State& st, sluice::hash_algorithm a, std::size_t n) {
  const auto& b = buffer();
  auto h = sluice::Hasher::create(a);
  std::uint8_t out[sluice::max_digest_size];
  unsigned k = 0;
  for (auto _ : st) {
    h->reset();
    h->update(b.data() + (k++ & 63) * 97, n);
    h->digest(out);
    benchmark::DoNotOptimize(out);
  }
  st.SetItemsProcessed(st.iterations());
}

const int registered = [] {
  benchmark::RegisterBenchmark("dispatch/features/sluice/0B", features);
  for (std::size_t n : {1, 16, 32, 64}) {
    const std::string sz = std::to_string(n) + "B";
    auto reg = [&](const char* algo, auto fn) {
      benchmark::RegisterBenchmark(("dispatch/" + std::string(algo) + "-" + sz + "/sluice/" + sz).c_str(),
                                   fn);
    };
    reg("crc32", [n](benchmark::State& st) {
      oneshot(st, n, [](const std::uint8_t* p, std::size_t m) { return sluice::crc32(p, m); });
    });
    reg("crc32c", [n](benchmark::State& st) {
      oneshot(st, n, [](const std::uint8_t* p, std::size_t m) { return sluice::crc32c(p, m); });
    });
    reg("crc64nvme", [n](benchmark::State& st) {
      oneshot(st, n, [](const std::uint8_t* p, std::size_t m) { return sluice::crc64nvme(p, m); });
    });
    reg("xxh3", [n](benchmark::State& st) {
      oneshot(st, n, [](const std::uint8_t* p, std::size_t m) { return sluice::xxh3(p, m); });
    });
    reg("md5", [n](benchmark::State& st) { hasher(st, sluice::hash_algorithm::md5, n); });
    reg("sha256", [n](benchmark::State& st) { hasher(st, sluice::hash_algorithm::sha256, n); });
    reg("blake3", [n](benchmark::State& st) { hasher(st, sluice::hash_algorithm::blake3, n); });
  }
  return 0;
}();

}  // namespace

BENCHMARK_MAIN();
