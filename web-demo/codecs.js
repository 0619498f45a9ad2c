// The codec part of the demo: every format round-tripped through sluice's CompressionStream /
// DecompressionStream (pipeThrough), the three formats the browser has checked both ways
// against its own CompressionStream/DecompressionStream, and a gzip stream decoded by sluice
// and by the browser's native DecompressionStream('gzip'), bytes compared and both timed.
import { CompressionStream as SluiceCompression, DecompressionStream as SluiceDecompression, SluiceError } from 'sluice';

const FORMATS = ['zstd', 'lz4', 'gzip', 'zlib', 'deflate-raw', 'bzip2'];
const NATIVE = { gzip: 'gzip', zlib: 'deflate', 'deflate-raw': 'deflate-raw' };

function sample(n) {
  const out = new Uint8Array(n);
  const words = new TextEncoder().encode('frame packet stream sample keyframe buffer decoder slice ');
  let s = 0x2545f491;
  for (let i = 0; i < n;) {
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    if ((s & 7) === 0) { out[i++] = s >>> 24; continue; }
    const at = (s >>> 8) % 50; const k = Math.min(n - i, 3 + ((s >>> 20) & 7));
    out.set(words.subarray(at, at + k), i); i += k;
  }
  return out;
}

// A stream of `bytes` in `size`-byte chunks.
function source(bytes, size = 64 * 1024) {
  let at = 0;
  return new ReadableStream({
    pull(c) {
      if (at >= bytes.length) { c.close(); return; }
      c.enqueue(bytes.slice(at, at + size)); at += size;
    },
  });
}

async function collect(readable) {
  const reader = readable.getReader();
  const parts = [];
  let total = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    parts.push(value); total += value.length;
  }
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

export async function codecDemo(log) {
  const input = sample(2 << 20);
  const roundTrips = {};
  for (const f of FORMATS) {
    const packed = await collect(source(input).pipeThrough(new SluiceCompression(f, { level: 3 })));
    const back = await collect(source(packed, 10000).pipeThrough(new SluiceDecompression(f)));
    roundTrips[f] = { packedBytes: packed.length, ok: equal(back, input) };
    if (NATIVE[f]) {
      // sluice's output through the browser's decoder, and the browser's output through sluice.
      roundTrips[f].nativeDecodesSluice =
        equal(await collect(source(packed).pipeThrough(new DecompressionStream(NATIVE[f]))), input);
      const theirs = await collect(source(input).pipeThrough(new CompressionStream(NATIVE[f])));
      roundTrips[f].sluiceDecodesNative =
        equal(await collect(source(theirs).pipeThrough(new SluiceDecompression(f))), input);
    }
    log(`${f}: ${input.length} → ${packed.length} bytes, round trip ${roundTrips[f].ok ? 'ok' : 'FAILED'}` +
      (NATIVE[f] ? `, native decoder ${roundTrips[f].nativeDecodesSluice ? 'agrees' : 'DISAGREES'}, ` +
        `native encoder ${roundTrips[f].sluiceDecodesNative ? 'read' : 'NOT READ'}` : ''));
  }
  let corruptCode = 'no error';
  try {
    await collect(source(new TextEncoder().encode('not a zstd frame at all')).pipeThrough(new SluiceDecompression('zstd')));
  } catch (e) { corruptCode = e instanceof SluiceError ? e.code : String(e); }

  // The moonshot: gzip decode, sluice vs the browser's own DecompressionStream. Best of three.
  const big = sample(32 << 20);
  const gz = await collect(source(big, 1 << 20).pipeThrough(new CompressionStream('gzip')));
  const time = async (make) => {
    let best = Infinity; let out;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      out = await collect(source(gz, 256 * 1024).pipeThrough(make()));
      best = Math.min(best, performance.now() - t0);
    }
    return { ms: best, out };
  };
  const ours = await time(() => new SluiceDecompression('gzip'));
  const native = await time(() => new DecompressionStream('gzip'));
  const mbps = (ms) => big.length / 1e6 / (ms / 1000);
  const gzipSpeed = { bytes: big.length, gzBytes: gz.length, same: equal(ours.out, native.out) && equal(ours.out, big),
                      sluiceMBps: mbps(ours.ms), nativeMBps: mbps(native.ms) };
  log(`gzip decode of ${(big.length / 1048576).toFixed(0)} MiB: sluice ${gzipSpeed.sluiceMBps.toFixed(0)} MB/s, ` +
    `native DecompressionStream ${gzipSpeed.nativeMBps.toFixed(0)} MB/s (${gzipSpeed.same ? 'same bytes' : 'BYTES DIFFER'})`);
  return { roundTrips, corruptCode, gzipSpeed };
}
