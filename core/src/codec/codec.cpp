// Codec names, detection, factories, the shared driver and the auto-detecting decoder.
#include <bzlib.h>
#include <lz4.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "codec_impl.hpp"

namespace sluice {

using namespace codec_detail;

const char* codec_format_name(codec_format f) noexcept {
  switch (f) {
    case codec_format::auto_detect: return "auto";
    case codec_format::zstd: return "zstd";
    case codec_format::lz4: return "lz4";
    case codec_format::gzip: return "gzip";
    case codec_format::zlib: return "zlib";
    case codec_format::deflate_raw: return "deflate-raw";
    case codec_format::bzip2: return "bzip2";
  }
  return "unknown";
}

std::optional<codec_format> parse_codec_format(std::string_view name) noexcept {
  char low[16];
  if (name.size() >= sizeof low) return std::nullopt;
  for (std::size_t i = 0; i < name.size(); ++i)
    low[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(name[i])));
  const std::string_view n(low, name.size());
  if (n.empty() || n == "auto") return codec_format::auto_detect;
  if (n == "zstd" || n == "zst") return codec_format::zstd;
  if (n == "lz4") return codec_format::lz4;
  if (n == "gzip" || n == "gz") return codec_format::gzip;
  if (n == "zlib" || n == "deflate") return codec_format::zlib;
  if (n == "deflate-raw" || n == "raw-deflate") return codec_format::deflate_raw;
  if (n == "bzip2" || n == "bz2") return codec_format::bzip2;
  return std::nullopt;
}

codec_format detect_codec_format(std::span<const std::uint8_t> h) noexcept {
  if (h.size() >= 2 && h[0] == 0x1F && h[1] == 0x8B) return codec_format::gzip;
  if (h.size() >= 4 && h[0] == 'B' && h[1] == 'Z' && h[2] == 'h' && h[3] >= '1' && h[3] <= '9')
    return codec_format::bzip2;
  if (h.size() >= 4) {
    const std::uint32_t m = le32(h.data());
    if (m == zstd_magic || is_skippable_magic(m)) return codec_format::zstd;
    if (m == lz4_magic || m == lz4_legacy_magic) return codec_format::lz4;
  }
  return codec_format::auto_detect;
}

codec_result make_encoder(codec_format f, const codec_options& o) {
  switch (f) {
    case codec_format::zstd: return make_zstd(true, o);
    case codec_format::lz4: return make_lz4(true, o);
    case codec_format::gzip:
    case codec_format::zlib:
    case codec_format::deflate_raw: return make_zlib(true, f, o);
    case codec_format::bzip2: return make_bzip2(true, o);
    case codec_format::auto_detect: break;
  }
  return {nullptr, error(status_kind::invalid_argument, "an encoder needs a format")};
}

codec_result make_decoder(codec_format f, const codec_options& o) {
  switch (f) {
    case codec_format::zstd: return make_zstd(false, o);
    case codec_format::lz4: return make_lz4(false, o);
    case codec_format::gzip:
    case codec_format::zlib:
    case codec_format::deflate_raw: return make_zlib(false, f, o);
    case codec_format::bzip2: return make_bzip2(false, o);
    case codec_format::auto_detect: return make_auto_decoder(o);
  }
  return {nullptr, error(status_kind::invalid_argument, "unknown format")};
}

codec_result make_encoder(std::string_view format, const codec_options& o) {
  auto f = parse_codec_format(format);
  if (!f) return {nullptr, error(status_kind::invalid_argument, "unknown compression format")};
  return make_encoder(*f, o);
}

codec_result make_decoder(std::string_view format, const codec_options& o) {
  auto f = parse_codec_format(format);
  if (!f) return {nullptr, error(status_kind::invalid_argument, "unknown compression format")};
  return make_decoder(*f, o);
}

std::size_t recommended_src_bytes(codec_format f, bool encoder, const codec_options& o) noexcept {
  switch (f) {
    case codec_format::zstd: return encoder ? ZSTD_CStreamInSize() : ZSTD_DStreamInSize();
    case codec_format::lz4: {
      const int id = std::clamp(o.lz4_block_size_id, 4, 7);
      return std::size_t{1} << (8 + 2 * id);  // 64 KiB .. 4 MiB: one block
    }
    default: return 128 * 1024;
  }
}

std::size_t recommended_dst_bytes(codec_format f, bool encoder, const codec_options& o) noexcept {
  switch (f) {
    case codec_format::zstd: return encoder ? ZSTD_CStreamOutSize() : ZSTD_DStreamOutSize();
    case codec_format::lz4: {
      // The encoder writes a whole compressed block at a time: its bound, plus the frame
      // header and end mark, avoids the staging copy.
      const std::size_t block = recommended_src_bytes(f, encoder, o);
      return encoder ? block + block / 255 + 64 : block;
    }
    default: return 128 * 1024;
  }
}

const char* codec_library_versions() noexcept {
  static const std::string v = std::string("zstd ") + ZSTD_versionString() + ", lz4 " +
                               LZ4_versionString() + ", zlib " + zlibVersion() + ", bzip2 " +
                               std::string(BZ2_bzlibVersion()).substr(0, 5);
  return v.c_str();
}

// --- the shared driver -----------------------------------------------------------------

