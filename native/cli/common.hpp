// Shared pieces of the sluice CLI: exit codes, the error line, progress, inputs/outputs.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "sluice/pump.hpp"
#include "sluice/status.hpp"

namespace sluice::cli {

enum exit_code : int { exit_ok = 0, exit_failure = 1, exit_usage = 2 };

/// Prints "sluice: <what>: <message>" to stderr. `what` is usually a file name ("-" = stdin).
void report(const std::string& what, const std::string& message);
void report(const std::string& what, const status& s);

/// Flushes standard output. A failed write to it (a full disk, a closed pipe that does not
/// raise SIGPIPE) is reported ("sluice: standard output: cannot write: ...") and gives false:
/// the command must then exit 1, never 0 with its output lost.
bool flush_stdout();

/// Human-readable byte count and rate: "1.50 GiB", "812.3 MB/s".
std::string human_bytes(double bytes);
std::string human_rate(double bytes_per_second);

/// Progress to stderr, redrawn at most ten times a second, on a terminal or when forced.
/// On a terminal (not forced) it starts only once a job has run for kQuietFor, and done()
/// erases the line; forced onto a non-terminal, each job's last line is kept.
class Progress final : public PumpObserver {
 public:
  Progress(std::string label, bool forced);
  bool enabled() const noexcept { return enabled_; }
  status on_progress(const pump_stats& stats) override;
  /// Ends the progress line (call once the job is over, success or not).
  void done();

 private:
  static constexpr std::chrono::milliseconds kQuietFor{250};
  std::string label_;
  bool forced_;
  bool terminal_;
  bool enabled_;
  std::chrono::steady_clock::time_point start_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_{};
};

/// Name to show for an input path ("-" and "" mean standard input).
inline std::string display_name(const std::string& path) {
  return path.empty() || path == "-" ? "-" : path;
}

}  // namespace sluice::cli
