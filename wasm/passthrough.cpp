#include "passthrough.hpp"

#include <algorithm>
#include <new>

namespace sluice::wasm {

status PassThrough::transform(io_buffer& dst, io_buffer& src) {
  std::size_t n = std::min(src.reader_length(), dst.writer_length());
  if (n) {
    dst.write_some(src.reader_pointer(), n);
    src.consume(n);
  }
  if (src.reader_length() > 0) return need_output();
  return src.closed ? end_of_stream() : need_input();
}

status GrowingPassThrough::transform(io_buffer& dst, io_buffer& src) {
  if (sticky_.is_error()) return sticky_;
  if (calls_ < grow_calls_) {
    ++calls_;
    std::unique_ptr<std::uint8_t[]> block(new (std::nothrow) std::uint8_t[grow_bytes_]);
    if (!block)
      return sticky_ = error(status_kind::limit_exceeded, "out of memory growing the test heap");
    // Touch the block so that it is really committed and not optimised away.
    for (std::size_t i = 0; i < grow_bytes_; i += 4096) block[i] = static_cast<std::uint8_t>(i);
    held_.push_back(std::move(block));
  }
  return PassThrough::transform(dst, src);
}

void GrowingPassThrough::reset() {
  held_.clear();
  calls_ = 0;
  sticky_ = ok();
}

status FailingPassThrough::transform(io_buffer& dst, io_buffer& src) {
  if (sticky_.is_error()) return sticky_;
  const std::uint64_t at = src.reader_position();
  if (at >= limit_ && src.reader_length() > 0)
    return sticky_ = error(status_kind::corrupt, "test failure (identity-fail)", at);
  std::size_t n = std::min(src.reader_length(), dst.writer_length());
  if (static_cast<std::uint64_t>(n) > limit_ - at) n = static_cast<std::size_t>(limit_ - at);
  if (n) {
    dst.write_some(src.reader_pointer(), n);
    src.consume(n);
  }
  if (src.reader_length() > 0) {
    if (src.reader_position() >= limit_)
      return sticky_ = error(status_kind::corrupt, "test failure (identity-fail)", src.reader_position());
    return need_output();
  }
  return src.closed ? end_of_stream() : need_input();
}

}  // namespace sluice::wasm
