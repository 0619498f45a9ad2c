// sluice/native/blake3_mt.hpp — BLAKE3 of one buffer on several threads.
//
// Splits the input into work units (sluice/blake3.hpp): complete BLAKE3 subtrees of 128 to
// 1024 chunks, then the input's last subtree (fewer than a unit's whole chunks and the last,
// possibly partial, chunk) as one more unit. A small persistent pool of std::threads hashes
// the units (each with the widest SIMD kernel); the calling thread folds their chaining
// values along the right edge of the tree into the root (blake3::root_hash).
// The digest is identical to the single-threaded Hasher's for every length and thread count.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>

#include "sluice/blake3.hpp"
#include "sluice/status.hpp"

namespace sluice::native {

/// 32-byte BLAKE3 digest (as b3sum) of data[0..size) using at most `threads` threads in
/// total, the calling one included (0 = std::thread::hardware_concurrency()). Inputs
/// shorter than min_parallel_bytes() are hashed on the calling thread alone.
/// Threads: a process-wide pool of workers, started on first use and kept (idle, blocked)
/// until exit; concurrent callers take turns. Thread-safe.
std::array<std::uint8_t, 32> blake3_hash_parallel(const std::uint8_t* data, std::size_t size,
                                                  unsigned threads = 0);

/// Hashes data[0..size), the bytes that follow the h.size() bytes `h` has hashed, on at most
/// `threads` threads (0 = all cores) as complete subtrees appended to `h` (or on the calling
/// thread with update(), under min_parallel_bytes() or with one thread). Both h.size() and
/// `size` must be multiples of 1024 (invalid_argument otherwise, `h` unchanged); at least one
/// byte must be update()d before h.digest(). Lets a caller hash a file window by window on
/// threads (native::hash_file does, beside other algorithms). Thread-safe as above.
status blake3_append_parallel(Blake3Hasher& h, const std::uint8_t* data, std::size_t size,
                              unsigned threads = 0);

/// How blake3_hash_fd_parallel() gets each work unit's bytes from the file.
enum class blake3_file_access : std::uint8_t {
  read,  ///< pread into a buffer of the worker's own (kept between calls): no mapping at all
  map,   ///< mmap the unit with MAP_POPULATE, hash it, munmap it (SIGBUS-guarded)
};

/// BLAKE3 of the first `size` bytes of the regular file open as `fd` (read with pread: the
/// descriptor's offset is not used or moved), on at most `threads` threads (0 = all cores).
/// Each thread reads (or maps) the work units it hashes, so the cost of getting the bytes
/// out of the page cache is shared between the threads as the hashing is, and each unit is
/// hashed while it is still in that thread's cache. Under blake3_min_parallel_bytes() or with
/// one thread the calling thread streams the file through a 256 KiB buffer.
/// Errors: io_error (errno, offset) from pread/mmap; truncated (offset) when the file
/// ends before `size` bytes (it shrank while being hashed). On error `out` is zeroed.
/// Thread-safe (the pool takes one job at a time). `progress`, if set, is called on the
/// calling thread (only) with the bytes hashed so far, after each unit it hashed itself.
status blake3_hash_fd_parallel(int fd, std::uint64_t size, unsigned threads,
                               std::array<std::uint8_t, 32>& out,
                               blake3_file_access access = blake3_file_access::read,
                               const std::function<void(std::uint64_t bytes_done)>& progress = {});

/// Below this size blake3_hash_parallel() does not start threads.
std::size_t blake3_min_parallel_bytes() noexcept;

}  // namespace sluice::native
