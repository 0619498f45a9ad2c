// Checks of the web demo's codec section, shared by browser.test.mjs and vite.test.mjs.
import assert from 'node:assert/strict';

// The page's codec section (web-demo/codecs.js): every format round-trips through sluice's
// streams; gzip/zlib/deflate-raw agree with Chromium's own streams both ways.
export function checkPageCodecs(c) {
  for (const f of ['zstd', 'lz4', 'gzip', 'zlib', 'deflate-raw', 'bzip2']) {
    assert.equal(c.roundTrips[f]?.ok, true, `${f} round trip`);
    assert.ok(c.roundTrips[f].packedBytes < 2 << 20, `${f} compressed`);
  }
  for (const f of ['gzip', 'zlib', 'deflate-raw']) {
    assert.equal(c.roundTrips[f].nativeDecodesSluice, true, `Chromium decodes sluice's ${f}`);
    assert.equal(c.roundTrips[f].sluiceDecodesNative, true, `sluice decodes Chromium's ${f}`);
  }
  assert.equal(c.corruptCode, 'SLUICE_CORRUPT');
  const g = c.gzipSpeed;
  assert.equal(g.same, true, 'sluice and the native DecompressionStream give the same bytes');
  console.log(`# Chromium gzip decode of ${g.bytes / 1048576} MiB (${g.gzBytes} B gz): sluice ${g.sluiceMBps.toFixed(0)} MB/s, ` +
              `native DecompressionStream ${g.nativeMBps.toFixed(0)} MB/s (ratio ${(g.sluiceMBps / g.nativeMBps).toFixed(2)})`);
}
