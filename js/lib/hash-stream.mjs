// `sluice/node` createHashStream(): a pass-through stream.Transform that hashes what flows
// through it. A thin adapter over createHash() (checksum.mjs): chunks are passed on unchanged
// (the same objects) and `digest` resolves with the hex when the stream finishes.
import { Transform } from 'node:stream';
import { SluiceError } from './errors.mjs';
import { createHash } from './checksum.mjs';

class HashStream extends Transform {
  #hash;
  #resolve;
  #reject;
  #settled = false;

  /**
   * Resolves with the lower-case hex digest of everything that passed through, once the
   * stream has finished (flushed); rejects if the stream is destroyed with an error or closed
   * before finishing.
   * @type {Promise<string>}
   */
  digest;

  constructor(algo, options) {
    super(options);
    this.#hash = createHash(algo); // throws SLUICE_ARGUMENT for an unknown algorithm
    this.digest = new Promise((resolve, reject) => { this.#resolve = resolve; this.#reject = reject; });
    // An unobserved rejection must not crash the process: the error also reaches the stream's
    // 'error' listeners and stream.pipeline's callback.
    this.digest.catch(() => {});
  }

  /** The canonical algorithm name. */
  get algorithm() { return this.#hash.algorithm; }

  _transform(chunk, encoding, callback) {
    try {
      this.#hash.update(typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk);
    } catch (e) {
      callback(e);
      return;
    }
    callback(null, chunk);
  }

  _flush(callback) {
    try {
      const hex = this.#hash.digest('hex');
      this.#hash.free();
      this.#settled = true;
      this.#resolve(hex);
      callback();
    } catch (e) {
      callback(e);
    }
  }

  _destroy(err, callback) {
    this.#hash.free();
    if (!this.#settled) {
      this.#settled = true;
      this.#reject(err ?? new SluiceError('SLUICE_IO', 'hash stream closed before it finished'));
    }
    callback(err);
  }
}

/**
 * A pass-through stream.Transform computing `algo` (an INTERFACE.md name) over its data;
 * `stream.digest` is a promise of the hex digest, settled when the stream finishes or fails.
 * @param {string} algo
 * @param {import('node:stream').TransformOptions} [options]
 */
export function createHashStream(algo, options = undefined) {
  return new HashStream(algo, options);
}
