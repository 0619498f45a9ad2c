#include "sluice/pump.hpp"

namespace sluice {

namespace {
using clock = std::chrono::steady_clock;
}

double pump_stats::input_rate() const noexcept {
  double s = std::chrono::duration<double>(elapsed).count();
  return s > 0 ? static_cast<double>(bytes_in) / s : 0.0;
}
double pump_stats::output_rate() const noexcept {
  double s = std::chrono::duration<double>(elapsed).count();
  return s > 0 ? static_cast<double>(bytes_out) / s : 0.0;
}

Pump::Pump(Source& source, std::span<Transform* const> transforms, Sink& sink,
           pump_options options)
    : source_(source),
      transforms_(transforms.begin(), transforms.end()),
      sink_(sink),
      options_(options),
      done_(transforms.size(), false) {
  if (options_.buffer_bytes == 0) options_.buffer_bytes = 1;
  edges_.reserve(transforms_.size() + 1);
  for (std::size_t i = 0; i <= transforms_.size(); ++i) edges_.emplace_back(options_.buffer_bytes);
}

status Pump::fail(status s) {
  sink_.abort();
  sticky_ = s;
  return s;
}

status Pump::run() {
  if (sticky_.is_error() || sticky_.is_end()) return sticky_;
  if (!started_) {
    started_ = true;
    start_ = clock::now();
  }
  for (;;) {
    bool progress = false;
    bool blocked = false;

    // 1. Source -> edges_[0].
    io_buffer& head = edges_.front().buf;
    if (!head.closed) {
      head.compact_if_useful();
      if (head.writer_length() > 0) {
        const std::size_t w0 = head.wi;
        const auto t0 = clock::now();
        status s = source_.read(head);
        const auto dt = clock::now() - t0;
        stats_.reads++;
        stats_.read_time += dt;
        if (dt > stats_.read_latency_max) stats_.read_latency_max = dt;
        if (s.is_error()) return fail(s);
        if (s.kind == status_kind::would_block) {
          blocked = true;
          stats_.would_blocks++;
        }
        SLUICE_ASSERT(head.valid());
        stats_.bytes_in += head.wi - w0;
        if (head.wi != w0 || head.closed) progress = true;
      }
    }

    // 2. Each transform, edges_[i] -> edges_[i + 1].
    for (std::size_t i = 0; i < transforms_.size(); ++i) {
      io_buffer& in = edges_[i].buf;
      io_buffer& out = edges_[i + 1].buf;
      if (done_[i]) {
        if (in.reader_length() > 0)
          return fail(error(status_kind::corrupt, "unexpected data after the end of the stream",
                            in.reader_position()));
        continue;
      }
      out.compact_if_useful();
      const std::size_t r0 = in.ri, w0 = out.wi;
      status s = transforms_[i]->transform(out, in);
      SLUICE_ASSERT(in.valid() && out.valid());
      if (s.is_error()) return fail(s);
      if (s.is_end()) {
        done_[i] = true;
        out.closed = true;
        progress = true;
      } else if (s.kind == status_kind::need_input && in.drained()) {
        return fail(error(status_kind::internal,
                          "a transform asked for more input after its input was closed"));
      }
      if (in.ri != r0 || out.wi != w0) progress = true;
      in.compact_if_useful();
    }

    // 3. edges_.back() -> sink.
    io_buffer& tail = edges_.back().buf;
    if (tail.reader_length() > 0) {
      const std::size_t r0 = tail.ri;
      const auto t0 = clock::now();
      status s = sink_.write(tail);
      const auto dt = clock::now() - t0;
      stats_.writes++;
      stats_.write_time += dt;
      if (dt > stats_.write_latency_max) stats_.write_latency_max = dt;
      if (s.is_error()) return fail(s);
      if (s.kind == status_kind::would_block) {
        blocked = true;
        stats_.would_blocks++;
      }
      SLUICE_ASSERT(tail.valid());
      stats_.bytes_out += tail.ri - r0;
      if (tail.ri != r0) progress = true;
      tail.compact_if_useful();
    }

    stats_.elapsed = clock::now() - start_;
    // Finished only when every edge is closed and empty: a transform that ended early must
    // still see its input end, or the bytes after its stream would be dropped silently.
    bool all_drained = true;
    for (auto& e : edges_) all_drained = all_drained && e.buf.drained();
    if (all_drained) {
      status s = sink_.finish();
      if (s.is_error()) return fail(s);
      stats_.finished = true;
      if (options_.observer) (void)options_.observer->on_progress(stats_);
      sticky_ = end_of_stream();
      return sticky_;
    }
    if (progress && options_.observer) {
      status s = options_.observer->on_progress(stats_);
      if (s.is_error()) return fail(s);
      if (s.kind == status_kind::would_block) {
        stats_.would_blocks++;
        return s;
      }
    }
    if (!progress) {
      if (blocked) return would_block();
      return fail(error(status_kind::internal,
                        "pump stalled: no stage consumed or produced a byte"));
    }
  }
}

status pump_all(Source& source, std::span<Transform* const> transforms, Sink& sink,
                pump_options options) {
  Pump p(source, transforms, sink, options);
  return p.run();
}

}  // namespace sluice
