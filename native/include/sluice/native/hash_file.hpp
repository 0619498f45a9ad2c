// sluice/native/hash_file.hpp — checksums of a file or descriptor, read the fastest way.
//
// hash_file() / hash_fd() compute several digests of one input in one pass (the bytes are
// got out of the page cache once and every algorithm hashes them), choosing how to get
// them by the input and the algorithms:
//
//   input / algorithms                          how (file_access::automatic)
//   pipe, terminal, socket, device; a regular   read() through a 256 KiB buffer, to
//     file of size 0 or on procfs/sysfs           end of file
//   regular file, blake3 alone, threads != 1,   blake3_hash_fd_parallel(): every thread
//     >= 256 KiB                                preads (< 32 MiB) or maps, populated, (from
//                                               32 MiB) the 128 KiB-1 MiB units it hashes
//   regular file, blake3 and others, threads    one SIGBUS-guarded mapping, in 16 MiB
//     != 1, >= 256 KiB                          windows: blake3 on the threads, then the
//                                               others over the same pages (then dropped)
//   regular file < 8 MiB, or < 32 MiB with a    pread through a 256 KiB buffer that stays in
//     slow algorithm (blake3, sha256, md5)      cache
//   any other regular file                      SIGBUS-guarded mapping (MADV_SEQUENTIAL)
//
// Why (page-cached files, 2 vCPUs, kernel 6.18; more in docs/hashing.md): a copy with pread
// into a buffer that stays in L2 costs less than mapping (a page fault per 64 KiB, then
// munmap) while the file's pages are in the CPU's last-level cache (32 MiB here); past that
// the copy's trip through DRAM costs more than the faults — from 8 MiB for the fast
// algorithms (crc*, xxh*), from 32 MiB for blake3 (1 or 2 threads), sha256 and md5.
//
// A regular file is hashed for the size fstat gave when the call started; when it ends
// earlier (truncated while hashed) the call fails with status_kind::truncated at the offset
// where the bytes ran out — also when mapped (a SIGBUS on the mapping is caught; see
// native/src/mapping_guard.hpp: the first mapped read installs a process-wide SIGBUS
// handler that passes foreign faults on). Bytes appended during the call are not hashed.
//
// Thread-safety: concurrent calls are safe; the threads of blake3 are a process-wide pool
// (blake3_mt.hpp) that takes one job at a time.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "sluice/hash.hpp"
#include "sluice/pump.hpp"
#include "sluice/status.hpp"

namespace sluice::native {

/// How the bytes of a regular file are got (non-regular inputs are always read()).
enum class file_access : std::uint8_t {
  automatic,  ///< the table above
  read,       ///< pread into a buffer (blake3 alone on threads: each thread preads its
              ///< units; blake3 with others: blake3 on the calling thread, in the one pass)
  map,        ///< mmap (blake3 alone on threads: each thread maps its units, populated)
};

struct hash_file_options {
  /// Threads for blake3 (0 = all cores, as b3sum); the other algorithms run on the caller's
  /// thread. No thread is ever used for I/O alone.
  unsigned threads = 1;
  file_access access = file_access::automatic;
  /// Told bytes_in and elapsed after each slice (with blake3 alone on several threads, after
  /// each work unit the calling thread hashed); an error it returns stops the hash and is
  /// returned (blake3 alone on threads: returned when the threads are done). Not owned; may
  /// be null.
  PumpObserver* observer = nullptr;
  /// hash_fd() of a regular file: hash from the descriptor's offset to the end and leave the
  /// offset at the end, as `sha256sum < file` does after a program has read part of the file
  /// (`{ read -r header; sluice hash; } < file`). Default: from 0, offset neither used nor moved.
  bool from_current_offset = false;
};

struct file_digests {
  std::uint64_t bytes = 0;                        ///< bytes hashed
  std::vector<std::vector<std::uint8_t>> digests; ///< one per algorithm, in the order asked
};

/// Opens `path` ("-" is not special here) and hashes it with every algorithm in `algos`.
/// Returns ok, or the error (kind, errno, offset): io_error "cannot open" / "cannot read"
/// (EISDIR for a directory), truncated "file shrank while being hashed".
status hash_file(const std::string& path, std::span<const hash_algorithm> algos,
                 file_digests& out, const hash_file_options& options = {});

/// The same for an open descriptor, which stays the caller's. A regular file is read from
/// offset 0 with pread (the descriptor's offset is neither used nor moved, unless
/// options.from_current_offset); a pipe,
/// terminal or socket is read() from where it stands to its end (a block device: from 0).
status hash_fd(int fd, std::span<const hash_algorithm> algos, file_digests& out,
               const hash_file_options& options = {});

}  // namespace sluice::native
