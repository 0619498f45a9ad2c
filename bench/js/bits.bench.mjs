// Node benchmark: sluice's BitReader (the npm package) against the JavaScript bit readers a
// user would otherwise pick, on the same bytes in one process. Prints one JSON line per
// result for bench/run: {"name": "<group>/<case>/<impl>/<size>", "items_per_second"}.
//
// Implementations:
//   sluice            the public BitReader (plain JS, js/lib/bits-js.mjs)
//   sluice-wasm       core's reader in wasm, one call per read (WasmBitReader, sluice/internal):
//                     the alternative the issue asked to measure; the faster of the two is
//                     exported as BitReader
//   muxjs             mux.js's ExpGolomb (lib/utils/exp-golomb.js; also what hls.js carries)
//   thing-bitstream   @thi.ng/bitstream's BitInputStream (fixed widths only: no Exp-Golomb)
//
// Groups:
//   node-bits/read_ue/<impl>/1MiB         ue(v) codes per second: the native bench's size mix
//                                         (3 in 4 values below 16, the rest below 2^19)
//   node-bits/read_se/<impl>/1MiB         se(v), the same codes
//   node-bits/read_bits/<impl>/1MiB       fields of widths 1..32 in the native bench's order
//   node-bits/read_bits_32/<impl>/1MiB    readBits(32)
//   node-bits-goal/read_ue/<impl>/1MiB    sluice against the absolute target, as an
//                                         anchor named goal-50M that "reads" 50 M codes/s
//                                         (bench/targets.json asks ratio >= 1 of it)
// Every implementation's values are checked against the bit-by-bit oracle below before it is
// timed. Each measurement: a warm-up, then the median of several timed rounds.
// SLUICE_BENCH_FILTER (a regular expression) selects result names.
import { createRequire } from 'node:module';
import { BitReader } from 'sluice';
import { WasmBitReader } from 'sluice/internal';
import { BitInputStream } from '@thi.ng/bitstream';

const require = createRequire(import.meta.url);
const MuxExpGolomb = require('mux.js/lib/utils/exp-golomb.js');

const filter = process.env.SLUICE_BENCH_FILTER ? new RegExp(process.env.SLUICE_BENCH_FILTER) : null;
const ROUNDS = Number(process.env.SLUICE_BENCH_ROUNDS ?? 5);
const ROUND_SECONDS = Number(process.env.SLUICE_BENCH_ROUND_SECONDS ?? 0.3);
const MiB = 1 << 20;

