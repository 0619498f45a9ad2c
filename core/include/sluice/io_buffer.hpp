// sluice/io_buffer.hpp — the currency every sluice stage exchanges bytes in.
//
// Semantics follow Wuffs' io_buffer. An io_buffer is a plain aggregate over memory it does
// not own; its all-zero value is a valid, empty, open buffer.
//
//   data[0 .. ri)     already read (may be discarded by compaction)
//   data[ri .. wi)    readable: written, not yet read
//   data[wi .. len)   writable room
//
// Invariant: 0 <= ri <= wi <= len (checked by `valid()`, asserted in debug builds).
// `pos` is the stream offset of data[0]: the reader is at stream offset pos + ri, the
// writer at pos + wi. `closed` means no more bytes will ever be written: a stage that needs
// input and finds its source buffer closed and empty reports `truncated`, otherwise
// `need_input`.
//
// Compaction moves the readable bytes to the front and advances pos by ri, so that the
// stream offsets pos + ri and pos + wi do not change:
//
//   before: pos = 100, ri = 30, wi = 50, len = 64   (20 readable bytes at stream 130..150)
//   after:  pos = 130, ri =  0, wi = 20, len = 64   (the same 20 bytes, 44 bytes of room)
//
// Seeking is the caller's job: to read from stream offset p, either move ri within the
// window (when pos <= p <= pos + wi) or reset ri = wi = 0, pos = p and refill.
//
// Thread-safety: none; an io_buffer belongs to one stage pair at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>

// SLUICE_ASSERT checks an invariant in debug builds and in builds with SLUICE_CHECKS
// (the asan preset); a failure prints the condition and aborts.
#if !defined(NDEBUG) || defined(SLUICE_CHECKS)
#define SLUICE_ASSERT(cond) \
  ((cond) ? (void)0 : ::sluice::detail::assert_fail(#cond, __FILE__, __LINE__))
#else
#define SLUICE_ASSERT(cond) ((void)0)
#endif

namespace sluice::detail {
[[noreturn]] void assert_fail(const char* cond, const char* file, int line) noexcept;
}

namespace sluice {

struct io_buffer {
  std::uint8_t* data = nullptr;
  std::size_t len = 0;
  std::size_t ri = 0;
  std::size_t wi = 0;
  std::uint64_t pos = 0;
  bool closed = false;

  /// A buffer over `n` bytes of room starting at `p`, empty, at stream offset 0.
  static constexpr io_buffer over(std::uint8_t* p, std::size_t n) noexcept { return {p, n}; }
  /// A closed buffer whose whole span is readable (input known in full).
  static io_buffer reading(const std::uint8_t* p, std::size_t n) noexcept {
    // Readers never write through `data`; the const_cast is confined to this constructor.
    return {const_cast<std::uint8_t*>(p), n, 0, n, 0, true};
  }

  constexpr bool valid() const noexcept { return ri <= wi && wi <= len; }

  // --- reader side --------------------------------------------------------------------
  constexpr std::size_t reader_length() const noexcept { return wi - ri; }
  constexpr const std::uint8_t* reader_pointer() const noexcept { return data + ri; }
  constexpr std::span<const std::uint8_t> readable() const noexcept {
    return {data + ri, wi - ri};
  }
  constexpr std::uint64_t reader_position() const noexcept { return pos + ri; }
  void consume(std::size_t n) noexcept {
    SLUICE_ASSERT(n <= reader_length());
    ri += n;
  }
  /// True when everything that will ever be written has been read.
  constexpr bool drained() const noexcept { return closed && ri == wi; }

  // --- writer side --------------------------------------------------------------------
  constexpr std::size_t writer_length() const noexcept { return len - wi; }
  constexpr std::uint8_t* writer_pointer() const noexcept { return data + wi; }
  constexpr std::span<std::uint8_t> writable() const noexcept { return {data + wi, len - wi}; }
  constexpr std::uint64_t writer_position() const noexcept { return pos + wi; }
  void commit(std::size_t n) noexcept {
    SLUICE_ASSERT(!closed && n <= writer_length());
    wi += n;
  }
  /// Copies min(n, room) bytes in; returns how many were copied.
  std::size_t write_some(const std::uint8_t* p, std::size_t n) noexcept {
    SLUICE_ASSERT(!closed || n == 0);
    std::size_t k = n < writer_length() ? n : writer_length();
    if (k) std::memcpy(data + wi, p, k);
    wi += k;
    return k;
  }

  /// Moves readable bytes to the front; pos + ri and pos + wi are unchanged (see table above).
  /// Costs a memmove of reader_length() bytes (nothing when the buffer is empty).
  void compact() noexcept {
    SLUICE_ASSERT(valid());
    if (ri == 0) return;
    std::size_t n = wi - ri;
    if (n) std::memmove(data, data + ri, n);
    pos += ri;
    wi = n;
    ri = 0;
  }
  /// Compacts only when that is free (nothing readable) or needed (no room left).
  void compact_if_useful() noexcept {
    if (ri != 0 && (ri == wi || wi == len)) compact();
  }
  /// Forgets the contents and restarts at stream offset `p` (the caller's seek).
  void reset_to(std::uint64_t p) noexcept {
    ri = wi = 0;
    pos = p;
    closed = false;
  }
};

/// Read-only view of an io_buffer: what a consuming stage may touch.
class io_reader {
 public:
  explicit io_reader(io_buffer& b) noexcept : b_(&b) {}
  std::span<const std::uint8_t> readable() const noexcept { return b_->readable(); }
  std::size_t length() const noexcept { return b_->reader_length(); }
  std::uint64_t position() const noexcept { return b_->reader_position(); }
  bool closed() const noexcept { return b_->closed; }
  bool drained() const noexcept { return b_->drained(); }
  void consume(std::size_t n) noexcept { b_->consume(n); }

 private:
  io_buffer* b_;
};

/// Write-only view of an io_buffer: what a producing stage may touch.
class io_writer {
 public:
  explicit io_writer(io_buffer& b) noexcept : b_(&b) {}
  std::span<std::uint8_t> writable() const noexcept { return b_->writable(); }
  std::size_t room() const noexcept { return b_->writer_length(); }
  std::uint64_t position() const noexcept { return b_->writer_position(); }
  void commit(std::size_t n) noexcept { b_->commit(n); }
  std::size_t write_some(const std::uint8_t* p, std::size_t n) noexcept {
    return b_->write_some(p, n);
  }
  void close() noexcept { b_->closed = true; }
  bool closed() const noexcept { return b_->closed; }

 private:
  io_buffer* b_;
};

/// An io_buffer together with the heap block it points into.
/// Movable, not copyable; `buf.data` stays valid for the owner's lifetime.
class owned_buffer {
 public:
  owned_buffer() = default;
  explicit owned_buffer(std::size_t capacity)
      : mem_(capacity ? new std::uint8_t[capacity] : nullptr) {
    buf = io_buffer::over(mem_.get(), capacity);
  }
  io_buffer buf;

 private:
  std::unique_ptr<std::uint8_t[]> mem_;
};

}  // namespace sluice
