// Types of lib/checksum.mjs (re-exported by index.d.ts / index.d.cts). Hand-written.

/** Input of every checksum function: bytes, or a string hashed as its UTF-8 encoding. */
export type HashInput = Uint8Array | ArrayBuffer | ArrayBufferView | string;

/** INTERFACE.md's algorithm names (createHash also accepts them in any letter case). */
export type HashAlgorithm =
  | 'crc32' | 'crc32c' | 'crc64' | 'crc64nvme' | 'md5' | 'sha256' | 'blake3'
  | 'xxh64' | 'xxh3' | 'xxh128';

/** CRC-32/ISO-HDLC (zlib, gzip, PNG): 8 lower-case hex digits. */
export declare function crc32(data: HashInput): string;
/** CRC-32/ISCSI (Castagnoli): 8 hex digits. */
export declare function crc32c(data: HashInput): string;
/** CRC-64/XZ: 16 hex digits. */
export declare function crc64(data: HashInput): string;
/** CRC-64/NVME (the S3 checksum): 16 hex digits. */
export declare function crc64nvme(data: HashInput): string;
/** MD5, as md5sum prints it. */
export declare function md5(data: HashInput): string;
/** SHA-256, as sha256sum prints it. */
export declare function sha256(data: HashInput): string;
/** BLAKE3 with 32-byte output, as b3sum prints it. */
export declare function blake3(data: HashInput): string;
/** XXH64, seed 0, canonical (big-endian) form as `xxhsum -H1`. */
export declare function xxh64(data: HashInput): string;
/** XXH3 64-bit, seed 0, canonical form as `xxhsum -H3`. */
export declare function xxh3(data: HashInput): string;
/** XXH3 128-bit, seed 0, canonical form as `xxhsum -H2`. */
export declare function xxh128(data: HashInput): string;

export interface CreateHashOptions {
  /**
   * Bytes from `saveState()` (in JS, or a native sluice Hasher's save_state(): the bytes are
   * the same): the new hash continues from there.
   */
  state?: Uint8Array | ArrayBuffer | ArrayBufferView;
}

/** A streaming hash from createHash(). Holds wasm memory: free() it, or `using` it. */
export interface Hash {
  /** The canonical (lower-case) algorithm name. */
  readonly algorithm: HashAlgorithm;
  /** Hashes more data (strings as UTF-8); returns this hash. */
  update(data: HashInput): this;
  /** The digest so far as new bytes; the state is unchanged. */
  digest(): Uint8Array;
  /** The digest so far as INTERFACE.md's lower-case hex; the state is unchanged. */
  digest(encoding: 'hex'): string;
  /** The state as bytes, for createHash(algo, { state }) here or in native sluice. */
  saveState(): Uint8Array;
  /** Starts over; returns this hash. */
  reset(): this;
  /** Releases the wasm memory now (idempotent); any other call afterwards throws SLUICE_ARGUMENT. */
  free(): void;
  [Symbol.dispose](): void;
}

/**
 * A streaming hash. Throws SluiceError SLUICE_ARGUMENT for an unknown algorithm or a state
 * that is not a saved state of `algo`.
 */
export declare function createHash(algo: HashAlgorithm | Uppercase<HashAlgorithm>, options?: CreateHashOptions): Hash;
