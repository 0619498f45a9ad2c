// Reference compression and decompression made by calling zstd, lz4, zlib and libbz2
// directly (one-shot / their own streaming loops), independent of sluice's wrappers: the
// expected values of the core codec tests.
#pragma once

#include <bzlib.h>
#include <lz4frame.h>
#include <zlib.h>
#include <zstd.h>

#include <cstring>
#include <stdexcept>

#include "codec_test_util.hpp"

namespace codec_test {

inline bytes ref_compress(sluice::codec_format f, const bytes& in, int level = -1000) {
  using F = sluice::codec_format;
  bytes out;
  switch (f) {
    case F::zstd: {
      out.resize(ZSTD_compressBound(in.size()));
      ZSTD_CCtx* c = ZSTD_createCCtx();
      ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, level == -1000 ? 3 : level);
      ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1);
      const std::size_t n = ZSTD_compress2(c, out.data(), out.size(), in.data(), in.size());
      ZSTD_freeCCtx(c);
      BOOST_REQUIRE(!ZSTD_isError(n));
      out.resize(n);
      break;
    }
    case F::lz4: {
      LZ4F_preferences_t p;
      std::memset(&p, 0, sizeof p);
      p.frameInfo.contentChecksumFlag = LZ4F_contentChecksumEnabled;
      p.compressionLevel = level == -1000 ? 1 : level;
      out.resize(LZ4F_compressFrameBound(in.size(), &p));
      const std::size_t n = LZ4F_compressFrame(out.data(), out.size(), in.data(), in.size(), &p);
      BOOST_REQUIRE(!LZ4F_isError(n));
      out.resize(n);
      break;
    }
    case F::gzip:
    case F::zlib:
    case F::deflate_raw: {
      z_stream z;
      std::memset(&z, 0, sizeof z);
      const int wb = f == F::gzip ? 31 : f == F::zlib ? 15 : -15;
      BOOST_REQUIRE(deflateInit2(&z, level == -1000 ? 6 : level, Z_DEFLATED, wb, 8,
                                 Z_DEFAULT_STRATEGY) == Z_OK);
      out.resize(deflateBound(&z, in.size()) + 64);
      z.next_in = const_cast<Bytef*>(in.data());
      z.avail_in = static_cast<uInt>(in.size());
      z.next_out = out.data();
      z.avail_out = static_cast<uInt>(out.size());
      BOOST_REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
      out.resize(z.total_out);
      deflateEnd(&z);
      break;
    }
    case F::bzip2: {
      unsigned n = static_cast<unsigned>(in.size() + in.size() / 100 + 600);
      out.resize(n);
      static char none = 0;  // libbz2 refuses a null source even for 0 bytes
      BOOST_REQUIRE(BZ2_bzBuffToBuffCompress(reinterpret_cast<char*>(out.data()), &n,
                                             in.empty() ? &none : const_cast<char*>(reinterpret_cast<const char*>(in.data())),
                                             static_cast<unsigned>(in.size()),
                                             level == -1000 ? 9 : level, 0, 0) == BZ_OK);
      out.resize(n);
      break;
    }
    default: BOOST_FAIL("no reference for this format");
  }
  return out;
}

/// Decompresses one complete stream with the library's own loop; fails the test on error.
inline bytes ref_decompress(sluice::codec_format f, const bytes& in) {
  using F = sluice::codec_format;
  bytes out;
  std::uint8_t buf[65536];
  switch (f) {
    case F::zstd: {
      ZSTD_DCtx* d = ZSTD_createDCtx();
      ZSTD_DCtx_setParameter(d, ZSTD_d_windowLogMax, 31);
      ZSTD_inBuffer ib{in.data(), in.size(), 0};
      std::size_t r = 1;
      while (ib.pos < ib.size || r != 0) {
        ZSTD_outBuffer ob{buf, sizeof buf, 0};
        r = ZSTD_decompressStream(d, &ob, &ib);
        BOOST_REQUIRE_MESSAGE(!ZSTD_isError(r), "zstd reference: " << ZSTD_getErrorName(r));
        out.insert(out.end(), buf, buf + ob.pos);
        if (ob.pos == 0 && ib.pos == ib.size && r != 0) BOOST_FAIL("zstd reference: truncated");
      }
      ZSTD_freeDCtx(d);
      break;
    }
    case F::lz4: {
      LZ4F_dctx* d;
      LZ4F_createDecompressionContext(&d, LZ4F_VERSION);
      std::size_t pos = 0, r = 1;
      while (pos < in.size()) {
        std::size_t sn = in.size() - pos, dn = sizeof buf;
        r = LZ4F_decompress(d, buf, &dn, in.data() + pos, &sn, nullptr);
        BOOST_REQUIRE_MESSAGE(!LZ4F_isError(r), "lz4 reference: " << LZ4F_getErrorName(r));
        pos += sn;
        out.insert(out.end(), buf, buf + dn);
      }
      while (r != 0) {  // flush
        std::size_t sn = 0, dn = sizeof buf;
        r = LZ4F_decompress(d, buf, &dn, nullptr, &sn, nullptr);
        BOOST_REQUIRE(!LZ4F_isError(r));
        if (dn == 0 && r != 0) BOOST_FAIL("lz4 reference: truncated");
        out.insert(out.end(), buf, buf + dn);
      }
      LZ4F_freeDecompressionContext(d);
      break;
    }
    case F::gzip:
    case F::zlib:
    case F::deflate_raw: {
      z_stream z;
      std::memset(&z, 0, sizeof z);
      BOOST_REQUIRE(inflateInit2(&z, f == F::gzip ? 31 : f == F::zlib ? 15 : -15) == Z_OK);
      z.next_in = const_cast<Bytef*>(in.data());
      z.avail_in = static_cast<uInt>(in.size());
      int r = Z_OK;
      while (r != Z_STREAM_END) {
        z.next_out = buf;
        z.avail_out = sizeof buf;
        r = inflate(&z, Z_NO_FLUSH);
        BOOST_REQUIRE_MESSAGE(r == Z_OK || r == Z_STREAM_END, "zlib reference: " << r);
        out.insert(out.end(), buf, buf + (sizeof buf - z.avail_out));
      }
      BOOST_REQUIRE_MESSAGE(z.avail_in == 0, "zlib reference: trailing bytes");
      inflateEnd(&z);
      break;
    }
    case F::bzip2: {
      bz_stream s;
      std::memset(&s, 0, sizeof s);
      BOOST_REQUIRE(BZ2_bzDecompressInit(&s, 0, 0) == BZ_OK);
      s.next_in = const_cast<char*>(reinterpret_cast<const char*>(in.data()));
      s.avail_in = static_cast<unsigned>(in.size());
      int r = BZ_OK;
      while (r != BZ_STREAM_END) {
        s.next_out = reinterpret_cast<char*>(buf);
        s.avail_out = sizeof buf;
        r = BZ2_bzDecompress(&s);
        BOOST_REQUIRE_MESSAGE(r == BZ_OK || r == BZ_STREAM_END, "bzip2 reference: " << r);
        out.insert(out.end(), buf, buf + (sizeof buf - s.avail_out));
        if (r == BZ_OK && s.avail_in == 0 && s.avail_out == sizeof buf) BOOST_FAIL("bzip2 ref: truncated");
      }
      BZ2_bzDecompressEnd(&s);
      break;
    }
    default: BOOST_FAIL("no reference for this format");
  }
  return out;
}

}  // namespace codec_test
