// The push core (lib/push.mjs) over the wasm identity transform: any chunking gives the
// input back byte for byte, heap growth in the middle of a stream is survived, and misuse
// gives a SluiceError with the right code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SluiceError } from 'sluice';
import { PushTransform, transformAll } from 'sluice/internal';
import { wasm } from '../lib/wasm.mjs';

// Deterministic pseudo-random bytes (LCG), so a failure can be replayed.
function sample(n, seed = 1) {
  const out = new Uint8Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}

function concat(chunks) {
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) { out.set(c, at); at += c.length; }
  return out;
}

// Pushes `input` in pieces of `size` bytes (the last one with final = true).
function runChunked(name, input, size, options = {}, onchunk = () => {}) {
  const chunks = [];
  let finals = 0;
  const t = new PushTransform(name, options, (chunk, final) => {
    chunks.push(chunk);
    if (final) finals++;
    onchunk(chunk, final);
  });
  try {
    if (input.length === 0) t.push(input, true);
    for (let off = 0; off < input.length; off += size) {
      const end = Math.min(off + size, input.length);
      t.push(input.subarray(off, end), end === input.length);
    }
    assert.equal(finals, 1, 'exactly one final chunk');
    assert.equal(t.ended, true);
  } finally {
    t.free();
  }
  return concat(chunks);
}

function assertSameBytes(actual, expected, what) {
  assert.equal(actual.length, expected.length, `${what}: length`);
  const at = actual.findIndex((b, i) => b !== expected[i]);
  assert.equal(at, -1, `${what}: first difference at byte ${at}`);
}

test('identity: chunkings from 1 byte up to several MB give identical output', () => {
  const small = sample(5000, 7);
  for (const size of [1, 2, 3, 7, 101, 4096, 65535, 65536, 65537]) {
    assertSameBytes(runChunked('identity', small, size), small, `5000 B in ${size} B chunks`);
  }
  // Small heap buffers force many slices and many drains per push.
  assertSameBytes(runChunked('identity', small, 1000, { inputBytes: 1, outputBytes: 1 }), small,
                  '1-byte heap buffers');
  assertSameBytes(runChunked('identity', small, 999, { inputBytes: 7, outputBytes: 3 }), small,
                  '7/3-byte heap buffers');
  const big = sample(6 * 1024 * 1024 + 13, 9);
  for (const size of [1 << 16, 1 << 20, 3 * 1024 * 1024 + 1, big.length]) {
    assertSameBytes(runChunked('identity', big, size), big, `6 MiB in ${size} B chunks`);
  }
  assertSameBytes(transformAll('identity', big), big, 'transformAll');
});

test('identity: empty input gives one empty final chunk', () => {
  const chunks = [];
  const t = new PushTransform('identity', {}, (c, final) => chunks.push([c.length, final]));
  t.push(new Uint8Array(0), true);
  t.free();
  assert.deepEqual(chunks, [[0, true]]);
});

test('input forms: ArrayBuffer, DataView, other typed arrays, strings as UTF-8', () => {
  const bytes = sample(64, 3);
  assertSameBytes(transformAll('identity', bytes.buffer.slice(0)), bytes, 'ArrayBuffer');
  const u32 = new Uint32Array(bytes.buffer.slice(0));
  assertSameBytes(transformAll('identity', u32), bytes, 'Uint32Array');
  assertSameBytes(transformAll('identity', new DataView(bytes.buffer, 8, 16)), bytes.subarray(8, 24), 'DataView');
  assertSameBytes(transformAll('identity', 'h\u00e9llo \u{1F30A}'),
                  new Uint8Array([0x68, 0xc3, 0xa9, 0x6c, 0x6c, 0x6f, 0x20, 0xf0, 0x9f, 0x8c, 0x8a]), 'string');
  assert.throws(() => transformAll('identity', 42),
                (e) => e instanceof SluiceError && e.code === 'SLUICE_ARGUMENT');
});

test('heap growth inside the transform (between JS calls) mid-stream', () => {
  const { module } = wasm();
  const before = module.HEAPU8.buffer.byteLength;
  // identity-grow allocates 4 MiB of wasm heap on each of its first 8 run() calls.
  const input = sample(3 * 1024 * 1024, 21);
  const out = runChunked('identity-grow', input, 100000, { inputBytes: 65536, outputBytes: 4096 });
  assert.ok(module.HEAPU8.buffer.byteLength > before,
            `memory grew (${before} -> ${module.HEAPU8.buffer.byteLength})`);
  assertSameBytes(out, input, 'identity-grow');
});

test('heap growth from the ondata callback mid-stream', () => {
  const { module } = wasm();
  const before = module.HEAPU8.buffer.byteLength;
  const input = sample(2 * 1024 * 1024, 33);
  const hogs = [];
  let calls = 0;
  // Each of the first few output chunks allocates a transform with 16 MiB buffers: the
  // memory grows while the push loop is between two driver calls.
  const out = runChunked('identity', input, 512 * 1024, { outputBytes: 8192 }, () => {
    if (calls++ < 4) hogs.push(new PushTransform('identity', { inputBytes: 16 << 20, outputBytes: 16 << 20 }));
  });
  for (const h of hogs) h.free();
  assert.ok(module.HEAPU8.buffer.byteLength > before,
            `memory grew (${before} -> ${module.HEAPU8.buffer.byteLength})`);
  assertSameBytes(out, input, 'identity with growth in ondata');
});

