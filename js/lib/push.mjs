// The push core: one wasm TransformDriver (wasm/transform_driver.hpp) driven from JS with
// fflate's shape, `push(chunk, final)` in and `ondata(chunk, final)` out. Stream adapters
// (CompressionStream work-alikes, Node Transforms) are thin layers over this.
//
// Heap discipline: views into the wasm memory go stale when it grows, and any call into the
// module may grow it (a decoder allocating its window), as may the ondata callback. So this
// code never holds a view across a call: it reads `module.HEAPU8` afresh for each copy, and
// output is copied out (slice) before ondata runs. Input is staged through the driver's input
// buffer, one bounded slice (at most its capacity) at a time, whatever the chunk's size.
import { SluiceError, errorFromStatus, errorFromThrown } from './errors.mjs';
import { chunkCollector, toBytes } from './bytes.mjs';
import { wasm } from './wasm.mjs';

// Frees drivers whose PushTransform was dropped without free(): a safety net only.
const registry = typeof FinalizationRegistry === 'function'
  ? new FinalizationRegistry((driver) => { try { driver.delete(); } catch { /* already gone */ } })
  : null;

const MAX_BUFFER_BYTES = 256 * 1024 * 1024;

// Longest output chunk handed to ondata by default. Each chunk is a fresh ArrayBuffer the
// consumer may keep. In Node (glibc malloc under V8's backing stores) a chunk of 128 KiB or
// more is often mmap'd and page-faulted in afresh, which costs much of the decoding time
// (zstd, 8 MiB: about 2000 faults, 4 ms of system time, against a 14 ms decode), while chunks
// below malloc's mmap threshold are recycled from its heap: Node's WHATWG and stream.Transform
// zstd/gzip decoders ran 15-25% faster with 64 KiB chunks. 64 KiB is also the highWaterMark of
// Node's byte streams. Browsers allocate differently and pay for each chunk (a promise turn per
// read): Chromium's DecompressionStream ran 3% slower with 64 KiB chunks, so there a round's
// output (a decoder's 512 KiB block) stays one chunk. One-shots always take whole rounds.
const IS_NODE = typeof process === 'object' && typeof process?.versions?.node === 'string';
const DEFAULT_CHUNK_BYTES = IS_NODE ? 64 * 1024 : Infinity;

// Words of the driver's state block (wasm/transform_driver.hpp, TransformDriver::state_word).
const IN_PTR = 0;
const IN_ROOM = 1;
const OUT_PTR = 2;
const OUT_LEN = 3;

function checkSize(value, what) {
  if (value === undefined) return 0;
  if (!Number.isInteger(value) || value < 1 || value > MAX_BUFFER_BYTES) {
    throw new SluiceError('SLUICE_ARGUMENT',
      `${what} must be an integer from 1 to ${MAX_BUFFER_BYTES}, not ${String(value)}`);
  }
  return value;
}

export class PushTransform {
  #w;
  #driver;
  #name;
  #busy = false;
  #ended = false;   // the transform reported end_of_stream; the final chunk went to ondata
  #closed = false;  // the caller pushed final = true
  #error = null;    // { code, message, offset } of a sticky failure: rethrown fresh each time
  #state = 0;       // index of the driver's state block in HEAPU32
  #unconsumed = 0;  // output bytes copied out but not yet consumed in the driver
  #paused = null;   // { bytes, off, final } when ondata returned false mid-chunk (see resume())
  #chunkBytes;      // longest chunk handed to ondata

  /**
   * Output handler: called with each output chunk (a fresh copy the handler may keep) and
   * `final` = true exactly once, with the last chunk (possibly empty).
   * @type {((chunk: Uint8Array, final: boolean) => void) | null}
   */
  ondata = null;

