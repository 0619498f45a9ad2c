// sluice/nal.hpp — H.264/HEVC NAL unit helpers: Annex-B start codes and emulation prevention.
//
// Annex B frames NAL units with start codes 0x000001 (optionally preceded by more zero
// bytes, 0x00000001 being the common 4-byte form). Inside a NAL unit the encoder inserts an
// emulation-prevention byte 0x03 after any two zero bytes that would otherwise be followed by
// a byte <= 0x03, so that 0x000000, 0x000001, 0x000002 and 0x000003 never appear in the
// payload. Removing those bytes gives the RBSP ("raw byte sequence payload") that the
// parameter-set parsers read with a BitReader.
//
// Everything here is portable and never reads outside the spans it is given. Start-code
// scanning picks an SSE2 or AVX2 kernel at run time on x86-64 (cpu::features()), a portable
// word-at-a-time kernel elsewhere (and under WebAssembly).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "sluice/io_buffer.hpp"
#include "sluice/stage.hpp"
#include "sluice/status.hpp"

namespace sluice::nal {

/// The first position i in [0, n) where data[i..i+3) == 00 00 01, or n when there is none
/// (a start code that would cross the end is not reported). Cost: a single pass, ~1/32 of a
/// cycle per byte with AVX2 on data with few zero bytes.
std::size_t find_start_code(const std::uint8_t* data, std::size_t n) noexcept;

/// The same with the portable kernel only (tests compare the kernels with each other).
std::size_t find_start_code_portable(const std::uint8_t* data, std::size_t n) noexcept;

/// Name of the kernel find_start_code() uses on this CPU now: "avx2", "sse2" or "portable".
const char* start_code_kernel() noexcept;

/// One NAL unit of an Annex-B stream: [offset, offset + size) of the escaped bytes,
/// beginning with the NAL header; trailing zero bytes (trailing_zero_8bits, or the first
/// byte of a following 4-byte start code) are not included.
struct unit {
  std::size_t offset = 0;
  std::size_t size = 0;
};

/// Iterates over the NAL units of an Annex-B byte stream held in memory. Bytes before the
/// first start code are skipped (leading garbage). Empty units (two start codes in a row) are
/// skipped.
///
///   nal::splitter s(bytes);
///   for (nal::unit u; s.next(u);) use(bytes.subspan(u.offset, u.size));
class splitter {
 public:
  explicit splitter(std::span<const std::uint8_t> bytes) noexcept;
  /// The next unit; false at the end.
  bool next(unit& u) noexcept;

 private:
  std::span<const std::uint8_t> b_;
  std::size_t next_start_;  ///< offset of the next payload start, or size when done
};

/// Upper bound of escape() output for `n` input bytes.
constexpr std::size_t escaped_size_bound(std::size_t n) noexcept { return n + n / 2 + 1; }

/// Removes emulation-prevention bytes: every 0x03 that follows two zero bytes (counting
/// from the start of `src`, after any earlier removal) is dropped. `dst` needs room for `n`
/// bytes; it may equal `src` (in place). Returns the number of bytes written. Invalid
/// sequences (0x000000..02 inside a payload, 0x000003 followed by a byte above 3) are copied
/// as they are: this function is lenient; parsers detect what they care about.
std::size_t unescape(const std::uint8_t* src, std::size_t n, std::uint8_t* dst) noexcept;
std::vector<std::uint8_t> unescape(std::span<const std::uint8_t> src);

/// Inserts emulation-prevention bytes: after two zero bytes, a 0x03 goes before any byte
/// <= 0x03, and at the end of the data (the spec's rule for a payload ending in 0x0000).
/// Afterwards no 0x000000, 0x000001, 0x000002 or unintended 0x000003 appears, and unescape()
/// gives back the input. `dst` needs escaped_size_bound(n) bytes; returns bytes written.
/// Not in place.
std::size_t escape(const std::uint8_t* src, std::size_t n, std::uint8_t* dst) noexcept;
std::vector<std::uint8_t> escape(std::span<const std::uint8_t> src);

/// unescape() as a Transform: one NAL payload in, its RBSP out. Any chunking of src and dst
/// gives the same output. Finishes (end_of_stream) when src is closed and drained.
class Unescaper final : public Transform {
 public:
  status transform(io_buffer& dst, io_buffer& src) override;
  void reset() override { zeros_ = 0; done_ = false; }
  const char* name() const noexcept override { return "NAL unescaper"; }

 private:
  unsigned zeros_ = 0;  ///< zero bytes just before src's first readable byte (0..2)
  bool done_ = false;
};

/// escape() as a Transform (a trailing 0x03 is added when src closes after 0x0000).
class Escaper final : public Transform {
 public:
  status transform(io_buffer& dst, io_buffer& src) override;
  void reset() override { zeros_ = 0; done_ = false; }
  const char* name() const noexcept override { return "NAL escaper"; }

 private:
  unsigned zeros_ = 0;
  bool done_ = false;
};

}  // namespace sluice::nal
