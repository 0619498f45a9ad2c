// sluice/crc.hpp — the four CRCs as strong types, one-shot functions and combine().
//
//   crc32       CRC-32/ISO-HDLC  (zlib, gzip, PNG)    check("123456789") = cbf43926
//   crc32c      CRC-32/ISCSI     (Castagnoli)         check("123456789") = e3069283
//   crc64       CRC-64/XZ        (xz's check)         check("123456789") = 995dc9bbdf1939fa
//   crc64nvme   CRC-64/NVME      (the S3 checksum)    check("123456789") = ae8b14860a799888
//
// Values are the finished CRCs as the catalogue defines them (final xor applied). Each type is
// an enum class, as absl::crc32c_t: construct with crc32c_t{v}, read with static_cast, compare
// with ==; nothing converts implicitly, so a CRC-32 can never be passed where a CRC-32C is meant.
//
// Continuation: crc32(b, crc32(a)) == crc32(a ‖ b), and the default `prev` (zero) is the CRC
// of the empty message, so crc32(data) is the plain CRC.
//
// Cost: the work is done by the fastest kernel the running CPU offers, chosen at every call
// from cpu::features() (a few compares): on x86-64 512-bit or 256-bit VPCLMULQDQ folding,
// 128-bit PCLMULQDQ folding, and for CRC-32C the SSE4.2 crc32 instruction; everywhere else,
// and in WebAssembly, slicing-by-8 tables. Inputs under 16 bytes always take the table path.
// combine() costs O(log len_b) carry-less multiplications done in software (~width^2/2 bit
// operations each; a few microseconds for 64-bit lengths at worst).
//
// Thread-safety: all functions are pure and may be called concurrently.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "sluice/hash.hpp"

namespace sluice {

enum class crc32_t : std::uint32_t {};
enum class crc32c_t : std::uint32_t {};
enum class crc64_t : std::uint64_t {};
enum class crc64nvme_t : std::uint64_t {};

crc32_t crc32(const void* data, std::size_t size, crc32_t prev = crc32_t{}) noexcept;
crc32c_t crc32c(const void* data, std::size_t size, crc32c_t prev = crc32c_t{}) noexcept;
crc64_t crc64(const void* data, std::size_t size, crc64_t prev = crc64_t{}) noexcept;
crc64nvme_t crc64nvme(const void* data, std::size_t size, crc64nvme_t prev = crc64nvme_t{}) noexcept;

inline crc32_t crc32(std::span<const std::uint8_t> d, crc32_t prev = crc32_t{}) noexcept {
  return crc32(d.data(), d.size(), prev);
}
inline crc32c_t crc32c(std::span<const std::uint8_t> d, crc32c_t prev = crc32c_t{}) noexcept {
  return crc32c(d.data(), d.size(), prev);
}
inline crc64_t crc64(std::span<const std::uint8_t> d, crc64_t prev = crc64_t{}) noexcept {
  return crc64(d.data(), d.size(), prev);
}
inline crc64nvme_t crc64nvme(std::span<const std::uint8_t> d,
                             crc64nvme_t prev = crc64nvme_t{}) noexcept {
  return crc64nvme(d.data(), d.size(), prev);
}

/// CRC of A ‖ B from crc(A), crc(B) and the length of B in bytes — for pieces computed out of
/// order or in parallel. combine(a, crc of empty, 0) == a.
crc32_t combine(crc32_t a, crc32_t b, std::uint64_t len_b) noexcept;
crc32c_t combine(crc32c_t a, crc32c_t b, std::uint64_t len_b) noexcept;
crc64_t combine(crc64_t a, crc64_t b, std::uint64_t len_b) noexcept;
crc64nvme_t combine(crc64nvme_t a, crc64nvme_t b, std::uint64_t len_b) noexcept;

/// INTERFACE.md's hex forms: 8 lowercase digits for the 32-bit CRCs, 16 for the 64-bit ones.
std::string to_hex(crc32_t c);
std::string to_hex(crc32c_t c);
std::string to_hex(crc64_t c);
std::string to_hex(crc64nvme_t c);

/// Diagnostics and tests: the kernel a call with `size` bytes would use right now under the
/// current cpu::features() ("vpclmul512", "vpclmul256", "pclmul", "sse42", "portable"), or
/// nullptr when `a` is not a CRC.
const char* crc_kernel_name(hash_algorithm a, std::size_t size = 1u << 20) noexcept;

/// Likewise for the xxHash family (implemented in xxh_hasher.cpp): for xxh3 and xxh128 the
/// copy of XXH3 an update() or one-shot of `size` bytes would use ("avx2", or
/// "baseline": SSE2 on x86-64, scalar elsewhere); "scalar" for xxh64; nullptr otherwise.
const char* xxh_kernel_name(hash_algorithm a, std::size_t size = 1u << 20) noexcept;

}  // namespace sluice
