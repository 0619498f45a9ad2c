// The bit-reader part of the demo: both BitReaders (the public plain-JS one and the
// wasm-backed one from sluice/internal) over the Exp-Golomb bit strings of H.264 Table 9-4,
// 32-bit edges and errors, their readUE speed on the same codes, and probe() of an H.264 SPS
// written here field by field. js/test-browser/bits-checks.mjs checks the results against its
// own copy of the spec's tables.
import { BitReader, probe, SluiceError } from 'sluice';
import { WasmBitReader } from 'sluice/internal';

// H.264 Table 9-4, bit strings in explicit form.
const TABLE_9_4 = ['1', '010', '011', '00100', '00101', '00110', '00111', '0001000', '0001001',
  '0001010', '000011111', '00000111111'];

function fromBits(s) {
  const bytes = new Uint8Array(Math.ceil(s.length / 8));
  for (let i = 0; i < s.length; i++) if (s[i] === '1') bytes[i >> 3] |= 0x80 >> (i & 7);
  return bytes;
}

function ueBits(v) {
  const x = (v + 1).toString(2);
  return '0'.repeat(x.length - 1) + x;
}

function errorOf(fn) {
  try {
    fn();
    return 'no error';
  } catch (e) {
    return e instanceof SluiceError ? { code: e.code, offset: e.offset, message: e.message } : String(e);
  }
}

function run(R) {
  const out = {};
  out.table = TABLE_9_4.map((s) => {
    const r = new R(fromBits(`${s}1`));
    const v = [s, r.readUE(), r.bitPosition];
    r.free?.();
    return v;
  });
  const r = new R(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x80, 0, 0, 0, 0x2a]));
  out.u32 = [r.peekBits(32), r.readBits(32), r.readBits(32), r.bitsLeft];
  out.truncated = errorOf(() => r.readBits(9));
  out.afterError = [r.bitPosition, r.readBits(8)];
  r.free?.();
  const z = new R(new Uint8Array([0, 0, 0, 0, 0x80]));
  out.corrupt = errorOf(() => z.readUE());
  z.free?.();
  return out;
}

// readUE over `count` codes of a size mix; codes per second.
function speed(R, bytes, count) {
  let best = 0;
  for (let round = 0; round < 5; round++) {
    const r = new R(bytes);
    const t0 = performance.now();
    let acc = 0;
    for (let i = 0; i < count; i++) acc += r.readUE();
    const ms = performance.now() - t0;
    r.free?.();
    if (acc < 0) throw new Error('unreachable');
    best = Math.max(best, count / (ms / 1000));
  }
  return best;
}

function handMadeSps() {
  // seq_parameter_set_rbsp (H.264 7.3.2.1.1), High profile 4:2:2 10-bit at 854x480:
  // nal header 0x67, profile_idc 122, constraint flags 0, level_idc 31, sps id 0,
  // chroma_format_idc 2, bit_depth_luma_minus8 2, bit_depth_chroma_minus8 2, qpprime 0,
  // seq_scaling_matrix_present 0, log2_max_frame_num_minus4 0, pic_order_cnt_type 2,
  // max_num_ref_frames 1, gaps 0, width 54 MBs (864), height 30 map units (480),
  // frame_mbs_only 1, direct_8x8 1, cropping right 5 (CropUnitX 2 for 4:2:2: 864 - 10 = 854),
  // vui 0, stop bit.
  const u = (v, n) => v.toString(2).padStart(n, '0');
  let s = u(0x67, 8) + u(122, 8) + u(0, 8) + u(31, 8) + ueBits(0) + ueBits(2) + ueBits(2) + ueBits(2) +
    '0' + '0' + ueBits(0) + ueBits(2) + ueBits(1) + '0' + ueBits(53) + ueBits(29) + '1' + '1' +
    '1' + ueBits(0) + ueBits(5) + ueBits(0) + ueBits(0) + '0' + '1';
  while (s.length % 8) s += '0';
  const sps = fromBits(s);
  const stream = new Uint8Array(4 + sps.length + 8);
  stream.set([0xde, 0xad, 0, 1], 0); // garbage before the first start code
  stream.set([0, 0, 1], 3);
  stream.set(sps, 6);
  return stream;
}

export function bitsDemo(log) {
  const js = run(BitReader);
  const wasm = run(WasmBitReader);
  let codes = '';
  const count = 200000;
  for (let i = 0, s = 0x1234567; i < count; i++) {
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    codes += ueBits((s >>> 0) % ((s & 3) === 0 ? 5000 : 20));
  }
  const bytes = fromBits(`${codes}1`);
  const jsCodesPerSecond = speed(BitReader, bytes, count);
  const wasmCodesPerSecond = speed(WasmBitReader, bytes, count);
  const probed = probe(handMadeSps());
  const noSps = errorOf(() => probe(new Uint8Array([0, 0, 1, 0x09, 0xf0])));
  log(`Table 9-4 read by both readers: ${JSON.stringify(js.table) === JSON.stringify(wasm.table) ? 'same' : 'DIFFERENT'}; ` +
      `readUE ${(jsCodesPerSecond / 1e6).toFixed(0)} M codes/s (plain JS), ${(wasmCodesPerSecond / 1e6).toFixed(0)} M codes/s (wasm)`);
  log(`probe of a hand-made SPS: ${JSON.stringify(probed)}`);
  return { js, wasm, jsCodesPerSecond, wasmCodesPerSecond, probed, noSps, sameClass: BitReader.name };
}
