// sluice/bits.hpp — MSB-first bit reading and writing, with Exp-Golomb codes (H.264/HEVC
// ue(v)/se(v)).
//
// BitReader
// ---------
// Reads a byte span it does not own, most significant bit first. The hot paths are inline
// and keep a 64-bit cache filled a word at a time (one unaligned 8-byte big-endian load while
// at least 8 bytes remain, byte by byte in the last 7 bytes). It NEVER reads memory outside
// [data, data + size): past the end it feeds counted zero bits instead.
//
// Error behaviour (no exceptions, no undefined behaviour, whatever the input):
//   - reading past the end returns zero bits for the missing part; the reader remembers how
//     far it went. `status()` then reports `truncated` at the stream offset of the end of the
//     data ("consumed more than was there"). Peeking past the end is not an error.
//   - an Exp-Golomb code with more than 31 leading zero bits (its value would not fit in 32
//     bits; ue(v) ranges over 0 .. 2^32-2) is `corrupt` at the offset of the code.
//   - `read_bits(n)` with n > 64 is `invalid_argument`.
// Errors are sticky: after one, every read returns 0 and `status()` keeps reporting the
// first error until `reset()`/re-construction. Check `status()` (or `ok()`) once after a
// group of reads instead of after every read: that is the intended, fast use.
//
// Cost: read_bits(n <= 56), peek_bits(n <= 56), read_bit and ue/se codes of up to 55 bits
// are a few instructions plus at most one refill (a refill happens about once per 56 bits). Wider reads and long codes take a slower
// out-of-line path.
//
// Thread-safety: none. The reader is trivially copyable (copy it to backtrack or to peek far
// ahead); the bytes must outlive it.
//
// For bindings (wasm/JS): every query is O(1), the object is a flat 48-byte struct, and
// `read_ue_array`/`read_bits_array` decode many values per call to amortise call overhead.
//
// StreamBitReader
// ---------------
// Parses a bitstream that arrives in an io_buffer in pieces: `begin(src)` gives a BitReader
// over the readable bytes at the last committed bit; `commit(src)` either consumes what was
// read (whole bytes; the bit remainder is kept) or, if the reader ran past the readable bytes,
// consumes nothing and returns `need_input` (or `truncated` when src is closed) so that the
// caller can refill and redo the same reads from the same clean resume point.
//
// BitWriter
// ---------
// The inverse: appends bits MSB-first into a growing byte vector; ue/se; RBSP trailing bits.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

#include "sluice/io_buffer.hpp"
#include "sluice/status.hpp"

namespace sluice {

namespace bits_detail {
inline std::uint64_t load_be64(const std::uint8_t* p) noexcept {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  if constexpr (std::endian::native == std::endian::little) {
#if defined(__GNUC__) || defined(__clang__)
    v = __builtin_bswap64(v);
#else
    v = ((v & 0x00000000000000ffull) << 56) | ((v & 0x000000000000ff00ull) << 40) |
        ((v & 0x0000000000ff0000ull) << 24) | ((v & 0x00000000ff000000ull) << 8) |
        ((v & 0x000000ff00000000ull) >> 8) | ((v & 0x0000ff0000000000ull) >> 24) |
        ((v & 0x00ff000000000000ull) >> 40) | ((v & 0xff00000000000000ull) >> 56);
#endif
  }
  return v;
}
}  // namespace bits_detail

class BitReader {
 public:
  /// An empty reader (every read is past the end).
  constexpr BitReader() noexcept = default;
  /// Reads `size` bytes at `data`. `stream_offset` is the stream offset of data[0]; it is
  /// only used in error offsets.
  BitReader(const std::uint8_t* data, std::size_t size, std::uint64_t stream_offset = 0) noexcept
      : begin_(data), p_(data), end_(data + size), base_(stream_offset) {}
  explicit BitReader(std::span<const std::uint8_t> bytes, std::uint64_t stream_offset = 0) noexcept
      : BitReader(bytes.data(), bytes.size(), stream_offset) {}

