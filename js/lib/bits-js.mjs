// The plain-JavaScript BitReader (the one `sluice` exports as BitReader), and the argument
// checks and error messages it shares with the wasm-backed reader (bits-wasm.mjs), so that
// both throw the same SluiceErrors for the same bytes.
//
// Why plain JS: a read is a few shifts, so the JS/wasm call per read that a wasm-backed
// reader needs costs about as much as the read itself. bench/js/bits.bench.mjs measures
// both readers (docs/bits.md has the figures): this one is as fast or faster on every case
// and about twice as fast on fixed-width reads, so it is the public BitReader.
//
// How it is fast (core's BitReader in sluice/bits.hpp does the same with 64 bits):
//   - a 32-bit cache word (an int32, which V8 keeps unboxed) holds the next #n bits
//     left-aligned. A refill is one big-endian 32-bit DataView load while 4 bytes remain
//     (#c |= word >>> #n; #p += whole bytes taken; #n |= 24), leaving 24..31 valid bits;
//     the bits below them are zeros or the true next bits, never anything else;
//   - Exp-Golomb: Math.clz32 of the cache is the prefix length; a code of up to 23 bits
//     (ue(v) < 4095) is one clz32, two shifts and a subtraction; longer codes whose
//     prefix ends in the cache take one more 32-bit load; se(v) is branch-free;
//   - no allocation, no BigInt, one object shape; slow cases (reads that straddle the
//     cache, long codes, the last bytes, errors) live in separate methods so the hot ones
//     stay small.
// Errors never move the reader: every check happens before any state changes (a refill
// only moves bytes into the cache, it does not change the position).
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

