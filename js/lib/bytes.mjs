// Input normalisation shared by every entry point.
import { SluiceError } from './errors.mjs';

const encoder = new TextEncoder();

/**
 * A Uint8Array over the bytes of `data` (no copy for buffers and views; strings as UTF-8).
 * @param {Uint8Array | ArrayBuffer | ArrayBufferView | string} data
 * @param {string} what argument name for the error message
 */
export function toBytes(data, what = 'data') {
  if (data instanceof Uint8Array) return data;
  if (typeof data === 'string') return encoder.encode(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof ArrayBuffer ||
      (typeof SharedArrayBuffer === 'function' && data instanceof SharedArrayBuffer)) {
    return new Uint8Array(data);
  }
  throw new SluiceError('SLUICE_ARGUMENT',
    `${what} must be a Uint8Array, ArrayBuffer, ArrayBufferView or string, not ${describe(data)}`);
}

function describe(v) {
  if (v === null) return 'null';
  if (typeof v === 'object') return v.constructor?.name ?? 'an object';
  return typeof v;
}

/**
 * Collects output chunks for a one-shot call: `add` is the transform's output callback,
 * `result()` the whole output (the single chunk itself when there was only one).
 * @returns {{ add: (chunk: Uint8Array) => void, result: () => Uint8Array }}
 */
export function chunkCollector() {
  const chunks = [];
  let total = 0;
  return {
    add(chunk) { chunks.push(chunk); total += chunk.length; },
    result() {
      if (chunks.length === 1) return chunks[0];
      const out = new Uint8Array(total);
      let at = 0;
      for (const c of chunks) { out.set(c, at); at += c.length; }
      return out;
    },
  };
}
