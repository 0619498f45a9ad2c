// wasm/bits_exports.cpp — the bit reader and probe() as plain wasm exports (no Embind).
//
// js/lib/bits-wasm.mjs drives these. The wasm-backed BitReader makes one call per read, so
// the per-call cost is the whole story: plain EMSCRIPTEN_KEEPALIVE exports listed in
// -sEXPORTED_FUNCTIONS, numbers only, i32 results wherever a sentinel can mark an error:
//   read_bit / read_ue   -1 (0xffffffff) is never a value: ue(v) <= 2^32 - 2;
//   read_se              INT32_MIN is never a value: se(v) >= INT32_MIN + 1;
//   read_bits / peek     -1 is a value only when n = 32 (all ones): JS then asks
//                        sluice_bits_failed() whether it was an error.
// After an error the reader is put back where it was before the read (core's reader is
// sticky and parks at the end instead), and the error's kind and stream offset are kept
// for sluice_bits_error_kind/_offset. So a failed read leaves the position unchanged, as
// the plain-JS reader does; js/test/bits.test.mjs runs both over the same vectors.
//
// Memory: a reader is one malloc'd block: the header below followed by a copy of the bytes
// (core's BitReader reads a span it does not own). JS copies the bytes in after
// sluice_bits_create() (which can grow the heap: JS takes a fresh HEAPU8 afterwards) and
// frees the block with sluice_bits_free().
#include <emscripten/em_macros.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <new>
#include <string>

#include "sluice/bits.hpp"
#include "sluice/probe.hpp"

namespace {

using sluice::BitReader;
using sluice::status_kind;

struct WasmBits {
  BitReader r;
  std::size_t size = 0;
  int err_kind = 0;            // status_kind of the last failed call (0: none)
  double err_offset = -1;      // its stream offset, or -1
  std::uint8_t* data() { return reinterpret_cast<std::uint8_t*>(this + 1); }
};

// Records the reader's error and puts it back at bit `start` with the error cleared.
[[gnu::noinline]] void undo(WasmBits* b, std::uint64_t start) {
  const sluice::status st = b->r.status();
  b->err_kind = static_cast<int>(st.kind);
  b->err_offset = st.has_offset() ? static_cast<double>(st.offset) : -1.0;
  b->r.reset();
  b->r.seek_bits(start);
}

constexpr int kProbeFields = 10;
double g_probe[kProbeFields];
std::string g_probe_message;

}  // namespace

