// The wasm-backed BitReader (core's sluice::BitReader through wasm/bits_exports.cpp, one
// plain-export call per read) and probe(). The public BitReader is the plain-JS one
// (bits-js.mjs), which bench/js/bits.bench.mjs measures several times faster; this one stays
// reachable as `WasmBitReader` from `sluice/internal`, and js/test/bits.test.mjs runs both
// over the same vectors.
import { SluiceError, errorFromStatus, errorFromThrown } from './errors.mjs';
import { bitBytes, countError, longCodeError, truncatedError, widthError } from './bits-js.mjs';
import { loadWasm } from './wasm.mjs';

const { module: M, kindNames } = await loadWasm();

// Emscripten's export wrappers replace themselves with the raw wasm function on first call:
// call each once on an empty reader so that the functions captured below are the raw ones.
{
  const h = M._sluice_bits_create(0);
  M._sluice_bits_data(h);
  M._sluice_bits_init(h);
  M._sluice_bits_read_bit(h);
  M._sluice_bits_read_bits(h, 0);
  M._sluice_bits_peek_bits(h, 0);
  M._sluice_bits_failed(h);
  M._sluice_bits_read_ue(h);
  M._sluice_bits_read_se(h);
  M._sluice_bits_skip_bits(h, 0);
  M._sluice_bits_byte_align(h);
  M._sluice_bits_position(h);
  M._sluice_bits_left(h);
  M._sluice_bits_error_kind(h);
  M._sluice_bits_error_offset(h);
  M._sluice_bits_free(h);
  M._sluice_bits_release(M._sluice_bits_alloc(1));
  M._sluice_probe(0, 0);
  M._sluice_probe_result();
  M._sluice_probe_message();
}
const createFn = M._sluice_bits_create;
const dataFn = M._sluice_bits_data;
const initFn = M._sluice_bits_init;
const freeFn = M._sluice_bits_free;
const readBitFn = M._sluice_bits_read_bit;
const readBitsFn = M._sluice_bits_read_bits;
const peekBitsFn = M._sluice_bits_peek_bits;
const failedFn = M._sluice_bits_failed;
const readUEFn = M._sluice_bits_read_ue;
const readSEFn = M._sluice_bits_read_se;
const skipBitsFn = M._sluice_bits_skip_bits;
const byteAlignFn = M._sluice_bits_byte_align;
const positionFn = M._sluice_bits_position;
const leftFn = M._sluice_bits_left;
const errorKindFn = M._sluice_bits_error_kind;
const errorOffsetFn = M._sluice_bits_error_offset;
const allocFn = M._sluice_bits_alloc;
const releaseFn = M._sluice_bits_release;
const probeFn = M._sluice_probe;
const probeResultFn = M._sluice_probe_result;
const probeMessageFn = M._sluice_probe_message;

const INT32_MIN = -2147483648;

// The error of the call that just failed on reader `h`, with the plain-JS reader's messages.
function readerError(h, what) {
  const kind = kindNames[errorKindFn(h)];
  const offset = errorOffsetFn(h);
  if (kind === 'truncated') return truncatedError(what, offset);
  if (kind === 'corrupt') return longCodeError(what, offset);
  return errorFromStatus(kind, `${what}: bit reader failed`, offset);
}

const registry = typeof FinalizationRegistry === 'function'
  ? new FinalizationRegistry((h) => freeFn(h))
  : null;

/**
 * The same interface as BitReader, over core's reader in the wasm heap (the bytes are copied
 * there). Owns heap memory: free() releases it at once; a FinalizationRegistry does
 * eventually otherwise.
 */
export class WasmBitReader {
  #h;

  /** @param {Uint8Array | ArrayBuffer | ArrayBufferView} bytes */
  constructor(bytes) {
    const b = bitBytes(bytes);
    let h;
    try {
      h = createFn(b.length);
    } catch (e) {
      throw errorFromThrown(e, 'creating a bit reader');
    }
    if (h === 0) throw new SluiceError('SLUICE_LIMIT', `bit reader: out of memory in sluice.wasm for ${b.length} bytes`);
    M.HEAPU8.set(b, dataFn(h)); // a fresh view: create may have grown the heap
    initFn(h);
    this.#h = h;
    registry?.register(this, h, this);
  }

