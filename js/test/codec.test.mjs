// Codecs through the npm package: compress()/decompress(), CompressionStream /
// DecompressionStream and sluice/node's Transforms. Expected bytes always come from elsewhere:
// the real CLIs (zstd, lz4, gzip, bzip2; python3's zlib for zlib/deflate-raw) run at test time,
// node:zlib, or the original input.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import zlib from 'node:zlib';
import { Readable, Writable, pipeline } from 'node:stream';
import { pipeline as pipelineP } from 'node:stream/promises';
import { compress, decompress, CompressionStream, DecompressionStream, SluiceError } from 'sluice';
import { createCompress, createDecompress } from 'sluice/node';
import { createCodec } from 'sluice/internal';

const FORMATS = ['zstd', 'lz4', 'gzip', 'zlib', 'deflate-raw', 'bzip2'];
const LEVELS = { zstd: [-5, 1, 3, 19], lz4: [1, 9, 12], gzip: [0, 1, 6, 9], zlib: [1, 9], 'deflate-raw': [1, 6], bzip2: [1, 9] };

// Deterministic, partly compressible data: runs of text and random bytes.
function sample(n, seed = 1) {
  const out = new Uint8Array(n);
  let s = seed >>> 0 || 1;
  const words = new TextEncoder().encode('sluice media pipeline frame packet stream buffer ');
  for (let i = 0; i < n;) {
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    if ((s & 3) === 0) {
      const k = Math.min(n - i, 1 + (s >>> 8) % 64);
      for (let j = 0; j < k; j++) { s ^= s << 13; s ^= s >>> 17; s ^= s << 5; out[i++] = s & 0xff; }
    } else {
      const k = Math.min(n - i, words.length);
      out.set(words.subarray(0, k), i); i += k;
    }
  }
  return out;
}

const same = (a, b, msg) => assert.ok(Buffer.from(a.buffer, a.byteOffset, a.byteLength)
  .equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength)), msg ?? `bytes differ (${a.length} vs ${b.length})`);

// The reference tool for each format: argv to compress (level appended) and to decompress.
const PY_ZLIB = `import sys, zlib
mode, level = sys.argv[1], int(sys.argv[2])
data = sys.stdin.buffer.read()
wbits = 15 if sys.argv[3] == 'zlib' else -15
if mode == 'c':
    c = zlib.compressobj(level, zlib.DEFLATED, wbits); out = c.compress(data) + c.flush()
else:
    d = zlib.decompressobj(wbits); out = d.decompress(data) + d.flush()
    assert d.eof, 'truncated'
sys.stdout.buffer.write(out)`;
const TOOLS = {
  zstd: { c: (l) => ['zstd', '-q', '-c', `-${l}`], d: ['zstd', '-q', '-d', '-c'] },
  lz4: { c: (l) => ['lz4', '-q', '-c', `-${l}`], d: ['lz4', '-q', '-d', '-c'] },
  gzip: { c: (l) => ['gzip', '-c', `-${l}`], d: ['gzip', '-d', '-c'] },
  bzip2: { c: (l) => ['bzip2', '-c', `-${l}`], d: ['bzip2', '-d', '-c'] },
  zlib: { c: (l) => ['python3', '-c', PY_ZLIB, 'c', String(l), 'zlib'], d: ['python3', '-c', PY_ZLIB, 'd', '0', 'zlib'] },
  'deflate-raw': { c: (l) => ['python3', '-c', PY_ZLIB, 'c', String(l), 'raw'], d: ['python3', '-c', PY_ZLIB, 'd', '0', 'raw'] },
};
function run(argv, input) {
  const r = spawnSync(argv[0], argv.slice(1), { input, maxBuffer: 1 << 30 });
  assert.equal(r.status, 0, `${argv.join(' ')}: ${r.stderr}`);
  return new Uint8Array(r.stdout.buffer, r.stdout.byteOffset, r.stdout.byteLength);
}
const toolLevel = (f) => (f === 'zstd' ? 3 : f === 'lz4' ? 1 : 6);

async function collect(readable) {
  const reader = readable.getReader();
  const parts = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    parts.push(value);
  }
  return new Uint8Array(Buffer.concat(parts));
}
function chunked(bytes, size) {
  let at = 0;
  return new ReadableStream({
    pull(c) {
      if (at >= bytes.length) { c.close(); return; }
      const n = typeof size === 'function' ? size() : size;
      c.enqueue(bytes.slice(at, at + n)); at += n;
    },
  });
}
async function rejectsWith(promise, code) {
  await assert.rejects(promise, (e) => { assert.ok(e instanceof SluiceError, String(e)); assert.equal(e.code, code, e.message); return true; });
}
function throwsWith(fn, code) {
  assert.throws(fn, (e) => { assert.ok(e instanceof SluiceError, String(e)); assert.equal(e.code, code, e.message); return true; });
}

