// sluice/xxhash.hpp — one-shot xxHash values (seed 0), without a Hasher.
//
// The same functions as Hasher::create(hash_algorithm::xxh64 / xxh3 / xxh128), for callers
// that have the whole input: no allocation, no virtual calls. Canonical forms as
// `xxhsum -H1/-H3/-H2` print them are what Hasher::digest() writes; here the values are
// returned as integers (xxh128: high and low 64-bit halves; canonical = high then low,
// each big-endian).
//
// Cost: inputs of 1 KiB or more run xxHash's AVX2 code when cpu::features() has AVX2, else its
// SSE2 code (x86-64) or scalar code (elsewhere, and in WebAssembly).
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace sluice {

struct xxh128_value {
  std::uint64_t high;
  std::uint64_t low;
  friend constexpr bool operator==(const xxh128_value&, const xxh128_value&) = default;
};

std::uint64_t xxh64(const void* data, std::size_t size) noexcept;
std::uint64_t xxh3(const void* data, std::size_t size) noexcept;
xxh128_value xxh128(const void* data, std::size_t size) noexcept;

inline std::uint64_t xxh64(std::span<const std::uint8_t> d) noexcept { return xxh64(d.data(), d.size()); }
inline std::uint64_t xxh3(std::span<const std::uint8_t> d) noexcept { return xxh3(d.data(), d.size()); }
inline xxh128_value xxh128(std::span<const std::uint8_t> d) noexcept { return xxh128(d.data(), d.size()); }

}  // namespace sluice
