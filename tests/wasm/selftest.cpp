// tests/wasm/selftest.cpp — core's io_buffer, status and pump checks, compiled to wasm and
// run under node by ctest (wasm.selftest). It exits 1 on any failed check, printing each one.
//
// It proves the parts the JS layer depends on behave the same in wasm as natively: the
// io_buffer compaction rule, the pump's handling of would_block and 1-byte chunks through a
// chain of pass-throughs, sticky errors, and the TransformDriver (wasm/) that js/lib drives,
// including heap growth in the middle of a stream.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

#include "passthrough.hpp"
#include "sluice/memory.hpp"
#include "sluice/pump.hpp"
#include "sluice/version.hpp"
#include "transform_driver.hpp"

using namespace sluice;
using sluice::wasm::PassThrough;
using sluice::wasm::TransformDriver;

namespace {

int g_checks = 0;
int g_failures = 0;

#define CHECK(cond)                                                                  \
  do {                                                                               \
    ++g_checks;                                                                      \
    if (!(cond)) {                                                                   \
      ++g_failures;                                                                  \
      std::printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);                    \
    }                                                                                \
  } while (0)

std::vector<std::uint8_t> sample(std::size_t n, std::uint32_t seed) {
  std::vector<std::uint8_t> v(n);
  for (auto& b : v) {
    seed = seed * 1664525u + 1013904223u;
    b = static_cast<std::uint8_t>(seed >> 24);
  }
  return v;
}

// Answers would_block on every other call, then delegates to a 1-byte-at-a-time source.
class FlakySource final : public Source {
 public:
  FlakySource(std::span<const std::uint8_t> b, std::size_t chunk) : inner_(b, chunk) {}
  status read(io_buffer& dst) override {
    if (flip_ = !flip_; flip_) return would_block();
    return inner_.read(dst);
  }

 private:
  MemorySource inner_;
  bool flip_ = false;
};

// Produces `good` bytes, then a corrupt error with an offset.
class FailingSource final : public Source {
 public:
  explicit FailingSource(std::size_t good) : good_(good) {}
  status read(io_buffer& dst) override {
    if (dst.writer_position() >= good_)
      return error(status_kind::corrupt, "bad byte", dst.writer_position());
    std::uint8_t b = 'x';
    dst.write_some(&b, 1);
    return ok();
  }

 private:
  std::size_t good_;
};

// Transforms that break the contract by never moving: the driver must not let JS spin.
class Idle final : public Transform {
 public:
  explicit Idle(status_kind answer) : answer_(answer) {}
  status transform(io_buffer&, io_buffer&) override { return {answer_}; }
  void reset() override {}
  const char* name() const noexcept override { return "idle"; }

 private:
  status_kind answer_;
};

void test_io_buffer() {
  std::uint8_t mem[64];
  std::memset(mem, 0, sizeof mem);
  io_buffer b = io_buffer::over(mem, sizeof mem);
  CHECK(b.valid() && b.reader_length() == 0 && b.writer_length() == 64);
  const std::uint8_t src[50] = {1, 2, 3};
  CHECK(b.write_some(src, 50) == 50);
  b.pos = 100;
  b.consume(30);
  // The compaction table in io_buffer.hpp: pos 100, ri 30, wi 50 -> pos 130, ri 0, wi 20.
  b.compact();
  CHECK(b.pos == 130 && b.ri == 0 && b.wi == 20 && b.writer_length() == 44);
  CHECK(b.reader_position() == 130 && b.writer_position() == 150);
  // write_some copies only what fits.
  std::uint8_t big[100] = {};
  CHECK(b.write_some(big, 100) == 44);
  CHECK(b.writer_length() == 0);
  // All-zero is a valid empty buffer.
  io_buffer z{};
  CHECK(z.valid() && z.reader_length() == 0 && z.writer_length() == 0 && !z.drained());
  z.closed = true;
  CHECK(z.drained());
}

void test_status() {
  CHECK(!ok().is_error() && ok().is_ok());
  CHECK(need_input().is_suspension() && need_output().is_suspension() && would_block().is_suspension());
  CHECK(!end_of_stream().is_error() && end_of_stream().is_end());
  status e = error(status_kind::truncated, "short", 7);
  CHECK(e.is_error() && e.has_offset() && e.to_string() == "short at byte 7");
  CHECK(error(status_kind::internal, "x").is_error());
}