// Pushes all of `input` at once; ondata returns false (pause) on every `pauseEvery`-th
// chunk, and the caller resumes until done. Returns [output, chunk lengths].
function runPaused(name, input, options, pauseEvery) {
  const chunks = [];
  let finals = 0;
  const t = new PushTransform(name, options, (chunk, final) => {
    chunks.push(chunk);
    if (final) finals++;
    return chunks.length % pauseEvery !== 0;
  });
  try {
    let done = t.push(input, true);
    let pauses = 0;
    while (!done) { pauses++; assert.equal(t.paused, true); done = t.resume(); }
    assert.equal(finals, 1, 'exactly one final chunk');
    assert.ok(pauseEvery > chunks.length || pauses > 0, 'it paused');
  } finally {
    t.free();
  }
  return [concat(chunks), chunks.map((c) => c.length)];
}

test('output chunks: at most chunkBytes each (default 64 KiB), pausing inside a round resumes exactly', () => {
  const input = sample(3 * 1024 * 1024 + 5, 17);
  // Default: a 1 MiB output buffer is handed out in 64 KiB chunks.
  const big = { inputBytes: 1 << 20, outputBytes: 1 << 20 };
  let [out, lengths] = runPaused('identity', input, big, Infinity);
  assertSameBytes(out, input, 'default chunkBytes');
  assert.equal(Math.max(...lengths), 65536);
  // Infinity: each round's whole output is one chunk (up to the buffer's capacity).
  [out, lengths] = runPaused('identity', input, { ...big, chunkBytes: Infinity }, Infinity);
  assertSameBytes(out, input, 'chunkBytes Infinity');
  assert.equal(Math.max(...lengths), 1 << 20);
  // Odd sizes, pausing on every 1st, 2nd, 5th chunk: the pause falls inside a round's output
  // (the rest stays in the driver) and, at the end, before the last chunk of the final round.
  for (const [chunkBytes, pauseEvery] of [[1, 1], [777, 1], [777, 2], [4096, 5], [9999, 3]]) {
    const small = input.subarray(0, 100000);
    [out, lengths] = runPaused('identity', small, { outputBytes: 10000, chunkBytes }, pauseEvery);
    assertSameBytes(out, small, `chunkBytes ${chunkBytes}, pause every ${pauseEvery}`);
    assert.ok(Math.max(...lengths) <= chunkBytes);
  }
  // free() from ondata stops the push at once, without touching the freed buffers.
  let calls = 0;
  const t = new PushTransform('identity', { outputBytes: 65536, chunkBytes: 100 }, () => { calls++; t.free(); });
  t.push(input.subarray(0, 50000), false);
  assert.equal(calls, 1);
});

function assertSluiceError(fn, code, pattern) {
  assert.throws(fn, (e) => {
    assert.ok(e instanceof SluiceError, `expected a SluiceError, got ${e}`);
    assert.equal(e.code, code);
    if (pattern) assert.match(e.message, pattern);
    return true;
  });
}

test('misuse: unknown transform, bad sizes, push after final, after free, from ondata', () => {
  assertSluiceError(() => new PushTransform('no-such-transform'), 'SLUICE_UNSUPPORTED', /unknown transform/);
  assertSluiceError(() => new PushTransform('identity', { inputBytes: 0 }), 'SLUICE_ARGUMENT', /inputBytes/);
  assertSluiceError(() => new PushTransform('identity', { outputBytes: 2 ** 40 }), 'SLUICE_ARGUMENT', /outputBytes/);
  assertSluiceError(() => new PushTransform('identity', { chunkBytes: 0 }), 'SLUICE_ARGUMENT', /chunkBytes/);
  assertSluiceError(() => new PushTransform('identity', { chunkBytes: 1.5 }), 'SLUICE_ARGUMENT', /chunkBytes/);
  assertSluiceError(() => new PushTransform(7), 'SLUICE_ARGUMENT');

  const t = new PushTransform('identity');
  t.push('abc', true);
  assertSluiceError(() => t.push('more'), 'SLUICE_ARGUMENT', /after the final chunk/);
  t.free();
  t.free(); // idempotent
  assertSluiceError(() => t.push('x'), 'SLUICE_ARGUMENT', /after free/);

  const r = new PushTransform('identity', {}, () => r.push('again'));
  assertSluiceError(() => r.push('x'), 'SLUICE_ARGUMENT', /from ondata/);
  r.free();
});

test('driver errors are sticky and rethrown fresh with the same code', () => {
  const { module, kinds } = wasm();
  const d = new module.TransformDriver('identity', 16, 16);
  try {
    // Committing more than the room is an invalid argument, and it sticks until reset().
    assert.equal(d.commitInput(17), kinds.invalid_argument);
    assert.equal(d.run(false), kinds.invalid_argument);
    assert.match(d.message(), /more input committed than there is room for/);
    d.reset();
    assert.equal(d.kind(), kinds.ok);
    assert.equal(d.inputRoom(), 16);
  } finally {
    d.delete();
  }
  // Through the push core: identity-fail passes 1000 bytes, then reports corrupt data at
  // stream offset 1000 (a stand-in for a decoder meeting a bad frame).
  const seen = [];
  const t = new PushTransform('identity-fail', { inputBytes: 300, outputBytes: 300 },
                              (chunk) => seen.push(chunk));
  const errors = [];
  for (let i = 0; i < 2; i++) {
    try { t.push(sample(5000, 5), i === 1); } catch (e) { errors.push(e); }
  }
  t.free();
  assert.equal(errors.length, 2);
  for (const e of errors) {
    assert.ok(e instanceof SluiceError);
    assert.equal(e.code, 'SLUICE_CORRUPT');
    assert.equal(e.offset, 1000);
    assert.match(e.message, /^identity-fail: .* at byte 1000$/);
  }
  assert.notEqual(errors[0], errors[1], 'a fresh error at each throw');
  assert.ok(concat(seen).length <= 1000, 'no output past the failure');
});
