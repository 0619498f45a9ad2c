// sluice/codec.hpp — streaming compression and decompression: zstd, lz4 (frame format),
// gzip, zlib, deflate-raw, bzip2.
//
// Every codec is a `Transform` (stage.hpp) made by `make_encoder()` / `make_decoder()` from
// a format (by name: `parse_codec_format("gzip")`) and a plain `codec_options` struct, so a
// binding (Embind, a CLI) needs nothing else: create by name + options, then drive with
// io_buffers.
//
// The streaming contract (in addition to Transform's, which it refines):
//
//  * Forward progress. `transform(dst, src)` returns only when it can do nothing more:
//      need_input     every readable byte of src was consumed (src not closed);
//      need_output    dst has no writable room left;
//      end_of_stream  the output is complete and has all been written to dst;
//      an error       sticky: every later call returns it, until `reset()`.
//    Any dst room, down to one byte, and any src chunking, down to one byte, produce the
//    same bytes. A decoder whose src is closed and drained in the middle of a frame reports
//    `truncated`; callers never need zstd's "a non-zero hint at EOF means truncated" rule.
//  * Encoders: feed input; close src at the end; keep calling (draining dst) until
//    end_of_stream. The trailer is written only once src is closed and drained.
//  * Decoders never read past the end of the data they own. zlib and deflate-raw are one
//    stream: the decoder stops right after it (end_of_stream with src.ri at the first
//    byte that follows), so a container can find what comes next. zstd, lz4, gzip and
//    bzip2 decoders read a concatenation of frames/members/streams (as `zstd -d`, `lz4 -d`,
//    `gzip -d`, `bzip2 -d` do) and skip zstd/lz4 skippable frames; they finish when src is
//    closed and drained at a frame boundary. With `codec_options::concatenated = false`
//    they stop after the first frame instead, leaving the rest in src.
//  * Trailing data policy: bytes after a complete frame that do not start another valid
//    frame are an error, `corrupt` "trailing data after ..." at the offset where they
//    start. (gzip(1) and bzip2(1) warn "trailing garbage ignored"; sluice refuses, so that
//    damage is never passed off as a complete result.)
//  * Checksums present in the stream (zstd/lz4 content and block checksums, gzip CRC-32 and
//    size, zlib Adler-32, bzip2 block and stream CRCs, lz4 header checksum) are always
//    verified; a mismatch is `checksum_mismatch`.
//  * Error kinds: corrupt, truncated, checksum_mismatch, limit_exceeded (max_output_bytes,
//    zstd window above max_window_bytes), unsupported (zstd frame that needs a dictionary
//    that was not given, lz4 legacy format, zlib preset dictionary, unknown magic when
//    detecting), invalid_argument (bad options, an encoder fed a size other than the
//    pledged one), internal (allocation failure). `status::offset` is the input stream
//    offset (src's reader position) where the problem was detected; for trailing data it
//    is where the trailing data starts; libraries that buffer a block internally (zstd,
//    bzip2) detect a corrupt block at its end.
//  * Bounded memory. Internal buffering is bounded by the format: zstd's window (at most
//    max_window_bytes) plus a block, lz4's block size (at most 4 MiB), deflate's 32 KiB
//    window, bzip2's 900 kB block. A 1-byte dst never makes anything grow.
//  * Cost. zstd and zlib read from src and write into dst directly (no staging copies).
//    The lz4 encoder writes straight into dst when dst has room for a whole compressed
//    block (see `recommended_dst_bytes()`), else through a staging block it owns.
//
// Thread-safety: a codec object is used by one thread at a time; distinct objects are
// independent. Nothing here throws; allocation failure is reported as `internal`.
#pragma once

#include <climits>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>

#include "sluice/stage.hpp"
#include "sluice/status.hpp"

namespace sluice {

enum class codec_format : std::uint8_t {
  auto_detect,  ///< decoders only: zstd, lz4, gzip or bzip2 from the magic bytes
  zstd,
  lz4,          ///< LZ4 frame format (as the lz4 tool); the legacy format is unsupported
  gzip,         ///< RFC 1952; multi-member on input
  zlib,         ///< RFC 1950 ("deflate" in the WHATWG Compression Streams sense)
  deflate_raw,  ///< RFC 1951, no header or trailer
  bzip2,
};

/// "zstd", "lz4", "gzip", "zlib", "deflate-raw", "bzip2"; "auto" for auto_detect.
const char* codec_format_name(codec_format f) noexcept;
/// INTERFACE.md names, case-insensitive; "deflate" is an alias of "zlib"; "auto" (and the
/// empty string) mean auto_detect. Also accepts "zst", "gz", "bz2", "raw-deflate".
std::optional<codec_format> parse_codec_format(std::string_view name) noexcept;
/// Detects a format from the first bytes of a stream (at least 4 for a definite answer):
/// zstd or lz4 (also from a leading skippable frame: zstd is answered), gzip, bzip2.
/// Returns auto_detect when the bytes match nothing (zlib/deflate-raw are never guessed).
codec_format detect_codec_format(std::span<const std::uint8_t> head) noexcept;

/// Options for encoders and decoders. Plain data: every field has a usable default.
struct codec_options {
  static constexpr int default_level = INT_MIN;
  static constexpr std::uint64_t unlimited = ~std::uint64_t{0};
  static constexpr std::uint64_t unknown_size = ~std::uint64_t{0};