function median(v) {
  const s = [...v].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** Runs pass() (which returns the items it processed) until ROUND_SECONDS pass; items/s. */
function rate(pass) {
  const once = () => {
    let items = 0;
    const t0 = process.hrtime.bigint();
    let t = t0;
    const limit = BigInt(Math.round(ROUND_SECONDS * 1e9));
    do {
      items += pass();
      t = process.hrtime.bigint();
    } while (t - t0 < limit);
    return items / (Number(t - t0) / 1e9);
  };
  once(); // warm-up (JIT tiers, wasm tier-up)
  const rounds = [];
  for (let r = 0; r < ROUNDS; r++) rounds.push(once());
  return median(rounds);
}

function emit(name, value) {
  if (filter && !filter.test(name)) return;
  console.log(JSON.stringify({ name, items_per_second: value }));
}
const wanted = (names) => !filter || names.some((n) => filter.test(n));

// ---- data, written bit by bit (an oracle independent of every reader measured) ----------
function xorshift(seed) {
  let s = seed >>> 0;
  return () => {
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    return s >>> 0;
  };
}

class OracleWriter {
  bytes = new Uint8Array(MiB + 64);
  pos = 0;
  bit(b) {
    if (b) this.bytes[this.pos >>> 3] |= 0x80 >>> (this.pos & 7);
    this.pos++;
  }
  bits(v, n) { for (let i = n - 1; i >= 0; i--) this.bit(Math.floor(v / 2 ** i) % 2); }
  ue(v) {
    const x = v + 1;
    const len = Math.floor(Math.log2(x));
    this.bits(0, len);
    this.bits(x, len + 1);
  }
}

const rnd = xorshift(7);
const ueValues = [];
{
  const w = new OracleWriter();
  while (w.pos < (MiB - 64) * 8) {
    const r = rnd();
    const bits = (r & 7) < 6 ? (r >>> 3) % 5 : (r >>> 3) % 20;
    const v = rnd() & ((1 << bits) - 1);
    w.ue(v);
    ueValues.push(v);
  }
  w.bits(1, 1); // rbsp stop bit
  var ueBytes = w.bytes.subarray(0, (w.pos + 7) >>> 3);
}
const CODES = ueValues.length;
const ueSum = ueValues.reduce((a, b) => a + b, 0);
const seSum = ueValues.reduce((a, k) => a + ((k & 1) ? (k + 1) / 2 : -(k / 2)), 0);

const random = new Uint8Array(MiB);
{
  const r = xorshift(42);
  for (let i = 0; i < MiB; i++) random[i] = r() & 0xff;
}
const WIDTHS = [5, 13, 1, 32, 7, 24, 3, 16, 11, 2, 29, 8, 19, 4, 27, 6,
  31, 9, 14, 22, 10, 17, 25, 12, 30, 15, 20, 18, 26, 21, 28, 23]; // 528 bits a round
const ROUNDS_PER_PASS = Math.floor((MiB * 8) / 528);
const FIELDS = ROUNDS_PER_PASS * 32;
const WORDS = (MiB * 8) / 32;

// Bit-by-bit sums of the same fields: what every reader must reproduce.
function oracleFieldSum(widths, rounds) {
  let pos = 0;
  let sum = 0;
  for (let r = 0; r < rounds; r++) {
    for (const w of widths) {
      let v = 0;
      for (let i = 0; i < w; i++, pos++) v = v * 2 + ((random[pos >>> 3] >>> (7 - (pos & 7))) & 1);
      sum += v;
    }
  }
  return sum;
}
const fieldSum = oracleFieldSum(WIDTHS, ROUNDS_PER_PASS);
const wordSum = oracleFieldSum([32], WORDS);

// ---- implementations: case -> impl -> pass() returning [items, checksum] ----------------
const impls = {
  read_ue: {
    sluice: () => {
      const r = new BitReader(ueBytes);
      let s = 0;
      for (let i = 0; i < CODES; i++) s += r.readUE();
      return s;
    },
    'sluice-wasm': () => {
      const r = new WasmBitReader(ueBytes);
      let s = 0;
      for (let i = 0; i < CODES; i++) s += r.readUE();
      r.free();
      return s;
    },
    muxjs: () => {
      const r = new MuxExpGolomb(ueBytes);
      let s = 0;
      for (let i = 0; i < CODES; i++) s += r.readUnsignedExpGolomb();
      return s;
    },
  },
  read_se: {
    sluice: () => {
      const r = new BitReader(ueBytes);
      let s = 0;
      for (let i = 0; i < CODES; i++) s += r.readSE();
      return s;
    },
    'sluice-wasm': () => {
      const r = new WasmBitReader(ueBytes);
      let s = 0;
      for (let i = 0; i < CODES; i++) s += r.readSE();
      r.free();
      return s;
    },
    muxjs: () => {
      const r = new MuxExpGolomb(ueBytes);
      let s = 0;
      for (let i = 0; i < CODES; i++) s += r.readExpGolomb();
      return s;
    },
  },
  read_bits: {
    sluice: () => {
      const r = new BitReader(random);
      let s = 0;
      for (let k = 0; k < ROUNDS_PER_PASS; k++) for (let j = 0; j < 32; j++) s += r.readBits(WIDTHS[j]);
      return s;
    },
    'sluice-wasm': () => {
      const r = new WasmBitReader(random);
      let s = 0;
      for (let k = 0; k < ROUNDS_PER_PASS; k++) for (let j = 0; j < 32; j++) s += r.readBits(WIDTHS[j]);
      r.free();
      return s;
    },
    // mux.js's readBits returns a signed int32 for 32-bit fields: >>> 0 to compare.
    muxjs: () => {
      const r = new MuxExpGolomb(random);
      let s = 0;
      for (let k = 0; k < ROUNDS_PER_PASS; k++) for (let j = 0; j < 32; j++) s += r.readBits(WIDTHS[j]) >>> 0;
      return s;
    },
    'thing-bitstream': () => {
      const r = new BitInputStream(random);
      let s = 0;
      for (let k = 0; k < ROUNDS_PER_PASS; k++) for (let j = 0; j < 32; j++) s += r.read(WIDTHS[j]);
      return s;
    },
  },
  read_bits_32: {
    sluice: () => {
      const r = new BitReader(random);
      let s = 0;
      for (let i = 0; i < WORDS; i++) s += r.readBits(32);
      return s;
    },
    'sluice-wasm': () => {
      const r = new WasmBitReader(random);
      let s = 0;
      for (let i = 0; i < WORDS; i++) s += r.readBits(32);
      r.free();
      return s;
    },
    muxjs: () => {
      const r = new MuxExpGolomb(random);
      let s = 0;
      // mux.js loads its last word only when asked for more: stop one word early, add it.
      for (let i = 0; i < WORDS - 1; i++) s += r.readBits(32) >>> 0;
      return s + (r.readBits(32) >>> 0);
    },
    'thing-bitstream': () => {
      const r = new BitInputStream(random);
      let s = 0;
      for (let i = 0; i < WORDS; i++) s += r.read(32);
      return s;
    },
  },
};
const expected = { read_ue: ueSum, read_se: seSum, read_bits: fieldSum, read_bits_32: wordSum };
const items = { read_ue: CODES, read_se: CODES, read_bits: FIELDS, read_bits_32: WORDS };

for (const [kase, table] of Object.entries(impls)) {
  const names = Object.keys(table).map((i) => `node-bits/${kase}/${i}/1MiB`);
  if (kase === 'read_ue') names.push('node-bits-goal/read_ue/sluice/1MiB', 'node-bits-goal/read_ue/goal-50M/1MiB');
  if (!wanted(names)) continue;
  for (const [impl, pass] of Object.entries(table)) {
    const got = pass();
    if (got !== expected[kase]) throw new Error(`${impl} ${kase}: sum ${got}, the oracle says ${expected[kase]}`);
    let sink = 0;
    const perSecond = rate(() => { sink += pass(); return items[kase]; });
    if (sink === 0) throw new Error('unreachable');
    emit(`node-bits/${kase}/${impl}/1MiB`, perSecond);
    if (kase === 'read_ue' && impl === 'sluice') {
      emit('node-bits-goal/read_ue/sluice/1MiB', perSecond);
      emit('node-bits-goal/read_ue/goal-50M/1MiB', 50e6);
    }
  }
}
