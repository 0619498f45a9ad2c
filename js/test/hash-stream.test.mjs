// sluice/node createHashStream(): a pass-through Transform whose `digest` promise resolves
// with the hex when the stream finishes, in stream.pipeline, with errors propagated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash as nodeHash } from 'node:crypto';
import { Readable, PassThrough, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pipeline as pipelineCb } from 'node:stream';
import { createHashStream, sha256, SluiceError } from 'sluice/node';

function randomChunks(total, seed) {
  const chunks = [];
  let x = seed;
  let left = total;
  while (left > 0) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    const n = Math.min(left, (x >>> 0) % 70000);
    const c = Buffer.alloc(n);
    for (let i = 0; i < n; i++) c[i] = (i * 31 + (x & 255)) & 255;
    chunks.push(c);
    left -= n;
  }
  return chunks;
}

function collect() {
  const parts = [];
  const sink = new Writable({ write(chunk, _enc, cb) { parts.push(chunk); cb(); } });
  return { sink, data: () => Buffer.concat(parts) };
}

test('in stream.pipeline: data passes through unchanged and digest resolves to the hex', async () => {
  const chunks = randomChunks(3 << 20, 12345);
  const input = Buffer.concat(chunks);
  const { sink, data } = collect();
  const h = createHashStream('sha256');
  assert.equal(h.algorithm, 'sha256');
  await pipeline(Readable.from(chunks), h, sink);
  assert.equal(await h.digest, nodeHash('sha256').update(input).digest('hex'));
  assert.ok(data().equals(input));
});

test('every algorithm: the stream digest equals the one-shot', async () => {
  const sluice = await import('sluice');
  const chunks = randomChunks(300000, 99);
  for (const algo of ['crc32', 'crc32c', 'crc64', 'crc64nvme', 'md5', 'sha256', 'blake3', 'xxh64', 'xxh3', 'xxh128']) {
    const h = createHashStream(algo);
    await pipeline(Readable.from(chunks), h, new PassThrough().resume());
    assert.equal(await h.digest, sluice[algo](Buffer.concat(chunks)), algo);
  }
});

test('string chunks (objectMode off, decodeStrings) are hashed as their bytes', async () => {
  const h = createHashStream('md5');
  const done = h.digest;
  h.end('héllo 🎵');
  h.resume();
  assert.equal(await done, nodeHash('md5').update('héllo 🎵').digest('hex'));
});

test('an error upstream rejects digest and fails the pipeline', async () => {
  const h = createHashStream('blake3');
  const boom = new Error('source failed');
  const source = new Readable({ read() { this.destroy(boom); } });
  await assert.rejects(pipeline(source, h, new PassThrough().resume()), (e) => e === boom);
  await assert.rejects(h.digest, (e) => e === boom);
});

test('an error downstream, before the hash stream finished, rejects digest too', async () => {
  const h = createHashStream('xxh3');
  const boom = new Error('sink failed');
  const sink = new Writable({ write(_c, _e, cb) { setImmediate(() => cb(boom)); } });
  await assert.rejects(pipeline(Readable.from(randomChunks(8 << 20, 3)), h, sink), (e) => e === boom);
  await assert.rejects(h.digest, (e) => e === boom);
});

test('bad chunks fail the stream with SLUICE_ARGUMENT; callback pipeline reports it', async () => {
  const h = createHashStream('sha256', { objectMode: true });
  const err = await new Promise((resolve) => {
    pipelineCb(Readable.from([Buffer.from('ok'), 42], { objectMode: true }), h, new PassThrough({ objectMode: true }).resume(), resolve);
  });
  assert.ok(err instanceof SluiceError);
  assert.equal(err.code, 'SLUICE_ARGUMENT');
  await assert.rejects(h.digest, (e) => e === err);
});

test('destroyed before finishing: digest rejects', async () => {
  const h = createHashStream('crc32');
  h.write('abc');
  h.destroy();
  await assert.rejects(h.digest, (e) => e instanceof SluiceError && e.code === 'SLUICE_IO');
});

test('unknown algorithm throws SLUICE_ARGUMENT synchronously', () => {
  assert.throws(() => createHashStream('sha1'), (e) => e instanceof SluiceError && e.code === 'SLUICE_ARGUMENT');
});

test('backpressure: a slow consumer still gets every byte', async () => {
  const chunks = randomChunks(1 << 20, 7);
  const slow = new Transform({ highWaterMark: 1, transform(c, _e, cb) { setImmediate(() => cb(null, c)); } });
  const { sink, data } = collect();
  const h = createHashStream('sha256', { highWaterMark: 1024 });
  await pipeline(Readable.from(chunks), h, slow, sink);
  assert.equal(await h.digest, sha256(Buffer.concat(chunks)));
  assert.ok(data().equals(Buffer.concat(chunks)));
});
