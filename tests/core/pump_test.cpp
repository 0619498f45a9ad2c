#define BOOST_TEST_MODULE core.pump
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <vector>

#include "sluice/memory.hpp"
#include "support/printing.hpp"
#include "sluice/pump.hpp"

namespace bdata = boost::unit_test::data;
using namespace sluice;

namespace {

std::vector<std::uint8_t> sample(std::size_t n, std::uint32_t seed = 1) {
  std::vector<std::uint8_t> v(n);
  for (auto& b : v) {
    seed = seed * 1664525u + 1013904223u;
    b = static_cast<std::uint8_t>(seed >> 24);
  }
  return v;
}

// Doubles every byte: output is twice the input, so it exercises need_output.
// Processes at most `step` bytes per call to make the pump loop.
class Doubler final : public Transform {
 public:
  status transform(io_buffer& dst, io_buffer& src) override {
    if (pending_ && !emit(dst)) return need_output();
    while (src.reader_length() > 0) {
      if (dst.writer_length() == 0) return need_output();
      pending_byte_ = src.reader_pointer()[0];
      src.consume(1);
      pending_ = 2;
      if (!emit(dst)) return need_output();
    }
    return src.closed ? end_of_stream() : need_input();
  }
  void reset() override { pending_ = 0; }
  const char* name() const noexcept override { return "doubler"; }

 private:
  bool emit(io_buffer& dst) {
    while (pending_ && dst.writer_length()) {
      dst.writer_pointer()[0] = pending_byte_;
      dst.commit(1);
      --pending_;
    }
    return pending_ == 0;
  }
  std::uint8_t pending_byte_ = 0;
  int pending_ = 0;
};

// Emits everything in reverse once its input is closed: output only at the end (like an
// encoder's flush), and a `truncated` error if asked to expect a minimum length.
class Reverser final : public Transform {
 public:
  explicit Reverser(std::size_t min_len = 0) : min_len_(min_len) {}
  status transform(io_buffer& dst, io_buffer& src) override {
    if (sticky_.is_error()) return sticky_;
    held_.insert(held_.end(), src.reader_pointer(), src.reader_pointer() + src.reader_length());
    src.consume(src.reader_length());
    if (!src.closed) return need_input();
    if (held_.size() < min_len_)
      return sticky_ = error(status_kind::truncated, "reverser input too short", held_.size());
    while (out_ < held_.size()) {
      if (dst.writer_length() == 0) return need_output();
      dst.writer_pointer()[0] = held_[held_.size() - 1 - out_++];
      dst.commit(1);
    }
    return end_of_stream();
  }
  void reset() override { held_.clear(); out_ = 0; sticky_ = ok(); }
  const char* name() const noexcept override { return "reverser"; }

 private:
  std::vector<std::uint8_t> held_;
  std::size_t out_ = 0, min_len_;
  status sticky_ = ok();
};

// Passes `limit` bytes through, then says the stream has ended (like a decoder at the end of
// its frame), leaving whatever follows unread.
class Prefix final : public Transform {
 public:
  explicit Prefix(std::size_t limit) : left_(limit) {}
  status transform(io_buffer& dst, io_buffer& src) override {
    while (left_) {
      if (src.reader_length() == 0)
        return src.closed ? error(status_kind::truncated, "prefix input too short") : need_input();
      if (dst.writer_length() == 0) return need_output();
      std::size_t n = std::min({left_, src.reader_length(), dst.writer_length()});
      dst.write_some(src.reader_pointer(), n);
      src.consume(n);
      left_ -= n;
    }
    return end_of_stream();
  }
  void reset() override {}
  const char* name() const noexcept override { return "prefix"; }

