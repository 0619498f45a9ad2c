// bzip2 encoder and decoder over libbz2 (BZ2_bzCompress / BZ2_bzDecompress), reading src
// and writing dst in place. The decoder reads concatenated streams (as bzip2 -d does) by
// starting a fresh decompressor after each BZ_STREAM_END.
#include <bzlib.h>

#include <cstring>

#include "codec_impl.hpp"

namespace sluice::codec_detail {
namespace {

char g_dummy_byte;

// libbz2 returns BZ_DATA_ERROR both for a CRC that does not match and for a malformed
// stream. The two differ in the decompressor's state at the time: a block CRC is checked
// once the block's output is complete (state BZ_X_OUTPUT = 2), the stream CRC after the
// end-of-stream marker (BZ_X_IDLE = 1); a malformed stream fails while parsing (>= 10).
// The state is the second member of libbz2's private DState, whose layout has not changed
// since 1.0.0; we read it only for libbz2 1.0.x and otherwise call everything `corrupt`.
struct dstate_head {
  void* strm;
  std::int32_t state;
};

bool bz_layout_known() noexcept {
  static const bool known = std::strncmp(BZ2_bzlibVersion(), "1.0.", 4) == 0;
  return known;
}

class bzip2_decoder final : public codec_base {
 public:
  explicit bzip2_decoder(const codec_options& o) : codec_base(o), concatenated_(o.concatenated) {
    if (!o.dictionary.empty()) {
      init_ = error(status_kind::invalid_argument, "only zstd takes a dictionary");
      return;
    }
    init_ = start();
  }
  ~bzip2_decoder() override { stop(); }
  status init_status() const noexcept { return init_; }
  const char* name() const noexcept override { return "bzip2 decoder"; }

 protected:
  status step(io_buffer& dst, io_buffer& src) override {
    if (boundary_) {
      if (src.reader_length() == 0) return src.closed ? end_of_stream() : need_input();
      boundary_ = false;
      stream_start_ = src.reader_position();
      status s = start();
      if (s.is_error()) return s;
    }
    s_.next_in = reinterpret_cast<char*>(const_cast<std::uint8_t*>(src.reader_pointer()));
    s_.avail_in = clamp_u32(src.reader_length());
    s_.next_out = dst.writer_length() ? reinterpret_cast<char*>(dst.writer_pointer()) : &g_dummy_byte;
    s_.avail_out = clamp_u32(dst.writer_length());
    const unsigned in0 = s_.avail_in, out0 = s_.avail_out;
    const int r = BZ2_bzDecompress(&s_);
    src.ri += in0 - s_.avail_in;
    dst.wi += out0 - s_.avail_out;
    const std::uint64_t at = src.reader_position();
    switch (r) {
      case BZ_OK: return ok();
      case BZ_STREAM_END:
        ++streams_;
        stop();
        if (!concatenated_) return end_of_stream();
        boundary_ = true;
        return ok();
      case BZ_DATA_ERROR_MAGIC:
        return streams_ > 0
                   ? error(status_kind::corrupt, "trailing data after the last bzip2 stream",
                           stream_start_)
                   : error(status_kind::corrupt, "not bzip2 data (bad magic number)", at);
      case BZ_DATA_ERROR: {
        if (bz_layout_known() && s_.state) {
          const std::int32_t st = static_cast<const dstate_head*>(s_.state)->state;
          if (st == 2) return error(status_kind::checksum_mismatch, "bzip2 checksum mismatch (block CRC)", at);
          if (st == 1) return error(status_kind::checksum_mismatch, "bzip2 checksum mismatch (stream CRC)", at);
        }
        return error(status_kind::corrupt, "corrupt bzip2 data", at);
      }
      case BZ_MEM_ERROR: return error(status_kind::internal, "out of memory in the bzip2 decoder", at);
      default: return error(status_kind::internal, "bzip2 decompressor failed", at);
    }
  }

  status stalled_at_eof(std::uint64_t offset) const override {
    return error(status_kind::truncated, "truncated bzip2 input (ends in the middle of a stream)", offset);
  }

