// Internal: BLAKE3 constants, the per-instruction-set kernels and their selection.
//
// Kernels (one file each, compiled with its own flags from sources.cmake, BLAKE3 c/ style):
//   "avx512"    blake3_avx512.cpp    16 chunks at once in zmm lanes  needs avx512f|avx512vl|avx2|sse41|ssse3
//   "avx2"      blake3_avx2.cpp       8 chunks at once in ymm lanes  needs avx2|sse41|ssse3
//   "sse41"     blake3_sse41.cpp      4 chunks at once in xmm lanes  needs sse41|ssse3
//   "portable"  blake3_portable.cpp   one at a time, always available, last in the list
// A kernel is a pair: compress_in_place (one block, used for partial chunks, parents on the
// chunk stack and the root) and hash_many (N equal-length inputs of whole blocks, each
// hashed as its own chain, lane i getting counter + i when increment_counter).
//
// Rule for the ISA files: no non-static inline functions or templates shared with other
// files (the linker could keep an AVX-512 copy of them for everyone); helpers live in an
// anonymous namespace of the file that uses them. constexpr tables are fine.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

namespace sluice::detail::b3 {

inline constexpr std::size_t block_len = 64;
inline constexpr std::size_t chunk_len = 1024;
inline constexpr std::size_t out_len = 32;
inline constexpr std::size_t max_simd_degree = 16;
/// 2^54 chunks of 1 KiB = 2^64 bytes: the chunk stack never holds more than 54 CVs (+1 lazy).
inline constexpr std::size_t max_depth = 54;

// Domain flags, BLAKE3 spec section 2.1 (table 3).
enum : std::uint8_t {
  chunk_start = 1u << 0,
  chunk_end = 1u << 1,
  parent = 1u << 2,
  root = 1u << 3,
  keyed_hash = 1u << 4,
  derive_key_context = 1u << 5,
  derive_key_material = 1u << 6,
};

/// IV = SHA-256's initial hash value (BLAKE3 spec section 2.2).
inline constexpr std::uint32_t iv[8] = {0x6a09e667u, 0xbb67ae85u, 0x3c6ef372u, 0xa54ff53au,
                                        0x510e527fu, 0x9b05688cu, 0x1f83d9abu, 0x5be0cd19u};

/// Message word order of each of the 7 rounds: round 0 is the identity and each next round
/// applies the spec's permutation [2,6,3,10,7,0,4,13,1,11,12,5,9,14,15,8] (section 2.2).
inline constexpr std::uint8_t schedule[7][16] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8},
    {3, 4, 10, 12, 13, 2, 7, 14, 6, 5, 9, 0, 11, 15, 8, 1},
    {10, 7, 12, 9, 14, 3, 13, 15, 4, 0, 11, 2, 5, 8, 1, 6},
    {12, 13, 9, 11, 15, 10, 14, 8, 7, 2, 5, 3, 0, 1, 6, 4},
    {9, 14, 11, 5, 8, 12, 15, 1, 13, 3, 0, 10, 2, 6, 4, 7},
    {11, 15, 5, 0, 1, 9, 8, 6, 14, 10, 2, 12, 3, 4, 7, 13},
};

using compress_fn = void (*)(std::uint32_t cv[8], const std::uint8_t block[64],
                             std::uint8_t block_len, std::uint64_t counter,
                             std::uint8_t flags) noexcept;
/// Hashes `n` inputs of `blocks` 64-byte blocks each; writes n 32-byte CVs to out.
/// flags go on every block, flags_start on the first, flags_end on the last.
using hash_many_fn = void (*)(const std::uint8_t* const* inputs, std::size_t n,
                              std::size_t blocks, const std::uint32_t key[8],
                              std::uint64_t counter, bool increment_counter,
                              std::uint8_t flags, std::uint8_t flags_start,
                              std::uint8_t flags_end, std::uint8_t* out) noexcept;

void compress_in_place_portable(std::uint32_t cv[8], const std::uint8_t block[64],
                                std::uint8_t block_len, std::uint64_t counter,
                                std::uint8_t flags) noexcept;
void hash_many_portable(const std::uint8_t* const* inputs, std::size_t n, std::size_t blocks,
                        const std::uint32_t key[8], std::uint64_t counter,
                        bool increment_counter, std::uint8_t flags, std::uint8_t flags_start,
                        std::uint8_t flags_end, std::uint8_t* out) noexcept;
#if defined(SLUICE_HASH_X86)
void hash_many_sse41(const std::uint8_t* const* inputs, std::size_t n, std::size_t blocks,
                     const std::uint32_t key[8], std::uint64_t counter, bool increment_counter,
                     std::uint8_t flags, std::uint8_t flags_start, std::uint8_t flags_end,
                     std::uint8_t* out) noexcept;
void hash_many_avx2(const std::uint8_t* const* inputs, std::size_t n, std::size_t blocks,
                    const std::uint32_t key[8], std::uint64_t counter, bool increment_counter,
                    std::uint8_t flags, std::uint8_t flags_start, std::uint8_t flags_end,
                    std::uint8_t* out) noexcept;
void hash_many_avx512(const std::uint8_t* const* inputs, std::size_t n, std::size_t blocks,
                      const std::uint32_t key[8], std::uint64_t counter, bool increment_counter,
                      std::uint8_t flags, std::uint8_t flags_start, std::uint8_t flags_end,
                      std::uint8_t* out) noexcept;
#endif
#if defined(SLUICE_HASH_WASM_SIMD)
void hash_many_simd128(const std::uint8_t* const* inputs, std::size_t n, std::size_t blocks,
                       const std::uint32_t key[8], std::uint64_t counter, bool increment_counter,
                       std::uint8_t flags, std::uint8_t flags_start, std::uint8_t flags_end,
                       std::uint8_t* out) noexcept;
#endif

struct kernel {
  const char* name;
  std::uint32_t required;  ///< cpu::feature bits that must all be present
  std::size_t simd_degree; ///< inputs hash_many takes at once
  compress_fn compress_in_place;
  hash_many_fn hash_many;
};

/// The kernel cpu::features() selects now (one relaxed atomic load + compare per call).
const kernel& select() noexcept;
/// Every kernel built into this binary, best first (the portable one last).
std::span<const kernel> kernels() noexcept;

/// Hashes the last n (1 <= n < W) inputs of a batch with one call of a W-lane kernel: the
/// spare lanes repeat the last input and their outputs are dropped. One such call costs about
/// what a narrower kernel's does (see hash_many_avx512). hash_w(inputs, out) is the W-lane
/// kernel with the batch's other arguments bound; it is instantiated in each kernel's own
/// translation unit, with that unit's instruction set.
template <std::size_t W, class HashW>
inline void hash_padded(const std::uint8_t* const* inputs, std::size_t n, std::uint8_t* out,
                        HashW hash_w) noexcept {
  const std::uint8_t* padded[W];
  for (std::size_t i = 0; i < W; ++i) padded[i] = inputs[i < n ? i : n - 1];
  alignas(64) std::uint8_t tmp[W * out_len];
  hash_w(padded, tmp);
  std::memcpy(out, tmp, n * out_len);
}

}  // namespace sluice::detail::b3

namespace sluice::detail {
/// Name of the BLAKE3 kernel cpu::features() selects now: "avx512", "avx2", "sse41", "portable".
const char* blake3_kernel_name() noexcept;
}  // namespace sluice::detail
