// The wasm Hasher binding (lib/hasher.mjs over wasm/hasher_driver.hpp): published check values,
// node:crypto as a differential reference for md5/sha256, any chunking, misuse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { SluiceError } from 'sluice';
import { WasmHasher } from 'sluice/internal';

function hex(algorithm, data, chunk = Infinity) {
  const h = new WasmHasher(algorithm);
  try {
    if (typeof data === 'string' || chunk === Infinity) h.update(data);
    else for (let i = 0; i < data.length; i += chunk) h.update(data.subarray(i, i + chunk));
    return h.hexDigest();
  } finally {
    h.free();
  }
}

// INTERFACE.md's check values of "123456789" (the CRC catalogue's).
test('CRC check values of "123456789"', () => {
  assert.equal(hex('crc32', '123456789'), 'cbf43926');
  assert.equal(hex('crc32c', '123456789'), 'e3069283');
  assert.equal(hex('crc64', '123456789'), '995dc9bbdf1939fa');
  assert.equal(hex('crc64nvme', '123456789'), 'ae8b14860a799888');
});

// Published digests of the empty string and "abc" (RFC 1321, FIPS 180-2, the BLAKE3 and
// xxHash reference test vectors).
test('published vectors for md5, sha256, blake3, xxh64, xxh3, xxh128', () => {
  assert.equal(hex('md5', ''), 'd41d8cd98f00b204e9800998ecf8427e');
  assert.equal(hex('md5', 'abc'), '900150983cd24fb0d6963f7d28e17f72');
  assert.equal(hex('sha256', 'abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  assert.equal(hex('blake3', ''), 'af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262');
  assert.equal(hex('xxh64', ''), 'ef46db3751d8e999');
  assert.equal(hex('xxh3', ''), '2d06800538d394c2');
  assert.equal(hex('xxh128', ''), '99aa06d3014798d86001c324468d497f');
});

test('md5 and sha256 agree with node:crypto for any chunking', () => {
  const data = new Uint8Array(300_007);
  let s = 12345;
  for (let i = 0; i < data.length; i++) { s = (Math.imul(s, 1103515245) + 12345) >>> 0; data[i] = s >>> 23; }
  for (const algorithm of ['md5', 'sha256']) {
    const expected = createHash(algorithm).update(data).digest('hex');
    for (const chunk of [1, 63, 64, 65, 4096, 65536, 65537, Infinity]) {
      const slice = chunk === 1 ? data.subarray(0, 5000) : data;
      const want = chunk === 1 ? createHash(algorithm).update(slice).digest('hex') : expected;
      assert.equal(hex(algorithm, slice, chunk), want, `${algorithm} in ${chunk}-byte updates`);
    }
  }
});

test('every algorithm: chunked equals whole, digest() leaves the state alone', () => {
  const data = new Uint8Array(200_003).map((_, i) => (i * 131) ^ (i >>> 7));
  for (const algorithm of ['crc32', 'crc32c', 'crc64', 'crc64nvme', 'md5', 'sha256', 'blake3',
                           'xxh64', 'xxh3', 'xxh128']) {
    const whole = hex(algorithm, data);
    assert.equal(hex(algorithm, data, 1000), whole, algorithm);
    assert.equal(hex(algorithm.toUpperCase(), data, 77777), whole, `${algorithm} upper-case name`);
    const h = new WasmHasher(algorithm, { stagingBytes: 1024 });
    h.update(data.subarray(0, 100));
    h.digest();
    h.update(data.subarray(100));
    assert.equal(h.hexDigest(), whole, `${algorithm}: digest() mid-stream changed the state`);
    assert.equal(h.algorithm, algorithm);
    h.reset().update(data);
    assert.equal(h.hexDigest(), whole, `${algorithm} after reset()`);
    h.free();
  }
});

test('misuse gives SluiceError', () => {
  const code = (fn) => { try { fn(); } catch (e) { assert.ok(e instanceof SluiceError, String(e)); return e.code; } return 'none'; };
  assert.equal(code(() => new WasmHasher('sha1')), 'SLUICE_UNSUPPORTED');
  assert.equal(code(() => new WasmHasher('sha256', { stagingBytes: -1 })), 'SLUICE_ARGUMENT');
  assert.equal(code(() => new WasmHasher('sha256', { stagingBytes: 2 ** 30 })), 'SLUICE_ARGUMENT');
  const h = new WasmHasher('crc32');
  assert.equal(code(() => h.update(12)), 'SLUICE_ARGUMENT');
  h.free();
  assert.equal(code(() => h.update('x')), 'SLUICE_ARGUMENT');
  assert.equal(code(() => h.digest()), 'SLUICE_ARGUMENT');
});
