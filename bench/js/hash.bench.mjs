// Node benchmark: sluice's checksums (the npm package, wasm) against the packages a user
// would otherwise pick, on the same buffers in one process. Prints one JSON line per result
// for bench/run: {"name": "<group>/<case>/<impl>/<size>", "bytes_per_second" | "items_per_second"}.
//
// Groups (bench/run divides sluice by the fastest anchor of the same group/case/size, so the
// anchor set decides what a ratio means):
//   node-hash/<algo>/<impl>/<size>           sluice vs hash-wasm only — the targets
//                                            are ratios to hash-wasm (bench/targets.json)
//   node-hash-all/<algo>/<impl>/<size>       sluice vs every anchor that has the algorithm:
//                                            hash-wasm, xxhash-wasm, blake3-wasm,
//                                            @node-rs/crc32 (native), node:crypto (OpenSSL)
//   node-hash-small/<algo>-<n>B/<impl>/<n>B  calls per second for 1, 16 and 64-byte inputs,
//   node-hash-small-all/…                    against hash-wasm / against every anchor
// Sizes: 1 MiB and 64 MiB (throughput, bytes/s). Every anchor's digest is checked against
// sluice's before it is timed. Each measurement: a warm-up, then the median of several
// timed rounds. SLUICE_BENCH_FILTER (a regular expression) selects result names.
import { createRequire } from 'node:module';
import { createHash as nodeCreateHash } from 'node:crypto';
import * as sluice from 'sluice';
import * as hw from 'hash-wasm';
import xxhashWasm from 'xxhash-wasm';

const require = createRequire(import.meta.url);
const blake3wasm = require('blake3-wasm');
const nodeRsCrc32 = require('@node-rs/crc32');

const filter = process.env.SLUICE_BENCH_FILTER ? new RegExp(process.env.SLUICE_BENCH_FILTER) : null;
const ROUNDS = Number(process.env.SLUICE_BENCH_ROUNDS ?? 5);
const ROUND_SECONDS = Number(process.env.SLUICE_BENCH_ROUND_SECONDS ?? 0.15);

function bytes(n, seed) {
  const out = new Uint8Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    out[i] = s & 0xff;
  }
  return out;
}

const hex = (u8) => Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength).toString('hex');

// ---- anchors: algo -> { impl: (Uint8Array) => hex string } (synchronous, fastest form each
// package offers: hash-wasm's reusable hasher objects, not its async one-shot functions).
async function anchors() {
  const x = await xxhashWasm();
  const hwHasher = (h) => (data) => h.init().update(data).digest('hex');
  const crc32c = await hw.createCRC32(0x82f63b78);
  const crc64 = await hw.createCRC64();                    // CRC-64/XZ (ECMA-182 reflected)
  const crc64nvme = await hw.createCRC64('9a6c9329ac4bc9b5'); // CRC-64/NVME, reflected polynomial
  const u32hex = (v) => (v >>> 0).toString(16).padStart(8, '0');
  return {
    crc32: {
      'hash-wasm': hwHasher(await hw.createCRC32()),
      'node-rs-crc32': (d) => u32hex(nodeRsCrc32.crc32(Buffer.from(d.buffer, d.byteOffset, d.byteLength))),
    },
    crc32c: {
      'hash-wasm': hwHasher(crc32c),
      'node-rs-crc32': (d) => u32hex(nodeRsCrc32.crc32c(Buffer.from(d.buffer, d.byteOffset, d.byteLength))),
    },
    crc64: { 'hash-wasm': hwHasher(crc64) },
    crc64nvme: { 'hash-wasm': hwHasher(crc64nvme) },
    md5: {
      'hash-wasm': hwHasher(await hw.createMD5()),
      'node-crypto': (d) => nodeCreateHash('md5').update(d).digest('hex'),
    },
    sha256: {
      'hash-wasm': hwHasher(await hw.createSHA256()),
      'node-crypto': (d) => nodeCreateHash('sha256').update(d).digest('hex'),
    },
    blake3: {
      'hash-wasm': hwHasher(await hw.createBLAKE3()),
      'blake3-wasm': (d) => blake3wasm.hash(d).toString('hex'),
    },
    xxh64: {
      'hash-wasm': hwHasher(await hw.createXXHash64()),
      'xxhash-wasm': (d) => x.h64Raw(d).toString(16).padStart(16, '0'),
    },
    xxh3: { 'hash-wasm': hwHasher(await hw.createXXHash3()) },
    xxh128: { 'hash-wasm': hwHasher(await hw.createXXHash128()) },
  };
}

