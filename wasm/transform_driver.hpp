// wasm/transform_driver.hpp — drives one sluice::Transform from JavaScript.
//
// The driver owns two io_buffers in the wasm heap: `input` (JS writes into it) and `output`
// (JS reads from it). One round of the JS push loop (js/lib/push.mjs) is:
//
//   p = inputPointer(); n = min(inputRoom(), chunk bytes left)   // room after compaction
//   HEAPU8.set(slice, p); commitInput(n)                           // stage a bounded slice
//   k = run(closeInput)                                            // one transform() call
//   copy HEAPU8[outputPointer() .. + outputLength()); consumeOutput(len)
//   loop on ok / need_output; stop on need_input, end_of_stream or an error
//
// Pointers are byte offsets into the wasm memory. They stay valid until the next call into
// the driver, but JS must take a fresh HEAPU8 view after every call that may allocate
// (run() may: a decoder grows its window), since growth detaches earlier views.
//
// Stalls: a transform that answers ok, or need_output with all the room free, without
// consuming or producing a byte would make the JS loop spin forever; the driver turns that
// into an `internal` error (after max_idle_runs ok answers in a row).
//
// Status: every call that can fail returns a status_kind as an int (numbering exported to JS
// by statusKinds()); kind(), message() and offset() describe the last status. Errors are
// sticky, including misuse (writing past the room, writing after closing the input,
// consuming more output than there is): every later call returns the same error until
// reset(). Nothing here throws or aborts on bad arguments.
//
// The fast path, step(), does one round in a single call (one crossing from JS costs far
// more than the bookkeeping): it consumes the output JS has copied, commits the input JS has
// written, runs, and publishes the new pointers and lengths in a small state block inside the
// driver (state_pointer(), five uint32 words: input pointer, input room, output pointer,
// output length, kind) that JS reads through a fresh HEAPU32 view.
//
// The bound member functions are not marked noexcept: Embind in Emscripten 3.1.6 cannot bind
// a noexcept member function (noexcept is part of the type since C++17; there is no
// RegisterClassMethod specialisation for it).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "sluice/io_buffer.hpp"
#include "sluice/stage.hpp"
#include "sluice/status.hpp"

namespace sluice::wasm {

/// Creates the transform registered under `name`, or nullptr for an unknown name. Codecs
/// register here as they are bound. For now: "identity" (PassThrough) and two test aids,
/// "identity-grow" and "identity-fail" (see passthrough.hpp).
std::unique_ptr<Transform> make_transform(const std::string& name);

class TransformDriver {
 public:
  static constexpr std::size_t default_buffer_bytes = 64 * 1024;
  static constexpr std::size_t max_buffer_bytes = 256u * 1024 * 1024;

  /// Capacities of 0 choose default_buffer_bytes. An unknown name, a capacity above
  /// max_buffer_bytes or a failed allocation leaves the driver in a sticky error
  /// (unsupported, invalid_argument, limit_exceeded).
  TransformDriver(const std::string& name, std::size_t input_bytes, std::size_t output_bytes);
  /// Drives a transform made by the caller (one that needs options, or a test's own); a null
  /// `transform` is an unsupported-transform error like an unknown name.
  TransformDriver(std::unique_ptr<Transform> transform, std::size_t input_bytes,
                  std::size_t output_bytes);

  // --- input side ----------------------------------------------------------------------
  /// Address of the writable room of the input buffer (compacting it first when useful).
  std::uintptr_t input_pointer();
  /// Bytes that may be written at input_pointer(); 0 once the input is closed or on error.
  std::size_t input_room();
  /// Marks `n` bytes at input_pointer() as written. Returns 0 (ok) or the error kind.
  int commit_input(std::size_t n);

  // --- running ---------------------------------------------------------------------------
  /// Closes the input first when `close_input`, then calls transform() once.
  int run(bool close_input);

  // --- output side -----------------------------------------------------------------------
  std::uintptr_t output_pointer() const;
  std::size_t output_length() const;
  /// Marks `n` output bytes as read. Returns 0 (ok) or the error kind.
  int consume_output(std::size_t n);

  // --- fast path ---------------------------------------------------------------------------
  enum state_word : int { input_pointer_word, input_room_word, output_pointer_word,
                          output_length_word, kind_word, state_words };
  /// Address of the state block (stable for the driver's lifetime).
  std::uintptr_t state_pointer() const { return reinterpret_cast<std::uintptr_t>(state_); }
  /// consume_output(consumed), commit_input(committed), run(close_input), then refreshes the
  /// state block (only step(), reset() and construction refresh it). Returns the kind (the first error, if consuming or committing fails).
  int step(std::size_t consumed, std::size_t committed, bool close_input);

  // --- status ----------------------------------------------------------------------------
  int kind() const { return static_cast<int>(last_.kind); }
  /// "unexpected data after the end of the stream at byte 12" (status::to_string()).
  std::string message() const { return last_.to_string(); }
  /// Stream offset of the last status, or -1 when it has none. A double is exact up to 2^53.
  double offset() const {
    return last_.has_offset() ? static_cast<double>(last_.offset) : -1.0;
  }
  std::string name() const { return transform_ ? transform_->name() : name_; }
  /// Total bytes committed into the input / consumed from the output so far.
  double total_in() const { return static_cast<double>(in_.buf.pos + in_.buf.wi); }
  double total_out() const { return static_cast<double>(out_.buf.pos + out_.buf.ri); }

  /// Forgets everything, including a sticky error (a construction error stays).
  void reset();

 private:
  struct block {
    std::unique_ptr<std::uint8_t[]> mem;
    io_buffer buf;
    bool allocate(std::size_t n);
  };
  void init(std::size_t input_bytes, std::size_t output_bytes);
  int fail(status s);
  void publish();

  std::string name_;
  std::unique_ptr<Transform> transform_;
  block in_, out_;
  status last_ = ok();
  status construct_error_ = ok();
  bool ended_ = false;
  static constexpr int max_idle_runs = 1000;  ///< ok without visible progress, in a row
  int idle_runs_ = 0;
  std::uint32_t state_[state_words] = {};
};

}  // namespace sluice::wasm