const DATA = sample(300_000, 7);

test('one-shot round trips at several levels; the reference tools read sluice output', () => {
  for (const f of FORMATS) {
    for (const level of LEVELS[f]) {
      const z = compress(DATA, f, { level });
      same(decompress(z, f), DATA, `${f} -${level} through sluice`);
      same(run(TOOLS[f].d, z), DATA, `${f} -${level} through ${TOOLS[f].d[0]}`);
    }
  }
  assert.ok(compress(DATA, 'zstd', { level: 19 }).length < compress(DATA, 'zstd', { level: 1 }).length);
});

test('sluice reads the reference tools\' output; format detection; deflate alias', () => {
  for (const f of FORMATS) {
    const z = run(TOOLS[f].c(toolLevel(f)), DATA);
    same(decompress(z, f), DATA, f);
    if (f !== 'zlib' && f !== 'deflate-raw') same(decompress(z), DATA, `${f} detected`);
  }
  same(decompress(zlib.deflateSync(DATA), 'deflate'), DATA);
  same(zlib.inflateSync(compress(DATA, 'deflate')), DATA);
  same(zlib.inflateRawSync(compress(DATA, 'deflate-raw', { level: 9 })), DATA);
  same(zlib.gunzipSync(compress(DATA, 'gzip')), DATA);
  throwsWith(() => decompress(zlib.deflateSync(DATA)), 'SLUICE_UNSUPPORTED');
  throwsWith(() => compress(DATA, 'brotli'), 'SLUICE_ARGUMENT');
  throwsWith(() => compress(DATA, 'zstd', { level: 99 }), 'SLUICE_ARGUMENT');
  throwsWith(() => compress(DATA, 'gzip', { level: 1.5 }), 'SLUICE_ARGUMENT');
  throwsWith(() => decompress(DATA, 'zstd', { maxOutputSize: -1 }), 'SLUICE_ARGUMENT');
});

test('empty input', async () => {
  for (const f of FORMATS) {
    const z = compress(new Uint8Array(0), f);
    assert.equal(run(TOOLS[f].d, z).length, 0, f);
    assert.equal(decompress(z, f).length, 0, f);
    assert.equal((await collect(chunked(new Uint8Array(0), 1).pipeThrough(new CompressionStream(f))
      .pipeThrough(new DecompressionStream(f)))).length, 0, f);
  }
});

test('concatenated frames and multi-member gzip', () => {
  const a = sample(5000, 1); const b = sample(7000, 2);
  const both = new Uint8Array(Buffer.concat([a, b]));
  for (const f of ['zstd', 'lz4', 'gzip', 'bzip2']) {
    const z = new Uint8Array(Buffer.concat([run(TOOLS[f].c(toolLevel(f)), a), compress(b, f)]));
    same(decompress(z, f), both, f);
    same(run(TOOLS[f].d, z), both, `${f} tool`);
  }
});

test('streams: every format, chunkings from 1 byte to MiBs, both directions via the tools', async () => {
  const big = sample(3 << 20, 11);
  let seed = 5;
  const random = () => { seed = (seed * 1103515245 + 12345) >>> 0; return 1 + (seed >>> 8) % 70000; };
  for (const f of FORMATS) {
    for (const [data, size] of [[DATA.subarray(0, 3000), 1], [DATA, 7], [DATA, random], [big, 1 << 20], [big, 3 << 20]]) {
      const z = await collect(chunked(data, size).pipeThrough(new CompressionStream(f, { level: 1 })));
      same(run(TOOLS[f].d, z), data, `${f} encode, chunks ${typeof size === 'function' ? 'random' : size}`);
      const ref = run(TOOLS[f].c(1), data);
      same(await collect(chunked(ref, size).pipeThrough(new DecompressionStream(f))), data, `${f} decode`);
    }
  }
});

