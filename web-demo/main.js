// The demo: the sluice version, the identity transform's push loop over a generated buffer
// with a throughput line, and every checksum over the inputs of tests/vectors/*.json (made
// here by the same recipes) and a generated buffer, plus sha256 throughput beside the
// browser's own crypto.subtle.digest. Sets window.__result for the browser tests, which
// compare the digests with the published vectors and independent references.
import * as sluice from 'sluice';
import { version, SluiceError, createHash } from 'sluice';
import { PushTransform, wasmVariant } from 'sluice/internal';
import { codecDemo } from './codecs.js';
import { bitsDemo } from './bits.js';

const ALGORITHMS = ['crc32', 'crc32c', 'crc64', 'crc64nvme', 'md5', 'sha256', 'blake3', 'xxh64', 'xxh3', 'xxh128'];

const TOTAL_BYTES = 32 * 1024 * 1024;
const CHUNK_BYTES = 1024 * 1024;

function generate(n) {
  const bytes = new Uint8Array(n);
  let s = 0x9e3779b9;
  for (let i = 0; i < n; i++) {
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    bytes[i] = s & 0xff;
  }
  return bytes;
}

// Times the push loop alone (ondata keeps the chunks), then checks the output.
function passThrough(input) {
  const out = [];
  const t = new PushTransform('identity', { inputBytes: 256 * 1024, outputBytes: 256 * 1024 },
    (chunk) => out.push(chunk));
  const t0 = performance.now();
  try {
    for (let off = 0; off < input.length; off += CHUNK_BYTES) {
      const end = Math.min(off + CHUNK_BYTES, input.length);
      t.push(input.subarray(off, end), end === input.length);
    }
  } finally {
    t.free();
  }
  const ms = performance.now() - t0;
  let at = 0;
  let identical = true;
  for (const chunk of out) {
    for (let i = 0; i < chunk.length && identical; i++) identical = chunk[i] === input[at + i];
    at += chunk.length;
  }
  return { bytes: at, identical: identical && at === input.length, chunks: out.length, ms };
}

function unsupportedCode() {
  try {
    new PushTransform('no-such-transform');
  } catch (e) {
    return e instanceof SluiceError ? e.code : `not a SluiceError: ${e}`;
  }
  return 'no error';
}

// The inputs of tests/vectors/*.json, by the recipes their comments give.
function vectorInputs() {
  const out = [];
  out.push({ id: 'check', bytes: new TextEncoder().encode('123456789') });            // crc.json
  for (const n of [0, 1, 1023, 1024, 1025, 2048, 2049, 3072, 3073, 4096, 4097, 5120, 5121, 6144,
                   6145, 7168, 7169, 8192, 8193, 16384, 31744, 102400]) {              // blake3.json
    out.push({ id: `b3-${n}`, bytes: new Uint8Array(n).map((_, i) => i % 251) });
  }
  const sanity = new Uint8Array(4096);                                                 // xxhash.json
  let gen = 2654435761n;
  for (let i = 0; i < sanity.length; i++) {
    sanity[i] = Number(gen >> 56n);
    gen = (gen * 11400714785074694797n) & 0xffffffffffffffffn;
  }
  for (const n of [0, 1, 4, 6, 12, 14, 24, 48, 80, 81, 195, 222, 403, 512, 2048, 2240, 2367]) {
    out.push({ id: `xxh-${n}`, bytes: sanity.subarray(0, n) });
  }
  for (const [text, repeat] of [['', 1], ['a', 1], ['abc', 1], ['message digest', 1],               // md5.json,
    ['abcdefghijklmnopqrstuvwxyz', 1], ['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 1], // sha256.json
    ['1234567890', 8], ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', 1],
    ['abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu', 1],
    ['a', 1000000]]) {
    out.push({ id: `text-${JSON.stringify(text)}x${repeat}`, text: text.repeat(repeat) });
  }
  return out;
}

// Every algorithm over every input: one-shot (strings as strings), and createHash in
// 1000-byte updates, which must agree.
function checksums(generated) {
  const digests = {};
  let agree = true;
  for (const input of [...vectorInputs(), { id: 'generated', bytes: generated }]) {
    const row = {};
    for (const algo of ALGORITHMS) {
      const data = input.text ?? input.bytes;
      row[algo] = sluice[algo](data);
      const bytes = input.bytes ?? new TextEncoder().encode(input.text);
      const h = createHash(algo);
      for (let i = 0; i < bytes.length; i += 1000) h.update(bytes.subarray(i, i + 1000));
      if (h.digest('hex') !== row[algo]) agree = false;
      h.free();
    }
    digests[input.id] = row;
  }
  return { digests, agree };
}

const toHex = (buf) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');

// sha256 of the same buffer: sluice (wasm) and crypto.subtle.digest, best of three each.
async function sha256Speed(data) {
  const best = async (fn) => {
    let ms = Infinity;
    let out;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      out = await fn();
      ms = Math.min(ms, performance.now() - t0);
    }
    return { ms, out };
  };
  const ours = await best(() => sluice.sha256(data));
  const subtle = await best(async () => toHex(await crypto.subtle.digest('SHA-256', data)));
  const mbps = (ms) => (data.length / (1024 * 1024)) / (ms / 1000);
  return { bytes: data.length, sluiceMBps: mbps(ours.ms), subtleMBps: mbps(subtle.ms), same: ours.out === subtle.out };
}

