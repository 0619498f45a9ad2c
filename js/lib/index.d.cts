// Types of the CommonJS entry of `sluice` (lib/index.cjs): the same names as index.d.ts.
// Everything except `ready` is defined only once `await ready` has resolved.

export type SluiceErrorCode =
  | 'SLUICE_CORRUPT'
  | 'SLUICE_TRUNCATED'
  | 'SLUICE_CHECKSUM'
  | 'SLUICE_LIMIT'
  | 'SLUICE_UNSUPPORTED'
  | 'SLUICE_IO'
  | 'SLUICE_ARGUMENT';

export interface SluiceErrorOptions {
  offset?: number;
  cause?: unknown;
}

export declare class SluiceError extends Error {
  constructor(code: SluiceErrorCode, message: string, options?: SluiceErrorOptions);
  readonly name: 'SluiceError';
  readonly code: SluiceErrorCode;
  readonly offset?: number;
}

/** Resolves when sluice.wasm is loaded and the other exports below are defined. */
export declare const ready: Promise<void>;

/** Version of the loaded sluice core (defined once `ready` resolves). */
export declare const version: string;
