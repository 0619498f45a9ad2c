// `sluice/node` codec streams: createCompress / createDecompress return stream.Transforms over
// one PushTransform (push.mjs). Backpressure inside a chunk: ondata returns this.push()'s
// answer, so the push core pauses as soon as the readable buffer is full; _read() (the
// consumer wants more) resumes it, and the chunk's callback runs only once it is all consumed.
import { Transform } from 'node:stream';
import { createCodec } from './codec.mjs';

class CodecTransform extends Transform {
  #codec;
  #pending = null; // callback of the _transform/_flush waiting for the paused push core

  constructor(format, encoder, options) {
    super({ readableHighWaterMark: 64 * 1024, writableHighWaterMark: 64 * 1024 });
    this.#codec = createCodec(format, encoder, options ?? {});
    this.#codec.ondata = (chunk, final) => {
      const more = chunk.length > 0 ? this.push(chunk) : true;
      return more || final;
    };
  }

  #drive(done, callback) {
    if (done) { callback(); return; }
    this.#pending = callback;
  }

  _transform(chunk, encoding, callback) {
    let done;
    try {
      done = this.#codec.push(typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk, false);
    } catch (e) { callback(e); return; }
    this.#drive(done, callback);
  }

  _flush(callback) {
    let done;
    try {
      done = this.#codec.push(new Uint8Array(0), true);
    } catch (e) { callback(e); return; }
    this.#drive(done, callback);
  }

  _read(size) {
    const callback = this.#pending;
    if (callback === null) { super._read(size); return; }
    this.#pending = null;
    let done;
    try {
      done = this.#codec.resume();
    } catch (e) { callback(e); return; }
    this.#drive(done, callback);
  }

  _destroy(err, callback) {
    this.#codec.free();
    this.#pending = null;
    callback(err);
  }
}

/** A stream.Transform that compresses into `format` (options as compress()). */
export function createCompress(format, options = {}) {
  return new CodecTransform(format, true, options);
}

/** A stream.Transform that decompresses `format` (detected when omitted). */
export function createDecompress(format, options) {
  if (format !== null && typeof format === 'object' && options === undefined) {
    options = format;
    format = undefined;
  }
  return new CodecTransform(format, false, options);
}
