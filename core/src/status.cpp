#include "sluice/status.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace sluice {

namespace detail {
void assert_fail(const char* cond, const char* file, int line) noexcept {
  std::fprintf(stderr, "sluice: invariant violated: %s (%s:%d)\n", cond, file, line);
  std::abort();
}
}  // namespace detail

const char* kind_name(status_kind k) noexcept {
  switch (k) {
    case status_kind::ok: return "ok";
    case status_kind::end_of_stream: return "end of stream";
    case status_kind::need_input: return "need input";
    case status_kind::need_output: return "need output";
    case status_kind::would_block: return "would block";
    case status_kind::invalid_argument: return "invalid argument";
    case status_kind::corrupt: return "corrupt";
    case status_kind::truncated: return "truncated";
    case status_kind::checksum_mismatch: return "checksum mismatch";
    case status_kind::unsupported: return "unsupported";
    case status_kind::limit_exceeded: return "limit exceeded";
    case status_kind::io_error: return "I/O error";
    case status_kind::internal: return "internal error";
  }
  return "unknown status";
}

std::string status::to_string() const {
  std::string s = message ? message : kind_name(kind);
  if (has_offset()) {
    s += " at byte ";
    s += std::to_string(offset);
  }
  if (sys_errno != 0) {
    s += ": ";
    s += std::strerror(sys_errno);  // NOLINT(concurrency-mt-unsafe): message text only
  }
  return s;
}

}  // namespace sluice