const line = document.getElementById('identity');
try {
  document.getElementById('version').textContent = version;
  const input = generate(TOTAL_BYTES);
  const r = passThrough(input);
  const mbps = (r.bytes / (1024 * 1024)) / (r.ms / 1000);
  line.textContent = `${(r.bytes / (1024 * 1024)).toFixed(0)} MiB through identity in ` +
    `${r.ms.toFixed(1)} ms: ${mbps.toFixed(0)} MiB/s, ${r.identical ? 'output identical' : 'OUTPUT DIFFERS'}`;
  line.className = r.identical ? 'ok' : 'fail';
  const generated = input.subarray(0, 1 << 20);
  const c = checksums(generated);
  const speed = await sha256Speed(input.subarray(0, 16 * 1024 * 1024));
  const checks = document.getElementById('checksums');
  checks.textContent = `${Object.keys(c.digests).length} inputs × ${ALGORITHMS.length} algorithms hashed ` +
    `(${wasmVariant} build); one-shot and streaming ${c.agree ? 'agree' : 'DISAGREE'}`;
  checks.className = c.agree ? 'ok' : 'fail';
  document.getElementById('sha256-speed').textContent =
    `sha256 of 16 MiB: sluice ${speed.sluiceMBps.toFixed(0)} MiB/s, ` +
    `crypto.subtle.digest ${speed.subtleMBps.toFixed(0)} MiB/s (${speed.same ? 'same digest' : 'DIGESTS DIFFER'})`;
  const table = document.getElementById('digests');
  for (const algo of ALGORITHMS) {
    const tr = table.insertRow();
    tr.insertCell().textContent = algo;
    tr.insertCell().textContent = c.digests.generated[algo];
  }
  let freedCode = 'no error';
  const h = createHash('sha256');
  h.free();
  try { h.update('x'); } catch (e) { freedCode = e instanceof SluiceError ? e.code : String(e); }
  let badAlgoCode = 'no error';
  try { createHash('sha1'); } catch (e) { badAlgoCode = e instanceof SluiceError ? e.code : String(e); }
  const codecLines = document.getElementById('codecs');
  const codecs = await codecDemo((text) => { const li = document.createElement('li'); li.textContent = text; codecLines.append(li); });
  const bitLines = document.getElementById('bits');
  const bits = bitsDemo((text) => { const li = document.createElement('li'); li.textContent = text; bitLines.append(li); });
  window.__result = {
    codecs, bits,
    version, ...r, mbps, unsupportedCode: unsupportedCode(), wasmVariant,
    digests: c.digests, agree: c.agree, sha256Speed: speed, freedCode, badAlgoCode,
  };
} catch (e) {
  line.textContent = `failed: ${e}`;
  line.className = 'fail';
  window.__result = { error: String(e?.stack ?? e) };
}
