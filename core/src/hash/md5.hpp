// Internal: the MD5 block function, for the Hasher in md5.cpp, tests and benchmarks.
#pragma once

#include <cstddef>
#include <cstdint>

namespace sluice::detail {

/// Runs the MD5 compression function over `nblocks` 64-byte blocks.
void md5_compress(std::uint32_t state[4], const std::uint8_t* blocks, std::size_t nblocks) noexcept;
/// Always "portable" (MD5 has no SIMD kernel: it is a single serial chain).
const char* md5_kernel_name() noexcept;

}  // namespace sluice::detail
