// Portable CRC kernels: slicing-by-8 over tables computed at compile time (crc_math.hpp).
// Cost: about one table lookup per byte, eight independent lookups per 8-byte step.
#include <bit>
#include <cstring>

#include "crc_math.hpp"
#include "kernels.hpp"

namespace sluice::detail::crc {
namespace {

inline std::uint64_t load_le64(const std::uint8_t* p) noexcept {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  if constexpr (std::endian::native == std::endian::big) {
    std::uint64_t r = 0;
    for (int i = 0; i < 8; ++i) r = (r << 8) | ((v >> (8 * i)) & 0xff);
    v = r;
  }
  return v;
}

template <typename T, const slice8_tables<T>& tab>
std::uint64_t slice8(std::uint64_t state, const std::uint8_t* p, std::size_t n) noexcept {
  T c = static_cast<T>(state);
  while (n >= 8) {
    // The register lines up with the first width/8 bytes of the word (reflected CRC).
    const std::uint64_t v = load_le64(p) ^ c;
    c = static_cast<T>(tab.t[7][v & 0xff] ^ tab.t[6][(v >> 8) & 0xff] ^
                       tab.t[5][(v >> 16) & 0xff] ^ tab.t[4][(v >> 24) & 0xff] ^
                       tab.t[3][(v >> 32) & 0xff] ^ tab.t[2][(v >> 40) & 0xff] ^
                       tab.t[1][(v >> 48) & 0xff] ^ tab.t[0][v >> 56]);
    p += 8;
    n -= 8;
  }
  while (n--) c = static_cast<T>((c >> 8) ^ tab.t[0][(c ^ *p++) & 0xff]);
  return c;
}

}  // namespace

std::uint64_t crc32_portable(std::uint64_t s, const std::uint8_t* p, std::size_t n) noexcept {
  return slice8<std::uint32_t, crc32_tables>(s, p, n);
}
std::uint64_t crc32c_portable(std::uint64_t s, const std::uint8_t* p, std::size_t n) noexcept {
  return slice8<std::uint32_t, crc32c_tables>(s, p, n);
}
std::uint64_t crc64_portable(std::uint64_t s, const std::uint8_t* p, std::size_t n) noexcept {
  return slice8<std::uint64_t, crc64_tables>(s, p, n);
}
std::uint64_t crc64nvme_portable(std::uint64_t s, const std::uint8_t* p, std::size_t n) noexcept {
  return slice8<std::uint64_t, crc64nvme_tables>(s, p, n);
}

}  // namespace sluice::detail::crc
