// `sluice/internal`: building blocks used by sluice's own adapters, tests and web demo.
// Not part of the stable API: names and behaviour here may change in any release.
import './index.mjs'; // loads the wasm first (top-level await)

export { PushTransform, transformAll } from './push.mjs';
export { WasmHasher } from './hasher.mjs';
