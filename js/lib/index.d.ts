// Types of the ESM entry of `sluice` (lib/index.mjs). Hand-written: Emscripten 3.1.6 cannot
// emit them. Keep in step with index.d.cts (the CommonJS form) — test/types.test.mjs checks
// both with tsc.

/** The codes a SluiceError carries. */
export type SluiceErrorCode =
  | 'SLUICE_CORRUPT'      // the data is malformed
  | 'SLUICE_TRUNCATED'    // the data ends early
  | 'SLUICE_CHECKSUM'     // a checksum stored in the data does not match it
  | 'SLUICE_LIMIT'        // a size limit was exceeded, or sluice.wasm ran out of memory
  | 'SLUICE_UNSUPPORTED'  // a format, feature or transform sluice does not have
  | 'SLUICE_IO'           // reading/loading failed; also sluice's own internal errors
                          // (their message starts with "internal error: ")
  | 'SLUICE_ARGUMENT';    // the caller passed something invalid or misused an object

export interface SluiceErrorOptions {
  /** Stream offset (in bytes) the failure refers to. */
  offset?: number;
  cause?: unknown;
}

/** Thrown (or rejected with) by every sluice function; a fresh instance per failure. */
export declare class SluiceError extends Error {
  constructor(code: SluiceErrorCode, message: string, options?: SluiceErrorOptions);
  readonly name: 'SluiceError';
  readonly code: SluiceErrorCode;
  /** Stream offset the failure refers to, when known. */
  readonly offset?: number;
}

/** Resolves when sluice.wasm is loaded; already resolved by the time an ESM import returns. */
export declare const ready: Promise<void>;

/** Version of the loaded sluice core, e.g. "0.1.0" (equals the package version). */
export declare const version: string;

export {
  crc32, crc32c, crc64, crc64nvme, md5, sha256, blake3, xxh64, xxh3, xxh128, createHash,
  type Hash, type HashInput, type HashAlgorithm, type CreateHashOptions,
} from './checksum.js';
export {
  compress, decompress, CompressionStream, DecompressionStream,
  type CompressionFormat, type CodecInput, type CompressOptions, type DecompressOptions,
} from './codec.js';
export { BitReader, probe, type BitInput, type ProbeResult } from './bits.js';
