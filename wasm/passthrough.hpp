// wasm/passthrough.hpp — transforms that copy their input to their output unchanged.
//
// They exist to prove the JavaScript push loop (js/lib/push.mjs) before any codec is bound:
// the output of a pass-through is the input, so every chunking and every drain size can be
// checked byte for byte. Codecs later plug into the same TransformDriver.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "sluice/stage.hpp"

namespace sluice::wasm {

/// Copies min(readable, room) bytes per call. Follows the Transform contract in
/// sluice/stage.hpp: need_output when dst is full, need_input when src is drained but open,
/// end_of_stream once src is closed and drained. Never fails.
class PassThrough : public Transform {
 public:
  status transform(io_buffer& dst, io_buffer& src) override;
  void reset() override {}
  const char* name() const noexcept override { return "identity"; }
};

/// A pass-through that also allocates `grow_bytes` of heap on each of its first
/// `grow_calls` calls and holds it until reset() or destruction, the way a decoder grows its
/// window mid-stream. Under ALLOW_MEMORY_GROWTH this grows the wasm memory between two
/// JavaScript calls, so it tests that the JS layer never keeps a heap view across a call.
/// Allocation failure is reported as limit_exceeded (sticky).
class GrowingPassThrough final : public PassThrough {
 public:
  GrowingPassThrough(std::size_t grow_bytes, int grow_calls) noexcept
      : grow_bytes_(grow_bytes), grow_calls_(grow_calls) {}
  status transform(io_buffer& dst, io_buffer& src) override;
  void reset() override;
  const char* name() const noexcept override { return "identity-grow"; }

 private:
  std::size_t grow_bytes_;
  int grow_calls_;
  int calls_ = 0;
  status sticky_ = ok();
  std::vector<std::unique_ptr<std::uint8_t[]>> held_;
};

/// A pass-through that copies `limit` bytes and then fails with a sticky corrupt status at
/// stream offset `limit`: the error path of a decoder meeting a bad frame, for the JS tests.
class FailingPassThrough final : public Transform {
 public:
  explicit FailingPassThrough(std::uint64_t limit) noexcept : limit_(limit) {}
  status transform(io_buffer& dst, io_buffer& src) override;
  void reset() override { sticky_ = ok(); }
  const char* name() const noexcept override { return "identity-fail"; }

 private:
  std::uint64_t limit_;
  status sticky_ = ok();
};

}  // namespace sluice::wasm
