// WebAssembly CRC kernels. Long inputs: reduction modulo a sparse multiple of the polynomial
// (crc_sparse.hpp: per 16 bytes a few unaligned loads and xors, one SIMD128 vector in
// sluice.wasm, two 64-bit words in sluice-nosimd.wasm), with slicing-by-16 for the residue.
// Shorter inputs: slicing-by-16 over compile-time tables (crc_math.hpp's recurrence,
// carried to 16 zero bytes). wasm has no carry-less multiply, so tables it is; what matters
// there is instructions per byte. Of each 16-byte step only the bytes that overlap the CRC
// register (4 for the 32-bit CRCs, 8 for the 64-bit ones) are extracted from a word xored with
// it; the others index their table straight from memory (one i32.load8_u each, no shift or
// mask), and sixteen independent lookups per step give the engine room to overlap them.
// Built only under Emscripten, into both modules (compiled with -msimd128 for sluice.wasm and
// without for the scalar twin, which crc_sparse.hpp follows through __wasm_simd128__);
// crc.cpp lists these kernels before the portable slicing-by-8 one when SLUICE_CRC_WASM is
// defined, the sparse ones only for inputs of at least sparse_min_size bytes.
#include <cstring>

#include "crc_math.hpp"
#include "crc_sparse.hpp"
#include "kernels.hpp"

