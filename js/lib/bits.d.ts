// Types of the bit reader and probe() (lib/bits.mjs). Hand-written; test/types.test.mjs
// checks them with tsc.

/** What BitReader and probe() accept: the bytes are read where they are (BitReader) or copied (probe). */
export type BitInput = Uint8Array | ArrayBuffer | ArrayBufferView;

/**
 * Reads bytes most significant bit first, with Exp-Golomb codes (H.264/HEVC ue(v)/se(v)).
 * Plain JavaScript (no wasm call per read); the bytes are not copied, so do not change them
 * while reading.
 *
 * Errors are SluiceError, and **a call that throws leaves the reader where it was** (same
 * bitPosition and bitsLeft; the next read starts at the same bit):
 * - `SLUICE_TRUNCATED` — the read needs more bits than are left; `offset` is the byte length
 *   of the data (where it ended), message "…: bitstream ended early at byte N";
 * - `SLUICE_CORRUPT` — an Exp-Golomb code with 32 or more leading zero bits (its value would
 *   not fit in 32 bits); `offset` is the byte holding the code's first bit. A prefix that
 *   runs into the end of the data is SLUICE_TRUNCATED instead;
 * - `SLUICE_ARGUMENT` — a bit count out of range or not an integer, or bytes of a wrong type.
 */
export declare class BitReader {
  constructor(bytes: BitInput);
  /** One bit: 0 or 1. */
  readBit(): number;
  /**
   * `n` bits, 0 <= n <= 32, as an unsigned number (never negative: readBits(32) of all ones
   * is 4294967295), the first bit read most significant. readBits(0) is 0 (HEVC has fields
   * of computed width that can be 0).
   */
  readBits(n: number): number;
  /**
   * The next `n` bits (0 <= n <= 32) without consuming them. Past the end of the data the
   * missing bits read as zeros: peeking never throws SLUICE_TRUNCATED (check bitsLeft).
   * An extension of INTERFACE.md's reader (core's peek_bits).
   */
  peekBits(n: number): number;
  /** Unsigned Exp-Golomb ue(v): 0 … 2^32 − 2. */
  readUE(): number;
  /** Signed Exp-Golomb se(v): −(2^31 − 1) … 2^31 − 1. */
  readSE(): number;
  /** Skips `n` bits (a non-negative safe integer); past the end is SLUICE_TRUNCATED and skips nothing. */
  skipBits(n: number): void;
  /** Skips to the next byte boundary (nothing when on one already). Never throws. */
  byteAlign(): void;
  /** Bits not yet read. */
  readonly bitsLeft: number;
  /** Bits read so far, from the start of the data. */
  readonly bitPosition: number;
}

/** What `sluice probe --json` prints, with the same keys in the same order. */
export interface ProbeResult {
  codec: 'h264' | 'hevc';
  /** H.264 profile_idc (66 Baseline, 77 Main, 100 High, 110, 122, 244, …); HEVC general_profile_idc (1 Main, 2 Main 10, 4 RExt, …). */
  profile_idc: number;
  /** H.264 level_idc (10 × level; 9 is 1b); HEVC general_level_idc (30 × level). */
  level_idc: number;
  /** Picture size after cropping (H.264 frame cropping, HEVC conformance window). */
  width: number;
  height: number;
  /** 0 monochrome, 1 4:2:0, 2 4:2:2, 3 4:4:4. */
  chroma_format_idc: number;
  bit_depth_luma: number;
  bit_depth_chroma: number;
}

/**
 * Describes an H.264 or HEVC Annex-B elementary stream from its first sequence parameter set
 * (core's probe(), in wasm). Bytes before the first start code are skipped. Errors:
 * SLUICE_UNSUPPORTED "no H.264 or HEVC sequence parameter set found"; SLUICE_CORRUPT or
 * SLUICE_TRUNCATED with the byte offset for a broken SPS; SLUICE_ARGUMENT for a non-byte input.
 */
export declare function probe(bytes: BitInput): ProbeResult;
