#include "file_read.hpp"

#include <unistd.h>

#include <cerrno>
#include <memory>

namespace sluice::native {

std::uint8_t* thread_read_buffer(std::size_t bytes) {
  thread_local std::unique_ptr<std::uint8_t[]> buf;
  thread_local std::size_t cap = 0;
  if (cap < bytes) {
    buf.reset(new std::uint8_t[bytes]);
    cap = bytes;
  }
  return buf.get();
}

int pread_exact(int fd, std::uint8_t* dst, std::uint64_t off, std::size_t len,
                std::uint64_t& stopped_at) noexcept {
  while (len) {
    const ssize_t r = ::pread(fd, dst, len, static_cast<off_t>(off));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) {
      stopped_at = off;
      return r < 0 ? errno : kFileEnded;
    }
    dst += r;
    off += static_cast<std::uint64_t>(r);
    len -= static_cast<std::size_t>(r);
  }
  return 0;
}

}  // namespace sluice::native
