// tests/wasm/checksum_selftest.cpp — the WebAssembly CRC and XXH3 kernels, compiled to wasm and
// run under node by ctest twice: linked with sluice.wasm's core (wasm.checksum_selftest: SIMD128
// words in the sparse-multiple CRC kernel, XXH3 through xxh3_simd128.cpp) and with
// sluice-nosimd.wasm's scalar twin (wasm.checksum_selftest_nosimd). Exits 1 on any failed
// check, printing each one.
//
// XXH3: core's copy (xxh3_simd128.cpp in the SIMD build, xxh_hasher.cpp's in the scalar one)
// against this file's own copy of xxHash (header-only, compiled without SSE2: xxHash's scalar
// code), one-shots at many lengths and streams in random pieces, comparing the stream states
// field by field after every update (saved states must be interchangeable between builds).
//
// CRCs:
// Every public CRC call is compared with the portable slicing-by-8 kernel (a different
// algorithm: byte tables, no sparse multiple) and, at every eighth length, with a bit-at-a-time
// model of the catalogue parameters that shares no code with core. Lengths: around each
// kernel's minimum size, around every move of its history (segment boundaries), 1 MiB and a
// bit more, and random ones; random alignments and starting states.
#include <cstdint>
#include <cstdio>
#include <algorithm>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "crc/crc_sparse.hpp"
#include "crc/kernels.hpp"
#include "crc/xxh_kernels.hpp"
#include "sluice/crc.hpp"

using namespace sluice;
namespace dc = sluice::detail::crc;

