// sluice/blake3.hpp — BLAKE3 building blocks for hashing one input on several threads.
//
// core has no threads. These functions let a caller that has them (sluice::native's
// blake3_hash_parallel) split one input into complete subtrees, hash them concurrently and
// feed the results into an ordinary BLAKE3 Hasher, getting exactly the digest a
// single-threaded Hasher gives for the same bytes.
//
// BLAKE3's tree (spec section 2.1): the input is cut into 1024-byte chunks numbered from 0;
// every parent's left subtree holds the largest power-of-two number of chunks that leaves
// at least one byte for the right. Hence a run of `chunks` (a power of two) whole chunks
// starting at chunk number `chunk_counter` (a multiple of `chunks`) is a complete subtree
// of any longer input, and its chaining value (CV) does not depend on what follows.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "sluice/hash.hpp"

namespace sluice::blake3 {

inline constexpr std::size_t chunk_size = 1024;
/// A non-root chaining value: 8 little-endian words, as BLAKE3 stores them in parent blocks.
using chaining_value = std::array<std::uint8_t, 32>;

/// CV of the complete subtree of `chunks` whole chunks at data[0 .. chunks*1024), the
/// first of them being chunk number `chunk_counter`. Preconditions: `chunks` is a power of
/// two (1, 2, 4, ...), `chunk_counter % chunks == 0`, and the subtree is not the whole input
/// (a whole input's root is finalised differently: hash it with a Hasher).
/// Cost: the same as hashing the bytes with the widest SIMD kernel the CPU offers.
/// Thread-safe (pure function of its arguments).
chaining_value subtree_cv(const std::uint8_t* data, std::uint64_t chunks,
                          std::uint64_t chunk_counter) noexcept;

/// CV of the parent of two sibling subtrees (not the root). One compression.
chaining_value parent_cv(const chaining_value& left, const chaining_value& right) noexcept;

/// CV of the last subtree of an input: data[0 .. len) are the input's bytes from chunk number
/// `chunk_counter` to its very end (the last chunk may be partial; len >= 1). This run is a
/// node on the right edge of the tree when `chunk_counter` is a multiple of the power of two
/// at or above its chunk count ceil(len / 1024) — for any input whose whole chunks before the
/// last byte were split into complete subtrees (subtree_cv) up to `chunk_counter`.
/// Precondition: chunk_counter > 0 (from chunk 0 it is the root: hash it with a Hasher).
/// All its whole chunks, the last one too, go through the widest kernel.
chaining_value last_subtree_cv(const std::uint8_t* data, std::size_t len,
                               std::uint64_t chunk_counter) noexcept;

/// The 32-byte digest (as b3sum) of an input longer than one chunk, from the CVs of the root's
/// two children: the left one the complete subtree of the largest power of two of chunks that
/// leaves at least one byte, the right one the rest (right-edge CVs folded with parent_cv,
/// the last from last_subtree_cv).
std::array<std::uint8_t, 32> root_hash(const chaining_value& left,
                                       const chaining_value& right) noexcept;

}  // namespace sluice::blake3

namespace sluice {

/// A BLAKE3 Hasher (unkeyed, 32-byte digest) that also accepts precomputed subtree CVs.
class Blake3Hasher : public Hasher {
 public:
  static std::unique_ptr<Blake3Hasher> create();

  /// Appends a complete subtree of `chunks` chunks whose CV was computed elsewhere (by
  /// blake3::subtree_cv or parent_cv), as if its chunks*1024 bytes had been update()d.
  /// Fails (invalid_argument, state unchanged) unless the bytes hashed so far are a whole
  /// number of chunks, `chunks` is a power of two, and that chunk count is a multiple of
  /// `chunks`. At least one byte must be update()d after the last append_subtree() before
  /// digest(): the root of the tree is never a precomputed CV.
  virtual status append_subtree(const blake3::chaining_value& cv, std::uint64_t chunks) noexcept = 0;

  /// Bytes hashed so far (update()d or appended).
  virtual std::uint64_t size() const noexcept = 0;
};

}  // namespace sluice