test('truncated and bit-flipped input give the right codes (one-shot and streams)', async () => {
  for (const f of FORMATS) {
    const z = run(TOOLS[f].c(toolLevel(f)), DATA);
    throwsWith(() => decompress(z.subarray(0, z.length - 3), f), 'SLUICE_TRUNCATED');
    throwsWith(() => decompress(z.subarray(0, z.length >> 1), f), 'SLUICE_TRUNCATED');
    await rejectsWith(collect(chunked(z.subarray(0, z.length - 1), 999).pipeThrough(new DecompressionStream(f))), 'SLUICE_TRUNCATED');
    throwsWith(() => decompress(new Uint8Array(Buffer.concat([z, Buffer.from('junk! trailing')])), f), 'SLUICE_CORRUPT');
  }
  // Checksums: flip a bit in the stored check value.
  const flip = (z, at) => { const c = z.slice(); c[at] ^= 0x10; return c; };
  const gz = run(TOOLS.gzip.c(6), DATA);
  throwsWith(() => decompress(flip(gz, gz.length - 6), 'gzip'), 'SLUICE_CHECKSUM'); // CRC-32
  const zz = run(TOOLS.zlib.c(6), DATA);
  throwsWith(() => decompress(flip(zz, zz.length - 1), 'zlib'), 'SLUICE_CHECKSUM'); // Adler-32
  const zs = run(TOOLS.zstd.c(3), DATA);
  throwsWith(() => decompress(flip(zs, zs.length - 1), 'zstd'), 'SLUICE_CHECKSUM'); // XXH64
  const l4 = run(TOOLS.lz4.c(1), DATA);
  throwsWith(() => decompress(flip(l4, l4.length - 1), 'lz4'), 'SLUICE_CHECKSUM');
  const bz = run(TOOLS.bzip2.c(9), DATA);
  throwsWith(() => decompress(flip(bz, bz.length - 2), 'bzip2'), 'SLUICE_CHECKSUM');
  // A flipped bit in the middle of the data: any data error, never silent success (except
  // deflate-raw, which has no check value: there the output must at least differ).
  const raw = run(TOOLS['deflate-raw'].c(6), DATA);
  for (const at of [raw.length >> 2, raw.length >> 1]) {
    let out = null;
    try { out = decompress(flip(raw, at), 'deflate-raw'); } catch (e) { assert.ok(e instanceof SluiceError); }
    if (out !== null) assert.ok(!Buffer.from(out).equals(Buffer.from(DATA)));
  }
  for (const f of FORMATS.filter((x) => x !== 'deflate-raw')) {
    const z = run(TOOLS[f].c(toolLevel(f)), DATA);
    for (const at of [z.length >> 2, z.length >> 1]) {
      assert.throws(() => decompress(flip(z, at), f), (e) => e instanceof SluiceError &&
        ['SLUICE_CORRUPT', 'SLUICE_CHECKSUM', 'SLUICE_TRUNCATED'].includes(e.code), `${f} at ${at}`);
    }
  }
  await rejectsWith(collect(chunked(flip(gz, gz.length - 6), 4096).pipeThrough(new DecompressionStream())), 'SLUICE_CHECKSUM');
});

test('1 to 20 bytes of junk after a complete stream: SLUICE_CORRUPT at the junk, one-shot and streams', async () => {
  // liblz4 waits for a 7-byte header and inflate for 2 bytes before looking at a magic number;
  // a short tail of junk must still be corrupt trailing data, not a truncated next frame.
  const small = sample(5000, 11);
  for (const f of FORMATS) {
    const z = run(TOOLS[f].c(toolLevel(f)), small);
    for (let n = 1; n <= 20; n++) {
      const junk = Buffer.alloc(n, 0xa0 + (n % 7)); // 0xa0..0xa6: no format's magic starts so
      const bad = new Uint8Array(Buffer.concat([z, junk]));
      assert.throws(() => decompress(bad, f), (e) => {
        assert.ok(e instanceof SluiceError, String(e));
        assert.equal(e.code, 'SLUICE_CORRUPT', `${f} + ${n} junk bytes: ${e.message}`);
        if (e.offset !== undefined) assert.equal(e.offset, z.length, `${f} + ${n}: offset`);
        return true;
      });
      if (n % 5 === 1) {
        await rejectsWith(collect(chunked(bad, 3).pipeThrough(new DecompressionStream(f))), 'SLUICE_CORRUPT');
      }
    }
  }
});

