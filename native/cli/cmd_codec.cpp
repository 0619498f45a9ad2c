// sluice compress -f FORMAT [-l LEVEL] [-o OUT] [IN]
// sluice decompress [-f FORMAT] [-o OUT] [--max-output BYTES] [IN]
//
// Both run input -> codec -> sink with reading and writing on their own threads
// (native::threaded_pump). With -o the output goes to a temporary
// file that is renamed into place only when everything succeeded (FileSink); on standard
// output a failure still ends with exit 1 and the error line, so a pipeline can tell.
#include <CLI/CLI.hpp>

#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "commands.hpp"
#include "common.hpp"
#include "sluice/codec.hpp"
#include "sluice/native/file.hpp"
#include "sluice/native/threaded_pump.hpp"
#include "sluice/pump.hpp"

namespace sluice::cli {

namespace {

const char* format_list = "zstd, lz4, gzip, zlib (alias: deflate), deflate-raw, bzip2";

struct codec_cli_options {
  std::string input = "-";
  std::string output;
  std::string format;
  std::optional<int> level;
  bool checksum = true;
  bool no_checksum = false;
  int long_log = 0;
  // lz4 frame parameters (as the lz4 tool's -B4..-B7, -BD, -BX, --content-size)
  std::string lz4_block_size;
  bool lz4_linked = false;
  bool lz4_independent = false;
  bool lz4_block_checksum = false;
  bool content_size = false;
  std::string dict;
  std::string max_output;
  std::string max_window;
  bool progress = false;
  bool force = false;
};

/// "1048576", "10M", "10MiB", "1g", "64k": binary multiples. nullopt when malformed.
std::optional<std::uint64_t> parse_size(const std::string& s) {
  std::size_t i = 0;
  std::uint64_t v = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
    const std::uint64_t d = static_cast<std::uint64_t>(s[i] - '0');
    if (v > (~std::uint64_t{0} - d) / 10) return std::nullopt;
    v = v * 10 + d;
    ++i;
  }
  if (i == 0) return std::nullopt;
  std::string suf;
  for (; i < s.size(); ++i) suf += static_cast<char>(std::tolower(static_cast<unsigned char>(s[i])));
  int shift = 0;
  if (suf.empty() || suf == "b") shift = 0;
  else if (suf == "k" || suf == "kb" || suf == "kib") shift = 10;
  else if (suf == "m" || suf == "mb" || suf == "mib") shift = 20;
  else if (suf == "g" || suf == "gb" || suf == "gib") shift = 30;
  else if (suf == "t" || suf == "tb" || suf == "tib") shift = 40;
  else return std::nullopt;
  if (shift && v > (~std::uint64_t{0} >> shift)) return std::nullopt;
  return v << shift;
}

int usage_error(const std::string& what, const std::string& message) {
  report(what, message);
  std::fprintf(stderr, "Run 'sluice --help' for usage.\n");
  return exit_usage;
}

std::optional<std::vector<std::uint8_t>> read_dictionary(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return std::nullopt;
  return std::vector<std::uint8_t>(std::istreambuf_iterator<char>(f), {});
}

int run_codec(const codec_cli_options& o, bool encode) {
  const std::string in_name = display_name(o.input);
  codec_options co;
  std::vector<std::uint8_t> dict;
  if (!o.dict.empty()) {
    auto d = read_dictionary(o.dict);
    if (!d) {
      report(o.dict, io_error(errno, "cannot read the dictionary"));
      return exit_failure;
    }
    dict = std::move(*d);
    co.dictionary = dict;
  }

  codec_format fmt = codec_format::auto_detect;
  if (!o.format.empty()) {
    auto f = parse_codec_format(o.format);
    if (!f || (encode && *f == codec_format::auto_detect))
      return usage_error("-f " + o.format, std::string("unknown format; use one of ") + format_list);
    fmt = *f;
  }
  if (o.level) co.level = *o.level;
  co.checksum = !o.no_checksum;
  if (!o.max_output.empty()) {
    auto v = parse_size(o.max_output);
    if (!v) return usage_error("--max-output " + o.max_output, "not a byte count (e.g. 10485760, 10M)");
    co.max_output_bytes = *v;
  }
  if (!o.max_window.empty()) {
    auto v = parse_size(o.max_window);
    if (!v) return usage_error("--max-window " + o.max_window, "not a byte count (e.g. 256M)");
    co.max_window_bytes = *v;
  }
  const bool lz4_opts = !o.lz4_block_size.empty() || o.lz4_linked || o.lz4_independent ||
                        o.lz4_block_checksum || o.content_size;
  if (lz4_opts && fmt != codec_format::lz4)
    return usage_error("--lz4-*", "lz4 frame options apply to -f lz4 only");
  if (!o.lz4_block_size.empty()) {
    // 64K, 256K, 1M, 4M (also as bytes) or the lz4 tool's ids 4..7 (-B4..-B7).
    const std::string& b = o.lz4_block_size;
    int id = 0;
    if (b.size() == 1 && b[0] >= '4' && b[0] <= '7') {
      id = b[0] - '0';
    } else if (auto v = parse_size(b)) {
      for (int i = 4; i <= 7; ++i)
        if (*v == std::uint64_t{1} << (8 + 2 * i)) id = i;
    }
    if (id == 0) return usage_error("--lz4-block-size " + b, "use 64K, 256K, 1M or 4M (or 4..7)");
    co.lz4_block_size_id = id;
  }
  if (o.lz4_linked && o.lz4_independent)
    return usage_error("--lz4-linked", "conflicts with --lz4-independent");
  co.lz4_block_linked = o.lz4_linked;
  co.lz4_block_checksum = o.lz4_block_checksum;
  if (o.long_log != 0) {
    if (o.long_log < 10 || o.long_log > 31) return usage_error("--long", "window log must be 10..31");
    if (encode) {
      if (fmt != codec_format::zstd) return usage_error("--long", "applies to -f zstd only");
      co.zstd_long_window_log = o.long_log;
    } else if (co.max_window_bytes < (std::uint64_t{1} << o.long_log)) {
      co.max_window_bytes = std::uint64_t{1} << o.long_log;
    }
  }

  native::FileSource src = o.input == "-" ? native::FileSource(0) : native::FileSource(o.input);
  if (src.open_status().is_error()) {
    report(in_name, src.open_status());
    return exit_failure;
  }
  // As the zstd tool does: a regular file's size goes into the zstd frame header.
  if (encode && fmt == codec_format::zstd && src.size()) co.pledged_size = *src.size();
  // lz4 writes it only when asked (lz4 --content-size), and only a regular file's size is known.
  if (encode && o.content_size) {
    if (!src.size()) return usage_error("--content-size", "needs a regular input file (its size is not known)");
    co.pledged_size = *src.size();
  }

  codec_result c = encode ? make_encoder(fmt, co) : make_decoder(fmt, co);
  if (!c) {
    if (c.error.kind == status_kind::invalid_argument) return usage_error(in_name, c.error.to_string());
    report(in_name, c.error);
    return exit_failure;
  }

  if (o.output.empty() && encode && !o.force && ::isatty(1) == 1) {
    report(in_name, "refusing to write compressed data to a terminal (use -o FILE or redirect; -F forces)");
    return exit_failure;
  }

  std::unique_ptr<Sink> sink;
  if (!o.output.empty()) {
    auto fs = std::make_unique<native::FileSink>(o.output);
    if (fs->open_status().is_error()) {
      report(o.output, fs->open_status());
      return exit_failure;
    }
    sink = std::move(fs);
  } else {
    sink = std::make_unique<native::FdSink>(1);
  }

  // Reading and writing run on their own threads, overlapping the codec (threaded_pump.hpp).
  // Blocks of 1 MiB (small enough to stay in cache between the threads; measured best of
  // 128 KiB..8 MiB for every decoder), except that encoders get at least what they work in
  // without staging copies: lz4 reads and writes whole 4 MiB blocks. 3 + 3 blocks in flight:
  // 6 MiB, 24 MiB for the lz4 encoder.
  Progress progress(in_name, o.progress);
  native::threaded_pump_options po;
  constexpr std::size_t mib = std::size_t{1} << 20;
  po.in_block_bytes = encode ? std::max(mib, recommended_src_bytes(fmt, true, co)) : mib;
  po.out_block_bytes = encode ? std::max(mib, recommended_dst_bytes(fmt, true, co)) : mib;
  po.observer = &progress;
  const status s = native::threaded_pump(src.fd(), *c.transform, *sink, po);
  progress.done();
  if (s.is_error()) {
    report(in_name, s);
    return exit_failure;
  }
  return exit_ok;
}

void add_common(CLI::App* cmd, codec_cli_options& o) {
  cmd->add_option("input", o.input, "Input file ('-' or none: standard input)");
  cmd->add_option("-o,--output", o.output,
                  "Output file, written to a temporary file and renamed on success "
                  "(default: standard output)");
  cmd->add_flag("--progress", o.progress, "Show progress on stderr even when not a terminal");
  cmd->add_option("-D,--dict", o.dict, "zstd dictionary file (as made by zstd --train)");
}

}  // namespace