extern "C" {

/// A reader block with room for `n` bytes (JS copies them to sluice_bits_data() and then
/// calls sluice_bits_init()), or 0 when out of memory.
EMSCRIPTEN_KEEPALIVE WasmBits* sluice_bits_create(std::size_t n) {
  void* p = std::malloc(sizeof(WasmBits) + n);
  if (!p) return nullptr;
  auto* b = new (p) WasmBits();
  b->size = n;
  return b;
}
EMSCRIPTEN_KEEPALIVE std::uint8_t* sluice_bits_data(WasmBits* b) { return b->data(); }
EMSCRIPTEN_KEEPALIVE void sluice_bits_init(WasmBits* b) { b->r = BitReader(b->data(), b->size); }
EMSCRIPTEN_KEEPALIVE void sluice_bits_free(WasmBits* b) {
  if (!b) return;
  b->~WasmBits();
  std::free(b);
}

/// 0 or 1; -1 on error.
EMSCRIPTEN_KEEPALIVE int sluice_bits_read_bit(WasmBits* b) {
  if (b->r.bits_left() == 0) [[unlikely]] {
    const std::uint64_t start = b->r.bit_position();
    b->r.read_bit();
    undo(b, start);
    return -1;
  }
  return static_cast<int>(b->r.read_bit());
}

/// n bits (0..32; JS checks n) as an i32 (JS takes >>> 0); -1 on error or all ones.
EMSCRIPTEN_KEEPALIVE int sluice_bits_read_bits(WasmBits* b, unsigned n) {
  b->err_kind = 0;
  if (b->r.bits_left() < n) [[unlikely]] {
    const std::uint64_t start = b->r.bit_position();
    b->r.read_u32(n);
    undo(b, start);
    return -1;
  }
  return static_cast<int>(b->r.read_u32(n));
}

/// The next n bits (0..32) without consuming them; zero bits past the end (core's peek).
EMSCRIPTEN_KEEPALIVE int sluice_bits_peek_bits(WasmBits* b, unsigned n) {
  return static_cast<int>(static_cast<std::uint32_t>(b->r.peek_bits(n)));
}

/// Whether the last read_bits() failed (asked only when it returned -1).
EMSCRIPTEN_KEEPALIVE int sluice_bits_failed(WasmBits* b) { return b->err_kind != 0; }

/// ue(v) as an i32 (JS takes >>> 0); -1 on error.
EMSCRIPTEN_KEEPALIVE int sluice_bits_read_ue(WasmBits* b) {
  const std::uint64_t start = b->r.bit_position();
  const std::uint32_t v = b->r.read_ue();
  if (!b->r.ok()) [[unlikely]] {
    undo(b, start);
    return -1;
  }
  return static_cast<int>(v);
}

/// se(v); INT32_MIN on error.
EMSCRIPTEN_KEEPALIVE int sluice_bits_read_se(WasmBits* b) {
  const std::uint64_t start = b->r.bit_position();
  const std::int32_t v = b->r.read_se();
  if (!b->r.ok()) [[unlikely]] {
    undo(b, start);
    return std::numeric_limits<std::int32_t>::min();
  }
  return v;
}

/// Skips n bits (a non-negative integer below 2^53; JS checks it); 0, or -1 on error.
EMSCRIPTEN_KEEPALIVE int sluice_bits_skip_bits(WasmBits* b, double n) {
  const std::uint64_t start = b->r.bit_position();
  if (n > static_cast<double>(b->r.bits_left())) {
    b->r.skip_bits(b->r.bits_left() + 1);
    undo(b, start);
    return -1;
  }
  b->r.skip_bits(static_cast<std::uint64_t>(n));
  return 0;
}

EMSCRIPTEN_KEEPALIVE void sluice_bits_byte_align(WasmBits* b) { b->r.byte_align(); }
EMSCRIPTEN_KEEPALIVE double sluice_bits_position(WasmBits* b) {
  return static_cast<double>(b->r.bit_position());
}
EMSCRIPTEN_KEEPALIVE double sluice_bits_left(WasmBits* b) {
  return static_cast<double>(b->r.bits_left());
}
/// The status_kind / stream offset (-1: none) of the last failed call.
EMSCRIPTEN_KEEPALIVE int sluice_bits_error_kind(WasmBits* b) { return b->err_kind; }
EMSCRIPTEN_KEEPALIVE double sluice_bits_error_offset(WasmBits* b) { return b->err_offset; }

/// A heap block of n bytes for probe input (0 when out of memory); free with sluice_bits_release.
EMSCRIPTEN_KEEPALIVE std::uint8_t* sluice_bits_alloc(std::size_t n) {
  return static_cast<std::uint8_t*>(std::malloc(n ? n : 1));
}
EMSCRIPTEN_KEEPALIVE void sluice_bits_release(std::uint8_t* p) { std::free(p); }

/// sluice::probe() over n bytes at data. Returns the status_kind; the fields are at
/// sluice_probe_result() as doubles: codec (1 h264, 2 hevc), profile_idc, level_idc, width,
/// height, chroma_format_idc, bit_depth_luma, bit_depth_chroma, sps_offset, error offset (-1:
/// none). On error sluice_probe_message() is status::to_string() ("... at byte N").
EMSCRIPTEN_KEEPALIVE int sluice_probe(const std::uint8_t* data, std::size_t n) {
  sluice::probe_result r;
  const sluice::status st = sluice::probe({data, n}, r);
  double* o = g_probe;
  o[0] = static_cast<double>(r.codec);
  o[1] = r.profile_idc;
  o[2] = r.level_idc;
  o[3] = r.width;
  o[4] = r.height;
  o[5] = r.chroma_format_idc;
  o[6] = r.bit_depth_luma;
  o[7] = r.bit_depth_chroma;
  o[8] = static_cast<double>(r.sps_offset);
  o[9] = st.has_offset() ? static_cast<double>(st.offset) : -1.0;
  g_probe_message = st.is_ok() ? std::string() : st.to_string();
  return static_cast<int>(st.kind);
}
EMSCRIPTEN_KEEPALIVE const double* sluice_probe_result() { return g_probe; }
EMSCRIPTEN_KEEPALIVE const char* sluice_probe_message() { return g_probe_message.c_str(); }

}  // extern "C"
