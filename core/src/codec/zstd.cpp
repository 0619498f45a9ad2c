// zstd encoder and decoder over libzstd's streaming API (ZSTD_compressStream2 /
// ZSTD_decompressStream), reading src and writing dst in place.
#include <zstd.h>
#include <zstd_errors.h>

#include "codec_impl.hpp"

namespace sluice::codec_detail {
namespace {

int log2_floor(std::uint64_t v) noexcept {
  int l = 0;
  while (v > 1) {
    v >>= 1;
    ++l;
  }
  return l;
}

class zstd_decoder final : public codec_base {
 public:
  explicit zstd_decoder(const codec_options& o) : codec_base(o), concatenated_(o.concatenated) {
    has_dict_ = !o.dictionary.empty();
    d_ = ZSTD_createDCtx();
    if (!d_) {
      init_ = error(status_kind::internal, "out of memory creating a zstd decoder");
      return;
    }
    const ZSTD_bounds b = ZSTD_dParam_getBounds(ZSTD_d_windowLogMax);
    int wlog = log2_floor(o.max_window_bytes);
    if (wlog < b.lowerBound) wlog = b.lowerBound;
    if (wlog > b.upperBound) wlog = b.upperBound;
    if (ZSTD_isError(ZSTD_DCtx_setParameter(d_, ZSTD_d_windowLogMax, wlog)))
      init_ = error(status_kind::invalid_argument, "bad zstd window limit");
    else if (has_dict_ &&
             ZSTD_isError(ZSTD_DCtx_loadDictionary(d_, o.dictionary.data(), o.dictionary.size())))
      init_ = error(status_kind::invalid_argument, "cannot load the zstd dictionary");
  }
  ~zstd_decoder() override { ZSTD_freeDCtx(d_); }
  status init_status() const noexcept { return init_; }
  const char* name() const noexcept override { return "zstd decoder"; }

 protected:
  status step(io_buffer& dst, io_buffer& src) override {
    if (boundary_) {
      if (src.reader_length() == 0) return src.closed ? end_of_stream() : need_input();
      boundary_ = false;
      frame_start_ = src.reader_position();
    }
    // ZSTD_decompressStream counts calls that make no progress and fails after a few
    // (ZSTD_error_noForwardProgress_*). A call on the same stalled buffers cannot progress,
    // so it is not repeated: the driver sees no progress and reports need_input/need_output.
    if (stalled_ && src.reader_length() == stall_in_ && dst.writer_length() == stall_out_)
      return ok();
    ZSTD_inBuffer in{src.reader_pointer(), src.reader_length(), 0};
    ZSTD_outBuffer out{dst.writer_pointer(), dst.writer_length(), 0};
    const std::size_t r = ZSTD_decompressStream(d_, &out, &in);
    src.ri += in.pos;
    dst.wi += out.pos;
    if (ZSTD_isError(r)) return map_error(r, src.reader_position());
    stalled_ = in.pos == 0 && out.pos == 0;
    stall_in_ = src.reader_length();
    stall_out_ = dst.writer_length();
    if (r == 0) {  // a frame (or a skippable frame) is complete and flushed
      ++frames_;
      if (!concatenated_) return end_of_stream();
      boundary_ = true;
      stalled_ = false;
    }
    return ok();
  }

  status stalled_at_eof(std::uint64_t offset) const override {
    return error(status_kind::truncated, "truncated zstd input (ends in the middle of a frame)", offset);
  }

  void do_reset() override {
    (void)ZSTD_DCtx_reset(d_, ZSTD_reset_session_only);  // keeps the dictionary and limits
    boundary_ = stalled_ = false;
    frame_start_ = 0;
    frames_ = 0;
  }

 private:
  status map_error(std::size_t r, std::uint64_t at) const {
    switch (ZSTD_getErrorCode(r)) {
      case ZSTD_error_checksum_wrong:
        return error(status_kind::checksum_mismatch, "zstd content checksum mismatch", at);
      case ZSTD_error_frameParameter_windowTooLarge:
        return error(status_kind::limit_exceeded,
                     "zstd frame window exceeds the limit (a --long frame: decode with "
                     "--long=N or a larger --max-window)",
                     frame_start_);
      case ZSTD_error_dictionary_wrong:
        return has_dict_ ? error(status_kind::unsupported,
                                 "zstd frame needs a different dictionary", frame_start_)
                         : error(status_kind::unsupported, "zstd frame needs a dictionary",
                                 frame_start_);
      case ZSTD_error_prefix_unknown:
        return frames_ > 0 ? error(status_kind::corrupt, "trailing data after the last zstd frame",
                                   frame_start_)
                           : error(status_kind::corrupt, "not zstd data (bad magic number)",
                                   frame_start_);
      case ZSTD_error_frameParameter_unsupported:
      case ZSTD_error_version_unsupported:
        return error(status_kind::unsupported, "unsupported zstd frame parameters", at);
      case ZSTD_error_memory_allocation:
        return error(status_kind::internal, "out of memory in the zstd decoder", at);
      default:
        return error(status_kind::corrupt, "corrupt zstd frame", at);
    }
  }