test('a bomb stops at maxOutputSize', async () => {
  const zeros = new Uint8Array(64 << 20);
  for (const f of ['zstd', 'gzip', 'bzip2', 'lz4']) {
    const bomb = run(TOOLS[f].c(f === 'lz4' ? 1 : 9), zeros);
    throwsWith(() => decompress(bomb, f, { maxOutputSize: 1 << 20 }), 'SLUICE_LIMIT');
    assert.equal(decompress(bomb, { maxOutputSize: 64 << 20 }).length, 64 << 20);
    await rejectsWith(collect(chunked(bomb, 4096).pipeThrough(new DecompressionStream(f, { maxOutputSize: 3 << 20 }))), 'SLUICE_LIMIT');
  }
});

test('backpressure: 256 MiB of zeros through a DecompressionStream to a slow reader stays bounded', async () => {
  const total = 256 << 20;
  const z = zlib.gzipSync(new Uint8Array(total), { level: 9 }); // ~250 KiB
  global.gc?.();
  const base = process.memoryUsage();
  let peakRss = base.rss; let peakAb = base.arrayBuffers;
  const reader = chunked(z, 1 << 20).pipeThrough(new DecompressionStream('gzip')).getReader();
  let got = 0; let reads = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    got += value.length;
    assert.ok(value.every === undefined || value[0] === 0);
    if (++reads % 64 === 0) {
      await new Promise((r) => setTimeout(r, 1)); // a slow consumer
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss); peakAb = Math.max(peakAb, m.arrayBuffers);
    }
  }
  assert.equal(got, total);
  const grewRss = peakRss - base.rss; const grewAb = peakAb - base.arrayBuffers;
  console.log(`# backpressure: 256 MiB out in ${reads} chunks; peak growth rss ${(grewRss / 2 ** 20).toFixed(1)} MiB, arrayBuffers ${(grewAb / 2 ** 20).toFixed(1)} MiB`);
  assert.ok(grewAb < 48 << 20, `arrayBuffers grew by ${grewAb}`);
  assert.ok(grewRss < 96 << 20, `rss grew by ${grewRss}`);
});

test('decoders paused inside a round of output (and before the last chunk) resume exactly', () => {
  for (const f of ['zstd', 'gzip', 'lz4', 'bzip2']) {
    const z = run(TOOLS[f].c(toolLevel(f)), DATA);
    for (const [chunkBytes, pauseEvery] of [[1000, 1], [4093, 3], [undefined, 1]]) {
      const parts = [];
      let finals = 0;
      const t = createCodec(f, false, {}, (c, final) => {
        parts.push(c);
        if (final) finals++;
        return parts.length % pauseEvery !== 0;
      }, { chunkBytes });
      let pauses = 0;
      try {
        for (let at = 0; at < z.length; at += 50000) {
          let done = t.push(z.subarray(at, at + 50000), at + 50000 >= z.length);
          while (!done) { pauses++; done = t.resume(); }
        }
      } finally { t.free(); }
      assert.equal(finals, 1, `${f}: one final chunk`);
      assert.ok(pauses > 0, `${f}: paused`);
      assert.ok(Math.max(...parts.map((c) => c.length)) <= (chunkBytes ?? 65536), `${f}: chunk sizes`);
      assert.ok(Buffer.concat(parts).equals(DATA), `${f}, chunkBytes ${chunkBytes}: output differs`);
    }
  }
});

test('the readable side waits for demand (a reader that does not read stops the decoder)', async () => {
  const z = zlib.gzipSync(new Uint8Array(64 << 20));
  const ds = new DecompressionStream('gzip');
  const w = ds.writable.getWriter();
  const write = w.write(z); // one chunk that expands to 64 MiB
  let settled = false; write.then(() => { settled = true; }, () => { settled = true; });
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(settled, false, 'the whole chunk was decoded with nobody reading');
  const r = ds.readable.getReader();
  const first = await r.read();
  assert.ok(first.value.length > 0);
  await r.cancel(new Error('enough'));
  await assert.rejects(write);
});

test('pipeThrough with cancel, abort and errors delivered as stream errors', async () => {
  const z = run(TOOLS.zstd.c(3), DATA);
  const reader = chunked(z, 100).pipeThrough(new DecompressionStream('zstd')).getReader();
  const { value } = await reader.read();
  assert.ok(value.length > 0);
  await reader.cancel('stop');
  // Wrong data: the readable side errors with the SluiceError.
  await rejectsWith(collect(chunked(DATA, 1000).pipeThrough(new DecompressionStream('bzip2'))), 'SLUICE_CORRUPT');
  // Abort of the writable side errors the readable side.
  const cs = new CompressionStream('gzip');
  const w = cs.writable.getWriter();
  await w.write(DATA.subarray(0, 100));
  await w.abort(new Error('gone'));
  await assert.rejects(cs.readable.getReader().read(), /gone/);
  // Output chunks are fresh copies (not views of the wasm heap).
  const parts = [];
  const r2 = chunked(run(TOOLS.gzip.c(6), DATA), 5000).pipeThrough(new DecompressionStream()).getReader();
  for (;;) { const x = await r2.read(); if (x.done) break; parts.push(x.value); }
  for (const p of parts) assert.equal(p.byteOffset, 0);
  same(new Uint8Array(Buffer.concat(parts)), DATA);
  assert.throws(() => new CompressionStream('gzip', { level: 42 }), (e) => e.code === 'SLUICE_ARGUMENT');
  assert.throws(() => new DecompressionStream('xz'), (e) => e.code === 'SLUICE_ARGUMENT');
});

