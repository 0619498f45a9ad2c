// SHA-256 block kernel using the x86 SHA extensions (SHA256RNDS2, SHA256MSG1, SHA256MSG2).
// Compiled with -msse4.1 -msha (sources.cmake); called only when cpu::features() has
// sha_ni, sse41 and ssse3.
//
// SHA256RNDS2 keeps the eight working variables as two vectors, {A,B,E,F} and {C,D,G,H}
// (highest lane first), and does two rounds per instruction with W+K taken from the low
// two lanes of its third operand. Each 4-word group of the schedule,
//   W[t..t+3] = MSG2(MSG1(W[t-16..t-13], W[t-12..t-9]) + W[t-7..t-4], W[t-4..t-1]),
// is computed just before the four rounds that use it.
#include <immintrin.h>

#include "sha256.hpp"

namespace sluice::detail {

namespace {

// Two rnds2 per group: W+K lanes 0,1 then lanes 2,3.
#define SLUICE_SHA_ROUNDS4(msg, g)                                                   \
  do {                                                                               \
    __m128i wk = _mm_add_epi32(                                                      \
        (msg), _mm_loadu_si128(reinterpret_cast<const __m128i*>(sha256_k + 4 * (g)))); \
    cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk);                                    \
    abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(wk, 0x0e));           \
  } while (0)

// m0 holds W[t-16..t-13] on entry and W[t..t+3] on exit.
#define SLUICE_SHA_EXPAND(m0, m1, m2, m3) \
  (m0) = _mm_sha256msg2_epu32(            \
      _mm_add_epi32(_mm_sha256msg1_epu32((m0), (m1)), _mm_alignr_epi8((m3), (m2), 4)), (m3))

}  // namespace

void sha256_compress_shani(std::uint32_t state[8], const std::uint8_t* blocks,
                           std::size_t nblocks) noexcept {
  // Words of each 4-byte group are big-endian in the message.
  const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);

  // state[0..3] = a,b,c,d and state[4..7] = e,f,g,h in lanes 0..3  ->  ABEF / CDGH.
  __m128i abcd = _mm_loadu_si128(reinterpret_cast<const __m128i*>(state));
  __m128i efgh = _mm_loadu_si128(reinterpret_cast<const __m128i*>(state + 4));
  __m128i badc = _mm_shuffle_epi32(abcd, 0xb1);   // lanes b,a,d,c
  __m128i hgfe = _mm_shuffle_epi32(efgh, 0x1b);   // lanes h,g,f,e
  __m128i abef = _mm_alignr_epi8(badc, hgfe, 8);  // lanes f,e,b,a
  __m128i cdgh = _mm_blend_epi16(hgfe, badc, 0xf0);  // lanes h,g,d,c

  for (; nblocks; --nblocks, blocks += 64) {
    const __m128i abef0 = abef, cdgh0 = cdgh;
    __m128i m0 = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(blocks)), bswap);
    __m128i m1 = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(blocks + 16)), bswap);
    __m128i m2 = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(blocks + 32)), bswap);
    __m128i m3 = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(blocks + 48)), bswap);
    SLUICE_SHA_ROUNDS4(m0, 0);
    SLUICE_SHA_ROUNDS4(m1, 1);
    SLUICE_SHA_ROUNDS4(m2, 2);
    SLUICE_SHA_ROUNDS4(m3, 3);
    SLUICE_SHA_EXPAND(m0, m1, m2, m3); SLUICE_SHA_ROUNDS4(m0, 4);
    SLUICE_SHA_EXPAND(m1, m2, m3, m0); SLUICE_SHA_ROUNDS4(m1, 5);
    SLUICE_SHA_EXPAND(m2, m3, m0, m1); SLUICE_SHA_ROUNDS4(m2, 6);
    SLUICE_SHA_EXPAND(m3, m0, m1, m2); SLUICE_SHA_ROUNDS4(m3, 7);
    SLUICE_SHA_EXPAND(m0, m1, m2, m3); SLUICE_SHA_ROUNDS4(m0, 8);
    SLUICE_SHA_EXPAND(m1, m2, m3, m0); SLUICE_SHA_ROUNDS4(m1, 9);
    SLUICE_SHA_EXPAND(m2, m3, m0, m1); SLUICE_SHA_ROUNDS4(m2, 10);
    SLUICE_SHA_EXPAND(m3, m0, m1, m2); SLUICE_SHA_ROUNDS4(m3, 11);
    SLUICE_SHA_EXPAND(m0, m1, m2, m3); SLUICE_SHA_ROUNDS4(m0, 12);
    SLUICE_SHA_EXPAND(m1, m2, m3, m0); SLUICE_SHA_ROUNDS4(m1, 13);
    SLUICE_SHA_EXPAND(m2, m3, m0, m1); SLUICE_SHA_ROUNDS4(m2, 14);
    SLUICE_SHA_EXPAND(m3, m0, m1, m2); SLUICE_SHA_ROUNDS4(m3, 15);
    abef = _mm_add_epi32(abef, abef0);
    cdgh = _mm_add_epi32(cdgh, cdgh0);
  }

  // Back to a,b,c,d / e,f,g,h.
  __m128i feba = _mm_shuffle_epi32(abef, 0x1b);   // lanes a,b,e,f
  __m128i dchg = _mm_shuffle_epi32(cdgh, 0xb1);   // lanes g,h,c,d
  abcd = _mm_blend_epi16(feba, dchg, 0xf0);
  efgh = _mm_alignr_epi8(dchg, feba, 8);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(state), abcd);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(state + 4), efgh);
}

#undef SLUICE_SHA_ROUNDS4
#undef SLUICE_SHA_EXPAND

}  // namespace sluice::detail