namespace sluice::detail::crc {
namespace {

template <typename T>
struct slice16_tables {
  T t[16][256];
};

template <typename T>
constexpr slice16_tables<T> make_slice16(params p) {
  slice16_tables<T> s{};
  const T rp = static_cast<T>(reflected_poly(p));
  for (unsigned b = 0; b < 256; ++b) {
    T c = static_cast<T>(b);
    for (int k = 0; k < 8; ++k) c = (c & 1) ? static_cast<T>((c >> 1) ^ rp) : static_cast<T>(c >> 1);
    s.t[0][b] = c;
  }
  for (unsigned k = 1; k < 16; ++k)
    for (unsigned b = 0; b < 256; ++b) {
      const T prev = s.t[k - 1][b];
      s.t[k][b] = static_cast<T>((prev >> 8) ^ s.t[0][prev & 0xff]);
    }
  return s;
}

constexpr slice16_tables<std::uint32_t> crc32_t16 = make_slice16<std::uint32_t>(crc32_params);
constexpr slice16_tables<std::uint32_t> crc32c_t16 = make_slice16<std::uint32_t>(crc32c_params);
constexpr slice16_tables<std::uint64_t> crc64_t16 = make_slice16<std::uint64_t>(crc64_params);
constexpr slice16_tables<std::uint64_t> crc64nvme_t16 = make_slice16<std::uint64_t>(crc64nvme_params);

// wasm is little-endian, so a memcpy'd word has byte 0 in its low bits, as the reflected
// register needs.
template <const slice16_tables<std::uint32_t>& tab>
std::uint64_t slice16_32(std::uint64_t state, const std::uint8_t* p, std::size_t n) noexcept {
  const auto& t = tab.t;
  std::uint32_t c = static_cast<std::uint32_t>(state);
  while (n >= 16) {
    std::uint32_t w;
    std::memcpy(&w, p, 4);
    w ^= c;
    c = t[15][w & 0xff] ^ t[14][(w >> 8) & 0xff] ^ t[13][(w >> 16) & 0xff] ^ t[12][w >> 24] ^
        t[11][p[4]] ^ t[10][p[5]] ^ t[9][p[6]] ^ t[8][p[7]] ^
        t[7][p[8]] ^ t[6][p[9]] ^ t[5][p[10]] ^ t[4][p[11]] ^
        t[3][p[12]] ^ t[2][p[13]] ^ t[1][p[14]] ^ t[0][p[15]];
    p += 16;
    n -= 16;
  }
  while (n--) c = (c >> 8) ^ t[0][(c ^ *p++) & 0xff];
  return c;
}

template <const slice16_tables<std::uint64_t>& tab>
std::uint64_t slice16_64(std::uint64_t state, const std::uint8_t* p, std::size_t n) noexcept {
  const auto& t = tab.t;
  std::uint64_t c = state;
  while (n >= 16) {
    std::uint32_t lo, hi;
    std::memcpy(&lo, p, 4);
    std::memcpy(&hi, p + 4, 4);
    lo ^= static_cast<std::uint32_t>(c);
    hi ^= static_cast<std::uint32_t>(c >> 32);
    c = t[15][lo & 0xff] ^ t[14][(lo >> 8) & 0xff] ^ t[13][(lo >> 16) & 0xff] ^ t[12][lo >> 24] ^
        t[11][hi & 0xff] ^ t[10][(hi >> 8) & 0xff] ^ t[9][(hi >> 16) & 0xff] ^ t[8][hi >> 24] ^
        t[7][p[8]] ^ t[6][p[9]] ^ t[5][p[10]] ^ t[4][p[11]] ^
        t[3][p[12]] ^ t[2][p[13]] ^ t[1][p[14]] ^ t[0][p[15]];
    p += 16;
    n -= 16;
  }
  while (n--) c = (c >> 8) ^ t[0][(c ^ *p++) & 0xff];
  return c;
}

}  // namespace

std::uint64_t crc32_wasm(std::uint64_t s, const std::uint8_t* p, std::size_t n) noexcept {
  return slice16_32<crc32_t16>(s, p, n);
}
std::uint64_t crc32c_wasm(std::uint64_t s, const std::uint8_t* p, std::size_t n) noexcept {
  return slice16_32<crc32c_t16>(s, p, n);
}
std::uint64_t crc64_wasm(std::uint64_t s, const std::uint8_t* p, std::size_t n) noexcept {
  return slice16_64<crc64_t16>(s, p, n);
}
std::uint64_t crc64nvme_wasm(std::uint64_t s, const std::uint8_t* p, std::size_t n) noexcept {
  return slice16_64<crc64nvme_t16>(s, p, n);
}

// The sparse kernels: the first stage for inputs of at least its minimum size, its residue
// (and shorter inputs) through the second stage where there is one, slicing-by-16 below the
// second stage's minimum. So they are correct for any n; dispatch sends them inputs from
// sparse_kernel_min_size on (crc.cpp).
namespace {
template <unsigned W, std::size_t K, const sparse_multiple<K>& Q, kernel_fn next>
std::uint64_t sparse_or(std::uint64_t s, const std::uint8_t* p, std::size_t n) noexcept {
  return n < sparse_min_size<K, Q> ? next(s, p, n) : sparse_crc<W, K, Q, next>(s, p, n);
}
}  // namespace

std::uint64_t crc32_wasm_sparse(std::uint64_t s, const std::uint8_t* p, std::size_t n) noexcept {
  return sparse_or<32, 4, crc32_sparse, crc32_wasm>(s, p, n);
}
std::uint64_t crc32c_wasm_sparse(std::uint64_t s, const std::uint8_t* p, std::size_t n) noexcept {
  return sparse_or<32, 3, crc32c_sparse, sparse_or<32, 5, crc32c_sparse2, crc32c_wasm>>(s, p, n);
}
std::uint64_t crc64_wasm_sparse(std::uint64_t s, const std::uint8_t* p, std::size_t n) noexcept {
  return sparse_or<64, 7, crc64_sparse, sparse_or<64, 11, crc64_sparse2, crc64_wasm>>(s, p, n);
}
std::uint64_t crc64nvme_wasm_sparse(std::uint64_t s, const std::uint8_t* p, std::size_t n) noexcept {
  return sparse_or<64, 7, crc64nvme_sparse, sparse_or<64, 11, crc64nvme_sparse2, crc64nvme_wasm>>(s, p, n);
}

}  // namespace sluice::detail::crc
