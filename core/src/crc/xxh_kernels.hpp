// Internal: XXH3 streaming update compiled once per instruction set.
//
// xxHash is used header-only (XXH_INLINE_ALL) in every build: all of its functions become
// static to the including file, so xxh3_x86_avx2.cpp, compiled with -mavx2, holds a private
// copy whose XXH_VECTOR follows those flags (xxhash.h picks AVX2 or SSE2 from the predefined
// macros). There is deliberately no AVX-512 copy: on the Zen 4 this was measured on it was no
// faster than AVX2 in cache and half as fast from DRAM (13.4 against 19.2 GB/s at 256 MiB). The streaming state (XXH3_state_t) has one layout whatever the
// vector width — the accumulators are eight uint64 lanes in every implementation — so any
// variant may continue a state another one started, and the digests are identical by
// xxHash's own contract (it tests every XXH_VECTOR against the scalar code).
#pragma once

#include <cstddef>
#include <cstdint>

namespace sluice::detail::xxh {

/// `state` is an XXH3_state_t that was reset for the 64-bit or the 128-bit hash.
using xxh3_update_fn = void (*)(void* state, const void* data, std::size_t size) noexcept;
using xxh3_64_fn = std::uint64_t (*)(const void* data, std::size_t size) noexcept;
/// One-shot XXH3-128: out[0] = high64, out[1] = low64.
using xxh3_128_fn = void (*)(const void* data, std::size_t size, std::uint64_t out[2]) noexcept;

void xxh3_update_baseline(void* state, const void* data, std::size_t size) noexcept;
std::uint64_t xxh3_64_baseline(const void* data, std::size_t size) noexcept;
void xxh3_128_baseline(const void* data, std::size_t size, std::uint64_t out[2]) noexcept;
#if defined(SLUICE_XXH_WASM_SIMD)
// xxh3_simd128.cpp — sluice.wasm only: xxHash's driver with our SIMD128 accumulate/scramble.
void xxh3_update_simd128(void* state, const void* data, std::size_t size) noexcept;
std::uint64_t xxh3_64_simd128(const void* data, std::size_t size) noexcept;
void xxh3_128_simd128(const void* data, std::size_t size, std::uint64_t out[2]) noexcept;
#endif
#if defined(SLUICE_CRC_X86)
void xxh3_update_avx2(void* state, const void* data, std::size_t size) noexcept;
std::uint64_t xxh3_64_avx2(const void* data, std::size_t size) noexcept;
void xxh3_128_avx2(const void* data, std::size_t size, std::uint64_t out[2]) noexcept;
#endif

}  // namespace sluice::detail::xxh