void test_pump_identity_chain() {
  const auto input = sample(10007, 3);
  for (std::size_t buffer_bytes : {std::size_t{1}, std::size_t{3}, std::size_t{4096}}) {
    FlakySource src(input, 1);
    PassThrough a, b, c;
    Transform* chain[] = {&a, &b, &c};
    MemorySink sink(1);
    Pump p(src, chain, sink, {.buffer_bytes = buffer_bytes});
    status s = ok();
    int runs = 0;
    do {
      s = p.run();
      ++runs;
    } while (s.kind == status_kind::would_block && runs < 10000000);
    CHECK(s.is_end());
    CHECK(sink.finished());
    CHECK(sink.bytes() == input);
    CHECK(p.stats().bytes_in == input.size() && p.stats().bytes_out == input.size());
    CHECK(p.stats().would_blocks > 0);
    CHECK(runs > 1);
    // end_of_stream is sticky.
    CHECK(p.run().is_end());
  }
}

void test_pump_error_is_sticky_and_aborts() {
  FailingSource src(5);
  PassThrough a;
  Transform* chain[] = {&a};
  MemorySink sink;
  Pump p(src, chain, sink, {.buffer_bytes = 2});
  status s = p.run();
  CHECK(s.kind == status_kind::corrupt && s.offset == 5);
  CHECK(sink.bytes().empty() && !sink.finished());  // aborted: nothing partial kept
  status again = p.run();
  CHECK(again == s);
}

// Feeds `input` through a driver in slices of `slice` bytes, draining `drain` bytes at a
// time, as js/lib/push.mjs does; returns the output or sets `final_kind` on failure.
std::vector<std::uint8_t> drive(TransformDriver& d, const std::vector<std::uint8_t>& input,
                                std::size_t slice, std::size_t drain, int& final_kind) {
  std::vector<std::uint8_t> out;
  std::size_t off = 0;
  const int end = static_cast<int>(status_kind::end_of_stream);
  for (int guard = 0; guard < 100000000; ++guard) {
    std::size_t room = d.input_room();
    std::size_t n = std::min({room, slice, input.size() - off});
    if (n) {
      std::memcpy(reinterpret_cast<std::uint8_t*>(d.input_pointer()), input.data() + off, n);
      if (d.commit_input(n) != 0) break;
      off += n;
    }
    int k = d.run(off == input.size());
    std::size_t len = std::min(d.output_length(), drain);
    auto* p = reinterpret_cast<const std::uint8_t*>(d.output_pointer());
    out.insert(out.end(), p, p + len);
    (void)d.consume_output(len);
    if (k == end && d.output_length() == 0) {
      final_kind = k;
      return out;
    }
    if (k >= static_cast<int>(status_kind::invalid_argument)) {
      final_kind = k;
      return out;
    }
  }
  final_kind = -1;
  return out;
}

// The same through step() and the state block, as js/lib/push.mjs does it.
std::vector<std::uint8_t> drive_step(TransformDriver& d, const std::vector<std::uint8_t>& input,
                                     std::size_t slice, int& final_kind) {
  const auto* state = reinterpret_cast<const std::uint32_t*>(d.state_pointer());
  std::vector<std::uint8_t> out;
  std::size_t off = 0, unconsumed = 0;
  for (int guard = 0; guard < 100000000; ++guard) {
    std::size_t n = std::min<std::size_t>({state[TransformDriver::input_room_word], slice, input.size() - off});
    if (n) std::memcpy(reinterpret_cast<std::uint8_t*>(state[TransformDriver::input_pointer_word]), input.data() + off, n);
    off += n;
    int k = d.step(unconsumed, n, off == input.size());
    if (k != static_cast<int>(state[TransformDriver::kind_word])) {
      final_kind = -2;
      return out;
    }
    auto* p = reinterpret_cast<const std::uint8_t*>(state[TransformDriver::output_pointer_word]);
    unconsumed = state[TransformDriver::output_length_word];
    out.insert(out.end(), p, p + unconsumed);
    if (k == static_cast<int>(status_kind::end_of_stream) ||
        k >= static_cast<int>(status_kind::invalid_argument)) {
      final_kind = k;
      return out;
    }
  }
  final_kind = -1;
  return out;
}

