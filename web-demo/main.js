// The demo: the sluice version, and the identity transform's push loop over a generated
// buffer with a throughput line. Sets window.__result for the browser tests.
import { version, SluiceError } from 'sluice';
import { PushTransform } from 'sluice/internal';

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

const line = document.getElementById('identity');
try {
  document.getElementById('version').textContent = version;
  const input = generate(TOTAL_BYTES);
  const r = passThrough(input);
  const mbps = (r.bytes / (1024 * 1024)) / (r.ms / 1000);
  line.textContent = `${(r.bytes / (1024 * 1024)).toFixed(0)} MiB through identity in ` +
    `${r.ms.toFixed(1)} ms: ${mbps.toFixed(0)} MiB/s, ${r.identical ? 'output identical' : 'OUTPUT DIFFERS'}`;
  line.className = r.identical ? 'ok' : 'fail';
  window.__result = { version, ...r, mbps, unsupportedCode: unsupportedCode() };
} catch (e) {
  line.textContent = `failed: ${e}`;
  line.className = 'fail';
  window.__result = { error: String(e?.stack ?? e) };
}
