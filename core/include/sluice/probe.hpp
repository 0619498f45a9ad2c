// sluice/probe.hpp — sequence parameter sets of H.264 and HEVC, and `probe()`: what an
// Annex-B elementary stream is (codec, profile, level, cropped size, chroma format, bit
// depths), from its first sequence parameter set.
//
// Parsers take one NAL unit as it appears in the stream (NAL header first, emulation
// prevention bytes still in) and the stream offset of its first byte; they remove the
// emulation prevention themselves. Errors are statuses with kind and stream offset:
//   truncated   the NAL unit ended inside the syntax the parser needs;
//   corrupt     a value outside the range the spec allows (e.g. chroma_format_idc 5), an
//               Exp-Golomb code over 32 bits, a cropping window larger than the picture;
//   invalid_argument  the NAL unit is not of the expected type.
// Parsers read only what they need: H.264 stops before vui_parameters(), HEVC after the bit
// depths. Nothing here allocates more than one copy of the NAL unit.
#pragma once

#include <cstdint>
#include <span>

#include "sluice/status.hpp"

namespace sluice {

enum class video_codec : std::uint8_t { unknown = 0, h264, hevc };
/// "h264" / "hevc" / "unknown".
const char* codec_name(video_codec c) noexcept;

/// H.264 seq_parameter_set_rbsp() (7.3.2.1.1) up to vui_parameters_present_flag.
struct h264_sps {
  std::uint8_t profile_idc = 0;
  std::uint8_t constraint_flags = 0;  ///< constraint_set0..5 in bits 7..2, as in the stream
  std::uint8_t level_idc = 0;
  std::uint32_t seq_parameter_set_id = 0;
  std::uint32_t chroma_format_idc = 1;        ///< 0 monochrome, 1 4:2:0, 2 4:2:2, 3 4:4:4
  bool separate_colour_plane_flag = false;
  std::uint32_t bit_depth_luma = 8;           ///< bit_depth_luma_minus8 + 8
  std::uint32_t bit_depth_chroma = 8;
  bool qpprime_y_zero_transform_bypass_flag = false;
  bool seq_scaling_matrix_present_flag = false;
  std::uint32_t log2_max_frame_num = 4;
  std::uint32_t pic_order_cnt_type = 0;
  std::uint32_t log2_max_pic_order_cnt_lsb = 4;  ///< when pic_order_cnt_type == 0
  std::uint32_t max_num_ref_frames = 0;
  bool gaps_in_frame_num_value_allowed_flag = false;
  std::uint32_t pic_width_in_mbs = 0;         ///< pic_width_in_mbs_minus1 + 1
  std::uint32_t pic_height_in_map_units = 0;  ///< pic_height_in_map_units_minus1 + 1
  bool frame_mbs_only_flag = true;
  bool mb_adaptive_frame_field_flag = false;
  bool direct_8x8_inference_flag = false;
  bool frame_cropping_flag = false;
  std::uint32_t crop_left = 0, crop_right = 0, crop_top = 0, crop_bottom = 0;  ///< in crop units
  bool vui_parameters_present_flag = false;

