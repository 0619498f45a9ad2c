// lz4 frame format encoder and decoder over liblz4's LZ4F_* API.
//
// LZ4F_compressUpdate() needs dst room for a whole compressed block (LZ4F_compressBound());
// when dst has it, the encoder writes there directly, otherwise into a staging block it
// owns and drains from. LZ4F_decompress() already works with any dst size (it stages a
// block internally), so the decoder hands it the caller's buffers.
#define LZ4F_STATIC_LINKING_ONLY  // LZ4F_getErrorCode and the error enum (exported by liblz4)
#include <lz4frame.h>

#include <algorithm>
#include <cstring>
#include <memory>

#include "codec_impl.hpp"

namespace sluice::codec_detail {
namespace {

class lz4_decoder final : public codec_base {
 public:
  explicit lz4_decoder(const codec_options& o) : codec_base(o), concatenated_(o.concatenated) {
    if (!o.dictionary.empty()) {
      init_ = error(status_kind::invalid_argument, "lz4 does not take a dictionary here");
      return;
    }
    if (LZ4F_isError(LZ4F_createDecompressionContext(&d_, LZ4F_VERSION)) || !d_)
      init_ = error(status_kind::internal, "out of memory creating an lz4 decoder");
  }
  ~lz4_decoder() override { LZ4F_freeDecompressionContext(d_); }
  status init_status() const noexcept { return init_; }
  const char* name() const noexcept override { return "lz4 decoder"; }

 protected:
  status step(io_buffer& dst, io_buffer& src) override {
    if (boundary_) {
      if (src.reader_length() == 0) return src.closed ? end_of_stream() : need_input();
      boundary_ = false;
      frame_start_ = src.reader_position();
      magic_len_ = 0;
    }
    // Remember the frame's first four bytes: they tell the legacy format from garbage.
    const std::uint8_t* in_p = src.reader_pointer();
    std::size_t in_n = src.reader_length();
    std::size_t out_n = dst.writer_length();
    for (std::size_t i = magic_len_, k = 0; i < 4 && k < in_n; ++i, ++k) magic_[i] = in_p[k];
    // liblz4 buffers up to a minimal frame header (7 bytes) before it looks at the magic, so
    // a few bytes of junk at the end would read as a cut-off header. Bytes that cannot begin
    // a frame are refused as soon as they are seen.
    if (magic_len_ < 4) {
      const std::size_t seen = std::min<std::size_t>(4, magic_len_ + in_n);
      if (!magic_prefix_ok(seen)) return not_a_frame();
    }
    const std::size_t r = LZ4F_decompress(d_, dst.writer_pointer(), &out_n, in_p, &in_n, nullptr);
    if (!LZ4F_isError(r)) magic_len_ = std::min<std::size_t>(4, magic_len_ + in_n);
    else magic_len_ = std::min<std::size_t>(4, magic_len_ + src.reader_length());
    src.ri += in_n;
    dst.wi += out_n;
    if (LZ4F_isError(r)) return map_error(r, src.reader_position());
    if (r == 0) {  // frame (or skippable frame) complete and flushed
      ++frames_;
      if (!concatenated_) return end_of_stream();
      boundary_ = true;
    }
    return ok();
  }

  status stalled_at_eof(std::uint64_t offset) const override {
    return error(status_kind::truncated, "truncated lz4 input (ends in the middle of a frame)", offset);
  }

  void do_reset() override {
    LZ4F_resetDecompressionContext(d_);
    boundary_ = false;
    frames_ = 0;
    frame_start_ = 0;
    magic_len_ = 0;
  }

 private:
  status map_error(std::size_t r, std::uint64_t at) const {
    switch (LZ4F_getErrorCode(r)) {
      case LZ4F_ERROR_contentChecksum_invalid:
        return error(status_kind::checksum_mismatch, "lz4 content checksum mismatch", at);
      case LZ4F_ERROR_blockChecksum_invalid:
        return error(status_kind::checksum_mismatch, "lz4 block checksum mismatch", at);
      case LZ4F_ERROR_headerChecksum_invalid:
        return error(status_kind::checksum_mismatch, "lz4 frame header checksum mismatch", at);
      case LZ4F_ERROR_frameType_unknown:
        if (magic_len_ == 4 && le32(magic_) == lz4_legacy_magic)
          return error(status_kind::unsupported,
                       "lz4 legacy format (lz4 -l) is not supported; use the frame format",
                       frame_start_);
        return not_a_frame();
      case LZ4F_ERROR_allocation_failed:
        return error(status_kind::internal, "out of memory in the lz4 decoder", at);
      case LZ4F_ERROR_maxBlockSize_invalid:
      case LZ4F_ERROR_headerVersion_wrong:
      case LZ4F_ERROR_reservedFlag_set:
        return error(status_kind::corrupt, "corrupt lz4 frame header", at);
      default:
        return error(status_kind::corrupt, "corrupt lz4 frame", at);
    }
  }

