// sluice's streaming codecs against the same libraries driven directly through their own
// streaming APIs: same data, same chunk and buffer sizes, default levels.
//
// Names: codec/<format>_<compress|decompress>/<impl>/<size>, impl "sluice" or the library
// ("libzstd", "liblz4", "zlib", "libbz2"). Data: a deterministic mix of text-like and
// binary, media-like runs (tests/core/codec_test_util.hpp's generator, copied here so the
// bench does not depend on Boost.Test).
#include <benchmark/benchmark.h>

#include <bzlib.h>
#include <lz4frame.h>
#include <zlib.h>
#include <zstd.h>

#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "sluice/codec.hpp"

namespace {

using bytes = std::vector<std::uint8_t>;
using sluice::codec_format;

bytes sample(std::size_t n, std::uint32_t seed = 1) {
  static const char* words[] = {"frame ", "sample ", "stream ", "the ", "of ", "packet ",
                                "{\"pts\":", "1024, ", "keyframe ", "audio ", "video\n",
                                "timestamp ", "and ", "a ", "buffer ", "sluice "};
  bytes out;
  out.reserve(n);
  std::uint32_t x = seed * 2654435761u + 12345u;
  auto next = [&] { return x = x * 1664525u + 1013904223u; };
  while (out.size() < n) {
    const std::uint32_t kind = (next() >> 28) & 3;
    const std::size_t len = 256 + ((next() >> 20) & 4095);
    for (std::size_t i = 0; i < len && out.size() < n; ++i) {
      switch (kind) {
        case 0:
        case 1: {
          const char* w = words[(next() >> 24) & 15];
          for (; *w && out.size() < n; ++w, ++i) out.push_back(static_cast<std::uint8_t>(*w));
          break;
        }
        case 2: out.push_back(static_cast<std::uint8_t>(next() >> 24)); break;
        default: out.push_back(static_cast<std::uint8_t>((i * 3) + ((next() >> 30) & 1)));
      }
    }
  }
  return out;
}

std::size_t data_size(codec_format f) { return f == codec_format::bzip2 ? (2u << 20) : (8u << 20); }

const bytes& data(codec_format f) {
  static std::map<codec_format, bytes> m;
  auto& d = m[f];
  if (d.empty()) d = sample(data_size(f), 5);
  return d;
}

// Same sizes for both sides: src chunks and dst room. lz4 needs dst room for a whole block
// (its API's rule), so both sides get LZ4F_compressBound-sized output buffers.
std::size_t src_chunk(codec_format) { return 128 * 1024; }
std::size_t dst_room(codec_format f, bool enc) {
  return f == codec_format::lz4 && enc ? sluice::recommended_dst_bytes(f, true) : 128 * 1024;
}

// --- sluice -------------------------------------------------------------------------------

std::size_t run_sluice(sluice::Transform& t, const bytes& in, std::size_t chunk, bytes& dstmem) {
  sluice::io_buffer src = sluice::io_buffer::over(const_cast<std::uint8_t*>(in.data()), in.size());
  std::size_t total = 0;
  for (;;) {
    if (src.ri == src.wi && !src.closed) {
      src.wi = std::min(in.size(), src.wi + chunk);
      src.closed = src.wi == in.size();
    }
    sluice::io_buffer dst = sluice::io_buffer::over(dstmem.data(), dstmem.size());
    const sluice::status s = t.transform(dst, src);
    total += dst.wi;
    benchmark::DoNotOptimize(dstmem.data());
    if (s.is_end()) return total;
    if (s.is_error()) return 0;
  }
}

bytes compressed(codec_format f) {
  static std::map<codec_format, bytes> m;
  auto& c = m[f];
  if (c.empty()) {
    auto e = sluice::make_encoder(f);
    bytes dst(64u << 20);
    sluice::io_buffer src = sluice::io_buffer::reading(data(f).data(), data(f).size());
    sluice::io_buffer out = sluice::io_buffer::over(dst.data(), dst.size());
    while (!e.transform->transform(out, src).is_end()) {}
    c.assign(dst.begin(), dst.begin() + static_cast<std::ptrdiff_t>(out.wi));
  }
  return c;
}

void sluice_bench(benchmark::State& st, codec_format f, bool enc) {
  const bytes in = enc ? data(f) : compressed(f);
  bytes dst(dst_room(f, enc));
  auto c = enc ? sluice::make_encoder(f) : sluice::make_decoder(f);
  for (auto _ : st) {
    c.transform->reset();
    const std::size_t n = run_sluice(*c.transform, in, src_chunk(f), dst);
    if (n == 0) st.SkipWithError("sluice codec failed");
  }
  st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations() * data(f).size()));
}

// --- the libraries, directly ---------------------------------------------------------------