  // --- reads ---------------------------------------------------------------------------
  /// One bit (0 or 1).
  std::uint32_t read_bit() noexcept {
    if (bits_ == 0) refill();
    std::uint32_t v = static_cast<std::uint32_t>(cache_ >> 63);
    cache_ <<= 1;
    --bits_;
    return v;
  }
  /// `n` bits, 0 <= n <= 64, as an unsigned value (the first bit read is the most
  /// significant). n > 64 sets `invalid_argument` and returns 0.
  std::uint64_t read_bits(unsigned n) noexcept {
    if (n <= 56) [[likely]] {
      if (n == 0) return 0;
      if (bits_ < n) refill();
      std::uint64_t v = cache_ >> (64 - n);
      cache_ <<= n;
      bits_ -= n;
      return v;
    }
    return read_bits_wide(n);
  }
  /// `n` bits, 0 <= n <= 32, as uint32_t (the common fixed-width form).
  std::uint32_t read_u32(unsigned n) noexcept {
    return static_cast<std::uint32_t>(n <= 32 ? read_bits(n) : read_bits(65));
  }
  /// The next `n` bits (0 <= n <= 64) without consuming them; zeros past the end; never an error
  /// except n > 64 (returns 0).
  std::uint64_t peek_bits(unsigned n) noexcept {
    if (n <= 56) [[likely]] {
      if (n == 0) return 0;
      if (bits_ < n) refill();
      return cache_ >> (64 - n);
    }
    BitReader copy = *this;
    return copy.read_bits(n);
  }
  /// Skips `n` bits (any count; skipping past the end is the same as reading past it).
  void skip_bits(std::uint64_t n) noexcept {
    if (n <= bits_) {
      // n == 64 only when bits_ == 64: shifting by 64 is undefined, so split it.
      cache_ = n < 64 ? cache_ << n : 0;
      bits_ -= static_cast<unsigned>(n);
      return;
    }
    // Far past the end is the same as just past it; the clamp keeps positions from wrapping.
    const std::uint64_t pos = bit_position(), far = size_bits() + (std::uint64_t{1} << 40);
    seek_bits(n > far - pos ? far : pos + n);
  }
  /// Skips to the next byte boundary (nothing when already on one).
  void byte_align() noexcept { skip_bits((8 - (bit_position() & 7)) & 7); }
  /// Unsigned Exp-Golomb ue(v), 0 .. 2^32-2. Over-long prefix (> 31 zeros): `corrupt`, 0.
  std::uint32_t read_ue() noexcept {
    // The leading-zero count over the whole cache is right whenever the code lies inside the
    // valid bits (the bits below them are zeros or the true next bits), so refill only when
    // the code does not fit: about once per 56 bits, not once per code.
    unsigned lz = static_cast<unsigned>(std::countl_zero(cache_));
    unsigned len = 2 * lz + 1;
    if (len > bits_) [[unlikely]] {
      refill();  // afterwards bits_ >= 56 (zeros are fed past the end)
      lz = static_cast<unsigned>(std::countl_zero(cache_));
      len = 2 * lz + 1;
      if (len > bits_) return read_ue_long();
    }
    // len <= bits_ <= 64, so lz <= 31 and the value fits in 32 bits (at most 2^32 - 2).
    const std::uint64_t v = cache_ >> (64 - len);
    cache_ <<= len;  // len is odd and <= 64, so <= 63
    bits_ -= len;
    return static_cast<std::uint32_t>(v - 1);
  }
  /// Signed Exp-Golomb se(v), INT32_MIN+1 .. INT32_MAX.
  std::int32_t read_se() noexcept {
    const std::uint32_t k = read_ue();
    // k odd -> (k+1)/2, k even -> -(k/2); computed without overflow.
    const std::int32_t mag = static_cast<std::int32_t>((k >> 1) + (k & 1));
    return (k & 1) ? mag : -mag;
  }
  /// Decodes up to `n` ue(v) codes into `out`; returns how many were stored (n unless an error
  /// stopped it early). One call instead of n: what a binding should use for tables.
  std::size_t read_ue_array(std::uint32_t* out, std::size_t n) noexcept;
  /// Reads `n` fields of `width` bits (0..32) each into `out`; returns how many were stored.
  std::size_t read_bits_array(std::uint32_t* out, std::size_t n, unsigned width) noexcept;

  // --- position ------------------------------------------------------------------------
  /// Bits consumed so far (may exceed size_bits() after reading past the end).
  std::uint64_t bit_position() const noexcept {
    return static_cast<std::uint64_t>(p_ - begin_) * 8 + phantom_ - bits_;
  }
  /// Total bits in the data.
  std::uint64_t size_bits() const noexcept {
    return static_cast<std::uint64_t>(end_ - begin_) * 8;
  }
  /// Bits not yet consumed; 0 after reading past the end.
  std::uint64_t bits_left() const noexcept {
    const std::uint64_t p = bit_position(), n = size_bits();
    return p < n ? n - p : 0;
  }
  /// Moves to absolute bit position `pos` (past the end counts as having read past it;
  /// positions more than 2^40 bits past the end are clamped to that).
  void seek_bits(std::uint64_t pos) noexcept;
  bool byte_aligned() const noexcept { return (bit_position() & 7) == 0; }
  /// True when more bits were consumed than the data holds.
  bool overrun() const noexcept { return bit_position() > size_bits(); }
  /// Stream offset of the byte holding the next bit (for messages).
  std::uint64_t stream_offset() const noexcept { return base_ + bit_position() / 8; }

  // --- status --------------------------------------------------------------------------
  /// ok, or the first error: corrupt (with the code's offset), invalid_argument, or truncated
  /// (offset = stream offset of the end of the data) when the reads went past the end.
  sluice::status status() const noexcept {
    if (err_ != status_kind::ok) return error(err_, err_msg_, err_offset_);
    if (overrun())
      return error(status_kind::truncated, "bitstream ended early",
                   base_ + static_cast<std::uint64_t>(end_ - begin_));
    return sluice::ok();
  }
  bool ok() const noexcept { return err_ == status_kind::ok && !overrun(); }
  /// Marks the reader failed (sticky) with `kind` at the current position; parsers use it for
  /// values out of their syntax's range. Returns the new status.
  sluice::status fail(status_kind kind, const char* message) noexcept;
  /// Back to the start of the data, errors cleared.
  void reset() noexcept { *this = BitReader(begin_, static_cast<std::size_t>(end_ - begin_), base_); }

