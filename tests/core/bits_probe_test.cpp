// Parameter sets: clips generated at test time by ffmpeg (libx264 / libx265) compared with what
// ffprobe reports and with what the encoder was asked for; hand-built SPSs (BitWriter) whose
// expected sizes are worked out from the spec's cropping formulas in the comments; corrupt and
// truncated parameter sets with their stream offsets.
#define BOOST_TEST_MODULE core.bits_probe
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "core/bits_ffmpeg.hpp"
#include "sluice/bits.hpp"
#include "sluice/nal.hpp"
#include "sluice/probe.hpp"
#include "support/printing.hpp"

using namespace sluice;
namespace sluice {
inline std::ostream& operator<<(std::ostream& os, video_codec c) { return os << codec_name(c); }
}  // namespace sluice
using bytes = std::vector<std::uint8_t>;
namespace bdata = boost::unit_test::data;

namespace {

// Annex-B framing: 4-byte start code, escaped payload.
bytes annexb(const bytes& prefix, std::uint8_t h0, const bytes& rbsp_with_header_rest,
             int h1 = -1) {
  bytes out = prefix;
  out.insert(out.end(), {0, 0, 0, 1, h0});
  if (h1 >= 0) out.push_back(static_cast<std::uint8_t>(h1));
  const bytes e = nal::escape(rbsp_with_header_rest);
  out.insert(out.end(), e.begin(), e.end());
  return out;
}

struct h264_params {
  unsigned profile = 100, level = 40, sps_id = 0;
  unsigned chroma = 1;
  bool separate_planes = false;
  unsigned depth_luma_m8 = 0, depth_chroma_m8 = 0;
  bool scaling = false;
  unsigned poc_type = 0;
  unsigned width_mbs = 0, height_units = 0;
  bool frame_mbs_only = true;
  unsigned crop_l = 0, crop_r = 0, crop_t = 0, crop_b = 0;
  bool vui = false;
};

bool high(unsigned p) {
  for (unsigned x : {100u, 110u, 122u, 244u, 44u, 83u, 86u, 118u, 128u, 138u, 139u, 134u, 135u})
    if (p == x) return true;
  return false;
}

// seq_parameter_set_data() after the NAL header, written field by field from 7.3.2.1.1.
bytes h264_sps_rbsp(const h264_params& p) {
  BitWriter w;
  w.write_bits(p.profile, 8);
  w.write_bits(0, 8);  // constraint flags + reserved_zero_2bits
  w.write_bits(p.level, 8);
  w.write_ue(p.sps_id);
  if (high(p.profile)) {
    w.write_ue(p.chroma);
    if (p.chroma == 3) w.write_bit(p.separate_planes);
    w.write_ue(p.depth_luma_m8);
    w.write_ue(p.depth_chroma_m8);
    w.write_bit(0);  // qpprime_y_zero_transform_bypass_flag
    w.write_bit(p.scaling);
    if (p.scaling) {
      const unsigned lists = p.chroma != 3 ? 8 : 12;
      for (unsigned i = 0; i < lists; ++i) {
        const bool present = i % 3 != 1;
        w.write_bit(present);
        if (!present) continue;
        const unsigned n = i < 6 ? 16 : 64;
        // delta_scale values: climb, fall, and on list 0 hit nextScale == 0 (useDefault).
        if (i == 0) {
          w.write_se(-8);  // nextScale = 0: the rest of this list is not coded
          continue;
        }
        int last = 8;
        for (unsigned j = 0; j < n; ++j) {
          const int target = 4 + static_cast<int>((j * 7 + i) % 120);
          int delta = target - last;
          if (delta > 127) delta -= 256;
          if (delta < -128) delta += 256;
          w.write_se(delta);
          last = target;
        }
      }
    }
  }
  w.write_ue(2);  // log2_max_frame_num_minus4
  w.write_ue(p.poc_type);
  if (p.poc_type == 0) {
    w.write_ue(3);
  } else if (p.poc_type == 1) {
    w.write_bit(0);
    w.write_se(-3);
    w.write_se(5);
    w.write_ue(3);
    w.write_se(1);
    w.write_se(-100000);
    w.write_se(7);
  }
  w.write_ue(4);  // max_num_ref_frames
  w.write_bit(0);
  w.write_ue(p.width_mbs - 1);
  w.write_ue(p.height_units - 1);
  w.write_bit(p.frame_mbs_only);
  if (!p.frame_mbs_only) w.write_bit(1);
  w.write_bit(1);  // direct_8x8_inference_flag
  const bool crop = p.crop_l || p.crop_r || p.crop_t || p.crop_b;
  w.write_bit(crop);
  if (crop) {
    w.write_ue(p.crop_l);
    w.write_ue(p.crop_r);
    w.write_ue(p.crop_t);
    w.write_ue(p.crop_b);
  }
  w.write_bit(p.vui);
  if (p.vui) w.write_bits(0x00000000, 32);  // a VUI that would be garbage if read: skipped
  w.write_trailing_bits();
  return w.take();
}

struct h264_case {
  const char* what;
  h264_params p;
  unsigned width, height, chroma, depth_luma, depth_chroma;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(h264_built)

BOOST_AUTO_TEST_CASE(cropping_for_every_chroma_format_and_field_coding) {
  std::vector<h264_case> cases;
  auto add = [&](const char* what, h264_params p, unsigned w, unsigned h, unsigned c, unsigned dl,
                 unsigned dc) { cases.push_back({what, p, w, h, c, dl, dc}); };
  h264_params p;
  // Baseline (no chroma syntax: 4:2:0, 8 bit). 120x68 MBs = 1920x1088; CropUnitY = SubHeightC
  // * (2 - frame_mbs_only) = 2; crop_bottom 4 -> 1088 - 8 = 1080.
  p = {};
  p.profile = 66, p.width_mbs = 120, p.height_units = 68, p.crop_b = 4;
  add("baseline 1080p", p, 1920, 1080, 1, 8, 8);
  // 4:2:0 fields: FrameHeightInMbs = 2 * 23 = 46 -> 736; CropUnitY = 2 * 2 = 4: 736 - 20 = 716.
  // CropUnitX = 2: 640 - 2 * 3 = 634.
  p = {};
  p.width_mbs = 40, p.height_units = 23, p.frame_mbs_only = false, p.crop_r = 3, p.crop_b = 5;
  add("4:2:0 interlaced", p, 634, 716, 1, 8, 8);
  // 4:4:4, separate planes: ChromaArrayType 0 -> CropUnitX 1, CropUnitY 1.
  // 41 MBs = 656 - 15 = 641; 23 MBs = 368 - 9 = 359.
  p = {};
  p.profile = 244, p.chroma = 3, p.separate_planes = true, p.width_mbs = 41, p.height_units = 23;
  p.crop_l = 1, p.crop_r = 14, p.crop_b = 9;
  add("4:4:4 separate planes", p, 641, 359, 3, 8, 8);
  // 4:4:4 fields: CropUnitY = 1 * 2; 12 map units -> 24 MBs -> 384 - 2 * 5 = 374.
  p = {};
  p.profile = 244, p.chroma = 3, p.width_mbs = 41, p.height_units = 12, p.frame_mbs_only = false;
  p.crop_l = 1, p.crop_r = 14, p.crop_b = 5, p.depth_luma_m8 = 2, p.depth_chroma_m8 = 2;
  add("4:4:4 10-bit interlaced", p, 641, 374, 3, 10, 10);
  // 4:2:2: CropUnitX 2, CropUnitY 1: 23 MBs = 368 - 14 = 354; 13 MBs = 208 - 6 = 202.
  p = {};
  p.profile = 122, p.chroma = 2, p.width_mbs = 23, p.height_units = 13, p.crop_r = 7, p.crop_b = 6;
  p.depth_luma_m8 = 2, p.depth_chroma_m8 = 2;
  add("4:2:2 10-bit", p, 354, 202, 2, 10, 10);
  // 4:2:2 fields: CropUnitY 2: 7 units -> 14 MBs -> 224 - 2 * 11 = 202.
  p = {};
  p.profile = 122, p.chroma = 2, p.width_mbs = 23, p.height_units = 7, p.frame_mbs_only = false;
  p.crop_r = 7, p.crop_b = 11;
  add("4:2:2 interlaced", p, 354, 202, 2, 8, 8);
  // Monochrome: CropUnitX 1, CropUnitY 2 - frame_mbs_only = 1: 336 - 14 = 322, 256 - 14 = 242.
  p = {};
  p.chroma = 0, p.width_mbs = 21, p.height_units = 16, p.crop_r = 14, p.crop_b = 14;
  add("monochrome", p, 322, 242, 0, 8, 8);
  // Monochrome fields: CropUnitY 2: 8 units -> 16 MBs -> 256 - 2 * 7 = 242.
  p = {};
  p.chroma = 0, p.width_mbs = 21, p.height_units = 8, p.frame_mbs_only = false, p.crop_r = 14;
  p.crop_b = 7, p.depth_luma_m8 = 6, p.depth_chroma_m8 = 6;
  add("monochrome 14-bit interlaced", p, 322, 242, 0, 14, 14);
  // Scaling lists (8 for 4:2:0, 12 for 4:4:4), POC type 1 with a cycle, a VUI that is skipped.
  p = {};
  p.scaling = true, p.poc_type = 1, p.width_mbs = 80, p.height_units = 45, p.vui = true;
  add("4:2:0 scaling lists + poc type 1 + vui", p, 1280, 720, 1, 8, 8);
  p = {};
  p.profile = 244, p.chroma = 3, p.scaling = true, p.width_mbs = 80, p.height_units = 45;
  p.poc_type = 2;
  add("4:4:4 twelve scaling lists", p, 1280, 720, 3, 8, 8);

  for (const h264_case& c : cases) {
    BOOST_TEST_CONTEXT(c.what) {
      const bytes stream = annexb({'j', 'u', 'n', 'k', 0, 0}, 0x67, h264_sps_rbsp(c.p));
      probe_result r;
      const status st = probe(stream, r);
      BOOST_TEST_REQUIRE(st.is_ok(), st);
      BOOST_TEST(r.codec == video_codec::h264);
      BOOST_TEST(r.profile_idc == c.p.profile);
      BOOST_TEST(r.level_idc == c.p.level);
      BOOST_TEST(r.width == c.width);
      BOOST_TEST(r.height == c.height);
      BOOST_TEST(r.chroma_format_idc == c.chroma);
      BOOST_TEST(r.bit_depth_luma == c.depth_luma);
      BOOST_TEST(r.bit_depth_chroma == c.depth_chroma);
      BOOST_TEST(r.sps_offset == 10u);
      BOOST_TEST(r.h264.frame_mbs_only_flag == c.p.frame_mbs_only);
      BOOST_TEST(r.h264.seq_scaling_matrix_present_flag == c.p.scaling);
    }
  }
}

BOOST_AUTO_TEST_CASE(corrupt_and_truncated_report_kind_and_offset) {
  h264_params p;
  p.width_mbs = 20, p.height_units = 15;
  // chroma_format_idc = 4: the code starts in RBSP byte 4 (after header, profile, flags,
  // level; sps_id ue(0) is one bit of byte 4) -> NAL at 8 (4 junk + start code) -> byte 12.
  p.chroma = 4;
  {
    const bytes s = annexb({1, 2, 3, 4}, 0x67, h264_sps_rbsp(p));
    probe_result r;
    const status st = probe(s, r);
    BOOST_TEST(st.kind == status_kind::corrupt);
    BOOST_TEST(st.offset == 12u);
    BOOST_TEST(std::string(st.message).find("chroma_format_idc") != std::string::npos);
  }
  // seq_parameter_set_id = 255: ue(255) is 0000000 1 00000000, so RBSP byte 4 is 0x01 and the
  // escaped NAL has 0x03 before it (67 64 00 00 03 01 ...): the code's byte is escaped byte 5.
  p = {};
  p.width_mbs = 20, p.height_units = 15, p.level = 0, p.sps_id = 255;
  {
    const bytes s = annexb({}, 0x67, h264_sps_rbsp(p));
    BOOST_TEST_REQUIRE(s[4 + 4] == 0x03);
    probe_result r;
    const status st = probe(s, r);
    BOOST_TEST(st.kind == status_kind::corrupt);
    BOOST_TEST(st.offset == 4u + 5u);
  }
  // Cropping larger than the picture.
  p = {};
  p.width_mbs = 2, p.height_units = 2, p.crop_r = 16;
  {
    probe_result r;
    const status st = probe(annexb({}, 0x67, h264_sps_rbsp(p)), r);
    BOOST_TEST(st.kind == status_kind::corrupt);
    BOOST_TEST(st.offset == 4u);
  }
  // Truncated: the SPS cut after a few bytes (followed by another NAL unit).
  p = {};
  p.width_mbs = 20, p.height_units = 15;
  bytes full = h264_sps_rbsp(p);
  for (std::size_t keep = 0; keep + 1 < full.size(); ++keep) {
    bytes cut(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(keep));
    while (!cut.empty() && cut.back() == 0) cut.pop_back();  // a NAL unit cannot end in 0x00
    bytes s = annexb({}, 0x67, cut);
    const std::size_t end = s.size();
    s.insert(s.end(), {0, 0, 1, 0x68, 0xCE, 0x38, 0x80});
    probe_result r;
    const status st = probe(s, r);
    BOOST_TEST_REQUIRE(st.is_error(), "keep " << keep);
    if (st.kind == status_kind::truncated) BOOST_TEST(st.offset == end);
  }
  // An Exp-Golomb code over 32 bits in the SPS.
  {
    bytes raw = {100, 0, 40, 0x00, 0x00, 0x00, 0x00, 0x40, 0xFF, 0xFF, 0xFF, 0xFF, 0x80};
    probe_result r;
    const status st = probe(annexb({}, 0x67, raw), r);
    BOOST_TEST(st.kind == status_kind::corrupt);
    BOOST_TEST(std::string(st.message).find("Exp-Golomb") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(no_parameter_set) {
  probe_result r;
  for (const bytes& b : {bytes{}, bytes{'h', 'e', 'l', 'l', 'o'},
                         bytes{0, 0, 1, 0x65, 0x88, 0, 0, 1, 0x68, 0xCE}}) {
    const status st = probe(b, r);
    BOOST_TEST(st.kind == status_kind::unsupported);
    BOOST_TEST(std::string(st.message) == "no H.264 or HEVC sequence parameter set found");
  }
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------
namespace {

void write_ptl(BitWriter& w, unsigned profile, unsigned level, unsigned sub_layers_m1) {
  w.write_bits(0, 2);
  w.write_bit(0);
  w.write_bits(profile, 5);
  w.write_bits(1u << (31 - profile), 32);  // compatibility flag for its own profile
  w.write_bits(0b1001, 4);                 // progressive, not interlaced, ..., frame only
  w.write_bits(0, 43);
  w.write_bit(0);
  w.write_bits(level, 8);
  for (unsigned i = 0; i < sub_layers_m1; ++i) {
    w.write_bit(i % 2 == 0);  // sub_layer_profile_present_flag
    w.write_bit(1);           // sub_layer_level_present_flag
  }
  if (sub_layers_m1 > 0)
    for (unsigned i = sub_layers_m1; i < 8; ++i) w.write_bits(0, 2);
  for (unsigned i = 0; i < sub_layers_m1; ++i) {
    if (i % 2 == 0) {
      w.write_bits(0, 2);
      w.write_bit(0);
      w.write_bits(profile, 5);
      w.write_bits(0xFFFFFFFF, 32);
      w.write_bits(0, 4 + 43 + 1);
    }
    w.write_bits(level - 3 * (i + 1), 8);
  }
}

struct hevc_params {
  unsigned profile = 1, level = 93, sub_layers_m1 = 0, chroma = 1;
  bool separate = false;
  unsigned width = 0, height = 0, l = 0, r = 0, t = 0, b = 0, dl = 0, dc = 0;
};

bytes hevc_sps_rbsp(const hevc_params& p) {  // after the 2-byte NAL header
  BitWriter w;
  w.write_bits(0, 4);
  w.write_bits(p.sub_layers_m1, 3);
  w.write_bit(1);
  write_ptl(w, p.profile, p.level, p.sub_layers_m1);
  w.write_ue(0);
  w.write_ue(p.chroma);
  if (p.chroma == 3) w.write_bit(p.separate);
  w.write_ue(p.width);
  w.write_ue(p.height);
  const bool win = p.l || p.r || p.t || p.b;
  w.write_bit(win);
  if (win) {
    w.write_ue(p.l);
    w.write_ue(p.r);
    w.write_ue(p.t);
    w.write_ue(p.b);
  }
  w.write_ue(p.dl);
  w.write_ue(p.dc);
  w.write_ue(4);
  w.write_bits(0x5A5A, 16);  // the rest of the SPS (not read)
  w.write_trailing_bits();
  return w.take();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(hevc_built)

BOOST_AUTO_TEST_CASE(conformance_window_and_sub_layers) {
  struct c { const char* what; hevc_params p; unsigned w, h; };
  std::vector<c> cases;
  hevc_params p;
  // 4:2:0: SubWidthC = SubHeightC = 2: 1920x1088, bottom 4 -> 1080.
  p = {};
  p.width = 1920, p.height = 1088, p.b = 4;
  cases.push_back({"4:2:0 1080p", p, 1920, 1080});
  // 4:2:2 10-bit, 3 sub-layers: SubWidthC 2, SubHeightC 1: 656 - 14 = 642, 368 - 9 = 359.
  p = {};
  p.profile = 4, p.level = 120, p.sub_layers_m1 = 2, p.chroma = 2, p.width = 656, p.height = 368;
  p.r = 7, p.b = 9, p.dl = 2, p.dc = 2;
  cases.push_back({"4:2:2 sub-layers", p, 642, 359});
  // 4:0:0 (SubWidthC = SubHeightC = 1): 648 - 7 = 641, 360 - 1 = 359; 6 sub-layers.
  p = {};
  p.profile = 4, p.sub_layers_m1 = 6, p.level = 150, p.chroma = 0, p.width = 648, p.height = 360;
  p.r = 7, p.b = 1;
  cases.push_back({"4:0:0 seven sub-layers", p, 641, 359});
  // 4:4:4, separate planes (ChromaArrayType 0): 1, 1. 12-bit luma, 16-bit chroma (max).
  p = {};
  p.profile = 4, p.chroma = 3, p.separate = true, p.width = 648, p.height = 368, p.l = 3, p.r = 4;
  p.t = 4, p.b = 5, p.dl = 4, p.dc = 8;
  cases.push_back({"4:4:4 separate planes", p, 641, 359});
  for (const c& k : cases) {
    BOOST_TEST_CONTEXT(k.what) {
      const bytes s = annexb({0xFF}, 0x42, hevc_sps_rbsp(k.p), 0x01);
      probe_result r;
      const status st = probe(s, r);
      BOOST_TEST_REQUIRE(st.is_ok(), st);
      BOOST_TEST(r.codec == video_codec::hevc);
      BOOST_TEST(r.profile_idc == k.p.profile);
      BOOST_TEST(r.level_idc == k.p.level);
      BOOST_TEST(r.width == k.w);
      BOOST_TEST(r.height == k.h);
      BOOST_TEST(r.chroma_format_idc == k.p.chroma);
      BOOST_TEST(r.bit_depth_luma == 8 + k.p.dl);
      BOOST_TEST(r.bit_depth_chroma == 8 + k.p.dc);
      BOOST_TEST(r.hevc.max_sub_layers_minus1 == k.p.sub_layers_m1);
      for (unsigned i = 0; i < k.p.sub_layers_m1; ++i) {
        BOOST_TEST(r.hevc.ptl.sub_layers[i].level_idc == k.p.level - 3 * (i + 1));
        BOOST_TEST(r.hevc.ptl.sub_layers[i].profile_present == (i % 2 == 0));
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(vps_with_sub_layers) {
  BitWriter w;
  w.write_bits(3, 4);       // vps id
  w.write_bits(0b11, 2);    // base layer internal, available
  w.write_bits(0, 6);
  w.write_bits(3, 3);       // max_sub_layers_minus1
  w.write_bit(1);
  w.write_bits(0xFFFF, 16);
  write_ptl(w, 2, 123, 3);
  w.write_trailing_bits();
  bytes nal = {0x40, 0x01};
  const bytes e = nal::escape(w.take());
  nal.insert(nal.end(), e.begin(), e.end());
  hevc_vps v;
  BOOST_TEST_REQUIRE(parse_hevc_vps(nal, v).is_ok());
  BOOST_TEST(v.vps_id == 3u);
  BOOST_TEST(v.max_sub_layers_minus1 == 3u);
  BOOST_TEST(v.ptl.profile_idc == 2u);
  BOOST_TEST(v.ptl.level_idc == 123u);
  BOOST_TEST(v.ptl.sub_layers[2].level_idc == 123u - 9u);
  BOOST_TEST(v.ptl.progressive_source_flag);
  BOOST_TEST(!v.ptl.interlaced_source_flag);
  // A wrong reserved field is corrupt.
  nal[2] ^= 0x00;
  bytes bad = nal;
  bad[4] = 0x7F;  // inside vps_reserved_0xffff_16bits
  BOOST_TEST(parse_hevc_vps(bad, v).kind == status_kind::corrupt);
}

BOOST_AUTO_TEST_CASE(hevc_errors) {
  hevc_params p;
  p.width = 64, p.height = 64, p.chroma = 7;
  probe_result r;
  status st = probe(annexb({}, 0x42, hevc_sps_rbsp(p), 0x01), r);
  BOOST_TEST(st.kind == status_kind::corrupt);
  p = {};
  p.width = 64, p.height = 64, p.b = 32;  // 2 * 32 = 64: nothing left
  st = probe(annexb({}, 0x42, hevc_sps_rbsp(p), 0x01), r);
  BOOST_TEST(st.kind == status_kind::corrupt);
  const bytes cut = {0x42, 0x01, 0x01, 0x01, 0x60};
  bytes s = {0, 0, 1};
  s.insert(s.end(), cut.begin(), cut.end());
  st = probe(s, r);
  BOOST_TEST(st.kind == status_kind::truncated);
  BOOST_TEST(st.offset == s.size());
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(ffmpeg_clips)

BOOST_DATA_TEST_CASE(matches_ffprobe_and_the_request, bdata::xrange(bits_test::clips().size()), i) {
  const bits_test::clip& c = bits_test::clips()[i];
  BOOST_TEST_MESSAGE("clip " << c.name);
  const std::string path = bits_test::generate(c);
  const bits_test::ffprobe_info f = bits_test::ffprobe(path);
  const bytes data = bits_test::read_file(path);
  probe_result r;
  const status st = probe(data, r);
  BOOST_TEST_REQUIRE(st.is_ok(), st);
  const bool hevc = std::string(c.encoder) == "libx265";
  BOOST_TEST(r.codec == (hevc ? video_codec::hevc : video_codec::h264));
  BOOST_TEST(f.codec_name == (hevc ? "hevc" : "h264"));
  // ffprobe's view.
  BOOST_TEST(r.width == f.width);
  BOOST_TEST(r.height == f.height);
  BOOST_TEST(static_cast<int>(r.level_idc) == f.level);
  BOOST_TEST(static_cast<int>(r.profile_idc) ==
             bits_test::profile_idc_from_name(hevc ? "hevc" : "h264", f.profile));
  const auto [chroma, depth] = bits_test::chroma_depth_from_pix_fmt(f.pix_fmt);
  if (c.chroma_format_idc != 0) {
    // (libavcodec's H.264 decoder reports monochrome as yuvj420p/yuv420p, so pix_fmt says
    // nothing about 4:0:0; the request does.)
    BOOST_TEST(static_cast<int>(r.chroma_format_idc) == chroma);
    BOOST_TEST(static_cast<int>(r.bit_depth_luma) == depth);
  }
  // The request's view (independent of ffprobe).
  BOOST_TEST(r.width == c.width);
  BOOST_TEST(r.height == c.height);
  BOOST_TEST(r.chroma_format_idc == c.chroma_format_idc);
  BOOST_TEST(r.bit_depth_luma == c.bit_depth);
  BOOST_TEST(r.bit_depth_chroma == c.bit_depth);
  BOOST_TEST(r.profile_idc == c.profile_idc);
  if (!hevc) BOOST_TEST(r.h264.frame_mbs_only_flag == !c.interlaced);
  // (x264's cqm=jvt puts its matrices in the PPS, so the SPS has none: not checked here.)
  if (std::string(c.extra).find("temporal-layers") != std::string::npos)
    BOOST_TEST(r.hevc.max_sub_layers_minus1 > 0u);
  // HEVC: the VPS parses too and agrees on the profile.
  if (hevc) {
    nal::splitter sp(data);
    bool seen = false;
    for (nal::unit u; sp.next(u);) {
      if (((data[u.offset] >> 1) & 0x3f) != 32) continue;
      hevc_vps v;
      const status vs = parse_hevc_vps(std::span<const std::uint8_t>(data).subspan(u.offset, u.size), v, u.offset);
      BOOST_TEST_REQUIRE(vs.is_ok(), vs);
      BOOST_TEST(v.ptl.profile_idc == r.profile_idc);
      BOOST_TEST(v.ptl.level_idc == r.level_idc);
      seen = true;
      break;
    }
    BOOST_TEST(seen);
  }
  // Every cut of the SPS NAL unit is an error, never a crash or a wrong answer.
  const std::size_t at = static_cast<std::size_t>(r.sps_offset);
  const std::span<const std::uint8_t> all(data);
  nal::splitter sp(all.subspan(at > 3 ? at - 3 : 0));
  nal::unit u;
  BOOST_TEST_REQUIRE(sp.next(u));
  const auto sps = all.subspan(at, u.size);
  for (std::size_t n = 1; n + 1 < sps.size(); ++n) {
    if (hevc) {
      hevc_sps s;
      (void)parse_hevc_sps(sps.first(n), s, at);
    } else {
      h264_sps s;
      const status cs = parse_h264_sps(sps.first(n), s, at);
      if (cs.is_ok()) BOOST_TEST(s.width == r.width);  // only the unread tail (VUI) was cut
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
