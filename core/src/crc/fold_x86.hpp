// Internal, x86 only: the 128-bit folding step shared by the carry-less-multiply kernels.
//
// Included by each crc_x86_*.cpp. Everything is in an anonymous namespace on purpose: every
// translation unit gets its own copy compiled with its own -m flags, so the linker can never
// merge an AVX-512 build of a helper into the SSE kernel (the classic ODR trap of per-file ISA
// flags).
//
// Derivation (our own; see crc_math.hpp for the conventions). Sixteen message bytes loaded
// little-endian into a register X: bit m holds the coefficient of x^(127-m), because byte 0's
// bit 0 is the highest-degree bit of a reflected CRC's message. So X = H*x^64 + L with H the
// low qword. If D more message bits follow X, then X*x^D = H*x^(64+D) + L*x^D, and
// PCLMULQDQ(H, x^(64+D-1) mod P) ^ PCLMULQDQ(L, x^(D-1) mod P) is a 128-bit register congruent
// to it (each product of two reflected qwords lands one bit low, hence the -1). XOR the
// message block that sits D bits later and the invariant "register * x^|rest| + rest ≡
// message (mod P)" is kept. The last partial block and the final reduction are below.
#pragma once

#include <immintrin.h>

#include <cstring>

#include "crc_math.hpp"
#include "kernels.hpp"

