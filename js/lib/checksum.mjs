// Checksums: the one-shot functions (crc32 … xxh128) and createHash(), over the plain wasm
// exports of wasm/hash_exports.cpp (no Embind on this path: see that file).
//
// Per-call cost is what matters for short inputs, so a one-shot is: copy the bytes into the
// module's static staging block (strings: TextEncoder.encodeInto straight into it), one call
// of sluice_hash_oneshot, hex of the digest from the static output block. No allocation in
// the heap, no Embind, no intermediate copy. Larger inputs go through one cached streaming
// hasher per algorithm in slices of the whole staging block (256 KiB): never the whole input
// at once, and each slice is still in L2 when the kernel reads it back. Measured in Node 20
// (medians of interleaved rounds against hash-wasm, slice sizes 16 KiB–512 KiB, every
// algorithm at 1 MiB and 64 MiB): no algorithm was faster with a smaller slice, 512 KiB was
// no faster than 256 KiB; from 32 to 256 KiB, at 64 MiB, xxh3 went from 1.85–1.93x to
// 2.01–2.10x hash-wasm (two runs), xxh128 1.93x to 2.10x, xxh64 1.00x to 1.07x, the CRCs
// 3.1–3.6x to 4.0–4.4x (the per-slice cost of subarray + set + call, and the stream's
// buffering, is paid 8x less often); md5/sha256/blake3 are compute-bound and unchanged.
// The same slices serve createHash().update() (and so createHashStream) on large chunks.
//
// Heap discipline: the staging and output blocks never move, but the Uint8Array over the
// heap is replaced when memory grows (only calls that allocate can grow it: creating,
// restoring and saving a hasher). `heap()` re-reads it when the old view was detached.
import { SluiceError, errorFromThrown } from './errors.mjs';
import { loadWasm } from './wasm.mjs';

/** INTERFACE.md's names, in the order of core's hash_algorithm enum (the wasm ids). */
export const ALGORITHMS = Object.freeze(['crc32', 'crc32c', 'crc64', 'crc64nvme', 'md5', 'sha256',
  'blake3', 'xxh64', 'xxh3', 'xxh128']);

const { module: M } = await loadWasm();

// Emscripten's export wrappers replace themselves with the raw wasm function on first call;
// call each once (harmlessly) so that the functions captured below are the raw exports.
const STAGING = M._sluice_hash_staging();
const STAGING_BYTES = M._sluice_hash_staging_size();
const OUT = M._sluice_hash_out();
/** Bytes copied into the heap per kernel call for large inputs: the whole staging block. */
const SLICE = STAGING_BYTES;
/** SLICE, for tests of the slice edges (through sluice/internal; not public API). */
export const HASH_SLICE_BYTES = SLICE;
M._sluice_hash_name(0);
M._sluice_hash_oneshot(0, STAGING, 0);
{
  const h = M._sluice_hasher_create(0);
  M._sluice_hasher_update(h, STAGING, 0);
  M._sluice_hasher_digest(h);
  M._sluice_hasher_reset(h);
  M._sluice_hasher_algorithm(h);
  M._sluice_hasher_save(h);
  M._sluice_hasher_free(h);
  M._sluice_hasher_restore(0, STAGING, 0);
}
const oneshotFn = M._sluice_hash_oneshot;
const createFn = M._sluice_hasher_create;
const updateFn = M._sluice_hasher_update;
const digestFn = M._sluice_hasher_digest;
const resetFn = M._sluice_hasher_reset;
const freeFn = M._sluice_hasher_free;
const saveFn = M._sluice_hasher_save;
const restoreFn = M._sluice_hasher_restore;

let heapView = M.HEAPU8;
function heap() {
  if (heapView.length === 0) heapView = M.HEAPU8; // detached by memory growth
  return heapView;
}

// The JS table of ids must be the module's: checked once at load.
for (let i = 0; i < ALGORITHMS.length; i++) {
  const at = M._sluice_hash_name(i);
  const h = heap();
  let name = '';
  for (let p = at; h[p] !== 0; p++) name += String.fromCharCode(h[p]);
  if (name !== ALGORITHMS[i]) throw new SluiceError('SLUICE_IO', `internal error: sluice.wasm names algorithm ${i} "${name}"`);
}

const IDS = new Map(ALGORITHMS.map((name, i) => [name, i]));
const HEX = Array.from({ length: 256 }, (_, i) => (i < 16 ? '0' : '') + i.toString(16));
const encoder = new TextEncoder();

/** Algorithm id of `algo` (case-insensitive INTERFACE.md name) or a SLUICE_ARGUMENT error. */
export function algorithmId(algo) {
  if (typeof algo === 'string') {
    const id = IDS.get(algo) ?? IDS.get(algo.toLowerCase());
    if (id !== undefined) return id;
  }
  throw new SluiceError('SLUICE_ARGUMENT',
    `unknown hash algorithm ${typeof algo === 'string' ? `"${algo}"` : String(algo)}: expected one of ${ALGORITHMS.join(', ')}`);
}