test('sluice/node Transforms in stream.pipeline, with the tools and node:zlib', async () => {
  for (const f of FORMATS) {
    const out = [];
    await pipelineP(Readable.from([DATA.subarray(0, 1), DATA.subarray(1, 70000), DATA.subarray(70000)]),
      createCompress(f, { level: 2 }), createDecompress(f),
      new Writable({ write(c, e, cb) { out.push(c); cb(); } }));
    same(new Uint8Array(Buffer.concat(out)), DATA, f);
    const comp = [];
    await pipelineP(Readable.from([DATA]), createCompress(f), new Writable({ write(c, e, cb) { comp.push(c); cb(); } }));
    same(run(TOOLS[f].d, Buffer.concat(comp)), DATA, `${f} via tool`);
  }
  const gz = [];
  await pipelineP(Readable.from([DATA]), zlib.createGzip(), createDecompress(), new Writable({ write(c, e, cb) { gz.push(c); cb(); } }));
  same(new Uint8Array(Buffer.concat(gz)), DATA);
});

test('sluice/node: error propagation and backpressure (push() return)', async () => {
  const z = run(TOOLS.gzip.c(6), DATA);
  const bad = z.slice(); bad[bad.length - 6] ^= 1;
  await rejectsWith(pipelineP(Readable.from([bad]), createDecompress('gzip'), new Writable({ write(c, e, cb) { cb(); } })), 'SLUICE_CHECKSUM');
  await new Promise((resolve) => {
    pipeline(Readable.from([z.subarray(0, 1000)]), createDecompress(), new Writable({ write(c, e, cb) { cb(); } }), (err) => {
      assert.equal(err?.code, 'SLUICE_TRUNCATED'); resolve();
    });
  });
  // One 64 MiB-expanding chunk, a consumer that stops: output waiting in the stream stays small.
  const t = createDecompress('zstd');
  t.write(run(TOOLS.zstd.c(3), new Uint8Array(64 << 20)));
  await new Promise((r) => setTimeout(r, 100));
  assert.ok(t.readableLength <= 1 << 20, `readableLength ${t.readableLength}`);
  let got = 0;
  t.on('data', (c) => { got += c.length; });
  t.end();
  await new Promise((r, j) => { t.on('end', r); t.on('error', j); });
  assert.equal(got, 64 << 20);
});

test('native codec objects are freed when streams end, error, are cancelled or aborted', async () => {
  const { wasm } = await import('../lib/wasm.mjs');
  const heap = () => wasm().module.HEAPU8.length;
  const z = run(TOOLS.zstd.c(3), DATA);
  const once = async () => {
    await collect(chunked(z, 50000).pipeThrough(new DecompressionStream('zstd')));              // end
    await assert.rejects(collect(chunked(z.subarray(0, 5000), 999).pipeThrough(new DecompressionStream('zstd')))); // error
    const r = chunked(z, 1000).pipeThrough(new DecompressionStream('zstd')).getReader();
    await r.read(); await r.cancel();                                                          // cancel
    const cs = new CompressionStream('zstd', { level: 19 });
    const w = cs.writable.getWriter(); await w.write(DATA.subarray(0, 1000)); await w.abort(new Error('x')); // abort
    const out = [];
    await pipelineP(Readable.from([z]), createDecompress(), new Writable({ write(c, e, cb) { out.push(c); cb(); } }));
  };
  for (let i = 0; i < 3; i++) await once(); // warm-up: the heap reaches its working size
  const before = heap();
  for (let i = 0; i < 60; i++) await once(); // ~60 x 5 codecs of >= 0.6 MiB each if they leaked
  assert.ok(heap() - before <= 8 << 20, `wasm heap grew from ${before} to ${heap()}`);
});
