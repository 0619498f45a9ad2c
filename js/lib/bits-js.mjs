// The plain-JavaScript BitReader (the one `sluice` exports as BitReader), and the argument
// checks and error messages it shares with the wasm-backed reader (bits-wasm.mjs), so that
// both throw the same SluiceErrors for the same bytes.
//
// Why plain JS: a read is a few shifts, so the JS/wasm call per read that a wasm-backed
// reader needs costs about as much as the read itself. bench/js/bits.bench.mjs measures
// both readers (docs/bits.md has the figures): this one is the faster on every case, so it
// is the public BitReader.
//
// How it is fast: the whole state is one number, the bit position. Every read takes the 32
// bits at the position as one window: a big-endian 32-bit DataView load of the byte holding
// the position, shifted left by the bit offset, with the top bits of the fifth byte ORed in
// below, so any readBits(n <= 32), peekBits or readBit is one window and a shift, and an
// Exp-Golomb code is Math.clz32 of the window (codes of up to 31 bits, ue(v) < 65535, take
// this path: one load, clz32, two shifts; se(v) is branch-free). No cache to refill, no
// allocation, no BigInt, one object shape. The window is taken while the 5 bytes lie inside
// the data and the position is below 2^31 (the first 256 MiB, so that the index arithmetic
// stays in int32); elsewhere, longer codes and errors take separate slow methods that build
// the window byte by byte with zeros past the end. A failed read changes nothing: the
// position is only written after every check.
import { SluiceError } from './errors.mjs';

/** A Uint8Array over `bytes` (no copy), or a SLUICE_ARGUMENT error. */
export function bitBytes(bytes) {
  if (bytes instanceof Uint8Array) return bytes;
  if (ArrayBuffer.isView(bytes)) return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes instanceof ArrayBuffer ||
      (typeof SharedArrayBuffer === 'function' && bytes instanceof SharedArrayBuffer)) {
    return new Uint8Array(bytes);
  }
  const what = bytes === null ? 'null' : typeof bytes === 'object' ? (bytes.constructor?.name ?? 'an object') : typeof bytes;
  throw new SluiceError('SLUICE_ARGUMENT', `bytes must be a Uint8Array, ArrayBuffer or ArrayBufferView, not ${what}`);
}

/** Reading past the end: core's "bitstream ended early" at the offset of the end of the data. */
export function truncatedError(what, endOffset) {
  return new SluiceError('SLUICE_TRUNCATED', `${what}: bitstream ended early at byte ${endOffset}`,
    { offset: endOffset });
}

/** An Exp-Golomb prefix of 32 or more zeros: core's message, at the offset of the code. */
export function longCodeError(what, codeOffset) {
  return new SluiceError('SLUICE_CORRUPT', `${what}: Exp-Golomb code longer than 32 bits at byte ${codeOffset}`,
    { offset: codeOffset });
}

export function widthError(what, n) {
  return new SluiceError('SLUICE_ARGUMENT', `${what}: n must be an integer from 0 to 32, not ${String(n)}`);
}

export function countError(n) {
  return new SluiceError('SLUICE_ARGUMENT', `skipBits: n must be a non-negative safe integer, not ${String(n)}`);
}

// se(v) from ue(v) = k: k odd -> (k + 1) / 2, k even -> -(k / 2) (never -0).
function seOf(k) {
  const mag = (k >>> 1) + (k & 1);
  return (k & 1) !== 0 ? mag : -mag | 0;
}

// A width that is not an integer in 1..32: fine when it is 0, else SLUICE_ARGUMENT.
function checkWidth(what, n) {
  if (n !== 0) throw widthError(what, n);
}

export class BitReader {
  #bytes;
  #view;  // a DataView over the same bytes, for the 32-bit loads
  #end;   // bytes.length
  #pos;   // bits read so far
  #fast;  // the last position whose window is one load: pos <= #fast means (pos >>> 3) + 5 <= #end and pos < 2^31

  /**
   * Reads `bytes` most significant bit first. The bytes are not copied: do not change them
   * while reading.
   * @param {Uint8Array | ArrayBuffer | ArrayBufferView} bytes
   */
  constructor(bytes) {
    const b = bitBytes(bytes);
    this.#bytes = b;
    this.#view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    this.#end = b.length;
    this.#pos = 0;
    this.#fast = (Math.min(b.length, 1 << 28) - 5) * 8 + 7; // negative for fewer than 5 bytes
  }

  // The 32 bits from bit `pos` (pos <= #fast) as an int32.
  #fastWindow(pos) {
    const byte = pos >>> 3;
    const sh = pos & 7;
    return (this.#view.getInt32(byte) << sh) | (this.#bytes[byte + 4] >>> (8 - sh));
  }

