// Internal: table-free CRC of long inputs by reduction modulo a sparse multiple of the CRC
// polynomial (the idea of Sam Russell's "Chorba", arXiv:2412.16398, derived afresh here for
// byte-granular exponents and for each of sluice's four polynomials).
//
// The math. Let P be the CRC polynomial and Q = A*P a multiple of it with few terms whose
// exponents are all multiples of 8:
//   Q(x) = x^(8d) + x^(8 e_1) + ... + x^(8 e_k),   e_k = 0,  d - e_j >= 16.
// Number the message bytes 0..L-1 in stream order (the reflected CRCs take byte 0 first, bit 0
// of each byte first), so byte p carries the coefficients of x^(8(L-1-p)+7) .. x^(8(L-1-p)).
// A set bit of byte p < L-d is cancelled by adding the shifted Q that starts at it: that clears
// the bit and flips the same bit of bytes p + o_j, o_j = d - e_j. Adding a multiple of Q does not
// change the message modulo Q, hence not modulo P, hence not the CRC (raw CRC of M = M x^W mod P).
// Going through the bytes in order, byte p's value when its turn comes is
//   f[p] = m[p] ^ f[p - o_1] ^ ... ^ f[p - o_k]          (terms with p - o_j < 0 are absent)
// and it is then cleared. After the first N <= L - d bytes are cancelled, only bytes N..L-1
// remain, r[q] = m[q] ^ (f[q - o_j] for every j with q - o_j < N), and the raw CRC of the whole
// message equals the raw CRC (from state 0) of those L - N bytes alone, which a table kernel
// computes. A starting state s is first xored into the first W/8 bytes (for a reflected CRC,
// state s followed by M has the same raw CRC as state 0 followed by M with s xored into its
// first bytes), so the recurrence only ever sees state 0.
//
// Cost: per 16-byte step one load of the input, k loads of earlier f, k xors, one store — no
// table lookups and no multiplications, against sixteen dependent-address lookups for
// slicing-by-16. Because every offset o_j >= 16, the 16 bytes of a step never depend on each
// other, so a step is one 128-bit vector (wasm SIMD128) or two 64-bit words (scalar), and the
// arbitrary byte offsets become unaligned loads. The residue costs about d bytes of table CRC,
// so the kernel is for inputs of several times d.
//
// The multiples were found by computer search (birthday collisions among sums of
// x^(8i) mod P, `scripts/crc_sparse_search.cpp`); each is checked at compile time below
// (static_assert that Q mod P == 0).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <utility>

#include "crc_math.hpp"

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#endif

