// The ESM entry of the npm package `sluice`. It awaits sluice.wasm itself (top-level
// await), so every export is usable as soon as `import` returns. One module per capability
// (checksum.mjs, codec.mjs, bits.mjs); each awaits the same load.
import { loadWasm } from './wasm.mjs';

export { SluiceError } from './errors.mjs';
export {
  crc32, crc32c, crc64, crc64nvme, md5, sha256, blake3, xxh64, xxh3, xxh128, createHash,
} from './checksum.mjs';
export { compress, decompress, CompressionStream, DecompressionStream } from './codec.mjs';
export { BitReader, probe } from './bits.mjs';

const { module } = await loadWasm();

/** Resolved: the ESM entry has finished loading before any importer runs. */
export const ready = Promise.resolve();

/** The version of the loaded sluice.wasm core (equals this package's version). */
export const version = module.version();
