// CRC and xxHash throughput: sluice against the libraries a user would otherwise pick, in one
// process on the same buffers (names: hash/<algo>/<impl>/<size>, see bench/CMakeLists.txt).
//   crc32:     zlib crc32_z, libdeflate_crc32, ISA-L crc32_gzip_refl
//   crc32c:    ISA-L crc32_iscsi
//   crc64:     ISA-L crc64_ecma_refl (CRC-64/XZ)
//   crc64nvme: no Debian library has it (ISA-L 2.30 predates crc64_rocksoft); ISA-L's
//              CRC-64/XZ, the same work with another polynomial, stands in as "isal-xz-proxy"
//   xxh64/xxh3/xxh128: libxxhash (Debian's shared library, its own SSE2 build); sluice's
//              one-shots (sluice/xxhash.hpp); hasher/<algo>/sluice/<size> is the Hasher path
// Plus kernels/<algo>/<kernel>/<size>: each sluice kernel forced through the CPU mask (no
// anchor; for the record). Rates use CPU time (the default): the machine this was tuned on is
// shared, and wall time there mostly measures the other jobs. Every anchor's result is checked against sluice's before timing.
#include <benchmark/benchmark.h>
#include <isa-l/crc.h>
#include <isa-l/crc64.h>
#include <libdeflate.h>
#include <xxhash.h>
#include <zlib.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "sluice/cpu.hpp"
#include "sluice/crc.hpp"
#include "sluice/hash.hpp"
#include "sluice/xxhash.hpp"

namespace {

const std::vector<std::uint8_t>& buffer(std::size_t n) {
  static std::vector<std::uint8_t> big = [] {
    std::vector<std::uint8_t> v((256u << 20) + 64);
    std::uint64_t x = 0x9E3779B97F4A7C15ull;
    for (auto& b : v) {
      x ^= x << 13; x ^= x >> 7; x ^= x << 17;
      b = static_cast<std::uint8_t>(x);
    }
    return v;
  }();
  (void)n;
  return big;
}

struct size_case { std::size_t bytes; const char* name; };
constexpr size_case kSizes[] = {{64, "64B"}, {4096, "4KiB"}, {1u << 20, "1MiB"}, {256u << 20, "256MiB"}};

template <typename F>
void reg(const std::string& name, std::size_t n, F f) {
  benchmark::RegisterBenchmark(name.c_str(), [n, f](benchmark::State& st) {
    const std::uint8_t* p = buffer(n).data();
    for (auto _ : st) benchmark::DoNotOptimize(f(p, n));
    st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations()) * static_cast<std::int64_t>(n));
  });
}

std::uint64_t sluice_digest64(sluice::hash_algorithm a, const std::uint8_t* p, std::size_t n) {
  auto h = sluice::Hasher::create(a);
  h->update(p, n);
  std::uint8_t d[32];
  h->digest(d);
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | d[i];
  return v;
}

void check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "crc_bench: %s disagrees with sluice\n", what);
    std::exit(1);
  }
}

void self_check() {
  const auto* p = buffer(0).data();
  const std::size_t n = 1000003;
  const auto c32 = static_cast<std::uint32_t>(sluice::crc32(p, n));
  check(c32 == crc32_z(0, p, n), "zlib crc32");
  check(c32 == libdeflate_crc32(0, p, n), "libdeflate crc32");
  check(c32 == crc32_gzip_refl(0, p, n), "isa-l crc32_gzip_refl");
  check(static_cast<std::uint32_t>(sluice::crc32c(p, n)) ==
            ~crc32_iscsi(const_cast<unsigned char*>(p), static_cast<int>(n), ~0u), "isa-l crc32_iscsi");
  check(static_cast<std::uint64_t>(sluice::crc64(p, n)) == crc64_ecma_refl(0, p, n), "isa-l crc64_ecma_refl");
  check(sluice_digest64(sluice::hash_algorithm::xxh64, p, n) == XXH64(p, n, 0), "libxxhash XXH64");
  check(sluice_digest64(sluice::hash_algorithm::xxh3, p, n) == XXH3_64bits(p, n), "libxxhash XXH3");
  check(sluice_digest64(sluice::hash_algorithm::xxh128, p, n) == XXH3_128bits(p, n).high64, "libxxhash XXH128");
  check(sluice::xxh64(p, n) == XXH64(p, n, 0), "libxxhash XXH64 (one-shot)");
  check(sluice::xxh3(p, n) == XXH3_64bits(p, n), "libxxhash XXH3 (one-shot)");
  check(sluice::xxh128(p, n).low == XXH3_128bits(p, n).low64, "libxxhash XXH128 (one-shot)");
}

