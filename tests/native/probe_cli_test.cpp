// `sluice probe` as a user runs it: JSON and text output on ffmpeg-generated clips compared
// with ffprobe, standard input, leading garbage, streams with no parameter set, corrupt SPSs
// (kind and byte offset on stderr), exit codes.
#define BOOST_TEST_MODULE native.probe
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <string>

#include "core/bits_ffmpeg.hpp"

namespace bdata = boost::unit_test::data;

namespace {

struct Result {
  int code;
  std::string out;
  std::string err;
};

Result run(const std::string& args, const std::string& stdin_file = "") {
  char errname[] = "/tmp/sluice-probe-err-XXXXXX";
  ::close(::mkstemp(errname));
  std::string cmd = std::string("'") + SLUICE_CLI_PATH + "' " + args + " 2>" + errname;
  if (!stdin_file.empty()) cmd += " <'" + stdin_file + "'";
  FILE* p = ::popen(cmd.c_str(), "r");
  Result r{};
  std::array<char, 65536> buf;
  while (std::size_t n = std::fread(buf.data(), 1, buf.size(), p)) r.out.append(buf.data(), n);
  const int st = ::pclose(p);
  r.code = WIFEXITED(st) ? WEXITSTATUS(st) : 128;
  std::ifstream e(errname);
  r.err.assign(std::istreambuf_iterator<char>(e), {});
  ::unlink(errname);
  return r;
}

std::string write_temp(const std::string& name, const std::string& content) {
  const std::string path = bits_test::temp_dir() + "/" + name;
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

// Our JSON is one flat object on one line: "key":value.
std::string field(const std::string& js, const std::string& key) {
  const std::string k = "\"" + key + "\":";
  std::size_t p = js.find(k);
  if (p == std::string::npos) return "<missing>";
  p += k.size();
  if (js[p] == '"') return js.substr(p + 1, js.find('"', p + 1) - p - 1);
  std::size_t e = p;
  while (e < js.size() && js[e] >= '0' && js[e] <= '9') ++e;
  return js.substr(p, e - p);
}

}  // namespace

BOOST_DATA_TEST_CASE(json_matches_ffprobe, bdata::xrange(bits_test::clips().size()), i) {
  const bits_test::clip& c = bits_test::clips()[i];
  BOOST_TEST_MESSAGE("clip " << c.name);
  const std::string path = bits_test::generate(c);
  const bits_test::ffprobe_info f = bits_test::ffprobe(path);
  const Result r = run("probe --json '" + path + "'");
  BOOST_TEST_REQUIRE(r.code == 0, r.err);
  BOOST_TEST(r.err.empty());
  BOOST_TEST(r.out.back() == '\n');
  const std::string js = r.out;
  BOOST_TEST(field(js, "codec") == f.codec_name);
  BOOST_TEST(field(js, "width") == std::to_string(f.width));
  BOOST_TEST(field(js, "height") == std::to_string(f.height));
  BOOST_TEST(field(js, "level_idc") == std::to_string(f.level));
  BOOST_TEST(field(js, "profile_idc") ==
             std::to_string(bits_test::profile_idc_from_name(f.codec_name, f.profile)));
  const auto [chroma, depth] = bits_test::chroma_depth_from_pix_fmt(f.pix_fmt);
  if (c.chroma_format_idc != 0) {  // ffprobe shows 4:0:0 H.264 as yuv(j)420p
    BOOST_TEST(field(js, "chroma_format_idc") == std::to_string(chroma));
    BOOST_TEST(field(js, "bit_depth_luma") == std::to_string(depth));
    BOOST_TEST(field(js, "bit_depth_chroma") == std::to_string(depth));
  }
  BOOST_TEST(field(js, "chroma_format_idc") == std::to_string(c.chroma_format_idc));
  BOOST_TEST(field(js, "bit_depth_luma") == std::to_string(c.bit_depth));
}

BOOST_AUTO_TEST_CASE(stdin_text_form_and_leading_garbage) {
  const auto& c = bits_test::clips()[0];  // 1920x1080 baseline
  const std::string path = bits_test::generate(c);
  const auto data = bits_test::read_file(path);
  // Garbage (with lone zeros and a 0x01 that is not part of a start code) before the stream.
  std::string g = "garbage\x01\x00\x02 before the first start code";
  g.append(reinterpret_cast<const char*>(data.data()), data.size());
  const std::string junk = write_temp("garbage.264", g);
  const Result a = run("probe --json", junk);
  BOOST_TEST_REQUIRE(a.code == 0, a.err);
  BOOST_TEST(field(a.out, "width") == "1920");
  BOOST_TEST(field(a.out, "height") == "1080");
  const Result b = run("probe -", path);
  BOOST_TEST_REQUIRE(b.code == 0, b.err);
  BOOST_TEST(b.out.find("H.264") != std::string::npos);
  BOOST_TEST(b.out.find("1920x1080") != std::string::npos);
  BOOST_TEST(b.out.find("4:2:0") != std::string::npos);
  BOOST_TEST(b.out.find("Baseline") != std::string::npos);
  const Result h = run("probe", bits_test::generate(bits_test::clips()[13]));  // x265 main10
  BOOST_TEST_REQUIRE(h.code == 0, h.err);
  BOOST_TEST(h.out.find("HEVC") != std::string::npos);
  BOOST_TEST(h.out.find("Main 10") != std::string::npos);
  BOOST_TEST(h.out.find("10 (luma)") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(no_parameter_set_is_exit_1) {
  const std::string x = write_temp("x.264", std::string("\x00\x00\x01\x65\x88\x84\x00\x00\x01\x68\xce", 11));
  const Result r = run("probe '" + x + "'");
  BOOST_TEST(r.code == 1);
  BOOST_TEST(r.out.empty());
  BOOST_TEST(r.err == "sluice: " + x + ": no H.264 or HEVC sequence parameter set found\n");
  const std::string empty = write_temp("empty.264", "");
  BOOST_TEST(run("probe --json", empty).code == 1);
  const Result s = run("probe", empty);
  BOOST_TEST(s.err == "sluice: -: no H.264 or HEVC sequence parameter set found\n");
}

BOOST_AUTO_TEST_CASE(corrupt_sps_reports_kind_and_offset) {
  // 5 junk bytes, a 4-byte start code, then an H.264 SPS (High) whose chroma_format_idc is
  // ue(7) = 0001000: the code starts in the NAL's byte 4, stream byte 5 + 4 + 4 = 13.
  // 67 | 64 | 00 | 28 | 1 0001000 ...
  std::string s = "junk!";
  s += std::string("\x00\x00\x00\x01\x67\x64\x00\x28\x88\xF0\x00\x00\x10", 13);
  const std::string path = write_temp("corrupt.264", s);
  const Result r = run("probe --json '" + path + "'");
  BOOST_TEST(r.code == 1);
  BOOST_TEST(r.out.empty());
  BOOST_TEST(r.err.rfind("sluice: " + path + ": corrupt H.264 SPS", 0) == 0u, r.err);
  BOOST_TEST(r.err.find("chroma_format_idc") != std::string::npos);
  BOOST_TEST(r.err.find("at byte 13") != std::string::npos, r.err);
  // A truncated SPS: the NAL ends in the middle of the fields.
  const std::string t = write_temp("cut.264", std::string("\x00\x00\x01\x67\x42\x00\x1e\xab", 8));
  const Result u = run("probe '" + t + "'");
  BOOST_TEST(u.code == 1);
  BOOST_TEST(u.err.find("truncated H.264 SPS") != std::string::npos, u.err);
  BOOST_TEST(u.err.find("at byte 8") != std::string::npos, u.err);
}

BOOST_AUTO_TEST_CASE(usage_and_missing_files) {
  BOOST_TEST(run("probe --bogus").code == 2);
  BOOST_TEST(run("probe a b").code == 2);
  const Result h = run("probe --help");
  BOOST_TEST(h.code == 0);
  BOOST_TEST(h.out.find("--json") != std::string::npos);
  const Result m = run("probe /nonexistent/file.264");
  BOOST_TEST(m.code == 1);
  BOOST_TEST(m.err.rfind("sluice: /nonexistent/file.264: cannot open", 0) == 0u, m.err);
}
