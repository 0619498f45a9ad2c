// sluice/cpu.hpp — which instruction-set extensions the running CPU offers.
//
// Kernels are chosen at run time from these flags (never at build time), so one binary runs
// on any x86-64 and uses what is there. Tests force the portable paths by masking features:
//   - in code: sluice::cpu::set_mask(~cpu::avx512 & ...), or
//   - from the environment: SLUICE_CPU_MASK=none | all | a comma list of features to keep,
//     e.g. SLUICE_CPU_MASK=sse42,pclmul (read once, at the first query).
// Under WebAssembly the flags are constants: `wasm_simd128` when built with -msimd128.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

namespace sluice::cpu {

enum feature : std::uint32_t {
  sse2 = 1u << 0,
  ssse3 = 1u << 1,
  sse41 = 1u << 2,
  sse42 = 1u << 3,      ///< includes the crc32 instruction
  pclmul = 1u << 4,
  avx = 1u << 5,
  avx2 = 1u << 6,
  bmi2 = 1u << 7,
  sha_ni = 1u << 8,
  avx512f = 1u << 9,
  avx512bw = 1u << 10,
  avx512vl = 1u << 11,
  vpclmul = 1u << 12,   ///< VPCLMULQDQ (with AVX2 / AVX-512 registers)
  wasm_simd128 = 1u << 20,
};

namespace detail {
/// Bit of g_current that says "initialised"; never a feature bit.
inline constexpr std::uint32_t features_ready = 1u << 31;
/// (detected & mask) | features_ready once initialised, 0 before: written by the first query
/// and by set_mask(), read by features() with one relaxed load.
extern std::atomic<std::uint32_t> g_current;
std::uint32_t features_slow() noexcept;
}  // namespace detail

/// Features present and allowed (detected & mask). OS support for the wider registers
/// (XGETBV) is part of detection. Inline: one relaxed atomic load and a test once
/// initialised, so kernel dispatch can ask on every call; a set_mask() is seen by the next
/// call (from another thread: soon after, as with any relaxed store).
inline std::uint32_t features() noexcept {
  const std::uint32_t c = detail::g_current.load(std::memory_order_relaxed);
  if (c & detail::features_ready) [[likely]]
    return c & ~detail::features_ready;
  return detail::features_slow();
}
/// Features the hardware has, ignoring the mask.
std::uint32_t detected() noexcept;
/// Restricts `features()` to `mask` (tests); returns the previous mask.
std::uint32_t set_mask(std::uint32_t mask) noexcept;
inline bool has(std::uint32_t f) noexcept { return (features() & f) == f; }
/// "sse42,pclmul,avx2,..." for messages and `sluice --version`.
std::string describe(std::uint32_t flags);

}  // namespace sluice::cpu