namespace sluice::detail::crc {
namespace {

[[gnu::always_inline]] inline __m128i kvec(const fold_pair& f) noexcept {
  return _mm_set_epi64x(static_cast<long long>(f.hi), static_cast<long long>(f.lo));
}

[[gnu::always_inline]] inline __m128i fold128(__m128i x, __m128i k) noexcept {
  return _mm_xor_si128(_mm_clmulepi64_si128(x, k, 0x00), _mm_clmulepi64_si128(x, k, 0x11));
}

[[gnu::always_inline]] inline __m128i load128(const std::uint8_t* p) noexcept {
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
}

/// x is followed by k < 16 whole blocks at p: fold every block straight to the last one, with
/// its own distance's constant, so the multiplies are independent (one multiplier latency).
template <const fold_constants& K>
[[gnu::always_inline]] inline __m128i fold_blocks(__m128i x, const std::uint8_t* p,
                                                  std::size_t k) noexcept {
  if (k == 0) return x;
  __m128i acc = fold128(x, kvec(K.fold[k]));
  for (std::size_t i = 0; i + 1 < k; ++i)
    acc = _mm_xor_si128(acc, fold128(load128(p + 16 * i), kvec(K.fold[k - 1 - i])));
  return _mm_xor_si128(acc, load128(p + 16 * (k - 1)));
}

/// x is followed by the last r (1..15) bytes of the input, which ends at `end`; at least 16
/// bytes precede `end`, so the 16-byte load that ends there stays inside the input. The
/// message X ‖ T is rewritten as Z ‖ B with B = (X without its first r bytes) ‖ T and Z = the
/// first r bytes of X behind 16 - r zero bytes (leading zeros do not change a polynomial).
template <const fold_constants& K>
[[gnu::always_inline]] inline __m128i fold_partial(__m128i x, const std::uint8_t* end,
                                                   std::size_t r) noexcept {
  alignas(16) static constexpr std::uint8_t kShuffle[48] = {
      0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
      0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80};
  const __m128i to_z = _mm_loadu_si128(reinterpret_cast<const __m128i*>(kShuffle + r));
  const __m128i to_b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(kShuffle + 16 + r));
  const __m128i z = _mm_shuffle_epi8(x, to_z);  // byte j = x[j - (16 - r)], or 0
  // byte j = x[j + r] where that exists; the last r bytes from the input (high bit of to_b set).
  const __m128i b = _mm_blendv_epi8(_mm_shuffle_epi8(x, to_b), load128(end - 16), to_b);
  return _mm_xor_si128(fold128(z, kvec(K.fold[1])), b);
}

/// The raw CRC state of a message whose polynomial is the register x: x * x^W mod P.
/// T = H * x^(64+W) + L * x^W (one multiply, degree < 64 + W), then Barrett reduction:
/// A = floor(T / x^W), q = A + floor(A * (mu - mu_0) / x^64) = floor(T / P), and
/// T mod P = (T + q * P) mod x^W = T mod x^W + (q * (P - 1) + q) mod x^W.
/// With reflected operands each product lands one bit low, which the constants absorb
/// (crc_math.hpp stores mu and P without their x^0 terms, divided by x).
template <const fold_constants& K>
[[gnu::always_inline]] inline std::uint64_t reduce(__m128i x) noexcept {
  const __m128i kf = _mm_cvtsi64_si128(static_cast<long long>(K.k_final));
  const __m128i mp = _mm_set_epi64x(static_cast<long long>(K.poly), static_cast<long long>(K.mu));
  __m128i l = _mm_srli_si128(x, 8);
  if constexpr (K.width == 32) l = _mm_slli_si128(l, 4);
  const __m128i t = _mm_xor_si128(_mm_clmulepi64_si128(x, kf, 0x00), l);
  const __m128i a = K.width == 64 ? t : _mm_srli_si128(t, 4);
  const __m128i q = _mm_clmulepi64_si128(a, mp, 0x00);
  const __m128i v = _mm_clmulepi64_si128(q, mp, 0x10);
  const auto q0 = static_cast<std::uint64_t>(_mm_cvtsi128_si64(q));
  if constexpr (K.width == 64) {
    return static_cast<std::uint64_t>(_mm_extract_epi64(t, 1)) ^
           static_cast<std::uint64_t>(_mm_extract_epi64(v, 1)) ^ q0;
  } else {
    return static_cast<std::uint32_t>(_mm_extract_epi32(t, 3)) ^
           static_cast<std::uint32_t>(_mm_extract_epi32(v, 3)) ^ (q0 >> 32);
  }
}

/// Everything after the wide loops: whole blocks, the partial block, the reduction.
template <const fold_constants& K>
[[gnu::always_inline]] inline std::uint64_t finish(__m128i x, const std::uint8_t* p,
                                                   const std::uint8_t* end) noexcept {
  const auto k = static_cast<std::size_t>(end - p) / 16;
  x = fold_blocks<K>(x, p, k);
  p += 16 * k;
  if (p != end) x = fold_partial<K>(x, end, static_cast<std::size_t>(end - p));
  return reduce<K>(x);
}

/// The whole 128-bit kernel: eight accumulators from 128 bytes on, then finish().
/// Instantiated by crc_x86_pclmul.cpp, and inlined by the wider kernels for short inputs.
template <const fold_constants& K, kernel_fn Table>
[[gnu::always_inline]] inline std::uint64_t fold_sse(std::uint64_t state, const std::uint8_t* p, std::size_t n) noexcept {
  if (n < 16) return Table(state, p, n);
  const std::uint8_t* const end = p + n;
  __m128i x0 = _mm_xor_si128(load128(p), _mm_cvtsi64_si128(static_cast<long long>(state)));
  p += 16;
  if (end - p >= 112) {
    __m128i x1 = load128(p), x2 = load128(p + 16), x3 = load128(p + 32), x4 = load128(p + 48);
    __m128i x5 = load128(p + 64), x6 = load128(p + 80), x7 = load128(p + 96);
    p += 112;
    const __m128i k8 = kvec(K.fold[8]);
    while (end - p >= 128) {
      x0 = _mm_xor_si128(fold128(x0, k8), load128(p));
      x1 = _mm_xor_si128(fold128(x1, k8), load128(p + 16));
      x2 = _mm_xor_si128(fold128(x2, k8), load128(p + 32));
      x3 = _mm_xor_si128(fold128(x3, k8), load128(p + 48));
      x4 = _mm_xor_si128(fold128(x4, k8), load128(p + 64));
      x5 = _mm_xor_si128(fold128(x5, k8), load128(p + 80));
      x6 = _mm_xor_si128(fold128(x6, k8), load128(p + 96));
      x7 = _mm_xor_si128(fold128(x7, k8), load128(p + 112));
      p += 128;
    }
    // Accumulator i sits (7 - i) * 128 bits before accumulator 7.
    const __m128i a = _mm_xor_si128(fold128(x0, kvec(K.fold[7])), fold128(x1, kvec(K.fold[6])));
    const __m128i b = _mm_xor_si128(fold128(x2, kvec(K.fold[5])), fold128(x3, kvec(K.fold[4])));
    const __m128i c = _mm_xor_si128(fold128(x4, kvec(K.fold[3])), fold128(x5, kvec(K.fold[2])));
    const __m128i d = _mm_xor_si128(fold128(x6, kvec(K.fold[1])), x7);
    x0 = _mm_xor_si128(_mm_xor_si128(a, b), _mm_xor_si128(c, d));
  }
  return finish<K>(x0, p, end);
}

}  // namespace
}  // namespace sluice::detail::crc
