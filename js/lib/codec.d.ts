// Types of the codecs (lib/codec.mjs), re-exported by index.d.ts; index.d.cts repeats them.

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
