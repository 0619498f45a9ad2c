// Node benchmark: sluice's codecs (the npm package, wasm) against the wasm/JS packages a user
// would otherwise pick, on the same buffers in one process. One JSON line per result for
// bench/run: {"name": "node-codec/<case>/<impl>/<size>", "bytes_per_second": N} where bytes are
// the uncompressed size (for compression the input, for decompression the output).
//
// Cases and anchors:
//   zstd-compress (level 3)   @bokuweb/zstd-wasm, zstd-codec
//   zstd-decompress           @bokuweb/zstd-wasm, fzstd, zstd-codec
//   lz4-decompress (frame)    lz4js
//   gzip-decompress           pako, fflate
// sluice twice: `sluice` = one-shot compress()/decompress(); `sluice-stream` = the push core
// (what CompressionStream and the node Transforms run) fed 64 KiB input chunks, output
// chunks kept as a stream consumer would (not joined: see streaming()). Every output is
// checked against the input before it is timed. Median of SLUICE_BENCH_ROUNDS rounds
// (default 5) after a warm-up; the rounds of one case's implementations interleave (see
// measure()).
// SLUICE_BENCH_FILTER (a regular expression) selects result names.
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import zlib from 'node:zlib';
import { compress, decompress } from 'sluice';
import { createCodec } from 'sluice/internal';
import * as fzstd from 'fzstd';
import * as fflate from 'fflate';
import * as pako from 'pako';
import { sample } from './browser/sample.js';

const require = createRequire(import.meta.url);
const bokuweb = require('@bokuweb/zstd-wasm');
const lz4js = require('lz4js');
const { ZstdCodec } = require('zstd-codec');

const filter = process.env.SLUICE_BENCH_FILTER ? new RegExp(process.env.SLUICE_BENCH_FILTER) : null;
const ROUNDS = Number(process.env.SLUICE_BENCH_ROUNDS ?? 5);
const ROUND_SECONDS = Number(process.env.SLUICE_BENCH_ROUND_SECONDS ?? 0.3);
const SIZES = [[1 << 20, '1MiB'], [8 << 20, '8MiB']];
let SIZE = 0;
let SIZE_LABEL = '';
const CHUNK = 64 * 1024;

function median(v) { const s = [...v].sort((a, b) => a - b); return s[s.length >> 1]; }

/** Calls fn() until ROUND_SECONDS pass; returns calls per second. */
function round(fn) {
  let calls = 0;
  const t0 = process.hrtime.bigint();
  const stop = BigInt(Math.round(ROUND_SECONDS * 1e9));
  let t;
  do { fn(); calls++; t = process.hrtime.bigint(); } while (t - t0 < stop);
  return calls / (Number(t - t0) / 1e9);
}

const want = (name) => !filter || filter.test(name);
/**
 * Times every implementation of one case on this machine at the same time, as near as a
 * shared machine allows: after a check of each output and a warm-up round each, the rounds
 * interleave (impl A, B, C, then C, B, A, ...), so a burst of load from elsewhere hits all
 * of them rather than whichever happened to run then. Prints each impl's median rate.
 * impls: [[impl, fn, check], ...].
 */
function measure(caseName, impls) {
  const runs = [];
  for (const [impl, fn, check] of impls) {
    const name = `node-codec/${caseName}/${impl}/${SIZE_LABEL}`;
    if (!want(name)) continue;
    try {
      check(fn());
    } catch (e) { // an anchor that cannot do this size (zstd-codec's fixed heap): say so, go on
      if (impl.startsWith('sluice')) throw e;
      process.stderr.write(`${name}: skipped: ${e?.message ?? e}\n`);
      continue;
    }
    runs.push({ name, fn, rates: [] });
  }
  for (const r of runs) round(r.fn); // warm-up
  for (let i = 0; i < ROUNDS; i++) {
    for (const r of i % 2 === 0 ? runs : [...runs].reverse()) r.rates.push(round(r.fn));
  }
  for (const r of runs) console.log(JSON.stringify({ name: r.name, bytes_per_second: median(r.rates) * SIZE }));
}

const equal = (a, b) => a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength)
  .equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
