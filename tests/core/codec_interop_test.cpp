// Interop with the real tools, generated at test time (nothing committed): streams written
// by zstd, lz4, gzip, bzip2 and python3's zlib decode with sluice to the original bytes, and
// sluice's streams decode with those tools to the original bytes. A missing tool fails the
// test (scripts/setup installs them all); nothing is skipped.
#define BOOST_TEST_MODULE core.codec_interop
#include <boost/test/unit_test.hpp>

#include "codec_test_util.hpp"
#include "sluice/memory.hpp"
#include "sluice/pump.hpp"

using namespace codec_test;
using sluice::codec_format;
using sluice::codec_options;
using sluice::status_kind;

namespace {

struct fixture {
  fixture() {
    for (const char* t : {"zstd", "lz4", "gzip", "bzip2", "python3", "cmp"}) require_tool(t);
    dir = temp_dir();
    data = sample(1536 * 1024, 42);
    in = dir + "/in.bin";
    write_file(in, data);
    write_file(dir + "/empty", {});
  }
  ~fixture() { rm_rf(dir); }

  std::string p(const std::string& name) const { return dir + "/" + name; }

  // Decodes a file with sluice (named format and auto-detected), over a few limits.
  void expect_decodes(codec_format f, const std::string& file, const bytes& want,
                      const codec_options& o = {}) {
    const bytes enc = read_file(file);
    for (auto [rl, wl] : {std::pair<std::size_t, std::size_t>{0, 0}, {4096, 101}, {7, 65536}}) {
      run_result r = decode(f, enc, o, rl, wl);
      BOOST_TEST_REQUIRE(r.st.is_end(), file << " (" << rl << "/" << wl << "): " << r.st.to_string());
      BOOST_TEST((r.out == want), file << ": decoded bytes differ");
    }
    if (f != codec_format::zlib && f != codec_format::deflate_raw) {
      run_result r = decode(codec_format::auto_detect, enc, o);
      BOOST_TEST((r.st.is_end() && r.out == want), file << " (auto): " << r.st.to_string());
    }
  }

  // Encodes `data` with sluice into `name`, then runs `check` (a command that must exit 0).
  void encode_then(codec_format f, const codec_options& o, const std::string& name,
                   const std::string& check) {
    write_file(p(name), encode(f, data, o, 65536, 4096));
    sh_ok(check);
  }

