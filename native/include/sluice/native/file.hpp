// sluice/native/file.hpp — file descriptors as Source and Sink.
//
// FileSource reads with pread at the offset the io_buffer asks for (so it seeks for free);
// on a descriptor that cannot seek (pipe, terminal, socket) it reads sequentially and
// refuses any other offset. FileSink writes to a temporary file beside the target and
// publishes it with rename(2) in finish(): the target appears complete or not at all.
// FdSink writes to an existing descriptor (stdout) as is.
//
// All of them are blocking (they never return would_block), except when given a
// non-blocking descriptor, where EAGAIN becomes would_block.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "sluice/stage.hpp"

namespace sluice::native {

/// An owned file descriptor (closed in the destructor). -1 means none.
class unique_fd {
 public:
  unique_fd() = default;
  explicit unique_fd(int fd) noexcept : fd_(fd) {}
  unique_fd(unique_fd&& o) noexcept : fd_(o.release()) {}
  unique_fd& operator=(unique_fd&& o) noexcept;
  unique_fd(const unique_fd&) = delete;
  unique_fd& operator=(const unique_fd&) = delete;
  ~unique_fd();
  int get() const noexcept { return fd_; }
  int release() noexcept { int f = fd_; fd_ = -1; return f; }
  explicit operator bool() const noexcept { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

class FileSource final : public Source {
 public:
  /// Opens `path` read-only. On failure `open_status()` says why and read() returns it.
  explicit FileSource(const std::string& path);
  /// Reads from `fd`, which the caller keeps open (stdin: 0). Not owned.
  explicit FileSource(int fd) noexcept;

  status open_status() const noexcept { return open_status_; }
  status read(io_buffer& dst) override;
  std::optional<std::uint64_t> size() const override { return size_; }
  bool seekable() const noexcept override { return seekable_; }
  int fd() const noexcept { return fd_; }

 private:
  void probe() noexcept;

  unique_fd owned_;
  int fd_ = -1;
  status open_status_ = ok();
  std::optional<std::uint64_t> size_;
  bool seekable_ = false;
  std::uint64_t offset_ = 0;  // next offset of a sequential (non-seekable) descriptor
};

/// Atomic file output: bytes go to "<dir>/.<name>.sluice-XXXXXX" (mode 0600 while written;
/// writeback of each 8 MiB written is started early with sync_file_range), and finish() fsyncs it, gives it the mode a new file would get (0666 & ~umask, or the
/// mode of the file it replaces), and renames it over `path`. abort() — or destruction
/// without finish() — unlinks the temporary file. Nothing named `path` appears until
/// finish() succeeds.
class FileSink final : public Sink {
 public:
  explicit FileSink(std::string path);
  ~FileSink() override;
  FileSink(const FileSink&) = delete;
  FileSink& operator=(const FileSink&) = delete;

  status open_status() const noexcept { return open_status_; }
  status write(io_buffer& src) override;
  status finish() override;
  void abort() noexcept override;
  const std::string& temp_path() const noexcept { return temp_; }

 private:
  std::string path_;
  std::string temp_;
  unique_fd fd_;
  status open_status_ = ok();
  std::uint64_t written_ = 0;
  std::uint64_t writeback_from_ = 0;  // writeback started for [0, writeback_from_)
  bool done_ = false;
};

/// Writes to a descriptor the caller owns (stdout: 1). finish() does nothing more than
/// report success; abort() cannot take back what was written to a pipe.
class FdSink final : public Sink {
 public:
  explicit FdSink(int fd) noexcept : fd_(fd) {}
  status write(io_buffer& src) override;
  status finish() override { return ok(); }
  void abort() noexcept override {}

 private:
  int fd_;
  std::uint64_t written_ = 0;
};

}  // namespace sluice::native
