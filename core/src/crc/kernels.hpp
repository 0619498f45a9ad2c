// Internal: the CRC kernels and the table that dispatch chooses from.
//
// A kernel maps a raw CRC state (the register before the final xor) and bytes to the new raw
// state. Every kernel of one CRC computes the same function; they differ only in speed and in
// the instructions they need. Each instruction set lives in a source file of its own, compiled
// with only that set's -m flags (core/src/crc/sources.cmake), and is only *called* after
// cpu::features() said the instructions are there.
#pragma once

#include <cstddef>
#include <cstdint>

namespace sluice::detail::crc {

using kernel_fn = std::uint64_t (*)(std::uint64_t raw_state, const std::uint8_t* data,
                                    std::size_t size) noexcept;

enum class kind : unsigned { crc32 = 0, crc32c = 1, crc64 = 2, crc64nvme = 3 };
inline constexpr unsigned kind_count = 4;

// crc_portable.cpp — slicing-by-8 tables; any CPU, any target.
std::uint64_t crc32_portable(std::uint64_t, const std::uint8_t*, std::size_t) noexcept;
std::uint64_t crc32c_portable(std::uint64_t, const std::uint8_t*, std::size_t) noexcept;
std::uint64_t crc64_portable(std::uint64_t, const std::uint8_t*, std::size_t) noexcept;
std::uint64_t crc64nvme_portable(std::uint64_t, const std::uint8_t*, std::size_t) noexcept;

#if defined(SLUICE_CRC_WASM)
// crc_wasm.cpp — slicing-by-16 for WebAssembly (no special instructions needed).
std::uint64_t crc32_wasm(std::uint64_t, const std::uint8_t*, std::size_t) noexcept;
std::uint64_t crc32c_wasm(std::uint64_t, const std::uint8_t*, std::size_t) noexcept;
std::uint64_t crc64_wasm(std::uint64_t, const std::uint8_t*, std::size_t) noexcept;
std::uint64_t crc64nvme_wasm(std::uint64_t, const std::uint8_t*, std::size_t) noexcept;
// crc_wasm.cpp — reduction modulo a sparse multiple of the polynomial (crc_sparse.hpp) for
// inputs of at least sparse_min_size bytes, slicing-by-16 below that.
std::uint64_t crc32_wasm_sparse(std::uint64_t, const std::uint8_t*, std::size_t) noexcept;
std::uint64_t crc32c_wasm_sparse(std::uint64_t, const std::uint8_t*, std::size_t) noexcept;
std::uint64_t crc64_wasm_sparse(std::uint64_t, const std::uint8_t*, std::size_t) noexcept;
std::uint64_t crc64nvme_wasm_sparse(std::uint64_t, const std::uint8_t*, std::size_t) noexcept;
#endif

#if defined(SLUICE_CRC_X86)
// crc_x86_pclmul.cpp — 128-bit carry-less-multiply folding (needs sse41 + pclmul).
std::uint64_t crc32_pclmul(std::uint64_t, const std::uint8_t*, std::size_t) noexcept;
std::uint64_t crc32c_pclmul(std::uint64_t, const std::uint8_t*, std::size_t) noexcept;
std::uint64_t crc64_pclmul(std::uint64_t, const std::uint8_t*, std::size_t) noexcept;
std::uint64_t crc64nvme_pclmul(std::uint64_t, const std::uint8_t*, std::size_t) noexcept;

// crc_x86_sse42.cpp — the crc32 instruction, three interleaved streams (crc32c only; needs
// sse42 + pclmul, the latter to merge the streams).
std::uint64_t crc32c_sse42(std::uint64_t, const std::uint8_t*, std::size_t) noexcept;

// crc_x86_avx512.cpp — 512-bit VPCLMULQDQ folding (avx512f/bw/vl + vpclmul + pclmul; the
// crc32c variant also needs sse42 for short inputs).
std::uint64_t crc32_vpclmul512(std::uint64_t, const std::uint8_t*, std::size_t) noexcept;
std::uint64_t crc32c_vpclmul512(std::uint64_t, const std::uint8_t*, std::size_t) noexcept;
std::uint64_t crc64_vpclmul512(std::uint64_t, const std::uint8_t*, std::size_t) noexcept;
std::uint64_t crc64nvme_vpclmul512(std::uint64_t, const std::uint8_t*, std::size_t) noexcept;

// crc_x86_avx2.cpp — 256-bit VPCLMULQDQ folding (avx2 + vpclmul + pclmul).
std::uint64_t crc32_vpclmul256(std::uint64_t, const std::uint8_t*, std::size_t) noexcept;
std::uint64_t crc32c_vpclmul256(std::uint64_t, const std::uint8_t*, std::size_t) noexcept;
std::uint64_t crc64_vpclmul256(std::uint64_t, const std::uint8_t*, std::size_t) noexcept;
std::uint64_t crc64nvme_vpclmul256(std::uint64_t, const std::uint8_t*, std::size_t) noexcept;
#endif

}  // namespace sluice::detail::crc
