// gzip, zlib and deflate-raw over zlib's deflate()/inflate(), chosen by windowBits
// (31 gzip, 15 zlib, -15 raw), reading src and writing dst in place.
#include <zlib.h>

#include <cstring>

#include "codec_impl.hpp"

namespace sluice::codec_detail {
namespace {

int window_bits(codec_format f) noexcept {
  switch (f) {
    case codec_format::gzip: return 16 + MAX_WBITS;
    case codec_format::deflate_raw: return -MAX_WBITS;
    default: return MAX_WBITS;
  }
}

// zlib insists on a non-null next_out even when avail_out is 0.
std::uint8_t g_dummy_byte;

struct zmsgs {
  const char* corrupt;
  const char* truncated;
  const char* checksum;
  const char* length;
  const char* bad_header;
  const char* trailing;
};

const zmsgs& messages(codec_format f) noexcept {
  static const zmsgs gz{"corrupt gzip data", "truncated gzip input (ends in the middle of a member)",
                        "gzip checksum mismatch (CRC-32)", "gzip checksum mismatch (ISIZE, the length)",
                        "not gzip data (bad header)", "trailing data after the last gzip member"};
  static const zmsgs zl{"corrupt zlib data", "truncated zlib input (ends in the middle of the stream)",
                        "zlib checksum mismatch (Adler-32)", "zlib size mismatch",
                        "not zlib data (bad header)", "trailing data after the zlib stream"};
  static const zmsgs raw{"corrupt deflate data", "truncated deflate input (ends in the middle of the stream)",
                         "deflate checksum mismatch", "deflate size mismatch",
                         "corrupt deflate data", "trailing data after the deflate stream"};
  return f == codec_format::gzip ? gz : f == codec_format::zlib ? zl : raw;
}

class zlib_decoder final : public codec_base {
 public:
  zlib_decoder(codec_format f, const codec_options& o)
      : codec_base(o), fmt_(f), concatenated_(o.concatenated && f == codec_format::gzip),
        msg_(messages(f)) {
    std::memset(&z_, 0, sizeof z_);
    if (!o.dictionary.empty()) {
      init_ = error(status_kind::invalid_argument, "only zstd takes a dictionary");
      return;
    }
    if (inflateInit2(&z_, window_bits(f)) != Z_OK) {
      init_ = error(status_kind::internal, "out of memory creating a zlib decoder");
      return;
    }
    live_ = true;
  }
  ~zlib_decoder() override {
    if (live_) inflateEnd(&z_);
  }
  status init_status() const noexcept { return init_; }
  const char* name() const noexcept override {
    return fmt_ == codec_format::gzip   ? "gzip decoder"
           : fmt_ == codec_format::zlib ? "zlib decoder"
                                        : "deflate-raw decoder";
  }

 protected:
  status step(io_buffer& dst, io_buffer& src) override {
    if (boundary_) {  // after a complete gzip member
      if (src.reader_length() == 0) return src.closed ? end_of_stream() : need_input();
      boundary_ = false;
      member_start_ = src.reader_position();
      member_in_ = 0;
      (void)inflateReset(&z_);
    }
    // inflate() holds a lone first byte until the second arrives before it checks the
    // gzip magic, so one byte of junk at the end would read as a cut-off member. A first
    // byte that is not 1F is refused as soon as it is seen.
    if (fmt_ == codec_format::gzip && member_in_ == 0 && src.reader_length() > 0 &&
        *src.reader_pointer() != 0x1F)
      return members_ > 0 ? error(status_kind::corrupt, msg_.trailing, member_start_)
                          : error(status_kind::corrupt, msg_.bad_header, src.reader_position());
    z_.next_in = const_cast<Bytef*>(src.reader_pointer());
    z_.avail_in = clamp_u32(src.reader_length());
    z_.next_out = dst.writer_length() ? dst.writer_pointer() : &g_dummy_byte;
    z_.avail_out = clamp_u32(dst.writer_length());
    const unsigned in0 = z_.avail_in, out0 = z_.avail_out;
    const int r = inflate(&z_, Z_NO_FLUSH);
    const std::size_t used = in0 - z_.avail_in;
    src.ri += used;
    dst.wi += out0 - z_.avail_out;
    member_in_ += used;
    switch (r) {
      case Z_OK:
      case Z_BUF_ERROR:  // no progress possible: the driver decides from the buffers
        return ok();
      case Z_STREAM_END:
        ++members_;
        if (!concatenated_) return end_of_stream();
        boundary_ = true;
        return ok();
      case Z_NEED_DICT:
        return error(status_kind::unsupported, "zlib stream needs a preset dictionary",
                     src.reader_position());
      case Z_DATA_ERROR: return data_error(src.reader_position());
      case Z_MEM_ERROR:
        return error(status_kind::internal, "out of memory in the zlib decoder",
                     src.reader_position());
      default:
        return error(status_kind::internal, "zlib inflate failed", src.reader_position());
    }
  }

