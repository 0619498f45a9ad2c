// #wasm-loader for Node (js/package.json "imports", condition "node"): reads the chosen module
// beside the glue with fs and compiles it. Never reached by browser bundles, so they never
// see node:fs.
import { readFile } from 'node:fs/promises';

/**
 * Compiles dist/sluice.wasm (variant 'simd') or dist/sluice-nosimd.wasm ('nosimd'); the
 * caller (wasm.mjs) chooses the variant and does this once per process.
 */
export async function compileWasm(variant) {
  const url = variant === 'nosimd'
    ? new URL('../dist/sluice-nosimd.wasm', import.meta.url)
    : new URL('../dist/sluice.wasm', import.meta.url);
  return WebAssembly.compile(await readFile(url));
}
