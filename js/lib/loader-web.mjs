// #wasm-loader for browsers, workers and bundlers (js/package.json "imports", condition
// "default"). The literal `new URL('../dist/….wasm', import.meta.url)` is the pattern bundlers
// (Vite, webpack 5, Rollup plugins, esbuild with loaders) recognise: they copy each .wasm into
// their output and rewrite the URL. Both variants are written out literally so that a bundle
// ships both; a page fetches only the one wasm.mjs chose.

/**
 * Fetches and compiles dist/sluice.wasm (variant 'simd') or dist/sluice-nosimd.wasm
 * ('nosimd'); the caller (wasm.mjs) chooses the variant and does this once per realm.
 */
export async function compileWasm(variant) {
  const url = variant === 'nosimd'
    ? new URL('../dist/sluice-nosimd.wasm', import.meta.url)
    : new URL('../dist/sluice.wasm', import.meta.url);
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
