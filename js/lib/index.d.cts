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

// Codecs (lib/codec.d.ts; defined once `ready` resolves).
/** INTERFACE.md format names; `deflate` is an alias of `zlib`. */
export type CompressionFormat = 'zstd' | 'lz4' | 'gzip' | 'zlib' | 'deflate' | 'deflate-raw' | 'bzip2';
export type CodecInput = Uint8Array | ArrayBuffer | ArrayBufferView | string;

export interface CompressOptions {
  /** zstd -7..22 (default 3), lz4 1..12 (1), gzip/zlib/deflate-raw 0..9 (6), bzip2 1..9 (9). */
  level?: number;
  /** zstd/lz4 content checksum (default true). */
  checksum?: boolean;
  /** A zstd dictionary. */
  dictionary?: Uint8Array | ArrayBuffer | ArrayBufferView;
  /** Exact input size, written into zstd/lz4 frame headers; feeding another amount fails. */
  pledgedSize?: number;
  /** Largest output allowed (SLUICE_LIMIT beyond it). */
  maxOutputSize?: number;
}

export interface DecompressOptions {
  /** Largest decompressed size allowed: one byte more is SLUICE_LIMIT. */
  maxOutputSize?: number;
  /** Largest zstd window accepted (default 128 MiB). */
  maxWindow?: number;
  /** A zstd dictionary. */
  dictionary?: Uint8Array | ArrayBuffer | ArrayBufferView;
}

export declare function compress(data: CodecInput, format: CompressionFormat, options?: CompressOptions): Uint8Array;
export declare function decompress(data: CodecInput, format?: CompressionFormat, options?: DecompressOptions): Uint8Array;
export declare function decompress(data: CodecInput, options: DecompressOptions): Uint8Array;

/** A work-alike of the platform CompressionStream, for every sluice format. */
export declare class CompressionStream implements ReadableWritablePair<Uint8Array, Uint8Array> {
  constructor(format: CompressionFormat, options?: CompressOptions);
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<Uint8Array>;
}

/** A work-alike of the platform DecompressionStream; the format is detected when omitted. */
export declare class DecompressionStream implements ReadableWritablePair<Uint8Array, Uint8Array> {
  constructor(format?: CompressionFormat, options?: DecompressOptions);
  constructor(options: DecompressOptions);
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<Uint8Array>;
}

// Bits (lib/bits.d.ts; defined once `ready` resolves).
export type BitInput = Uint8Array | ArrayBuffer | ArrayBufferView;
/** MSB-first bit reader with Exp-Golomb codes; a call that throws leaves the reader where it was. */
export declare class BitReader {
  constructor(bytes: BitInput);
  readBit(): number;
  /** 0 <= n <= 32; never negative. */
  readBits(n: number): number;
  /** Zeros past the end; never SLUICE_TRUNCATED. */
  peekBits(n: number): number;
  readUE(): number;
  readSE(): number;
  skipBits(n: number): void;
  byteAlign(): void;
  readonly bitsLeft: number;
  readonly bitPosition: number;
}
/** What `sluice probe --json` prints. */
export interface ProbeResult {
  codec: 'h264' | 'hevc';
  profile_idc: number;
  level_idc: number;
  width: number;
  height: number;
  chroma_format_idc: number;
  bit_depth_luma: number;
  bit_depth_chroma: number;
}
export declare function probe(bytes: BitInput): ProbeResult;