  #live() {
    const h = this.#h;
    if (h === 0) throw new SluiceError('SLUICE_ARGUMENT', 'bit reader used after free()');
    return h;
  }

  readBit() {
    const h = this.#live();
    const v = readBitFn(h);
    if (v < 0) throw readerError(h, 'readBit');
    return v;
  }

  readBits(n) {
    const h = this.#live();
    if ((n - 1) >>> 0 > 31 || (n | 0) !== n) {
      if (n === 0) return 0;
      throw widthError('readBits', n);
    }
    const v = readBitsFn(h, n);
    if (v === -1 && failedFn(h) !== 0) throw readerError(h, `readBits(${n})`);
    return v >>> 0;
  }

  peekBits(n) {
    const h = this.#live();
    if ((n - 1) >>> 0 > 31 || (n | 0) !== n) {
      if (n === 0) return 0;
      throw widthError('peekBits', n);
    }
    return peekBitsFn(h, n) >>> 0;
  }

  readUE() {
    const h = this.#live();
    const v = readUEFn(h);
    if (v === -1) throw readerError(h, 'readUE');
    return v >>> 0;
  }

  readSE() {
    const h = this.#live();
    const v = readSEFn(h);
    if (v === INT32_MIN) throw readerError(h, 'readSE');
    return v;
  }

  skipBits(n) {
    const h = this.#live();
    if (!Number.isSafeInteger(n) || n < 0) throw countError(n);
    if (skipBitsFn(h, n) !== 0) throw readerError(h, `skipBits(${n})`);
  }

  byteAlign() {
    byteAlignFn(this.#live());
  }

  get bitsLeft() {
    return leftFn(this.#live());
  }

  get bitPosition() {
    return positionFn(this.#live());
  }

  /** Releases the heap memory; any later call throws SLUICE_ARGUMENT. Idempotent. */
  free() {
    if (this.#h === 0) return;
    registry?.unregister(this);
    freeFn(this.#h);
    this.#h = 0;
  }
}
if (typeof Symbol.dispose === 'symbol') {
  WasmBitReader.prototype[Symbol.dispose] = function dispose() { this.free(); };
}

const CODECS = [undefined, 'h264', 'hevc'];
const FIRST_PROBE_BYTES = 64 * 1024;

// Offset of the last 00 00 01 that starts inside bytes[0, n), or 0.
function lastStartCode(b, n) {
  for (let i = n - 3; i >= 0; i--) {
    if (b[i + 2] === 1 && b[i + 1] === 0 && b[i] === 0) return i;
  }
  return 0;
}

// core's probe() over b[0, n) copied into the heap: [kind, fields (a Float64Array copy)].
function probeOnce(b, n) {
  let p;
  try {
    p = allocFn(n);
  } catch (e) {
    throw errorFromThrown(e, 'probe');
  }
  if (p === 0) throw new SluiceError('SLUICE_LIMIT', `probe: out of memory in sluice.wasm for ${n} bytes`);
  try {
    M.HEAPU8.set(n === b.length ? b : b.subarray(0, n), p);
    const kind = probeFn(p, n);
    return [kind, M.HEAPF64.slice(probeResultFn() / 8, probeResultFn() / 8 + 10)];
  } finally {
    releaseFn(p);
  }
}

function cString(at) {
  const h = M.HEAPU8;
  let end = at;
  while (h[end] !== 0) end++;
  return new TextDecoder().decode(h.subarray(at, end));
}

/**
 * What `sluice probe --json` prints for an H.264 or HEVC Annex-B elementary stream, from its
 * first sequence parameter set: { codec, profile_idc, level_idc, width, height,
 * chroma_format_idc, bit_depth_luma, bit_depth_chroma }.
 *
 * Like the CLI, it copies the stream into the wasm heap in growing prefixes (64 KiB, then
 * doubling, each cut at its last start code), so a long stream whose SPS comes first is not
 * copied whole.
 * @param {Uint8Array | ArrayBuffer | ArrayBufferView} bytes
 */
export function probe(bytes) {
  const b = bitBytes(bytes);
  let kind;
  let f;
  for (let chunk = FIRST_PROBE_BYTES; ; chunk *= 2) {
    if (chunk >= b.length) {
      [kind, f] = probeOnce(b, b.length);
      break;
    }
    const cut = lastStartCode(b, chunk);
    [kind, f] = probeOnce(b, cut);
    if (kindNames[kind] !== 'unsupported') break;
  }
  if (kind !== 0) {
    const message = cString(probeMessageFn());
    throw errorFromStatus(kindNames[kind], message, f[9]);
  }
  return {
    codec: CODECS[f[0]],
    profile_idc: f[1],
    level_idc: f[2],
    width: f[3],
    height: f[4],
    chroma_format_idc: f[5],
    bit_depth_luma: f[6],
    bit_depth_chroma: f[7],
  };
}
