// The page of bench/js/browser-codec.bench.mjs: gzip decode in Chromium through sluice's
// DecompressionStream and through the browser's own DecompressionStream('gzip'), on the same
// compressed bytes in the same page, fed as the same stream of 64 KiB chunks, the output read
// chunk by chunk (as a consumer would, without concatenating). Runs alternate between the two
// (sluice first in even rounds, native first in odd ones) after a warm-up of each; the
// milliseconds per decode of every round go to window.__result for the driver to take medians.
// Query: ?sizes=8,32 (MiB) &rounds=9 &chunk=65536 &extra=1 (also time the push core alone).
import { DecompressionStream as SluiceDecompression } from 'sluice';
import { createCodec } from 'sluice/internal';
import { sample } from './sample.js';

const q = new URLSearchParams(location.search);
const SIZES = (q.get('sizes') ?? '8,32').split(',').map(Number);
const ROUNDS = Number(q.get('rounds') ?? 9);
const CHUNK = Number(q.get('chunk') ?? 65536);
const EXTRA = q.get('extra') === '1';

function source(bytes) {
  let at = 0;
  return new ReadableStream({
    pull(c) {
      if (at >= bytes.length) { c.close(); return; }
      c.enqueue(bytes.subarray(at, at + CHUNK)); at += CHUNK;
    },
  });
}

async function drain(readable, keep) {
  const reader = readable.getReader();
  const parts = [];
  let total = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    total += value.length;
    if (keep) parts.push(value);
  }
  if (!keep) return total;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

function equal(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// The push core alone (no streams): what the stream adapter adds is the difference.
function pushOnly(gz) {
  let total = 0;
  const t = createCodec('gzip', false, {}, (c) => { total += c.length; });
  try {
    for (let at = 0; at < gz.length; at += CHUNK) t.push(gz.subarray(at, at + CHUNK), false);
    t.push(new Uint8Array(0), true);
  } finally { t.free(); }
  return total;
}

const impls = {
  sluice: (gz) => drain(source(gz).pipeThrough(new SluiceDecompression('gzip')), false),
  native: (gz) => drain(source(gz).pipeThrough(new DecompressionStream('gzip')), false),
};
if (EXTRA) impls['sluice-push'] = async (gz) => pushOnly(gz);

async function main() {
  const result = { chunk: CHUNK, rounds: ROUNDS, userAgent: navigator.userAgent, cases: [] };
  for (const mib of SIZES) {
    const data = sample(mib << 20, 12345);
    const gz = await drain(source(data).pipeThrough(new CompressionStream('gzip')), true);
    // Both decoders must give the input back before anything is timed.
    for (const name of ['sluice', 'native']) {
      const out = await drain(source(gz).pipeThrough(name === 'sluice' ? new SluiceDecompression('gzip') : new DecompressionStream('gzip')), true);
      if (!equal(out, data)) throw new Error(`${name}: wrong output for ${mib} MiB`);
    }
    const names = Object.keys(impls);
    const ms = Object.fromEntries(names.map((n) => [n, []]));
    // One sample decodes the stream `reps` times (about 32 MiB of output), so small sizes are
    // not timed over a few tens of milliseconds, which a burst of load elsewhere would swamp.
    const reps = Math.max(1, Math.round(32 / mib));
    const once = async (n) => {
      const t0 = performance.now();
      for (let i = 0; i < reps; i++) {
        const got = await impls[n](gz);
        if (got !== data.length) throw new Error(`${n}: ${got} bytes, not ${data.length}`);
      }
      return (performance.now() - t0) / reps;
    };
    for (const n of names) await once(n); // warm-up
    for (let r = 0; r < ROUNDS; r++) {
      const order = r % 2 === 0 ? names : [...names].reverse();
      for (const n of order) ms[n].push(await once(n));
    }
    result.cases.push({ case: 'gzip-decompress', bytes: data.length, gzBytes: gz.length, size: `${mib}MiB`, ms });
    document.getElementById('log').textContent += `${mib} MiB: ${JSON.stringify(ms)}\n`;
  }
  window.__result = result;
}
main().catch((e) => { window.__result = { error: String(e?.stack ?? e) }; });