  /// The bytes at the frame start are not a frame (after a frame: trailing data).
  status not_a_frame() const {
    return frames_ > 0
               ? error(status_kind::corrupt, "trailing data after the last lz4 frame", frame_start_)
               : error(status_kind::corrupt, "not lz4 data (bad magic number)", frame_start_);
  }

  /// Whether magic_[0..n) (n <= 4) can begin a frame, a skippable frame (50..5F 2A 4D 18) or
  /// a legacy stream (refused later, as unsupported).
  bool magic_prefix_ok(std::size_t n) const noexcept {
    static constexpr std::uint8_t frame[4] = {0x04, 0x22, 0x4D, 0x18};
    static constexpr std::uint8_t legacy[4] = {0x02, 0x21, 0x4C, 0x18};
    static constexpr std::uint8_t skip[4] = {0x50, 0x2A, 0x4D, 0x18};
    bool f = true, l = true, k = true;
    for (std::size_t i = 0; i < n; ++i) {
      f = f && magic_[i] == frame[i];
      l = l && magic_[i] == legacy[i];
      k = k && (i == 0 ? (magic_[0] & 0xF0) == 0x50 : magic_[i] == skip[i]);
    }
    return f || l || k;
  }

  LZ4F_dctx* d_ = nullptr;
  status init_ = ok();
  bool concatenated_;
  bool boundary_ = false;
  std::uint64_t frames_ = 0;
  std::uint64_t frame_start_ = 0;
  std::uint8_t magic_[4] = {};
  std::size_t magic_len_ = 0;
};

class lz4_encoder final : public codec_base {
 public:
  explicit lz4_encoder(const codec_options& o) : codec_base(o), pledged_(o.pledged_size) {
    const int level = o.level == codec_options::default_level ? 1 : o.level;
    if (level < 1 || level > LZ4F_compressionLevel_max()) {
      init_ = error(status_kind::invalid_argument, "lz4 level out of range (1..12)");
      return;
    }
    if (o.lz4_block_size_id < 4 || o.lz4_block_size_id > 7) {
      init_ = error(status_kind::invalid_argument, "lz4 block size id out of range (4..7)");
      return;
    }
    if (!o.dictionary.empty()) {
      init_ = error(status_kind::invalid_argument, "lz4 does not take a dictionary here");
      return;
    }
    std::memset(&prefs_, 0, sizeof prefs_);
    prefs_.frameInfo.blockSizeID = static_cast<LZ4F_blockSizeID_t>(o.lz4_block_size_id);
    prefs_.frameInfo.blockMode = o.lz4_block_linked ? LZ4F_blockLinked : LZ4F_blockIndependent;
    prefs_.frameInfo.contentChecksumFlag =
        o.checksum ? LZ4F_contentChecksumEnabled : LZ4F_noContentChecksum;
    prefs_.frameInfo.blockChecksumFlag =
        o.lz4_block_checksum ? LZ4F_blockChecksumEnabled : LZ4F_noBlockChecksum;
    prefs_.frameInfo.contentSize =
        pledged_ == codec_options::unknown_size ? 0 : static_cast<unsigned long long>(pledged_);
    prefs_.compressionLevel = level;
    block_ = std::size_t{1} << (8 + 2 * o.lz4_block_size_id);
    if (LZ4F_isError(LZ4F_createCompressionContext(&c_, LZ4F_VERSION)) || !c_)
      init_ = error(status_kind::internal, "out of memory creating an lz4 encoder");
  }
  ~lz4_encoder() override { LZ4F_freeCompressionContext(c_); }
  status init_status() const noexcept { return init_; }
  const char* name() const noexcept override { return "lz4 encoder"; }

