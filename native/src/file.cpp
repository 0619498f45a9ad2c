#include "sluice/native/file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

namespace sluice::native {

unique_fd& unique_fd::operator=(unique_fd&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = o.release();
  }
  return *this;
}

unique_fd::~unique_fd() {
  if (fd_ >= 0) ::close(fd_);
}

// --- FileSource ------------------------------------------------------------------------

FileSource::FileSource(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    open_status_ = io_error(errno, "cannot open");
    return;
  }
  owned_ = unique_fd(fd);
  fd_ = fd;
  probe();
}

FileSource::FileSource(int fd) noexcept : fd_(fd) { probe(); }

void FileSource::probe() noexcept {
  struct stat st {};
  if (::fstat(fd_, &st) != 0) {
    open_status_ = io_error(errno, "cannot stat");
    return;
  }
  if (S_ISDIR(st.st_mode)) {
    open_status_ = io_error(EISDIR, "cannot read");
    return;
  }
  if (S_ISREG(st.st_mode) || S_ISBLK(st.st_mode)) {
    seekable_ = true;
    if (S_ISREG(st.st_mode)) size_ = static_cast<std::uint64_t>(st.st_size);
  }
}

status FileSource::read(io_buffer& dst) {
  if (open_status_.is_error()) return open_status_;
  if (dst.closed) return error(status_kind::invalid_argument, "read into a closed buffer");
  const std::uint64_t at = dst.writer_position();
  if (!seekable_ && at != offset_)
    return error(status_kind::unsupported, "cannot seek in this input", at);
  if (dst.writer_length() == 0) return need_output();
  for (;;) {
    ssize_t n = seekable_ ? ::pread(fd_, dst.writer_pointer(), dst.writer_length(),
                                    static_cast<off_t>(at))
                          : ::read(fd_, dst.writer_pointer(), dst.writer_length());
    if (n > 0) {
      dst.commit(static_cast<std::size_t>(n));
      offset_ = at + static_cast<std::uint64_t>(n);
      return ok();
    }
    if (n == 0) {
      dst.closed = true;
      return end_of_stream();
    }
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return would_block();
    return io_error(errno, "read failed", at);
  }
}

// --- writing helpers -------------------------------------------------------------------

namespace {

// Writes the readable bytes of src to fd; consumes what was written.
status write_fd(int fd, io_buffer& src, std::uint64_t& written) {
  while (src.reader_length() > 0) {
    ssize_t n = ::write(fd, src.reader_pointer(), src.reader_length());
    if (n > 0) {
      src.consume(static_cast<std::size_t>(n));
      written += static_cast<std::uint64_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return would_block();
    return io_error(n < 0 ? errno : EIO, "write failed", written);
  }
  return ok();
}

std::string dir_of(const std::string& path) {
  auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string base_of(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

// --- FileSink --------------------------------------------------------------------------

FileSink::FileSink(std::string path) : path_(std::move(path)) {
  if (path_.empty() || path_.back() == '/') {
    open_status_ = io_error(EISDIR, "cannot write");
    return;
  }
  struct stat st {};
  if (::stat(path_.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
    open_status_ = io_error(EISDIR, "cannot write");
    return;
  }
  std::string tmpl = dir_of(path_) + "/." + base_of(path_) + ".sluice-XXXXXX";
  int fd = ::mkostemp(tmpl.data(), O_CLOEXEC);  // mode 0600
  if (fd < 0) {
    open_status_ = io_error(errno, "cannot create a temporary file beside");
    return;
  }
  fd_ = unique_fd(fd);
  temp_ = std::move(tmpl);
}

FileSink::~FileSink() {
  if (!done_) abort();
}

status FileSink::write(io_buffer& src) {
  if (open_status_.is_error()) return open_status_;
  if (done_) return error(status_kind::invalid_argument, "write after finish");
  status s = write_fd(fd_.get(), src, written_);
  if (s.is_error()) {
    open_status_ = s;  // sticky
    return s;
  }
  // Start writeback of every 8 MiB as it completes (asynchronously: SYNC_FILE_RANGE_WRITE
  // does not wait for the disk), so that the fsync in finish() waits only for the tail
  // instead of the whole file. Failure here is harmless: finish()'s fsync still decides.
  constexpr std::uint64_t writeback_step = std::uint64_t{8} << 20;
  if (written_ - writeback_from_ >= writeback_step) {
    (void)::sync_file_range(fd_.get(), static_cast<off_t>(writeback_from_),
                            static_cast<off_t>(written_ - writeback_from_), SYNC_FILE_RANGE_WRITE);
    writeback_from_ = written_;
  }
  return s;
}

status FileSink::finish() {
  if (open_status_.is_error()) return open_status_;
  if (done_) return ok();
  // The published file gets the mode a plain create would give it, or keeps the mode of
  // the file it replaces.
  mode_t mode;
  struct stat st {};
  if (::stat(path_.c_str(), &st) == 0) {
    mode = st.st_mode & 07777;
  } else {
    mode_t mask = ::umask(0);
    ::umask(mask);
    mode = 0666 & ~mask;
  }
  if (::fchmod(fd_.get(), mode) != 0) return open_status_ = io_error(errno, "cannot set mode of output");
  if (::fsync(fd_.get()) != 0) return open_status_ = io_error(errno, "cannot flush output to disk");
  if (::close(fd_.release()) != 0) return open_status_ = io_error(errno, "cannot close output");
  if (::rename(temp_.c_str(), path_.c_str()) != 0)
    return open_status_ = io_error(errno, "cannot move the output into place");
  done_ = true;
  temp_.clear();
  return ok();
}

void FileSink::abort() noexcept {
  fd_ = unique_fd();
  if (!temp_.empty()) {
    ::unlink(temp_.c_str());
    temp_.clear();
  }
  done_ = true;
  if (!open_status_.is_error())
    open_status_ = error(status_kind::invalid_argument, "output was aborted");
}

// --- FdSink ----------------------------------------------------------------------------

status FdSink::write(io_buffer& src) { return write_fd(fd_, src, written_); }

}  // namespace sluice::native
