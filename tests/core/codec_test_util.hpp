// Shared helpers of the codec tests: deterministic sample data, a limited reader/writer
// driver that checks the Transform contract on every call (STYLE.md #5), and small
// process helpers for the interop tests.
#pragma once

#include <boost/test/unit_test.hpp>

#include <sys/wait.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <ostream>
#include <string>
#include <vector>

#include "sluice/codec.hpp"

namespace sluice {
inline std::ostream& operator<<(std::ostream& os, status_kind k) { return os << kind_name(k); }
inline std::ostream& operator<<(std::ostream& os, const status& s) { return os << s.to_string(); }
inline std::ostream& operator<<(std::ostream& os, codec_format f) {
  return os << codec_format_name(f);
}
}  // namespace sluice

namespace codec_test {

using bytes = std::vector<std::uint8_t>;

/// The limits of the read/write grid; 0 stands for "unlimited".
inline const std::vector<std::size_t> grid_limits = {1, 2, 3, 7, 101, 4096, 0};

/// Deterministic data that looks like a media library's mix: text-like runs (a small
/// vocabulary, so it compresses like prose or JSON) and binary runs (noise, ramps and
/// repeats, like raw samples and already-compressed payloads).
inline bytes sample(std::size_t n, std::uint32_t seed = 1) {
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
        case 2: out.push_back(static_cast<std::uint8_t>(next() >> 24)); break;  // noise
        default:  // a ramp with a little noise: like raw audio/video samples
          out.push_back(static_cast<std::uint8_t>((i * 3) + ((next() >> 30) & 1)));
      }
    }
  }
  return out;
}

struct run_result {
  bytes out;
  sluice::status st;
  std::size_t consumed = 0;  ///< bytes of input the transform read
  std::size_t calls = 0;
};

/// Drives `t` over `in`, handing it at most `rl` new input bytes and `wl` bytes of output
/// room at a time (0 = unlimited), until end_of_stream or an error. Checks the contract on
/// every return: need_input only with src drained and open, need_output only with dst full,
/// never `ok`, never a byte written outside the room.
inline run_result drive(sluice::Transform& t, const bytes& in, std::size_t rl, std::size_t wl,
                        bool close_input = true) {
  run_result r;
  bytes src_mem(in);
  sluice::io_buffer src = sluice::io_buffer::over(src_mem.data(), src_mem.size());
  auto feed = [&] {
    const std::size_t step = rl ? rl : src_mem.size();
    src.wi = std::min(src_mem.size(), src.wi + step);
    src.closed = close_input && src.wi == src_mem.size();
  };
  feed();
  const std::size_t room = wl ? wl : (std::size_t{1} << 20);
  bytes dst_mem(room + 16, 0xA5);  // 16 guard bytes that must never change
  sluice::io_buffer dst = sluice::io_buffer::over(dst_mem.data(), room);
  for (;;) {
    if (++r.calls > 200'000'000) {
      BOOST_ERROR("transform loops forever");
      break;
    }
    r.st = t.transform(dst, src);
    const bool dst_full = dst.writer_length() == 0;
    for (std::size_t g = room; g < room + 16; ++g)
      if (dst_mem[g] != 0xA5) {
        BOOST_ERROR("transform wrote past dst's room");
        break;
      }
    r.out.insert(r.out.end(), dst_mem.begin(), dst_mem.begin() + static_cast<std::ptrdiff_t>(dst.wi));
    dst.pos += dst.wi;
    dst.wi = dst.ri = 0;
    using k = sluice::status_kind;
    if (r.st.kind == k::need_output) {
      BOOST_REQUIRE_MESSAGE(dst_full, "need_output with room left");
      continue;
    }
    if (r.st.kind == k::need_input) {
      BOOST_REQUIRE_MESSAGE(src.ri == src.wi, "need_input with unread input");
      BOOST_REQUIRE_MESSAGE(!src.closed, "need_input on a closed, drained src");
      if (src.wi == src_mem.size()) break;  // caller chose not to close: stop here
      feed();
      continue;
    }
    BOOST_REQUIRE_MESSAGE(r.st.kind != k::ok, "transform returned ok instead of suspending");
    break;  // end_of_stream or an error
  }
  r.consumed = src.ri;
  return r;
}

inline bytes encode(sluice::codec_format f, const bytes& in, const sluice::codec_options& o = {},
                    std::size_t rl = 0, std::size_t wl = 0) {
  auto c = sluice::make_encoder(f, o);
  BOOST_REQUIRE_MESSAGE(c, "make_encoder: " << c.error.to_string());
  run_result r = drive(*c.transform, in, rl, wl);
  BOOST_REQUIRE_MESSAGE(r.st.is_end(), "encode: " << r.st.to_string());
  return r.out;
}

inline run_result decode(sluice::codec_format f, const bytes& in,
                         const sluice::codec_options& o = {}, std::size_t rl = 0,
                         std::size_t wl = 0) {
  auto c = sluice::make_decoder(f, o);
  BOOST_REQUIRE_MESSAGE(c, "make_decoder: " << c.error.to_string());
  return drive(*c.transform, in, rl, wl);
}

// --- files and processes (interop tests) -----------------------------------------------

inline std::string temp_dir() {
  char tmpl[] = "/tmp/sluice-codec-XXXXXX";
  const char* d = ::mkdtemp(tmpl);
  BOOST_REQUIRE(d != nullptr);
  return d;
}

inline void write_file(const std::string& path, const bytes& b) {
  std::ofstream f(path, std::ios::binary);
  f.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
  BOOST_REQUIRE(f.good());
}

inline bytes read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  BOOST_REQUIRE_MESSAGE(f.good(), "cannot read " << path);
  return bytes(std::istreambuf_iterator<char>(f), {});
}

/// Runs a shell command; returns its exit status (-1 if it did not exit normally).
inline int sh(const std::string& cmd) {
  const int st = std::system(cmd.c_str());
  if (st == -1 || !WIFEXITED(st)) return -1;
  return WEXITSTATUS(st);
}

/// Fails the test (loudly, never a skip) when a reference tool is missing.
inline void require_tool(const std::string& tool) {
  BOOST_REQUIRE_MESSAGE(sh("command -v " + tool + " >/dev/null 2>&1") == 0,
                        "reference tool '" << tool << "' is missing: run scripts/setup");
}

inline void sh_ok(const std::string& cmd) {
  BOOST_REQUIRE_MESSAGE(sh(cmd) == 0, "command failed: " << cmd);
}

inline void rm_rf(const std::string& dir) { (void)sh("rm -rf '" + dir + "'"); }

}  // namespace codec_test