std::size_t direct_zstd(bool enc, const bytes& in, std::size_t chunk, bytes& dst, ZSTD_CCtx* c, ZSTD_DCtx* d) {
  std::size_t total = 0, pos = 0;
  if (enc) {
    ZSTD_CCtx_reset(c, ZSTD_reset_session_only);
    for (;;) {
      const std::size_t n = std::min(chunk, in.size() - pos);
      const bool last = pos + n == in.size();
      ZSTD_inBuffer ib{in.data() + pos, n, 0};
      std::size_t r;
      do {
        ZSTD_outBuffer ob{dst.data(), dst.size(), 0};
        r = ZSTD_compressStream2(c, &ob, &ib, last ? ZSTD_e_end : ZSTD_e_continue);
        total += ob.pos;
        benchmark::DoNotOptimize(dst.data());
      } while (last ? r != 0 : ib.pos < ib.size);
      pos += n;
      if (last) return total;
    }
  }
  ZSTD_DCtx_reset(d, ZSTD_reset_session_only);
  while (pos < in.size()) {
    const std::size_t n = std::min(chunk, in.size() - pos);
    ZSTD_inBuffer ib{in.data() + pos, n, 0};
    while (ib.pos < ib.size) {
      ZSTD_outBuffer ob{dst.data(), dst.size(), 0};
      ZSTD_decompressStream(d, &ob, &ib);
      total += ob.pos;
      benchmark::DoNotOptimize(dst.data());
    }
    pos += n;
  }
  for (;;) {  // flush
    ZSTD_inBuffer ib{nullptr, 0, 0};
    ZSTD_outBuffer ob{dst.data(), dst.size(), 0};
    const std::size_t r = ZSTD_decompressStream(d, &ob, &ib);
    total += ob.pos;
    if (r == 0 || ob.pos == 0) return total;
  }
}

std::size_t direct_lz4(bool enc, const bytes& in, std::size_t chunk, bytes& dst, LZ4F_cctx* c, LZ4F_dctx* d) {
  std::size_t total = 0, pos = 0;
  if (enc) {
    LZ4F_preferences_t p;
    std::memset(&p, 0, sizeof p);
    p.frameInfo.blockSizeID = LZ4F_max4MB;
    p.frameInfo.blockMode = LZ4F_blockIndependent;
    p.frameInfo.contentChecksumFlag = LZ4F_contentChecksumEnabled;
    p.compressionLevel = 1;
    total += LZ4F_compressBegin(c, dst.data(), dst.size(), &p);
    while (pos < in.size()) {
      const std::size_t n = std::min(chunk, in.size() - pos);
      total += LZ4F_compressUpdate(c, dst.data(), dst.size(), in.data() + pos, n, nullptr);
      benchmark::DoNotOptimize(dst.data());
      pos += n;
    }
    total += LZ4F_compressEnd(c, dst.data(), dst.size(), nullptr);
    return total;
  }
  LZ4F_resetDecompressionContext(d);
  std::size_t r = 1;
  while (pos < in.size()) {
    const std::size_t n = std::min(chunk, in.size() - pos);
    std::size_t used = 0;
    while (used < n) {
      std::size_t sn = n - used, dn = dst.size();
      r = LZ4F_decompress(d, dst.data(), &dn, in.data() + pos + used, &sn, nullptr);
      used += sn;
      total += dn;
      benchmark::DoNotOptimize(dst.data());
    }
    pos += n;
  }
  while (r != 0) {
    std::size_t sn = 0, dn = dst.size();
    r = LZ4F_decompress(d, dst.data(), &dn, nullptr, &sn, nullptr);
    total += dn;
    if (dn == 0) break;
  }
  return total;
}

std::size_t direct_zlib(bool enc, int wbits, const bytes& in, std::size_t chunk, bytes& dst) {
  z_stream z;
  std::memset(&z, 0, sizeof z);
  std::size_t total = 0, pos = 0;
  if (enc) {
    deflateInit2(&z, 6, Z_DEFLATED, wbits, 8, Z_DEFAULT_STRATEGY);
    int r = Z_OK;
    while (r != Z_STREAM_END) {
      const std::size_t n = std::min(chunk, in.size() - pos);
      const bool last = pos + n == in.size();
      z.next_in = const_cast<Bytef*>(in.data() + pos);
      z.avail_in = static_cast<uInt>(n);
      do {
        z.next_out = dst.data();
        z.avail_out = static_cast<uInt>(dst.size());
        r = deflate(&z, last ? Z_FINISH : Z_NO_FLUSH);
        total += dst.size() - z.avail_out;
        benchmark::DoNotOptimize(dst.data());
      } while (z.avail_out == 0 || (last && r != Z_STREAM_END));
      pos += n;
    }
    deflateEnd(&z);
    return total;
  }
  inflateInit2(&z, wbits);
  int r = Z_OK;
  while (r != Z_STREAM_END && pos < in.size()) {
    const std::size_t n = std::min(chunk, in.size() - pos);
    z.next_in = const_cast<Bytef*>(in.data() + pos);
    z.avail_in = static_cast<uInt>(n);
    do {
      z.next_out = dst.data();
      z.avail_out = static_cast<uInt>(dst.size());
      r = inflate(&z, Z_NO_FLUSH);
      total += dst.size() - z.avail_out;
      benchmark::DoNotOptimize(dst.data());
    } while (r == Z_OK && (z.avail_out == 0 || z.avail_in > 0));
    pos += n;
  }
  inflateEnd(&z);
  return total;
}

