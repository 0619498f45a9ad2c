// sluice/status.hpp — the one small status value every sluice stage returns.
//
// A stage never throws across the core API and never blocks; it returns a `status`.
// Kinds are ordered so that "is this an error?" is one comparison:
//
//   ok              progress was made; call again
//   end_of_stream   the stream is finished (a transform wrote its last byte, a source hit EOF)
//   need_input      all readable input was consumed and the input is not closed: refill it
//   need_output     the destination has no writable room: drain it
//   would_block     a source/sink has no bytes *yet* (EAGAIN, a fetch in flight): come back later
//   ----- errors from here on -----
//   invalid_argument, corrupt, truncated, checksum_mismatch, unsupported, limit_exceeded, io_error,
//   internal
//
// Suspensions are not errors. Whether a need for more input is `need_input` or `truncated`
// is decided by the io_buffer's `closed` flag, never by the caller.
//
// `message` always points at a string with static storage duration (it is never freed), so a
// status is trivially copyable and cheap to return. I/O errors carry errno; errors about the
// data carry the stream offset (`offset`, or `no_offset`).
#pragma once

#include <cstdint>
#include <string>

namespace sluice {

enum class status_kind : std::uint8_t {
  ok = 0,
  end_of_stream,
  need_input,
  need_output,
  would_block,
  // errors
  invalid_argument,
  corrupt,
  truncated,
  checksum_mismatch,
  unsupported,
  limit_exceeded,
  io_error,
  internal,
};

/// Name of a kind as used in messages and in the JS error code: "corrupt", "truncated", ...
const char* kind_name(status_kind k) noexcept;

struct [[nodiscard]] status {
  static constexpr std::uint64_t no_offset = ~std::uint64_t{0};

  status_kind kind = status_kind::ok;
  int sys_errno = 0;                  ///< errno for io_error, else 0
  std::uint64_t offset = no_offset;   ///< stream offset the status refers to, if any
  const char* message = nullptr;      ///< static string; nullptr means the kind's name

  constexpr bool is_ok() const noexcept { return kind == status_kind::ok; }
  constexpr bool is_error() const noexcept { return kind >= status_kind::invalid_argument; }
  constexpr bool is_suspension() const noexcept {
    return kind >= status_kind::need_input && kind <= status_kind::would_block;
  }
  constexpr bool is_end() const noexcept { return kind == status_kind::end_of_stream; }
  constexpr bool has_offset() const noexcept { return offset != no_offset; }

  /// "corrupt zstd frame at byte 1048576", "cannot open file: No such file or directory".
  std::string to_string() const;

  friend constexpr bool operator==(const status& a, const status& b) noexcept {
    return a.kind == b.kind && a.sys_errno == b.sys_errno && a.offset == b.offset;
  }
};

// Constructors, so that call sites read as sentences.
constexpr status ok() noexcept { return {}; }
constexpr status end_of_stream() noexcept { return {status_kind::end_of_stream}; }
constexpr status need_input() noexcept { return {status_kind::need_input}; }
constexpr status need_output() noexcept { return {status_kind::need_output}; }
constexpr status would_block() noexcept { return {status_kind::would_block}; }
constexpr status error(status_kind k, const char* message,
                       std::uint64_t offset = status::no_offset) noexcept {
  return {k, 0, offset, message};
}
constexpr status io_error(int err, const char* message,
                          std::uint64_t offset = status::no_offset) noexcept {
  return {status_kind::io_error, err, offset, message};
}

}  // namespace sluice
