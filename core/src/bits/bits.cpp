// BitReader / StreamBitReader / BitWriter: the out-of-line (cold) paths. See sluice/bits.hpp.
#include "sluice/bits.hpp"

namespace sluice {

// --- BitReader ----------------------------------------------------------------------------

void BitReader::refill_tail() noexcept {
  // Fewer than 8 bytes left: byte at a time, never touching memory at or past end_.
  while (bits_ <= 56 && p_ < end_) {
    cache_ |= static_cast<std::uint64_t>(*p_++) << (56 - bits_);
    bits_ += 8;
  }
  if (p_ == end_ && bits_ < 64) {
    // Past the end: count the zero bits we feed. Clear anything below the valid bits
    // first (there is nothing there to read ahead any more).
    cache_ = bits_ ? cache_ & (~std::uint64_t{0} << (64 - bits_)) : 0;
    phantom_ += 64 - bits_;
    bits_ = 64;
  }
}

std::uint64_t BitReader::read_bits_wide(unsigned n) noexcept {
  if (n > 64) {
    set_error(status_kind::invalid_argument, "bit count above 64", stream_offset());
    return 0;
  }
  const std::uint64_t hi = read_bits(n - 32);
  const std::uint64_t lo = read_bits(32);
  return (hi << 32) | lo;
}

std::uint32_t BitReader::read_ue_long() noexcept {
  // The prefix has 28 or more zero bits, or we are near the end. Count up to 32 zeros,
  // looking only at valid cache bits (the bits below them may not have been loaded yet).
  const std::uint64_t start = bit_position();
  unsigned zeros = 0;
  for (;;) {
    if (bits_ == 0) refill();  // afterwards bits_ > 0 (zeros are fed past the end)
    const unsigned lz = static_cast<unsigned>(std::countl_zero(cache_));
    const unsigned avail = bits_, want = 32 - zeros;
    unsigned take = lz < avail ? lz : avail;
    if (take > want) take = want;
    cache_ = take < 64 ? cache_ << take : 0;
    bits_ -= take;
    zeros += take;
    if (zeros == 32) break;
    if (take == lz && lz < avail) break;  // the next bit is the 1 that ends the prefix
  }
  if (zeros == 32) {
    if (bit_position() >= size_bits()) {
      // The data ended inside the prefix: that is truncation, not corruption.
      if (!overrun()) read_bit();
      return 0;
    }
    set_error(status_kind::corrupt, "Exp-Golomb code longer than 32 bits", base_ + start / 8);
    return 0;
  }
  read_bit();  // the 1
  const std::uint64_t suffix = read_bits(zeros);
  return static_cast<std::uint32_t>((std::uint64_t{1} << zeros) - 1 + suffix);
}

void BitReader::seek_bits(std::uint64_t pos) noexcept {
  const std::uint64_t total = size_bits();
  cache_ = 0;
  bits_ = 0;
  phantom_ = 0;
  if (pos >= total) {
    const std::uint64_t far = std::uint64_t{1} << 40;
    p_ = end_;
    phantom_ = pos - total > far ? far : pos - total;
    return;
  }
  p_ = begin_ + pos / 8;
  const unsigned sub = static_cast<unsigned>(pos & 7);
  if (sub) {
    refill();
    cache_ <<= sub;
    bits_ -= sub;
  }
}

void BitReader::set_error(status_kind k, const char* msg, std::uint64_t offset) noexcept {
  if (err_ != status_kind::ok) return;
  err_ = k;
  err_msg_ = msg;
  err_offset_ = offset;
  // From now on every read returns zeros: park at the end without counting an overrun.
  p_ = end_;
  cache_ = 0;
  bits_ = 0;
  phantom_ = 0;
  // Keep bit_position() meaningful-ish: the position of the end of the data.
}

sluice::status BitReader::fail(status_kind kind, const char* message) noexcept {
  set_error(kind, message, stream_offset());
  return status();
}

std::size_t BitReader::read_ue_array(std::uint32_t* out, std::size_t n) noexcept {
  std::size_t i = 0;
  for (; i < n; ++i) {
    out[i] = read_ue();
    if (!ok()) [[unlikely]] break;
  }
  return i;
}

std::size_t BitReader::read_bits_array(std::uint32_t* out, std::size_t n, unsigned width) noexcept {
  if (width > 32) {
    set_error(status_kind::invalid_argument, "field width above 32", stream_offset());
    return 0;
  }
  const std::uint64_t start = bit_position();
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<std::uint32_t>(read_bits(width));
  if (err_ != status_kind::ok) return 0;
  if (!overrun() || width == 0) return n;
  // Count only the fields that were read completely.
  const std::uint64_t have = start < size_bits() ? size_bits() - start : 0;
  return static_cast<std::size_t>(have / width);
}

// --- StreamBitReader ----------------------------------------------------------------------

status StreamBitReader::commit(io_buffer& src) noexcept {
  sluice::status st = r_.status();
  if (st.kind == status_kind::truncated) {
    if (!src.closed) return need_input();  // consume nothing: redo after the refill
    return st;
  }
  if (st.is_error()) return st;
  const std::uint64_t pos = r_.bit_position();
  src.consume(static_cast<std::size_t>(pos / 8));
  bit_offset_ = static_cast<unsigned>(pos & 7);
  return ok();
}

// --- BitWriter ----------------------------------------------------------------------------

void BitWriter::write_bits(std::uint64_t v, unsigned n) noexcept {
  if (status_.is_error()) return;
  if (n > 64 || (n < 64 && (v >> n) != 0)) {
    status_ = error(status_kind::invalid_argument, "value does not fit in the bit field");
    return;
  }
  while (n > 0) {
    const unsigned used = static_cast<unsigned>(bits_written_ & 7);
    if (used == 0) bytes_.push_back(0);
    const unsigned room = 8 - used;
    const unsigned take = n < room ? n : room;
    const std::uint64_t chunk = (v >> (n - take)) & ((1u << take) - 1);
    bytes_.back() = static_cast<std::uint8_t>(bytes_.back() | (chunk << (room - take)));
    n -= take;
    bits_written_ += take;
  }
}

void BitWriter::write_ue(std::uint64_t v) noexcept {
  if (v > 0xFFFFFFFEull) {
    if (!status_.is_error())
      status_ = error(status_kind::invalid_argument, "ue(v) value above 2^32-2");
    return;
  }
  const std::uint64_t x = v + 1;  // 1 .. 2^32-1
  const unsigned len = 64 - static_cast<unsigned>(std::countl_zero(x));  // 1..32
  write_bits(0, len - 1);
  write_bits(x, len);
}

void BitWriter::write_se(std::int64_t v) noexcept {
  if (v < -std::int64_t{0x7FFFFFFF} || v > std::int64_t{0x7FFFFFFF}) {
    if (!status_.is_error())
      status_ = error(status_kind::invalid_argument, "se(v) value outside INT32_MIN+1..INT32_MAX");
    return;
  }
  write_ue(v > 0 ? 2 * static_cast<std::uint64_t>(v) - 1 : 2 * static_cast<std::uint64_t>(-v));
}

void BitWriter::byte_align(std::uint32_t bit) noexcept {
  const unsigned used = static_cast<unsigned>(bits_written_ & 7);
  if (used == 0) return;
  const unsigned pad = 8 - used;
  write_bits(bit ? (1u << pad) - 1 : 0, pad);
}

std::vector<std::uint8_t> BitWriter::take() noexcept {
  std::vector<std::uint8_t> out = std::move(bytes_);
  bytes_ = {};
  bits_written_ = 0;
  status_ = {};
  return out;
}

}  // namespace sluice