 private:
  void refill() noexcept {
    if (end_ - p_ >= 8) [[likely]] {
      // Bits below bits_ that this OR touches are the next stream bits, identical to what a
      // later refill ORs in again, so overlapping loads are harmless.
      cache_ |= bits_detail::load_be64(p_) >> bits_;
      p_ += (63 - bits_) >> 3;
      bits_ |= 56;
      return;
    }
    refill_tail();
  }
  void refill_tail() noexcept;
  std::uint64_t read_bits_wide(unsigned n) noexcept;
  std::uint32_t read_ue_long() noexcept;
  void set_error(status_kind k, const char* msg, std::uint64_t offset) noexcept;

  // Invariant: the top bits_ bits of cache_ are the stream bits at bit_position(); the bits
  // below them are either zero or the stream bits that follow (never anything else).
  std::uint64_t cache_ = 0;
  const std::uint8_t* begin_ = nullptr;
  const std::uint8_t* p_ = nullptr;    ///< next byte to load
  const std::uint8_t* end_ = nullptr;
  std::uint64_t base_ = 0;             ///< stream offset of begin_
  std::uint64_t phantom_ = 0;          ///< zero bits fed past the end
  std::uint64_t err_offset_ = 0;
  const char* err_msg_ = nullptr;
  unsigned bits_ = 0;                  ///< valid bits at the top of cache_, 0..64
  status_kind err_ = status_kind::ok;
};

/// A BitReader over bytes that arrive in an io_buffer in pieces (see the header comment).
///
///   StreamBitReader sr;                       // kept across transform() calls
///   BitReader& r = sr.begin(src);
///   auto a = r.read_ue(); auto b = r.read_bits(5);
///   status st = sr.commit(src);               // ok | need_input | truncated | corrupt ...
///   if (!st.is_ok()) return st;               // on need_input: refill src, then redo
///
/// Nothing is consumed from src by a transaction that ran past the readable bytes, so the
/// redo sees exactly the same bits. Bytes only partially read stay in src; the bit offset into
/// the first readable byte is kept here. Do not move src.ri between begin() and commit().
class StreamBitReader {
 public:
  /// A reader over src's readable bytes, positioned at the committed bit.
  BitReader& begin(const io_buffer& src) noexcept {
    r_ = BitReader(src.reader_pointer(), src.reader_length(), src.reader_position());
    if (bit_offset_) r_.skip_bits(bit_offset_);
    return r_;
  }
  /// Ends the transaction; see the class comment.
  status commit(io_buffer& src) noexcept;
  /// Bits already consumed of the first readable byte of src (0..7).
  unsigned bit_offset() const noexcept { return bit_offset_; }
  void reset() noexcept { *this = StreamBitReader(); }

 private:
  BitReader r_;
  unsigned bit_offset_ = 0;
};

/// Appends bits MSB-first to a byte vector it owns. Values wider than the field are an
/// error (`invalid_argument`, sticky) rather than silently truncated, as is ue(v) of
/// 2^32-1 and above.
class BitWriter {
 public:
  BitWriter() = default;
  /// Reserves room for `bytes` bytes up front.
  explicit BitWriter(std::size_t reserve_bytes) { bytes_.reserve(reserve_bytes); }

  void write_bit(std::uint32_t b) noexcept { write_bits(b & 1u, 1); }
  /// Writes the low `n` bits of `v` (0 <= n <= 64); `v` must fit in n bits.
  void write_bits(std::uint64_t v, unsigned n) noexcept;
  /// ue(v) for 0 .. 2^32-2.
  void write_ue(std::uint64_t v) noexcept;
  /// se(v) for INT32_MIN+1 .. INT32_MAX.
  void write_se(std::int64_t v) noexcept;
  /// Pads with `bit` (0 or 1) to the next byte boundary.
  void byte_align(std::uint32_t bit = 0) noexcept;
  /// rbsp_trailing_bits(): a stop bit 1, then zeros to the byte boundary.
  void write_trailing_bits() noexcept {
    write_bit(1);
    byte_align(0);
  }
  std::uint64_t bit_position() const noexcept { return bits_written_; }
  /// ok or invalid_argument (sticky).
  sluice::status status() const noexcept { return status_; }
  /// The bytes so far; a partial last byte is padded with zero bits.
  const std::vector<std::uint8_t>& bytes() const noexcept { return bytes_; }
  /// Moves the bytes out and resets the writer.
  std::vector<std::uint8_t> take() noexcept;

 private:
  std::vector<std::uint8_t> bytes_;
  std::uint64_t bits_written_ = 0;
  sluice::status status_{};
};

}  // namespace sluice
