#include "sluice/memory.hpp"

#include <algorithm>
#include <cstring>

namespace sluice {

status MemorySource::read(io_buffer& dst) {
  const std::uint64_t at = dst.writer_position();
  if (at >= bytes_.size()) {
    if (at > bytes_.size()) return error(status_kind::invalid_argument, "read past the end of a memory source", at);
    dst.closed = true;
    return end_of_stream();
  }
  if (dst.closed) return error(status_kind::invalid_argument, "read into a closed buffer");
  // Both operands fit in size_t: the remainder is at most bytes_.size().
  std::size_t n = std::min(dst.writer_length(), bytes_.size() - static_cast<std::size_t>(at));
  if (max_chunk_) n = std::min(n, max_chunk_);
  if (n == 0) return need_output();
  std::memcpy(dst.writer_pointer(), bytes_.data() + at, n);
  dst.commit(n);
  return ok();
}

status MemorySink::write(io_buffer& src) {
  if (finished_) return error(status_kind::invalid_argument, "write after finish");
  std::size_t n = src.reader_length();
  if (max_chunk_) n = std::min(n, max_chunk_);
  bytes_.insert(bytes_.end(), src.reader_pointer(), src.reader_pointer() + n);
  src.consume(n);
  return ok();
}

status MemorySink::finish() {
  finished_ = true;
  return ok();
}

void MemorySink::abort() noexcept {
  bytes_.clear();
  bytes_.shrink_to_fit();
  finished_ = false;
}

}  // namespace sluice
