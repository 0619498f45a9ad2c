// The wasm build's inflate (Debian's zlib with sluice's own inflate_fast(),
// cmake/wasm-deps/inffast_wide.c) against node:zlib, an independent decoder, on valid and
// damaged deflate streams. Deflate decoding is deterministic, so both must give the same
// bytes, or both must fail. tests/wasm/inflate_test.cpp covers the valid streams over every
// chunking of input and output inside wasm; this covers damage, through the package.
import test from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { decompress, SluiceError } from 'sluice';
import { createCodec } from 'sluice/internal';

function xorshift(seed) {
  let s = seed >>> 0 || 1;
  return () => { s ^= s << 13; s ^= s >>> 17; s ^= s << 5; return s >>> 0; };
}

// Text-like data with runs, short periods and far repeats: every kind of match.
function sample(n, seed) {
  const r = xorshift(seed);
  const out = new Uint8Array(n);
  const words = new TextEncoder().encode('frame packet stream sample keyframe buffer decoder slice ');
  for (let i = 0; i < n;) {
    const k = r() % 6;
    if (k === 0) out[i++] = r() & 0xff;
    else if (k === 1) { const b = r() & 0xff; for (let j = r() % 300; j-- && i < n;) out[i++] = b; }
    else if (k === 2 && i > 1000) { const back = 1 + r() % Math.min(i, 32768); for (let j = 3 + r() % 258; j-- && i < n; i++) out[i] = out[i - back]; }
    else { const at = r() % 40; const len = 3 + r() % 10; for (let j = 0; j < len && i < n; j++) out[i++] = words[at + j]; }
  }
  return out;
}

// Node's reference decode: the output, or null when node:zlib reports an error.
function reference(c) {
  try { return new Uint8Array(zlib.inflateRawSync(c)); } catch { return null; }
}

// Sluice, either one-shot or through the push core in small chunks.
function ours(c, chunk) {
  if (chunk === 0) return decompress(c, 'deflate-raw');
  const parts = [];
  const t = createCodec('deflate-raw', false, {}, (p) => parts.push(p));
  try {
    for (let at = 0; at < c.length; at += chunk) t.push(c.subarray(at, at + chunk), false);
    t.push(new Uint8Array(0), true);
  } finally { t.free(); }
  return new Uint8Array(Buffer.concat(parts));
}

test('inflate agrees with node:zlib on valid streams of every level and strategy', () => {
  const strategies = [zlib.constants.Z_DEFAULT_STRATEGY, zlib.constants.Z_FILTERED,
    zlib.constants.Z_HUFFMAN_ONLY, zlib.constants.Z_RLE, zlib.constants.Z_FIXED];
  let n = 0;
  for (const size of [0, 300, 40000, 200000]) {
    const data = sample(size, size + 7);
    for (const level of [1, 6, 9]) {
      for (const strategy of strategies) {
        for (const windowBits of [9, 15]) {
          const c = new Uint8Array(zlib.deflateRawSync(data, { level, strategy, windowBits }));
          for (const chunk of [0, 1000]) {
            const got = ours(c, chunk);
            assert.ok(Buffer.from(got).equals(Buffer.from(data)), `size ${size} level ${level} strategy ${strategy} window ${windowBits} chunk ${chunk}`);
            n++;
          }
        }
      }
    }
  }
  assert.equal(n, 4 * 3 * 5 * 2 * 2);
});

test('damaged streams: same bytes as node:zlib, or both fail', () => {
  const r = xorshift(99);
  let failedBoth = 0;
  let agreed = 0;
  for (let i = 0; i < 400; i++) {
    const data = sample(2000 + (r() % 120000), i + 1);
    const c = new Uint8Array(zlib.deflateRawSync(data, { level: 1 + (r() % 9) }));
    // 1 to 3 bit flips or a byte overwritten, anywhere but mostly in the body.
    const bad = c.slice();
    const flips = 1 + (r() % 3);
    for (let k = 0; k < flips; k++) {
      const at = r() % bad.length;
      if (r() % 4 === 0) bad[at] = r() & 0xff; else bad[at] ^= 1 << (r() % 8);
    }
    const want = reference(bad);
    for (const chunk of [0, 1 + (r() % 5000)]) {
      let got = null;
      let err = null;
      try { got = ours(bad, chunk); } catch (e) { err = e; }
      if (err !== null) assert.ok(err instanceof SluiceError, String(err));
      if (want === null) {
        assert.notEqual(err, null, `case ${i}: node:zlib fails, sluice gave ${got?.length} bytes`);
        failedBoth++;
      } else if (err !== null) {
        // node:zlib stops at the end of the deflate stream and ignores what follows; sluice
        // reports bytes after the end. Anything else is a disagreement.
        assert.equal(err.code, 'SLUICE_CORRUPT', `case ${i}: ${err.message}`);
        assert.match(err.message, /trailing|after the end/, `case ${i}: node:zlib decodes it, sluice: ${err.message}`);
      } else {
        assert.ok(Buffer.from(got).equals(Buffer.from(want)), `case ${i} chunk ${chunk}: output differs from node:zlib`);
        agreed++;
      }
    }
  }
  // Both kinds of outcome occur, or the test proves little.
  assert.ok(failedBoth > 100, `${failedBoth} streams failed in both`);
  assert.ok(agreed > 0 || failedBoth === 800, `${agreed} damaged streams decoded the same`);
});
