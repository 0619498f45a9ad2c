// H.264 / HEVC parameter-set parsing and probe(). Written from the syntax tables of
// ITU-T H.264 (7.3.2.1.1, 7.4.2.1.1, E.2.1 not needed) and H.265 (7.3.2.1, 7.3.2.2.1, 7.3.3).
#include "sluice/probe.hpp"

#include <vector>

#include "sluice/bits.hpp"
#include "sluice/nal.hpp"

namespace sluice {

const char* codec_name(video_codec c) noexcept {
  switch (c) {
    case video_codec::h264: return "h264";
    case video_codec::hevc: return "hevc";
    default: return "unknown";
  }
}

namespace {

// The RBSP of one NAL unit, with what is needed to map RBSP byte offsets back to the stream.
struct rbsp {
  std::vector<std::uint8_t> bytes;
  std::vector<std::size_t> removed_at;  ///< RBSP offset at which each 0x03 was dropped

  explicit rbsp(std::span<const std::uint8_t> nal) {
    bytes.reserve(nal.size());
    unsigned zeros = 0;
    for (std::uint8_t b : nal) {
      if (zeros >= 2 && b == 3) {
        removed_at.push_back(bytes.size());
        zeros = 0;
        continue;
      }
      bytes.push_back(b);
      zeros = b == 0 ? zeros + 1 : 0;
    }
  }
  std::uint64_t escaped_offset(std::uint64_t r) const noexcept {
    std::uint64_t n = 0;
    for (std::size_t a : removed_at)
      if (a <= r) ++n;
    return r + n;
  }
};

struct messages {
  const char* truncated;
  const char* long_code;
};
constexpr messages k_h264{"truncated H.264 SPS (the NAL unit ends inside it)",
                          "corrupt H.264 SPS: Exp-Golomb code longer than 32 bits"};
constexpr messages k_hevc_sps{"truncated HEVC SPS (the NAL unit ends inside it)",
                              "corrupt HEVC SPS: Exp-Golomb code longer than 32 bits"};
constexpr messages k_hevc_vps{"truncated HEVC VPS (the NAL unit ends inside it)",
                              "corrupt HEVC VPS: Exp-Golomb code longer than 32 bits"};

// Turns the reader's status into the parser's: stream offsets, messages that name the syntax.
status finish(const BitReader& r, const rbsp& rb, std::uint64_t stream_offset,
              const messages& m) {
  status st = r.status();
  if (st.is_ok()) return st;
  if (st.kind == status_kind::truncated) st.message = m.truncated;
  else if (st.kind == status_kind::corrupt && st.message &&
           st.message[0] == 'E')  // the reader's own Exp-Golomb message
    st.message = m.long_code;
  if (st.has_offset()) st.offset = stream_offset + rb.escaped_offset(st.offset);
  return st;
}

// Reads a ue(v) and fails the reader (corrupt, at the code) when it exceeds `max`.
std::uint32_t ue_max(BitReader& r, std::uint32_t max, const char* msg) {
  const std::uint64_t at = r.bit_position();
  const std::uint32_t v = r.read_ue();
  if (v > max && r.ok()) {
    BitReader back = r;  // fail at the code's offset, not after it
    back.seek_bits(at);
    r = back;
    (void)r.fail(status_kind::corrupt, msg);
    return 0;
  }
  return v;
}

bool h264_has_chroma_info(unsigned profile_idc) {
  switch (profile_idc) {
    case 100: case 110: case 122: case 244: case 44: case 83: case 86:
    case 118: case 128: case 138: case 139: case 134: case 135:
      return true;
    default:
      return false;
  }
}

// scaling_list(): only the syntax matters here (values are not kept).
void h264_skip_scaling_list(BitReader& r, unsigned size) {
  std::int32_t last = 8, next = 8;
  for (unsigned j = 0; j < size; ++j) {
    if (next != 0) {
      const std::int32_t delta = r.read_se();
      if (!r.ok()) return;
      if (delta < -128 || delta > 127) {
        (void)r.fail(status_kind::corrupt, "corrupt H.264 SPS: delta_scale outside -128..127");
        return;
      }
      next = (last + delta + 256) % 256;
    }
    last = next == 0 ? last : next;
  }
}

void hevc_parse_ptl(BitReader& r, hevc_ptl& p, unsigned max_sub_layers_minus1) {
  p.max_sub_layers_minus1 = static_cast<std::uint8_t>(max_sub_layers_minus1);
  p.profile_space = static_cast<std::uint8_t>(r.read_bits(2));
  p.tier_flag = r.read_bit();
  p.profile_idc = static_cast<std::uint8_t>(r.read_bits(5));
  p.profile_compatibility_flags = static_cast<std::uint32_t>(r.read_bits(32));
  p.progressive_source_flag = r.read_bit();
  p.interlaced_source_flag = r.read_bit();
  p.non_packed_constraint_flag = r.read_bit();
  p.frame_only_constraint_flag = r.read_bit();
  r.skip_bits(43 + 1);  // constraint flags / reserved bits, then inbld or reserved
  p.level_idc = static_cast<std::uint8_t>(r.read_bits(8));
  for (unsigned i = 0; i < max_sub_layers_minus1; ++i) {
    p.sub_layers[i].profile_present = r.read_bit();
    p.sub_layers[i].level_present = r.read_bit();
  }
  if (max_sub_layers_minus1 > 0)
    for (unsigned i = max_sub_layers_minus1; i < 8; ++i) r.skip_bits(2);  // reserved_zero_2bits
  for (unsigned i = 0; i < max_sub_layers_minus1; ++i) {
    auto& s = p.sub_layers[i];
    if (s.profile_present) {
      s.profile_space = static_cast<std::uint8_t>(r.read_bits(2));
      s.tier_flag = r.read_bit();
      s.profile_idc = static_cast<std::uint8_t>(r.read_bits(5));
      r.skip_bits(32 + 4 + 43 + 1);
    }
    if (s.level_present) s.level_idc = static_cast<std::uint8_t>(r.read_bits(8));
  }
}

}  // namespace

status parse_h264_sps(std::span<const std::uint8_t> nal, h264_sps& s, std::uint64_t off) {
  s = h264_sps{};
  if (nal.empty() || (nal[0] & 0x1f) != 7)
    return error(status_kind::invalid_argument, "not an H.264 SPS NAL unit", off);
  rbsp rb(nal);
  BitReader r(rb.bytes);
  r.skip_bits(8);  // forbidden_zero_bit, nal_ref_idc, nal_unit_type
  s.profile_idc = static_cast<std::uint8_t>(r.read_bits(8));
  s.constraint_flags = static_cast<std::uint8_t>(r.read_bits(8));  // 6 flags + reserved_zero_2bits
  s.level_idc = static_cast<std::uint8_t>(r.read_bits(8));
  s.seq_parameter_set_id = ue_max(r, 31, "corrupt H.264 SPS: seq_parameter_set_id above 31");
  if (h264_has_chroma_info(s.profile_idc)) {
    s.chroma_format_idc = ue_max(r, 3, "corrupt H.264 SPS: chroma_format_idc above 3");
    if (s.chroma_format_idc == 3) s.separate_colour_plane_flag = r.read_bit();
    s.bit_depth_luma = 8 + ue_max(r, 6, "corrupt H.264 SPS: bit_depth_luma_minus8 above 6");
    s.bit_depth_chroma = 8 + ue_max(r, 6, "corrupt H.264 SPS: bit_depth_chroma_minus8 above 6");
    s.qpprime_y_zero_transform_bypass_flag = r.read_bit();
    s.seq_scaling_matrix_present_flag = r.read_bit();
    if (s.seq_scaling_matrix_present_flag) {
      const unsigned lists = s.chroma_format_idc != 3 ? 8 : 12;
      for (unsigned i = 0; i < lists && r.ok(); ++i)
        if (r.read_bit()) h264_skip_scaling_list(r, i < 6 ? 16 : 64);
    }
  }
  s.log2_max_frame_num = 4 + ue_max(r, 12, "corrupt H.264 SPS: log2_max_frame_num_minus4 above 12");
  s.pic_order_cnt_type = ue_max(r, 2, "corrupt H.264 SPS: pic_order_cnt_type above 2");
  if (s.pic_order_cnt_type == 0) {
    s.log2_max_pic_order_cnt_lsb =
        4 + ue_max(r, 12, "corrupt H.264 SPS: log2_max_pic_order_cnt_lsb_minus4 above 12");
  } else if (s.pic_order_cnt_type == 1) {
    (void)r.read_bit();  // delta_pic_order_always_zero_flag
    (void)r.read_se();   // offset_for_non_ref_pic
    (void)r.read_se();   // offset_for_top_to_bottom_field
    const std::uint32_t n =
        ue_max(r, 255, "corrupt H.264 SPS: num_ref_frames_in_pic_order_cnt_cycle above 255");
    for (std::uint32_t i = 0; i < n && r.ok(); ++i) (void)r.read_se();
  }
  s.max_num_ref_frames = r.read_ue();
  s.gaps_in_frame_num_value_allowed_flag = r.read_bit();
  // Picture sizes: 2^16 macroblocks in one dimension is far beyond any level; it keeps the
  // derived sizes inside 32 bits.
  s.pic_width_in_mbs = 1 + ue_max(r, 65535, "corrupt H.264 SPS: pic_width_in_mbs_minus1 too large");
  s.pic_height_in_map_units =
      1 + ue_max(r, 65535, "corrupt H.264 SPS: pic_height_in_map_units_minus1 too large");
  s.frame_mbs_only_flag = r.read_bit();
  if (!s.frame_mbs_only_flag) s.mb_adaptive_frame_field_flag = r.read_bit();
  s.direct_8x8_inference_flag = r.read_bit();
  s.frame_cropping_flag = r.read_bit();
  if (s.frame_cropping_flag) {
    s.crop_left = r.read_ue();
    s.crop_right = r.read_ue();
    s.crop_top = r.read_ue();
    s.crop_bottom = r.read_ue();
  }
  s.vui_parameters_present_flag = r.read_bit();
  // vui_parameters() is not needed for what we report; it is not read (so a broken VUI cannot
  // make an otherwise good SPS fail).
  if (!r.ok()) return finish(r, rb, off, k_h264);

  // Derived values (7.4.2.1.1).
  s.chroma_array_type = s.separate_colour_plane_flag ? 0 : s.chroma_format_idc;
  const std::uint32_t frame_height_in_mbs = (2 - (s.frame_mbs_only_flag ? 1u : 0u)) * s.pic_height_in_map_units;
  s.coded_width = s.pic_width_in_mbs * 16;
  s.coded_height = frame_height_in_mbs * 16;
  const std::uint32_t field_factor = 2 - (s.frame_mbs_only_flag ? 1u : 0u);
  if (s.chroma_array_type == 0) {
    s.crop_unit_x = 1;
    s.crop_unit_y = field_factor;
  } else {
    const std::uint32_t sub_w = s.chroma_array_type == 3 ? 1 : 2;
    const std::uint32_t sub_h = s.chroma_array_type == 1 ? 2 : 1;
    s.crop_unit_x = sub_w;
    s.crop_unit_y = sub_h * field_factor;
  }
  const std::uint64_t cx = std::uint64_t{s.crop_unit_x} * (std::uint64_t{s.crop_left} + s.crop_right);
  const std::uint64_t cy = std::uint64_t{s.crop_unit_y} * (std::uint64_t{s.crop_top} + s.crop_bottom);
  if (cx >= s.coded_width || cy >= s.coded_height)
    return error(status_kind::corrupt, "corrupt H.264 SPS: cropping window larger than the picture",
                 off);
  s.width = s.coded_width - static_cast<std::uint32_t>(cx);
  s.height = s.coded_height - static_cast<std::uint32_t>(cy);
  return ok();
}

status parse_hevc_vps(std::span<const std::uint8_t> nal, hevc_vps& v, std::uint64_t off) {
  v = hevc_vps{};
  if (nal.size() < 2 || ((nal[0] >> 1) & 0x3f) != 32)
    return error(status_kind::invalid_argument, "not an HEVC VPS NAL unit", off);
  rbsp rb(nal);
  BitReader r(rb.bytes);
  r.skip_bits(16);  // nal_unit_header()
  v.vps_id = static_cast<std::uint8_t>(r.read_bits(4));
  v.base_layer_internal_flag = r.read_bit();
  v.base_layer_available_flag = r.read_bit();
  v.max_layers_minus1 = static_cast<std::uint8_t>(r.read_bits(6));
  v.max_sub_layers_minus1 = static_cast<std::uint8_t>(r.read_bits(3));
  v.temporal_id_nesting_flag = r.read_bit();
  const std::uint32_t reserved = static_cast<std::uint32_t>(r.read_bits(16));
  if (r.ok() && v.max_sub_layers_minus1 > 6)
    (void)r.fail(status_kind::corrupt, "corrupt HEVC VPS: vps_max_sub_layers_minus1 above 6");
  if (r.ok() && reserved != 0xffff)
    (void)r.fail(status_kind::corrupt, "corrupt HEVC VPS: vps_reserved_0xffff_16bits is not 0xffff");
  if (r.ok()) hevc_parse_ptl(r, v.ptl, v.max_sub_layers_minus1);
  return finish(r, rb, off, k_hevc_vps);
}

status parse_hevc_sps(std::span<const std::uint8_t> nal, hevc_sps& s, std::uint64_t off) {
  s = hevc_sps{};
  if (nal.size() < 2 || ((nal[0] >> 1) & 0x3f) != 33)
    return error(status_kind::invalid_argument, "not an HEVC SPS NAL unit", off);
  rbsp rb(nal);
  BitReader r(rb.bytes);
  r.skip_bits(16);  // nal_unit_header()
  s.vps_id = static_cast<std::uint8_t>(r.read_bits(4));
  s.max_sub_layers_minus1 = static_cast<std::uint8_t>(r.read_bits(3));
  s.temporal_id_nesting_flag = r.read_bit();
  if (r.ok() && s.max_sub_layers_minus1 > 6)
    (void)r.fail(status_kind::corrupt, "corrupt HEVC SPS: sps_max_sub_layers_minus1 above 6");
  if (r.ok()) hevc_parse_ptl(r, s.ptl, s.max_sub_layers_minus1);
  s.sps_id = ue_max(r, 15, "corrupt HEVC SPS: sps_seq_parameter_set_id above 15");
  s.chroma_format_idc = ue_max(r, 3, "corrupt HEVC SPS: chroma_format_idc above 3");
  if (s.chroma_format_idc == 3) s.separate_colour_plane_flag = r.read_bit();
  // 2^20 samples in one dimension is far beyond level 6.2 (8192 x 4320, 35,651,584 samples).
  s.pic_width_in_luma_samples =
      ue_max(r, 1u << 20, "corrupt HEVC SPS: pic_width_in_luma_samples too large");
  s.pic_height_in_luma_samples =
      ue_max(r, 1u << 20, "corrupt HEVC SPS: pic_height_in_luma_samples too large");
  s.conformance_window_flag = r.read_bit();
  if (s.conformance_window_flag) {
    s.conf_win_left = r.read_ue();
    s.conf_win_right = r.read_ue();
    s.conf_win_top = r.read_ue();
    s.conf_win_bottom = r.read_ue();
  }
  s.bit_depth_luma = 8 + ue_max(r, 8, "corrupt HEVC SPS: bit_depth_luma_minus8 above 8");
  s.bit_depth_chroma = 8 + ue_max(r, 8, "corrupt HEVC SPS: bit_depth_chroma_minus8 above 8");
  s.log2_max_pic_order_cnt_lsb =
      4 + ue_max(r, 12, "corrupt HEVC SPS: log2_max_pic_order_cnt_lsb_minus4 above 12");
  if (!r.ok()) return finish(r, rb, off, k_hevc_sps);

  if (s.pic_width_in_luma_samples == 0 || s.pic_height_in_luma_samples == 0)
    return error(status_kind::corrupt, "corrupt HEVC SPS: zero picture size", off);
  // Table 6-1: SubWidthC / SubHeightC (ChromaArrayType 0 — monochrome or separate planes — is 1, 1).
  const std::uint32_t cat = s.separate_colour_plane_flag ? 0 : s.chroma_format_idc;
  s.sub_width_c = (cat == 1 || cat == 2) ? 2 : 1;
  s.sub_height_c = cat == 1 ? 2 : 1;
  const std::uint64_t cx = std::uint64_t{s.sub_width_c} * (std::uint64_t{s.conf_win_left} + s.conf_win_right);
  const std::uint64_t cy = std::uint64_t{s.sub_height_c} * (std::uint64_t{s.conf_win_top} + s.conf_win_bottom);
  if (cx >= s.pic_width_in_luma_samples || cy >= s.pic_height_in_luma_samples)
    return error(status_kind::corrupt,
                 "corrupt HEVC SPS: conformance window larger than the picture", off);
  s.width = s.pic_width_in_luma_samples - static_cast<std::uint32_t>(cx);
  s.height = s.pic_height_in_luma_samples - static_cast<std::uint32_t>(cy);
  return ok();
}

status probe(std::span<const std::uint8_t> bytes, probe_result& out) {
  out = probe_result{};
  nal::splitter sp(bytes);
  for (nal::unit u; sp.next(u);) {
    const auto n = bytes.subspan(u.offset, u.size);
    const std::uint8_t b0 = n[0];
    if (b0 & 0x80) continue;  // forbidden_zero_bit set: not a NAL unit header
    // H.264 SPS: nal_unit_type 7. HEVC SPS: nal_unit_type 33, nuh_layer_id 0, TemporalId + 1 > 0.
    // The two header patterns cannot both match one byte pair (0x07/0x27/0x47/0x67 vs 0x42).
    if ((b0 & 0x1f) == 7) {
      status st = parse_h264_sps(n, out.h264, u.offset);
      if (st.is_error()) return st;
      const h264_sps& s = out.h264;
      out.codec = video_codec::h264;
      out.profile_idc = s.profile_idc;
      out.level_idc = s.level_idc;
      out.width = s.width;
      out.height = s.height;
      out.chroma_format_idc = s.chroma_format_idc;
      out.bit_depth_luma = s.bit_depth_luma;
      out.bit_depth_chroma = s.bit_depth_chroma;
      out.sps_offset = u.offset;
      return ok();
    }
    if (n.size() >= 2 && ((b0 >> 1) & 0x3f) == 33 && (b0 & 1) == 0 && (n[1] >> 3) == 0 &&
        (n[1] & 7) != 0) {
      status st = parse_hevc_sps(n, out.hevc, u.offset);
      if (st.is_error()) return st;
      const hevc_sps& s = out.hevc;
      out.codec = video_codec::hevc;
      out.profile_idc = s.ptl.profile_idc;
      out.level_idc = s.ptl.level_idc;
      out.width = s.width;
      out.height = s.height;
      out.chroma_format_idc = s.chroma_format_idc;
      out.bit_depth_luma = s.bit_depth_luma;
      out.bit_depth_chroma = s.bit_depth_chroma;
      out.sps_offset = u.offset;
      return ok();
    }
  }
  return error(status_kind::unsupported, "no H.264 or HEVC sequence parameter set found");
}

}  // namespace sluice
