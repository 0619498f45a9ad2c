// Types of `sluice/node` (CommonJS): everything in `sluice`, plus the Node stream factories
// (defined once `ready` resolves).
import type { Transform, TransformOptions } from 'node:stream';
import type { HashAlgorithm } from './index.cjs';

export * from './index.cjs';

export interface HashStream extends Transform {
  readonly digest: Promise<string>;
  readonly algorithm: HashAlgorithm;
}

import type { CompressionFormat, CompressOptions, DecompressOptions } from './index.cjs';
export declare function createCompress(format: CompressionFormat, options?: CompressOptions): Transform;
export declare function createDecompress(format?: CompressionFormat, options?: DecompressOptions): Transform;
export declare function createDecompress(options: DecompressOptions): Transform;

export declare function createHashStream(algo: HashAlgorithm | Uppercase<HashAlgorithm>, options?: TransformOptions): HashStream;
