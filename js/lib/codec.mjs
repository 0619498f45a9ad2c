// Streaming codecs: compress()/decompress() one-shots and the WHATWG CompressionStream /
// DecompressionStream work-alikes. Each is a thin layer over one PushTransform (push.mjs) that
// drives core's encoder or decoder (wasm/codec_bindings.cpp: createCodec).
//
// Backpressure: the stream adapters make ondata return false once the readable side is full
// (desiredSize <= 0); the push core then pauses mid-chunk and the adapter waits for the
// consumer's next pull() before resume(). So a small input chunk that expands enormously (a
// bomb, 256 MiB of zeros) never sits in memory: at most about the readable highWaterMark plus
// one output chunk (in Node at most 64 KiB, push.mjs chunkBytes; elsewhere the codec's output
// block, 512 KiB for decoders) is queued; the rest of a round's output waits in the wasm heap.
import { SluiceError, errorFromStatus } from './errors.mjs';
import { chunkCollector, toBytes } from './bytes.mjs';
import { PushTransform } from './push.mjs';
import { wasm } from './wasm.mjs';

/** INTERFACE.md format names. `deflate` is accepted as an alias of `zlib`. */
export const FORMATS = Object.freeze(['zstd', 'lz4', 'gzip', 'zlib', 'deflate-raw', 'bzip2']);

function formatName(format, decoding) {
  if ((format === undefined || format === null || format === 'auto') && decoding) return 'auto';
  if (typeof format !== 'string') {
    throw new SluiceError('SLUICE_ARGUMENT', `format must be a string, not ${typeof format}`);
  }
  const f = format.toLowerCase();
  if (f === 'deflate') return 'zlib';
  if (!FORMATS.includes(f)) {
    throw new SluiceError('SLUICE_ARGUMENT',
      `unknown compression format "${format}" (expected one of ${FORMATS.join(', ')}, deflate${decoding ? ', or none to detect' : ''})`);
  }
  return f;
}

function sizeOption(o, key) {
  const v = o[key];
  if (v === undefined || v === null || v === Infinity) return -1;
  if (typeof v === 'bigint') return sizeOption({ [key]: Number(v) }, key);
  if (!Number.isSafeInteger(v) || v < 0) {
    throw new SluiceError('SLUICE_ARGUMENT', `${key} must be a non-negative integer, not ${String(v)}`);
  }
  return v;
}

/**
 * A PushTransform running core's encoder (`encoder` true) or decoder for `format`.
 * Options: level, checksum, dictionary, pledgedSize (encoders); maxOutputSize (both);
 * maxWindow, dictionary (decoders).
 */
export function createCodec(format, encoder, options = {}, ondata = null, hints = {}) {
  const { module, kindNames } = wasm();
  const name = formatName(format, !encoder);
  if (options === null || typeof options !== 'object') {
    throw new SluiceError('SLUICE_ARGUMENT', 'options must be an object');
  }
  let level = -2147483648; // codec_options::default_level
  if (options.level !== undefined) {
    if (!Number.isInteger(options.level)) {
      throw new SluiceError('SLUICE_ARGUMENT', `level must be an integer, not ${String(options.level)}`);
    }
    level = options.level;
  }
  if (options.checksum !== undefined && typeof options.checksum !== 'boolean') {
    throw new SluiceError('SLUICE_ARGUMENT', 'checksum must be a boolean');
  }
  const dictionary = options.dictionary === undefined ? undefined : toBytes(options.dictionary, 'dictionary');
  const driver = module.createCodec(name, encoder, level, options.checksum ?? true,
    sizeOption(options, 'maxOutputSize'), sizeOption(options, 'maxWindow'),
    sizeOption(options, 'pledgedSize'), dictionary, hints.inputBytes ?? 0, hints.outputBytes ?? 0);
  const label = `${name} ${encoder ? 'encoder' : 'decoder'}`;
  if (driver === null) {
    throw errorFromStatus(kindNames[module.codecError()], `${label}: ${module.codecErrorMessage()}`);
  }
  return new PushTransform(label, { driver, chunkBytes: hints.chunkBytes }, ondata);
}

const ONE_SHOT_BLOCK_MAX = 64 << 20;

// The decompressed size a zstd frame header states (RFC 8878 3.1.1.1), or -1.
function zstdContentSize(b) {
  if (b.length < 6 || b[0] !== 0x28 || b[1] !== 0xb5 || b[2] !== 0x2f || b[3] !== 0xfd) return -1;
  const fhd = b[4];
  const fcsFlag = fhd >> 6;
  const single = (fhd >> 5) & 1;
  let at = 5 + (single ? 0 : 1) + [0, 1, 2, 4][fhd & 3];
  const n = fcsFlag === 0 ? single : [0, 2, 4, 8][fcsFlag];
  if (n === 0 || b.length < at + n) return -1;
  let v = 0;
  for (let i = n - 1; i >= 0; i--) v = v * 256 + b[at + i];
  return n === 2 ? v + 256 : v;
}

