// sluice/memory.hpp — Source and Sink over memory.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "sluice/stage.hpp"

namespace sluice {

/// Reads from a span the caller keeps alive. Seekable, size known.
/// `max_chunk` caps the bytes handed out per read (tests use 1 to prove resumability).
class MemorySource final : public Source {
 public:
  explicit MemorySource(std::span<const std::uint8_t> bytes, std::size_t max_chunk = 0) noexcept
      : bytes_(bytes), max_chunk_(max_chunk) {}
  status read(io_buffer& dst) override;
  std::optional<std::uint64_t> size() const override { return bytes_.size(); }
  bool seekable() const noexcept override { return true; }

 private:
  std::span<const std::uint8_t> bytes_;
  std::size_t max_chunk_;
};

/// Appends to a vector it owns. `finish()` marks the contents complete; `abort()` clears
/// them, so a failed pump never leaves partial bytes looking like a result.
/// `max_chunk` caps the bytes taken per write.
class MemorySink final : public Sink {
 public:
  explicit MemorySink(std::size_t max_chunk = 0) noexcept : max_chunk_(max_chunk) {}
  status write(io_buffer& src) override;
  status finish() override;
  void abort() noexcept override;

  const std::vector<std::uint8_t>& bytes() const noexcept { return bytes_; }
  std::vector<std::uint8_t> take() noexcept { return std::move(bytes_); }
  bool finished() const noexcept { return finished_; }

 private:
  std::vector<std::uint8_t> bytes_;
  std::size_t max_chunk_;
  bool finished_ = false;
};

}  // namespace sluice
