// BLAKE3 AVX2 kernel: hash_many eight inputs at a time, one input per 32-bit lane of the
// 16 state vectors (message words transposed into lanes with an 8x8 unpack/permute).
// Compiled with -mavx2; used only when cpu::features() has avx2, sse41 and ssse3.
#include <immintrin.h>

#include <cstring>

#include "blake3_impl.hpp"

namespace sluice::detail::b3 {

namespace {

using vec = __m256i;

inline vec add(vec a, vec b) noexcept { return _mm256_add_epi32(a, b); }
inline vec xor_(vec a, vec b) noexcept { return _mm256_xor_si256(a, b); }
inline vec set1(std::uint32_t x) noexcept { return _mm256_set1_epi32(static_cast<int>(x)); }
inline vec rot16(vec x) noexcept {
  return _mm256_shuffle_epi8(x, _mm256_set_epi8(13, 12, 15, 14, 9, 8, 11, 10, 5, 4, 7, 6, 1, 0, 3, 2,
                                                13, 12, 15, 14, 9, 8, 11, 10, 5, 4, 7, 6, 1, 0, 3, 2));
}
inline vec rot12(vec x) noexcept {
  return _mm256_or_si256(_mm256_srli_epi32(x, 12), _mm256_slli_epi32(x, 20));
}
inline vec rot8(vec x) noexcept {
  return _mm256_shuffle_epi8(x, _mm256_set_epi8(12, 15, 14, 13, 8, 11, 10, 9, 4, 7, 6, 5, 0, 3, 2, 1,
                                                12, 15, 14, 13, 8, 11, 10, 9, 4, 7, 6, 5, 0, 3, 2, 1));
}
inline vec rot7(vec x) noexcept {
  return _mm256_or_si256(_mm256_srli_epi32(x, 7), _mm256_slli_epi32(x, 25));
}

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

// 8x8 transpose of 32-bit words: r[i] (row i) becomes column i.
inline void transpose8(vec r[8]) noexcept {
  vec t0 = _mm256_unpacklo_epi32(r[0], r[1]), t1 = _mm256_unpackhi_epi32(r[0], r[1]);
  vec t2 = _mm256_unpacklo_epi32(r[2], r[3]), t3 = _mm256_unpackhi_epi32(r[2], r[3]);
  vec t4 = _mm256_unpacklo_epi32(r[4], r[5]), t5 = _mm256_unpackhi_epi32(r[4], r[5]);
  vec t6 = _mm256_unpacklo_epi32(r[6], r[7]), t7 = _mm256_unpackhi_epi32(r[6], r[7]);
  // u_c: in 128-bit half k, word 4k+c of rows 0-3 (u0..u3) or rows 4-7 (u4..u7).
  vec u0 = _mm256_unpacklo_epi64(t0, t2), u1 = _mm256_unpackhi_epi64(t0, t2);
  vec u2 = _mm256_unpacklo_epi64(t1, t3), u3 = _mm256_unpackhi_epi64(t1, t3);
  vec u4 = _mm256_unpacklo_epi64(t4, t6), u5 = _mm256_unpackhi_epi64(t4, t6);
  vec u6 = _mm256_unpacklo_epi64(t5, t7), u7 = _mm256_unpackhi_epi64(t5, t7);
  r[0] = _mm256_permute2x128_si256(u0, u4, 0x20);
  r[1] = _mm256_permute2x128_si256(u1, u5, 0x20);
  r[2] = _mm256_permute2x128_si256(u2, u6, 0x20);
  r[3] = _mm256_permute2x128_si256(u3, u7, 0x20);
  r[4] = _mm256_permute2x128_si256(u0, u4, 0x31);
  r[5] = _mm256_permute2x128_si256(u1, u5, 0x31);
  r[6] = _mm256_permute2x128_si256(u2, u6, 0x31);
  r[7] = _mm256_permute2x128_si256(u3, u7, 0x31);
}

inline vec loadu(const std::uint8_t* p) noexcept {
  return _mm256_loadu_si256(reinterpret_cast<const vec*>(p));
}

void hash8(const std::uint8_t* const* in, std::size_t blocks, const std::uint32_t key[8],
           std::uint64_t counter, bool inc, std::uint8_t flags, std::uint8_t flags_start,
           std::uint8_t flags_end, std::uint8_t* out) noexcept {
  vec h[8];
  for (int i = 0; i < 8; ++i) h[i] = set1(key[i]);
  alignas(32) std::uint32_t lo[8], hi[8];
  for (int i = 0; i < 8; ++i) {
    std::uint64_t c = counter + (inc ? static_cast<std::uint64_t>(i) : 0);
    lo[i] = static_cast<std::uint32_t>(c);
    hi[i] = static_cast<std::uint32_t>(c >> 32);
  }
  const vec ctr_lo = _mm256_load_si256(reinterpret_cast<const vec*>(lo));
  const vec ctr_hi = _mm256_load_si256(reinterpret_cast<const vec*>(hi));
  std::uint8_t f = static_cast<std::uint8_t>(flags | flags_start);
  for (std::size_t b = 0; b < blocks; ++b) {
    if (b + 1 == blocks) f = static_cast<std::uint8_t>(f | flags_end);
    const std::size_t off = b * block_len;
    vec m[16];
    for (int i = 0; i < 8; ++i) {
      _mm_prefetch(reinterpret_cast<const char*>(in[i] + off + 256), _MM_HINT_T0);
      m[i] = loadu(in[i] + off);
      m[8 + i] = loadu(in[i] + off + 32);
    }
    transpose8(m);
    transpose8(m + 8);
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
  transpose8(h);
  for (int i = 0; i < 8; ++i) _mm256_storeu_si256(reinterpret_cast<vec*>(out + 32 * i), h[i]);
}

}  // namespace

void hash_many_avx2(const std::uint8_t* const* inputs, std::size_t n, std::size_t blocks,
                    const std::uint32_t key[8], std::uint64_t counter, bool increment_counter,
                    std::uint8_t flags, std::uint8_t flags_start, std::uint8_t flags_end,
                    std::uint8_t* out) noexcept {
  while (n >= 8) {
    hash8(inputs, blocks, key, counter, increment_counter, flags, flags_start, flags_end, out);
    if (increment_counter) counter += 8;
    inputs += 8;
    n -= 8;
    out += 8 * out_len;
  }
  if (n > 4) {
    // 5..7 inputs left: one hash8 with the spare lanes repeating the last input (costs about
    // one hash4 call; see hash_many_avx512). Fewer: hash_many_sse41.
    hash_padded<8>(inputs, n, out, [&](const std::uint8_t* const* in, std::uint8_t* o) {
      hash8(in, blocks, key, counter, increment_counter, flags, flags_start, flags_end, o);
    });
    return;
  }
  hash_many_sse41(inputs, n, blocks, key, counter, increment_counter, flags, flags_start,
                  flags_end, out);
}

}  // namespace sluice::detail::b3
