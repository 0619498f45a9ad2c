// Internal: one factory per algorithm. Each algorithm's source file defines its factory;
// Hasher::create (hasher.cpp) maps the enum onto them.
#pragma once

#include <memory>

#include "sluice/hash.hpp"

namespace sluice::detail {

std::unique_ptr<Hasher> make_crc32_hasher();
std::unique_ptr<Hasher> make_crc32c_hasher();
std::unique_ptr<Hasher> make_crc64_hasher();
std::unique_ptr<Hasher> make_crc64nvme_hasher();
std::unique_ptr<Hasher> make_md5_hasher();
std::unique_ptr<Hasher> make_sha256_hasher();
std::unique_ptr<Hasher> make_blake3_hasher();
std::unique_ptr<Hasher> make_xxh64_hasher();
std::unique_ptr<Hasher> make_xxh3_hasher();
std::unique_ptr<Hasher> make_xxh128_hasher();

/// Saved-state framing shared by every Hasher: magic "SLH", format version 1, algorithm,
/// then the algorithm's own bytes (fixed-width little-endian integers).
inline constexpr std::uint8_t state_magic[3] = {'S', 'L', 'H'};
inline constexpr std::uint8_t state_version = 1;
std::vector<std::uint8_t> begin_state(hash_algorithm a, std::size_t payload_size);
/// Returns the payload when `state` has the right header for `a` and `payload_size`.
std::optional<std::span<const std::uint8_t>> check_state(hash_algorithm a,
                                                         std::span<const std::uint8_t> state,
                                                         std::size_t payload_size);

}  // namespace sluice::detail
