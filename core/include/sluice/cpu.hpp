// sluice/cpu.hpp — which instruction-set extensions the running CPU offers.
//
// Kernels are chosen at run time from these flags (never at build time), so one binary runs
// on any x86-64 and uses what is there. Tests force the portable paths by masking features:
//   - in code: sluice::cpu::set_mask(~cpu::avx512 & ...), or
//   - from the environment: SLUICE_CPU_MASK=none | all | a comma list of features to keep,
//     e.g. SLUICE_CPU_MASK=sse42,pclmul (read once, at the first query).
// Under WebAssembly the flags are constants: `wasm_simd128` when built with -msimd128.
#pragma once

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

/// Features present and allowed (detected & mask). OS support for the wider registers
/// (XGETBV) is part of detection.
std::uint32_t features() noexcept;
/// Features the hardware has, ignoring the mask.
std::uint32_t detected() noexcept;
/// Restricts `features()` to `mask` (tests); returns the previous mask.
std::uint32_t set_mask(std::uint32_t mask) noexcept;
inline bool has(std::uint32_t f) noexcept { return (features() & f) == f; }
/// "sse42,pclmul,avx2,..." for messages and `sluice --version`.
std::string describe(std::uint32_t flags);

}  // namespace sluice::cpu
