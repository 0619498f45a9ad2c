// A JS-saved hasher state is byte-identical to the native one: for every algorithm and a set
// of prefix lengths, createHash(algo).update(...).saveState() must equal the bytes of the
// native Hasher::save_state() printed by tests/core/hash_state_dump.cpp (the native preset's
// build/native/tests/hash_state_dump) after the same update() calls, and the native state
// restored here must finish to the native digest. Both sides feed the prefix in updates of
// CHUNK bytes: BLAKE3's and XXH3's saved bytes depend on how the input was split (lazily
// merged chaining values; stripes consumed vs buffered), so only the same calls can give the
// same bytes.
//
// The native program exists only when the native preset was built first (CI builds it before
// wasm). Its path: SLUICE_NATIVE_HASH_STATE_DUMP (set by the wasm preset's ctest from the cache
// variable of the same name), else <repo>/build/native/tests/hash_state_dump. Without it the
// tests are skipped with a message saying so. Run directly, the file checks the build feature
// detection picks and then the other one (SLUICE_WASM=nosimd) in a child process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createHash } from 'sluice';
import { wasmVariant } from 'sluice/internal';

const dump = process.env.SLUICE_NATIVE_HASH_STATE_DUMP ||
  fileURLToPath(new URL('../../build/native/tests/hash_state_dump', import.meta.url));
const available = existsSync(dump);
const skip = available ? false
  : `native hash_state_dump not found at ${dump}: build the native preset first (cmake --workflow --preset native)`;
if (!available) console.log(`# SKIP hash-state-native: ${skip}`);

/** The xorshift32 stream of hash_state_dump.cpp (seed 0x9e3779b9, byte = s & 0xff). */
function stream(n) {
  const out = new Uint8Array(n);
  let s = 0x9e3779b9 | 0;
  for (let i = 0; i < n; i++) { s ^= s << 13; s ^= s >>> 17; s ^= s << 5; out[i] = s & 0xff; }
  return out;
}

/** Update size on both sides (hash_state_dump.cpp kChunk): the JS staging slice, so that
 * each update() here is one call of the wasm hasher. */
const CHUNK = 32768;

const hex = (u8) => Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength).toString('hex');

function nativeStates() {
  const out = execFileSync(dump, { encoding: 'utf8', maxBuffer: 64 << 20 });
  return out.trim().split('\n').map((line) => {
    const [algo, length, state, digest] = line.split(' ');
    return { algo, length: Number(length), state, digest };
  });
}

const rows = available ? nativeStates() : [];
const data = stream(Math.max(0, ...rows.map((r) => r.length)));

test('hash_state_dump printed states for all ten algorithms', { skip }, () => {
  assert.deepEqual([...new Set(rows.map((r) => r.algo))],
    ['crc32', 'crc32c', 'crc64', 'crc64nvme', 'md5', 'sha256', 'blake3', 'xxh64', 'xxh3', 'xxh128']);
  assert.ok(rows.length >= 200, `${rows.length} states`);
});

for (const algo of available ? [...new Set(rows.map((r) => r.algo))] : []) {
  test(`${algo}: saveState() bytes equal native Hasher::save_state() (wasm build ${wasmVariant})`,
    () => {
      for (const { length, state, digest } of rows.filter((r) => r.algo === algo)) {
        const h = createHash(algo);
        try {
          for (let off = 0; off < length; off += CHUNK) h.update(data.subarray(off, Math.min(length, off + CHUNK)));
          assert.equal(hex(h.saveState()), state, `${algo} after ${length} bytes: saved state`);
          assert.equal(h.digest('hex'), digest, `${algo} after ${length} bytes: digest`);
        } finally {
          h.free();
        }
        // The native bytes restored in JS continue the same hash.
        const r = createHash(algo, { state: Buffer.from(state, 'hex') });
        try {
          assert.equal(r.digest('hex'), digest, `${algo} restored from the native state after ${length} bytes`);
        } finally {
          r.free();
        }
      }
    });
}

if (!process.env.SLUICE_WASM) {
  test('the same on the other wasm build (SLUICE_WASM=nosimd)', { skip }, () => {
    const env = { ...process.env, SLUICE_WASM: 'nosimd', SLUICE_NATIVE_HASH_STATE_DUMP: dump };
    delete env.NODE_TEST_CONTEXT;
    const r = spawnSync(process.execPath, ['--test', '--test-reporter=tap', fileURLToPath(import.meta.url)], {
      env, encoding: 'utf8', timeout: 300000,
    });
    const out = `${r.stdout}${r.stderr}`;
    assert.equal(r.status, 0, out);
    assert.match(out, /wasm build nosimd/);
    assert.match(out, /# pass (9|1[01])\b/);
    assert.match(out, /# fail 0/);
  });
}
