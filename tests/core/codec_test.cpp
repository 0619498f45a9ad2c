// Core codec tests: round trips over the limited reader/writer grid, reference streams made
// by the libraries themselves, errors (truncated, bit-flipped, trailing data, limits),
// sticky errors, concatenations, skippable frames, options.
#define BOOST_TEST_MODULE core.codec
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <zdict.h>

#include <chrono>
#include <cstdlib>
#include <ostream>

#include "codec_ref.hpp"
#include "codec_test_util.hpp"
#include "sluice/memory.hpp"
#include "sluice/pump.hpp"

using namespace codec_test;
using sluice::codec_format;
using sluice::codec_options;
using sluice::status_kind;
namespace bdata = boost::unit_test::data;

namespace {

const std::vector<codec_format> all_formats = {codec_format::zstd, codec_format::lz4,
                                               codec_format::gzip, codec_format::zlib,
                                               codec_format::deflate_raw, codec_format::bzip2};
const std::vector<codec_format> framed_formats = {codec_format::zstd, codec_format::lz4,
                                                  codec_format::gzip, codec_format::bzip2};

bool detectable(codec_format f) {
  return f != codec_format::zlib && f != codec_format::deflate_raw;
}

// 150 KiB: more than a zstd block (128 KiB), several lz4 -B4 blocks, deflate's window.
const bytes& grid_sample() {
  static const bytes s = sample(150 * 1024, 7);
  return s;
}

codec_options grid_options(codec_format f) {
  codec_options o;
  if (f == codec_format::lz4) o.lz4_block_size_id = 4;  // 64 KiB blocks: several per frame
  return o;
}

bytes concat(std::initializer_list<bytes> parts) {
  bytes r;
  for (auto& p : parts) r.insert(r.end(), p.begin(), p.end());
  return r;
}

bytes skippable_frame(std::uint32_t nibble, std::size_t payload) {
  bytes b = {static_cast<std::uint8_t>(0x50 | nibble), 0x2A, 0x4D, 0x18,
             static_cast<std::uint8_t>(payload), static_cast<std::uint8_t>(payload >> 8),
             static_cast<std::uint8_t>(payload >> 16), static_cast<std::uint8_t>(payload >> 24)};
  for (std::size_t i = 0; i < payload; ++i) b.push_back(static_cast<std::uint8_t>(i * 7));
  return b;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(codec)

BOOST_AUTO_TEST_CASE(names_and_detection) {
  BOOST_TEST(*sluice::parse_codec_format("deflate") == codec_format::zlib);
  BOOST_TEST(*sluice::parse_codec_format("ZSTD") == codec_format::zstd);
  BOOST_TEST(*sluice::parse_codec_format("deflate-raw") == codec_format::deflate_raw);
  BOOST_TEST(*sluice::parse_codec_format("") == codec_format::auto_detect);
  BOOST_TEST(!sluice::parse_codec_format("xz"));
  for (auto f : all_formats)
    BOOST_TEST(*sluice::parse_codec_format(sluice::codec_format_name(f)) == f);
  for (auto f : framed_formats) {
    bytes c = ref_compress(f, sample(1000));
    BOOST_TEST(sluice::detect_codec_format(c) == f);
  }
  bytes z = ref_compress(codec_format::zlib, sample(1000));
  BOOST_TEST(sluice::detect_codec_format(z) == codec_format::auto_detect);
  auto bad = sluice::make_encoder("xz");
  BOOST_TEST(!bad);
  BOOST_TEST(bad.error.kind == status_kind::invalid_argument);
  BOOST_TEST(!sluice::make_encoder(codec_format::auto_detect));
  codec_options lvl;
  lvl.level = 10;
  BOOST_TEST(sluice::make_encoder(codec_format::gzip, lvl).error.kind == status_kind::invalid_argument);
  lvl.level = 23;
  BOOST_TEST(sluice::make_encoder(codec_format::zstd, lvl).error.kind == status_kind::invalid_argument);
  BOOST_TEST(std::string(sluice::codec_library_versions()).find("zstd 1.") == 0u);
}

// Every format, every pair of read and write limits: our encoder's output is identical to
// the unlimited run and decodes (by the library itself) to the input; the library's own
// stream decodes with sluice to the input, named and auto-detected.
BOOST_DATA_TEST_CASE(round_trip_grid,
                     bdata::make(all_formats) * bdata::make(grid_limits) * bdata::make(grid_limits),
                     fmt, rl, wl) {
  const bytes& in = grid_sample();
  const codec_options o = grid_options(fmt);
  static std::map<codec_format, bytes> whole;  // our output with no limits, per format
  if (!whole.count(fmt)) whole[fmt] = encode(fmt, in, o);
  const bytes enc = encode(fmt, in, o, rl, wl);
  BOOST_TEST((enc == whole[fmt]), "encoder output depends on the chunking");
  BOOST_TEST((ref_decompress(fmt, enc) == in));

  static std::map<codec_format, bytes> refs;
  if (!refs.count(fmt)) refs[fmt] = ref_compress(fmt, in);
  run_result d = decode(fmt, refs[fmt], {}, rl, wl);
  BOOST_TEST_REQUIRE(d.st.is_end(), d.st.to_string());
  BOOST_TEST((d.out == in));
  BOOST_TEST(d.consumed == refs[fmt].size());
  if (detectable(fmt)) {
    run_result a = decode(codec_format::auto_detect, refs[fmt], {}, rl, wl);
    BOOST_TEST_REQUIRE(a.st.is_end(), a.st.to_string());
    BOOST_TEST((a.out == in));
  }
}

// Random read and write limits on every call (not one fixed pair): the output must match
// the unlimited run. The seed is printed; SLUICE_SEED=<n> replays a run.
BOOST_DATA_TEST_CASE(random_chunking_differential, bdata::make(all_formats), fmt) {
  std::uint64_t seed = static_cast<std::uint64_t>(
      std::chrono::steady_clock::now().time_since_epoch().count());
  if (const char* e = std::getenv("SLUICE_SEED")) seed = std::strtoull(e, nullptr, 10);
  BOOST_TEST_MESSAGE(sluice::codec_format_name(fmt) << ": SLUICE_SEED=" << seed);
  std::uint64_t x = seed | 1;
  auto rnd = [&](std::size_t max) {  // xorshift64*; sizes skewed towards small
    x ^= x >> 12; x ^= x << 25; x ^= x >> 27;
    const std::uint64_t r = x * 0x2545F4914F6CDD1Dull;
    const std::size_t cap = std::size_t{1} << (r % 17);
    return static_cast<std::size_t>(1 + (r >> 20) % std::min(max, cap));
  };
  const bytes in = sample(200 * 1024 + rnd(5000), static_cast<std::uint32_t>(seed));
  const codec_options o = grid_options(fmt);
  const bytes want = encode(fmt, in, o);
  auto run = [&](sluice::Transform& t, const bytes& input) {
    bytes out, srcmem(input);
    sluice::io_buffer src = sluice::io_buffer::over(srcmem.data(), srcmem.size());
    std::vector<std::uint8_t> room(70000);
    for (int guard = 0; guard < 50'000'000; ++guard) {
      if (src.ri == src.wi && !src.closed) {
        src.wi = std::min(srcmem.size(), src.wi + rnd(65536));
        src.closed = src.wi == srcmem.size();
      }
      sluice::io_buffer dst = sluice::io_buffer::over(room.data(), rnd(room.size()));
      const sluice::status s = t.transform(dst, src);
      out.insert(out.end(), room.begin(), room.begin() + static_cast<std::ptrdiff_t>(dst.wi));
      if (s.is_end()) return out;
      BOOST_REQUIRE_MESSAGE(s.is_suspension(), "seed " << seed << ": " << s.to_string());
    }
    BOOST_FAIL("no end");
    return out;
  };
  auto enc = sluice::make_encoder(fmt, o);
  const bytes got = run(*enc.transform, in);
  BOOST_TEST((got == want), "seed " << seed << ": encoder output depends on the chunking");
  auto dec = sluice::make_decoder(fmt);
  BOOST_TEST((run(*dec.transform, want) == in), "seed " << seed);
}

BOOST_DATA_TEST_CASE(levels, bdata::make(all_formats), fmt) {
  const bytes in = sample(300 * 1024, 3);
  std::vector<int> levels;
  switch (fmt) {
    case codec_format::zstd: levels = {-5, 1, 3, 9, 19}; break;
    case codec_format::lz4: levels = {1, 3, 9, 12}; break;
    case codec_format::bzip2: levels = {1, 5, 9}; break;
    default: levels = {0, 1, 6, 9};
  }
  for (int l : levels) {
    codec_options o;
    o.level = l;
    const bytes enc = encode(fmt, in, o, 0, 4096);
    BOOST_TEST((ref_decompress(fmt, enc) == in), "level " << l);
    run_result d = decode(fmt, enc, {}, 7, 0);
    BOOST_TEST((d.out == in), "level " << l);
  }
}

BOOST_DATA_TEST_CASE(empty_input, bdata::make(all_formats), fmt) {
  const bytes enc = encode(fmt, {});
  BOOST_TEST(!enc.empty());
  BOOST_TEST(ref_decompress(fmt, enc).empty());
  run_result d = decode(fmt, enc);
  BOOST_TEST(d.st.is_end());
  BOOST_TEST(d.out.empty());
  // The library's own empty stream too.
  run_result r = decode(fmt, ref_compress(fmt, {}), {}, 1, 1);
  BOOST_TEST(r.st.is_end());
  BOOST_TEST(r.out.empty());
  // Zero bytes are not a stream.
  run_result z = decode(fmt, {});
  BOOST_TEST(z.st.kind == status_kind::truncated, z.st.to_string());
  BOOST_TEST(decode(codec_format::auto_detect, {}).st.kind == status_kind::truncated);
}

// Every proper prefix of a stream is truncated, reported at the end of the input.
BOOST_DATA_TEST_CASE(truncated_at_every_cut, bdata::make(all_formats), fmt) {
  const bytes enc = ref_compress(fmt, sample(3000, 5));
  for (std::size_t cut = 0; cut < enc.size(); ++cut) {
    bytes part(enc.begin(), enc.begin() + static_cast<std::ptrdiff_t>(cut));
    run_result d = decode(fmt, part, {}, cut % 2 ? 1 : 0, cut % 3 ? 0 : 5);
    BOOST_TEST_REQUIRE(d.st.kind == status_kind::truncated, "cut " << cut << ": " << d.st.to_string());
    BOOST_TEST(d.st.offset == cut);
  }
}

// A flipped bit in a checksum field is a checksum mismatch.
BOOST_DATA_TEST_CASE(checksum_fields, bdata::make(all_formats), fmt) {
  const bytes in = sample(20000, 9);
  bytes enc = ref_compress(fmt, in);
  std::vector<std::size_t> at;
  switch (fmt) {
    case codec_format::zstd:  // XXH64 content checksum, the frame's last 4 bytes
    case codec_format::lz4:   // XXH32 content checksum, the frame's last 4 bytes
    case codec_format::zlib:  // Adler-32
      at = {enc.size() - 4, enc.size() - 1};
      break;
    case codec_format::gzip:  // CRC-32, then ISIZE
      at = {enc.size() - 8, enc.size() - 5, enc.size() - 4};
      break;
    case codec_format::bzip2:  // first block's CRC: bytes 10..13 (byte aligned)
      at = {10, 13};
      break;
    case codec_format::deflate_raw: {
      // No checksum: a stored block's payload changes silently; a bad block type is corrupt.
      codec_options o;
      o.level = 0;
      bytes stored = encode(fmt, in, o);
      stored[100] ^= 0x10;
      run_result d = decode(fmt, stored);
      BOOST_TEST(d.st.is_end());
      bytes bad = enc;
      bad[0] |= 0x06;  // BTYPE = 11 (reserved)
      run_result e = decode(fmt, bad);
      BOOST_TEST(e.st.kind == status_kind::corrupt, e.st.to_string());
      return;
    }
    default: break;
  }
  for (std::size_t i : at) {
    bytes b = enc;
    b[i] ^= 0x01;
    run_result d = decode(fmt, b, {}, 0, 1000);
    BOOST_TEST(d.st.kind == status_kind::checksum_mismatch, "byte " << i << ": " << d.st.to_string());
  }
  // gzip/zlib stored blocks: a flipped payload bit is caught by the CRC / Adler-32.
  if (fmt == codec_format::gzip || fmt == codec_format::zlib) {
    codec_options o;
    o.level = 0;
    bytes stored = encode(fmt, in, o);
    stored[stored.size() / 2] ^= 0x40;
    run_result d = decode(fmt, stored);
    BOOST_TEST(d.st.kind == status_kind::checksum_mismatch, d.st.to_string());
  }
}

// Flipping any one bit anywhere never crashes, never loops and never passes damaged data
// off as complete when the format has a checksum.
BOOST_DATA_TEST_CASE(every_bit_flip_is_an_error, bdata::make(all_formats), fmt) {
  const bytes in = sample(1500, 11);
  const bytes enc = ref_compress(fmt, in);
  for (std::size_t i = 0; i < enc.size(); ++i) {
    bytes b = enc;
    b[i] ^= static_cast<std::uint8_t>(1u << (i % 8));
    run_result d = decode(fmt, b, {}, i % 2 ? 0 : 3, 0);
    if (d.st.is_end()) {
      // Only damage the checksums do not cover (gzip MTIME/OS, a zstd window descriptor
      // that grows) may decode, and then to the same bytes; deflate-raw has no checksum.
      if (fmt != codec_format::deflate_raw)
        BOOST_TEST((d.out == in), "byte " << i << ": damaged data passed off as complete");
      continue;
    }
    const bool kind_ok = d.st.kind == status_kind::corrupt || d.st.kind == status_kind::truncated ||
                         d.st.kind == status_kind::checksum_mismatch ||
                         d.st.kind == status_kind::unsupported ||
                         d.st.kind == status_kind::limit_exceeded;
    BOOST_TEST(kind_ok, "byte " << i << ": " << d.st.to_string());
    BOOST_TEST(d.st.has_offset());
  }
}

BOOST_DATA_TEST_CASE(trailing_data_is_corrupt, bdata::make(all_formats), fmt) {
  const bytes in = sample(5000, 2);
  const bytes enc = ref_compress(fmt, in);
  const bytes junk = {'j', 'u', 'n', 'k', 0, 0, 0, 0, 1, 2, 3, 4};
  const bytes both = concat({enc, junk});
  if (fmt == codec_format::zlib || fmt == codec_format::deflate_raw) {
    // One stream: the decoder stops right after it and leaves what follows unread.
    run_result d = decode(fmt, both, {}, 3, 0);
    BOOST_TEST(d.st.is_end());
    BOOST_TEST((d.out == in));
    BOOST_TEST(d.consumed == enc.size());
    // A pump reports the rest as trailing data at its offset.
    auto c = sluice::make_decoder(fmt);
    sluice::MemorySource src(both);
    sluice::MemorySink sink;
    sluice::Transform* t[] = {c.transform.get()};
    sluice::status s = sluice::pump_all(src, t, sink);
    BOOST_TEST(s.kind == status_kind::corrupt);
    BOOST_TEST(s.offset == enc.size());
    return;
  }
  for (std::size_t rl : {std::size_t{0}, std::size_t{1}}) {
    run_result d = decode(fmt, both, {}, rl, 0);
    BOOST_TEST(d.st.kind == status_kind::corrupt, d.st.to_string());
    BOOST_TEST(d.st.offset == enc.size());
    BOOST_TEST(std::string(d.st.message).find("trailing") != std::string::npos, d.st.message);
  }
  // Trailing zero bytes are refused as well.
  run_result z = decode(fmt, concat({enc, bytes(16, 0)}));
  BOOST_TEST(z.st.is_error());
}

BOOST_DATA_TEST_CASE(concatenated_frames, bdata::make(framed_formats), fmt) {
  const bytes a = sample(70000, 21), b = sample(5000, 22);
  const bytes ea = ref_compress(fmt, a), eb = ref_compress(fmt, b), e0 = ref_compress(fmt, {});
  const bytes all = concat({ea, e0, eb, ea});
  const bytes want = concat({a, b, a});
  for (std::size_t rl : grid_limits) {
    run_result d = decode(fmt, all, {}, rl, rl == 1 ? 3 : 0);
    BOOST_TEST_REQUIRE(d.st.is_end(), d.st.to_string());
    BOOST_TEST((d.out == want));
    run_result x = decode(codec_format::auto_detect, all, {}, rl, 0);
    BOOST_TEST((x.out == want));
  }
  // concatenated = false: stop after the first frame, not a byte further.
  codec_options one;
  one.concatenated = false;
  for (std::size_t rl : {std::size_t{0}, std::size_t{1}}) {
    run_result d = decode(fmt, all, one, rl, 0);
    BOOST_TEST(d.st.is_end());
    BOOST_TEST((d.out == a));
    BOOST_TEST(d.consumed == ea.size());
  }
}

BOOST_DATA_TEST_CASE(skippable_frames, bdata::make(std::vector<codec_format>{codec_format::zstd, codec_format::lz4}), fmt) {
  const bytes a = sample(40000, 31);
  const bytes ea = ref_compress(fmt, a);
  const bytes s1 = skippable_frame(0, 0), s2 = skippable_frame(0xE, 1000);
  const bytes all = concat({s2, ea, s1, ea, s2});
  for (std::size_t rl : {std::size_t{0}, std::size_t{1}, std::size_t{7}}) {
    run_result d = decode(fmt, all, {}, rl, 0);
    BOOST_TEST_REQUIRE(d.st.is_end(), d.st.to_string());
    BOOST_TEST((d.out == concat({a, a})));
    run_result x = decode(codec_format::auto_detect, all, {}, rl, 0);
    BOOST_TEST_REQUIRE(x.st.is_end(), x.st.to_string());
    BOOST_TEST((x.out == concat({a, a})));
  }
  run_result only = decode(codec_format::auto_detect, s2);
  BOOST_TEST(only.st.is_end());
  BOOST_TEST(only.out.empty());
  bytes cut(s2.begin(), s2.end() - 1);
  BOOST_TEST(decode(codec_format::auto_detect, cut).st.kind == status_kind::truncated);
}

BOOST_AUTO_TEST_CASE(lz4_legacy_and_unknown_formats) {
  const bytes legacy = {0x02, 0x21, 0x4C, 0x18, 4, 0, 0, 0, 0x40, 'a', 'b', 'c', 'd'};
  run_result d = decode(codec_format::lz4, legacy);
  BOOST_TEST(d.st.kind == status_kind::unsupported, d.st.to_string());
  run_result a = decode(codec_format::auto_detect, legacy);
  BOOST_TEST(a.st.kind == status_kind::unsupported, a.st.to_string());
  const bytes text = {'h', 'e', 'l', 'l', 'o', '\n'};
  run_result u = decode(codec_format::auto_detect, text);
  BOOST_TEST(u.st.kind == status_kind::unsupported);
  BOOST_TEST(u.st.offset == 0u);
  BOOST_TEST(decode(codec_format::zstd, text).st.kind == status_kind::corrupt);
  BOOST_TEST(decode(codec_format::gzip, text).st.kind == status_kind::corrupt);
  BOOST_TEST(decode(codec_format::bzip2, text).st.kind == status_kind::corrupt);
  BOOST_TEST(decode(codec_format::zlib, text).st.kind == status_kind::corrupt);
}

BOOST_AUTO_TEST_CASE(errors_are_sticky_until_reset) {
  const bytes in = sample(10000);
  bytes enc = ref_compress(codec_format::zstd, in);
  bytes bad = enc;
  bad[bad.size() - 2] ^= 1;
  auto c = sluice::make_decoder(codec_format::zstd);
  run_result d = drive(*c.transform, bad, 0, 0);
  BOOST_TEST(d.st.kind == status_kind::checksum_mismatch);
  // Even with fresh, valid input the error stays.
  run_result again = drive(*c.transform, enc, 0, 0);
  BOOST_TEST(again.st == d.st);
  BOOST_TEST(again.out.empty());
  c.transform->reset();
  run_result good = drive(*c.transform, enc, 0, 0);
  BOOST_TEST(good.st.is_end());
  BOOST_TEST((good.out == in));
  // end_of_stream is sticky too.
  sluice::io_buffer e{};
  e.closed = true;
  std::uint8_t room[4];
  sluice::io_buffer out = sluice::io_buffer::over(room, 4);
  BOOST_TEST(c.transform->transform(out, e).is_end());
  // Encoders: reset starts a new, identical stream.
  auto enc1 = sluice::make_encoder(codec_format::lz4);
  run_result r1 = drive(*enc1.transform, in, 0, 0);
  enc1.transform->reset();
  run_result r2 = drive(*enc1.transform, in, 0, 0);
  BOOST_TEST((r1.out == r2.out));
}

BOOST_DATA_TEST_CASE(max_output_limit, bdata::make(all_formats), fmt) {
  const bytes zeros(8u << 20, 0);
  const bytes enc = ref_compress(fmt, zeros);
  codec_options o;
  o.max_output_bytes = 1u << 20;
  run_result d = decode(fmt, enc, o, 0, 65536);
  BOOST_TEST(d.st.kind == status_kind::limit_exceeded, d.st.to_string());
  BOOST_TEST(d.out.size() == o.max_output_bytes);
  o.max_output_bytes = zeros.size();  // exactly enough
  run_result e = decode(fmt, enc, o, 0, 0);
  BOOST_TEST(e.st.is_end(), e.st.to_string());
  o.max_output_bytes = zeros.size() - 1;
  BOOST_TEST(decode(fmt, enc, o, 0, 1000).st.kind == status_kind::limit_exceeded);
}

BOOST_AUTO_TEST_CASE(decompression_bomb_stops_fast) {
  // 1 GiB of zeros as a zstd stream, made in pieces (the stream is ~32 KiB).
  ZSTD_CCtx* c = ZSTD_createCCtx();
  ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, 3);
  bytes chunk(1u << 20, 0), enc(1u << 20);
  bytes bomb;
  for (int i = 0; i < 1024; ++i) {
    ZSTD_inBuffer ib{chunk.data(), chunk.size(), 0};
    while (ib.pos < ib.size) {
      ZSTD_outBuffer ob{enc.data(), enc.size(), 0};
      ZSTD_compressStream2(c, &ob, &ib, i == 1023 ? ZSTD_e_end : ZSTD_e_continue);
      bomb.insert(bomb.end(), enc.data(), enc.data() + ob.pos);
    }
  }
  for (;;) {
    ZSTD_inBuffer ib{nullptr, 0, 0};
    ZSTD_outBuffer ob{enc.data(), enc.size(), 0};
    std::size_t r = ZSTD_compressStream2(c, &ob, &ib, ZSTD_e_end);
    bomb.insert(bomb.end(), enc.data(), enc.data() + ob.pos);
    if (r == 0) break;
  }
  ZSTD_freeCCtx(c);
  codec_options o;
  o.max_output_bytes = 10u << 20;
  auto t0 = std::chrono::steady_clock::now();
  auto dec = sluice::make_decoder(codec_format::auto_detect, o);
  sluice::io_buffer src = sluice::io_buffer::reading(bomb.data(), bomb.size());
  bytes out(1u << 16);
  std::uint64_t total = 0;
  sluice::status s;
  do {
    sluice::io_buffer dst = sluice::io_buffer::over(out.data(), out.size());
    s = dec.transform->transform(dst, src);
    total += dst.wi;
  } while (s.kind == status_kind::need_output);
  BOOST_TEST(s.kind == status_kind::limit_exceeded);
  BOOST_TEST(total == o.max_output_bytes);
  BOOST_TEST((std::chrono::steady_clock::now() - t0 < std::chrono::seconds(5)));
}

BOOST_AUTO_TEST_CASE(zstd_window_limit) {
  // A frame that advertises a 256 MiB window (streaming, size unknown: the header keeps it).
  ZSTD_CCtx* c = ZSTD_createCCtx();
  ZSTD_CCtx_setParameter(c, ZSTD_c_windowLog, 28);
  ZSTD_CCtx_setParameter(c, ZSTD_c_enableLongDistanceMatching, 1);
  const bytes in = sample(100000);
  bytes enc(ZSTD_compressBound(in.size()) + 100);
  ZSTD_inBuffer ib{in.data(), in.size(), 0};
  ZSTD_outBuffer ob{enc.data(), enc.size(), 0};
  ZSTD_compressStream2(c, &ob, &ib, ZSTD_e_continue);
  ZSTD_inBuffer none{nullptr, 0, 0};
  BOOST_REQUIRE(ZSTD_compressStream2(c, &ob, &none, ZSTD_e_end) == 0);
  enc.resize(ob.pos);
  ZSTD_freeCCtx(c);
  BOOST_REQUIRE(ZSTD_getFrameContentSize(enc.data(), enc.size()) == ZSTD_CONTENTSIZE_UNKNOWN);

  run_result d = decode(codec_format::zstd, enc);
  BOOST_TEST(d.st.kind == status_kind::limit_exceeded, d.st.to_string());
  BOOST_TEST(d.st.offset == 0u);
  codec_options big;
  big.max_window_bytes = std::uint64_t{256} << 20;
  run_result ok = decode(codec_format::zstd, enc, big);
  BOOST_TEST(ok.st.is_end(), ok.st.to_string());
  BOOST_TEST((ok.out == in));
  // Our own --long encoder writes such frames too.
  codec_options lo;
  lo.zstd_long_window_log = 28;
  const bytes ours = encode(codec_format::zstd, in, lo, 4096, 0);
  BOOST_TEST(decode(codec_format::zstd, ours).st.kind == status_kind::limit_exceeded);
  BOOST_TEST((decode(codec_format::zstd, ours, big).out == in));
}

BOOST_AUTO_TEST_CASE(zstd_dictionary) {
  // Train a dictionary on small, similar records, as `zstd --train` would.
  std::vector<bytes> records;
  bytes all;
  std::vector<std::size_t> sizes;
  for (std::uint32_t i = 0; i < 2000; ++i) {
    std::string r = "{\"id\":" + std::to_string(i * 7919 % 10007) +
                    ",\"codec\":\"h264\",\"profile\":\"high\",\"width\":1920,\"height\":1080,"
                    "\"fps\":" + std::to_string(24 + i % 37) + ",\"tags\":[\"sluice\",\"test\"]}";
    all.insert(all.end(), r.begin(), r.end());
    sizes.push_back(r.size());
  }
  bytes dict(16384);
  const std::size_t dn = ZDICT_trainFromBuffer(dict.data(), dict.size(), all.data(), sizes.data(),
                                               static_cast<unsigned>(sizes.size()));
  BOOST_REQUIRE(!ZDICT_isError(dn));
  dict.resize(dn);
  const bytes rec(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(sizes[0] + sizes[1]));

  codec_options o;
  o.dictionary = dict;
  const bytes enc = encode(codec_format::zstd, rec, o, 5, 3);
  BOOST_TEST(enc.size() < rec.size() / 2);
  // The library decodes it with the dictionary.
  ZSTD_DCtx* d = ZSTD_createDCtx();
  bytes out(rec.size() + 10);
  const std::size_t n = ZSTD_decompress_usingDict(d, out.data(), out.size(), enc.data(), enc.size(),
                                                  dict.data(), dict.size());
  ZSTD_freeDCtx(d);
  BOOST_REQUIRE(!ZSTD_isError(n));
  out.resize(n);
  BOOST_TEST((out == rec));
  // sluice decodes it with the dictionary, refuses it without (unsupported).
  run_result with = decode(codec_format::zstd, enc, o, 1, 1);
  BOOST_TEST(with.st.is_end(), with.st.to_string());
  BOOST_TEST((with.out == rec));
  run_result without = decode(codec_format::zstd, enc);
  BOOST_TEST(without.st.kind == status_kind::unsupported, without.st.to_string());
  BOOST_TEST(std::string(without.st.message).find("dictionary") != std::string::npos);
  BOOST_TEST(decode(codec_format::auto_detect, enc).st.kind == status_kind::unsupported);
  BOOST_TEST((decode(codec_format::auto_detect, enc, o).out == rec));
  // Only zstd takes one.
  BOOST_TEST(sluice::make_decoder(codec_format::gzip, o).error.kind == status_kind::invalid_argument);
}

BOOST_AUTO_TEST_CASE(pledged_size_and_checksum_flags) {
  const bytes in = sample(50000);
  codec_options o;
  o.pledged_size = in.size();
  const bytes z = encode(codec_format::zstd, in, o, 1000, 0);
  BOOST_TEST(ZSTD_getFrameContentSize(z.data(), z.size()) == in.size());
  const bytes l = encode(codec_format::lz4, in, o, 1000, 0);
  {
    LZ4F_dctx* d;
    LZ4F_createDecompressionContext(&d, LZ4F_VERSION);
    LZ4F_frameInfo_t fi;
    std::size_t n = l.size();
    BOOST_REQUIRE(!LZ4F_isError(LZ4F_getFrameInfo(d, &fi, l.data(), &n)));
    BOOST_TEST(fi.contentSize == in.size());
    BOOST_TEST(fi.contentChecksumFlag == LZ4F_contentChecksumEnabled);
    LZ4F_freeDecompressionContext(d);
  }
  BOOST_TEST((ref_decompress(codec_format::lz4, l) == in));
  // A different amount is an error, not a lying header.
  const bytes shorter(in.begin(), in.end() - 1);
  for (auto f : {codec_format::zstd, codec_format::lz4}) {
    auto e = sluice::make_encoder(f, o);
    run_result r = drive(*e.transform, shorter, 0, 0);
    BOOST_TEST(r.st.kind == status_kind::invalid_argument, r.st.to_string());
  }
  // No checksum: zstd frame header flag off, 4 bytes shorter.
  codec_options nock;
  nock.checksum = false;
  const bytes zn = encode(codec_format::zstd, in, nock);
  const bytes zc = encode(codec_format::zstd, in);
  BOOST_TEST(zn.size() + 4 == zc.size());
  BOOST_TEST((ref_decompress(codec_format::zstd, zn) == in));
  // lz4 options as the lz4 tool's -B4..-B7, -BD, -BX, --no-frame-crc.
  for (int id : {4, 5, 6, 7})
    for (bool linked : {false, true})
      for (bool bx : {false, true}) {
        codec_options lo;
        lo.lz4_block_size_id = id;
        lo.lz4_block_linked = linked;
        lo.lz4_block_checksum = bx;
        lo.checksum = !bx;
        const bytes big = sample(600000, static_cast<std::uint32_t>(id));
        const bytes e = encode(codec_format::lz4, big, lo, 0, id == 4 ? 1000 : 0);
        BOOST_TEST((ref_decompress(codec_format::lz4, e) == big));
        BOOST_TEST((decode(codec_format::lz4, e, {}, 4096, 777).out == big));
        if (bx) {  // flip a bit inside the first block's checksum (after header + block)
          bytes b = e;
          const std::uint32_t bsz = (std::uint32_t{b[7]} | std::uint32_t{b[8]} << 8 |
                                     std::uint32_t{b[9]} << 16 | std::uint32_t{b[10]} << 24) &
                                    0x7FFFFFFFu;
          b[7 + 4 + bsz] ^= 1;
          BOOST_TEST(decode(codec_format::lz4, b).st.kind == status_kind::checksum_mismatch);
        }
      }
}

BOOST_AUTO_TEST_CASE(lz4_encoder_direct_and_staged_agree) {
  // A dst big enough for a whole block takes the direct path; a small one the staging
  // block. Both give the bytes LZ4F_compressFrame would... and each other.
  const bytes in = sample(5u << 20, 4);
  const bytes direct = encode(codec_format::lz4, in, {}, 4u << 20, 0);
  const bytes staged = encode(codec_format::lz4, in, {}, 4u << 20, 65536);
  BOOST_TEST((direct == staged));
  BOOST_TEST((ref_decompress(codec_format::lz4, direct) == in));
  BOOST_TEST(sluice::recommended_dst_bytes(codec_format::lz4, true) >= LZ4F_compressBound(4u << 20, nullptr));
}

BOOST_AUTO_TEST_CASE(pump_round_trip) {
  const bytes in = sample(3u << 20, 8);
  for (auto f : all_formats) {
    auto enc = sluice::make_encoder(f);
    auto dec = sluice::make_decoder(f);
    sluice::MemorySource src(in, 12345);
    sluice::MemorySink sink(999);
    sluice::Transform* chain[] = {enc.transform.get(), dec.transform.get()};
    sluice::pump_options po;
    po.buffer_bytes = 4096;
    sluice::status s = sluice::pump_all(src, chain, sink, po);
    BOOST_TEST(s.is_end(), sluice::codec_format_name(f) << ": " << s.to_string());
    BOOST_TEST((sink.bytes() == in));
  }
}

BOOST_AUTO_TEST_SUITE_END()
