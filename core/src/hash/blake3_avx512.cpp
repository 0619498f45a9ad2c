// BLAKE3 AVX-512 kernel: hash_many sixteen inputs at a time, one input per 32-bit lane of
// the 16 state vectors, with native rotates (VPRORD). Fewer than 16 inputs fall through to
// the AVX2 kernel (8), then SSE4.1 (4), then portable.
// Compiled with -mavx512f -mavx512vl -mavx2; used only when cpu::features() has avx512f,
// avx512vl, avx2, sse41 and ssse3.
// Every fixed-count loop here carries an unroll pragma: the vectors must stay in
// registers, and GCC 12 at -O2 (the RelWithDebInfo presets) left these loops rolled,
// running 4-5x slower than at -O3.
// Measured on the project machine (Zen 4, one thread, CPU time, alternating runs) against
// the previous version of this file (whole-block loads, 64 shuffles per transpose, GCC
// free to schedule the rounds, prefetch 128 bytes ahead only): 16 chunks in L2 8% less
// time (fence4 and the half-block loads below), 1 MiB 8%, 256 MiB in memory 24% (mostly
// the prefetch of the next 16 chunks in hash16).
// GCC 12 warns that _mm512_undefined_epi32()'s deliberately undefined value is
// "used uninitialized" inside the intrinsics' headers; it is not a bug here.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <immintrin.h>

#include <cstring>

#include "blake3_impl.hpp"

