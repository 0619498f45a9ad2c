// Browser benchmark: gzip decode in headless Chromium, sluice's DecompressionStream against the
// browser's own DecompressionStream('gzip') (the "moonshot" target), in one page on the
// same bytes (bench/js/browser/codec.js: interleaved runs after a warm-up). One JSON line per
// result for bench/run: {"name": "browser-codec/gzip-decompress/<impl>/<size>",
// "bytes_per_second": N}, impl "sluice" or "native", bytes = decompressed size, median of the
// page's rounds. Needs /usr/bin/chromium (Debian's) and playwright-core from js/node_modules;
// without them it says so on stderr and prints nothing. No display needed (headless).
// SLUICE_BENCH_FILTER (a regular expression) selects result names, as in codec.bench.mjs;
// SLUICE_BENCH_BROWSER_ROUNDS (default 9) sets the page's rounds, SLUICE_BENCH_BROWSER_EXTRA=1
// also times the push core without streams ("sluice-push", for profiling).
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CHROMIUM = '/usr/bin/chromium';
const SIZES = [[8, '8MiB'], [32, '32MiB']];
const filter = process.env.SLUICE_BENCH_FILTER ? new RegExp(process.env.SLUICE_BENCH_FILTER) : null;
const ROUNDS = Number(process.env.SLUICE_BENCH_BROWSER_ROUNDS ?? 9);
const EXTRA = process.env.SLUICE_BENCH_BROWSER_EXTRA === '1';
const repo = fileURLToPath(new URL('../../', import.meta.url));

const names = (size) => ['sluice', 'native', ...(EXTRA ? ['sluice-push'] : [])]
  .map((impl) => `browser-codec/gzip-decompress/${impl}/${size}`);
const sizes = SIZES.filter(([, label]) => !filter || names(label).some((n) => filter.test(n)));
if (sizes.length === 0) process.exit(0);

let chromium;
let serve;
try {
  ({ chromium } = createRequire(join(repo, 'js', 'package.json'))('playwright-core'));
  ({ serve } = await import('../../js/test-browser/harness.mjs'));
} catch (e) {
  process.stderr.write(`browser-codec: skipped: playwright-core not installed in js/ (${e.message})\n`);
  process.exit(0);
}
if (!existsSync(CHROMIUM)) {
  process.stderr.write(`browser-codec: skipped: no ${CHROMIUM}\n`);
  process.exit(0);
}

const server = await serve({ '/bench/': join(repo, 'bench', 'js', 'browser'), '/js/': join(repo, 'js') });
const profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
let result;
try {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = context.pages()[0] ?? await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const query = `sizes=${sizes.map(([m]) => m).join(',')}&rounds=${ROUNDS}${EXTRA ? '&extra=1' : ''}`;
    await page.goto(`${server.url}/bench/index.html?${query}`);
    await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 600000 });
    result = await page.evaluate(() => window.__result);
    if (errors.length) throw new Error(errors.join('\n'));
  } finally {
    await context.close();
  }
} finally {
  rmSync(profile, { recursive: true, force: true });
  await server.close();
}
if (result?.error) throw new Error(`browser-codec page: ${result.error}`);

const median = (v) => { const s = [...v].sort((a, b) => a - b); return s[s.length >> 1]; };
for (const c of result.cases) {
  for (const [impl, ms] of Object.entries(c.ms)) {
    const name = `browser-codec/${c.case}/${impl}/${c.size}`;
    if (filter && !filter.test(name)) continue;
    console.log(JSON.stringify({ name, bytes_per_second: c.bytes / (median(ms) / 1000) }));
  }
}