 private:
  std::size_t left_;
};

// Answers would_block on every other call.
class FlakySource final : public Source {
 public:
  FlakySource(std::span<const std::uint8_t> b, std::size_t chunk) : inner_(b, chunk) {}
  status read(io_buffer& dst) override {
    if (flip_ = !flip_; flip_) return would_block();
    return inner_.read(dst);
  }
  MemorySource inner_;
  bool flip_ = false;
};

class FailingSource final : public Source {
 public:
  explicit FailingSource(std::size_t fail_at) : fail_at_(fail_at) {}
  status read(io_buffer& dst) override {
    std::uint64_t at = dst.writer_position();
    if (at >= fail_at_) return io_error(5, "disk on fire", at);
    dst.writer_pointer()[0] = 'x';
    dst.commit(1);
    return ok();
  }
  std::size_t fail_at_;
};

class CountingObserver final : public PumpObserver {
 public:
  status on_progress(const pump_stats& s) override {
    ++calls;
    last = s;
    if (pause_every && calls % pause_every == 0) return would_block();
    if (cancel_after && calls >= cancel_after) return error(status_kind::invalid_argument, "cancelled");
    return ok();
  }
  int calls = 0, pause_every = 0, cancel_after = 0;
  pump_stats last;
};

const std::size_t limits[] = {1, 2, 3, 7, 101, 4096, 0};  // 0 = unlimited

}  // namespace

BOOST_AUTO_TEST_SUITE(pump_suite)

BOOST_DATA_TEST_CASE(identity_copy_at_every_chunking,
                     bdata::make(limits) * bdata::make(limits) * bdata::make({1, 5, 4096}),
                     read_limit, write_limit, buffer) {
  auto in = sample(9000);
  MemorySource src(in, read_limit);
  MemorySink sink(write_limit);
  pump_options opt;
  opt.buffer_bytes = static_cast<std::size_t>(buffer);
  status s = pump_all(src, {}, sink, opt);
  BOOST_TEST(s.is_end(), s.to_string());
  BOOST_TEST(sink.finished());
  BOOST_TEST(sink.bytes() == in);
}

BOOST_DATA_TEST_CASE(chain_of_transforms_is_chunking_independent,
                     bdata::make(limits) * bdata::make({1, 3, 64, 65536}), read_limit, buffer) {
  auto in = sample(3001, 7);
  std::vector<std::uint8_t> expect;
  for (auto it = in.rbegin(); it != in.rend(); ++it) expect.insert(expect.end(), {*it, *it});

  MemorySource src(in, read_limit);
  Reverser rev;
  Doubler dbl;
  Transform* chain[] = {&rev, &dbl};
  MemorySink sink;
  Pump p(src, chain, sink, {static_cast<std::size_t>(buffer), nullptr});
  status s = p.run();
  BOOST_TEST(s.is_end(), s.to_string());
  BOOST_TEST(sink.bytes() == expect);
  BOOST_TEST(p.stats().bytes_in == in.size());
  BOOST_TEST(p.stats().bytes_out == expect.size());
  BOOST_TEST(p.stats().finished);
}

BOOST_AUTO_TEST_CASE(empty_input) {
  MemorySource src({});
  Doubler dbl;
  Transform* chain[] = {&dbl};
  MemorySink sink;
  BOOST_TEST(pump_all(src, chain, sink).is_end());
  BOOST_TEST(sink.finished());
  BOOST_TEST(sink.bytes().empty());
}

BOOST_AUTO_TEST_CASE(would_block_suspends_and_resumes) {
  auto in = sample(5000, 3);
  FlakySource src(in, 13);
  Doubler dbl;
  Transform* chain[] = {&dbl};
  MemorySink sink;
  Pump p(src, chain, sink, {64, nullptr});
  int suspensions = 0;
  status s = p.run();
  while (s.kind == status_kind::would_block) {
    ++suspensions;
    BOOST_REQUIRE(suspensions < 100000);
    s = p.run();
  }
  BOOST_TEST(s.is_end(), s.to_string());
  BOOST_TEST(suspensions > 10);
  BOOST_TEST(p.stats().would_blocks == static_cast<std::uint64_t>(suspensions));
  std::vector<std::uint8_t> expect;
  for (auto b : in) expect.insert(expect.end(), {b, b});
  BOOST_TEST(sink.bytes() == expect);
  BOOST_TEST(p.run().is_end());  // sticky
}

