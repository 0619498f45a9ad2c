// BLAKE3 portable kernel: the compression function of the BLAKE3 spec (section 2.2), one
// block at a time. Always built; the fallback of every other kernel.
#include <bit>
#include <cstring>

#include "blake3_impl.hpp"

namespace sluice::detail::b3 {

namespace {

inline std::uint32_t load_le32(const std::uint8_t* p) noexcept {
  std::uint32_t v;
  std::memcpy(&v, p, 4);
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap32(v);
  return v;
}
inline void store_le32(std::uint8_t* p, std::uint32_t v) noexcept {
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap32(v);
  std::memcpy(p, &v, 4);
}

#define SLUICE_B3_G(a, b, c, d, x, y)        \
  do {                                       \
    a = a + b + (x);                         \
    d = std::rotr(d ^ a, 16);                \
    c = c + d;                               \
    b = std::rotr(b ^ c, 12);                \
    a = a + b + (y);                         \
    d = std::rotr(d ^ a, 8);                 \
    c = c + d;                               \
    b = std::rotr(b ^ c, 7);                 \
  } while (0)

#define SLUICE_B3_ROUND(r)                                                   \
  do {                                                                       \
    const std::uint8_t* s = schedule[r];                                     \
    SLUICE_B3_G(v0, v4, v8, v12, m[s[0]], m[s[1]]);                          \
    SLUICE_B3_G(v1, v5, v9, v13, m[s[2]], m[s[3]]);                          \
    SLUICE_B3_G(v2, v6, v10, v14, m[s[4]], m[s[5]]);                         \
    SLUICE_B3_G(v3, v7, v11, v15, m[s[6]], m[s[7]]);                         \
    SLUICE_B3_G(v0, v5, v10, v15, m[s[8]], m[s[9]]);                         \
    SLUICE_B3_G(v1, v6, v11, v12, m[s[10]], m[s[11]]);                       \
    SLUICE_B3_G(v2, v7, v8, v13, m[s[12]], m[s[13]]);                        \
    SLUICE_B3_G(v3, v4, v9, v14, m[s[14]], m[s[15]]);                        \
  } while (0)

}  // namespace

void compress_in_place_portable(std::uint32_t cv[8], const std::uint8_t block[64],
                                std::uint8_t blen, std::uint64_t counter,
                                std::uint8_t flags) noexcept {
  std::uint32_t m[16];
  for (int i = 0; i < 16; ++i) m[i] = load_le32(block + 4 * i);
  std::uint32_t v0 = cv[0], v1 = cv[1], v2 = cv[2], v3 = cv[3];
  std::uint32_t v4 = cv[4], v5 = cv[5], v6 = cv[6], v7 = cv[7];
  std::uint32_t v8 = iv[0], v9 = iv[1], v10 = iv[2], v11 = iv[3];
  std::uint32_t v12 = static_cast<std::uint32_t>(counter);
  std::uint32_t v13 = static_cast<std::uint32_t>(counter >> 32);
  std::uint32_t v14 = blen, v15 = flags;
  SLUICE_B3_ROUND(0);
  SLUICE_B3_ROUND(1);
  SLUICE_B3_ROUND(2);
  SLUICE_B3_ROUND(3);
  SLUICE_B3_ROUND(4);
  SLUICE_B3_ROUND(5);
  SLUICE_B3_ROUND(6);
  cv[0] = v0 ^ v8;
  cv[1] = v1 ^ v9;
  cv[2] = v2 ^ v10;
  cv[3] = v3 ^ v11;
  cv[4] = v4 ^ v12;
  cv[5] = v5 ^ v13;
  cv[6] = v6 ^ v14;
  cv[7] = v7 ^ v15;
}

#undef SLUICE_B3_ROUND
#undef SLUICE_B3_G

void hash_many_portable(const std::uint8_t* const* inputs, std::size_t n, std::size_t blocks,
                        const std::uint32_t key[8], std::uint64_t counter,
                        bool increment_counter, std::uint8_t flags, std::uint8_t flags_start,
                        std::uint8_t flags_end, std::uint8_t* out) noexcept {
  for (std::size_t i = 0; i < n; ++i) {
    std::uint32_t cv[8];
    std::memcpy(cv, key, sizeof cv);
    std::uint8_t f = static_cast<std::uint8_t>(flags | flags_start);
    for (std::size_t b = 0; b < blocks; ++b) {
      if (b + 1 == blocks) f = static_cast<std::uint8_t>(f | flags_end);
      compress_in_place_portable(cv, inputs[i] + b * block_len, block_len, counter, f);
      f = flags;
    }
    for (int w = 0; w < 8; ++w) store_le32(out + 32 * i + 4 * w, cv[w]);
    if (increment_counter) ++counter;
  }
}

}  // namespace sluice::detail::b3
