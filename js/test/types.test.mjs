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
  const expected = [[6, 'TS2322'], [7, 'TS2345'], [8, 'TS2345'], [9, 'TS2345'], [10, 'TS2345'],
                    [11, 'TS2322'], [12, 'TS2345'], [13, 'TS2322'], [14, 'TS2322'],
                    [17, 'TS2345'], [18, 'TS2322'], [19, 'TS2322'],
                    [21, 'TS2345'], [22, 'TS2322'], [23, 'TS2540'], [24, 'TS2322'], [25, 'TS2345']];
  assert.equal(lines.length, expected.length, r.out);
  expected.forEach(([line, code], i) => assert.match(lines[i], new RegExp(`misuse\\.mts\\(${line},\\d+\\): error ${code}`), r.out));
});
