// The package as users get it: `npm pack` must ship lib/ and both dist/ files and nothing
// else of ours, and the packed tarball, installed into a scratch project, must work from ESM
// and CommonJS (the wasm is found next to the installed files, not in this checkout).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const jsDir = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(jsDir, 'package.json'), 'utf8'));
const npmOpts = ['--no-audit', '--no-fund', '--loglevel=error'];

test('npm pack ships lib/, dist/sluice.mjs, dist/sluice.wasm and dist/sluice-nosimd.wasm only', () => {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', ...npmOpts], { cwd: jsDir, encoding: 'utf8' });
  const files = JSON.parse(out)[0].files.map((f) => f.path).sort();
  for (const f of ['dist/sluice.mjs', 'dist/sluice.wasm', 'dist/sluice-nosimd.wasm', 'lib/index.mjs', 'lib/index.cjs',
                   'lib/index.d.ts', 'lib/index.d.cts', 'lib/loader-node.mjs', 'lib/loader-web.mjs',
                   'package.json', 'README.md']) {
    assert.ok(files.includes(f), `${f} is packed`);
  }
  const stray = files.filter((f) => !/^(lib\/[^/]+|dist\/sluice\.(mjs|wasm)|dist\/sluice-nosimd\.wasm|package\.json|README\.md)$/.test(f));
  assert.deepEqual(stray, []);
});

test('the packed tarball installs into a project and loads from ESM and CJS', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-consumer-'));
  try {
    const tgz = execFileSync('npm', ['pack', '--pack-destination', dir, ...npmOpts],
                             { cwd: jsDir, encoding: 'utf8' }).trim().split('\n').pop();
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
    execFileSync('npm', ['install', join(dir, tgz), ...npmOpts], { cwd: dir, encoding: 'utf8' });
    writeFileSync(join(dir, 'esm.mjs'),
      "import { version, SluiceError, crc32 } from 'sluice';\n" +
      "console.log(JSON.stringify({ version, err: new SluiceError('SLUICE_IO', 'x').code, crc: crc32('123456789') }));\n");
    writeFileSync(join(dir, 'cjs.cjs'),
      "const s = require('sluice');\n" +
      "s.ready.then(() => console.log(JSON.stringify({ version: s.version })));\n");
    const esm = JSON.parse(execFileSync(process.execPath, ['esm.mjs'], { cwd: dir, encoding: 'utf8' }));
    assert.deepEqual(esm, { version: pkg.version, err: 'SLUICE_IO', crc: 'cbf43926' });
    // The scalar build is installed too, and loads when forced.
    const nosimd = execFileSync(process.execPath, ['--input-type=module', '-e',
      "import { sha256 } from 'sluice'; import { wasmVariant } from 'sluice/internal'; console.log(wasmVariant, sha256('abc'))"],
      { cwd: dir, encoding: 'utf8', env: { ...process.env, SLUICE_WASM: 'nosimd' } }).trim();
    assert.equal(nosimd, 'nosimd ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const cjs = JSON.parse(execFileSync(process.execPath, ['cjs.cjs'], { cwd: dir, encoding: 'utf8' }));
    assert.deepEqual(cjs, { version: pkg.version });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
