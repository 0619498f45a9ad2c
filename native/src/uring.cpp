#include "sluice/native/uring.hpp"

#include <fcntl.h>
#include <liburing.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace sluice::native {

struct UringSource::ring {
  io_uring r{};
  bool live = false;
  ~ring() {
    if (live) io_uring_queue_exit(&r);
  }
};

bool UringSource::available() noexcept {
  static const bool ok = [] {
    io_uring r{};
    if (io_uring_queue_init(2, &r, 0) != 0) return false;
    io_uring_queue_exit(&r);
    return true;
  }();
  return ok;
}

UringSource::UringSource(const std::string& path, unsigned depth, std::size_t block_bytes)
    : ring_(std::make_unique<ring>()), block_(std::max<std::size_t>(block_bytes, 4096)) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    st_ = io_error(errno, "cannot open");
    return;
  }
  fd_ = unique_fd(fd);
  struct stat sb {};
  if (::fstat(fd, &sb) != 0) {
    st_ = io_error(errno, "cannot stat");
    return;
  }
  if (S_ISDIR(sb.st_mode)) {
    st_ = io_error(EISDIR, "cannot read");
    return;
  }
  if (!S_ISREG(sb.st_mode)) {
    st_ = error(status_kind::unsupported, "the io_uring engine reads regular files only");
    return;
  }
  size_ = static_cast<std::uint64_t>(sb.st_size);
  depth = std::clamp(depth, 1u, 64u);
  // -errno discipline (liburing): a negative return is the error.
  int rc = io_uring_queue_init(depth, &ring_->r, 0);
  if (rc < 0) {
    st_ = io_error(-rc, "io_uring is not available");
    st_.kind = status_kind::unsupported;
    return;
  }
  ring_->live = true;
  slots_.resize(depth);
  for (auto& s : slots_) s.buf.reset(new std::uint8_t[block_]);
}

UringSource::~UringSource() {
  // Reads in flight target our buffers: wait for them before the buffers go away.
  while (in_flight_ > 0 && ring_ && ring_->live) {
    io_uring_cqe* cqe = nullptr;
    if (io_uring_wait_cqe(&ring_->r, &cqe) < 0) break;
    io_uring_cqe_seen(&ring_->r, cqe);
    --in_flight_;
  }
}

status UringSource::submit(std::size_t i) {
  slot& s = slots_[i];
  io_uring_sqe* sqe = io_uring_get_sqe(&ring_->r);
  if (!sqe) return error(status_kind::internal, "io_uring submission queue full");
  io_uring_prep_read(sqe, fd_.get(), s.buf.get() + s.got, static_cast<unsigned>(s.want - s.got),
                     s.off + s.got);
  io_uring_sqe_set_data64(sqe, i);
  int rc = io_uring_submit(&ring_->r);
  if (rc < 0) return io_error(-rc, "io_uring submit failed", s.off);
  s.pending = true;
  ++in_flight_;
  return ok();
}

status UringSource::wait_one() {
  io_uring_cqe* cqe = nullptr;
  int rc;
  do rc = io_uring_wait_cqe(&ring_->r, &cqe);
  while (rc == -EINTR);
  if (rc < 0) return io_error(-rc, "io_uring wait failed");
  const std::size_t i = io_uring_cqe_get_data64(cqe);
  const int res = cqe->res;
  io_uring_cqe_seen(&ring_->r, cqe);
  --in_flight_;
  slot& s = slots_[i];
  s.pending = false;
  if (res < 0) {
    if (res == -EAGAIN || res == -EINTR) return submit(i);
    return io_error(-res, "read failed", s.off + s.got);
  }
  if (res == 0) {
    s.want = s.got;  // end of file came early (the file shrank): keep what we have
    return ok();
  }
  s.got += static_cast<std::size_t>(res);
  if (s.got < s.want) return submit(i);  // short read: ask for the rest
  return ok();
}

UringSource::slot* UringSource::find(std::uint64_t at) noexcept {
  for (auto& s : slots_)
    if (s.want && at >= s.off && at < s.off + s.want) return &s;
  return nullptr;
}

status UringSource::restart_at(std::uint64_t at) {
  while (in_flight_ > 0)
    if (status s = wait_one(); s.is_error()) return s;
  next_off_ = at;
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    slot& s = slots_[i];
    s.got = 0;
    s.want = 0;
    if (next_off_ >= size_) continue;
    s.off = next_off_;
    s.want = static_cast<std::size_t>(std::min<std::uint64_t>(block_, size_ - next_off_));
    next_off_ += s.want;
    if (status r = submit(i); r.is_error()) return r;
  }
  return ok();
}

status UringSource::read(io_buffer& dst) {
  if (st_.is_error()) return st_;
  if (dst.closed) return error(status_kind::invalid_argument, "read into a closed buffer");
  if (dst.writer_length() == 0) return need_output();
  const std::uint64_t at = dst.writer_position();
  if (at >= size_) {
    dst.closed = true;
    return end_of_stream();
  }
  slot* s = find(at);
  if (!s) {
    if (status r = restart_at(at); r.is_error()) return st_ = r;
    s = find(at);
  }
  while (s->pending)
    if (status r = wait_one(); r.is_error()) return st_ = r;
  if (at >= s->off + s->got) {  // the file ended before `at`
    dst.closed = true;
    return end_of_stream();
  }
  const std::size_t avail = static_cast<std::size_t>(s->off + s->got - at);
  const std::size_t n = std::min(avail, dst.writer_length());
  std::memcpy(dst.writer_pointer(), s->buf.get() + (at - s->off), n);
  dst.commit(n);
  if (at + n == s->off + s->want) {  // block used up: send it further ahead
    const std::size_t i = static_cast<std::size_t>(s - slots_.data());
    s->got = 0;
    s->want = 0;
    if (next_off_ < size_) {
      s->off = next_off_;
      s->want = static_cast<std::size_t>(std::min<std::uint64_t>(block_, size_ - next_off_));
      next_off_ += s->want;
      if (status r = submit(i); r.is_error()) return st_ = r;
    }
  }
  return ok();
}

}  // namespace sluice::native
