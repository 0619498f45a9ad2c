#include "common.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>

namespace sluice::cli {

void report(const std::string& what, const std::string& message) {
  std::fprintf(stderr, "sluice: %s: %s\n", what.c_str(), message.c_str());
}

void report(const std::string& what, const status& s) { report(what, s.to_string()); }

bool flush_stdout() {
  errno = 0;
  if (std::fflush(stdout) == 0 && !std::ferror(stdout)) return true;
  report("standard output", io_error(errno != 0 ? errno : EIO, "cannot write"));
  return false;
}

std::string human_bytes(double bytes) {
  static const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int u = 0;
  while (bytes >= 1024.0 && u < 4) {
    bytes /= 1024.0;
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.2f %s", bytes, units[u]);
  return buf;
}

std::string human_rate(double bps) {
  char buf[32];
  if (bps >= 1e9)
    std::snprintf(buf, sizeof buf, "%.2f GB/s", bps / 1e9);
  else
    std::snprintf(buf, sizeof buf, "%.1f MB/s", bps / 1e6);
  return buf;
}

Progress::Progress(std::string label, bool forced)
    : label_(std::move(label)),
      forced_(forced),
      terminal_(::isatty(2) == 1),
      enabled_(forced || terminal_),
      start_(std::chrono::steady_clock::now()) {}

status Progress::on_progress(const pump_stats& s) {
  if (!enabled_) return ok();
  auto now = std::chrono::steady_clock::now();
  // On a terminal by default, a job done within kQuietFor draws nothing (no flicker, and
  // nothing between the result lines of many small files).
  if (!drawn_ && !forced_ && now - start_ < kQuietFor) return ok();
  if (!s.finished && drawn_ && now - last_ < std::chrono::milliseconds(100)) return ok();
  last_ = now;
  drawn_ = true;
  std::fprintf(stderr, "\r%s: %s  %s   ", label_.c_str(),
               human_bytes(static_cast<double>(s.bytes_in)).c_str(),
               human_rate(s.input_rate()).c_str());
  std::fflush(stderr);
  return ok();
}

void Progress::done() {
  // A terminal's progress line is erased (the results are what stays on screen); elsewhere
  // (--progress into a file) it is ended.
  if (enabled_ && drawn_) std::fputs(terminal_ ? "\r\033[K" : "\n", stderr);
  if (drawn_) std::fflush(stderr);
  drawn_ = false;
}

}  // namespace sluice::cli
