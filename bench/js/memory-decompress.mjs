// Peak memory of a long stream through sluice's WHATWG DecompressionStream in Node.
//
//   node bench/js/memory-decompress.mjs <format> < stream
//
// Reads the compressed stream from stdin as a web ReadableStream, pipes it through
// `new DecompressionStream(format)`, hashes the output with node:crypto sha256 (so the
// caller can compare it with sha256sum of the original) and prints one JSON line:
// { format, bytes, sha256, baseRssKiB, peakRssKiB, growthKiB, wasmHeapKiB }.
// baseRssKiB is the process after the module is loaded and before any data flows; peakRssKiB
// is getrusage's maximum resident set (the kernel's figure, not a sample).
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { DecompressionStream } from 'sluice';
import { wasmHeapBytes } from 'sluice/internal';

const format = process.argv[2];
if (!format) {
  console.error('usage: node memory-decompress.mjs <format> < stream');
  process.exit(2);
}

global.gc?.();
const baseRssKiB = Math.round(process.memoryUsage().rss / 1024);
const sha = createHash('sha256');
let bytes = 0;
const reader = Readable.toWeb(process.stdin).pipeThrough(new DecompressionStream(format)).getReader();
for (;;) {
  const { value, done } = await reader.read();
  if (done) break;
  bytes += value.length;
  sha.update(value);
}
const peakRssKiB = process.resourceUsage().maxRSS;
const wasmHeapKiB = Math.round(wasmHeapBytes() / 1024);
console.log(JSON.stringify({
  format, bytes, sha256: sha.digest('hex'), baseRssKiB, peakRssKiB,
  growthKiB: peakRssKiB - baseRssKiB, wasmHeapKiB,
}));
