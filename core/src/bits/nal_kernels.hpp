// Internal: the start-code scanning kernels. Each ISA lives in its own file compiled with its
// own -m flags (sources.cmake) and is only called after cpu::features() said it may be.
#pragma once

#include <cstddef>
#include <cstdint>

namespace sluice::detail::nal {

// Every kernel returns the first i in [0, n) with data[i..i+3) == 00 00 01, or n; none reads
// outside [data, data + n).
std::size_t find_start_code_portable(const std::uint8_t* data, std::size_t n) noexcept;
#if defined(SLUICE_BITS_X86)
std::size_t find_start_code_sse2(const std::uint8_t* data, std::size_t n) noexcept;
std::size_t find_start_code_avx2(const std::uint8_t* data, std::size_t n) noexcept;
#endif

}  // namespace sluice::detail::nal
