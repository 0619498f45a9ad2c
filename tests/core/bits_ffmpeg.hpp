// Test helper: tiny H.264/HEVC clips generated at test time by ffmpeg (libx264/libx265), and
// what ffprobe says about them. Used by the core probe test and the CLI probe test.
//
// ffmpeg/ffprobe are required (scripts/setup installs them): a missing tool fails the test
// loudly, it never skips.
#pragma once

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

namespace bits_test {

struct clip {
  const char* name;      ///< file name stem
  const char* encoder;   ///< libx264 / libx265
  const char* profile;   ///< -profile:v (empty: none)
  const char* pix_fmt;
  unsigned width, height;
  const char* extra;     ///< more ffmpeg arguments
  // What the request implies, independently of any tool's report:
  unsigned chroma_format_idc, bit_depth;
  unsigned profile_idc;  ///< expected profile_idc / general_profile_idc
  bool interlaced;
};

// The generated set: profiles, sizes that need cropping, 8/10 bit, 4:0:0/4:2:0/4:2:2/4:4:4.
inline const std::vector<clip>& clips() {
  static const std::vector<clip> v = {
      {"x264_baseline_1080p", "libx264", "baseline", "yuv420p", 1920, 1080, "", 1, 8, 66, false},
      {"x264_main_1366x768", "libx264", "main", "yuv420p", 1366, 768, "", 1, 8, 77, false},
      {"x264_high_642x362", "libx264", "high", "yuv420p", 642, 362, "", 1, 8, 100, false},
      {"x264_high_cqm_1280x720", "libx264", "high", "yuv420p", 1280, 720,
       "-x264-params cqm=jvt", 1, 8, 100, false},
      {"x264_high_interlaced_640x356", "libx264", "high", "yuv420p", 640, 356,
       "-flags +ildct+ilme", 1, 8, 100, true},
      {"x264_high_gray_322x242", "libx264", "high", "gray", 322, 242, "", 0, 8, 100, false},
      {"x264_high10_642x362", "libx264", "high10", "yuv420p10le", 642, 362, "", 1, 10, 110, false},
      {"x264_high422_1366x768", "libx264", "high422", "yuv422p", 1366, 768, "", 2, 8, 122, false},
      {"x264_high422_10_354x202", "libx264", "high422", "yuv422p10le", 354, 202, "", 2, 10, 122,
       false},
      {"x264_high444_641x359", "libx264", "high444", "yuv444p", 641, 359, "", 3, 8, 244, false},
      {"x264_high444_10_333x187", "libx264", "high444", "yuv444p10le", 333, 187, "", 3, 10, 244,
       false},
      {"x265_main_1080p", "libx265", "main", "yuv420p", 1920, 1080, "", 1, 8, 1, false},
      {"x265_main_sublayers_642x362", "libx265", "main", "yuv420p", 642, 362,
       "-x265-params temporal-layers=1:log-level=error", 1, 8, 1, false},
      {"x265_main10_1366x768", "libx265", "main10", "yuv420p10le", 1366, 768, "", 1, 10, 2, false},
      {"x265_main422_10_642x362", "libx265", "main422-10", "yuv422p10le", 642, 362, "", 2, 10, 4,
       false},
      {"x265_main444_641x359", "libx265", "main444-8", "yuv444p", 641, 359, "", 3, 8, 4, false},
      {"x265_main444_10_333x187", "libx265", "main444-10", "yuv444p10le", 333, 187, "", 3, 10, 4,
       false},
  };
  return v;
}

inline int sh(const std::string& cmd) {
  const int st = std::system(cmd.c_str());
  return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

inline void require_ffmpeg() {
  if (sh("ffmpeg -hide_banner -version >/dev/null 2>&1") != 0 ||
      sh("ffprobe -hide_banner -version >/dev/null 2>&1") != 0)
    throw std::runtime_error(
        "ffmpeg/ffprobe not found: these tests need them (run scripts/setup, which installs the "
        "Debian ffmpeg package with libx264 and libx265)");
}

inline std::string temp_dir() {
  static std::string dir;
  if (dir.empty()) {
    char t[] = "/tmp/sluice-bits-XXXXXX";
    if (!::mkdtemp(t)) throw std::runtime_error("mkdtemp failed");
    dir = t;
    std::atexit([] { (void)std::system(("rm -rf '" + dir + "'").c_str()); });
  }
  return dir;
}

/// Encodes the clip (2 frames of testsrc2, scaled to the exact size) once; returns its path.
inline std::string generate(const clip& c) {
  require_ffmpeg();
  const bool hevc = std::string(c.encoder) == "libx265";
  const std::string path = temp_dir() + "/" + c.name + (hevc ? ".265" : ".264");
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && st.st_size > 0) return path;
  // testsrc2 only makes even sizes; scale to the exact (possibly odd) size.
  const unsigned ew = (c.width + 1) & ~1u, eh = (c.height + 1) & ~1u;
  std::string cmd = "ffmpeg -hide_banner -loglevel error -nostdin -y -f lavfi -i 'testsrc2=size=" +
                    std::to_string(ew) + "x" + std::to_string(eh) + ":rate=25,scale=" +
                    std::to_string(c.width) + ":" + std::to_string(c.height) +
                    "' -frames:v 2 -c:v " + c.encoder + " -pix_fmt " + c.pix_fmt;
  if (*c.profile) cmd += std::string(" -profile:v ") + c.profile;
  if (hevc && std::string(c.extra).find("x265-params") == std::string::npos)
    cmd += " -x265-params log-level=error";
  cmd += std::string(" ") + c.extra + (hevc ? " -f hevc '" : " -f h264 '") + path + "'";
  if (sh(cmd) != 0) throw std::runtime_error("ffmpeg failed: " + cmd);
  return path;
}

inline std::vector<std::uint8_t> read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), {}};
}

