// Reading a whole input for commands that consume bytes (hash, copy): regular files are
// mapped (no copy; the mapping is the buffer), everything else — stdin, pipes, devices — is
// read through FileSource. The consumer sees the bytes in order, in slices sized to stay in
// cache while several consumers (hashers) look at the same slice.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>

#include "common.hpp"
#include "sluice/status.hpp"

namespace sluice::cli {

using slice_fn = std::function<void(std::span<const std::uint8_t> slice)>;

/// Streams `path` ("-" = stdin) through `on_slice` in slices of at most `slice_bytes`;
/// progress goes to `progress`. Returns end_of_stream or the error (kind, errno, offset).
/// When the input could be mapped, `on_whole` (if given) is first called once with all of
/// it — for consumers that want the whole input at once (multi-threaded blake3).
status read_input(const std::string& path, const slice_fn& on_slice, Progress& progress,
                  std::size_t slice_bytes = 512 * 1024, const slice_fn* on_whole = nullptr);

/// Maps a regular file read-only; `bytes` is empty for an empty file. Unmapped on destruction.
class mapped_file {
 public:
  mapped_file() = default;
  mapped_file(const mapped_file&) = delete;
  mapped_file& operator=(const mapped_file&) = delete;
  ~mapped_file();
  /// Returns unsupported when `fd` is not a regular file (the caller then streams it).
  status map(int fd);
  std::span<const std::uint8_t> bytes() const noexcept { return {data_, size_}; }

 private:
  const std::uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace sluice::cli