BOOST_AUTO_TEST_CASE(source_error_aborts_the_sink_and_sticks) {
  FailingSource src(1000);
  MemorySink sink;
  Pump p(src, sink, {100, nullptr});
  status s = p.run();
  BOOST_TEST(s.kind == status_kind::io_error);
  BOOST_TEST(s.sys_errno == 5);
  BOOST_TEST(s.offset == 1000u);
  BOOST_TEST(sink.bytes().empty());  // aborted: nothing partial left
  BOOST_TEST(!sink.finished());
  BOOST_TEST(p.run() == s);          // sticky
}

BOOST_AUTO_TEST_CASE(transform_error_carries_kind_and_offset) {
  auto in = sample(10);
  MemorySource src(in, 1);
  Reverser rev(11);
  Transform* chain[] = {&rev};
  MemorySink sink;
  status s = pump_all(src, chain, sink);
  BOOST_TEST(s.kind == status_kind::truncated);
  BOOST_TEST(s.offset == 10u);
  BOOST_TEST(s.to_string() == "reverser input too short at byte 10");
  BOOST_TEST(sink.bytes().empty());
}

BOOST_AUTO_TEST_CASE(data_after_the_end_of_a_stream_is_not_dropped_silently) {
  auto in = sample(100);
  MemorySource src(in, 7);
  Prefix pre(60);
  Transform* chain[] = {&pre};
  MemorySink sink;
  status s = pump_all(src, chain, sink, {16, nullptr});
  BOOST_TEST(s.kind == status_kind::corrupt);
  BOOST_TEST(s.offset == 60u);
  BOOST_TEST(sink.bytes().empty());
}

BOOST_AUTO_TEST_CASE(observer_sees_progress_pauses_and_cancels) {
  auto in = sample(4096);
  {
    MemorySource src(in, 100);
    MemorySink sink;
    CountingObserver obs;
    obs.pause_every = 5;
    Pump p(src, sink, {256, &obs});
    int pauses = 0;
    status s = p.run();
    while (s.kind == status_kind::would_block) { ++pauses; s = p.run(); }
    BOOST_TEST(s.is_end());
    BOOST_TEST(pauses > 3);
    BOOST_TEST(obs.last.finished);
    BOOST_TEST(obs.last.bytes_in == in.size());
    BOOST_TEST(obs.last.reads >= in.size() / 100);
    BOOST_TEST(sink.bytes() == in);
  }
  {
    MemorySource src(in, 100);
    MemorySink sink;
    CountingObserver obs;
    obs.cancel_after = 3;
    status s = pump_all(src, {}, sink, {256, &obs});
    BOOST_TEST(s.kind == status_kind::invalid_argument);
    BOOST_TEST(sink.bytes().empty());
  }
}

// A transform that neither consumes nor produces must not hang the pump.
BOOST_AUTO_TEST_CASE(stalled_transform_is_reported_not_spun) {
  class Stuck final : public Transform {
    status transform(io_buffer&, io_buffer&) override { return need_output(); }
    void reset() override {}
    const char* name() const noexcept override { return "stuck"; }
  } stuck;
  auto in = sample(10);
  MemorySource src(in);
  Transform* chain[] = {&stuck};
  MemorySink sink;
  status s = pump_all(src, chain, sink, {4, nullptr});
  BOOST_TEST(s.kind == status_kind::internal);
}

BOOST_AUTO_TEST_CASE(status_basics) {
  BOOST_TEST(ok().is_ok());
  BOOST_TEST(!need_input().is_error());
  BOOST_TEST(need_input().is_suspension());
  BOOST_TEST(would_block().is_suspension());
  BOOST_TEST(!end_of_stream().is_suspension());
  for (auto k : {status_kind::invalid_argument, status_kind::corrupt, status_kind::truncated,
                 status_kind::checksum_mismatch, status_kind::unsupported,
                 status_kind::limit_exceeded, status_kind::io_error, status_kind::internal})
    BOOST_TEST(error(k, "x").is_error());
  BOOST_TEST(io_error(2, "cannot open").to_string() == "cannot open: No such file or directory");
  BOOST_TEST(error(status_kind::corrupt, nullptr, 5).to_string() == "corrupt at byte 5");
}

BOOST_AUTO_TEST_SUITE_END()
