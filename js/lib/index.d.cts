// Types of the CommonJS entry of `sluice` (lib/index.cjs): the same names as index.d.ts.
// Everything except `ready` is defined only once `await ready` has resolved.

export type SluiceErrorCode =
  | 'SLUICE_CORRUPT'
  | 'SLUICE_TRUNCATED'
  | 'SLUICE_CHECKSUM'
  | 'SLUICE_LIMIT'
  | 'SLUICE_UNSUPPORTED'
  | 'SLUICE_IO'
  | 'SLUICE_ARGUMENT';

export interface SluiceErrorOptions {
  offset?: number;
  cause?: unknown;
}

export declare class SluiceError extends Error {
  constructor(code: SluiceErrorCode, message: string, options?: SluiceErrorOptions);
  readonly name: 'SluiceError';
  readonly code: SluiceErrorCode;
  readonly offset?: number;
}

/** Resolves when sluice.wasm is loaded and the other exports below are defined. */
export declare const ready: Promise<void>;

/** Version of the loaded sluice core (defined once `ready` resolves). */
export declare const version: string;

// Checksums (lib/checksum.d.ts; defined once `ready` resolves).
export type HashInput = Uint8Array | ArrayBuffer | ArrayBufferView | string;
export type HashAlgorithm =
  | 'crc32' | 'crc32c' | 'crc64' | 'crc64nvme' | 'md5' | 'sha256' | 'blake3'
  | 'xxh64' | 'xxh3' | 'xxh128';
export declare function crc32(data: HashInput): string;
export declare function crc32c(data: HashInput): string;
export declare function crc64(data: HashInput): string;
export declare function crc64nvme(data: HashInput): string;
export declare function md5(data: HashInput): string;
export declare function sha256(data: HashInput): string;
export declare function blake3(data: HashInput): string;
export declare function xxh64(data: HashInput): string;
export declare function xxh3(data: HashInput): string;
export declare function xxh128(data: HashInput): string;
export interface CreateHashOptions {
  state?: Uint8Array | ArrayBuffer | ArrayBufferView;
}
export interface Hash {
  readonly algorithm: HashAlgorithm;
  update(data: HashInput): this;
  digest(): Uint8Array;
  digest(encoding: 'hex'): string;
  saveState(): Uint8Array;
  reset(): this;
  free(): void;
  [Symbol.dispose](): void;
}
export declare function createHash(algo: HashAlgorithm | Uppercase<HashAlgorithm>, options?: CreateHashOptions): Hash;