namespace {

int g_checks = 0;
int g_failures = 0;

void check(bool ok, const char* what, std::size_t n, std::size_t off, std::uint64_t got, std::uint64_t want) {
  ++g_checks;
  if (!ok) {
    ++g_failures;
    if (g_failures < 50)
      std::printf("FAIL %s: len %zu offset %zu: got %016llx want %016llx\n", what, n, off,
                  static_cast<unsigned long long>(got), static_cast<unsigned long long>(want));
  }
}

/// Reflected CRC with init = xorout = all ones, one bit at a time from the normal-form polynomial.
std::uint64_t bitwise(unsigned width, std::uint64_t poly, const std::uint8_t* p, std::size_t n) {
  std::uint64_t rpoly = 0;
  for (unsigned i = 0; i < width; ++i) rpoly |= ((poly >> i) & 1u) << (width - 1 - i);
  const std::uint64_t mask = width == 64 ? ~0ull : (1ull << width) - 1;
  std::uint64_t reg = mask;
  for (std::size_t i = 0; i < n; ++i) {
    reg ^= p[i];
    for (int k = 0; k < 8; ++k) reg = (reg & 1) ? (reg >> 1) ^ rpoly : reg >> 1;
  }
  return ~reg & mask;
}

struct algo {
  const char* name;
  hash_algorithm a;
  unsigned width;
  std::uint64_t poly;
  // The sparse kernel's stages (crc_sparse.hpp): degree and minimum input of each; a second
  // stage (degree2 != 0) takes the first one's residue and inputs between its own minimum and
  // the first one's. min_kernel is where dispatch starts choosing the sparse kernel.
  std::size_t degree, min, degree2, min2;
  dc::kernel_fn portable;
  std::size_t min_kernel() const { return degree2 ? min2 : min; }
};

std::uint64_t call(const algo& x, const std::uint8_t* p, std::size_t n, std::uint64_t prev) {
  switch (x.a) {
    case hash_algorithm::crc32: return static_cast<std::uint32_t>(crc32(p, n, crc32_t{static_cast<std::uint32_t>(prev)}));
    case hash_algorithm::crc32c: return static_cast<std::uint32_t>(crc32c(p, n, crc32c_t{static_cast<std::uint32_t>(prev)}));
    case hash_algorithm::crc64: return static_cast<std::uint64_t>(crc64(p, n, crc64_t{prev}));
    default: return static_cast<std::uint64_t>(crc64nvme(p, n, crc64nvme_t{prev}));
  }
}

namespace xk = sluice::detail::xxh;

#if defined(SLUICE_XXH_WASM_SIMD)
constexpr const char* kXxhPath = "simd128";
void core_update(XXH3_state_t* s, const std::uint8_t* p, std::size_t n) { xk::xxh3_update_simd128(s, p, n); }
std::uint64_t core_64(const std::uint8_t* p, std::size_t n) { return xk::xxh3_64_simd128(p, n); }
void core_128(const std::uint8_t* p, std::size_t n, std::uint64_t o[2]) { xk::xxh3_128_simd128(p, n, o); }
#else
constexpr const char* kXxhPath = "baseline";
void core_update(XXH3_state_t* s, const std::uint8_t* p, std::size_t n) { xk::xxh3_update_baseline(s, p, n); }
std::uint64_t core_64(const std::uint8_t* p, std::size_t n) { return xk::xxh3_64_baseline(p, n); }
void core_128(const std::uint8_t* p, std::size_t n, std::uint64_t o[2]) { xk::xxh3_128_baseline(p, n, o); }
#endif

bool same_state(const XXH3_state_t& a, const XXH3_state_t& b) {
  return std::memcmp(a.acc, b.acc, sizeof a.acc) == 0 && std::memcmp(a.buffer, b.buffer, sizeof a.buffer) == 0 &&
         a.bufferedSize == b.bufferedSize && a.nbStripesSoFar == b.nbStripesSoFar && a.totalLen == b.totalLen;
}

void test_xxh3(std::mt19937_64& g, const std::vector<std::uint8_t>& buf) {
  std::vector<std::size_t> lens;
  for (std::size_t n = 0; n <= 2100; n += (n < 300 ? 1 : 13)) lens.push_back(n);
  for (int i = 0; i < 40; ++i) lens.push_back(g() % (600u << 10));
  lens.push_back(1u << 20);
  for (std::size_t n : lens) {
    const std::size_t off = g() % 32;
    if (n + off > buf.size()) n = buf.size() - off;
    const std::uint8_t* p = buf.data() + off;
    const std::uint64_t want = XXH3_64bits(p, n), got = core_64(p, n);
    check(got == want, "xxh3 one-shot", n, off, got, want);
    const XXH128_hash_t w128 = XXH3_128bits(p, n);
    std::uint64_t g128[2];
    core_128(p, n, g128);
    check(g128[0] == w128.high64 && g128[1] == w128.low64, "xxh128 one-shot", n, off, g128[1], w128.low64);
  }
  // Streams: both hashers see the same random pieces (0 to 5000 bytes, sometimes much more).
  for (int round = 0; round < 30; ++round) {
    XXH3_state_t ref, ours;
    XXH3_INITSTATE(&ref);
    XXH3_INITSTATE(&ours);
    const bool wide = round & 1;
    if (wide) { XXH3_128bits_reset(&ref); XXH3_128bits_reset(&ours); }
    else { XXH3_64bits_reset(&ref); XXH3_64bits_reset(&ours); }
    std::size_t at = g() % 16, total = 0;
    bool same = true;
    while (at < buf.size() && total < (800u << 10)) {
      std::size_t n = g() % 8 == 0 ? g() % (64u << 10) : g() % 5000;
      n = std::min(n, buf.size() - at);
      XXH3_64bits_update(&ref, buf.data() + at, n);
      core_update(&ours, buf.data() + at, n);
      same = same && same_state(ref, ours);
      at += n;
      total += n;
    }
    check(same, "xxh3 stream state", total, round, 0, 0);
    if (wide) {
      const XXH128_hash_t a = XXH3_128bits_digest(&ref), b = XXH3_128bits_digest(&ours);
      check(a.low64 == b.low64 && a.high64 == b.high64, "xxh128 stream digest", total, round, b.low64, a.low64);
    } else {
      check(XXH3_64bits_digest(&ref) == XXH3_64bits_digest(&ours), "xxh3 stream digest", total, round,
            XXH3_64bits_digest(&ours), XXH3_64bits_digest(&ref));
    }
  }
}

}  // namespace

