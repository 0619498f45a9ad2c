// MD5 (RFC 1321). Portable only: MD5 is one serial dependency chain (each step needs the
// previous one), so SIMD gains nothing for a single stream; the code below is fully unrolled
// with the message words loaded once per block, which is what the compiler needs to keep
// a, b, c, d and the 16 words in registers.
//
// Cost: about 4.5-5 cycles per byte on a current x86-64 core; one 64-byte block per
// 64 input bytes, plus one or two blocks in digest().
#include <bit>
#include <cstring>

#include "md5.hpp"
#include "md_hasher.hpp"
#include "registry.hpp"

namespace sluice::detail {

namespace {

inline std::uint32_t load_le32(const std::uint8_t* p) noexcept {
  std::uint32_t v;
  std::memcpy(&v, p, 4);
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap32(v);
  return v;
}

// The four auxiliary functions of RFC 1321 section 3.4, arranged so that the operations
// that wait for the newest value (b) are as few as possible: x + T[i] and anything built
// from c and d only are computed off the critical path, leaving F: 2 ops, G: 1 op and
// an extra add (G = (b & d) + (c & ~d), the two terms never both have a bit set),
// H: 1 op (c ^ d early), I: 2 ops (~d early).
#define SLUICE_MD5_STEP_F(a, b, c, d, x, t, s)  \
  do {                                          \
    (a) += (x) + (t);                           \
    (a) += (d) ^ ((b) & ((c) ^ (d)));           \
    (a) = std::rotl((a), (s)) + (b);            \
  } while (0)
#define SLUICE_MD5_STEP_G(a, b, c, d, x, t, s)  \
  do {                                          \
    (a) += (x) + (t) + ((c) & ~(d));            \
    (a) += (b) & (d);                           \
    (a) = std::rotl((a), (s)) + (b);            \
  } while (0)
#define SLUICE_MD5_STEP_H(a, b, c, d, x, t, s)  \
  do {                                          \
    (a) += (x) + (t);                           \
    (a) += (b) ^ ((c) ^ (d));                   \
    (a) = std::rotl((a), (s)) + (b);            \
  } while (0)
#define SLUICE_MD5_STEP_I(a, b, c, d, x, t, s)  \
  do {                                          \
    (a) += (x) + (t);                           \
    (a) += (c) ^ ((b) | ~(d));                  \
    (a) = std::rotl((a), (s)) + (b);            \
  } while (0)
#define STEP(f, a, b, c, d, x, t, s) SLUICE_MD5_STEP_##f(a, b, c, d, x, t, s)

}  // namespace

void md5_compress(std::uint32_t state[4], const std::uint8_t* blocks, std::size_t nblocks) noexcept {
  std::uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
  for (; nblocks; --nblocks, blocks += 64) {
    std::uint32_t w[16];
    for (int i = 0; i < 16; ++i) w[i] = load_le32(blocks + 4 * i);
    const std::uint32_t a0 = a, b0 = b, c0 = c, d0 = d;
    // Steps 1-64 of RFC 1321 section 3.4: function, word index, T[i] = floor(2^32 |sin(i)|), shift.
    STEP(F, a, b, c, d, w[0], 0xd76aa478u, 7);
    STEP(F, d, a, b, c, w[1], 0xe8c7b756u, 12);
    STEP(F, c, d, a, b, w[2], 0x242070dbu, 17);
    STEP(F, b, c, d, a, w[3], 0xc1bdceeeu, 22);
    STEP(F, a, b, c, d, w[4], 0xf57c0fafu, 7);
    STEP(F, d, a, b, c, w[5], 0x4787c62au, 12);
    STEP(F, c, d, a, b, w[6], 0xa8304613u, 17);
    STEP(F, b, c, d, a, w[7], 0xfd469501u, 22);
    STEP(F, a, b, c, d, w[8], 0x698098d8u, 7);
    STEP(F, d, a, b, c, w[9], 0x8b44f7afu, 12);
    STEP(F, c, d, a, b, w[10], 0xffff5bb1u, 17);
    STEP(F, b, c, d, a, w[11], 0x895cd7beu, 22);
    STEP(F, a, b, c, d, w[12], 0x6b901122u, 7);
    STEP(F, d, a, b, c, w[13], 0xfd987193u, 12);
    STEP(F, c, d, a, b, w[14], 0xa679438eu, 17);
    STEP(F, b, c, d, a, w[15], 0x49b40821u, 22);
    STEP(G, a, b, c, d, w[1], 0xf61e2562u, 5);
    STEP(G, d, a, b, c, w[6], 0xc040b340u, 9);
    STEP(G, c, d, a, b, w[11], 0x265e5a51u, 14);
    STEP(G, b, c, d, a, w[0], 0xe9b6c7aau, 20);
    STEP(G, a, b, c, d, w[5], 0xd62f105du, 5);
    STEP(G, d, a, b, c, w[10], 0x02441453u, 9);
    STEP(G, c, d, a, b, w[15], 0xd8a1e681u, 14);
    STEP(G, b, c, d, a, w[4], 0xe7d3fbc8u, 20);
    STEP(G, a, b, c, d, w[9], 0x21e1cde6u, 5);
    STEP(G, d, a, b, c, w[14], 0xc33707d6u, 9);
    STEP(G, c, d, a, b, w[3], 0xf4d50d87u, 14);
    STEP(G, b, c, d, a, w[8], 0x455a14edu, 20);
    STEP(G, a, b, c, d, w[13], 0xa9e3e905u, 5);
    STEP(G, d, a, b, c, w[2], 0xfcefa3f8u, 9);
    STEP(G, c, d, a, b, w[7], 0x676f02d9u, 14);
    STEP(G, b, c, d, a, w[12], 0x8d2a4c8au, 20);
    STEP(H, a, b, c, d, w[5], 0xfffa3942u, 4);
    STEP(H, d, a, b, c, w[8], 0x8771f681u, 11);
    STEP(H, c, d, a, b, w[11], 0x6d9d6122u, 16);
    STEP(H, b, c, d, a, w[14], 0xfde5380cu, 23);
    STEP(H, a, b, c, d, w[1], 0xa4beea44u, 4);
    STEP(H, d, a, b, c, w[4], 0x4bdecfa9u, 11);
    STEP(H, c, d, a, b, w[7], 0xf6bb4b60u, 16);
    STEP(H, b, c, d, a, w[10], 0xbebfbc70u, 23);
    STEP(H, a, b, c, d, w[13], 0x289b7ec6u, 4);
    STEP(H, d, a, b, c, w[0], 0xeaa127fau, 11);
    STEP(H, c, d, a, b, w[3], 0xd4ef3085u, 16);
    STEP(H, b, c, d, a, w[6], 0x04881d05u, 23);
    STEP(H, a, b, c, d, w[9], 0xd9d4d039u, 4);
    STEP(H, d, a, b, c, w[12], 0xe6db99e5u, 11);
    STEP(H, c, d, a, b, w[15], 0x1fa27cf8u, 16);
    STEP(H, b, c, d, a, w[2], 0xc4ac5665u, 23);
    STEP(I, a, b, c, d, w[0], 0xf4292244u, 6);
    STEP(I, d, a, b, c, w[7], 0x432aff97u, 10);
    STEP(I, c, d, a, b, w[14], 0xab9423a7u, 15);
    STEP(I, b, c, d, a, w[5], 0xfc93a039u, 21);
    STEP(I, a, b, c, d, w[12], 0x655b59c3u, 6);
    STEP(I, d, a, b, c, w[3], 0x8f0ccc92u, 10);
    STEP(I, c, d, a, b, w[10], 0xffeff47du, 15);
    STEP(I, b, c, d, a, w[1], 0x85845dd1u, 21);
    STEP(I, a, b, c, d, w[8], 0x6fa87e4fu, 6);
    STEP(I, d, a, b, c, w[15], 0xfe2ce6e0u, 10);
    STEP(I, c, d, a, b, w[6], 0xa3014314u, 15);
    STEP(I, b, c, d, a, w[13], 0x4e0811a1u, 21);
    STEP(I, a, b, c, d, w[4], 0xf7537e82u, 6);
    STEP(I, d, a, b, c, w[11], 0xbd3af235u, 10);
    STEP(I, c, d, a, b, w[2], 0x2ad7d2bbu, 15);
    STEP(I, b, c, d, a, w[9], 0xeb86d391u, 21);
    a += a0;
    b += b0;
    c += c0;
    d += d0;
  }
  state[0] = a;
  state[1] = b;
  state[2] = c;
  state[3] = d;
}

#undef STEP
#undef SLUICE_MD5_STEP_F
#undef SLUICE_MD5_STEP_G
#undef SLUICE_MD5_STEP_H
#undef SLUICE_MD5_STEP_I

const char* md5_kernel_name() noexcept { return "portable"; }

namespace {

struct md5_traits {
  static constexpr hash_algorithm algorithm = hash_algorithm::md5;
  static constexpr std::size_t words = 4;
  // Initial state, RFC 1321 section 3.3 (words A, B, C, D as little-endian values).
  static constexpr std::uint32_t init[4] = {0x67452301u, 0xefcdab89u, 0x98badcfeu, 0x10325476u};
  static constexpr bool big_endian = false;  // RFC 1321 3.2/3.5: length and digest little-endian
  static constexpr const char* bad_state = "not a saved md5 state";
  static auto compress() noexcept { return &md5_compress; }
};

}  // namespace

std::unique_ptr<Hasher> make_md5_hasher() { return std::make_unique<md_hasher<md5_traits>>(); }

}  // namespace sluice::detail
