// Shared by the browser tests (not a test file itself): what the web demo's checksum table
// must contain, from the published vectors in tests/vectors/*.json and, for the generated
// buffer, from independent references (node:crypto, b3sum, xxhsum, python3 zlib, and a
// table-driven CRC built from the catalogue parameters in crc.json).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './harness.mjs';

const vectors = (name) => JSON.parse(readFileSync(join(repoRoot, 'tests/vectors', `${name}.json`), 'utf8'));

/** { inputId: { algo: hex } } from tests/vectors/*.json, with the demo's input ids. */
export function vectorExpectations() {
  const want = {};
  const put = (id, algo, hex) => { (want[id] ??= {})[algo] = hex; };
  const crc = vectors('crc');
  for (const a of crc.algorithms) put('check', a.name, a.check);
  for (const c of vectors('blake3').cases) put(`b3-${c.input_len}`, 'blake3', c.hash);
  const x = vectors('xxhash');
  for (const algo of ['xxh64', 'xxh3', 'xxh128']) for (const c of x[algo]) put(`xxh-${c.len}`, algo, c.hex);
  for (const [algo, file] of [['md5', 'md5'], ['sha256', 'sha256']]) {
    for (const c of vectors(file).cases) put(`text-${JSON.stringify(c.input)}x${c.repeat}`, algo, c.hash);
  }
  return want;
}

/** The demo's generated buffer (web-demo/main.js generate(), xorshift32 from 0x9e3779b9). */
export function generated(n) {
  const bytes = new Uint8Array(n);
  let s = 0x9e3779b9;
  for (let i = 0; i < n; i++) {
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    bytes[i] = s & 0xff;
  }
  return bytes;
}

// Reflected CRC from the catalogue parameters, a byte table built bit by bit (BigInt).
function crcFromParams(p, data) {
  const w = BigInt(p.width);
  const mask = (1n << w) - 1n;
  let rpoly = 0n;
  const poly = BigInt(`0x${p.poly}`);
  for (let i = 0n; i < w; i++) if (poly & (1n << i)) rpoly |= 1n << (w - 1n - i);
  assert.ok(p.refin && p.refout, 'the four CRCs are reflected');
  const table = [];
  for (let b = 0n; b < 256n; b++) {
    let r = b;
    for (let k = 0; k < 8; k++) r = r & 1n ? (r >> 1n) ^ rpoly : r >> 1n;
    table.push(r);
  }
  let reg = BigInt(`0x${p.init}`);
  for (const byte of data) reg = (reg >> 8n) ^ table[Number((reg ^ BigInt(byte)) & 0xffn)];
  return ((reg ^ BigInt(`0x${p.xorout}`)) & mask).toString(16).padStart(p.width / 4, '0');
}

/** { algo: hex } of `data` from references that are not sluice. */
export function referenceDigests(data) {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-ref-'));
  try {
    const f = join(dir, 'data');
    writeFileSync(f, data);
    const run = (cmd, args) => execFileSync(cmd, [...args, f], { encoding: 'utf8' }).trim();
    const want = {
      md5: createHash('md5').update(data).digest('hex'),
      sha256: createHash('sha256').update(data).digest('hex'),
      blake3: run('b3sum', ['--no-names']),
      xxh64: run('xxhsum', ['-H1']).split(/\s+/)[0],
      xxh3: run('xxhsum', ['-H3']).split(' = ').pop(),
      xxh128: run('xxhsum', ['-H2']).split(/\s+/)[0],
      crc32: execFileSync('python3', ['-c', 'import sys, zlib; print("%08x" % (zlib.crc32(open(sys.argv[1], "rb").read()) & 0xffffffff))', f],
                          { encoding: 'utf8' }).trim(),
    };
    for (const a of vectors('crc').algorithms) {
      const ref = crcFromParams(a, data);
      if (a.name === 'crc32') assert.equal(ref, want.crc32, 'the parameter-built CRC-32 agrees with zlib');
      want[a.name] = ref;
    }
    return want;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Asserts the page's checksum results (window.__result) against the references. */
export function checkPageDigests(result) {
  assert.equal(result.agree, true, 'one-shot and streaming agree in the page');
  const algos = ['crc32', 'crc32c', 'crc64', 'crc64nvme', 'md5', 'sha256', 'blake3', 'xxh64', 'xxh3', 'xxh128'];
  for (const [id, row] of Object.entries(result.digests)) assert.deepEqual(Object.keys(row), algos, id);
  let checked = 0;
  for (const [id, want] of Object.entries(vectorExpectations())) {
    assert.ok(result.digests[id], `the page hashed vector input ${id}`);
    for (const [algo, hex] of Object.entries(want)) {
      assert.equal(result.digests[id][algo], hex, `${algo} of ${id}`);
      checked++;
    }
  }
  assert.ok(checked >= 60, `${checked} vector digests checked`);
  const refs = referenceDigests(generated(1 << 20));
  for (const algo of algos) assert.equal(result.digests.generated[algo], refs[algo], `${algo} of the generated MiB`);
}
