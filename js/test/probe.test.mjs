// probe(bytes) on H.264/HEVC streams generated here by ffmpeg (libx264/libx265: several
// profiles, 8/10-bit, 4:0:0/4:2:0/4:2:2/4:4:4, sizes that need cropping), compared with what
// `ffprobe -show_streams` reports and with what the encoder was asked for — never with
// sluice's own output. The same approach as tests/core/bits_ffmpeg.hpp (the native probe
// tests). Without ffmpeg/ffprobe the clip tests are skipped with a message (scripts/setup
// installs them; CI has them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { probe, SluiceError } from 'sluice';

const have = (tool) => spawnSync(tool, ['-hide_banner', '-version'], { stdio: 'ignore' }).status === 0;
const FFMPEG = have('ffmpeg') && have('ffprobe');
const SKIP = FFMPEG ? false : 'ffmpeg/ffprobe not found: install the Debian ffmpeg package (scripts/setup does)';
if (SKIP) console.log(`# probe clip tests skipped: ${SKIP}`);

// name, encoder, profile, pix_fmt, width, height, extra args; then what the request implies:
// chroma_format_idc, bit depth, profile_idc.
const CLIPS = [
  ['x264_baseline_1080p', 'libx264', 'baseline', 'yuv420p', 1920, 1080, [], 1, 8, 66],
  ['x264_high_854x480', 'libx264', 'high', 'yuv420p', 854, 480, [], 1, 8, 100],
  ['x264_high_interlaced_640x356', 'libx264', 'high', 'yuv420p', 640, 356, ['-flags', '+ildct+ilme'], 1, 8, 100],
  ['x264_high_gray_322x242', 'libx264', 'high', 'gray', 322, 242, [], 0, 8, 100],
  ['x264_high10_642x362', 'libx264', 'high10', 'yuv420p10le', 642, 362, [], 1, 10, 110],
  ['x264_high422_10_354x202', 'libx264', 'high422', 'yuv422p10le', 354, 202, [], 2, 10, 122],
  ['x264_high444_641x359', 'libx264', 'high444', 'yuv444p', 641, 359, [], 3, 8, 244],
  ['x265_main_1080p', 'libx265', 'main', 'yuv420p', 1920, 1080, [], 1, 8, 1],
  ['x265_main10_854x480', 'libx265', 'main10', 'yuv420p10le', 854, 480, [], 1, 10, 2],
  ['x265_main422_10_642x362', 'libx265', 'main422-10', 'yuv422p10le', 642, 362, [], 2, 10, 4],
  ['x265_main444_10_333x187', 'libx265', 'main444-10', 'yuv444p10le', 333, 187, [], 3, 10, 4],
];

let dir = null;
function clipPath(c) {
  dir ??= mkdtempSync(join(tmpdir(), 'sluice-js-probe-'));
  const [name, encoder, profile, pixFmt, w, h, extra] = c;
  const hevc = encoder === 'libx265';
  const path = join(dir, `${name}.${hevc ? '265' : '264'}`);
  // testsrc2 makes even sizes only: scale to the exact (possibly odd) size.
  const ew = (w + 1) & ~1;
  const eh = (h + 1) & ~1;
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', '-f', 'lavfi',
    '-i', `testsrc2=size=${ew}x${eh}:rate=25,scale=${w}:${h}`, '-frames:v', '2', '-c:v', encoder,
    '-pix_fmt', pixFmt, '-profile:v', profile, ...(hevc ? ['-x265-params', 'log-level=error'] : []),
    ...extra, '-f', hevc ? 'hevc' : 'h264', path]);
  return path;
}
process.on('exit', () => { if (dir) rmSync(dir, { recursive: true, force: true }); });

function ffprobe(path) {
  const out = execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_streams', '-of', 'json', path], { encoding: 'utf8' });
  return JSON.parse(out).streams[0];
}

// ffprobe's profile names (libavcodec's tables) as profile_idc.
const PROFILE_IDC = {
  h264: { Baseline: 66, 'Constrained Baseline': 66, Main: 77, Extended: 88, High: 100, 'High 10': 110,
          'High 4:2:2': 122, 'High 4:4:4 Predictive': 244 },
  hevc: { Main: 1, 'Main 10': 2, 'Main Still Picture': 3, Rext: 4 },
};
// pix_fmt -> [chroma_format_idc, bit depth]
function chromaDepth(pixFmt) {
  const depth = /p10|gray10/.test(pixFmt) ? 10 : 8;
  if (pixFmt.startsWith('gray')) return [0, depth];
  if (/^yuvj?420p/.test(pixFmt)) return [1, depth];
  if (/^yuvj?422p/.test(pixFmt)) return [2, depth];
  if (/^yuvj?444p/.test(pixFmt)) return [3, depth];
  return [-1, -1];
}

// INTERFACE.md's keys of `sluice probe --json`, in the order the CLI prints them.
const KEYS = ['codec', 'profile_idc', 'level_idc', 'width', 'height', 'chroma_format_idc',
  'bit_depth_luma', 'bit_depth_chroma'];

