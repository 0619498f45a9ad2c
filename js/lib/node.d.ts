// Types of `sluice/node` (ESM): everything in `sluice`, plus the Node stream factories.
import type { Transform, TransformOptions } from 'node:stream';
import type { HashAlgorithm } from './checksum.js';

export * from './index.js';

/** A pass-through Transform that hashes what flows through it. */
export interface HashStream extends Transform {
  /** The hex digest, once the stream has finished; rejects if it fails or is destroyed first. */
  readonly digest: Promise<string>;
  readonly algorithm: HashAlgorithm;
}

/** A pass-through stream.Transform computing `algo`; see HashStream.digest. */
import type { CompressionFormat, CompressOptions, DecompressOptions } from './codec.js';
/** A stream.Transform compressing into `format`; respects backpressure. */
export declare function createCompress(format: CompressionFormat, options?: CompressOptions): Transform;
/** A stream.Transform decompressing `format` (detected when omitted); respects backpressure. */
export declare function createDecompress(format?: CompressionFormat, options?: DecompressOptions): Transform;
export declare function createDecompress(options: DecompressOptions): Transform;

export declare function createHashStream(algo: HashAlgorithm | Uppercase<HashAlgorithm>, options?: TransformOptions): HashStream;
