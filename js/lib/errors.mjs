// SluiceError and the mapping from core's status kinds to its codes.

/** Every code a SluiceError can carry (INTERFACE.md). */
export const ERROR_CODES = Object.freeze([
  'SLUICE_CORRUPT',
  'SLUICE_TRUNCATED',
  'SLUICE_CHECKSUM',
  'SLUICE_LIMIT',
  'SLUICE_UNSUPPORTED',
  'SLUICE_IO',
  'SLUICE_ARGUMENT',
]);

/**
 * The error every sluice function throws (or rejects with). A fresh instance is created for
 * each failure; `offset` is the stream offset the failure refers to, when known.
 */
export class SluiceError extends Error {
  /**
   * @param {string} code one of ERROR_CODES
   * @param {string} message
   * @param {{ offset?: number, cause?: unknown }} [options]
   */
  constructor(code, message, options = {}) {
    if (!ERROR_CODES.includes(code)) throw new TypeError(`unknown SluiceError code: ${code}`);
    super(message, 'cause' in options ? { cause: options.cause } : undefined);
    this.code = code;
    if (options.offset !== undefined && options.offset >= 0) this.offset = options.offset;
  }
}
Object.defineProperty(SluiceError.prototype, 'name', {
  value: 'SluiceError', writable: true, configurable: true, enumerable: false,
});

// core's status_kind (sluice/status.hpp) -> code. `internal` means sluice itself went wrong
// (a stage broke its contract or stalled): neither the data nor the caller is to blame, so it
// is reported as SLUICE_IO, the code for "the operation failed for a reason outside the
// data", with the message prefixed "internal error: " so a report can tell it apart.
const KIND_TO_CODE = Object.freeze({
  invalid_argument: 'SLUICE_ARGUMENT',
  corrupt: 'SLUICE_CORRUPT',
  truncated: 'SLUICE_TRUNCATED',
  checksum_mismatch: 'SLUICE_CHECKSUM',
  unsupported: 'SLUICE_UNSUPPORTED',
  limit_exceeded: 'SLUICE_LIMIT',
  io_error: 'SLUICE_IO',
  internal: 'SLUICE_IO',
});

/**
 * A SluiceError for a core status.
 * @param {string} kind a status_kind identifier ("corrupt", "internal", ...)
 * @param {string} message core's description (status::to_string())
 * @param {number} offset stream offset, or -1 when there is none
 */
export function errorFromStatus(kind, message, offset = -1) {
  const code = KIND_TO_CODE[kind];
  if (code === undefined) {
    // A suspension where an error was expected is itself a sluice bug.
    return new SluiceError('SLUICE_IO', `internal error: unexpected status "${kind}": ${message}`);
  }
  const text = kind === 'internal' ? `internal error: ${message}` : message;
  return new SluiceError(code, text, offset >= 0 ? { offset } : {});
}

/**
 * Wraps something thrown out of the wasm module that is not a SluiceError: a C++ exception
 * escapes Emscripten's default exception mode as a number (in practice std::bad_alloc when
 * the heap cannot grow), a trap as a WebAssembly.RuntimeError.
 */
export function errorFromThrown(e, what) {
  if (e instanceof SluiceError) return e;
  if (typeof e === 'number') {
    return new SluiceError('SLUICE_LIMIT', `${what}: out of memory in sluice.wasm`, { cause: e });
  }
  return new SluiceError('SLUICE_IO', `internal error: ${what}: ${e?.message ?? String(e)}`, { cause: e });
}
