// sluice/hash.hpp — checksums and cryptographic hashes, streaming and one-shot.
//
// Algorithms and their printed forms are fixed by INTERFACE.md:
//   crc32      CRC-32/ISO-HDLC      4-byte digest, the value big-endian (hex = 8 digits)
//   crc32c     CRC-32/ISCSI         4-byte digest, the value big-endian
//   crc64      CRC-64/XZ            8-byte digest, the value big-endian
//   crc64nvme  CRC-64/NVME          8-byte digest, the value big-endian
//   md5, sha256, blake3 (32-byte)   digest bytes in order
//   xxh64, xxh3 (64-bit), xxh128    seed 0, canonical (big-endian) form
// so that to_hex(digest) is always the form the reference tools print.
//
// A Hasher is fed with update() any number of times, with any sizes and alignments;
// digest() does not disturb the state (more updates may follow). save_state() /
// restore_state() carry a hash across a restart, in either target (the bytes are the same
// in native and wasm builds; they embed the algorithm and a format version).
//
// Thread-safety: a Hasher is not shared between threads; distinct Hashers are independent.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sluice/status.hpp"

namespace sluice {

enum class hash_algorithm : std::uint8_t {
  crc32, crc32c, crc64, crc64nvme, md5, sha256, blake3, xxh64, xxh3, xxh128,
};
inline constexpr std::size_t hash_algorithm_count = 10;

/// "crc32", "sha256", ... (INTERFACE.md names).
const char* hash_name(hash_algorithm a) noexcept;
/// Accepts the INTERFACE.md names, case-insensitively.
std::optional<hash_algorithm> parse_hash_name(std::string_view name) noexcept;
std::size_t digest_size(hash_algorithm a) noexcept;

/// Largest digest any algorithm produces.
inline constexpr std::size_t max_digest_size = 32;

class Hasher {
 public:
  static std::unique_ptr<Hasher> create(hash_algorithm a);
  virtual ~Hasher() = default;

  virtual hash_algorithm algorithm() const noexcept = 0;
  virtual void update(const std::uint8_t* data, std::size_t size) noexcept = 0;
  void update(std::span<const std::uint8_t> s) noexcept { update(s.data(), s.size()); }
  /// Writes digest_size(algorithm()) bytes to out; the state is unchanged.
  virtual void digest(std::uint8_t* out) const noexcept = 0;
  virtual void reset() noexcept = 0;
  virtual std::vector<std::uint8_t> save_state() const = 0;
  /// Fails (invalid_argument) on bytes not produced by save_state() of the same algorithm.
  virtual status restore_state(std::span<const std::uint8_t> state) = 0;

  std::string hex_digest() const;
};

/// Lowercase hex of bytes.
std::string to_hex(std::span<const std::uint8_t> bytes);

/// One-shot: hex digest of `data`.
std::string hash_hex(hash_algorithm a, std::span<const std::uint8_t> data);

}  // namespace sluice