// Heap block sizes for a one-shot: the whole input in one block, and the whole output where it
// is known (zstd's header) or bounded (compression), so the codec runs in as few rounds as
// possible (zstd: its single-pass path).
function oneShotHints(format, encoder, bytes, options) {
  const n = bytes.length;
  if (encoder) return { inputBytes: Math.min(n, ONE_SHOT_BLOCK_MAX), outputBytes: Math.min(n + (n >> 7) + 1024, ONE_SHOT_BLOCK_MAX) };
  let out = zstdContentSize(bytes);
  const max = options.maxOutputSize;
  if (out < 0 || out > ONE_SHOT_BLOCK_MAX || (typeof max === 'number' && out > max)) out = 0;
  return { inputBytes: Math.min(n, ONE_SHOT_BLOCK_MAX), outputBytes: out };
}

function runAll(format, encoder, data, options) {
  const bytes = toBytes(data);
  const out = chunkCollector();
  const hints = { ...oneShotHints(format, encoder, bytes, options), chunkBytes: Infinity };
  const t = createCodec(format, encoder, options, out.add, hints);
  try {
    t.push(bytes, true);
  } finally {
    t.free();
  }
  return out.result();
}

/** Compresses `data` into one complete `format` stream. */
export function compress(data, format, options = {}) {
  return runAll(format, true, data, options ?? {});
}

/** Decompresses `data` (format detected when omitted: zstd, lz4, gzip, bzip2). */
export function decompress(data, format, options) {
  if (format !== null && typeof format === 'object' && options === undefined) {
    options = format;
    format = undefined;
  }
  return runAll(format, false, data, options ?? {});
}

// Output queue of the readable side, in bytes, and the writable side's queue, in chunks.
const READABLE_HWM_BYTES = 1024 * 1024;

// The shared body of both stream classes: a WritableStream whose write() pushes into the
// codec (waiting while the readable side is full) and a ReadableStream fed by ondata.
function streamPair(codec) {
  let rc;
  let wc;
  let wake = null;    // resolves the writer's wait for demand
  let stopped = null; // reason once the readable side was cancelled
  const release = () => { codec.free(); };
  const demand = () => new Promise((resolve, reject) => {
    if (stopped !== null) { reject(stopped); return; }
    if (rc.desiredSize > 0) { resolve(); return; }
    wake = { resolve, reject };
  });
  codec.ondata = (chunk, final) => {
    if (chunk.length > 0) rc.enqueue(chunk);
    return final || rc.desiredSize > 0;
  };
  const feed = async (bytes, final) => {
    try {
      let done = codec.push(bytes, final);
      while (!done) {
        await demand();
        done = codec.resume();
      }
    } catch (e) {
      if (stopped === null) rc.error(e);
      release();
      throw e;
    }
  };
  const readable = new ReadableStream({
    start(c) { rc = c; },
    pull() {
      if (wake !== null) { const w = wake; wake = null; w.resolve(); }
    },
    cancel(reason) {
      stopped = reason ?? new SluiceError('SLUICE_IO', 'the readable side was cancelled');
      if (wake !== null) { const w = wake; wake = null; w.reject(stopped); }
      try { wc.error(stopped); } catch { /* already errored */ }
      release();
    },
  }, new ByteLengthQueuingStrategy({ highWaterMark: READABLE_HWM_BYTES }));
  const writable = new WritableStream({
    start(c) { wc = c; },
    write(chunk) {
      if (stopped !== null) throw stopped;
      const bytes = toBytes(chunk, 'chunk');
      if (bytes.length === 0) return undefined;
      return feed(bytes, false);
    },
    async close() {
      await feed(new Uint8Array(0), true);
      rc.close();
      release();
    },
    abort(reason) {
      if (stopped === null) { try { rc.error(reason); } catch { /* closed */ } }
      release();
    },
  }, new CountQueuingStrategy({ highWaterMark: 1 }));
  return { readable, writable };
}

/** `new CompressionStream(format, { level, checksum, dictionary, pledgedSize })`. */
export class CompressionStream {
  #pair;
  constructor(format, options = {}) {
    this.#pair = streamPair(createCodec(format, true, options ?? {}));
  }
  get readable() { return this.#pair.readable; }
  get writable() { return this.#pair.writable; }
}

/** `new DecompressionStream(format?, { maxOutputSize, maxWindow, dictionary })`. */
export class DecompressionStream {
  #pair;
  constructor(format, options) {
    if (format !== null && typeof format === 'object' && options === undefined) {
      options = format;
      format = undefined;
    }
    this.#pair = streamPair(createCodec(format, false, options ?? {}));
  }
  get readable() { return this.#pair.readable; }
  get writable() { return this.#pair.writable; }
}
