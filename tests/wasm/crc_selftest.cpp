// tests/wasm/crc_selftest.cpp — the WebAssembly CRC kernels, compiled to wasm and run under node
// by ctest twice: linked with sluice.wasm's core (wasm.crc_selftest: SIMD128 words in the
// sparse-multiple kernel) and with sluice-nosimd.wasm's scalar twin (wasm.crc_selftest_nosimd).
// Exits 1 on any failed check, printing each one.
//
// Every public CRC call is compared with the portable slicing-by-8 kernel (a different
// algorithm: byte tables, no sparse multiple) and, at every eighth length, with a bit-at-a-time
// model of the catalogue parameters that shares no code with core. Lengths: around each
// kernel's minimum size, around every move of its history (segment boundaries), 1 MiB and a
// bit more, and random ones; random alignments and starting states.
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "crc/crc_sparse.hpp"
#include "crc/kernels.hpp"
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
  std::size_t degree, min;
  dc::kernel_fn portable;
};

std::uint64_t call(const algo& x, const std::uint8_t* p, std::size_t n, std::uint64_t prev) {
  switch (x.a) {
    case hash_algorithm::crc32: return static_cast<std::uint32_t>(crc32(p, n, crc32_t{static_cast<std::uint32_t>(prev)}));
    case hash_algorithm::crc32c: return static_cast<std::uint32_t>(crc32c(p, n, crc32c_t{static_cast<std::uint32_t>(prev)}));
    case hash_algorithm::crc64: return static_cast<std::uint64_t>(crc64(p, n, crc64_t{prev}));
    default: return static_cast<std::uint64_t>(crc64nvme(p, n, crc64nvme_t{prev}));
  }
}

}  // namespace

int main() {
  const algo algos[] = {
      {"crc32", hash_algorithm::crc32, 32, 0x04C11DB7u, dc::crc32_sparse.degree,
       dc::sparse_min_size<4, dc::crc32_sparse>, dc::crc32_portable},
      {"crc32c", hash_algorithm::crc32c, 32, 0x1EDC6F41u, dc::crc32c_sparse.degree,
       dc::sparse_min_size<3, dc::crc32c_sparse>, dc::crc32c_portable},
      {"crc64", hash_algorithm::crc64, 64, 0x42F0E1EBA9EA3693u, dc::crc64_sparse.degree,
       dc::sparse_min_size<7, dc::crc64_sparse>, dc::crc64_portable},
      {"crc64nvme", hash_algorithm::crc64nvme, 64, 0xAD93D23594C93659u, dc::crc64nvme_sparse.degree,
       dc::sparse_min_size<7, dc::crc64nvme_sparse>, dc::crc64nvme_portable},
  };
  std::mt19937_64 g(20261124);
  std::vector<std::uint8_t> buf((1u << 20) + 64);
  for (auto& b : buf) b = static_cast<std::uint8_t>(g() >> 56);

  for (const algo& x : algos) {
    const std::uint64_t mask = x.width == 64 ? ~0ull : (1ull << x.width) - 1;
    // The dispatch takes the sparse kernel from its minimum size on.
    ++g_checks;
    if (std::string(crc_kernel_name(x.a, x.min)) != "wasm-sparse" ||
        std::string(crc_kernel_name(x.a, x.min - 1)) != "wasm-slice16") {
      ++g_failures;
      std::printf("FAIL %s: kernel names %s / %s\n", x.name, crc_kernel_name(x.a, x.min),
                  crc_kernel_name(x.a, x.min - 1));
    }
    std::vector<std::size_t> lens;
    for (std::size_t n = x.min - 3; n < x.min + 40; ++n) lens.push_back(n);
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
  std::printf("wasm crc selftest (%s): %d checks, %d failed\n",
#if defined(__wasm_simd128__)
              "simd128",
#else
              "scalar",
#endif
              g_checks, g_failures);
  return g_failures == 0 ? 0 : 1;
}
