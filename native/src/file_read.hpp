// Reading regular files by offset, for the hashing paths (private to sluice::native):
// hash_file.cpp's slices and blake3_mt.cpp's per-thread work units share these.
#pragma once

#include <cstddef>
#include <cstdint>

namespace sluice::native {

/// The calling thread's read buffer of at least `bytes`, kept between calls (a fresh
/// allocation of 256 KiB or more is a fresh mapping, faulted in page by page on every
/// file). One per thread: a pointer stays valid until the same thread asks for more bytes.
std::uint8_t* thread_read_buffer(std::size_t bytes);

/// pread_exact(): the file ended before `len` bytes (it is shorter than the caller was told).
inline constexpr int kFileEnded = -1;

/// Reads exactly [off, off + len) of `fd` with pread (EINTR retried). Returns 0; or an errno,
/// or kFileEnded, with `stopped_at` set to the offset where reading stopped.
int pread_exact(int fd, std::uint8_t* dst, std::uint64_t off, std::size_t len,
                std::uint64_t& stopped_at) noexcept;

}  // namespace sluice::native
