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
// message (mod P)" is kept. finish() and reduce() below end every kernel.
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

/// T mod P for T of degree < 64 + W (Barrett): A = floor(T / x^W),
/// q = A + floor(A * (mu - mu_0) / x^64) = floor(T / P), and
/// T mod P = (T + q * P) mod x^W = T mod x^W + (q * (P - 1) + q) mod x^W.
/// With reflected operands each product lands one bit low, which the constants absorb
/// (crc_math.hpp stores mu and P without their x^0 terms, divided by x).
template <const fold_constants& K>
[[gnu::always_inline]] inline std::uint64_t reduce(__m128i t) noexcept {
  const __m128i mp = _mm_set_epi64x(static_cast<long long>(K.poly), static_cast<long long>(K.mu));
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

/// finish() for a caller that has already folded its accumulators into t (a partial sum of
/// T): the whole blocks left at p and the partial block are added, then reduce().
template <const fold_constants& K>
[[gnu::always_inline]] inline std::uint64_t finish_folded(__m128i t, const std::uint8_t* p,
                                                          const std::uint8_t* end) noexcept {
  alignas(16) static constexpr std::uint8_t kKeepLast[32] = {
      0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,
      0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
  const auto k = static_cast<std::size_t>(end - p) / 16;
  const auto r = static_cast<std::size_t>(end - p) % 16;
  const fold_pair* g = K.tail[r];
  for (std::size_t i = 0; i < k; ++i)
    t = _mm_xor_si128(t, fold128(load128(p + 16 * i), kvec(g[k - 1 - i])));
  if (r) {
    const __m128i keep = _mm_loadu_si128(reinterpret_cast<const __m128i*>(kKeepLast + r));
    t = _mm_xor_si128(t, fold128(_mm_and_si128(load128(end - 16), keep), kvec(K.tail[0][0])));
  }
  return reduce<K>(t);
}

/// Everything after the wide loops, with one multiplier latency before the reduction: the m
/// accumulators acc[0..m) (consecutive 16-byte registers), then the whole blocks left at p,
/// then the partial block (the last r < 16 bytes, taken as the 16 bytes that end the input
/// with the first 16 - r zeroed: leading zeros do not change a polynomial), are each folded
/// straight into T = message * x^W by their distance to the end (tail[r][j]). At least 16
/// bytes of input precede `end`, so that load stays inside it. m + whole blocks <= 16.
template <const fold_constants& K>
[[gnu::always_inline]] inline std::uint64_t finish(const __m128i* acc, std::size_t m,
                                                   const std::uint8_t* p,
                                                   const std::uint8_t* end) noexcept {
  const auto k = static_cast<std::size_t>(end - p) / 16;
  const fold_pair* g = K.tail[static_cast<std::size_t>(end - p) % 16];
  __m128i t = fold128(acc[0], kvec(g[m - 1 + k]));
  for (std::size_t i = 1; i < m; ++i) t = _mm_xor_si128(t, fold128(acc[i], kvec(g[m - 1 - i + k])));
  return finish_folded<K>(t, p, end);
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
    const __m128i acc[8] = {x0, x1, x2, x3, x4, x5, x6, x7};
    return finish<K>(acc, 8, p, end);
  }
  return finish<K>(&x0, 1, p, end);
}

}  // namespace
}  // namespace sluice::detail::crc
