// BLAKE3 AVX-512 kernel: hash_many sixteen inputs at a time, one input per 32-bit lane of
// the 16 state vectors, with native rotates (VPRORD). Fewer than 16 inputs fall through to
// the AVX2 kernel (8), then SSE4.1 (4), then portable.
// Compiled with -mavx512f -mavx512vl -mavx2; used only when cpu::features() has avx512f,
// avx512vl, avx2, sse41 and ssse3.
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

[[gnu::always_inline]] inline void g(vec& a, vec& b, vec& c, vec& d, vec x, vec y) noexcept {
  a = add(add(a, b), x);
  d = _mm512_ror_epi32(xor_(d, a), 16);
  c = add(c, d);
  b = _mm512_ror_epi32(xor_(b, c), 12);
  a = add(add(a, b), y);
  d = _mm512_ror_epi32(xor_(d, a), 8);
  c = add(c, d);
  b = _mm512_ror_epi32(xor_(b, c), 7);
}

[[gnu::always_inline]] inline void round_(vec v[16], const vec m[16], int r) noexcept {
  const std::uint8_t* s = schedule[r];
  g(v[0], v[4], v[8], v[12], m[s[0]], m[s[1]]);
  g(v[1], v[5], v[9], v[13], m[s[2]], m[s[3]]);
  g(v[2], v[6], v[10], v[14], m[s[4]], m[s[5]]);
  g(v[3], v[7], v[11], v[15], m[s[6]], m[s[7]]);
  g(v[0], v[5], v[10], v[15], m[s[8]], m[s[9]]);
  g(v[1], v[6], v[11], v[12], m[s[10]], m[s[11]]);
  g(v[2], v[7], v[8], v[13], m[s[12]], m[s[13]]);
  g(v[3], v[4], v[9], v[14], m[s[14]], m[s[15]]);
}

// 16x16 transpose of 32-bit words: r[i] = one 64-byte block of input i on entry;
// r[w] = word w of the 16 inputs on exit.
inline void transpose16(vec r[16]) noexcept {
  vec t[16], u[16];
  for (int p = 0; p < 8; ++p) {
    t[2 * p] = _mm512_unpacklo_epi32(r[2 * p], r[2 * p + 1]);
    t[2 * p + 1] = _mm512_unpackhi_epi32(r[2 * p], r[2 * p + 1]);
  }
  // u[4q+c]: in 128-bit lane k, word 4k+c of inputs 4q..4q+3.
  for (int q = 0; q < 4; ++q) {
    u[4 * q + 0] = _mm512_unpacklo_epi64(t[4 * q], t[4 * q + 2]);
    u[4 * q + 1] = _mm512_unpackhi_epi64(t[4 * q], t[4 * q + 2]);
    u[4 * q + 2] = _mm512_unpacklo_epi64(t[4 * q + 1], t[4 * q + 3]);
    u[4 * q + 3] = _mm512_unpackhi_epi64(t[4 * q + 1], t[4 * q + 3]);
  }
  // For each c, transpose the 4x4 matrix of 128-bit lanes U[q][k] = lane k of u[4q+c].
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
  for (int i = 0; i < 8; ++i) h[i] = set1(key[i]);
  alignas(64) std::uint32_t lo[16], hi[16];
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
    for (int i = 0; i < 16; ++i) {
      // 16 streams 1 KiB apart are more than the hardware prefetchers follow well.
      _mm_prefetch(reinterpret_cast<const char*>(in[i] + off + 256), _MM_HINT_T0);
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
    for (int i = 0; i < 8; ++i) h[i] = xor_(v[i], v[i + 8]);
    f = flags;
  }
  // Lanes back to per-input CVs: 8 words x 16 lanes through memory (once per input, so
  // this is a small cost next to the 16 compressions of a chunk).
  alignas(64) std::uint32_t words[8][16];
  for (int i = 0; i < 8; ++i) _mm512_store_si512(words[i], h[i]);
  for (int lane = 0; lane < 16; ++lane) {
    // Gather column `lane` into a 256-bit row with a stride-16 gather from the stack copy.
    __m256i idx = _mm256_setr_epi32(0, 16, 32, 48, 64, 80, 96, 112);
    __m256i row = _mm256_i32gather_epi32(reinterpret_cast<const int*>(&words[0][lane]), idx, 4);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + 32 * lane), row);
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