namespace sluice::detail::crc {

/// Q = x^(8 degree) + sum_j x^(8 (degree - off[j])): the exponents in bytes, as offsets back
/// from the leading term, ascending; the last offset is `degree` (Q's constant term).
template <std::size_t K>
struct sparse_multiple {
  unsigned degree;
  unsigned off[K];
};

/// Q mod P == 0, evaluated at compile time (x^(8e) mod P by repeated multiplication by x^8).
template <std::size_t K>
constexpr bool divides(params p, const sparse_multiple<K>& q) {
  std::uint64_t sum = xpow_mod(8ull * q.degree, p);
  for (std::size_t j = 0; j < K; ++j) sum ^= xpow_mod(8ull * (q.degree - q.off[j]), p);
  if (sum != 0) return false;
  for (std::size_t j = 0; j < K; ++j)
    if (q.off[j] < 16 || q.off[j] > q.degree || (j && q.off[j] <= q.off[j - 1])) return false;
  return q.off[K - 1] == q.degree;
}

namespace sparse {

// The 16-byte word of one step.
#if defined(__wasm_simd128__)
struct word {
  v128_t v;
  static word load(const std::uint8_t* p) noexcept { return {wasm_v128_load(p)}; }
  void store(std::uint8_t* p) const noexcept { wasm_v128_store(p, v); }
  friend word operator^(word a, word b) noexcept { return {wasm_v128_xor(a.v, b.v)}; }
};
#else
struct word {
  std::uint64_t a, b;
  static word load(const std::uint8_t* p) noexcept {
    word w;
    std::memcpy(&w.a, p, 8);
    std::memcpy(&w.b, p + 8, 8);
    return w;
  }
  void store(std::uint8_t* p) const noexcept {
    std::memcpy(p, &a, 8);
    std::memcpy(p + 8, &b, 8);
  }
  friend word operator^(word x, word y) noexcept { return {x.a ^ y.a, x.b ^ y.b}; }
};
#endif

constexpr std::size_t round16(std::size_t n) { return (n + 15) & ~std::size_t{15}; }

/// Bytes of f computed between two moves of the history (a multiple of 16).
inline constexpr std::size_t kSegment = 16384;

/// m ^ f[at - off[0]] ^ ... ^ f[at - off[K-1]]; `f_at` points at f[at].
template <std::size_t K, const sparse_multiple<K>& Q, std::size_t... J>
[[gnu::always_inline]] inline word step(word m, const std::uint8_t* f_at,
                                        std::index_sequence<J...>) noexcept {
  return (m ^ ... ^ word::load(f_at - Q.off[J]));
}

}  // namespace sparse

// The multiples (exponents of Q in bytes, so Q = sum x^(8e)), found by
// scripts/crc_sparse_search.cpp; offsets are degree - e for the lower terms. Searching with a
// minimum offset of 256 bytes keeps every load of f at least 16 steps behind the store that
// wrote it (no store-to-load forwarding stalls on the unaligned loads).
//   crc32      {0, 171, 230, 234, 515}                         weight 5 (P has no x+1 factor)
//   crc32c     {0, 2751, 4508, 5275}                           weight 4 (even weight: P has x+1)
//   crc64      {0, 578, 647, 666, 1213, 1656, 1894, 3512}      weight 8
//   crc64nvme  {0, 112, 341, 538, 1556, 2274, 2655, 2993}      weight 8
inline constexpr sparse_multiple<4> crc32_sparse{515, {515 - 234, 515 - 230, 515 - 171, 515}};
inline constexpr sparse_multiple<3> crc32c_sparse{5275, {5275 - 4508, 5275 - 2751, 5275}};
inline constexpr sparse_multiple<7> crc64_sparse{
    3512, {3512 - 1894, 3512 - 1656, 3512 - 1213, 3512 - 666, 3512 - 647, 3512 - 578, 3512}};
inline constexpr sparse_multiple<7> crc64nvme_sparse{
    2993, {2993 - 2655, 2993 - 2274, 2993 - 1556, 2993 - 538, 2993 - 341, 2993 - 112, 2993}};
// Second stage, for the residue of the first (and for inputs too short for the first): lower
// degree, more terms (found with weights 6 and 12, minimum offset 128 and 32 bytes). The first
// stage's residue of 3-5 KiB would otherwise cost as much table work as ~20 KiB of sparse work.
//   crc32c     {0, 32, 107, 113, 136, 290}                                       weight 6
//   crc64      {0, 7, 21, 27, 77, 192, 252, 265, 287, 345, 353, 397}             weight 12
//   crc64nvme  {0, 46, 59, 70, 83, 101, 179, 195, 212, 243, 279, 350}            weight 12
inline constexpr sparse_multiple<5> crc32c_sparse2{
    290, {154, 177, 183, 258, 290}};
inline constexpr sparse_multiple<11> crc64_sparse2{
    397, {44, 52, 110, 132, 145, 205, 320, 370, 376, 390, 397}};
inline constexpr sparse_multiple<11> crc64nvme_sparse2{
    350, {71, 107, 138, 155, 171, 249, 267, 280, 291, 304, 350}};
static_assert(divides(crc32c_params, crc32c_sparse2));
static_assert(divides(crc64_params, crc64_sparse2));
static_assert(divides(crc64nvme_params, crc64nvme_sparse2));
static_assert(divides(crc32_params, crc32_sparse));
static_assert(divides(crc32c_params, crc32c_sparse));
static_assert(divides(crc64_params, crc64_sparse));
static_assert(divides(crc64nvme_params, crc64nvme_sparse));

/// The smallest input the sparse kernel takes; shorter ones go to the table kernel.
template <std::size_t K, const sparse_multiple<K>& Q>
inline constexpr std::size_t sparse_min_size = 4 * sparse::round16(Q.degree) + 64;

/// Raw CRC (width W, with the byte-table kernel `table` for the residue) of n >= sparse_min_size
/// bytes from raw state `state`, by reduction modulo Q.
template <unsigned W, std::size_t K, const sparse_multiple<K>& Q,
          std::uint64_t (*table)(std::uint64_t, const std::uint8_t*, std::size_t) noexcept>
std::uint64_t sparse_crc(std::uint64_t state, const std::uint8_t* m, std::size_t n) noexcept {
  using sparse::word;
  constexpr std::size_t H = sparse::round16(Q.degree);  // history of f the recurrence reads
  constexpr std::size_t S = sparse::kSegment;
  constexpr auto J = std::make_index_sequence<K>{};
  // buf[0, H): f of the H bytes before the segment; buf[H, H+S): the segment's f. The residue
  // step reads up to H + 16 bytes past the last f, which it needs to read as zeros.
  alignas(16) std::uint8_t buf[H + S + H + 32];
  std::memset(buf, 0, H);

  const std::size_t N = (n - Q.degree) & ~std::size_t{15};  // bytes cancelled, N + degree <= n
  std::size_t seg = 0;                                      // f[p] is at buf[H + p - seg]
  {
    // The first step, with the state xored into the first W/8 bytes.
    alignas(16) std::uint8_t first[16];
    std::memcpy(first, m, 16);
    for (unsigned i = 0; i < W / 8; ++i) first[i] ^= static_cast<std::uint8_t>(state >> (8 * i));
    sparse::step<K, Q>(word::load(first), buf + H, J).store(buf + H);
  }
  std::size_t p = 16;
  for (;;) {
    const std::size_t end = seg + S < N ? seg + S : N;
    std::uint8_t* f = buf + H - seg;  // f + p == &f[p] within this segment
    for (; p < end; p += 16)
      sparse::step<K, Q>(word::load(m + p), f + p, J).store(f + p);
    if (end == N) break;
    std::memmove(buf, buf + S, H);  // the last H bytes of f become the history
    seg += S;
  }

  // Residue r[q], q in [N, n): f past N reads as zero.
  std::uint8_t* f = buf + H - seg;
  std::memset(f + N, 0, H + 32);
  alignas(16) std::uint8_t r[H + 32];
  const std::size_t rn = n - N;  // degree <= rn < degree + 16
  std::size_t i = 0;
  for (; i + 16 <= rn; i += 16)
    sparse::step<K, Q>(word::load(m + N + i), f + N + i, J).store(r + i);
  if (i < rn) {
    alignas(16) std::uint8_t last[16] = {};
    std::memcpy(last, m + N + i, rn - i);
    sparse::step<K, Q>(word::load(last), f + N + i, J).store(r + i);
  }
  return table(0, r, rn);
}

}  // namespace sluice::detail::crc