std::size_t direct_bz2(bool enc, const bytes& in, std::size_t chunk, bytes& dst) {
  bz_stream s;
  std::memset(&s, 0, sizeof s);
  std::size_t total = 0, pos = 0;
  if (enc) {
    BZ2_bzCompressInit(&s, 9, 0, 0);
    int r = BZ_RUN_OK;
    while (r != BZ_STREAM_END) {
      const std::size_t n = std::min(chunk, in.size() - pos);
      const bool last = pos + n == in.size();
      s.next_in = const_cast<char*>(reinterpret_cast<const char*>(in.data() + pos));
      s.avail_in = static_cast<unsigned>(n);
      do {
        s.next_out = reinterpret_cast<char*>(dst.data());
        s.avail_out = static_cast<unsigned>(dst.size());
        r = BZ2_bzCompress(&s, last ? BZ_FINISH : BZ_RUN);
        total += dst.size() - s.avail_out;
        benchmark::DoNotOptimize(dst.data());
      } while (last ? r != BZ_STREAM_END : s.avail_in > 0);
      pos += n;
    }
    BZ2_bzCompressEnd(&s);
    return total;
  }
  BZ2_bzDecompressInit(&s, 0, 0);
  int r = BZ_OK;
  while (r != BZ_STREAM_END && pos < in.size()) {
    const std::size_t n = std::min(chunk, in.size() - pos);
    s.next_in = const_cast<char*>(reinterpret_cast<const char*>(in.data() + pos));
    s.avail_in = static_cast<unsigned>(n);
    do {
      s.next_out = reinterpret_cast<char*>(dst.data());
      s.avail_out = static_cast<unsigned>(dst.size());
      r = BZ2_bzDecompress(&s);
      total += dst.size() - s.avail_out;
      benchmark::DoNotOptimize(dst.data());
    } while (r == BZ_OK && (s.avail_out == 0 || s.avail_in > 0));
    pos += n;
  }
  BZ2_bzDecompressEnd(&s);
  return total;
}

void direct_bench(benchmark::State& st, codec_format f, bool enc) {
  const bytes in = enc ? data(f) : compressed(f);
  bytes dst(dst_room(f, enc));
  ZSTD_CCtx* zc = ZSTD_createCCtx();
  ZSTD_CCtx_setParameter(zc, ZSTD_c_checksumFlag, 1);  // as sluice's default (the zstd tool's)
  ZSTD_DCtx* zd = ZSTD_createDCtx();
  LZ4F_cctx* lc;
  LZ4F_dctx* ld;
  LZ4F_createCompressionContext(&lc, LZ4F_VERSION);
  LZ4F_createDecompressionContext(&ld, LZ4F_VERSION);
  const std::size_t chunk = src_chunk(f);
  for (auto _ : st) {
    std::size_t n = 0;
    switch (f) {
      case codec_format::zstd: n = direct_zstd(enc, in, chunk, dst, zc, zd); break;
      case codec_format::lz4: n = direct_lz4(enc, in, chunk, dst, lc, ld); break;
      case codec_format::gzip: n = direct_zlib(enc, 31, in, chunk, dst); break;
      case codec_format::zlib: n = direct_zlib(enc, 15, in, chunk, dst); break;
      case codec_format::deflate_raw: n = direct_zlib(enc, -15, in, chunk, dst); break;
      case codec_format::bzip2: n = direct_bz2(enc, in, chunk, dst); break;
      default: break;
    }
    benchmark::DoNotOptimize(n);
  }
  ZSTD_freeCCtx(zc);
  ZSTD_freeDCtx(zd);
  LZ4F_freeCompressionContext(lc);
  LZ4F_freeDecompressionContext(ld);
  st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations() * data(f).size()));
}

const char* lib_name(codec_format f) {
  switch (f) {
    case codec_format::zstd: return "libzstd";
    case codec_format::lz4: return "liblz4";
    case codec_format::bzip2: return "libbz2";
    default: return "zlib";
  }
}

int register_all() {
  for (auto f : {codec_format::zstd, codec_format::lz4, codec_format::gzip, codec_format::zlib,
                 codec_format::deflate_raw, codec_format::bzip2}) {
    const std::string size = std::to_string(data_size(f) >> 20) + "MiB";
    for (bool enc : {true, false}) {
      const std::string cs = std::string("codec/") + sluice::codec_format_name(f) +
                             (enc ? "_compress/" : "_decompress/");
      benchmark::RegisterBenchmark((cs + "sluice/" + size).c_str(), sluice_bench, f, enc)
          ->Unit(benchmark::kMillisecond)->UseRealTime();
      benchmark::RegisterBenchmark((cs + lib_name(f) + "/" + size).c_str(), direct_bench, f, enc)
          ->Unit(benchmark::kMillisecond)->UseRealTime();
    }
  }
  return 0;
}

const int registered = register_all();

}  // namespace

BENCHMARK_MAIN();