  // Derived.
  std::uint32_t chroma_array_type = 1;  ///< 0 when separate_colour_plane_flag
  std::uint32_t coded_width = 0;        ///< PicWidthInMbs * 16
  std::uint32_t coded_height = 0;       ///< FrameHeightInMbs * 16
  std::uint32_t crop_unit_x = 1, crop_unit_y = 2;
  std::uint32_t width = 0;              ///< after cropping
  std::uint32_t height = 0;
};

/// HEVC profile_tier_level() (7.3.3): the general part and each sub-layer's.
struct hevc_ptl {
  std::uint8_t profile_space = 0;
  bool tier_flag = false;
  std::uint8_t profile_idc = 0;
  std::uint32_t profile_compatibility_flags = 0;  ///< flag j in bit 31-j
  bool progressive_source_flag = false, interlaced_source_flag = false;
  bool non_packed_constraint_flag = false, frame_only_constraint_flag = false;
  std::uint8_t level_idc = 0;  ///< 30 x level (e.g. 120 = level 4)
  std::uint8_t max_sub_layers_minus1 = 0;
  struct sub_layer {
    bool profile_present = false, level_present = false;
    std::uint8_t profile_space = 0, profile_idc = 0, level_idc = 0;
    bool tier_flag = false;
  } sub_layers[7];
};

/// HEVC video_parameter_set_rbsp() (7.3.2.1) up to profile_tier_level().
struct hevc_vps {
  std::uint8_t vps_id = 0;
  bool base_layer_internal_flag = false, base_layer_available_flag = false;
  std::uint8_t max_layers_minus1 = 0;
  std::uint8_t max_sub_layers_minus1 = 0;
  bool temporal_id_nesting_flag = false;
  hevc_ptl ptl;
};

/// HEVC seq_parameter_set_rbsp() (7.3.2.2.1) up to log2_max_pic_order_cnt_lsb_minus4.
struct hevc_sps {
  std::uint8_t vps_id = 0;
  std::uint8_t max_sub_layers_minus1 = 0;
  bool temporal_id_nesting_flag = false;
  hevc_ptl ptl;
  std::uint32_t sps_id = 0;
  std::uint32_t chroma_format_idc = 1;
  bool separate_colour_plane_flag = false;
  std::uint32_t pic_width_in_luma_samples = 0;
  std::uint32_t pic_height_in_luma_samples = 0;
  bool conformance_window_flag = false;
  std::uint32_t conf_win_left = 0, conf_win_right = 0, conf_win_top = 0, conf_win_bottom = 0;
  std::uint32_t bit_depth_luma = 8;
  std::uint32_t bit_depth_chroma = 8;
  std::uint32_t log2_max_pic_order_cnt_lsb = 4;

  // Derived.
  std::uint32_t sub_width_c = 2, sub_height_c = 2;
  std::uint32_t width = 0;   ///< after the conformance window
  std::uint32_t height = 0;
};

/// Parses an H.264 SPS NAL unit (nal_unit_type 7). `stream_offset` is the offset of nal[0].
status parse_h264_sps(std::span<const std::uint8_t> nal, h264_sps& out,
                      std::uint64_t stream_offset = 0);
/// Parses an HEVC VPS NAL unit (nal_unit_type 32).
status parse_hevc_vps(std::span<const std::uint8_t> nal, hevc_vps& out,
                      std::uint64_t stream_offset = 0);
/// Parses an HEVC SPS NAL unit (nal_unit_type 33).
status parse_hevc_sps(std::span<const std::uint8_t> nal, hevc_sps& out,
                      std::uint64_t stream_offset = 0);

/// What `sluice probe` and the JS `probe(bytes)` report.
struct probe_result {
  video_codec codec = video_codec::unknown;
  std::uint32_t profile_idc = 0;  ///< H.264 profile_idc; HEVC general_profile_idc
  std::uint32_t level_idc = 0;    ///< H.264 level_idc; HEVC general_level_idc
  std::uint32_t width = 0;        ///< after cropping / the conformance window
  std::uint32_t height = 0;
  std::uint32_t chroma_format_idc = 0;
  std::uint32_t bit_depth_luma = 0;
  std::uint32_t bit_depth_chroma = 0;
  std::uint64_t sps_offset = 0;   ///< stream offset of the SPS NAL unit's header byte
  h264_sps h264;                  ///< filled when codec == h264
  hevc_sps hevc;                  ///< filled when codec == hevc
};

/// Scans an Annex-B stream for its first sequence parameter set (H.264 nal_unit_type 7 or
/// HEVC nal_unit_type 33 in the base layer) and parses it. Bytes before the first start code
/// are ignored. Statuses: ok; `unsupported` "no H.264 or HEVC sequence parameter set found";
/// or the parser's error (corrupt / truncated with the stream offset).
status probe(std::span<const std::uint8_t> bytes, probe_result& out);

}  // namespace sluice