namespace sluice::detail::b3 {

namespace {

using vec = __m512i;

inline vec add(vec a, vec b) noexcept { return _mm512_add_epi32(a, b); }
inline vec xor_(vec a, vec b) noexcept { return _mm512_xor_si512(a, b); }
inline vec set1(std::uint32_t x) noexcept { return _mm512_set1_epi32(static_cast<int>(x)); }

// An empty asm statement that claims to read and write four state vectors. It emits no
// instruction; it only keeps GCC from moving work across it, so each step of g4 below is
// issued as the four independent instructions written, one step after the other. Left to
// itself, GCC's post-RA scheduler interleaved the steps and the rounds ran 4% slower.
[[gnu::always_inline]] inline void fence4(vec v[16], const int x[4]) noexcept {
  asm volatile("" : "+v"(v[x[0]]), "+v"(v[x[1]]), "+v"(v[x[2]]), "+v"(v[x[3]]));
}

// One half of four G functions side by side (a += m + b, d = (d ^ a) >>> R1, c += d,
// b = (b ^ c) >>> R2), step by step: the four independent chains interleaved in program
// order, and a += m before a += b (m is ready early, b is the latest result).
template <int R1, int R2>
[[gnu::always_inline]] inline void half_g4(vec v[16], const vec m[16], const std::uint8_t* s,
                                           const int a[4], const int b[4], const int c[4],
                                           const int d[4]) noexcept {
#pragma GCC unroll 16
  for (int i = 0; i < 4; ++i) v[a[i]] = add(v[a[i]], m[s[2 * i]]);
  fence4(v, a);
#pragma GCC unroll 16
  for (int i = 0; i < 4; ++i) v[a[i]] = add(v[a[i]], v[b[i]]);
  fence4(v, a);
#pragma GCC unroll 16
  for (int i = 0; i < 4; ++i) v[d[i]] = xor_(v[d[i]], v[a[i]]);
  fence4(v, d);
#pragma GCC unroll 16
  for (int i = 0; i < 4; ++i) v[d[i]] = _mm512_ror_epi32(v[d[i]], R1);
  fence4(v, d);
#pragma GCC unroll 16
  for (int i = 0; i < 4; ++i) v[c[i]] = add(v[c[i]], v[d[i]]);
  fence4(v, c);
#pragma GCC unroll 16
  for (int i = 0; i < 4; ++i) v[b[i]] = xor_(v[b[i]], v[c[i]]);
  fence4(v, b);
#pragma GCC unroll 16
  for (int i = 0; i < 4; ++i) v[b[i]] = _mm512_ror_epi32(v[b[i]], R2);
  fence4(v, b);
}

// Four G functions side by side: the column or the diagonal half of a round.
[[gnu::always_inline]] inline void g4(vec v[16], const vec m[16], const std::uint8_t* s,
                                      int a0, int a1, int a2, int a3, int b0, int b1, int b2,
                                      int b3, int c0, int c1, int c2, int c3, int d0, int d1,
                                      int d2, int d3) noexcept {
  const int a[4] = {a0, a1, a2, a3}, b[4] = {b0, b1, b2, b3}, c[4] = {c0, c1, c2, c3},
            d[4] = {d0, d1, d2, d3};
  half_g4<16, 12>(v, m, s, a, b, c, d);
  half_g4<8, 7>(v, m, s + 1, a, b, c, d);
}

[[gnu::always_inline]] inline void round_(vec v[16], const vec m[16], int r) noexcept {
  const std::uint8_t* s = schedule[r];
  g4(v, m, s, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  g4(v, m, s + 8, 0, 1, 2, 3, 5, 6, 7, 4, 10, 11, 8, 9, 15, 12, 13, 14);
}

// Block `off` of the 16 inputs, transposed: m[w] = word w of inputs 0..15.
// Loads go by halves (32 bytes): x[j] = words 0-7 of input p and of input p + 4 (256-bit
// halves), x[8 + j] the same for words 8-15, p = 0..3 for j = 0..3 and p = 8..11 for
// j = 4..7. The 128-bit lanes of x[j] are then (p, words 0-3) (p, 4-7) (p+4, 0-3)
// (p+4, 4-7), so a 4x4 transpose inside the 128-bit lanes of each x[4g..4g+3] (8 unpacks)
// and one vshufi32x4 per output finish the job: 32 unpacks + 16 lane shuffles per block,
// where whole-block loads need 32 + 32 (vinserti64x4 from memory places the upper half).
// Also prefetches each input's next block (64 bytes ahead) into L1: with hash16's
// next-chunks prefetch, 64 bytes ran 4% faster than 128 on a mapped 256 MiB file.
[[gnu::always_inline]] inline void load_block(const std::uint8_t* const* in, std::size_t off,
                                              vec m[16]) noexcept {
  vec x[16];
#pragma GCC unroll 16
  for (int j = 0; j < 8; ++j) {
    const int p = j < 4 ? j : j + 4;
    const std::uint8_t* lo = in[p] + off;
    const std::uint8_t* hi = in[p + 4] + off;
    _mm_prefetch(reinterpret_cast<const char*>(lo + block_len), _MM_HINT_T0);
    _mm_prefetch(reinterpret_cast<const char*>(hi + block_len), _MM_HINT_T0);
    x[j] = _mm512_inserti64x4(
        _mm512_castsi256_si512(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(lo))),
        _mm256_loadu_si256(reinterpret_cast<const __m256i*>(hi)), 1);
    x[8 + j] = _mm512_inserti64x4(
        _mm512_castsi256_si512(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(lo + 32))),
        _mm256_loadu_si256(reinterpret_cast<const __m256i*>(hi + 32)), 1);
  }
  // t[4g+c], 128-bit lane k: word c (k even) or c + 4 (k odd) of the four inputs whose
  // rows x[4g..4g+3] hold in that lane.
  vec t[16];
#pragma GCC unroll 16
  for (int g = 0; g < 4; ++g) {
    const vec a0 = _mm512_unpacklo_epi32(x[4 * g], x[4 * g + 1]);
    const vec a1 = _mm512_unpackhi_epi32(x[4 * g], x[4 * g + 1]);
    const vec a2 = _mm512_unpacklo_epi32(x[4 * g + 2], x[4 * g + 3]);
    const vec a3 = _mm512_unpackhi_epi32(x[4 * g + 2], x[4 * g + 3]);
    t[4 * g + 0] = _mm512_unpacklo_epi64(a0, a2);
    t[4 * g + 1] = _mm512_unpackhi_epi64(a0, a2);
    t[4 * g + 2] = _mm512_unpacklo_epi64(a1, a3);
    t[4 * g + 3] = _mm512_unpackhi_epi64(a1, a3);
  }
  // t[c] lanes: inputs 0-3, 0-3, 4-7, 4-7; t[4+c]: 8-11, 8-11, 12-15, 12-15 (words 0-7;
  // t[8..15] the same for words 8-15). Even lanes of both give word c, odd lanes word c+4.
#pragma GCC unroll 16
  for (int w = 0; w < 16; w += 8) {
#pragma GCC unroll 16
    for (int c = 0; c < 4; ++c) {
      m[w + c] = _mm512_shuffle_i32x4(t[w + c], t[w + 4 + c], 0x88);
      m[w + 4 + c] = _mm512_shuffle_i32x4(t[w + c], t[w + 4 + c], 0xdd);
    }
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
  // Whole chunks side by side (the usual call: 16 consecutive chunks of one input) are
  // followed by the next call's 16 chunks: prefetch those into L2, one line of each per
  // block, 16 KiB ahead. The hardware prefetchers do not follow 16 streams 1 KiB apart
  // well; this took 256 MiB in memory from 58 to 45 ms and a mapped page-cached 256 MiB
  // file from 96 to 85 ms (faults and munmap included). Into L1 (T0) instead: 5% slower on
  // the file; 32 KiB ahead: 4% slower on the file (its pages may not be mapped yet). At the end of the data these prefetches point
  // past it: harmless, a prefetch never faults.
  bool next_group = blocks == chunk_len / block_len;
#pragma GCC unroll 16
  for (int i = 1; i < 16; ++i) next_group = next_group && in[i] == in[0] + i * chunk_len;
  const std::uint8_t* next = in[0] + 16 * chunk_len;
  for (std::size_t b = 0; b < blocks; ++b) {
    if (next_group) {
#pragma GCC unroll 16
      for (int i = 0; i < 16; ++i)
        _mm_prefetch(reinterpret_cast<const char*>(next + i * chunk_len + b * block_len),
                     _MM_HINT_T1);
    }
    if (b + 1 == blocks) f = static_cast<std::uint8_t>(f | flags_end);
    vec m[16];
    load_block(in, b * block_len, m);
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
  // Lanes back to per-input CVs (an 8-word transpose).
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
  if (n > 8) {
    // 9..15 inputs left: one hash16 with the spare lanes repeating the last input costs
    // about what one hash8 or hash4 call does (AMD EPYC, whole 1 KiB chunks: 2.3 us for
    // hash16, 2.2 for hash8, 2.1 for hash4, 1.25 per input for the portable kernel), far less
    // than hash8 + hash4 + up to 3 portable inputs (8.0 us for 15 chunks). Fewer: the
    // narrower kernels, padded the same way.
    hash_padded<16>(inputs, n, out, [&](const std::uint8_t* const* in, std::uint8_t* o) {
      hash16(in, blocks, key, counter, increment_counter, flags, flags_start, flags_end, o);
    });
    return;
  }
  hash_many_avx2(inputs, n, blocks, key, counter, increment_counter, flags, flags_start,
                 flags_end, out);
}

}  // namespace sluice::detail::b3