  std::string dir, in;
  bytes data;
};

bytes concat(const bytes& a, const bytes& b) {
  bytes r = a;
  r.insert(r.end(), b.begin(), b.end());
  return r;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(interop, fixture)

BOOST_AUTO_TEST_CASE(zstd_tool_to_sluice) {
  for (std::string opt : {"-1", "-3", "-19", "--no-check", "--long=27", "-T2 -B1MiB", "--fast=5"}) {
    sh_ok("zstd -q -f -c " + opt + " '" + in + "' > '" + p("t.zst") + "'");
    BOOST_TEST_CONTEXT("zstd " << opt) expect_decodes(codec_format::zstd, p("t.zst"), data);
  }
  // Streamed (no content size in the header), then concatenated frames.
  sh_ok("zstd -q -c < '" + in + "' > '" + p("s.zst") + "'");
  sh_ok("cat '" + p("s.zst") + "' '" + p("t.zst") + "' > '" + p("cat.zst") + "'");
  expect_decodes(codec_format::zstd, p("cat.zst"), concat(data, data));
  // Skippable frames written by hand (magic 0x184D2A5?, LE32 size, payload) around them.
  sh_ok("printf '\\132\\052\\115\\030\\005\\000\\000\\000hello' > '" + p("skip") + "'");
  sh_ok("cat '" + p("skip") + "' '" + p("s.zst") + "' '" + p("skip") + "' '" + p("t.zst") + "' '" +
        p("skip") + "' > '" + p("skipcat.zst") + "'");
  expect_decodes(codec_format::zstd, p("skipcat.zst"), concat(data, data));
  sh_ok("zstd -t -q '" + p("skipcat.zst") + "'");  // the tool agrees the file is valid
  // Empty input.
  sh_ok("zstd -q -c < '" + p("empty") + "' > '" + p("e.zst") + "'");
  expect_decodes(codec_format::zstd, p("e.zst"), {});
}

BOOST_AUTO_TEST_CASE(zstd_long_window_limit) {
  // zstd --long=30 on a modest input: the header advertises a 1 GiB window when streamed.
  sh_ok("zstd -q -c --long=30 < '" + in + "' > '" + p("l30.zst") + "'");
  run_result r = decode(codec_format::zstd, read_file(p("l30.zst")));
  BOOST_TEST(r.st.kind == status_kind::limit_exceeded, r.st.to_string());
  BOOST_TEST(r.out.empty());
  codec_options o;
  o.max_window_bytes = std::uint64_t{1} << 30;
  expect_decodes(codec_format::zstd, p("l30.zst"), data, o);
}

BOOST_AUTO_TEST_CASE(zstd_dictionary_from_zstd_train) {
  // Many small JSON-ish records, as zstd --train expects.
  sh_ok("mkdir -p '" + p("train") + "'");
  for (int i = 0; i < 300; ++i) {
    std::string rec = "{\"id\":" + std::to_string(i * 7919 % 10007) + ",\"kind\":\"segment\",\"codec\":\"" +
                      (i % 3 ? "h264" : "hevc") + "\",\"duration\":" + std::to_string(2000 + i % 17) +
                      ",\"bitrate\":" + std::to_string(1000000 + i * 331) + ",\"path\":\"/media/" +
                      std::to_string(i) + ".ts\"}\n";
    write_file(p("train/" + std::to_string(i)), bytes(rec.begin(), rec.end()));
  }
  sh_ok("zstd -q --train '" + p("train") + "'/* -o '" + p("dict") + "' >/dev/null 2>&1");
  const bytes one = read_file(p("train/17"));
  sh_ok("zstd -q -c -D '" + p("dict") + "' '" + p("train/17") + "' > '" + p("d.zst") + "'");
  codec_options o;
  const bytes dict = read_file(p("dict"));
  o.dictionary = dict;
  expect_decodes(codec_format::zstd, p("d.zst"), one, o);
  run_result r = decode(codec_format::zstd, read_file(p("d.zst")));
  BOOST_TEST(r.st.kind == status_kind::unsupported, r.st.to_string());
  // And ours, decoded by the tool with the dictionary.
  write_file(p("ours.zst"), encode(codec_format::zstd, one, o));
  sh_ok("zstd -q -d -c -D '" + p("dict") + "' '" + p("ours.zst") + "' | cmp -s - '" + p("train/17") + "'");
}

BOOST_AUTO_TEST_CASE(sluice_zstd_to_tool) {
  for (int level : {1, 3, 19}) {
    codec_options o;
    o.level = level;
    encode_then(codec_format::zstd, o, "o.zst", "zstd -q -d -c '" + p("o.zst") + "' | cmp -s - '" + in + "'");
  }
  codec_options nock;
  nock.checksum = false;
  encode_then(codec_format::zstd, nock, "n.zst", "zstd -q -d -c '" + p("n.zst") + "' | cmp -s - '" + in + "'");
  codec_options lng;
  lng.zstd_long_window_log = 28;
  encode_then(codec_format::zstd, lng, "l.zst",
              "zstd -q -d -c --long=28 '" + p("l.zst") + "' | cmp -s - '" + in + "'");
  BOOST_TEST(sh("zstd -q -d -c '" + p("l.zst") + "' >/dev/null 2>&1") != 0);  // the tool limits too
  write_file(p("e.zst"), encode(codec_format::zstd, {}));
  sh_ok("zstd -q -d -c '" + p("e.zst") + "' | cmp -s - '" + p("empty") + "'");
}

BOOST_AUTO_TEST_CASE(lz4_tool_to_sluice) {
  for (std::string opt : {"-1", "-9", "-12", "-B4", "-B5", "-B6", "-B7", "-BD", "-B4D", "--content-size",
                          "--no-frame-crc", "-BX", "-B4X --no-frame-crc", "--fast=3"}) {
    sh_ok("lz4 -q -f -c " + opt + " '" + in + "' > '" + p("t.lz4") + "'");
    BOOST_TEST_CONTEXT("lz4 " << opt) expect_decodes(codec_format::lz4, p("t.lz4"), data);
  }
  sh_ok("lz4 -q -c -B4 < '" + in + "' > '" + p("s.lz4") + "'");
  sh_ok("cat '" + p("s.lz4") + "' '" + p("t.lz4") + "' > '" + p("cat.lz4") + "'");
  expect_decodes(codec_format::lz4, p("cat.lz4"), concat(data, data));
  sh_ok("printf '\\120\\052\\115\\030\\003\\000\\000\\000abc' > '" + p("skip") + "'");
  sh_ok("cat '" + p("skip") + "' '" + p("s.lz4") + "' '" + p("skip") + "' > '" + p("skipcat.lz4") + "'");
  expect_decodes(codec_format::lz4, p("skipcat.lz4"), data);
  // The legacy format (lz4 -l) is refused clearly.
  sh_ok("lz4 -q -l -c '" + in + "' > '" + p("legacy.lz4") + "'");
  run_result r = decode(codec_format::lz4, read_file(p("legacy.lz4")));
  BOOST_TEST(r.st.kind == status_kind::unsupported, r.st.to_string());
  BOOST_TEST(std::string(r.st.message).find("legacy") != std::string::npos);
  sh_ok("lz4 -q -c < '" + p("empty") + "' > '" + p("e.lz4") + "'");
  expect_decodes(codec_format::lz4, p("e.lz4"), {});
}

BOOST_AUTO_TEST_CASE(sluice_lz4_to_tool) {
  std::vector<codec_options> opts(6);
  opts[1].level = 9;
  opts[2].lz4_block_size_id = 4;
  opts[3].lz4_block_linked = true;
  opts[3].lz4_block_size_id = 5;
  opts[4].lz4_block_checksum = true;
  opts[4].checksum = false;
  opts[5].pledged_size = data.size();
  for (const auto& o : opts)
    encode_then(codec_format::lz4, o, "o.lz4", "lz4 -q -d -c '" + p("o.lz4") + "' | cmp -s - '" + in + "'");
  write_file(p("e.lz4"), encode(codec_format::lz4, {}));
  sh_ok("lz4 -q -d -c '" + p("e.lz4") + "' | cmp -s - '" + p("empty") + "'");
}

BOOST_AUTO_TEST_CASE(gzip_tool_to_sluice) {
  for (int l = 1; l <= 9; ++l) {
    sh_ok("gzip -c -" + std::to_string(l) + " '" + in + "' > '" + p("t.gz") + "'");
    BOOST_TEST_CONTEXT("gzip -" << l) expect_decodes(codec_format::gzip, p("t.gz"), data);
  }
  sh_ok("gzip -c -N '" + in + "' > '" + p("name.gz") + "'");  // FNAME + MTIME in the header
  expect_decodes(codec_format::gzip, p("name.gz"), data);
  sh_ok("gzip -c -n '" + in + "' > '" + p("noname.gz") + "'");
  expect_decodes(codec_format::gzip, p("noname.gz"), data);
  sh_ok("cat '" + p("name.gz") + "' '" + p("noname.gz") + "' > '" + p("multi.gz") + "'");
  expect_decodes(codec_format::gzip, p("multi.gz"), concat(data, data));
  // python3's zlib module: a zlib stream and a raw deflate stream.
  sh_ok("python3 -c \"import sys,zlib; d=open(sys.argv[1],'rb').read(); "
        "open(sys.argv[2],'wb').write(zlib.compress(d,9)); "
        "c=zlib.compressobj(6,zlib.DEFLATED,-15); open(sys.argv[3],'wb').write(c.compress(d)+c.flush())\" '" +
        in + "' '" + p("py.zlib") + "' '" + p("py.raw") + "'");
  expect_decodes(codec_format::zlib, p("py.zlib"), data);
  expect_decodes(codec_format::deflate_raw, p("py.raw"), data);
  sh_ok("gzip -c < '" + p("empty") + "' > '" + p("e.gz") + "'");
  expect_decodes(codec_format::gzip, p("e.gz"), {});
}

BOOST_AUTO_TEST_CASE(sluice_deflate_family_to_tools) {
  for (int l : {1, 6, 9}) {
    codec_options o;
    o.level = l;
    encode_then(codec_format::gzip, o, "o.gz", "gzip -d -c '" + p("o.gz") + "' | cmp -s - '" + in + "'");
    encode_then(codec_format::zlib, o, "o.zlib",
                "python3 -c \"import sys,zlib; sys.exit(zlib.decompress(open(sys.argv[1],'rb').read()) != "
                "open(sys.argv[2],'rb').read())\" '" + p("o.zlib") + "' '" + in + "'");
    encode_then(codec_format::deflate_raw, o, "o.raw",
                "python3 -c \"import sys,zlib; sys.exit(zlib.decompress(open(sys.argv[1],'rb').read(),-15) != "
                "open(sys.argv[2],'rb').read())\" '" + p("o.raw") + "' '" + in + "'");
  }
  write_file(p("e.gz"), encode(codec_format::gzip, {}));
  sh_ok("gzip -d -c '" + p("e.gz") + "' | cmp -s - '" + p("empty") + "'");
  write_file(p("e.zlib"), encode(codec_format::zlib, {}));
  sh_ok("python3 -c \"import sys,zlib; sys.exit(zlib.decompress(open(sys.argv[1],'rb').read()) != b'')\" '" +
        p("e.zlib") + "'");
}

BOOST_AUTO_TEST_CASE(bzip2_both_ways) {
  for (int l : {1, 5, 9}) {
    sh_ok("bzip2 -c -" + std::to_string(l) + " '" + in + "' > '" + p("t.bz2") + "'");
    BOOST_TEST_CONTEXT("bzip2 -" << l) expect_decodes(codec_format::bzip2, p("t.bz2"), data);
    codec_options o;
    o.level = l;
    encode_then(codec_format::bzip2, o, "o.bz2", "bzip2 -d -c '" + p("o.bz2") + "' | cmp -s - '" + in + "'");
  }
  sh_ok("bzip2 -c -1 < '" + in + "' > '" + p("a.bz2") + "'");
  sh_ok("cat '" + p("a.bz2") + "' '" + p("t.bz2") + "' > '" + p("multi.bz2") + "'");
  expect_decodes(codec_format::bzip2, p("multi.bz2"), concat(data, data));
  sh_ok("bzip2 -c < '" + p("empty") + "' > '" + p("e.bz2") + "'");
  expect_decodes(codec_format::bzip2, p("e.bz2"), {});
  write_file(p("oe.bz2"), encode(codec_format::bzip2, {}));
  sh_ok("bzip2 -d -c '" + p("oe.bz2") + "' | cmp -s - '" + p("empty") + "'");
}

// docs/codecs.md "Trailing data": bytes after a complete stream that cannot start another one
// are `corrupt` "trailing data ..." at the offset where they start — for every length of junk,
// including lengths shorter than a frame header (liblz4 buffers 7 bytes and zlib holds a lone
// gzip byte before either looks at a magic number: those used to read as `truncated`), fed
// whole, in 3-byte chunks and a byte at a time. zlib and deflate-raw are single streams: the
// decoder stops at the end and the pump reports "unexpected data after the end of the stream".
// A cut-off *real* frame start after a complete stream stays `truncated`.
BOOST_AUTO_TEST_CASE(trailing_junk_of_every_length) {
  const bytes small = sample(8192, 5);
  write_file(p("small"), small);
  const std::string s = p("small");
  struct fmt_case {
    codec_format f;
    std::string cmd;           // writes the stream to stdout
    bytes next_frame_prefix;   // the start of a real next frame, cut off
  };
  const std::vector<fmt_case> fmts = {
      {codec_format::zstd, "zstd -q -c '" + s + "'", {0x28, 0xB5, 0x2F}},
      {codec_format::lz4, "lz4 -q -c '" + s + "'", {0x04, 0x22, 0x4D, 0x18, 0x64, 0x40}},
      {codec_format::gzip, "gzip -c '" + s + "'", {0x1F}},
      {codec_format::zlib,
       "python3 -c \"import sys,zlib; sys.stdout.buffer.write(zlib.compress(open(sys.argv[1],'rb').read()))\" '" + s + "'",
       {}},
      {codec_format::deflate_raw,
       "python3 -c \"import sys,zlib; c=zlib.compressobj(6,zlib.DEFLATED,-15); "
       "sys.stdout.buffer.write(c.compress(open(sys.argv[1],'rb').read())+c.flush())\" '" + s + "'",
       {}},
      {codec_format::bzip2, "bzip2 -c '" + s + "'", {'B', 'Z', 'h'}},
  };
  // Junk that cannot begin any format's frame: its first byte is none of 28 (zstd), 5x
  // (skippable), 04/02 (lz4), 1F (gzip), 'B' (bzip2).
  std::uint32_t x = 12345;
  bytes noise(20);
  for (auto& b : noise) b = static_cast<std::uint8_t>((x = x * 1664525u + 1013904223u) >> 24);
  noise[0] = 0xC3;
  const std::vector<std::pair<std::string, bytes>> patterns = {
      {"zeros", bytes(20, 0)},
      {"text", bytes{'t', 'r', 'a', 'i', 'l', 'i', 'n', 'g', ' ', 'j', 'u', 'n', 'k', '!', '\n', 'x', 'y', 'z', '0', '1'}},
      {"ones", bytes(20, 0xFF)},
      {"noise", noise}};
  for (const auto& fc : fmts) {
    sh_ok(fc.cmd + " > '" + p("t.stream") + "'");
    const bytes good = read_file(p("t.stream"));
    const bool single = fc.f == codec_format::zlib || fc.f == codec_format::deflate_raw;
    for (const auto& [pname, pat] : patterns) {
      for (std::size_t len = 1; len <= 20; ++len) {
        BOOST_TEST_CONTEXT(sluice::codec_format_name(fc.f) << " + " << len << " bytes of " << pname) {
          bytes in = good;
          in.insert(in.end(), pat.begin(), pat.begin() + static_cast<std::ptrdiff_t>(len));
          if (single) {
            auto c = sluice::make_decoder(fc.f);
            sluice::MemorySource src(in);
            sluice::MemorySink sink;
            sluice::Transform* t[] = {c.transform.get()};
            const sluice::status st = sluice::pump_all(src, t, sink);
            BOOST_TEST(st.kind == status_kind::corrupt, st.to_string());
            BOOST_TEST(st.offset == good.size(), st.to_string());
            BOOST_TEST(std::string(st.message).find("unexpected data after the end") != std::string::npos,
                       st.message);
            continue;
          }
          for (std::size_t rl : {std::size_t{0}, std::size_t{3}, std::size_t{1}}) {
            for (codec_format f : {fc.f, codec_format::auto_detect}) {
              run_result r = decode(f, in, {}, rl, 0);
              BOOST_TEST(r.st.kind == status_kind::corrupt, "rl " << rl << ": " << r.st.to_string());
              BOOST_TEST(r.st.offset == good.size(), "rl " << rl << ": " << r.st.to_string());
              BOOST_TEST(std::string(r.st.message).find("trailing data") != std::string::npos,
                         "rl " << rl << ": " << r.st.message);
              BOOST_TEST((r.out == small), "rl " << rl << ": the complete stream's bytes come out");
            }
          }
        }
      }
    }
    // The start of a real frame, cut off: that is a truncated stream, not trailing junk.
    if (!single) {
      BOOST_TEST_CONTEXT(sluice::codec_format_name(fc.f) << " + a cut-off frame start") {
        for (std::size_t len = 1; len <= fc.next_frame_prefix.size(); ++len) {
          bytes in = good;
          in.insert(in.end(), fc.next_frame_prefix.begin(),
                    fc.next_frame_prefix.begin() + static_cast<std::ptrdiff_t>(len));
          for (std::size_t rl : {std::size_t{0}, std::size_t{1}}) {
            run_result r = decode(fc.f, in, {}, rl, 0);
            BOOST_TEST(r.st.kind == status_kind::truncated, len << "/" << rl << ": " << r.st.to_string());
          }
        }
      }
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
