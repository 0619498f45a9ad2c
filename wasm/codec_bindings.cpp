// wasm/codec_bindings.cpp — Embind factory for the streaming codecs (sluice/codec.hpp): a
// TransformDriver over core's encoder or decoder, with heap buffers sized by
// recommended_src_bytes() / recommended_dst_bytes(). js/lib/codec.mjs is the only caller.
//
// createCodec(format, encoder, level, checksum, maxOutput, maxWindow, pledged, dictionary,
// inputHint, outputHint) returns a new TransformDriver (JS owns it: delete()) or null when core refuses the options;
// codecError() / codecErrorMessage() then describe why (single-threaded module, so a static
// "last error" is enough). Numbers for 64-bit sizes: a negative value means "unset", doubles
// are exact up to 2^53. `dictionary` is a Uint8Array (or undefined/null): copied here, since
// core copies it again at creation and JS need not keep it. The hints (0 = none) enlarge the
// heap blocks for one-shots that know their sizes.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "sluice/codec.hpp"
#include "transform_driver.hpp"

namespace {

using namespace emscripten;
using sluice::codec_options;
using sluice::wasm::TransformDriver;

sluice::status last_error = sluice::ok();

std::uint64_t size_or(double v, std::uint64_t fallback) {
  if (!(v >= 0)) return fallback;
  if (v >= 18446744073709551615.0) return fallback;
  return static_cast<std::uint64_t>(v);
}

TransformDriver* create_codec(const std::string& format, bool encoder, int level, bool checksum,
                              double max_output, double max_window, double pledged,
                              val dictionary, double input_hint, double output_hint) {
  last_error = sluice::ok();
  codec_options o;
  o.level = level;  // INT_MIN (codec_options::default_level) when JS passes none
  o.checksum = checksum;
  o.max_output_bytes = size_or(max_output, codec_options::unlimited);
  o.max_window_bytes = size_or(max_window, o.max_window_bytes);
  o.pledged_size = size_or(pledged, codec_options::unknown_size);
  std::vector<std::uint8_t> dict;
  if (!dictionary.isUndefined() && !dictionary.isNull()) {
    const auto n = dictionary["length"].as<std::size_t>();
    dict.resize(n);
    if (n > 0) val(typed_memory_view(n, dict.data())).call<void>("set", dictionary);
    o.dictionary = dict;
  }
  auto parsed = sluice::parse_codec_format(format);
  sluice::codec_result r = encoder ? sluice::make_encoder(format, o) : sluice::make_decoder(format, o);
  if (!r) {
    last_error = r.error;
    return nullptr;
  }
  const sluice::codec_format f = parsed.value_or(sluice::codec_format::auto_detect);
  std::size_t in = sluice::recommended_src_bytes(f, encoder, o);
  std::size_t out = sluice::recommended_dst_bytes(f, encoder, o);
  // Bounds for the heap staging blocks: at least 16 KiB (fewer calls), at most 8 MiB.
  auto clamp = [](std::size_t v) -> std::size_t {
    if (v < (16u << 10)) return 16u << 10;
    if (v > (8u << 20)) return 8u << 20;
    return v;
  };
  // Decoders expand: a larger output block means fewer rounds (crossings into wasm), at no
  // cost to the codec. In Node, JS hands a stream's output out in chunks of at most 64 KiB.
  if (!encoder && out < (512u << 10)) out = 512u << 10;
  in = clamp(in);
  out = clamp(out);
  // One-shots know their sizes: whole input and whole output in one block each lets zstd take
  // its single-pass path (no window buffer, no flush copies). Up to TransformDriver's maximum.
  auto hint = [](double h, std::size_t v) -> std::size_t {
    if (!(h > 0)) return v;
    const double cap = static_cast<double>(TransformDriver::max_buffer_bytes);
    return h >= cap ? TransformDriver::max_buffer_bytes : std::max(v, static_cast<std::size_t>(h));
  };
  return new TransformDriver(std::move(r.transform), hint(input_hint, in), hint(output_hint, out));
}

int codec_error() { return static_cast<int>(last_error.kind); }
std::string codec_error_message() { return last_error.to_string(); }
std::string codec_versions() { return sluice::codec_library_versions(); }

}  // namespace

EMSCRIPTEN_BINDINGS(sluice_codecs) {
  function("createCodec", &create_codec, allow_raw_pointers());
  function("codecError", &codec_error);
  function("codecErrorMessage", &codec_error_message);
  function("codecVersions", &codec_versions);
}
