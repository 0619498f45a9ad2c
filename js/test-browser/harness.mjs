// Shared by the browser tests: a static file server on 127.0.0.1 (port 0) and headless
// Debian Chromium driven by playwright-core (no downloaded browser). Not a test file itself.
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/**
 * Serves `mounts` ({ '/web-demo/': '/abs/dir', ... }) and records every request.
 * `headers(path, type)` may add response headers (e.g. a Content-Security-Policy for pages).
 * Resolves to { url, requests, close() }.
 */
export async function serve(mounts, headers = () => ({})) {
  const requests = [];
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const entry = { path, status: 404, type: '' };
    requests.push(entry);
    const prefix = Object.keys(mounts).filter((m) => path.startsWith(m)).sort((a, b) => b.length - a.length)[0];
    if (prefix === undefined || req.method !== 'GET') return void res.writeHead(404).end();
    const root = resolve(mounts[prefix]);
    let file = resolve(root, path.slice(prefix.length));
    if (file !== root && !file.startsWith(root + sep)) return void res.writeHead(403).end();
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      entry.status = 200;
      entry.type = TYPES[extname(file)] ?? 'application/octet-stream';
      res.writeHead(200, { 'Content-Type': entry.type, 'Cache-Control': 'no-store',
                           ...headers(path, entry.type) }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((ok) => { server.closeAllConnections(); server.close(ok); }),
  };
}

/**
 * A strict Content-Security-Policy for HTML pages: no eval (so no 'unsafe-eval'), wasm
 * compilation allowed, and the inline scripts whose text is given allowed by hash.
 */
export function strictCsp(inlineScripts = []) {
  const hashes = inlineScripts.map((t) => `'sha256-${createHash('sha256').update(t).digest('base64')}'`);
  const policy = ["default-src 'self'", `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`.trim(),
                  "style-src 'self'", 'img-src data:'].join('; ');
  return (path, type) => (type.startsWith('text/html') ? { 'Content-Security-Policy': policy } : {});
}

/** Where screenshots go: under the CMake build directory when ctest runs us, else build/. */
export function screenshotPath(name) {
  const dir = join(process.env.SLUICE_BUILD_DIR ?? join(repoRoot, 'build'), 'screenshots');
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}

/**
 * Loads `url` in headless Chromium with a fresh profile, waits for window.__result and takes
 * a screenshot. Resolves to { result, pageErrors, consoleErrors }.
 */
export async function runPage(url, screenshot) {
  const profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const pageErrors = [];
  const consoleErrors = [];
  try {
    const page = context.pages()[0] ?? await context.newPage();
    // An uncaught error (e.g. a module that fails to load) means __result will never be set:
    // stop waiting for it then, so the test reports the error instead of a timeout.
    let failed;
    const failure = new Promise((resolve) => { failed = resolve; });
    page.on('pageerror', (e) => { pageErrors.push(e.message); failed(); });
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    await page.goto(url);
    await Promise.race([
      page.waitForFunction(() => window.__result !== undefined, null, { timeout: 60000 }),
      failure.then(() => page.waitForTimeout(500)),
    ]);
    const result = await page.evaluate(() => window.__result ?? { error: 'window.__result not set' });
    await page.screenshot({ path: screenshot, fullPage: true });
    return { result, pageErrors, consoleErrors };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
