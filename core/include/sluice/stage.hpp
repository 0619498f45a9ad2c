// sluice/stage.hpp — the three kinds of stage: Transform, Source, Sink.
//
// Every stage exchanges bytes through io_buffers and reports with a `status`; none blocks,
// none throws. Errors are sticky: after a stage returns an error, every later call returns
// the same error until `reset()`.
#pragma once

#include <cstdint>
#include <optional>

#include "sluice/io_buffer.hpp"
#include "sluice/status.hpp"

namespace sluice {

/// A resumable byte transformer: codecs, checksum pass-throughs, NAL unescaping.
///
/// Contract of `transform(dst, src)`:
///  - reads only src's readable bytes, writes only dst's writable room, never touches
///    bytes outside them, and never reads past the end of its own stream (so that a caller
///    can find what follows, e.g. the next member of a concatenation);
///  - returns when it can make no more progress:
///      need_input      consumed every readable byte of src and src is not closed;
///      need_output     dst has no room left (it has written what it could);
///      end_of_stream   the output is complete; all output has been written to dst;
///      an error        (sticky; see above). A need for input when src is closed and
///                      drained is `truncated`, never `need_input`.
///  - encoders finish (flush trailers) when src is closed and drained;
///  - feeding src in pieces of any size, down to one byte, and draining dst in pieces of any
///    size, down to one byte, gives the same output as doing both at once.
class Transform {
 public:
  virtual ~Transform() = default;
  virtual status transform(io_buffer& dst, io_buffer& src) = 0;
  /// Forgets all state, including a sticky error; the object is as if newly made.
  virtual void reset() = 0;
  /// Short name for messages ("zstd decoder").
  virtual const char* name() const noexcept = 0;
};

/// Where bytes come from: memory, a file, a callback, a channel, an HTTP range.
///
/// `read(dst)` writes the stream's bytes starting at stream offset dst.writer_position()
/// into dst's writable room. That makes seeking the caller's job (see io_buffer.hpp): a
/// seekable source reads wherever the buffer says; a non-seekable one returns
/// `unsupported` when asked for an offset other than where it is.
///   ok              wrote at least one byte;
///   end_of_stream   no more bytes: the source sets dst.closed;
///   would_block     no bytes yet; try again later (never returned by blocking sources);
///   need_output     dst has no room;
///   an error.
class Source {
 public:
  virtual ~Source() = default;
  virtual status read(io_buffer& dst) = 0;
  /// The stream's total size, when known (the AVSEEK_SIZE question).
  virtual std::optional<std::uint64_t> size() const { return std::nullopt; }
  virtual bool seekable() const noexcept { return false; }
};

/// Where bytes go: memory, a file (published atomically), a callback.
///
/// `write(src)` drains src's readable bytes (all or some):
///   ok           consumed at least one byte, or src was empty;
///   would_block  cannot take bytes yet;
///   an error.
/// `finish()` is called once after the last write: it makes the output durable and visible
/// (a file sink renames its temp file into place). `abort()` discards everything written:
/// nothing partial is left looking complete. A sink destroyed without `finish()` aborts.
class Sink {
 public:
  virtual ~Sink() = default;
  virtual status write(io_buffer& src) = 0;
  virtual status finish() = 0;
  virtual void abort() noexcept = 0;
};

}  // namespace sluice
