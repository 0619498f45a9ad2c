// Internal: one wasm HasherDriver (wasm/hasher_driver.hpp) behind update()/digest(). The
// public createHash() and one-shot checksums are built on this. Input is staged through the
// driver's heap block in bounded slices; HEAPU8 is read afresh for each copy.
import { SluiceError, errorFromStatus, errorFromThrown } from './errors.mjs';
import { toBytes } from './bytes.mjs';
import { wasm } from './wasm.mjs';

const registry = typeof FinalizationRegistry === 'function'
  ? new FinalizationRegistry((driver) => { try { driver.delete(); } catch { /* already gone */ } })
  : null;

export class WasmHasher {
  #w;
  #driver;
  #name;

  /**
   * @param {string} algorithm an INTERFACE.md name: crc32, crc32c, crc64, crc64nvme, md5,
   *   sha256, blake3, xxh64, xxh3, xxh128 (case-insensitive)
   * @param {{ stagingBytes?: number }} [options] heap staging block (default 64 KiB)
   */
  constructor(algorithm, options = {}) {
    this.#w = wasm();
    if (typeof algorithm !== 'string') throw new SluiceError('SLUICE_ARGUMENT', 'algorithm must be a string');
    const staging = options.stagingBytes ?? 0;
    if (!Number.isInteger(staging) || staging < 0) {
      throw new SluiceError('SLUICE_ARGUMENT', `stagingBytes must be a positive integer, not ${String(staging)}`);
    }
    let driver;
    try {
      driver = new this.#w.module.HasherDriver(algorithm, staging);
    } catch (e) {
      throw errorFromThrown(e, `creating a ${algorithm} hasher`);
    }
    const kind = driver.kind();
    if (kind >= this.#w.firstErrorKind) {
      const err = errorFromStatus(this.#w.kindNames[kind], `${algorithm}: ${driver.message()}`);
      driver.delete();
      throw err;
    }
    this.#driver = driver;
    this.#name = driver.algorithm();
    registry?.register(this, driver, this);
  }

  /** The canonical algorithm name. */
  get algorithm() { return this.#name; }

  #live() {
    if (this.#driver === null) throw new SluiceError('SLUICE_ARGUMENT', `${this.#name}: used after free()`);
    return this.#driver;
  }

  /** Hashes `data` (strings as UTF-8); returns this. */
  update(data) {
    const d = this.#live();
    const bytes = toBytes(data);
    const { module, firstErrorKind, kindNames } = this.#w;
    const capacity = d.inputCapacity();
    const at = d.inputPointer();
    for (let off = 0; off < bytes.length; off += capacity) {
      const n = Math.min(capacity, bytes.length - off);
      module.HEAPU8.set(bytes.subarray(off, off + n), at); // fresh view each slice
      const kind = d.update(n);
      if (kind >= firstErrorKind) throw errorFromStatus(kindNames[kind], `${this.#name}: ${d.message()}`);
    }
    return this;
  }

  /** The digest so far as a new Uint8Array; the state is unchanged (more updates may follow). */
  digest() {
    const d = this.#live();
    const at = d.digest();
    if (at === 0) throw errorFromStatus(this.#w.kindNames[d.kind()], `${this.#name}: ${d.message()}`);
    return this.#w.module.HEAPU8.slice(at, at + d.digestSize());
  }

  /** The digest as lower-case hex (INTERFACE.md's forms). */
  hexDigest() {
    let s = '';
    for (const b of this.digest()) s += b.toString(16).padStart(2, '0');
    return s;
  }

  /** Starts over. */
  reset() {
    this.#live().reset();
    return this;
  }

  /** Releases the wasm memory now. Idempotent. */
  free() {
    if (this.#driver === null) return;
    registry?.unregister(this);
    this.#driver.delete();
    this.#driver = null;
  }
}
if (typeof Symbol.dispose === 'symbol') {
  WasmHasher.prototype[Symbol.dispose] = function dispose() { this.free(); };
}