function median(v) {
  const s = [...v].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** Calls fn() in batches until ROUND_SECONDS pass; returns calls per second. Median of rounds. */
function rate(fn, batch) {
  const once = () => {
    let calls = 0;
    const t0 = process.hrtime.bigint();
    let t = t0;
    const limit = BigInt(Math.round(ROUND_SECONDS * 1e9));
    do {
      for (let i = 0; i < batch; i++) fn();
      calls += batch;
      t = process.hrtime.bigint();
    } while (t - t0 < limit);
    return calls / (Number(t - t0) / 1e9);
  };
  once(); // warm-up (JIT, wasm tier-up, first-use allocations)
  const rounds = [];
  for (let r = 0; r < ROUNDS; r++) rounds.push(once());
  return median(rounds);
}

function emit(name, key, value) {
  if (filter && !filter.test(name)) return;
  console.log(JSON.stringify({ name, [key]: value }));
}

const wanted = (names) => !filter || names.some((n) => filter.test(n));

const table = await anchors();
const sizes = [[1 << 20, '1MiB'], [64 << 20, '64MiB']];
const big = bytes(64 << 20, 0x9e3779b9);

for (const algo of Object.keys(table)) {
  const ours = sluice[algo];
  for (const [n, label] of sizes) {
    const data = big.subarray(0, n);
    const impls = { sluice: ours, ...table[algo] };
    const names = Object.keys(impls).flatMap((i) => [`node-hash/${algo}/${i}/${label}`, `node-hash-all/${algo}/${i}/${label}`]);
    if (!wanted(names)) continue;
    const want = ours(data);
    for (const [impl, fn] of Object.entries(impls)) {
      const got = fn(data);
      if (got !== want) throw new Error(`${impl} ${algo} of ${label}: ${got}, sluice says ${want}`);
      const bps = rate(() => fn(data), 1) * n;
      if (impl === 'sluice' || impl === 'hash-wasm') emit(`node-hash/${algo}/${impl}/${label}`, 'bytes_per_second', bps);
      emit(`node-hash-all/${algo}/${impl}/${label}`, 'bytes_per_second', bps);
    }
  }
  for (const n of [1, 16, 64]) {
    // 64 different inputs of n bytes, cycled, so that no implementation can cache a result.
    const inputs = Array.from({ length: 64 }, (_, i) => big.subarray(i * 97, i * 97 + n));
    const impls = { sluice: ours, ...table[algo] };
    const names = Object.keys(impls).flatMap((i) => [`node-hash-small/${algo}-${n}B/${i}/${n}B`, `node-hash-small-all/${algo}-${n}B/${i}/${n}B`]);
    if (!wanted(names)) continue;
    for (const [impl, fn] of Object.entries(impls)) {
      if (fn(inputs[3]) !== ours(inputs[3])) throw new Error(`${impl} ${algo} of ${n} bytes disagrees with sluice`);
      let k = 0;
      let sink = 0;
      const calls = rate(() => { sink += fn(inputs[k++ & 63]).length; }, 1000);
      if (sink === 0) throw new Error('unreachable');
      if (impl === 'sluice' || impl === 'hash-wasm') emit(`node-hash-small/${algo}-${n}B/${impl}/${n}B`, 'items_per_second', calls);
      emit(`node-hash-small-all/${algo}-${n}B/${impl}/${n}B`, 'items_per_second', calls);
    }
  }
}
