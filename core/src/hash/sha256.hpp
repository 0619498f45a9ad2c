// Internal: SHA-256 block kernels and their run-time selection.
//
// Kernels (one source file each, compiled with its own flags from sources.cmake):
//   "shani"     sha256_shani.cpp   x86-64 SHA extensions (+SSE4.1)  — needs cpu::sha_ni|sse41|ssse3
//   "simd128"   sha256_simd128.cpp WebAssembly SIMD128 message schedule — only in the SIMD module
//   "portable"  sha256.cpp         plain C++, always available, last in the list
// The choice follows cpu::features(), re-checked on every call (two relaxed loads, inline: the
// features word and the cached choice, and a compare), so that tests can flip cpu::set_mask()
// between calls.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace sluice::detail {

using sha256_compress_fn = void (*)(std::uint32_t state[8], const std::uint8_t* blocks,
                                    std::size_t nblocks) noexcept;

/// Round constants K[0..63], FIPS 180-4 section 4.2.2.
extern const std::uint32_t sha256_k[64];

void sha256_compress_portable(std::uint32_t state[8], const std::uint8_t* blocks,
                              std::size_t nblocks) noexcept;
#if defined(SLUICE_HASH_WASM_SIMD)
void sha256_compress_simd128(std::uint32_t state[8], const std::uint8_t* blocks,
                             std::size_t nblocks) noexcept;
#endif
#if defined(SLUICE_HASH_X86)
void sha256_compress_shani(std::uint32_t state[8], const std::uint8_t* blocks,
                           std::size_t nblocks) noexcept;
#endif

struct sha256_kernel_info {
  const char* name;
  std::uint32_t required;  ///< cpu::feature bits that must all be present
  sha256_compress_fn fn;
};
/// Every kernel built into this binary, best first (the portable one last).
std::span<const sha256_kernel_info> sha256_kernels() noexcept;

/// The kernel cpu::features() selects now.
sha256_compress_fn sha256_kernel() noexcept;
/// Its name: "shani", "simd128" or "portable".
const char* sha256_kernel_name() noexcept;

}  // namespace sluice::detail
