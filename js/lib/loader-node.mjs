// #wasm-loader for Node (js/package.json "imports", condition "node"): reads sluice.wasm
// beside the glue with fs and compiles it. Never reached by browser bundles, so they never
// see node:fs.
import { readFile } from 'node:fs/promises';

/** Compiles dist/sluice.wasm; the caller (wasm.mjs) does this once per process. */
export async function compileWasm() {
  const url = new URL('../dist/sluice.wasm', import.meta.url);
  return WebAssembly.compile(await readFile(url));
}
