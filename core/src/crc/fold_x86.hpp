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
// message (mod P)" is kept. At the end the 16-byte register, followed by the last < 16 bytes,
// is simply a shorter message: the portable kernel finishes it from state 0.
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

/// The register, then the tail bytes, through the finishing kernel from state 0.
template <kernel_fn Finish>
[[gnu::always_inline]] inline std::uint64_t finish(__m128i x, const std::uint8_t* tail,
                                                   std::size_t n) noexcept {
  alignas(16) std::uint8_t buf[32];
  _mm_store_si128(reinterpret_cast<__m128i*>(buf), x);
  if (n) std::memcpy(buf + 16, tail, n);
  return Finish(0, buf, 16 + n);
}

}  // namespace
}  // namespace sluice::detail::crc
