// CRC kernels for x86-64 with PCLMULQDQ (compiled with -msse4.1 -mpclmul only).
// Eight 128-bit accumulators fold 128 bytes per iteration (distance 1024 bits), which hides
// the multiplier's latency; then they, and what is left, are folded straight into one
// register, and a Barrett reduction gives the CRC (fold_x86.hpp). All constants are computed
// at compile time from each polynomial (crc_math.hpp).
// Cost: ~16 carry-less multiplies per 128 bytes; about 8 multiplies of set-up and reduction
// per call; inputs under 16 bytes go to the table kernel.
#include "fold_x86.hpp"

namespace sluice::detail::crc {

std::uint64_t crc32_pclmul(std::uint64_t s, const std::uint8_t* p, std::size_t n) noexcept {
  return fold_sse<crc32_fold, crc32_portable>(s, p, n);
}
std::uint64_t crc32c_pclmul(std::uint64_t s, const std::uint8_t* p, std::size_t n) noexcept {
  return fold_sse<crc32c_fold, crc32c_portable>(s, p, n);
}
std::uint64_t crc64_pclmul(std::uint64_t s, const std::uint8_t* p, std::size_t n) noexcept {
  return fold_sse<crc64_fold, crc64_portable>(s, p, n);
}
std::uint64_t crc64nvme_pclmul(std::uint64_t s, const std::uint8_t* p, std::size_t n) noexcept {
  return fold_sse<crc64nvme_fold, crc64nvme_portable>(s, p, n);
}

}  // namespace sluice::detail::crc