  /**
   * @param {string} name a transform registered in wasm/transform_driver.cpp
   * @param {{ inputBytes?: number, outputBytes?: number, chunkBytes?: number, driver?: object }} [options]
   *   heap buffer capacities (default 64 KiB each): the input is staged in slices of at most
   *   inputBytes. chunkBytes: the longest chunk handed to ondata (default 64 KiB in Node,
   *   Infinity elsewhere: all the output of one round as one chunk). `driver`: a ready-made
   *   TransformDriver (codec.mjs) that this object then owns; `name` only labels messages.
   * @param {(chunk: Uint8Array, final: boolean) => void} [ondata]
   */
  constructor(name, options = {}, ondata = null) {
    this.#w = wasm();
    if (typeof name !== 'string') throw new SluiceError('SLUICE_ARGUMENT', 'transform name must be a string');
    const inputBytes = checkSize(options.inputBytes, 'inputBytes');
    const outputBytes = checkSize(options.outputBytes, 'outputBytes');
    const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
    if (!(chunkBytes === Infinity || (Number.isInteger(chunkBytes) && chunkBytes >= 1))) {
      throw new SluiceError('SLUICE_ARGUMENT',
        `chunkBytes must be a positive integer or Infinity, not ${String(chunkBytes)}`);
    }
    this.#chunkBytes = chunkBytes;
    let driver;
    try {
      driver = options.driver ?? new this.#w.module.TransformDriver(name, inputBytes, outputBytes);
    } catch (e) {
      throw errorFromThrown(e, `creating transform "${name}"`);
    }
    const kind = driver.kind();
    if (kind >= this.#w.firstErrorKind) {
      const err = errorFromStatus(this.#w.kindNames[kind], `${name}: ${driver.message()}`);
      driver.delete();
      throw err;
    }
    this.#driver = driver;
    this.#state = driver.statePointer() >>> 2;
    this.#name = name;
    this.ondata = ondata;
    registry?.register(this, driver, this);
  }

  /** True once the transform has delivered its final chunk. */
  get ended() { return this.#ended; }

  /**
   * Feeds `chunk`; `final` says no more input follows. Output goes to ondata before this
   * returns — unless ondata returns `false` (backpressure): then push() stops after that
   * chunk of output and returns false, keeping the rest of the input; call resume() (which
   * again returns true when done, false when paused) before pushing more. Otherwise returns
   * true. Throws a SluiceError on bad data or misuse; after a data error every later push
   * throws a fresh error with the same code.
   * @param {Uint8Array | ArrayBuffer | ArrayBufferView | string} chunk
   * @param {boolean} [final]
   */
  push(chunk, final = false) {
    if (this.#driver === null) throw new SluiceError('SLUICE_ARGUMENT', `${this.#name}: used after free()`);
    if (this.#busy) throw new SluiceError('SLUICE_ARGUMENT', `${this.#name}: push() called from ondata`);
    if (this.#error !== null) throw this.#again();
    if (this.#paused !== null) throw new SluiceError('SLUICE_ARGUMENT', `${this.#name}: push() while paused: resume() first`);
    if (this.#closed) throw new SluiceError('SLUICE_ARGUMENT', `${this.#name}: push() after the final chunk`);
    const bytes = toBytes(chunk, 'chunk');
    if (final) this.#closed = true;
    if (this.#ended && bytes.length === 0) return true;
    return this.#go(bytes, 0, final);
  }

  /** Continues a push() that ondata paused; true when that input is done, false if paused again. */
  resume() {
    if (this.#driver === null) throw new SluiceError('SLUICE_ARGUMENT', `${this.#name}: used after free()`);
    if (this.#busy) throw new SluiceError('SLUICE_ARGUMENT', `${this.#name}: resume() called from ondata`);
    if (this.#error !== null) throw this.#again();
    const p = this.#paused;
    if (p === null) return true;
    this.#paused = null;
    return this.#go(p.bytes, p.off, p.final);
  }

  /** True while a paused push() waits for resume(). */
  get paused() { return this.#paused !== null; }

  #go(bytes, off, final) {
    this.#busy = true;
    try {
      const at = this.#run(bytes, final, off);
      if (at < 0) return true;
      this.#paused = { bytes, off: at, final };
      return false;
    } finally {
      this.#busy = false;
    }
  }

  // One driver.step() per round: it consumes the output copied in the previous round,
  // commits the slice staged in this one and runs the transform; the resulting pointers and
  // lengths are read from the driver's state block through a fresh HEAPU32 view.
  // Returns -1 when done with `bytes`, or the offset reached when ondata asked to pause.
  #run(bytes, final, off) {
    const { module, kinds, firstErrorKind } = this.#w;
    const d = this.#driver;
    const S = this.#state;
    for (;;) {
      let staged = 0;
      if (off < bytes.length) {
        const room = module.HEAPU32[S + IN_ROOM];
        if (room > 0) {
          staged = Math.min(room, bytes.length - off);
          const at = module.HEAPU32[S + IN_PTR];
          module.HEAPU8.set(bytes.subarray(off, off + staged), at); // fresh views, no call between
          off += staged;
        }
      }
      const consumed = this.#unconsumed;
      this.#unconsumed = 0;
      let kind;
      try {
        kind = d.step(consumed, staged, final && off === bytes.length);
      } catch (e) {
        throw this.#remember(errorFromThrown(e, this.#name));
      }
      if (kind >= firstErrorKind) this.#check(kind);
      const end = kind === kinds.end_of_stream;
      const length = module.HEAPU32[S + OUT_LEN];
      if (length > 0 || (end && !this.#ended)) {
        const at = module.HEAPU32[S + OUT_PTR];
        // Handed out in chunks of at most chunkBytes. Pausing mid-region is fine: only the
        // bytes given so far are consumed, the driver reports the rest again next round.
        let given = 0;
        do {
          const n = Math.min(length - given, this.#chunkBytes);
          // A copy: ondata may grow the heap.
          const out = module.HEAPU8.slice(at + given, at + given + n);
          given += n;
          this.#unconsumed = given; // handed back to the driver by the next step()
          const last = end && given === length;
          if (last) this.#ended = true;
          if (this.ondata && this.ondata(out, last) === false && !(last && off === bytes.length)) return off;
          if (this.#driver === null) return -1; // ondata called free()
        } while (given < length);
      }
      if (end) {
        if (off === bytes.length) {
          // Bytes staged after the end (zlib and deflate-raw stop right after their stream)
          // would sit unread in the driver: one more call reports them as corrupt.
          const after = d.step(this.#unconsumed, 0, false);
          this.#unconsumed = 0;
          if (after >= firstErrorKind) this.#check(after);
          return -1;
        }
        continue; // more bytes after the end: the driver reports them as corrupt
      }
      if (kind === kinds.need_input && off === bytes.length) return -1;
      if (kind === kinds.would_block) {
        throw this.#remember(errorFromStatus('internal', `${this.#name}: a transform answered would_block`));
      }
      // ok, need_output (drained above), need_input with bytes left to stage: go on.
    }
  }

  /** Throws (and remembers) the driver's error when `kind` is one. */
  #check(kind) {
    if (kind < this.#w.firstErrorKind) return;
    const d = this.#driver;
    throw this.#remember(errorFromStatus(this.#w.kindNames[kind], `${this.#name}: ${d.message()}`, d.offset()));
  }

  #remember(err) {
    this.#error = { code: err.code, message: err.message, offset: err.offset };
    return err;
  }

  #again() {
    const { code, message, offset } = this.#error;
    return new SluiceError(code, message, offset === undefined ? {} : { offset });
  }

  /** Releases the wasm memory now. Idempotent; push() afterwards throws SLUICE_ARGUMENT. */
  free() {
    if (this.#driver === null) return;
    registry?.unregister(this);
    this.#driver.delete();
    this.#driver = null;
  }
}
// `using t = new PushTransform(...)` where the runtime has explicit resource management.
if (typeof Symbol.dispose === 'symbol') {
  PushTransform.prototype[Symbol.dispose] = function dispose() { this.free(); };
}

/** Runs `data` through a fresh transform in one go and returns the concatenated output. */
export function transformAll(name, data, options = {}) {
  const out = chunkCollector();
  const t = new PushTransform(name, { chunkBytes: Infinity, ...options }, out.add);
  try {
    t.push(data, true);
  } finally {
    t.free();
  }
  return out.result();
}
