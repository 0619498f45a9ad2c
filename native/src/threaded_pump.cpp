#include "sluice/native/threaded_pump.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <new>
#include <thread>
#include <vector>

#include "sluice/native/file.hpp"

namespace sluice::native {

namespace {

using clock = std::chrono::steady_clock;

struct block {
  std::unique_ptr<std::uint8_t[]> mem;
  io_buffer buf;
  status st = ok();  // an input block may carry the reader's error instead of bytes
  bool last = false; // an output "block" that only says: no more output
};

/// A queue of blocks between two threads. pop() waits; it returns nullptr once the queue is
/// cancelled (the job failed), so every waiter wakes up.
class block_queue {
 public:
  void push(block* b) {
    {
      std::lock_guard<std::mutex> l(m_);
      q_.push_back(b);
    }
    cv_.notify_one();
  }
  block* pop() {
    std::unique_lock<std::mutex> l(m_);
    cv_.wait(l, [&] { return cancelled_ || !q_.empty(); });
    if (cancelled_) return nullptr;
    block* b = q_.front();
    q_.pop_front();
    return b;
  }
  void cancel() {
    {
      std::lock_guard<std::mutex> l(m_);
      cancelled_ = true;
    }
    cv_.notify_all();
  }

 private:
  std::mutex m_;
  std::condition_variable cv_;
  std::deque<block*> q_;
  bool cancelled_ = false;
};

class job {
 public:
  job(int fd, Transform& t, Sink& sink, const threaded_pump_options& o)
      : fd_(fd), t_(t), sink_(sink), o_(o) {}

  status run() {
    status s = setup();
    if (s.is_error()) {
      sink_.abort();
      return s;
    }
    end_marker_.last = true;
    start_ = clock::now();

    reader_ = std::thread([this] { read_loop(); });
    writer_ = std::thread([this] { write_loop(); });
    s = transform_loop();
    if (s.is_error()) return fail(s);

    // Success so far: let the writer drain, then publish.
    to_write_.push(&end_marker_);
    writer_.join();
    stop_reader();
    if (writer_status_.is_error()) {
      sink_.abort();
      return writer_status_;
    }
    s = sink_.finish();
    if (s.is_error()) {
      sink_.abort();
      return s;
    }
    stats_.bytes_out = bytes_out_.load(std::memory_order_relaxed);
    stats_.finished = true;
    stats_.elapsed = clock::now() - start_;
    if (o_.observer) (void)o_.observer->on_progress(stats_);
    return end_of_stream();
  }

  ~job() {
    // run() joins both threads on every path that started them; this is the safety net.
    if (reader_.joinable() || writer_.joinable()) (void)fail(error(status_kind::internal, "aborted"));
  }

 private:
  status setup() {
    struct stat st {};
    if (::fstat(fd_, &st) != 0) return io_error(errno, "cannot stat");
    seekable_ = S_ISREG(st.st_mode) || S_ISBLK(st.st_mode);
    stop_fd_ = unique_fd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
    if (!stop_fd_) return io_error(errno, "cannot create an eventfd");
    if (!allocate(o_.in_blocks < 2 ? 2 : o_.in_blocks, o_.in_block_bytes ? o_.in_block_bytes : 1,
                  free_in_) ||
        !allocate(o_.out_blocks < 2 ? 2 : o_.out_blocks, o_.out_block_bytes ? o_.out_block_bytes : 1,
                  free_out_))
      return error(status_kind::internal, "out of memory for the I/O blocks");
    return ok();
  }

  bool allocate(unsigned n, std::size_t bytes, block_queue& q) {
    for (unsigned i = 0; i < n; ++i) {
      auto b = std::make_unique<block>();
      b->mem.reset(new (std::nothrow) std::uint8_t[bytes]);
      if (!b->mem) return false;
      b->buf = io_buffer::over(b->mem.get(), bytes);
      q.push(b.get());
      blocks_.push_back(std::move(b));
    }
    return true;
  }

  // --- reader thread -------------------------------------------------------------------

  // Waits until fd_ is readable or the job is stopped. False when stopped.
  bool wait_readable() {
    pollfd p[2] = {{fd_, POLLIN, 0}, {stop_fd_.get(), POLLIN, 0}};
    for (;;) {
      const int r = ::poll(p, 2, -1);
      if (r < 0 && errno == EINTR) continue;
      if (r < 0) return true;  // let the read report the problem
      return (p[1].revents & POLLIN) == 0;
    }
  }

  bool input_ready_now() {
    pollfd p = {fd_, POLLIN, 0};
    return ::poll(&p, 1, 0) > 0;
  }

  void read_loop() {
    std::uint64_t offset = 0;
    for (;;) {
      block* b = free_in_.pop();
      if (!b) return;
      b->buf.ri = b->buf.wi = 0;
      b->buf.pos = offset;
      b->buf.closed = false;
      b->st = ok();
      // Files: fill the block whole (block-aligned chunks let the lz4 encoder compress in
      // place). Pipes: hand over what has arrived as soon as nothing more is ready.
      while (b->buf.writer_length() > 0) {
        if (!seekable_ && !wait_readable()) return;
        const ssize_t n =
            seekable_ ? ::pread(fd_, b->buf.writer_pointer(), b->buf.writer_length(),
                                static_cast<off_t>(offset))
                      : ::read(fd_, b->buf.writer_pointer(), b->buf.writer_length());
        if (n > 0) {
          b->buf.wi += static_cast<std::size_t>(n);
          offset += static_cast<std::uint64_t>(n);
          if (!seekable_ && !input_ready_now()) break;
          continue;
        }
        if (n == 0) {
          b->buf.closed = true;
          break;
        }
        if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) continue;
        b->st = io_error(errno, "read failed", offset);
        break;
      }
      const bool end = b->buf.closed || b->st.is_error();
      filled_in_.push(b);
      if (end) return;
    }
  }

