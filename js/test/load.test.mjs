// Loading the package in its three forms (ESM, CJS, the ./node subpath) against dist/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as sluice from 'sluice';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const require = createRequire(import.meta.url);

test('ESM entry is usable right after import', async () => {
  assert.equal(typeof sluice.version, 'string');
  assert.equal(sluice.version, pkg.version);
  assert.ok(sluice.ready instanceof Promise);
  assert.equal(await sluice.ready, undefined);
  assert.equal(typeof sluice.SluiceError, 'function');
});

test('package version equals the CMake project VERSION', () => {
  const cmake = readFileSync(new URL('../../CMakeLists.txt', import.meta.url), 'utf8');
  const m = /project\(sluice VERSION (\d+\.\d+\.\d+)/.exec(cmake);
  assert.ok(m, 'project(sluice VERSION x.y.z) not found in CMakeLists.txt');
  assert.equal(pkg.version, m[1]);
});

test('ESM exports only the names implemented so far', () => {
  assert.deepEqual(Object.keys(sluice).sort(), ['BitReader', 'CompressionStream', 'DecompressionStream', 'SluiceError',
    'blake3', 'compress', 'crc32', 'crc32c', 'crc64', 'crc64nvme', 'createHash', 'decompress', 'md5', 'probe', 'ready', 'sha256', 'version', 'xxh128', 'xxh3', 'xxh64']);
});

test('CJS entry exposes the same names once ready resolves', async () => {
  const cjs = require('sluice');
  assert.ok(cjs.ready instanceof Promise);
  await cjs.ready;
  assert.equal(cjs.version, pkg.version);
  // The same class as the ESM entry's, so instanceof works across both.
  assert.equal(cjs.SluiceError, sluice.SluiceError);
  assert.deepEqual(Object.keys(cjs).sort(), Object.keys(sluice).sort());
  // require() resolved the CommonJS file, not the ESM one.
  assert.match(require.resolve('sluice'), /index\.cjs$/);
});

test('sluice/node works from ESM and CJS', async () => {
  const esm = await import('sluice/node');
  assert.equal(esm.version, pkg.version);
  assert.equal(typeof esm.createHashStream, 'function');
  assert.equal(esm.sha256, sluice.sha256);
  assert.equal(esm.SluiceError, sluice.SluiceError);
  const cjs = require('sluice/node');
  await cjs.ready;
  assert.equal(cjs.version, pkg.version);
  assert.equal(cjs.createHashStream, esm.createHashStream);
  const main = require('sluice');
  await main.ready;
  assert.equal(main.crc32, sluice.crc32);
  assert.equal(main.createHash, sluice.createHash);
});

test('the wasm is compiled and instantiated once', async () => {
  const { loadWasm } = await import('../lib/wasm.mjs');
  const a = loadWasm();
  const b = loadWasm();
  assert.equal(a, b);
  assert.equal((await a).module, (await b).module);
});

test('package.json: exports put types first; files ship the built wasm', () => {
  for (const [subpath, conditions] of Object.entries(pkg.exports)) {
    if (typeof conditions === 'string') continue;
    for (const [cond, target] of Object.entries(conditions)) {
      assert.equal(Object.keys(target)[0], 'types', `${subpath} ${cond}: types must come first`);
    }
  }
  assert.equal(pkg.type, 'module');
  assert.equal(pkg.sideEffects, false);
  assert.ok(pkg.files.includes('dist/sluice.wasm') && pkg.files.includes('dist/sluice.mjs'));
  assert.ok(pkg.files.includes('dist/sluice-nosimd.wasm'));
  assert.equal(pkg.imports['#wasm-loader'].node, './lib/loader-node.mjs');
});

test('a missing sluice.wasm rejects the import (ESM) and ready (CJS) with SLUICE_IO', async () => {
  const { cpSync, mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { pathToFileURL, fileURLToPath } = await import('node:url');
  const here = fileURLToPath(new URL('..', import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), 'sluice-nowasm-'));
  try {
    cpSync(join(here, 'package.json'), join(dir, 'package.json'));
    cpSync(join(here, 'lib'), join(dir, 'lib'), { recursive: true });
    cpSync(join(here, 'dist/sluice.mjs'), join(dir, 'dist/sluice.mjs'));
    // Neither build is there: whichever feature detection picks, loading fails.
    const isLoadError = (e) => {
      assert.equal(e.name, 'SluiceError');
      assert.equal(e.code, 'SLUICE_IO');
      assert.match(e.message, /^cannot load sluice\.wasm: /);
      assert.ok(e.cause, 'the underlying error is kept as cause');
      return true;
    };
    await assert.rejects(import(pathToFileURL(join(dir, 'lib/index.mjs')).href), isLoadError);
    const cjs = require(join(dir, 'lib/index.cjs'));
    await assert.rejects(cjs.ready, isLoadError);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
