// The two builds of the module: sluice.wasm (SIMD128) and sluice-nosimd.wasm, chosen at load
// time by WebAssembly.validate() on a tiny SIMD module (lib/wasm.mjs) or forced with
// SLUICE_WASM. The whole checksum suite runs against each build in a child process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { simdSupported, wasmVariant } from 'sluice/internal';

const dist = (f) => fileURLToPath(new URL(`../dist/${f}`, import.meta.url));
const checksumTests = fileURLToPath(new URL('./checksum.test.mjs', import.meta.url));

for (const variant of ['simd', 'nosimd']) {
  test(`the checksum suite passes on the ${variant} build (SLUICE_WASM=${variant})`, () => {
    const env = { ...process.env, SLUICE_WASM: variant };
    delete env.NODE_TEST_CONTEXT; // else the child sees it is inside a test run and runs nothing
    const r = spawnSync(process.execPath, ['--expose-gc', '--test', '--test-reporter=tap', checksumTests], {
      env, encoding: 'utf8', timeout: 300000,
    });
    const out = `${r.stdout}${r.stderr}`;
    assert.equal(r.status, 0, out.split('\n').filter((l) => /not ok|error|expected|actual/.test(l)).join('\n') || out);
    assert.match(out, new RegExp(`wasm build ${variant}\\b`));
    assert.match(out, /# fail 0/);
    assert.doesNotMatch(out, /# pass 0\b/);
    // The registry test needs --expose-gc, given above: it must have run, not been skipped.
    assert.match(out, /# skipped 0/);
  });
}

test('feature detection picks the SIMD build in Node 20', () => {
  assert.equal(simdSupported(), true);
  if (!process.env.SLUICE_WASM) assert.equal(wasmVariant, 'simd');
});

test('sluice.wasm uses SIMD128 and sluice-nosimd.wasm has no SIMD instruction', () => {
  const count = (f) => (execFileSync('wasm-dis', [dist(f)], { encoding: 'utf8', maxBuffer: 256 << 20 })
    .match(/\b(v128|i8x16|i16x8|i32x4|i64x2|f32x4|f64x2)\./g) ?? []).length;
  assert.ok(count('sluice.wasm') > 100, 'the SIMD build has SIMD instructions');
  assert.equal(count('sluice-nosimd.wasm'), 0, 'the scalar build has none');
});

test('one glue serves both builds: the generated glues differ only in the .wasm file name', () => {
  const a = readFileSync(dist('sluice.mjs'), 'utf8');
  const b = readFileSync(dist('sluice-nosimd.mjs'), 'utf8').replaceAll('sluice-nosimd.wasm', 'sluice.wasm');
  assert.equal(a, b);
});

test('an unknown SLUICE_WASM value fails the load with SLUICE_IO', () => {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', "import('sluice').catch((e) => { console.log(e.code, e.message); process.exit(3); })"], {
    env: { ...process.env, SLUICE_WASM: 'avx' }, encoding: 'utf8', cwd: fileURLToPath(new URL('..', import.meta.url)),
  });
  assert.equal(r.status, 3, r.stderr);
  assert.match(r.stdout, /^SLUICE_IO cannot load sluice\.wasm: SLUICE_WASM must be "simd" or "nosimd"/);
});
