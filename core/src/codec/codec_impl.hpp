// Internal: the driver every codec shares, and the per-library factories.
//
// codec_base::transform() owns the parts of the contract that do not depend on the library:
// sticky errors and end, the output limit, and the progress rule. A codec implements
// `step()`: one call of its library on the current buffers, moving src.ri / dst.wi. The
// driver calls step() until a call makes no progress, then decides from the buffers:
// dst full -> need_output; src empty -> need_input, or (src closed) the codec's
// `stalled_at_eof()` (truncated for a decoder). step() may also end the stream, fail, or
// suspend on its own (a decoder at a frame boundary with an empty src).
#pragma once

#include <cstdint>
#include <new>

#include "sluice/codec.hpp"

namespace sluice::codec_detail {

class codec_base : public Transform {
 public:
  status transform(io_buffer& dst, io_buffer& src) final;
  void reset() final;

 protected:
  explicit codec_base(const codec_options& o) noexcept : max_out_(o.max_output_bytes) {}
  /// One library call. ok() = "judge by progress"; anything else is returned as is.
  virtual status step(io_buffer& dst, io_buffer& src) = 0;
  /// src is closed and drained, dst has room, and step() made no progress.
  virtual status stalled_at_eof(std::uint64_t offset) const = 0;
  virtual void do_reset() = 0;

 private:
  std::uint64_t max_out_;
  std::uint64_t out_total_ = 0;
  status sticky_ = ok();  // an error or end_of_stream once reached
};

/// Clamps a byte count to what a 32-bit length field (zlib's uInt, bzip2's unsigned) holds.
inline unsigned clamp_u32(std::size_t n) noexcept {
  return n > 0xFFFFFFFFu ? 0xFFFFFFFFu : static_cast<unsigned>(n);
}

/// Allocates without throwing; a failed allocation becomes `internal` in the result.
template <class T, class... A>
codec_result make_codec(A&&... args) {
  codec_result r;
  T* t = new (std::nothrow) T(static_cast<A&&>(args)...);
  if (!t) {
    r.error = error(status_kind::internal, "out of memory creating a codec");
    return r;
  }
  r.error = t->init_status();
  if (r.error.is_error()) {
    delete t;
    return r;
  }
  r.transform.reset(t);
  return r;
}

codec_result make_zstd(bool encoder, const codec_options& o);
codec_result make_lz4(bool encoder, const codec_options& o);
codec_result make_zlib(bool encoder, codec_format f, const codec_options& o);
codec_result make_bzip2(bool encoder, const codec_options& o);
codec_result make_auto_decoder(const codec_options& o);

// Little-endian reads for magic numbers.
inline std::uint32_t le32(const std::uint8_t* p) noexcept {
  return std::uint32_t{p[0]} | std::uint32_t{p[1]} << 8 | std::uint32_t{p[2]} << 16 |
         std::uint32_t{p[3]} << 24;
}
inline constexpr std::uint32_t zstd_magic = 0xFD2FB528u;
inline constexpr std::uint32_t lz4_magic = 0x184D2204u;
inline constexpr std::uint32_t lz4_legacy_magic = 0x184C2102u;
inline constexpr bool is_skippable_magic(std::uint32_t m) noexcept {
  return (m & 0xFFFFFFF0u) == 0x184D2A50u;
}

}  // namespace sluice::codec_detail
