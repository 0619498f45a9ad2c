// sluice/native/blake3_mt.hpp — BLAKE3 of one buffer on several threads.
//
// Splits the input into complete BLAKE3 subtrees (sluice/blake3.hpp), hashes them on a
// small persistent pool of std::threads (each using the widest SIMD kernel), then merges the subtree
// chaining values into a core Blake3Hasher, in order, and hashes the last chunk there.
// The digest is identical to the single-threaded Hasher's for every length and thread count.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace sluice::native {

/// 32-byte BLAKE3 digest (as b3sum) of data[0..size) using at most `threads` threads in
/// total, the calling one included (0 = std::thread::hardware_concurrency()). Inputs
/// shorter than min_parallel_bytes() are hashed on the calling thread alone.
/// Threads: a process-wide pool of workers, started on first use and kept (idle, blocked)
/// until exit; concurrent callers take turns. Thread-safe.
std::array<std::uint8_t, 32> blake3_hash_parallel(const std::uint8_t* data, std::size_t size,
                                                  unsigned threads = 0);

/// Below this size blake3_hash_parallel() does not start threads.
std::size_t blake3_min_parallel_bytes() noexcept;

}  // namespace sluice::native
