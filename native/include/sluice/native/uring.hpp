// sluice/native/uring.hpp — a read-ahead file Source on io_uring.
//
// Keeps `depth` reads of `block_bytes` in flight ahead of the reader (so the device is busy
// while the pump works on earlier bytes) and copies completed blocks into the caller's
// io_buffer. Like FileSource it reads wherever dst.writer_position() says; a jump outside
// the blocks in flight drains them and restarts the read-ahead there. Regular files only.
//
// io_uring may be missing (old kernel, seccomp, container policy): then open_status() is
// `unsupported` and the caller falls back to FileSource. The source blocks in
// io_uring_wait_cqe only when the block it needs is still in flight.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sluice/native/file.hpp"
#include "sluice/stage.hpp"

namespace sluice::native {

class UringSource final : public Source {
 public:
  explicit UringSource(const std::string& path, unsigned depth = 8,
                       std::size_t block_bytes = 512 * 1024);
  ~UringSource() override;
  UringSource(const UringSource&) = delete;
  UringSource& operator=(const UringSource&) = delete;

  status open_status() const noexcept { return st_; }
  status read(io_buffer& dst) override;
  std::optional<std::uint64_t> size() const override { return size_; }
  bool seekable() const noexcept override { return true; }

  /// True when io_uring can be set up here (cached after the first probe).
  static bool available() noexcept;

 private:
  struct slot {
    std::uint64_t off = 0;   // stream offset of buf[0]
    std::size_t want = 0;    // bytes asked for
    std::size_t got = 0;     // bytes completed
    bool pending = false;    // a read is in flight
    std::unique_ptr<std::uint8_t[]> buf;
  };
  status submit(std::size_t i);
  status wait_one();
  status restart_at(std::uint64_t at);
  slot* find(std::uint64_t at) noexcept;

  struct ring;                      // io_uring, kept out of this header
  std::unique_ptr<ring> ring_;
  unique_fd fd_;
  status st_ = ok();
  std::uint64_t size_ = 0;
  std::size_t block_;
  std::vector<slot> slots_;
  std::uint64_t next_off_ = 0;      // offset the next recycled slot reads from
  unsigned in_flight_ = 0;
};

}  // namespace sluice::native
