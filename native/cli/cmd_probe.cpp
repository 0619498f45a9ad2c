// sluice probe [--json] [FILE] — codec, profile, level, size, chroma format and bit depths of
// an H.264 or HEVC Annex-B elementary stream, from its first sequence parameter set.
#include <CLI/CLI.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <string>
#include <vector>

#include "commands.hpp"
#include "common.hpp"
#include "sluice/nal.hpp"
#include "sluice/probe.hpp"

namespace sluice::cli {

namespace {

struct probe_options {
  std::string file = "-";
  bool json = false;
};

const char* chroma_name(std::uint32_t idc) {
  switch (idc) {
    case 0: return "4:0:0";
    case 1: return "4:2:0";
    case 2: return "4:2:2";
    case 3: return "4:4:4";
    default: return "?";
  }
}

const char* profile_name(const probe_result& r) {
  if (r.codec == video_codec::h264) {
    switch (r.profile_idc) {
      case 66: return (r.h264.constraint_flags & 0x40) ? "Constrained Baseline" : "Baseline";
      case 77: return "Main";
      case 88: return "Extended";
      case 100: return "High";
      case 110: return "High 10";
      case 122: return "High 4:2:2";
      case 244: return "High 4:4:4 Predictive";
      case 44: return "CAVLC 4:4:4 Intra";
      default: return "other";
    }
  }
  switch (r.profile_idc) {
    case 1: return "Main";
    case 2: return "Main 10";
    case 3: return "Main Still Picture";
    case 4: return "Format Range Extensions";
    default: return "other";
  }
}

std::string level_text(const probe_result& r) {
  char buf[32];
  if (r.codec == video_codec::h264) {
    // level_idc 9 is level 1b; otherwise level_idc = 10 x level.
    if (r.level_idc == 9) return "1b";
    std::snprintf(buf, sizeof buf, "%u.%u", r.level_idc / 10, r.level_idc % 10);
  } else {
    std::snprintf(buf, sizeof buf, "%u.%u", r.level_idc / 30, (r.level_idc % 30) / 3);
  }
  return buf;
}

// Reads more of the input into `data`; returns false at end of input. Sets `err` on failure.
bool read_more(int fd, std::vector<std::uint8_t>& data, std::size_t want, int& err) {
  const std::size_t old = data.size();
  data.resize(old + want);
  std::size_t got = 0;
  while (got < want) {
    ssize_t n = ::read(fd, data.data() + old + got, want - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      err = errno;
      break;
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  data.resize(old + got);
  return got == want && err == 0;
}

int run_probe(const probe_options& o) {
  const std::string name = display_name(o.file);
  int fd = 0;
  if (name != "-") {
    fd = ::open(o.file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      report(name, io_error(errno, "cannot open"));
      return exit_failure;
    }
  }
  // Read in growing pieces and probe the complete NAL units seen so far, so that a large
  // file is not read to its end when its SPS comes first (as it does in practice).
  std::vector<std::uint8_t> data;
  std::size_t chunk = 64 * 1024;
  probe_result r;
  status st = ok();
  for (;;) {
    int err = 0;
    const bool more = read_more(fd, data, chunk, err);
    if (err) {
      if (fd != 0) ::close(fd);
      report(name, io_error(err, "read failed"));
      return exit_failure;
    }
    if (!more) {
      st = probe(data, r);
      break;
    }
    // Only up to the last start code: the unit after it may not be complete yet.
    std::size_t last = 0;
    for (std::size_t p = 0;;) {
      const std::size_t q = p + nal::find_start_code(data.data() + p, data.size() - p);
      if (q == data.size()) break;
      last = q;
      p = q + 3;
    }
    st = probe(std::span<const std::uint8_t>(data.data(), last), r);
    if (st.kind != status_kind::unsupported) break;
    if (chunk < 16 * 1024 * 1024) chunk *= 2;
  }
  if (fd != 0) ::close(fd);
  if (st.is_error()) {
    report(name, st);
    return exit_failure;
  }
  if (o.json) {
    std::printf(
        "{\"codec\":\"%s\",\"profile_idc\":%u,\"level_idc\":%u,\"width\":%u,\"height\":%u,"
        "\"chroma_format_idc\":%u,\"bit_depth_luma\":%u,\"bit_depth_chroma\":%u}\n",
        codec_name(r.codec), r.profile_idc, r.level_idc, r.width, r.height, r.chroma_format_idc,
        r.bit_depth_luma, r.bit_depth_chroma);
  } else {
    std::printf("codec:      %s\n", r.codec == video_codec::h264 ? "H.264" : "HEVC");
    std::printf("profile:    %s (%u)\n", profile_name(r), r.profile_idc);
    std::printf("level:      %s (%u)\n", level_text(r).c_str(), r.level_idc);
    std::printf("size:       %ux%u\n", r.width, r.height);
    std::printf("chroma:     %s (chroma_format_idc %u)\n", chroma_name(r.chroma_format_idc),
                r.chroma_format_idc);
    std::printf("bit depth:  %u (luma), %u (chroma)\n", r.bit_depth_luma, r.bit_depth_chroma);
  }
  return std::fflush(stdout) == 0 ? exit_ok : exit_failure;
}

}  // namespace

command add_probe(CLI::App& app) {
  auto o = std::make_shared<probe_options>();
  auto* sub = app.add_subcommand(
      "probe", "Describe an H.264 or HEVC Annex-B stream from its first sequence parameter set");
  sub->add_flag("--json", o->json,
                "One JSON object: codec, profile_idc, level_idc, width, height, "
                "chroma_format_idc, bit_depth_luma, bit_depth_chroma");
  sub->add_option("FILE", o->file, "Input (default: standard input)");
  return [o] { return run_probe(*o); };
}

}  // namespace sluice::cli
