// The ESM entry of the npm package `sluice`. It awaits sluice.wasm itself (top-level
// await), so every export is usable as soon as `import` returns.
import { loadWasm } from './wasm.mjs';

export { SluiceError } from './errors.mjs';

const { module } = await loadWasm();

/** Resolved: the ESM entry has finished loading before any importer runs. */
export const ready = Promise.resolve();

/** The version of the loaded sluice.wasm core (equals this package's version). */
export const version = module.version();