  // The 32 bits from bit `pos` as an int32, zeros past the end (the slow, general form).
  #window(pos) {
    const b = this.#bytes;
    const end = this.#end;
    const byte = Math.floor(pos / 8);
    const sh = pos % 8;
    let w = 0;
    for (let k = byte; k < byte + 4; k++) w = (w << 8) | (k < end ? b[k] : 0);
    const x = byte + 4 < end ? b[byte + 4] : 0;
    return (w << sh) | (x >>> (8 - sh));
  }

  // Every public read ends in one return of one expression: a slow path that returned its
  // own result would make V8 merge a tagged value with the fast path's uint32, which boxes
  // every 32-bit result of 2^31 or more (a heap allocation per read).

  /** One bit, 0 or 1. */
  readBit() {
    const pos = this.#pos;
    const w = pos <= this.#fast ? this.#bytes[pos >>> 3] << (24 + (pos & 7)) : this.#slowWindow(1, 'readBit');
    this.#pos = pos + 1;
    return w >>> 31;
  }

  /**
   * `n` bits (0 <= n <= 32) as an unsigned number, the first bit read most significant.
   * @param {number} n
   */
  readBits(n) {
    if ((n - 1) >>> 0 > 31 || (n | 0) !== n) checkWidth('readBits', n); // throws unless n is 0
    const pos = this.#pos;
    const w = pos <= this.#fast ? this.#fastWindow(pos) : this.#slowWindow(n, 'readBits');
    this.#pos = pos + n;
    return n === 0 ? 0 : w >>> (32 - n);
  }

  // The window at the position when it is outside the one-load range; truncated when fewer
  // than n bits are left.
  #slowWindow(n, what) {
    const pos = this.#pos;
    if (n > this.#end * 8 - pos) throw truncatedError(what === 'readBits' ? `readBits(${n})` : what, this.#end);
    return this.#window(pos);
  }

  /**
   * The next `n` bits (0 <= n <= 32) without consuming them. Past the end of the data the
   * missing bits read as zeros (as core's peek_bits): peeking is never a truncation error.
   * @param {number} n
   */
  peekBits(n) {
    if ((n - 1) >>> 0 > 31 || (n | 0) !== n) checkWidth('peekBits', n);
    const pos = this.#pos;
    const w = pos <= this.#fast ? this.#fastWindow(pos) : this.#window(pos);
    return n === 0 ? 0 : w >>> (32 - n);
  }

  /** Unsigned Exp-Golomb ue(v): 0 … 2^32 − 2. */
  readUE() {
    const pos = this.#pos;
    if (pos <= this.#fast) {
      const byte = pos >>> 3;
      const sh = pos & 7;
      const w = (this.#view.getInt32(byte) << sh) | (this.#bytes[byte + 4] >>> (8 - sh));
      const lz = Math.clz32(w);
      if (lz < 16) { // the whole code (2 lz + 1 <= 31 bits) is in the window
        const len = 2 * lz + 1;
        this.#pos = pos + len;
        return (w >>> (32 - len)) - 1;
      }
    }
    return this.#readUESlow('readUE');
  }

  /** Signed Exp-Golomb se(v): −(2^31 − 1) … 2^31 − 1. */
  readSE() {
    const pos = this.#pos;
    if (pos <= this.#fast) {
      const byte = pos >>> 3;
      const sh = pos & 7;
      const w = (this.#view.getInt32(byte) << sh) | (this.#bytes[byte + 4] >>> (8 - sh));
      const lz = Math.clz32(w);
      if (lz < 16) {
        const len = 2 * lz + 1;
        this.#pos = pos + len;
        // k = code - 1; k odd -> (k + 1) / 2, k even -> -(k / 2). In terms of the code
        // (k + 1, below 2^31 here): even -> code >> 1, odd -> -(code >> 1). Branch-free (the
        // sign is as good as random in real data): s = 0 or -1, (h ^ s) - s is h or -h; an
        // int32 expression, so never -0.
        const code = w >>> (32 - len);
        const s = -(code & 1);
        return ((code >>> 1) ^ s) - s;
      }
    }
    return seOf(this.#readUESlow('readSE'));
  }

  // Codes of 16+ leading zeros, positions outside the fast range, and errors. Mirrors core's
  // read_ue_long: 32 zeros followed by more data is corrupt; data ending first is truncated.
  #readUESlow(what) {
    const start = this.#pos;
    if (start <= this.#fast) {
      // 16..31 leading zeros: a second window at the 1 holds the 1 and the suffix.
      const lz = Math.clz32(this.#fastWindow(start));
      const q = start + lz;
      if (lz < 32 && q <= this.#fast) {
        const len = lz + 1;
        this.#pos = q + len;
        return (this.#fastWindow(q) >>> (32 - len)) - 1;
      }
    }
    const total = this.#end * 8;
    let p = start;
    let zeros = 0;
    for (;;) {
      const avail = total - p;
      if (avail <= 0) throw truncatedError(what, this.#end);
      const lz = Math.clz32(this.#window(p)); // zeros past the end count, so compare with avail
      if (lz < 32 && lz < avail) { // a 1 in the data ends the prefix
        zeros += lz;
        p += lz;
        break;
      }
      const take = avail < 32 ? avail : 32;
      zeros += take;
      p += take;
      if (zeros >= 32) break;
    }
    if (zeros >= 32) {
      if (start + 32 < total) throw longCodeError(what, Math.floor(start / 8));
      throw truncatedError(what, this.#end);
    }
    const len = zeros + 1; // the 1 and the suffix: 1..32 bits
    if (p + len > total) throw truncatedError(what, this.#end);
    this.#pos = p + len;
    return (this.#window(p) >>> (32 - len)) - 1;
  }

  /**
   * Skips `n` bits (a non-negative safe integer). Skipping past the end throws
   * SLUICE_TRUNCATED and does not move the reader; skipping exactly to the end is fine.
   * @param {number} n
   */
  skipBits(n) {
    if (!Number.isSafeInteger(n) || n < 0) throw countError(n);
    if (n > this.#end * 8 - this.#pos) throw truncatedError(`skipBits(${n})`, this.#end);
    this.#pos += n;
  }

  /** Skips to the next byte boundary (nothing when already on one). Never fails. */
  byteAlign() {
    const pos = this.#pos;
    this.#pos = pos + ((8 - (pos % 8)) % 8);
  }

  /** Bits not yet read. */
  get bitsLeft() {
    return this.#end * 8 - this.#pos;
  }

  /** Bits read so far (from the start of the data). */
  get bitPosition() {
    return this.#pos;
  }
}
