// #wasm-loader for browsers, workers and bundlers (js/package.json "imports", condition
// "default"). The literal `new URL('../dist/sluice.wasm', import.meta.url)` is the pattern
// bundlers (Vite, webpack 5, Rollup plugins, esbuild with loaders) recognise: they copy the
// .wasm into their output and rewrite the URL.

/** Fetches and compiles dist/sluice.wasm; the caller (wasm.mjs) does this once per realm. */
export async function compileWasm() {
  const url = new URL('../dist/sluice.wasm', import.meta.url);
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`cannot load ${url}: HTTP ${response.status}`);
  const type = response.headers.get('Content-Type') ?? '';
  // Streaming compilation needs application/wasm; servers that send something else still work
  // through the ArrayBuffer path.
  if (typeof WebAssembly.compileStreaming === 'function' && type.startsWith('application/wasm')) {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}