  void stop_reader() {
    free_in_.cancel();
    filled_in_.cancel();
    const std::uint64_t one = 1;
    (void)!::write(stop_fd_.get(), &one, sizeof one);
    if (reader_.joinable()) reader_.join();
  }

  // --- writer thread -------------------------------------------------------------------

  void write_loop() {
    for (;;) {
      block* b = to_write_.pop();
      if (!b || b->last) return;
      while (b->buf.reader_length() > 0) {
        const std::size_t r0 = b->buf.ri;
        status s = sink_.write(b->buf);
        bytes_out_.fetch_add(b->buf.ri - r0, std::memory_order_relaxed);
        if (s.is_error()) {
          writer_status_ = s;  // read by the calling thread after join() or a cancelled pop
          writer_failed_.store(true, std::memory_order_release);
          free_out_.cancel();
          return;
        }
        if (b->buf.ri == r0 && s.kind == status_kind::would_block) {
          // A non-blocking descriptor that is full: come back shortly.
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
          continue;
        }
        if (b->buf.ri == r0) {
          writer_status_ = error(status_kind::internal, "the output accepted no bytes");
          writer_failed_.store(true, std::memory_order_release);
          free_out_.cancel();
          return;
        }
      }
      free_out_.push(b);
    }
  }

  // --- the calling thread --------------------------------------------------------------

  status writer_error() const {
    return writer_failed_.load(std::memory_order_acquire)
               ? writer_status_
               : error(status_kind::internal, "output queue cancelled");
  }

  status next_input(block*& in) {
    in = filled_in_.pop();
    if (!in) return error(status_kind::internal, "input queue cancelled");
    if (in->st.is_error()) return in->st;
    stats_.bytes_in += in->buf.wi;
    stats_.reads++;
    return ok();
  }

  status transform_loop() {
    block* in = nullptr;
    status s = next_input(in);
    if (s.is_error()) return s;
    block* out = free_out_.pop();
    if (!out) return writer_error();
    std::uint64_t out_pos = 0;
    out->buf.ri = out->buf.wi = 0;
    out->buf.pos = out_pos;
    for (;;) {
      s = t_.transform(out->buf, in->buf);
      if (s.is_error()) return s;
      if (s.kind == status_kind::need_output) {
        out_pos += out->buf.wi;
        to_write_.push(out);
        stats_.writes++;
        out = free_out_.pop();
        if (!out) return writer_error();
        out->buf.ri = out->buf.wi = 0;
        out->buf.pos = out_pos;
      } else if (s.kind == status_kind::need_input) {
        if (in->buf.closed)
          return error(status_kind::internal,
                       "a transform asked for more input after its input was closed");
        free_in_.push(in);
        s = next_input(in);
        if (s.is_error()) return s;
      } else if (s.is_end()) {
        break;
      } else {
        return error(status_kind::internal, "unexpected transform status");
      }
      if (o_.observer) {
        stats_.bytes_out = bytes_out_.load(std::memory_order_relaxed);
        stats_.elapsed = clock::now() - start_;
        s = o_.observer->on_progress(stats_);
        if (s.is_error()) return s;
      }
    }
    // The transform ended: whatever input follows is not its to ignore.
    for (;;) {
      if (in->buf.reader_length() > 0)
        return error(status_kind::corrupt, "unexpected data after the end of the stream",
                     in->buf.reader_position());
      if (in->buf.closed) break;
      free_in_.push(in);
      s = next_input(in);
      if (s.is_error()) return s;
    }
    if (out->buf.wi > 0) {
      to_write_.push(out);
      stats_.writes++;
    } else {
      free_out_.push(out);
    }
    return ok();
  }

  status fail(status s) {
    to_write_.cancel();
    free_out_.cancel();
    if (writer_.joinable()) writer_.join();
    stop_reader();
    sink_.abort();
    return s;
  }

  int fd_;
  Transform& t_;
  Sink& sink_;
  threaded_pump_options o_;
  bool seekable_ = false;
  unique_fd stop_fd_;
  std::vector<std::unique_ptr<block>> blocks_;
  block end_marker_;
  block_queue free_in_, filled_in_, free_out_, to_write_;
  std::thread reader_, writer_;
  status writer_status_ = ok();
  std::atomic<bool> writer_failed_{false};
  std::atomic<std::uint64_t> bytes_out_{0};
  pump_stats stats_;
  clock::time_point start_{};
};

}  // namespace

status threaded_pump(int in_fd, Transform& t, Sink& sink, const threaded_pump_options& o) {
  job j(in_fd, t, sink, o);
  return j.run();
}

}  // namespace sluice::native