function hexAt(h, at, n) {
  let s = '';
  for (let i = at; i < at + n; i++) s += HEX[h[i]];
  return s;
}

function describe(v) {
  if (v === null) return 'null';
  if (typeof v === 'object') return v.constructor?.name ?? 'an object';
  return typeof v;
}

/**
 * A Uint8Array over `data`'s bytes (no copy), or a SLUICE_ARGUMENT error (`what` names the
 * argument in it). Not for strings.
 */
function viewOf(data, what = 'data must be a Uint8Array, ArrayBuffer, ArrayBufferView or string') {
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof ArrayBuffer ||
      (typeof SharedArrayBuffer === 'function' && data instanceof SharedArrayBuffer)) {
    try {
      return new Uint8Array(data);
    } catch (e) {
      // A detached (transferred) ArrayBuffer: V8 throws a TypeError for the view.
      throw new SluiceError('SLUICE_ARGUMENT', `${what}: this ArrayBuffer is detached (it was transferred)`, { cause: e });
    }
  }
  throw new SluiceError('SLUICE_ARGUMENT', `${what}, not ${describe(data)}`);
}

/** Copies `n` bytes of `bytes` from `off` into the staging block. */
function stage(bytes, off, n) {
  const h = heap();
  if (n <= 32) {
    for (let i = 0; i < n; i++) h[STAGING + i] = bytes[off + i];
  } else {
    h.set(off === 0 && n === bytes.length ? bytes : bytes.subarray(off, off + n), STAGING);
  }
}

/**
 * Feeds `data` to the wasm hasher `ptr` in staging-block slices.
 * @param {number} ptr
 * @param {Uint8Array | ArrayBuffer | ArrayBufferView | string} data
 */
function feed(ptr, data) {
  if (typeof data === 'string') {
    let rest = data;
    while (rest.length > 0) {
      const { read, written } = encoder.encodeInto(rest, heap().subarray(STAGING, STAGING + SLICE));
      updateFn(ptr, STAGING, written);
      rest = rest.substring(read);
    }
    return;
  }
  const bytes = data instanceof Uint8Array ? data : viewOf(data);
  for (let off = 0; off < bytes.length; off += SLICE) {
    const n = Math.min(SLICE, bytes.length - off);
    stage(bytes, off, n);
    updateFn(ptr, STAGING, n);
  }
}

// One streaming hasher per algorithm for one-shots larger than the staging block.
const bigHashers = new Array(ALGORITHMS.length).fill(0);

function streamedHex(id, data) {
  let ptr = bigHashers[id];
  if (ptr === 0) {
    ptr = createFn(id);
    if (ptr === 0) throw new SluiceError('SLUICE_LIMIT', `${ALGORITHMS[id]}: out of memory in sluice.wasm`);
    bigHashers[id] = ptr;
  } else {
    resetFn(ptr);
  }
  feed(ptr, data);
  const n = digestFn(ptr);
  return hexAt(heap(), OUT, n);
}

function oneshotHex(id, data) {
  let n;
  if (data instanceof Uint8Array) {
    n = data.length;
    if (n > SLICE) return streamedHex(id, data);
    stage(data, 0, n);
  } else if (typeof data === 'string') {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    if (data.length * 3 > STAGING_BYTES) return streamedHex(id, data);
    const h = heap();
    n = encoder.encodeInto(data, h.subarray(STAGING, STAGING + STAGING_BYTES)).written;
  } else {
    const bytes = viewOf(data);
    n = bytes.length;
    if (n > SLICE) return streamedHex(id, bytes);
    stage(bytes, 0, n);
  }
  const size = oneshotFn(id, STAGING, n);
  return hexAt(heap(), OUT, size);
}

/** CRC-32/ISO-HDLC (zlib, gzip, PNG) of `data` (strings as UTF-8), 8 hex digits. */
export function crc32(data) { return oneshotHex(0, data); }
/** CRC-32/ISCSI (Castagnoli), 8 hex digits. */
export function crc32c(data) { return oneshotHex(1, data); }
/** CRC-64/XZ, 16 hex digits. */
export function crc64(data) { return oneshotHex(2, data); }
/** CRC-64/NVME (the S3 checksum), 16 hex digits. */
export function crc64nvme(data) { return oneshotHex(3, data); }
/** MD5 as md5sum prints it. */
export function md5(data) { return oneshotHex(4, data); }
/** SHA-256 as sha256sum prints it. */
export function sha256(data) { return oneshotHex(5, data); }
/** BLAKE3 (32-byte output) as b3sum prints it. */
export function blake3(data) { return oneshotHex(6, data); }
/** XXH64, seed 0, canonical form (xxhsum -H1). */
export function xxh64(data) { return oneshotHex(7, data); }
/** XXH3 64-bit, seed 0, canonical form (xxhsum -H3). */
export function xxh3(data) { return oneshotHex(8, data); }
/** XXH3 128-bit, seed 0, canonical form (xxhsum -H2). */
export function xxh128(data) { return oneshotHex(9, data); }