function expectBytes(expected, what) {
  return (got) => { if (!equal(got, expected)) throw new Error(`${what}: wrong output`); };
}

/**
 * The push core over 64 KiB input chunks. The output chunks are kept, as a stream consumer
 * that holds the whole output would keep them: the result is the list of chunks. They are not
 * joined into one array in the timed part: that would be a second copy of the whole output
 * into a second fresh allocation that no streaming consumer makes (up to a quarter of the
 * time at 8 MiB, when its pages are faulted in afresh), while the one-shot anchors allocate
 * their output once.
 * joined() makes the single array the checks compare.
 */
function streaming(format, encoder, data, options = {}) {
  const parts = [];
  const t = createCodec(format, encoder, options, (c) => { parts.push(c); });
  try {
    for (let at = 0; at < data.length; at += CHUNK) t.push(data.subarray(at, at + CHUNK), false);
    t.push(new Uint8Array(0), true);
  } finally { t.free(); }
  return parts;
}

function joined(parts) {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

const tool = (argv, input) => {
  const r = spawnSync(argv[0], argv.slice(1), { input, maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`${argv.join(' ')}: ${r.stderr}`);
  return new Uint8Array(r.stdout);
};

await bokuweb.init();
const zc = await new Promise((resolve) => ZstdCodec.run((z) => resolve(new z.Simple())));
for ([SIZE, SIZE_LABEL] of SIZES) {
  const data = sample(SIZE, 12345);

  // --- zstd compress, level 3: the output is checked by decoding it with node-independent zstd(1).
  const roundTrips = (what) => (z) => { if (!equal(tool(['zstd', '-d', '-c', '-q'], z), data)) throw new Error(`${what}: zstd -d disagrees`); };
  measure('zstd-compress', [
    ['sluice', () => compress(data, 'zstd', { level: 3 }), roundTrips('sluice')],
    ['sluice-stream', () => streaming('zstd', true, data, { level: 3 }), (parts) => roundTrips('sluice-stream')(joined(parts))],
    ['zstd-wasm', () => bokuweb.compress(data, 3), roundTrips('zstd-wasm')],
    ['zstd-codec', () => zc.compress(data, 3), roundTrips('zstd-codec')],
  ]);

  // --- zstd decompress: zstd(1) -3 output with the content size in the header (every decoder needs it).
  const zs = tool(['zstd', '-3', '-c', '-q', `--stream-size=${SIZE}`], data);
  const ok = expectBytes(data, 'zstd-decompress');
  measure('zstd-decompress', [
    ['sluice', () => decompress(zs, 'zstd'), ok],
    ['sluice-stream', () => streaming('zstd', false, zs), (parts) => ok(joined(parts))],
    ['zstd-wasm', () => bokuweb.decompress(zs), ok],
    ['fzstd', () => fzstd.decompress(zs), ok],
    ['zstd-codec', () => zc.decompress(zs), ok],
  ]);

  // --- lz4 frame decompress: lz4(1) -1 output (independent blocks, content checksum).
  const l4 = tool(['lz4', '-1', '-c', '-q'], data);
  measure('lz4-decompress', [
    ['sluice', () => decompress(l4, 'lz4'), expectBytes(data, 'lz4')],
    ['sluice-stream', () => streaming('lz4', false, l4), (parts) => expectBytes(data, 'lz4')(joined(parts))],
    ['lz4js', () => lz4js.decompress(l4), (got) => expectBytes(data, 'lz4js')(new Uint8Array(got))],
  ]);

  // --- gzip decompress: node:zlib (system zlib) -6 output.
  const gz = new Uint8Array(zlib.gzipSync(data, { level: 6 }));
  measure('gzip-decompress', [
    ['sluice', () => decompress(gz, 'gzip'), expectBytes(data, 'gzip')],
    ['sluice-stream', () => streaming('gzip', false, gz), (parts) => expectBytes(data, 'gzip')(joined(parts))],
    ['pako', () => pako.ungzip(gz), expectBytes(data, 'pako')],
    ['fflate', () => fflate.gunzipSync(gz), expectBytes(data, 'fflate')],
  ]);
}