  void do_reset() override {
    stop();
    boundary_ = false;
    streams_ = 0;
    stream_start_ = 0;
    (void)start();
  }

 private:
  status start() {
    stop();
    std::memset(&s_, 0, sizeof s_);
    if (BZ2_bzDecompressInit(&s_, 0, 0) != BZ_OK)
      return error(status_kind::internal, "out of memory creating a bzip2 decoder");
    live_ = true;
    return ok();
  }
  void stop() {
    if (live_) BZ2_bzDecompressEnd(&s_);
    live_ = false;
  }

  bz_stream s_{};
  status init_ = ok();
  bool concatenated_;
  bool live_ = false;
  bool boundary_ = false;
  std::uint64_t streams_ = 0;
  std::uint64_t stream_start_ = 0;
};

class bzip2_encoder final : public codec_base {
 public:
  explicit bzip2_encoder(const codec_options& o) : codec_base(o) {
    level_ = o.level == codec_options::default_level ? 9 : o.level;
    if (level_ < 1 || level_ > 9) {
      init_ = error(status_kind::invalid_argument, "bzip2 level out of range (1..9)");
      return;
    }
    if (!o.dictionary.empty()) {
      init_ = error(status_kind::invalid_argument, "only zstd takes a dictionary");
      return;
    }
    init_ = start();
  }
  ~bzip2_encoder() override { stop(); }
  status init_status() const noexcept { return init_; }
  const char* name() const noexcept override { return "bzip2 encoder"; }

 protected:
  status step(io_buffer& dst, io_buffer& src) override {
    if (!src.closed && src.reader_length() == 0) return ok();  // need_input
    s_.next_in = reinterpret_cast<char*>(const_cast<std::uint8_t*>(src.reader_pointer()));
    s_.avail_in = clamp_u32(src.reader_length());
    s_.next_out = dst.writer_length() ? reinterpret_cast<char*>(dst.writer_pointer()) : &g_dummy_byte;
    s_.avail_out = clamp_u32(dst.writer_length());
    const unsigned in0 = s_.avail_in, out0 = s_.avail_out;
    // BZ_FINISH once the whole rest of the input is in sight. libbz2 then expects exactly
    // that remaining input on every later call, which a closed src guarantees.
    const bool finish = src.closed && src.reader_length() == s_.avail_in;
    const int r = BZ2_bzCompress(&s_, finish ? BZ_FINISH : BZ_RUN);
    src.ri += in0 - s_.avail_in;
    dst.wi += out0 - s_.avail_out;
    if (r == BZ_STREAM_END) return end_of_stream();
    if (r == BZ_RUN_OK || r == BZ_FINISH_OK) return ok();
    // libbz2's ways of saying "no progress" (dst full): BZ_PARAM_ERROR under BZ_RUN,
    // BZ_SEQUENCE_ERROR under BZ_FINISH. The driver then reports need_output.
    const bool none = s_.avail_in == in0 && s_.avail_out == out0;
    if (none && (r == BZ_PARAM_ERROR || r == BZ_SEQUENCE_ERROR)) return ok();
    return error(status_kind::internal, "bzip2 compressor failed", src.reader_position());
  }

  status stalled_at_eof(std::uint64_t offset) const override {
    return error(status_kind::internal, "bzip2 encoder stalled", offset);
  }

  void do_reset() override { (void)start(); }

 private:
  status start() {
    stop();
    std::memset(&s_, 0, sizeof s_);
    if (BZ2_bzCompressInit(&s_, level_, 0, 0) != BZ_OK)
      return error(status_kind::internal, "out of memory creating a bzip2 encoder");
    live_ = true;
    return ok();
  }
  void stop() {
    if (live_) BZ2_bzCompressEnd(&s_);
    live_ = false;
  }

  bz_stream s_{};
  status init_ = ok();
  int level_ = 9;
  bool live_ = false;
};

}  // namespace

codec_result make_bzip2(bool encoder, const codec_options& o) {
  return encoder ? make_codec<bzip2_encoder>(o) : make_codec<bzip2_decoder>(o);
}

}  // namespace sluice::codec_detail