for (const c of CLIPS) {
  const [name, , , pixFmt, w, h, , chroma, depth, profileIdc] = c;
  test(`probe(${name}) matches ffprobe -show_streams`, { skip: SKIP }, () => {
    const path = clipPath(c);
    const bytes = readFileSync(path);
    const f = ffprobe(path);
    const p = probe(bytes);
    assert.deepEqual(Object.keys(p), KEYS);
    assert.equal(p.codec, f.codec_name);
    assert.equal(p.width, f.width);
    assert.equal(p.height, f.height);
    assert.equal(p.level_idc, f.level);
    assert.equal(p.profile_idc, PROFILE_IDC[f.codec_name][f.profile], `ffprobe profile "${f.profile}"`);
    const [fc, fd] = chromaDepth(f.pix_fmt);
    if (chroma !== 0) { // libavcodec decodes 4:0:0 H.264 to yuvj420p, so ffprobe says 4:2:0
      assert.equal(p.chroma_format_idc, fc, `ffprobe pix_fmt ${f.pix_fmt}`);
      assert.equal(p.bit_depth_luma, fd);
      assert.equal(p.bit_depth_chroma, fd);
    } else {
      assert.match(f.pix_fmt, /^(gray|yuvj?420p$)/, `ffprobe pix_fmt ${f.pix_fmt}`);
    }
    // and what the encoder was asked for
    assert.deepEqual([p.width, p.height, p.chroma_format_idc, p.bit_depth_luma, p.profile_idc],
                     [w, h, chroma, depth, profileIdc], `requested ${pixFmt}`);
    // every input form gives the same
    assert.deepEqual(probe(new Uint8Array(bytes).buffer), p);
    assert.deepEqual(probe(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)), p);
  });
}

test('probe skips garbage before the first start code, and finds an SPS past the first 64 KiB', { skip: SKIP }, () => {
  const bytes = readFileSync(clipPath(CLIPS[1]));
  const want = probe(bytes);
  for (const junk of [7, 65533, 65536 + 100, 300000]) {
    // 0xff bytes hold no start code
    const data = new Uint8Array(junk + bytes.length).fill(0xff);
    data.set(bytes, junk);
    assert.deepEqual(probe(data), want, `${junk} junk bytes`);
  }
});

test('probe of a stream cut inside its SPS is SLUICE_TRUNCATED with an offset', { skip: SKIP }, () => {
  const bytes = readFileSync(clipPath(CLIPS[0]));
  // Find the SPS: a start code followed by nal_unit_type 7 (H.264 7.4.1: forbidden_zero_bit,
  // nal_ref_idc (2 bits), nal_unit_type (5 bits)).
  let at = -1;
  for (let i = 0; i + 3 < bytes.length; i++) {
    if (bytes[i] === 0 && bytes[i + 1] === 0 && bytes[i + 2] === 1 && (bytes[i + 3] & 0x1f) === 7) { at = i + 3; break; }
  }
  assert.ok(at >= 0, 'the clip has an SPS');
  const cut = bytes.subarray(0, at + 6); // header, profile, flags, level, then a few bits
  let err;
  try { probe(cut); } catch (e) { err = e; }
  assert.ok(err instanceof SluiceError, String(err));
  assert.equal(err.code, 'SLUICE_TRUNCATED');
  assert.equal(typeof err.offset, 'number');
  assert.ok(err.offset >= at && err.offset <= cut.length, `offset ${err.offset}`);
  assert.match(err.message, /at byte \d+/);
});

test('probe of bytes with no parameter set is SLUICE_UNSUPPORTED with a clear message', () => {
  for (const data of [new Uint8Array(0), new Uint8Array(1000), new Uint8Array(200000).fill(0x55),
    // an H.264 access unit delimiter and a HEVC VPS but no SPS
    new Uint8Array([0, 0, 0, 1, 0x09, 0xf0, 0, 0, 1, 0x40, 0x01, 0x0c])]) {
    let err;
    try { probe(data); } catch (e) { err = e; }
    assert.ok(err instanceof SluiceError, String(err));
    assert.equal(err.code, 'SLUICE_UNSUPPORTED');
    assert.equal(err.message, 'no H.264 or HEVC sequence parameter set found');
  }
});

test('probe of a hand-made H.264 SPS (sizes from the spec\'s cropping formula)', () => {
  // seq_parameter_set_rbsp (7.3.2.1.1), Baseline: profile_idc 66, constraint flags 0xc0,
  // level_idc 40, sps id 0, log2_max_frame_num_minus4 0, pic_order_cnt_type 2,
  // max_num_ref_frames 1, gaps 0, pic_width_in_mbs_minus1 119, pic_height_in_map_units_minus1
  // 67, frame_mbs_only 1, direct_8x8 1, cropping (0, 0, 0, 4), vui 0, stop bit.
  // 16 x 120 = 1920; 16 x 68 - CropUnitY (2) x 4 = 1080.
  const bits = [];
  const u = (v, n) => { for (let i = n - 1; i >= 0; i--) bits.push((v >> i) & 1); };
  const ue = (v) => { const x = v + 1; const len = 31 - Math.clz32(x); u(0, len); u(x, len + 1); };
  u(0x67, 8); u(66, 8); u(0xc0, 8); u(40, 8); ue(0); ue(0); ue(2); ue(1); u(0, 1); ue(119); ue(67);
  u(1, 1); u(1, 1); u(1, 1); ue(0); ue(0); ue(0); ue(4); u(0, 1); u(1, 1);
  while (bits.length % 8) bits.push(0);
  const sps = new Uint8Array(bits.length / 8);
  bits.forEach((b, i) => { sps[i >> 3] |= b << (7 - (i & 7)); });
  const stream = new Uint8Array([0, 0, 0, 1, ...sps, 0, 0, 1, 0x68, 0xce, 0x38, 0x80]);
  assert.deepEqual(probe(stream), { codec: 'h264', profile_idc: 66, level_idc: 40, width: 1920,
    height: 1080, chroma_format_idc: 1, bit_depth_luma: 8, bit_depth_chroma: 8 });
});

test('probe rejects what is not bytes with SLUICE_ARGUMENT', () => {
  for (const bad of ['00 00 01 67', null, undefined, 5, [0, 0, 1]]) {
    assert.throws(() => probe(bad), (e) => e instanceof SluiceError && e.code === 'SLUICE_ARGUMENT');
  }
});
