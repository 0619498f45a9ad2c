// Internal: XXH3 streaming update compiled once per instruction set.
//
// xxHash is used header-only (XXH_INLINE_ALL) in every build: all of its functions become
// static to the including file, so each xxh3_x86_*.cpp, compiled with its own -m flags, holds a
// private copy whose XXH_VECTOR follows those flags (xxhash.h picks AVX-512, AVX2 or SSE2 from
// the predefined macros). The streaming state (XXH3_state_t) has one layout whatever the
// vector width — the accumulators are eight uint64 lanes in every implementation — so any
// variant may continue a state another one started, and the digests are identical by
// xxHash's own contract (it tests every XXH_VECTOR against the scalar code).
#pragma once

#include <cstddef>

namespace sluice::detail::xxh {

/// `state` is an XXH3_state_t that was reset for the 64-bit or the 128-bit hash.
using xxh3_update_fn = void (*)(void* state, const void* data, std::size_t size) noexcept;

void xxh3_update_baseline(void* state, const void* data, std::size_t size) noexcept;
#if defined(SLUICE_CRC_X86)
void xxh3_update_avx2(void* state, const void* data, std::size_t size) noexcept;
void xxh3_update_avx512(void* state, const void* data, std::size_t size) noexcept;
#endif

}  // namespace sluice::detail::xxh
