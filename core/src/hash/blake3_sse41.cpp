// BLAKE3 SSE4.1 kernel: hash_many four inputs at a time, one input per 32-bit lane of the
// 16 state vectors (the message words transposed into lanes with unpack instructions).
// Compiled with -msse4.1; used only when cpu::features() has sse41 and ssse3.
#include <immintrin.h>

#include <cstring>

#include "blake3_impl.hpp"

namespace sluice::detail::b3 {

namespace {

using vec = __m128i;

inline vec add(vec a, vec b) noexcept { return _mm_add_epi32(a, b); }
inline vec xor_(vec a, vec b) noexcept { return _mm_xor_si128(a, b); }
inline vec set1(std::uint32_t x) noexcept { return _mm_set1_epi32(static_cast<int>(x)); }
inline vec rot16(vec x) noexcept {
  return _mm_shuffle_epi8(x, _mm_set_epi8(13, 12, 15, 14, 9, 8, 11, 10, 5, 4, 7, 6, 1, 0, 3, 2));
}
inline vec rot12(vec x) noexcept { return _mm_or_si128(_mm_srli_epi32(x, 12), _mm_slli_epi32(x, 20)); }
inline vec rot8(vec x) noexcept {
  return _mm_shuffle_epi8(x, _mm_set_epi8(12, 15, 14, 13, 8, 11, 10, 9, 4, 7, 6, 5, 0, 3, 2, 1));
}
inline vec rot7(vec x) noexcept { return _mm_or_si128(_mm_srli_epi32(x, 7), _mm_slli_epi32(x, 25)); }

[[gnu::always_inline]] inline void g(vec& a, vec& b, vec& c, vec& d, vec x, vec y) noexcept {
  a = add(add(a, b), x);
  d = rot16(xor_(d, a));
  c = add(c, d);
  b = rot12(xor_(b, c));
  a = add(add(a, b), y);
  d = rot8(xor_(d, a));
  c = add(c, d);
  b = rot7(xor_(b, c));
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

// Rows (one input's 4 words each) <-> columns (one word of the 4 inputs each).
inline void transpose4(vec& r0, vec& r1, vec& r2, vec& r3) noexcept {
  vec t0 = _mm_unpacklo_epi32(r0, r1), t1 = _mm_unpackhi_epi32(r0, r1);
  vec t2 = _mm_unpacklo_epi32(r2, r3), t3 = _mm_unpackhi_epi32(r2, r3);
  r0 = _mm_unpacklo_epi64(t0, t2);
  r1 = _mm_unpackhi_epi64(t0, t2);
  r2 = _mm_unpacklo_epi64(t1, t3);
  r3 = _mm_unpackhi_epi64(t1, t3);
}

inline vec loadu(const std::uint8_t* p) noexcept {
  return _mm_loadu_si128(reinterpret_cast<const vec*>(p));
}

void hash4(const std::uint8_t* const* in, std::size_t blocks, const std::uint32_t key[8],
           std::uint64_t counter, bool inc, std::uint8_t flags, std::uint8_t flags_start,
           std::uint8_t flags_end, std::uint8_t* out) noexcept {
  vec h[8];
  for (int i = 0; i < 8; ++i) h[i] = set1(key[i]);
  std::uint32_t lo[4], hi[4];
  for (int i = 0; i < 4; ++i) {
    std::uint64_t c = counter + (inc ? static_cast<std::uint64_t>(i) : 0);
    lo[i] = static_cast<std::uint32_t>(c);
    hi[i] = static_cast<std::uint32_t>(c >> 32);
  }
  const vec ctr_lo = _mm_loadu_si128(reinterpret_cast<const vec*>(lo));
  const vec ctr_hi = _mm_loadu_si128(reinterpret_cast<const vec*>(hi));
  std::uint8_t f = static_cast<std::uint8_t>(flags | flags_start);
  for (std::size_t b = 0; b < blocks; ++b) {
    if (b + 1 == blocks) f = static_cast<std::uint8_t>(f | flags_end);
    const std::size_t off = b * block_len;
    vec m[16];
    for (int q = 0; q < 4; ++q) {
      m[4 * q + 0] = loadu(in[0] + off + 16 * q);
      m[4 * q + 1] = loadu(in[1] + off + 16 * q);
      m[4 * q + 2] = loadu(in[2] + off + 16 * q);
      m[4 * q + 3] = loadu(in[3] + off + 16 * q);
      transpose4(m[4 * q + 0], m[4 * q + 1], m[4 * q + 2], m[4 * q + 3]);
    }
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
  transpose4(h[0], h[1], h[2], h[3]);
  transpose4(h[4], h[5], h[6], h[7]);
  for (int i = 0; i < 4; ++i) {
    _mm_storeu_si128(reinterpret_cast<vec*>(out + 32 * i), h[i]);
    _mm_storeu_si128(reinterpret_cast<vec*>(out + 32 * i + 16), h[4 + i]);
  }
}

}  // namespace

void hash_many_sse41(const std::uint8_t* const* inputs, std::size_t n, std::size_t blocks,
                     const std::uint32_t key[8], std::uint64_t counter, bool increment_counter,
                     std::uint8_t flags, std::uint8_t flags_start, std::uint8_t flags_end,
                     std::uint8_t* out) noexcept {
  while (n >= 4) {
    hash4(inputs, blocks, key, counter, increment_counter, flags, flags_start, flags_end, out);
    if (increment_counter) counter += 4;
    inputs += 4;
    n -= 4;
    out += 4 * out_len;
  }
  if (n >= 2) {
    // 2..3 inputs left: one hash4 with the spare lanes repeating the last input (see
    // hash_many_avx512).
    hash_padded<4>(inputs, n, out, [&](const std::uint8_t* const* in, std::uint8_t* o) {
      hash4(in, blocks, key, counter, increment_counter, flags, flags_start, flags_end, o);
    });
    return;
  }
  hash_many_portable(inputs, n, blocks, key, counter, increment_counter, flags, flags_start,
                     flags_end, out);
}

}  // namespace sluice::detail::b3