  // --- encoders ---------------------------------------------------------------------
  /// Compression level; default_level means the tool's default (zstd 3, lz4 1, gzip/zlib/
  /// deflate-raw 6, bzip2 9). Ranges: zstd ZSTD_minCLevel()..22 (negative = fast),
  /// lz4 1..12 (3+ = HC), zlib formats 0..9, bzip2 1..9. Out of range: invalid_argument.
  int level = default_level;
  /// zstd: content checksum (XXH64) in each frame; lz4: content checksum. Default on, as
  /// the zstd and lz4 tools. Ignored by the other formats (their checksums are mandatory).
  bool checksum = true;
  /// lz4: a checksum after each block (lz4 -BX). Default off, as the lz4 tool.
  bool lz4_block_checksum = false;
  /// lz4: block size id 4..7 = 64 KiB, 256 KiB, 1 MiB, 4 MiB (lz4 -B4..-B7; default 7).
  int lz4_block_size_id = 7;
  /// lz4: blocks may reference the previous block (lz4 -BD). Default off, as the lz4 tool.
  bool lz4_block_linked = false;
  /// zstd: log2 of the window and long-distance matching (zstd --long=N), 10..31; 0 = off.
  int zstd_long_window_log = 0;
  /// The exact number of bytes that will be fed, when known: written into zstd's and lz4's
  /// frame header (lz4 --content-size); feeding a different amount is invalid_argument.
  std::uint64_t pledged_size = unknown_size;

  // --- zstd, both directions --------------------------------------------------------
  /// A zstd dictionary (zstd --train output, or raw content). Copied at creation: the
  /// caller need not keep it alive. Other formats reject a non-empty dictionary.
  std::span<const std::uint8_t> dictionary{};

  // --- decoders ---------------------------------------------------------------------
  /// Total decompressed bytes allowed; one byte more is limit_exceeded (the bytes up to
  /// the limit have been written). Applies to encoders' output too.
  std::uint64_t max_output_bytes = unlimited;
  /// Largest zstd window a frame may ask for (memory a decoder may need): default 128 MiB
  /// (zstd's own default limit). Frames above it (zstd --long=28 and more) are refused with
  /// limit_exceeded. Rounded down to a power of two, at least 1 KiB.
  std::uint64_t max_window_bytes = std::uint64_t{128} << 20;
  /// Read through concatenated frames/members/streams (default). When false, stop after
  /// the first one, leaving what follows unread in src.
  bool concatenated = true;
};

/// A transform made by a factory, or why it could not be made (invalid_argument,
/// unsupported, internal).
struct codec_result {
  std::unique_ptr<Transform> transform;
  status error = ok();
  explicit operator bool() const noexcept { return transform != nullptr; }
};

/// Encoder for `f` (auto_detect is invalid_argument).
codec_result make_encoder(codec_format f, const codec_options& options = {});
/// Decoder for `f`; auto_detect picks zstd, lz4, gzip or bzip2 from the magic bytes
/// (unrecognised bytes: unsupported "unrecognised compression format").
codec_result make_decoder(codec_format f, const codec_options& options = {});
/// The same by name (parse_codec_format); an unknown name is invalid_argument.
codec_result make_encoder(std::string_view format, const codec_options& options = {});
codec_result make_decoder(std::string_view format, const codec_options& options = {});

/// Buffer sizes that let a codec run at full speed with no staging copies: src chunks of
/// recommended_src_bytes() and dst room of at least recommended_dst_bytes().
std::size_t recommended_src_bytes(codec_format f, bool encoder,
                                  const codec_options& options = {}) noexcept;
std::size_t recommended_dst_bytes(codec_format f, bool encoder,
                                  const codec_options& options = {}) noexcept;

/// Version strings of the libraries in use ("zstd 1.5.4, lz4 1.9.4, zlib 1.2.13, bzip2 1.0.8").
const char* codec_library_versions() noexcept;

}  // namespace sluice
