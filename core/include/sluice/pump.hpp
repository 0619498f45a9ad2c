// sluice/pump.hpp — drives source -> transforms... -> sink.
//
// The pump owns one io_buffer per edge of the chain and moves bytes until the sink has
// taken the last one, a stage suspends with would_block, or something fails. It never
// blocks: `run()` returns `would_block` when the source, the sink or the observer (rate
// limiting) says so, and the caller calls `run()` again later — from a blocking loop, a
// poll loop, or a JavaScript event loop alike.
//
// Results of `run()`:
//   end_of_stream   every byte reached the sink and `Sink::finish()` succeeded;
//   would_block     call run() again later;
//   an error        the sink has been aborted (nothing partial is left looking complete).
// Both end_of_stream and errors are sticky.
#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <vector>

#include "sluice/io_buffer.hpp"
#include "sluice/stage.hpp"

namespace sluice {

struct pump_stats {
  std::uint64_t bytes_in = 0;        ///< bytes the source produced
  std::uint64_t bytes_out = 0;       ///< bytes the sink accepted
  std::uint64_t reads = 0;           ///< Source::read calls
  std::uint64_t writes = 0;          ///< Sink::write calls
  std::uint64_t would_blocks = 0;    ///< times a stage or the observer said would_block
  std::chrono::nanoseconds elapsed{};        ///< wall time since the first run()
  std::chrono::nanoseconds read_time{};      ///< total time inside Source::read
  std::chrono::nanoseconds read_latency_max{};   ///< longest single Source::read
  std::chrono::nanoseconds write_time{};     ///< total time inside Sink::write
  std::chrono::nanoseconds write_latency_max{};  ///< longest single Sink::write
  bool finished = false;

  /// Bytes per second into the pump over `elapsed` (0 before any time has passed).
  double input_rate() const noexcept;
  double output_rate() const noexcept;
};

/// Told about progress. Returning `would_block` pauses the pump (run() returns would_block:
/// the rate limiter's lever); returning an error cancels it (the sink is aborted).
class PumpObserver {
 public:
  virtual ~PumpObserver() = default;
  virtual status on_progress(const pump_stats& stats) = 0;
};

struct pump_options {
  std::size_t buffer_bytes = 256 * 1024;  ///< capacity of each edge buffer
  PumpObserver* observer = nullptr;       ///< not owned; may be null
};

class Pump {
 public:
  /// The stages are not owned and must outlive the pump.
  Pump(Source& source, std::span<Transform* const> transforms, Sink& sink,
       pump_options options = {});
  Pump(Source& source, Sink& sink, pump_options options = {})
      : Pump(source, {}, sink, options) {}

  status run();
  const pump_stats& stats() const noexcept { return stats_; }

 private:
  status fail(status s);

  Source& source_;
  std::vector<Transform*> transforms_;
  Sink& sink_;
  pump_options options_;
  std::vector<owned_buffer> edges_;   // edges_[i] feeds transforms_[i]; the last feeds the sink
  std::vector<bool> done_;            // transforms_[i] returned end_of_stream
  status sticky_ = ok();
  pump_stats stats_;
  std::chrono::steady_clock::time_point start_{};
  bool started_ = false;
};

/// Runs a pump to completion when every stage blocks instead of answering would_block
/// (files, memory). Returns end_of_stream or an error; would_block from a stage is
/// returned as is, since this function does not wait.
status pump_all(Source& source, std::span<Transform* const> transforms, Sink& sink,
                pump_options options = {});

}  // namespace sluice