int main() {
  const algo algos[] = {
      {"crc32", hash_algorithm::crc32, 32, 0x04C11DB7u, dc::crc32_sparse.degree,
       dc::sparse_min_size<4, dc::crc32_sparse>, 0, 0, dc::crc32_portable},
      {"crc32c", hash_algorithm::crc32c, 32, 0x1EDC6F41u, dc::crc32c_sparse.degree,
       dc::sparse_min_size<3, dc::crc32c_sparse>, dc::crc32c_sparse2.degree,
       dc::sparse_min_size<5, dc::crc32c_sparse2>, dc::crc32c_portable},
      {"crc64", hash_algorithm::crc64, 64, 0x42F0E1EBA9EA3693u, dc::crc64_sparse.degree,
       dc::sparse_min_size<7, dc::crc64_sparse>, dc::crc64_sparse2.degree,
       dc::sparse_min_size<11, dc::crc64_sparse2>, dc::crc64_portable},
      {"crc64nvme", hash_algorithm::crc64nvme, 64, 0xAD93D23594C93659u, dc::crc64nvme_sparse.degree,
       dc::sparse_min_size<7, dc::crc64nvme_sparse>, dc::crc64nvme_sparse2.degree,
       dc::sparse_min_size<11, dc::crc64nvme_sparse2>, dc::crc64nvme_portable},
  };
  std::mt19937_64 g(20261124);
  std::vector<std::uint8_t> buf((1u << 20) + 64);
  for (auto& b : buf) b = static_cast<std::uint8_t>(g() >> 56);

  test_xxh3(g, buf);
  for (const algo& x : algos) {
    const std::uint64_t mask = x.width == 64 ? ~0ull : (1ull << x.width) - 1;
    // The dispatch takes the sparse kernel from its minimum size on.
    ++g_checks;
    const std::size_t mk = x.min_kernel();
    if (std::string(crc_kernel_name(x.a, mk)) != "wasm-sparse" ||
        std::string(crc_kernel_name(x.a, mk - 1)) != "wasm-slice16") {
      ++g_failures;
      std::printf("FAIL %s: kernel names %s / %s\n", x.name, crc_kernel_name(x.a, mk),
                  crc_kernel_name(x.a, mk - 1));
    }
    std::vector<std::size_t> lens;
    for (std::size_t n = x.min - 3; n < x.min + 40; ++n) lens.push_back(n);
    if (x.degree2) {
      for (std::size_t n = x.min2 - 3; n < x.min2 + 40; ++n) lens.push_back(n);
      for (std::size_t n = dc::sparse::kSegment + x.degree2 - 24; n < dc::sparse::kSegment + x.degree2 + 24; ++n)
        lens.push_back(n);
    }
    for (std::size_t k = 1; k <= 4; ++k)
      for (std::size_t n = k * dc::sparse::kSegment + x.degree - 24; n < k * dc::sparse::kSegment + x.degree + 24; ++n)
        lens.push_back(n);
    for (std::size_t n = (1u << 20) - 2; n < (1u << 20) + 18; ++n) lens.push_back(n);
    for (int i = 0; i < 60; ++i) lens.push_back(g() % (300u << 10));
    std::size_t i = 0;
    for (std::size_t n : lens) {
      const std::size_t off = g() % 32;
      if (n + off > buf.size()) n = buf.size() - off;
      const std::uint8_t* p = buf.data() + off;
      const std::uint64_t got = call(x, p, n, 0);
      const std::uint64_t want = ~x.portable(mask, p, n) & mask;
      check(got == want, x.name, n, off, got, want);
      if (i++ % 8 == 0) {
        const std::uint64_t ref = bitwise(x.width, x.poly, p, n);
        check(got == ref, x.name, n, off, got, ref);
      }
      // Continuing a stream from some earlier CRC value.
      const std::uint64_t prev = g() & mask;
      const std::uint64_t got2 = call(x, p, n, prev);
      const std::uint64_t want2 = ~x.portable(~prev & mask, p, n) & mask;
      check(got2 == want2, x.name, n, off, got2, want2);
    }
  }
  std::printf("wasm checksum selftest (%s words, xxh3 %s): %d checks, %d failed\n",
#if defined(__wasm_simd128__)
              "simd128",
#else
              "scalar",
#endif
              kXxhPath, g_checks, g_failures);
  return g_failures == 0 ? 0 : 1;
}
