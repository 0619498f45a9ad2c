// `sluice/node`: everything in `sluice`, plus Node stream.Transform factories (one module per
// capability: hash-stream.mjs; the codec streams to come). Like the main entry it has
// finished loading the wasm when `import` returns.
export * from './index.mjs';
export { createHashStream } from './hash-stream.mjs';
export { createCompress, createDecompress } from './codec-node.mjs';
