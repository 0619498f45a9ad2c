// `sluice/internal`: building blocks used by sluice's own adapters, tests and web demo.
// Not part of the stable API: names and behaviour here may change in any release.
import './index.mjs'; // loads the wasm first (top-level await)
import { wasm } from './wasm.mjs';

export { PushTransform, transformAll } from './push.mjs';
export { createCodec, FORMATS } from './codec.mjs';
export { WasmHasher } from './hasher.mjs';
export { ALGORITHMS, hash, HASH_SLICE_BYTES } from './checksum.mjs';
export { simdSupported } from './wasm.mjs';
export { BitReader as JsBitReader } from './bits-js.mjs';
export { WasmBitReader } from './bits-wasm.mjs';

/** Which build of the module was loaded: 'simd' (sluice.wasm) or 'nosimd' (sluice-nosimd.wasm). */
export const wasmVariant = wasm().variant;

/** The wasm module's linear memory in bytes (it grows, never shrinks). */
export function wasmHeapBytes() { return wasm().module.HEAPU8.length; }