export class BitReader {
  #bytes;
  #view;  // a DataView over the same bytes, for 32-bit loads
  #end;   // bytes.length
  #p;     // next byte to load into the cache
  #c;     // cache: the next #n bits, left-aligned; below them zeros or the next bits (an int32)
  #n;     // valid bits in #c, 0..32

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
    this.#p = 0;
    this.#c = 0;
    this.#n = 0;
  }

  // Tops the cache up to 24..31 valid bits (fewer only in the last bytes of the data). While
  // 4 bytes remain it is one big-endian 32-bit load: the bits ORed in below the whole bytes
  // it counts are the true next bits, which the next refill ORs in again, so the invariant
  // is "the bits below #n are zeros or the true next bits" (as in core's reader).
  #refill() {
    const n = this.#n;
    if (n > 24) return;
    const p = this.#p;
    if (p + 4 <= this.#end) {
      this.#c |= this.#view.getUint32(p) >>> n;
      this.#p = p + ((31 - n) >> 3);
      this.#n = n | 24;
      return;
    }
    this.#refillTail();
  }

  #refillTail() {
    const b = this.#bytes;
    const end = this.#end;
    let p = this.#p;
    let c = this.#c;
    let n = this.#n;
    while (n <= 24 && p < end) {
      c |= b[p++] << (24 - n);
      n += 8;
    }
    this.#c = c;
    this.#n = n;
    this.#p = p;
  }

  // Positions the reader at absolute bit `pos` (0 <= pos <= bytes.length * 8).
  #seek(pos) {
    this.#p = Math.floor(pos / 8);
    this.#c = 0;
    this.#n = 0;
    const sub = pos % 8;
    if (sub !== 0) {
      this.#refill();
      this.#c <<= sub;
      this.#n -= sub;
    }
  }

  /** One bit, 0 or 1. */
  readBit() {
    let n = this.#n;
    if (n === 0) {
      this.#refill();
      n = this.#n;
      if (n === 0) throw truncatedError('readBit', this.#end);
    }
    const c = this.#c;
    this.#c = c << 1;
    this.#n = n - 1;
    return c >>> 31;
  }

  /**
   * `n` bits (0 <= n <= 32) as an unsigned number, the first bit read most significant.
   * @param {number} n
   */
  readBits(n) {
    if ((n - 1) >>> 0 > 31 || (n | 0) !== n) return this.#readBitsOdd(n);
    let have = this.#n;
    if (n > have) {
      this.#refill();
      have = this.#n;
      if (n > have) return this.#readBitsSplit(n);
    }
    const c = this.#c;
    this.#c = (c << (n - 1)) << 1; // two shifts: a JS shift by 32 is a shift by 0
    this.#n = have - n;
    return c >>> (32 - n);
  }

  #readBitsOdd(n) {
    if (n === 0) return 0;
    throw widthError('readBits', n);
  }

  // n > #n after a refill: the cache holds 24..31 bits and n is wider, or the data is
  // nearly done.
  #readBitsSplit(n) {
    const have = this.#n;
    const p = this.#p;
    if (p + 4 <= this.#end) {
      // The top `have` bits, then m = n - have (1..8) bits of the next 32-bit word, whose
      // remaining bits become the cache.
      const m = n - have;
      const w = this.#view.getUint32(p);
      const hi = this.#c >>> (32 - have);
      this.#c = w << m;
      this.#n = 32 - m;
      this.#p = p + 4;
      return ((hi << m) | (w >>> (32 - m))) >>> 0;
    }
    if (n > have + (this.#end - p) * 8) throw truncatedError(`readBits(${n})`, this.#end);
    const hi = have === 0 ? 0 : this.#c >>> (32 - have);
    const m = n - have;                 // 1..32
    this.#c = 0;
    this.#n = 0;
    this.#refillTail();                 // at least m bits now (the check above)
    const c = this.#c;
    this.#c = (c << (m - 1)) << 1;
    this.#n -= m;
    return ((hi << (m - 1) << 1) | (c >>> (32 - m))) >>> 0;
  }

  /**
   * The next `n` bits (0 <= n <= 32) without consuming them. Past the end of the data the
   * missing bits read as zeros (as core's peek_bits): peeking is never a truncation error.
   * @param {number} n
   */
  peekBits(n) {
    if ((n - 1) >>> 0 > 31 || (n | 0) !== n) {
      if (n === 0) return 0;
      throw widthError('peekBits', n);
    }
    if (n > this.#n) {
      this.#refill();
      if (n > this.#n) return this.#peekSlow(n);
    }
    return this.#c >>> (32 - n);
  }

  #peekSlow(n) {
    const b = this.#bytes;
    const end = this.#end;
    const have = this.#n;
    let p = this.#p;
    let v = have === 0 ? 0 : this.#c >>> (32 - have);
    let need = n - have;
    while (need > 0) {
      const byte = p < end ? b[p] : 0;
      p++;
      const take = need < 8 ? need : 8;
      v = v * (1 << take) + (byte >>> (8 - take));
      need -= take;
    }
    return v;
  }

  /** Unsigned Exp-Golomb ue(v): 0 … 2^32 − 2. */
  readUE() {
    let c = this.#c;
    let n = this.#n;
    let len = 2 * Math.clz32(c) + 1; // clz32(0) is 32: len 65 > n
    if (len > n) {
      this.#refill();
      c = this.#c;
      n = this.#n;
      len = 2 * Math.clz32(c) + 1;
      if (len > n) return this.#readUELong('readUE');
    }
    // len <= n <= 32 and len is odd, so len <= 31.
    this.#c = c << len;
    this.#n = n - len;
    return (c >>> (32 - len)) - 1;
  }

  /** Signed Exp-Golomb se(v): −(2^31 − 1) … 2^31 − 1. */
  readSE() {
    let c = this.#c;
    let n = this.#n;
    let len = 2 * Math.clz32(c) + 1;
    if (len > n) {
      this.#refill();
      c = this.#c;
      n = this.#n;
      len = 2 * Math.clz32(c) + 1;
      if (len > n) return seOf(this.#readUELong('readSE'));
    }
    this.#c = c << len;
    this.#n = n - len;
    // k = code - 1; k odd -> (k + 1) / 2, k even -> -(k / 2). In terms of the code
    // (= k + 1, below 2^31 here): code even -> code >> 1, odd -> -(code >> 1). Branch-free
    // (the sign is as good as random in real data): s = 0 or -1, (h ^ s) - s = h or -h; an
    // int32 expression, so never -0.
    const code = c >>> (32 - len);
    const s = -(code & 1);
    return ((code >>> 1) ^ s) - s;
  }

  // The code does not fit the cache after a refill. Usually its prefix ends inside the
  // cache (12..30 zeros) and the rest is in the next 32-bit word: one load, no loop.
  #readUELong(what) {
    const c = this.#c;
    const n = this.#n;
    const p = this.#p;
    const lz = Math.clz32(c);
    if (lz < n && p + 4 <= this.#end) {
      const rest = n - lz;           // cache bits after the zeros: the 1 and some suffix
      const m = lz + 1 - rest;       // bits still needed from the next word: 1..30
      const w = this.#view.getUint32(p);
      const hi = (c << lz) >>> (32 - rest);
      this.#c = w << m;
      this.#n = 32 - m;
      this.#p = p + 4;
      return ((hi << m) | (w >>> (32 - m))) - 1; // lz + 1 <= 31 bits: no sign trouble
    }
    return this.#readUESlow(what);
  }

  // A code that does not fit the cache (a prefix of 13 or more zeros, or the data nearly
  // done): count the prefix a cache word at a time, then read the 1 and the suffix with
  // readBits. Mirrors core's read_ue_long: 32 zeros followed by more data is corrupt, data
  // ending first is truncated; either way the reader is put back where the code started.
  #readUESlow(what) {
    const c0 = this.#c;
    const n0 = this.#n;
    const p0 = this.#p;
    let zeros = 0;
    for (;;) {
      let n = this.#n;
      if (n === 0) {
        this.#refill();
        n = this.#n;
        if (n === 0) break; // the data ended inside the prefix
      }
      const c = this.#c;
      const lz = Math.clz32(c);
      if (lz < n) {
        // The 1 ending the prefix is in the cache.
        if (zeros + lz >= 32) {
          zeros += lz;
          break;
        }
        this.#c = c << lz;
        this.#n = n - lz;
        zeros += lz;
        if (zeros + 1 > (this.#end - this.#p) * 8 + this.#n) break; // the suffix is cut
        return this.readBits(zeros + 1) - 1;
      }
      // All n valid bits are zeros.
      zeros += n;
      this.#c = 0;
      this.#n = 0;
      if (zeros >= 32) break;
    }
    const start = p0 * 8 - n0;
    this.#c = c0;
    this.#n = n0;
    this.#p = p0;
    if (zeros >= 32 && start + 32 < this.#end * 8) throw longCodeError(what, Math.floor(start / 8));
    throw truncatedError(what, this.#end);
  }

  /**
   * Skips `n` bits (a non-negative safe integer). Skipping past the end throws
   * SLUICE_TRUNCATED and does not move the reader; skipping exactly to the end is fine.
   * @param {number} n
   */
  skipBits(n) {
    if (!Number.isSafeInteger(n) || n < 0) throw countError(n);
    const have = this.#n;
    if (n <= have) {
      this.#c = n === 32 ? 0 : this.#c << n;
      this.#n = have - n;
      return;
    }
    const pos = this.#p * 8 - have;
    if (n > this.#end * 8 - pos) throw truncatedError(`skipBits(${n})`, this.#end);
    this.#seek(pos + n);
  }

  /** Skips to the next byte boundary (nothing when already on one). Never fails. */
  byteAlign() {
    // bitPosition = #p * 8 - #n, so the bits to the boundary are #n mod 8, all in the cache.
    const s = this.#n & 7;
    this.#c <<= s;
    this.#n -= s;
  }

  /** Bits not yet read. */
  get bitsLeft() {
    return (this.#end - this.#p) * 8 + this.#n;
  }

  /** Bits read so far (from the start of the data). */
  get bitPosition() {
    return this.#p * 8 - this.#n;
  }
}