/** The one-shot of `algo` by name. */
export function hash(algo, data) { return oneshotHex(algorithmId(algo), data); }

// Frees the wasm hasher of a Hash that was dropped without free(): a safety net only.
const registry = typeof FinalizationRegistry === 'function'
  ? new FinalizationRegistry((ptr) => freeFn(ptr))
  : null;

/**
 * A streaming hash (createHash()). Owns one hasher in the wasm heap: free() releases it at
 * once (or `using h = createHash(...)`); otherwise a FinalizationRegistry does, eventually.
 */
export class Hash {
  #ptr;
  #id;

  /** Use createHash(). */
  constructor(algo, options = undefined) {
    const id = algorithmId(algo);
    if (options !== undefined && (options === null || typeof options !== 'object')) {
      throw new SluiceError('SLUICE_ARGUMENT', `createHash options must be an object, not ${describe(options)}`);
    }
    const state = options?.state;
    let ptr;
    try {
      if (state === undefined) {
        ptr = createFn(id);
      } else {
        const bytes = typeof state === 'string' ? null
          : viewOf(state, `${ALGORITHMS[id]}: state must be the bytes saveState() returned (a Uint8Array, ArrayBuffer or view)`);
        if (bytes === null || bytes.length > STAGING_BYTES) {
          throw new SluiceError('SLUICE_ARGUMENT', `${ALGORITHMS[id]}: state must be the bytes saveState() returned`);
        }
        stage(bytes, 0, bytes.length);
        ptr = restoreFn(id, STAGING, bytes.length);
        if (ptr === 0) {
          throw new SluiceError('SLUICE_ARGUMENT',
            `${ALGORITHMS[id]}: not a saved ${ALGORITHMS[id]} state (wrong algorithm, size or format version)`);
        }
      }
    } catch (e) {
      throw errorFromThrown(e, `creating a ${ALGORITHMS[id]} hash`);
    }
    if (ptr === 0) throw new SluiceError('SLUICE_LIMIT', `${ALGORITHMS[id]}: out of memory in sluice.wasm`);
    this.#ptr = ptr;
    this.#id = id;
    registry?.register(this, ptr, this);
  }

  /** The canonical algorithm name ("sha256", ...). */
  get algorithm() { return ALGORITHMS[this.#id]; }

  #live() {
    if (this.#ptr === 0) {
      throw new SluiceError('SLUICE_ARGUMENT', `${ALGORITHMS[this.#id]}: hash used after free()`);
    }
    return this.#ptr;
  }

  /** Hashes `data` (strings as UTF-8); returns this. */
  update(data) {
    feed(this.#live(), data);
    return this;
  }

  /**
   * The digest of everything so far: a new Uint8Array, or with 'hex' the lower-case hex of
   * INTERFACE.md. The state is unchanged: more updates may follow.
   * @param {'hex'} [encoding]
   */
  digest(encoding = undefined) {
    const ptr = this.#live();
    if (encoding !== undefined && encoding !== 'hex') {
      throw new SluiceError('SLUICE_ARGUMENT', `digest encoding must be 'hex' or omitted, not ${String(encoding)}`);
    }
    const n = digestFn(ptr);
    return encoding === 'hex' ? hexAt(heap(), OUT, n) : heap().slice(OUT, OUT + n);
  }

  /**
   * The hash's state as bytes (the same bytes a native sluice Hasher::save_state() gives for
   * the same input): createHash(algo, { state }) continues from it, here or in native code.
   */
  saveState() {
    const ptr = this.#live();
    let n;
    try {
      n = saveFn(ptr);
    } catch (e) {
      throw errorFromThrown(e, `saving a ${ALGORITHMS[this.#id]} state`);
    }
    if (n < 0) throw new SluiceError('SLUICE_IO', 'internal error: saved state larger than the output block');
    return heap().slice(OUT, OUT + n);
  }

  /** Starts over (as a fresh createHash); returns this. */
  reset() {
    resetFn(this.#live());
    return this;
  }

  /** Releases the wasm memory now. Idempotent; any other method afterwards throws. */
  free() {
    if (this.#ptr === 0) return;
    registry?.unregister(this);
    freeFn(this.#ptr);
    this.#ptr = 0;
  }
}
if (typeof Symbol.dispose === 'symbol') {
  Hash.prototype[Symbol.dispose] = function dispose() { this.free(); };
}

/**
 * A streaming hash of `algo` (an INTERFACE.md name, case-insensitive). With `{ state }` (bytes
 * from saveState(), in JS or native sluice) it continues that hash.
 */
export function createHash(algo, options = undefined) {
  return new Hash(algo, options);
}
