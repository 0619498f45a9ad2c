// web-demo built by Vite (web-demo/package.json: sluice from file:../js), then served from
// web-demo/dist in headless Chromium: the bundler must find the separate sluice.wasm through
// new URL(..., import.meta.url), ship it, and keep node:fs out of the bundle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, runPage, screenshotPath, serve, strictCsp } from './harness.mjs';
import { checkPageCodecs } from './codec-checks.mjs';
import { checkPageBits } from './bits-checks.mjs';
import { checkPageDigests } from './references.mjs';

const demo = join(repoRoot, 'web-demo');
const pkg = JSON.parse(readFileSync(join(repoRoot, 'js/package.json'), 'utf8'));

test('vite build of the web demo ships both .wasm builds, and the page loads one', async () => {
  const vite = join(demo, 'node_modules/vite/bin/vite.js');
  assert.ok(existsSync(vite), 'web-demo/node_modules is missing: run scripts/setup');
  const build = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'],
                          { cwd: demo, encoding: 'utf8' });
  assert.equal(build.status, 0, `vite build failed:\n${build.stdout}${build.stderr}`);

  const assets = readdirSync(join(demo, 'dist/assets'));
  const wasmFiles = assets.filter((f) => f.endsWith('.wasm'));
  assert.equal(wasmFiles.length, 2, `two .wasm assets (SIMD and scalar): ${assets}`);
  const simdAsset = wasmFiles.find((f) => f.startsWith('sluice-') && !f.startsWith('sluice-nosimd'));
  const scalarAsset = wasmFiles.find((f) => f.startsWith('sluice-nosimd'));
  assert.ok(simdAsset && scalarAsset, `asset names: ${wasmFiles}`);
  assert.ok(readFileSync(join(demo, 'dist/assets', simdAsset)).equals(readFileSync(join(repoRoot, 'js/dist/sluice.wasm'))),
            'the shipped SIMD .wasm is the built one');
  assert.ok(readFileSync(join(demo, 'dist/assets', scalarAsset)).equals(readFileSync(join(repoRoot, 'js/dist/sluice-nosimd.wasm'))),
            'the shipped scalar .wasm is the built one');
  for (const f of assets.filter((a) => a.endsWith('.js'))) {
    const js = readFileSync(join(demo, 'dist/assets', f), 'utf8');
    assert.ok(!js.includes('node:fs'), `${f} must not reference node:fs`);
    assert.ok(!js.includes('data:application/wasm'), `${f} must not inline the wasm`);
  }
  assert.ok(!readFileSync(join(demo, 'dist/index.html'), 'utf8').includes('importmap'));

  const server = await serve({ '/': join(demo, 'dist') }, strictCsp());
  try {
    const shot = screenshotPath('web-demo-vite.png');
    const { result, pageErrors, consoleErrors } = await runPage(`${server.url}/`, shot);
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(consoleErrors, []);
    assert.equal(result.error, undefined, result.error);
    assert.equal(result.version, pkg.version);
    assert.equal(result.identical, true);
    assert.equal(result.bytes, 32 * 1024 * 1024);
    assert.equal(result.unsupportedCode, 'SLUICE_UNSUPPORTED');
    assert.equal(result.wasmVariant, 'simd');
    checkPageCodecs(result.codecs);
    checkPageBits(result.bits);
    checkPageDigests(result);
    const wasm = server.requests.filter((r) => r.path.endsWith('.wasm'));
    assert.deepEqual(wasm.map((r) => [r.path, r.status, r.type]),
                     [[`/assets/${simdAsset}`, 200, 'application/wasm']], 'the browser fetched only the SIMD build');
    // The bundle honours the same switch: ?wasm=nosimd fetches only the scalar asset.
    server.requests.length = 0;
    const forced = await runPage(`${server.url}/?wasm=nosimd`, screenshotPath('web-demo-vite-nosimd.png'));
    assert.equal(forced.result.error, undefined, forced.result.error);
    assert.equal(forced.result.wasmVariant, 'nosimd');
    assert.deepEqual(server.requests.filter((r) => r.path.endsWith('.wasm')).map((r) => r.path),
                     [`/assets/${scalarAsset}`]);
    assert.ok(statSync(shot).size > 1000, 'screenshot written');
  } finally {
    await server.close();
  }
});