/// What `ffprobe -show_streams -of json` reports for the first stream.
struct ffprobe_info {
  unsigned width = 0, height = 0;
  int level = -1;
  std::string profile, pix_fmt, codec_name;
};

inline std::string capture(const std::string& cmd) {
  std::string out;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  ::pclose(p);
  return out;
}

// Minimal JSON field extraction: ffprobe prints one `"key": value` per line.
inline std::string json_field(const std::string& js, const std::string& key) {
  const std::string k = "\"" + key + "\": ";
  std::size_t p = js.find(k);
  if (p == std::string::npos) return "";
  p += k.size();
  if (js[p] == '"') {
    const std::size_t e = js.find('"', p + 1);
    return js.substr(p + 1, e - p - 1);
  }
  std::size_t e = p;
  while (e < js.size() && (js[e] == '-' || (js[e] >= '0' && js[e] <= '9'))) ++e;
  return js.substr(p, e - p);
}

inline ffprobe_info ffprobe(const std::string& path) {
  const std::string js =
      capture("ffprobe -v error -select_streams v:0 -show_streams -of json '" + path + "'");
  ffprobe_info i;
  i.codec_name = json_field(js, "codec_name");
  i.profile = json_field(js, "profile");
  i.pix_fmt = json_field(js, "pix_fmt");
  const std::string w = json_field(js, "width"), h = json_field(js, "height"),
                    l = json_field(js, "level");
  if (w.empty() || h.empty() || l.empty()) throw std::runtime_error("ffprobe gave no stream: " + js);
  i.width = static_cast<unsigned>(std::stoul(w));
  i.height = static_cast<unsigned>(std::stoul(h));
  i.level = std::stoi(l);
  return i;
}

/// ffprobe's profile names (libavcodec's profile tables) as profile_idc.
inline int profile_idc_from_name(const std::string& codec, const std::string& name) {
  if (codec == "h264") {
    if (name == "Baseline" || name == "Constrained Baseline") return 66;
    if (name == "Main") return 77;
    if (name == "Extended") return 88;
    if (name == "High") return 100;
    if (name == "High 10") return 110;
    if (name == "High 4:2:2") return 122;
    if (name == "High 4:4:4 Predictive") return 244;
  } else {
    if (name == "Main") return 1;
    if (name == "Main 10") return 2;
    if (name == "Main Still Picture") return 3;
    if (name == "Rext") return 4;
  }
  return -1;
}

/// pix_fmt -> (chroma_format_idc, bit depth); {-1,-1} if unknown.
inline std::pair<int, int> chroma_depth_from_pix_fmt(const std::string& f) {
  const int depth = f.find("p10") != std::string::npos || f.find("gray10") != std::string::npos ? 10 : 8;
  if (f.rfind("gray", 0) == 0) return {0, depth};
  if (f.rfind("yuv420p", 0) == 0 || f.rfind("yuvj420p", 0) == 0) return {1, depth};
  if (f.rfind("yuv422p", 0) == 0 || f.rfind("yuvj422p", 0) == 0) return {2, depth};
  if (f.rfind("yuv444p", 0) == 0 || f.rfind("yuvj444p", 0) == 0) return {3, depth};
  return {-1, -1};
}

}  // namespace bits_test