namespace codec_detail {

status codec_base::transform(io_buffer& dst, io_buffer& src) {
  if (sticky_.is_error() || sticky_.is_end()) return sticky_;
  SLUICE_ASSERT(dst.valid() && src.valid());

  // The output limit: hand the codec at most one byte more than is still allowed, so that
  // going over is seen without ever writing more than one byte past the limit.
  io_buffer limited;
  io_buffer* d = &dst;
  std::uint64_t remaining = codec_options::unlimited;
  if (max_out_ != codec_options::unlimited) {
    remaining = max_out_ - out_total_;
    if (dst.writer_length() > remaining) {
      limited = dst;
      limited.len = dst.wi + static_cast<std::size_t>(remaining) + 1;
      d = &limited;
    }
  }
  const std::size_t w_start = d->wi;

  status s = ok();
  for (;;) {
    const std::size_t r0 = src.ri, w0 = d->wi;
    s = step(*d, src);
    SLUICE_ASSERT(src.valid() && d->valid());
    if (!s.is_ok()) break;
    if (src.ri != r0 || d->wi != w0) continue;
    if (d->writer_length() == 0) {
      s = need_output();
    } else if (src.reader_length() == 0) {
      s = src.closed ? stalled_at_eof(src.reader_position()) : need_input();
    } else {
      s = error(status_kind::internal, "codec made no progress", src.reader_position());
    }
    break;
  }

  std::uint64_t produced = d->wi - w_start;
  if (produced > remaining) {
    produced = remaining;
    s = error(status_kind::limit_exceeded, "output size limit exceeded (max output)",
              src.reader_position());
  }
  dst.wi = w_start + static_cast<std::size_t>(produced);
  out_total_ += produced;
  if (s.is_error() || s.is_end()) sticky_ = s;
  return s;
}

void codec_base::reset() {
  sticky_ = ok();
  out_total_ = 0;
  do_reset();
}

// --- auto-detection ----------------------------------------------------------------------

namespace {

/// Collects the first bytes of the stream (consuming them, as the contract requires), skips
/// leading skippable frames, picks a decoder from the magic, replays the collected bytes to
/// it and from then on hands it src directly.
class auto_decoder final : public Transform {
 public:
  explicit auto_decoder(const codec_options& o)
      : opts_(o), dict_(o.dictionary.begin(), o.dictionary.end()) {
    opts_.dictionary = {dict_.data(), dict_.size()};
  }
  status init_status() const noexcept { return ok(); }
  const char* name() const noexcept override {
    return inner_ ? inner_->name() : "decoder (format detection)";
  }
  void reset() override {
    inner_.reset();
    n_ = replayed_ = 0;
    head_pos_ = skip_ = 0;
    skipped_any_ = false;
    sticky_ = ok();
  }

  status transform(io_buffer& dst, io_buffer& src) override {
    if (sticky_.is_error() || sticky_.is_end()) return sticky_;
    if (!inner_) {
      status s = detect(src);
      if (!s.is_ok()) return remember(s);
    }
    if (replayed_ < n_) {  // the collected magic bytes go first
      io_buffer head{head_, n_, replayed_, n_, head_pos_, src.closed && src.reader_length() == 0};
      status s = inner_->transform(dst, head);
      replayed_ = head.ri;
      if (s.kind != status_kind::need_input) return remember(s);
      if (replayed_ < n_)
        return remember(error(status_kind::internal, "decoder did not take the replayed bytes"));
    }
    return remember(inner_->transform(dst, src));
  }

 private:
  status remember(status s) {
    if (s.is_error() || s.is_end()) sticky_ = s;
    return s;
  }

  std::size_t wanted() const noexcept {
    return n_ >= 4 && is_skippable_magic(le32(head_)) ? 8 : 4;
  }

  status detect(io_buffer& src) {
    for (;;) {
      if (skip_ > 0) {  // inside a leading skippable frame: its payload is ignored
        const std::size_t k =
            static_cast<std::size_t>(std::min<std::uint64_t>(skip_, src.reader_length()));
        src.consume(k);
        skip_ -= k;
        if (skip_ > 0) {
          if (!src.closed) return need_input();
          return error(status_kind::truncated, "input ends inside a skippable frame",
                       src.reader_position());
        }
      }
      while (n_ < wanted() && src.reader_length() > 0) {
        if (n_ == 0) head_pos_ = src.reader_position();
        head_[n_++] = *src.reader_pointer();
        src.consume(1);
      }
      if (n_ < wanted()) {
        if (!src.closed) return need_input();
        if (n_ == 0) {
          if (skipped_any_) return end_of_stream();
          return error(status_kind::truncated, "empty input: no compressed data",
                       src.reader_position());
        }
        if (n_ >= 4 || !(n_ >= 2 && head_[0] == 0x1F && head_[1] == 0x8B))
          return error(status_kind::truncated, "input too short to be compressed data",
                       src.reader_position());
        break;  // a cut-off gzip header: let the gzip decoder say so
      }
      if (!is_skippable_magic(le32(head_))) break;
      skip_ = le32(head_ + 4);
      n_ = 0;
      skipped_any_ = true;
    }
    const codec_format f = detect_codec_format({head_, n_});
    if (f == codec_format::auto_detect)
      return error(status_kind::unsupported,
                   "unrecognised compression format (zlib and deflate-raw must be named)",
                   head_pos_);
    codec_result r = make_decoder(f, opts_);
    if (!r) return r.error;
    inner_ = std::move(r.transform);
    replayed_ = 0;
    return ok();
  }

  codec_options opts_;
  std::vector<std::uint8_t> dict_;
  std::unique_ptr<Transform> inner_;
  std::uint8_t head_[8] = {};
  std::size_t n_ = 0;
  std::size_t replayed_ = 0;
  std::uint64_t head_pos_ = 0;
  std::uint64_t skip_ = 0;
  bool skipped_any_ = false;
  status sticky_ = ok();
};

}  // namespace

codec_result make_auto_decoder(const codec_options& o) {
  return make_codec<auto_decoder>(o);
}

}  // namespace codec_detail
}  // namespace sluice
