// The sample data of the codec benchmarks, shared by bench/js/codec.bench.mjs (Node) and the
// browser page (codec.js): compressible like real data (ratio about 3-4x for zstd -3), words
// with random bytes between, from a xorshift32 generator seeded by `seed`. Plain ESM with no
// Node or DOM names, so both can import it.
export function sample(n, seed) {
  const out = new Uint8Array(n);
  const words = new TextEncoder().encode(
    'frame packet stream sample timestamp keyframe buffer decoder encoder muxer slice header ');
  let s = seed >>> 0;
  for (let i = 0; i < n;) {
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    if ((s & 7) === 0) {
      out[i++] = s >>> 24;
    } else {
      const at = (s >>> 8) % 80; const k = Math.min(n - i, 3 + ((s >>> 20) & 7));
      out.set(words.subarray(at, at + k), i); i += k;
    }
  }
  return out;
}
