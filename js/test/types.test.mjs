// The hand-written declarations (lib/*.d.ts, *.d.cts) against consumer files, with the
// pinned typescript@5: correct use compiles, misuse is rejected where it should be.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc');
const here = fileURLToPath(new URL('.', import.meta.url));

function runTsc(args) {
  const r = spawnSync(process.execPath, [tsc, ...args], { cwd: here, encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

test('typescript is the pinned major version', () => {
  const { version } = require('typescript/package.json');
  assert.match(version, /^5\./);
});

test('tsc --noEmit accepts correct ESM and CJS use', () => {
  const r = runTsc(['--noEmit', '-p', 'types/tsconfig.json']);
  assert.equal(r.status, 0, r.out);
});

test('tsc --noEmit rejects misuse', () => {
  const r = runTsc(['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext',
                    '--target', 'es2022', '--types', 'node', 'types/misuse.mts']);
  assert.notEqual(r.status, 0, 'misuse.mts compiled');
  const lines = r.out.split('\n').filter((l) => l.includes('misuse.mts('));
  assert.equal(lines.length, 3, r.out);
  assert.match(lines[0], /misuse\.mts\(5,\d+\): error TS2322/);
  assert.match(lines[1], /misuse\.mts\(6,\d+\): error TS2345/);
  assert.match(lines[2], /misuse\.mts\(7,\d+\): error TS2345/);
});
