// BLAKE3 AVX-512 kernel: hash_many sixteen inputs at a time, one input per 32-bit lane of
// the 16 state vectors, with native rotates (VPRORD). Fewer than 16 inputs fall through to
// the AVX2 kernel (8), then SSE4.1 (4), then portable.
// Compiled with -mavx512f -mavx512vl -mavx2; used only when cpu::features() has avx512f,
// avx512vl, avx2, sse41 and ssse3.
// Every fixed-count loop here carries an unroll pragma: the vectors must stay in
// registers, and GCC 12 at -O2 (the RelWithDebInfo presets) left these loops rolled,
// running 4-5x slower than at -O3.
// GCC 12 warns that _mm512_undefined_epi32()'s deliberately undefined value is
// "used uninitialized" inside the intrinsics' headers; it is not a bug here.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <immintrin.h>

#include "blake3_impl.hpp"

namespace sluice::detail::b3 {

namespace {

using vec = __m512i;

inline vec add(vec a, vec b) noexcept { return _mm512_add_epi32(a, b); }
inline vec xor_(vec a, vec b) noexcept { return _mm512_xor_si512(a, b); }
inline vec set1(std::uint32_t x) noexcept { return _mm512_set1_epi32(static_cast<int>(x)); }

// Four G functions side by side, step by step (the column or the diagonal half of a
// round): the four independent chains interleaved in program order rather than one G
// after the other, and a += m before a += b (m is ready early, b is the latest result).
[[gnu::always_inline]] inline void g4(vec v[16], const vec m[16], const std::uint8_t* s,
                                      int a0, int a1, int a2, int a3, int b0, int b1, int b2,
                                      int b3, int c0, int c1, int c2, int c3, int d0, int d1,
                                      int d2, int d3) noexcept {
  const int a[4] = {a0, a1, a2, a3}, b[4] = {b0, b1, b2, b3}, c[4] = {c0, c1, c2, c3},
            d[4] = {d0, d1, d2, d3};
#pragma GCC unroll 16
  for (int i = 0; i < 4; ++i) v[a[i]] = add(add(v[a[i]], m[s[2 * i]]), v[b[i]]);
#pragma GCC unroll 16
  for (int i = 0; i < 4; ++i) v[d[i]] = _mm512_ror_epi32(xor_(v[d[i]], v[a[i]]), 16);
#pragma GCC unroll 16
  for (int i = 0; i < 4; ++i) v[c[i]] = add(v[c[i]], v[d[i]]);
#pragma GCC unroll 16
  for (int i = 0; i < 4; ++i) v[b[i]] = _mm512_ror_epi32(xor_(v[b[i]], v[c[i]]), 12);
#pragma GCC unroll 16
  for (int i = 0; i < 4; ++i) v[a[i]] = add(add(v[a[i]], m[s[2 * i + 1]]), v[b[i]]);
#pragma GCC unroll 16
  for (int i = 0; i < 4; ++i) v[d[i]] = _mm512_ror_epi32(xor_(v[d[i]], v[a[i]]), 8);
#pragma GCC unroll 16
  for (int i = 0; i < 4; ++i) v[c[i]] = add(v[c[i]], v[d[i]]);
#pragma GCC unroll 16
  for (int i = 0; i < 4; ++i) v[b[i]] = _mm512_ror_epi32(xor_(v[b[i]], v[c[i]]), 7);
}

[[gnu::always_inline]] inline void round_(vec v[16], const vec m[16], int r) noexcept {
  const std::uint8_t* s = schedule[r];
  g4(v, m, s, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  g4(v, m, s + 8, 0, 1, 2, 3, 5, 6, 7, 4, 10, 11, 8, 9, 15, 12, 13, 14);
}

// 16x16 transpose of 32-bit words: r[i] = one 64-byte block of input i on entry;
// r[w] = word w of the 16 inputs on exit.
inline void transpose16(vec r[16]) noexcept {
  vec t[16], u[16];
#pragma GCC unroll 16
  for (int p = 0; p < 8; ++p) {
    t[2 * p] = _mm512_unpacklo_epi32(r[2 * p], r[2 * p + 1]);
    t[2 * p + 1] = _mm512_unpackhi_epi32(r[2 * p], r[2 * p + 1]);
  }
  // u[4q+c]: in 128-bit lane k, word 4k+c of inputs 4q..4q+3.
#pragma GCC unroll 16
  for (int q = 0; q < 4; ++q) {
    u[4 * q + 0] = _mm512_unpacklo_epi64(t[4 * q], t[4 * q + 2]);
    u[4 * q + 1] = _mm512_unpackhi_epi64(t[4 * q], t[4 * q + 2]);
    u[4 * q + 2] = _mm512_unpacklo_epi64(t[4 * q + 1], t[4 * q + 3]);
    u[4 * q + 3] = _mm512_unpackhi_epi64(t[4 * q + 1], t[4 * q + 3]);
  }
  // For each c, transpose the 4x4 matrix of 128-bit lanes U[q][k] = lane k of u[4q+c].
#pragma GCC unroll 16
  for (int c = 0; c < 4; ++c) {
    vec a0 = _mm512_shuffle_i32x4(u[c], u[4 + c], 0x88);        // U0[0] U0[2] U1[0] U1[2]
    vec a1 = _mm512_shuffle_i32x4(u[c], u[4 + c], 0xdd);        // U0[1] U0[3] U1[1] U1[3]
    vec a2 = _mm512_shuffle_i32x4(u[8 + c], u[12 + c], 0x88);   // U2[0] U2[2] U3[0] U3[2]
    vec a3 = _mm512_shuffle_i32x4(u[8 + c], u[12 + c], 0xdd);   // U2[1] U2[3] U3[1] U3[3]
    r[c] = _mm512_shuffle_i32x4(a0, a2, 0x88);       // k = 0
    r[8 + c] = _mm512_shuffle_i32x4(a0, a2, 0xdd);   // k = 2
    r[4 + c] = _mm512_shuffle_i32x4(a1, a3, 0x88);   // k = 1
    r[12 + c] = _mm512_shuffle_i32x4(a1, a3, 0xdd);  // k = 3
  }
}

void hash16(const std::uint8_t* const* in, std::size_t blocks, const std::uint32_t key[8],
            std::uint64_t counter, bool inc, std::uint8_t flags, std::uint8_t flags_start,
            std::uint8_t flags_end, std::uint8_t* out) noexcept {
  vec h[8];
#pragma GCC unroll 16
  for (int i = 0; i < 8; ++i) h[i] = set1(key[i]);
  alignas(64) std::uint32_t lo[16], hi[16];
#pragma GCC unroll 16
  for (int i = 0; i < 16; ++i) {
    std::uint64_t c = counter + (inc ? static_cast<std::uint64_t>(i) : 0);
    lo[i] = static_cast<std::uint32_t>(c);
    hi[i] = static_cast<std::uint32_t>(c >> 32);
  }
  const vec ctr_lo = _mm512_load_si512(lo);
  const vec ctr_hi = _mm512_load_si512(hi);
  std::uint8_t f = static_cast<std::uint8_t>(flags | flags_start);
  for (std::size_t b = 0; b < blocks; ++b) {
    if (b + 1 == blocks) f = static_cast<std::uint8_t>(f | flags_end);
    const std::size_t off = b * block_len;
    vec m[16];
#pragma GCC unroll 16
    for (int i = 0; i < 16; ++i) {
      // 16 streams 1 KiB apart are more than the hardware prefetchers follow well. Two
      // blocks ahead: 256 B ahead ran 7% slower on 256 MiB (Zen 4, mmap'd page cache).
      _mm_prefetch(reinterpret_cast<const char*>(in[i] + off + 128), _MM_HINT_T0);
      m[i] = _mm512_loadu_si512(in[i] + off);
    }
    transpose16(m);
    vec v[16] = {h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7],
                 set1(iv[0]), set1(iv[1]), set1(iv[2]), set1(iv[3]),
                 ctr_lo, ctr_hi, set1(block_len), set1(f)};
    round_(v, m, 0);
    round_(v, m, 1);
    round_(v, m, 2);
    round_(v, m, 3);
    round_(v, m, 4);
    round_(v, m, 5);
    round_(v, m, 6);
#pragma GCC unroll 16
    for (int i = 0; i < 8; ++i) h[i] = xor_(v[i], v[i + 8]);
    f = flags;
  }
  // Lanes back to per-input CVs (the transpose above, run backwards on 8 words).
  // a[c] (c = 0..3): in 128-bit lane k, words 0-3 of input 4k+c; b[c]: words 4-7.
  vec t[8], a[4], b[4];
#pragma GCC unroll 16
  for (int p = 0; p < 4; ++p) {
    t[2 * p] = _mm512_unpacklo_epi32(h[2 * p], h[2 * p + 1]);
    t[2 * p + 1] = _mm512_unpackhi_epi32(h[2 * p], h[2 * p + 1]);
  }
  a[0] = _mm512_unpacklo_epi64(t[0], t[2]);
  a[1] = _mm512_unpackhi_epi64(t[0], t[2]);
  a[2] = _mm512_unpacklo_epi64(t[1], t[3]);
  a[3] = _mm512_unpackhi_epi64(t[1], t[3]);
  b[0] = _mm512_unpacklo_epi64(t[4], t[6]);
  b[1] = _mm512_unpackhi_epi64(t[4], t[6]);
  b[2] = _mm512_unpacklo_epi64(t[5], t[7]);
  b[3] = _mm512_unpackhi_epi64(t[5], t[7]);
  // Inputs 4k+c and 4k+c+1 (c = 0, 2) are 64 adjacent output bytes:
  // lanes a[c][k] b[c][k] a[c+1][k] b[c+1][k].
#pragma GCC unroll 16
  for (int c = 0; c < 4; c += 2) {
    const vec p0 = _mm512_shuffle_i32x4(a[c], b[c], 0x88);  // a[c][0] a[c][2] b[c][0] b[c][2]
    const vec q0 = _mm512_shuffle_i32x4(a[c], b[c], 0xdd);  // the same with lanes 1 and 3
    const vec p1 = _mm512_shuffle_i32x4(a[c + 1], b[c + 1], 0x88);
    const vec q1 = _mm512_shuffle_i32x4(a[c + 1], b[c + 1], 0xdd);
    _mm512_storeu_si512(out + 32 * (0 + c), _mm512_shuffle_i32x4(p0, p1, 0x88));   // k = 0
    _mm512_storeu_si512(out + 32 * (8 + c), _mm512_shuffle_i32x4(p0, p1, 0xdd));   // k = 2
    _mm512_storeu_si512(out + 32 * (4 + c), _mm512_shuffle_i32x4(q0, q1, 0x88));   // k = 1
    _mm512_storeu_si512(out + 32 * (12 + c), _mm512_shuffle_i32x4(q0, q1, 0xdd));  // k = 3
  }
}

}  // namespace

void hash_many_avx512(const std::uint8_t* const* inputs, std::size_t n, std::size_t blocks,
                      const std::uint32_t key[8], std::uint64_t counter, bool increment_counter,
                      std::uint8_t flags, std::uint8_t flags_start, std::uint8_t flags_end,
                      std::uint8_t* out) noexcept {
  while (n >= 16) {
    hash16(inputs, blocks, key, counter, increment_counter, flags, flags_start, flags_end, out);
    if (increment_counter) counter += 16;
    inputs += 16;
    n -= 16;
    out += 16 * out_len;
  }
  hash_many_avx2(inputs, n, blocks, key, counter, increment_counter, flags, flags_start,
                 flags_end, out);
}

}  // namespace sluice::detail::b3
