// web-demo/index.html served as plain files (web-demo/ and js/) in headless Chromium: the
// import map resolves `sluice` to js/lib, and the loader fetches js/dist/sluice.wasm.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, runPage, screenshotPath, serve, strictCsp } from './harness.mjs';
import { checkPageDigests } from './references.mjs';
import { checkPageCodecs } from './codec-checks.mjs';
import { checkPageBits } from './bits-checks.mjs';

const pkg = JSON.parse(readFileSync(join(repoRoot, 'js/package.json'), 'utf8'));

const html = readFileSync(join(repoRoot, 'web-demo/index.html'), 'utf8');
const importMap = /<script type="importmap">([^]*?)<\/script>/.exec(html)[1];

// Served with a strict Content-Security-Policy (no 'unsafe-eval'): the glue is built with
// -sDYNAMIC_EXECUTION=0, so Embind must not need eval; a violation fails the page.
test('web demo runs the package in Chromium (import map, unbundled, strict CSP)', async () => {
  const server = await serve({
    '/web-demo/': join(repoRoot, 'web-demo'),
    '/js/': join(repoRoot, 'js'),
  }, strictCsp([importMap]));
  try {
    const shot = screenshotPath('web-demo.png');
    const { result, pageErrors, consoleErrors } =
      await runPage(`${server.url}/web-demo/index.html`, shot);
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(consoleErrors, []);
    assert.equal(result.error, undefined, result.error);
    assert.equal(result.version, pkg.version);
    assert.equal(result.bytes, 32 * 1024 * 1024);
    assert.equal(result.identical, true);
    assert.ok(result.chunks >= 32 * 4, `output came in many chunks (${result.chunks})`);
    assert.ok(result.mbps > 0 && Number.isFinite(result.mbps));
    assert.equal(result.unsupportedCode, 'SLUICE_UNSUPPORTED');
    // Checksums: every algorithm over the vector inputs and a generated MiB, checked against
    // the published vectors and independent references; sha256 beside crypto.subtle.digest.
    assert.equal(result.wasmVariant, 'simd', 'Chromium has SIMD128: feature detection picks sluice.wasm');
    checkPageDigests(result);
    assert.equal(result.freedCode, 'SLUICE_ARGUMENT');
    assert.equal(result.badAlgoCode, 'SLUICE_ARGUMENT');
    const s = result.sha256Speed;
    assert.equal(s.same, true, 'sluice and crypto.subtle.digest agree');
    console.log(`# Chromium sha256 of ${s.bytes / 1048576} MiB: sluice ${s.sluiceMBps.toFixed(0)} MiB/s, ` +
                `crypto.subtle.digest ${s.subtleMBps.toFixed(0)} MiB/s (ratio ${(s.sluiceMBps / s.subtleMBps).toFixed(2)})`);
    // The wasm came from the package's dist/ as its own file, with the streaming-compile type.
    const wasm = server.requests.filter((r) => r.path.endsWith('.wasm'));
    assert.deepEqual(wasm.map((r) => [r.path, r.status, r.type]),
                     [['/js/dist/sluice.wasm', 200, 'application/wasm']]);
    assert.ok(server.requests.some((r) => r.path === '/js/lib/loader-web.mjs'),
              'the browser loader was used');
    assert.ok(!server.requests.some((r) => r.path.endsWith('loader-node.mjs')));
    assert.ok(statSync(shot).size > 1000, 'screenshot written');
    checkPageCodecs(result.codecs);
    checkPageBits(result.bits);
  } finally {
    await server.close();
  }
});

// The scalar build in the browser: ?wasm=nosimd (web-demo/variant.js sets globalThis.SLUICE_WASM)
// must load sluice-nosimd.wasm, and only that, and give the same digests.
test('web demo on the no-SIMD build (?wasm=nosimd) gives the same digests', async () => {
  const server = await serve({
    '/web-demo/': join(repoRoot, 'web-demo'),
    '/js/': join(repoRoot, 'js'),
  }, strictCsp([importMap]));
  try {
    const { result, pageErrors, consoleErrors } =
      await runPage(`${server.url}/web-demo/index.html?wasm=nosimd`, screenshotPath('web-demo-nosimd.png'));
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(consoleErrors, []);
    assert.equal(result.error, undefined, result.error);
    assert.equal(result.wasmVariant, 'nosimd');
    checkPageDigests(result);
    const wasm = server.requests.filter((r) => r.path.endsWith('.wasm'));
    assert.deepEqual(wasm.map((r) => [r.path, r.status, r.type]),
                     [['/js/dist/sluice-nosimd.wasm', 200, 'application/wasm']]);
  } finally {
    await server.close();
  }
});
