// Bit reading and stream probing: the public BitReader and probe().
//
// Two readers implement INTERFACE.md's BitReader: the plain-JS one (bits-js.mjs) and one
// over core's sluice::BitReader in wasm (bits-wasm.mjs, one wasm call per read).
// bench/js/bits.bench.mjs measures both in Node 20; the plain-JS reader is the faster (see
// docs/bits.md for the figures), so it is `BitReader`. `sluice/internal` exports both
// (JsBitReader, WasmBitReader), and js/test/bits.test.mjs proves them identical.
export { BitReader } from './bits-js.mjs';
export { probe } from './bits-wasm.mjs';