void test_driver() {
  const auto input = sample(70001, 9);
  const int end = static_cast<int>(status_kind::end_of_stream);
  for (auto [slice, drain, cap] : {std::array<std::size_t, 3>{1, 1, 1}, {7, 3, 5},
                                   {4096, 101, 1000}, {100000, 100000, 0}}) {
    TransformDriver d("identity", cap, cap);
    CHECK(d.kind() == 0);
    int k = -1;
    auto out = drive(d, input, slice, drain, k);
    CHECK(k == end);
    CHECK(out == input);
    CHECK(d.total_in() == static_cast<double>(input.size()));
    CHECK(d.total_out() == static_cast<double>(input.size()));
    // After the end, the driver keeps saying so; extra input is corrupt (sticky).
    CHECK(d.run(true) == end);
  }

  for (std::size_t slice : {std::size_t{1}, std::size_t{5}, std::size_t{70001}}) {
    TransformDriver d("identity", 4, 3);
    int k = -1;
    auto out = drive_step(d, input, slice, k);
    CHECK(k == end);
    CHECK(out == input);
  }
  {
    // identity-fail: 1000 bytes pass, then corrupt at offset 1000, reported through step().
    TransformDriver d("identity-fail", 64, 64);
    int k = -1;
    auto out = drive_step(d, input, 100, k);
    CHECK(k == static_cast<int>(status_kind::corrupt));
    CHECK(d.offset() == 1000.0);
    CHECK(out.size() <= 1000 && std::equal(out.begin(), out.end(), input.begin()));
  }

  // Heap growth mid-stream: identity-grow allocates 4 MiB on each of its first 8 calls.
  {
    const std::size_t pages_before = __builtin_wasm_memory_size(0);
    TransformDriver d("identity-grow", 4096, 4096);
    int k = -1;
    auto big = sample(3u << 20, 11);
    auto out = drive(d, big, 65536, 65536, k);
    CHECK(k == end);
    CHECK(out == big);
    CHECK(__builtin_wasm_memory_size(0) > pages_before);
  }

  // Misuse is a sticky invalid_argument, and reset() clears it.
  {
    const int invalid = static_cast<int>(status_kind::invalid_argument);
    TransformDriver d("identity", 16, 16);
    CHECK(d.commit_input(17) == invalid);
    CHECK(d.kind() == invalid && d.message() == "more input committed than there is room for");
    CHECK(d.run(false) == invalid);
    CHECK(d.input_room() == 0);
    d.reset();
    CHECK(d.kind() == 0 && d.input_room() == 16);
    CHECK(d.commit_input(4) == 0);
    CHECK(d.run(true) == end);
    CHECK(d.output_length() == 4);
    CHECK(d.consume_output(5) == invalid);
    d.reset();
    CHECK(d.run(true) == end);
    CHECK(d.commit_input(1) == invalid);  // after the input was closed
    d.reset();
    CHECK(d.commit_input(3) == 0);
    CHECK(d.run(true) == end);
    CHECK(d.consume_output(3) == 0 && d.kind() == end);
  }
  {
    const int internal = static_cast<int>(status_kind::internal);
    TransformDriver stuck(std::make_unique<Idle>(status_kind::need_output), 8, 8);
    CHECK(stuck.step(0, 0, false) == internal);
    CHECK(stuck.message() == "a transform made no progress with an empty output buffer");
    TransformDriver spinning(std::make_unique<Idle>(status_kind::ok), 8, 8);
    int k = 0, runs = 0;
    while (k == 0 && runs < 5000) k = spinning.step(0, 0, false), ++runs;
    CHECK(k == internal);
    CHECK(runs > 1000 && runs < 1010);
    TransformDriver none(std::unique_ptr<Transform>{}, 8, 8);
    CHECK(none.kind() == static_cast<int>(status_kind::unsupported));
  }
  {
    TransformDriver d("no-such-transform", 0, 0);
    CHECK(d.kind() == static_cast<int>(status_kind::unsupported));
    d.reset();
    CHECK(d.kind() == static_cast<int>(status_kind::unsupported));  // construction errors stay
    TransformDriver huge("identity", TransformDriver::max_buffer_bytes + 1, 1);
    CHECK(huge.kind() == static_cast<int>(status_kind::invalid_argument));
  }
}

}  // namespace

int main() {
  test_io_buffer();
  test_status();
  test_pump_identity_chain();
  test_pump_error_is_sticky_and_aborts();
  test_driver();
  std::printf("wasm selftest (sluice %s): %d checks, %d failed\n", version_string, g_checks,
              g_failures);
  return g_failures == 0 ? 0 : 1;
}
