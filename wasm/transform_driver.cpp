#include "transform_driver.hpp"

#include <new>

#include "passthrough.hpp"

namespace sluice::wasm {

std::unique_ptr<Transform> make_transform(const std::string& name) {
  if (name == "identity") return std::make_unique<PassThrough>();
  // Test aid: grows the heap by 4 MiB on each of its first 8 calls (see passthrough.hpp).
  if (name == "identity-grow") return std::make_unique<GrowingPassThrough>(4u << 20, 8);
  // Test aid: copies 1000 bytes, then reports corrupt data at stream offset 1000.
  if (name == "identity-fail") return std::make_unique<FailingPassThrough>(1000);
  return nullptr;
}

bool TransformDriver::block::allocate(std::size_t n) {
  mem.reset(new (std::nothrow) std::uint8_t[n]);
  if (!mem) return false;
  buf = io_buffer::over(mem.get(), n);
  return true;
}

TransformDriver::TransformDriver(const std::string& name, std::size_t input_bytes,
                                 std::size_t output_bytes)
    : name_(name), transform_(make_transform(name)) {
  init(input_bytes, output_bytes);
}

TransformDriver::TransformDriver(std::unique_ptr<Transform> transform, std::size_t input_bytes,
                                 std::size_t output_bytes)
    : transform_(std::move(transform)) {
  init(input_bytes, output_bytes);
}

void TransformDriver::init(std::size_t input_bytes, std::size_t output_bytes) {
  if (input_bytes == 0) input_bytes = default_buffer_bytes;
  if (output_bytes == 0) output_bytes = default_buffer_bytes;
  if (!transform_) {
    construct_error_ = error(status_kind::unsupported, "unknown transform");
  } else if (input_bytes > max_buffer_bytes || output_bytes > max_buffer_bytes) {
    construct_error_ = error(status_kind::invalid_argument, "transform buffer larger than 256 MiB");
  } else if (!in_.allocate(input_bytes) || !out_.allocate(output_bytes)) {
    construct_error_ = error(status_kind::limit_exceeded, "out of memory allocating transform buffers");
  }
  last_ = construct_error_;
  publish();
}

int TransformDriver::fail(status s) {
  last_ = s;
  return kind();
}

std::uintptr_t TransformDriver::input_pointer() {
  in_.buf.compact_if_useful();
  return reinterpret_cast<std::uintptr_t>(in_.buf.writer_pointer());
}

std::size_t TransformDriver::input_room() {
  if (last_.is_error() || in_.buf.closed) return 0;
  in_.buf.compact_if_useful();
  return in_.buf.writer_length();
}

int TransformDriver::commit_input(std::size_t n) {
  if (last_.is_error()) return kind();
  if (n == 0) return 0;
  if (in_.buf.closed) return fail(error(status_kind::invalid_argument, "input written after it was closed"));
  if (n > in_.buf.writer_length())
    return fail(error(status_kind::invalid_argument, "more input committed than there is room for"));
  in_.buf.commit(n);
  return 0;
}

int TransformDriver::run(bool close_input) {
  if (last_.is_error()) return kind();
  io_buffer& in = in_.buf;
  io_buffer& out = out_.buf;
  if (close_input) in.closed = true;
  if (ended_) {
    // The transform has finished its stream: anything more is not part of it.
    if (in.reader_length() > 0)
      return fail(error(status_kind::corrupt, "unexpected data after the end of the stream",
                        in.reader_position()));
    return fail(end_of_stream());
  }
  out.compact_if_useful();
  const std::uint64_t in0 = in.reader_position(), out0 = out.writer_position();
  const bool out_was_empty = out.reader_length() == 0;
  status s = transform_->transform(out, in);
  if (!in.valid() || !out.valid())
    return fail(error(status_kind::internal, "a transform broke an io_buffer invariant"));
  const bool moved = in.reader_position() != in0 || out.writer_position() != out0;
  if (s.kind == status_kind::need_input && in.drained()) {
    s = error(status_kind::internal, "a transform asked for more input after its input was closed");
  } else if (s.kind == status_kind::need_output && out_was_empty && !moved) {
    // Asked for room while all of it was free, and used none: it would loop forever.
    s = error(status_kind::internal, "a transform made no progress with an empty output buffer");
  } else if (s.kind == status_kind::ok && !moved) {
    // ok promises progress; allow internal-only progress for a while, not forever.
    if (++idle_runs_ > max_idle_runs)
      s = error(status_kind::internal, "a transform made no progress");
  }
  if (moved) idle_runs_ = 0;
  if (s.is_end()) ended_ = true;
  return fail(s);
}

std::uintptr_t TransformDriver::output_pointer() const {
  return reinterpret_cast<std::uintptr_t>(out_.buf.reader_pointer());
}

std::size_t TransformDriver::output_length() const { return out_.buf.reader_length(); }

int TransformDriver::consume_output(std::size_t n) {
  if (last_.is_error()) return kind();
  if (n > out_.buf.reader_length())
    return fail(error(status_kind::invalid_argument, "more output consumed than there is"));
  out_.buf.consume(n);
  out_.buf.compact_if_useful();
  return 0;
}

int TransformDriver::step(std::size_t consumed, std::size_t committed, bool close_input) {
  int k = consume_output(consumed);
  if (k == 0) k = commit_input(committed);
  if (k == 0) k = run(close_input);
  publish();
  return k;
}

void TransformDriver::publish() {
  // wasm32: addresses and sizes fit in 32 bits. input_room() compacts, so it goes first.
  state_[input_room_word] = static_cast<std::uint32_t>(input_room());
  state_[input_pointer_word] = static_cast<std::uint32_t>(input_pointer());
  state_[output_pointer_word] = static_cast<std::uint32_t>(output_pointer());
  state_[output_length_word] = static_cast<std::uint32_t>(output_length());
  state_[kind_word] = static_cast<std::uint32_t>(kind());
}

void TransformDriver::reset() {
  if (transform_) transform_->reset();
  in_.buf.reset_to(0);
  out_.buf.reset_to(0);
  ended_ = false;
  idle_runs_ = 0;
  last_ = construct_error_;
  publish();
}

}  // namespace sluice::wasm
