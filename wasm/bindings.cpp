// wasm/bindings.cpp — the Embind surface of sluice.wasm. Nothing here is public API: js/lib
// wraps it (js/lib/wasm.mjs loads it, js/lib/push.mjs drives transforms).
//
// Conventions: no C++ exception crosses this boundary (core does not throw, and bad
// arguments become sticky statuses); bytes cross as pointer + length into the wasm heap,
// never as std::string; sizes are JS numbers (wasm32 size_t).
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <string>

#include "sluice/status.hpp"
#include "sluice/version.hpp"
#include "hasher_driver.hpp"
#include "transform_driver.hpp"

namespace {

using namespace emscripten;
using sluice::status_kind;
using sluice::wasm::HasherDriver;
using sluice::wasm::TransformDriver;

const char* kind_identifier(status_kind k) {
  switch (k) {
    case status_kind::ok: return "ok";
    case status_kind::end_of_stream: return "end_of_stream";
    case status_kind::need_input: return "need_input";
    case status_kind::need_output: return "need_output";
    case status_kind::would_block: return "would_block";
    case status_kind::invalid_argument: return "invalid_argument";
    case status_kind::corrupt: return "corrupt";
    case status_kind::truncated: return "truncated";
    case status_kind::checksum_mismatch: return "checksum_mismatch";
    case status_kind::unsupported: return "unsupported";
    case status_kind::limit_exceeded: return "limit_exceeded";
    case status_kind::io_error: return "io_error";
    case status_kind::internal: return "internal";
  }
  return nullptr;
}

/// { ok: 0, end_of_stream: 1, ..., internal: 12 }: the numbering of status_kind, so that JS
/// never hard-codes it.
val status_kinds() {
  val o = val::object();
  for (int i = 0; i <= static_cast<int>(status_kind::internal); ++i) {
    if (const char* id = kind_identifier(static_cast<status_kind>(i))) o.set(id, i);
  }
  return o;
}

/// The first kind that is an error: kinds >= this are errors (status::is_error()).
int first_error_kind() { return static_cast<int>(status_kind::invalid_argument); }

std::string version() { return sluice::version_string; }

}  // namespace

EMSCRIPTEN_BINDINGS(sluice) {
  function("version", &version);
  function("statusKinds", &status_kinds);
  function("firstErrorKind", &first_error_kind);

  class_<TransformDriver>("TransformDriver")
      .constructor<const std::string&, std::size_t, std::size_t>()
      .function("statePointer", &TransformDriver::state_pointer)
      .function("step", &TransformDriver::step)
      .function("inputPointer", &TransformDriver::input_pointer)
      .function("inputRoom", &TransformDriver::input_room)
      .function("commitInput", &TransformDriver::commit_input)
      .function("run", &TransformDriver::run)
      .function("outputPointer", &TransformDriver::output_pointer)
      .function("outputLength", &TransformDriver::output_length)
      .function("consumeOutput", &TransformDriver::consume_output)
      .function("kind", &TransformDriver::kind)
      .function("message", &TransformDriver::message)
      .function("offset", &TransformDriver::offset)
      .function("name", &TransformDriver::name)
      .function("totalIn", &TransformDriver::total_in)
      .function("totalOut", &TransformDriver::total_out)
      .function("reset", &TransformDriver::reset);

  class_<HasherDriver>("HasherDriver")
      .constructor<const std::string&, std::size_t>()
      .function("inputPointer", &HasherDriver::input_pointer)
      .function("inputCapacity", &HasherDriver::input_capacity)
      .function("update", &HasherDriver::update)
      .function("digest", &HasherDriver::digest)
      .function("digestSize", &HasherDriver::digest_size)
      .function("algorithm", &HasherDriver::algorithm)
      .function("reset", &HasherDriver::reset)
      .function("kind", &HasherDriver::kind)
      .function("message", &HasherDriver::message);
}