  status stalled_at_eof(std::uint64_t offset) const override {
    return error(status_kind::truncated, msg_.truncated, offset);
  }

  void do_reset() override {
    (void)inflateReset(&z_);
    boundary_ = false;
    members_ = 0;
    member_start_ = member_in_ = 0;
  }

 private:
  status data_error(std::uint64_t at) const {
    const char* m = z_.msg ? z_.msg : "";
    if (std::strcmp(m, "incorrect data check") == 0)
      return error(status_kind::checksum_mismatch, msg_.checksum, at);
    if (std::strcmp(m, "incorrect length check") == 0)
      return error(status_kind::checksum_mismatch, msg_.length, at);
    const bool header = std::strcmp(m, "incorrect header check") == 0 ||
                        std::strcmp(m, "unknown compression method") == 0 ||
                        std::strcmp(m, "invalid window size") == 0 ||
                        std::strcmp(m, "unknown header flags set") == 0;
    if (header && members_ > 0)  // what follows a complete member is not another member
      return error(status_kind::corrupt, msg_.trailing, member_start_);
    if (header && member_in_ <= 10) return error(status_kind::corrupt, msg_.bad_header, at);
    if (std::strcmp(m, "header crc mismatch") == 0)
      return error(status_kind::checksum_mismatch, "gzip checksum mismatch (header CRC)", at);
    return error(status_kind::corrupt, msg_.corrupt, at);
  }

  z_stream z_;
  codec_format fmt_;
  bool concatenated_;
  const zmsgs& msg_;
  status init_ = ok();
  bool live_ = false;
  bool boundary_ = false;
  std::uint64_t members_ = 0;
  std::uint64_t member_start_ = 0;
  std::uint64_t member_in_ = 0;
};

class zlib_encoder final : public codec_base {
 public:
  zlib_encoder(codec_format f, const codec_options& o) : codec_base(o), fmt_(f) {
    std::memset(&z_, 0, sizeof z_);
    const int level = o.level == codec_options::default_level ? 6 : o.level;
    if (level < 0 || level > 9) {
      init_ = error(status_kind::invalid_argument, "deflate level out of range (0..9)");
      return;
    }
    if (!o.dictionary.empty()) {
      init_ = error(status_kind::invalid_argument, "only zstd takes a dictionary");
      return;
    }
    if (deflateInit2(&z_, level, Z_DEFLATED, window_bits(f), 8, Z_DEFAULT_STRATEGY) != Z_OK) {
      init_ = error(status_kind::internal, "out of memory creating a zlib encoder");
      return;
    }
    live_ = true;
  }
  ~zlib_encoder() override {
    if (live_) deflateEnd(&z_);
  }
  status init_status() const noexcept { return init_; }
  const char* name() const noexcept override {
    return fmt_ == codec_format::gzip   ? "gzip encoder"
           : fmt_ == codec_format::zlib ? "zlib encoder"
                                        : "deflate-raw encoder";
  }

 protected:
  status step(io_buffer& dst, io_buffer& src) override {
    if (!src.closed && src.reader_length() == 0) return ok();  // need_input
    z_.next_in = const_cast<Bytef*>(src.reader_pointer());
    z_.avail_in = clamp_u32(src.reader_length());
    z_.next_out = dst.writer_length() ? dst.writer_pointer() : &g_dummy_byte;
    z_.avail_out = clamp_u32(dst.writer_length());
    const unsigned in0 = z_.avail_in, out0 = z_.avail_out;
    // Z_FINISH only once the whole input is in sight; it may take several calls.
    const bool finish = src.closed && src.reader_length() == z_.avail_in;
    const int r = deflate(&z_, finish ? Z_FINISH : Z_NO_FLUSH);
    src.ri += in0 - z_.avail_in;
    dst.wi += out0 - z_.avail_out;
    if (r == Z_STREAM_END) return end_of_stream();
    if (r == Z_OK || r == Z_BUF_ERROR) return ok();
    return error(status_kind::internal, "zlib deflate failed", src.reader_position());
  }

  status stalled_at_eof(std::uint64_t offset) const override {
    return error(status_kind::internal, "zlib encoder stalled", offset);
  }

  void do_reset() override { (void)deflateReset(&z_); }

 private:
  z_stream z_;
  codec_format fmt_;
  status init_ = ok();
  bool live_ = false;
};

}  // namespace

codec_result make_zlib(bool encoder, codec_format f, const codec_options& o) {
  if (encoder) {
    return make_codec<zlib_encoder>(f, o);
  }
  return make_codec<zlib_decoder>(f, o);
}

}  // namespace sluice::codec_detail
