// Types of `sluice/internal`: not part of the stable API.
import { BitReader } from './bits.js';

export type BytesLike = Uint8Array | ArrayBuffer | ArrayBufferView | string;

export interface PushTransformOptions {
  /** Capacity of the wasm-heap input buffer; input is staged in slices of at most this. */
  inputBytes?: number;
  /** Capacity of the wasm-heap output buffer. */
  outputBytes?: number;
  /** Longest chunk handed to ondata (default 64 KiB in Node, else Infinity: one chunk per round). */
  chunkBytes?: number;
}

/** fflate-style push core over one wasm transform. */
export declare class PushTransform {
  constructor(name: string, options?: PushTransformOptions,
              ondata?: ((chunk: Uint8Array, final: boolean) => void) | null);
  /** Returning false pauses the push core (backpressure) until resume(). */
  ondata: ((chunk: Uint8Array, final: boolean) => void | boolean) | null;
  readonly ended: boolean;
  readonly paused: boolean;
  /** True when the chunk was consumed, false when ondata paused it (call resume()). */
  push(chunk: BytesLike, final?: boolean): boolean;
  resume(): boolean;
  free(): void;
}

export declare function transformAll(name: string, data: BytesLike,
                                     options?: PushTransformOptions): Uint8Array;

/** The push core over core's encoder (`encoder` true) or decoder for `format`. */
export declare function createCodec(format: string | undefined, encoder: boolean,
  options?: import('./codec.js').CompressOptions & import('./codec.js').DecompressOptions,
  ondata?: ((chunk: Uint8Array, final: boolean) => void | boolean) | null): PushTransform;
export declare const FORMATS: readonly string[];

/** One wasm hasher (the base of the public createHash to come). */
export declare class WasmHasher {
  /** An INTERFACE.md algorithm name (case-insensitive). */
  constructor(algorithm: string, options?: { stagingBytes?: number });
  readonly algorithm: string;
  update(data: BytesLike): this;
  digest(): Uint8Array;
  hexDigest(): string;
  reset(): this;
  free(): void;
}

/** INTERFACE.md's algorithm names in the order of the wasm ids. */
export declare const ALGORITHMS: readonly import('./checksum.js').HashAlgorithm[];
/** Bytes the checksums copy into the wasm heap per kernel call for inputs larger than this. */
export declare const HASH_SLICE_BYTES: number;
/** Which build was loaded: 'simd' (sluice.wasm) or 'nosimd' (sluice-nosimd.wasm). */
export declare const wasmVariant: 'simd' | 'nosimd';
/** True when the engine validates a module with SIMD128 instructions. */
export declare function simdSupported(): boolean;
/** The one-shot of `algo` by name. */
export declare function hash(algo: string, data: import('./checksum.js').HashInput): string;

/** The plain-JS bit reader (the same class as the public BitReader). */
export { BitReader as JsBitReader } from './bits.js';
/** The same interface over core's reader in wasm, one wasm call per read; owns heap memory. */
export declare class WasmBitReader extends BitReader {
  /** Releases the heap copy of the bytes; later calls throw SLUICE_ARGUMENT. Idempotent. */
  free(): void;
  [Symbol.dispose](): void;
}

/** The wasm module's linear memory in bytes (it grows, never shrinks). */
export declare function wasmHeapBytes(): number;