void register_all() {
  using sluice::hash_algorithm;
  for (const auto& s : kSizes) {
    const std::string z = std::string("/") + s.name;
    reg("hash/crc32/sluice" + z, s.bytes, [](const std::uint8_t* p, std::size_t n) { return sluice::crc32(p, n); });
    reg("hash/crc32/zlib" + z, s.bytes, [](const std::uint8_t* p, std::size_t n) { return crc32_z(0, p, n); });
    reg("hash/crc32/libdeflate" + z, s.bytes, [](const std::uint8_t* p, std::size_t n) { return libdeflate_crc32(0, p, n); });
    reg("hash/crc32/isal" + z, s.bytes, [](const std::uint8_t* p, std::size_t n) { return crc32_gzip_refl(0, p, n); });
    reg("hash/crc32c/sluice" + z, s.bytes, [](const std::uint8_t* p, std::size_t n) { return sluice::crc32c(p, n); });
    reg("hash/crc32c/isal" + z, s.bytes, [](const std::uint8_t* p, std::size_t n) {
      return ~crc32_iscsi(const_cast<unsigned char*>(p), static_cast<int>(n), ~0u);
    });
    reg("hash/crc64/sluice" + z, s.bytes, [](const std::uint8_t* p, std::size_t n) { return sluice::crc64(p, n); });
    reg("hash/crc64/isal" + z, s.bytes, [](const std::uint8_t* p, std::size_t n) { return crc64_ecma_refl(0, p, n); });
    reg("hash/crc64nvme/sluice" + z, s.bytes, [](const std::uint8_t* p, std::size_t n) { return sluice::crc64nvme(p, n); });
    reg("hash/crc64nvme/isal-xz-proxy" + z, s.bytes, [](const std::uint8_t* p, std::size_t n) { return crc64_ecma_refl(0, p, n); });
    reg("hash/xxh64/sluice" + z, s.bytes, [](const std::uint8_t* p, std::size_t n) { return sluice::xxh64(p, n); });
    reg("hash/xxh3/sluice" + z, s.bytes, [](const std::uint8_t* p, std::size_t n) { return sluice::xxh3(p, n); });
    reg("hash/xxh128/sluice" + z, s.bytes, [](const std::uint8_t* p, std::size_t n) { return sluice::xxh128(p, n).low; });
    // The streaming Hasher (allocation and virtual calls included), for the record.
    for (auto [a, nm] : {std::pair{hash_algorithm::xxh64, "xxh64"}, std::pair{hash_algorithm::xxh3, "xxh3"},
                         std::pair{hash_algorithm::xxh128, "xxh128"}})
      reg(std::string("hasher/") + nm + "/sluice" + z, s.bytes, [a = a](const std::uint8_t* p, std::size_t n) {
        return sluice_digest64(a, p, n);
      });
    reg("hash/xxh64/libxxhash" + z, s.bytes, [](const std::uint8_t* p, std::size_t n) { return XXH64(p, n, 0); });
    reg("hash/xxh3/libxxhash" + z, s.bytes, [](const std::uint8_t* p, std::size_t n) { return XXH3_64bits(p, n); });
    reg("hash/xxh128/libxxhash" + z, s.bytes, [](const std::uint8_t* p, std::size_t n) { return XXH3_128bits(p, n).low64; });
  }
  // Each CRC kernel forced through the CPU mask (1 MiB and 64 B).
  struct km { const char* name; const char* mask; };
  const km masks[] = {{"portable", ""}, {"pclmul", "sse2,ssse3,sse41,pclmul"}, {"sse42", "sse2,ssse3,sse41,sse42,pclmul"},
                      {"vpclmul256", "sse2,ssse3,sse41,sse42,pclmul,avx,avx2,vpclmul"},
                      {"vpclmul512", "sse2,ssse3,sse41,sse42,pclmul,avx,avx2,avx512f,avx512bw,avx512vl,vpclmul"}};
  for (const auto& m : masks)
    for (const auto& s : {kSizes[0], kSizes[2]})
      for (auto [a, nm] : {std::pair{hash_algorithm::crc32, "crc32"}, std::pair{hash_algorithm::crc32c, "crc32c"},
                           std::pair{hash_algorithm::crc64, "crc64"}, std::pair{hash_algorithm::crc64nvme, "crc64nvme"}}) {
        const std::string mask = m.mask;
        const std::size_t n = s.bytes;
        benchmark::RegisterBenchmark(
            (std::string("kernels/") + nm + "/" + m.name + "/" + s.name).c_str(),
            [a = a, mask, n](benchmark::State& st) {
              std::uint32_t bits = 0;  // the named features, as SLUICE_CPU_MASK would read them
              for (std::uint32_t b = 1; b; b <<= 1)
                if (("," + mask + ",").find("," + sluice::cpu::describe(b) + ",") != std::string::npos)
                  bits |= b;
              const std::uint32_t old = sluice::cpu::set_mask(bits);
              const std::uint8_t* p = buffer(n).data();
              auto h = sluice::Hasher::create(a);
              for (auto _ : st) {
                h->update(p, n);
                benchmark::DoNotOptimize(h.get());
              }
              st.SetLabel(sluice::crc_kernel_name(a, n));
              sluice::cpu::set_mask(old);
              st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations()) * static_cast<std::int64_t>(n));
            });
      }
}

}  // namespace

int main(int argc, char** argv) {
  self_check();
  register_all();
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