command add_compress(CLI::App& app) {
  auto o = std::make_shared<codec_cli_options>();
  auto* cmd = app.add_subcommand("compress", "Compress a stream (zstd, lz4, gzip, zlib, deflate-raw, bzip2)");
  cmd->footer(std::string("Formats: ") + format_list +
              ".\nLevels: zstd 1..22 or negative for speed (default 3), lz4 1..12 (1), gzip/zlib/deflate-raw 0..9 (6), "
              "bzip2 1..9 (9).\nExamples:\n  sluice compress -f zstd -l 19 -o video.mkv.zst video.mkv\n"
              "  tar c dir | sluice compress -f gzip > dir.tar.gz");
  cmd->add_option("-f,--format", o->format, "Output format")->required();
  cmd->add_option("-l,--level", o->level, "Compression level (format's default if not given)");
  add_common(cmd, *o);
  cmd->add_flag("--no-checksum", o->no_checksum,
                "zstd/lz4: no content checksum (default: on, as the zstd and lz4 tools)");
  cmd->add_flag("--checksum", o->checksum, "zstd/lz4: write a content checksum (the default)");
  cmd->add_flag("--no-frame-crc", o->no_checksum, "lz4: no content checksum (as lz4 --no-frame-crc)");
  cmd->add_option("--lz4-block-size", o->lz4_block_size,
                  "lz4: block size 64K, 256K, 1M or 4M (default 4M; as lz4 -B4..-B7)");
  cmd->add_flag("--lz4-linked", o->lz4_linked,
                "lz4: blocks may refer to the previous block (as lz4 -BD; better ratio with small blocks)");
  cmd->add_flag("--lz4-independent", o->lz4_independent, "lz4: independent blocks (the default)");
  cmd->add_flag("--lz4-block-checksum", o->lz4_block_checksum,
                "lz4: a checksum after each block (as lz4 -BX)");
  cmd->add_flag("--content-size", o->content_size,
                "lz4: write the input's size in the frame header (as lz4 --content-size; "
                "regular files only); zstd does by default");
  cmd->add_flag("--long{27}", o->long_log,
                "zstd: long-distance matching with a 2^N window (--long=N, default 27); "
                "decoding needs the same --long");
  cmd->add_flag("-F,--force", o->force, "Write compressed data even to a terminal");
  return [o]() { return run_codec(*o, true); };
}

command add_decompress(CLI::App& app) {
  auto o = std::make_shared<codec_cli_options>();
  auto* cmd = app.add_subcommand(
      "decompress",
      "Decompress a stream; the format is detected from its magic bytes unless -f names it");
  cmd->footer(std::string("Formats: ") + format_list +
              " (zlib and deflate-raw cannot be detected: name them).\n"
              "Concatenated frames/members and skippable frames are read through; checksums are "
              "verified; data after the last frame is an error.\nExamples:\n"
              "  sluice decompress -o video.mkv video.mkv.zst\n"
              "  curl -s URL | sluice decompress --max-output 1G > data");
  cmd->add_option("-f,--format", o->format, "Input format (default: detect)");
  add_common(cmd, *o);
  cmd->add_option("--max-output", o->max_output,
                  "Fail once the output would exceed BYTES (suffixes K, M, G: binary)");
  cmd->add_option("--max-window", o->max_window,
                  "Largest zstd window accepted (default 128M); frames asking for more fail");
  cmd->add_flag("--long{31}", o->long_log,
                "zstd: accept windows up to 2^N (--long=N, as zstd -d --long)");
  return [o]() { return run_codec(*o, false); };
}

}  // namespace sluice::cli