 protected:
  status step(io_buffer& dst, io_buffer& src) override {
    // 1. Whatever is staged goes out first, in order.
    if (st_ri_ < st_wi_) {
      st_ri_ += dst.write_some(stage_.get() + st_ri_, st_wi_ - st_ri_);
      if (st_ri_ < st_wi_) return ok();  // dst full: the driver says need_output
      st_ri_ = st_wi_ = 0;
      if (finished_) return end_of_stream();
    }
    if (finished_) return end_of_stream();
    if (dst.writer_length() == 0) return ok();

    // 2. The frame header.
    if (!begun_) {
      status s = emit(dst, [&](std::uint8_t* p, std::size_t cap) {
        return LZ4F_compressBegin(c_, p, cap, &prefs_);
      }, LZ4F_HEADER_SIZE_MAX);
      begun_ = true;
      return s;
    }

    // 3. Input, at most one block per call so that the bound stays one block.
    if (src.reader_length() > 0) {
      const std::size_t n = std::min(src.reader_length(), block_);
      const std::uint8_t* p = src.reader_pointer();
      status s = emit(dst, [&](std::uint8_t* out, std::size_t cap) {
        return LZ4F_compressUpdate(c_, out, cap, p, n, nullptr);
      }, LZ4F_compressBound(n, &prefs_));
      if (s.is_ok()) {
        src.consume(n);
        fed_ += n;
      }
      return s;
    }
    if (!src.closed) return ok();  // need_input

    // 4. End mark and content checksum.
    if (pledged_ != codec_options::unknown_size && fed_ != pledged_)
      return error(status_kind::invalid_argument, "input size differs from the pledged size",
                   src.reader_position());
    status s = emit(dst, [&](std::uint8_t* out, std::size_t cap) {
      return LZ4F_compressEnd(c_, out, cap, nullptr);
    }, LZ4F_compressBound(0, &prefs_));
    if (!s.is_ok()) return s;
    finished_ = true;
    return st_ri_ < st_wi_ ? ok() : end_of_stream();
  }

  status stalled_at_eof(std::uint64_t offset) const override {
    return error(status_kind::internal, "lz4 encoder stalled", offset);
  }

  void do_reset() override {
    // LZ4F_compressBegin starts a fresh frame on the same context.
    begun_ = finished_ = false;
    st_ri_ = st_wi_ = 0;
    fed_ = 0;
  }

 private:
  // Runs `f(out, cap)` straight into dst when it has `bound` bytes of room, else into the
  // staging block (then drains what fits).
  template <class F>
  status emit(io_buffer& dst, F&& f, std::size_t bound) {
    std::size_t r;
    if (dst.writer_length() >= bound) {
      r = f(dst.writer_pointer(), dst.writer_length());
      if (LZ4F_isError(r)) return fail(r);
      dst.wi += r;
      return ok();
    }
    if (!stage_ || stage_cap_ < bound) {
      const std::size_t cap = std::max(bound, LZ4F_compressBound(block_, &prefs_));
      stage_.reset(new (std::nothrow) std::uint8_t[cap]);
      if (!stage_) return error(status_kind::internal, "out of memory in the lz4 encoder");
      stage_cap_ = cap;
    }
    r = f(stage_.get(), stage_cap_);
    if (LZ4F_isError(r)) return fail(r);
    st_ri_ = 0;
    st_wi_ = r;
    st_ri_ += dst.write_some(stage_.get(), st_wi_);
    if (st_ri_ == st_wi_) st_ri_ = st_wi_ = 0;
    return ok();
  }

  static status fail(std::size_t) {
    return error(status_kind::internal, "lz4 encoder failed");
  }

  LZ4F_cctx* c_ = nullptr;
  LZ4F_preferences_t prefs_{};
  status init_ = ok();
  std::uint64_t pledged_;
  std::uint64_t fed_ = 0;
  std::size_t block_ = 0;
  std::unique_ptr<std::uint8_t[]> stage_;
  std::size_t stage_cap_ = 0;
  std::size_t st_ri_ = 0, st_wi_ = 0;
  bool begun_ = false;
  bool finished_ = false;
};

}  // namespace

codec_result make_lz4(bool encoder, const codec_options& o) {
  return encoder ? make_codec<lz4_encoder>(o) : make_codec<lz4_decoder>(o);
}

}  // namespace sluice::codec_detail