  ZSTD_DCtx* d_ = nullptr;
  status init_ = ok();
  bool concatenated_;
  bool has_dict_ = false;
  bool boundary_ = false;
  bool stalled_ = false;
  std::size_t stall_in_ = 0, stall_out_ = 0;
  std::uint64_t frame_start_ = 0;
  std::uint64_t frames_ = 0;
};

class zstd_encoder final : public codec_base {
 public:
  explicit zstd_encoder(const codec_options& o) : codec_base(o), pledged_(o.pledged_size) {
    c_ = ZSTD_createCCtx();
    if (!c_) {
      init_ = error(status_kind::internal, "out of memory creating a zstd encoder");
      return;
    }
    const int level = o.level == codec_options::default_level ? ZSTD_CLEVEL_DEFAULT : o.level;
    if (level < ZSTD_minCLevel() || level > ZSTD_maxCLevel()) {
      init_ = error(status_kind::invalid_argument, "zstd level out of range");
      return;
    }
    bool bad = ZSTD_isError(ZSTD_CCtx_setParameter(c_, ZSTD_c_compressionLevel, level)) ||
               ZSTD_isError(ZSTD_CCtx_setParameter(c_, ZSTD_c_checksumFlag, o.checksum ? 1 : 0));
    if (!bad && o.zstd_long_window_log != 0) {
      bad = ZSTD_isError(ZSTD_CCtx_setParameter(c_, ZSTD_c_enableLongDistanceMatching, 1)) ||
            ZSTD_isError(ZSTD_CCtx_setParameter(c_, ZSTD_c_windowLog, o.zstd_long_window_log));
    }
    if (bad) {
      init_ = error(status_kind::invalid_argument, "bad zstd parameters (level or window log)");
      return;
    }
    if (!o.dictionary.empty() &&
        ZSTD_isError(ZSTD_CCtx_loadDictionary(c_, o.dictionary.data(), o.dictionary.size()))) {
      init_ = error(status_kind::invalid_argument, "cannot load the zstd dictionary");
      return;
    }
    pledge();
  }
  ~zstd_encoder() override { ZSTD_freeCCtx(c_); }
  status init_status() const noexcept { return init_; }
  const char* name() const noexcept override { return "zstd encoder"; }

 protected:
  status step(io_buffer& dst, io_buffer& src) override {
    // e_end only once src is closed *and drained*: handing zstd the whole input with e_end
    // in one call would let it size the frame from it (content size, window), so the
    // output would depend on how the input was chunked. The content size goes into the
    // header when it is pledged (codec_options::pledged_size).
    const ZSTD_EndDirective mode =
        src.closed && src.reader_length() == 0 ? ZSTD_e_end : ZSTD_e_continue;
    if (mode == ZSTD_e_continue && src.reader_length() == 0) return ok();  // need_input
    ZSTD_inBuffer in{src.reader_pointer(), src.reader_length(), 0};
    ZSTD_outBuffer out{dst.writer_pointer(), dst.writer_length(), 0};
    const std::size_t r = ZSTD_compressStream2(c_, &out, &in, mode);
    src.ri += in.pos;
    dst.wi += out.pos;
    if (ZSTD_isError(r)) {
      if (ZSTD_getErrorCode(r) == ZSTD_error_srcSize_wrong)
        return error(status_kind::invalid_argument, "input size differs from the pledged size",
                     src.reader_position());
      return error(status_kind::internal, "zstd encoder failed", src.reader_position());
    }
    if (mode == ZSTD_e_end && r == 0) return end_of_stream();
    return ok();
  }

  status stalled_at_eof(std::uint64_t offset) const override {
    return error(status_kind::internal, "zstd encoder stalled", offset);
  }

  void do_reset() override {
    (void)ZSTD_CCtx_reset(c_, ZSTD_reset_session_only);  // keeps parameters and dictionary
    pledge();
  }

 private:
  void pledge() {
    if (pledged_ != codec_options::unknown_size) (void)ZSTD_CCtx_setPledgedSrcSize(c_, pledged_);
  }

  ZSTD_CCtx* c_ = nullptr;
  status init_ = ok();
  std::uint64_t pledged_;
};

}  // namespace

codec_result make_zstd(bool encoder, const codec_options& o) {
  return encoder ? make_codec<zstd_encoder>(o) : make_codec<zstd_decoder>(o);
}

}  // namespace sluice::codec_detail
