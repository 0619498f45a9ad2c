// Start-code scanning, portable: eight bytes at a time while they hold no zero byte (a start
// code needs two), then a byte-level check of the positions that could begin one.
#include <cstring>

#include "nal_kernels.hpp"

namespace sluice::detail::nal {

namespace {
inline bool at(const std::uint8_t* d, std::size_t i) noexcept {
  return d[i] == 0 && d[i + 1] == 0 && d[i + 2] == 1;
}
inline bool has_zero_byte(std::uint64_t w) noexcept {
  return ((w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull) != 0;
}
}  // namespace

std::size_t find_start_code_portable(const std::uint8_t* d, std::size_t n) noexcept {
  if (n < 3) return n;
  const std::size_t last = n - 3;  // last position a start code can begin at
  std::size_t i = 0;
  // Words [i, i+8) with no zero byte cannot hold the first byte of a start code at i..i+7.
  while (i + 8 <= n) {
    std::uint64_t w;
    std::memcpy(&w, d + i, 8);
    if (!has_zero_byte(w)) {
      i += 8;
      continue;
    }
    const std::size_t stop = i + 8 <= last + 1 ? i + 8 : last + 1;
    for (std::size_t p = i; p < stop; ++p) {
      if (d[p + 2] > 1) {  // no start code begins at p, p+1 or p+2
        p += 2;
        continue;
      }
      if (at(d, p)) return p;
    }
    i += 8;
  }
  for (; i <= last; ++i)
    if (at(d, i)) return i;
  return n;
}

}  // namespace sluice::detail::nal
