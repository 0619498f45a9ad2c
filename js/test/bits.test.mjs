// BitReader: the public one (plain JS) and the wasm-backed one (core's reader, sluice/internal)
// over the same vectors. Expected values come from independent facts: the Exp-Golomb tables
// of H.264 (ITU-T H.264 clause 9.1, Tables 9-2/9-3/9-4) written out by hand, and bit
// patterns made by a bit-at-a-time writer and read back by a bit-at-a-time oracle here.
// Random sequences print their seed; SLUICE_TEST_SEED=<n> replays one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { BitReader, SluiceError } from 'sluice';
import { JsBitReader, WasmBitReader } from 'sluice/internal';

const IMPLS = [['js', JsBitReader], ['wasm', WasmBitReader]];

// ---- oracles ---------------------------------------------------------------------------
/** Writes bits one at a time (the independent writer). */
class Bits {
  bits = [];
  bit(b) { this.bits.push(b ? 1 : 0); return this; }
  /** `v` (0 <= v < 2^53) in `n` bits, most significant first. */
  u(v, n) { for (let i = n - 1; i >= 0; i--) this.bit(Math.floor(v / 2 ** i) % 2); return this; }
  /** A string of '0'/'1' (spaces ignored). */
  str(s) { for (const ch of s) if (ch !== ' ') this.bit(ch === '1'); return this; }
  /** ue(v) by the definition of clause 9.1: leadingZeroBits zeros, a 1, then the suffix. */
  ue(v) {
    const x = v + 1;
    let len = 0;
    while (2 ** (len + 1) <= x) len++;
    return this.u(0, len).u(x, len + 1);
  }
  /** se(v) by Table 9-3: k = 2|v| - (v > 0). */
  se(v) { return this.ue(v > 0 ? 2 * v - 1 : -2 * v); }
  get length() { return this.bits.length; }
  bytes() {
    const out = new Uint8Array(Math.ceil(this.bits.length / 8));
    this.bits.forEach((b, i) => { if (b) out[i >> 3] |= 0x80 >> (i & 7); });
    return out;
  }
}

/** Bit `pos` of `bytes` (MSB first). */
const bitAt = (bytes, pos) => (bytes[Math.floor(pos / 8)] >> (7 - (pos % 8))) & 1;
/** `n` bits of `bytes` from `pos` as a number, or undefined past the end. */
function oracleBits(bytes, pos, n) {
  if (pos + n > bytes.length * 8) return undefined;
  let v = 0;
  for (let i = 0; i < n; i++) v = v * 2 + bitAt(bytes, pos + i);
  return v;
}

function xorshift(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    return s >>> 0;
  };
}
const SEED = Number(process.env.SLUICE_TEST_SEED ?? (Date.now() % 1000000007));
console.log(`# bits.test.mjs seed ${SEED} (SLUICE_TEST_SEED=${SEED} replays it)`);

function randomBytes(n, rnd) {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = rnd() & 0xff;
  return b;
}

/** What a call did: its value, or its error's class, code, offset and message. */
function attempt(fn) {
  try {
    return { value: fn() };
  } catch (e) {
    return { error: e instanceof SluiceError ? 'SluiceError' : String(e), code: e.code, offset: e.offset, message: e.message };
  }
}

const withReader = (R, bytes, fn) => {
  const r = new R(bytes);
  try {
    return fn(r);
  } finally {
    r.free?.();
  }
};

// ---- the public export -------------------------------------------------------------------
test('the exported BitReader is the plain-JS reader (the faster one, bench/js/bits.bench.mjs)', () => {
  assert.equal(BitReader, JsBitReader);
  const r = new BitReader(new Uint8Array([0x80]));
  assert.equal(r.readBit(), 1);
});

test('the CommonJS entry has the same BitReader and probe once ready resolves', async () => {
  const cjs = createRequire(import.meta.url)('sluice');
  await cjs.ready;
  assert.equal(cjs.BitReader, BitReader);
  assert.equal(typeof cjs.probe, 'function');
  assert.equal(new cjs.BitReader(new Uint8Array([0x40])).readUE(), 1);
});

// ---- Exp-Golomb tables -------------------------------------------------------------------
// H.264 Table 9-4 (bit strings in explicit form -> codeNum), as printed in the spec.
const TABLE_9_4 = [
  ['1', 0], ['010', 1], ['011', 2], ['00100', 3], ['00101', 4], ['00110', 5], ['00111', 6],
  ['0001000', 7], ['0001001', 8], ['0001010', 9], ['0001011', 10], ['0001100', 11],
  ['0001101', 12], ['0001110', 13], ['0001111', 14], ['000010000', 15], ['000011111', 30],
  ['00000100000', 31], ['00000111111', 62],
];
// Table 9-3: codeNum -> se(v), (-1)^(k+1) * Ceil(k / 2).
const TABLE_9_3 = [[0, 0], [1, 1], [2, -1], [3, 2], [4, -2], [5, 3], [6, -3]];

for (const [name, R] of IMPLS) {
  test(`${name}: ue(v) of Table 9-4 at every bit offset 0..39, at the end of the data and inside it`, () => {
    for (const [code, num] of TABLE_9_4) {
      for (let off = 0; off < 80; off++) {
        const b = new Bits().u(0, off % 40).str(code).str('1');
        if (off >= 40) b.u(2 ** 40 - 1, 40); // more data after the code
        withReader(R, b.bytes(), (r) => {
          r.skipBits(off % 40);
          assert.equal(r.readUE(), num, `${code} at ${off}`);
          assert.equal(r.bitPosition, (off % 40) + code.length);
          assert.equal(r.readBit(), 1);
        });
      }
    }
  });

  test(`${name}: se(v) of Table 9-3 and its rule, at every bit offset 0..15`, () => {
    const rule = (k) => (k % 2 === 1 ? 1 : -1) * Math.ceil(k / 2);
    const pairs = [...TABLE_9_3, ...[7, 8, 100, 101, 65534, 65535].map((k) => [k, rule(k)])];
    for (const [k, v] of pairs) {
      for (let off = 0; off < 16; off++) {
        const b = new Bits().u(0x5a5a, off).ue(k).u(3, 2);
        withReader(R, b.bytes(), (r) => {
          r.skipBits(off);
          const got = r.readSE();
          assert.equal(got, v, `codeNum ${k} at ${off}`);
          assert.ok(!Object.is(got, -0), 'never -0');
          assert.equal(r.readBits(2), 3);
        });
      }
    }
  });

  test(`${name}: ue/se range edges (2^k - 2, 2^k - 1, 2^k for every k; 2^32 - 2) at 72 offsets`, () => {
    const ues = [0, 1, 2];
    for (let k = 2; k <= 32; k++) ues.push(2 ** k - 2, 2 ** k - 1, 2 ** k);
    const values = ues.filter((v) => v <= 2 ** 32 - 2);
    const ses = [0, 1, -1, 2 ** 31 - 1, -(2 ** 31 - 1), 2 ** 30, -(2 ** 30), 12345, -12345];
    for (let off = 0; off < 72; off++) {
      const b = new Bits().u(0, off);
      for (const v of values) b.ue(v);
      for (const v of ses) b.se(v);
      b.str('1');
      withReader(R, b.bytes(), (r) => {
        r.skipBits(off);
        for (const v of values) assert.equal(r.readUE(), v, `ue ${v} at offset ${off}`);
        for (const v of ses) assert.equal(r.readSE(), v, `se ${v} at offset ${off}`);
        assert.equal(r.bitPosition, b.length - 1);
        assert.equal(r.bitsLeft, b.bytes().length * 8 - r.bitPosition);
        assert.equal(r.readBit(), 1);
        assert.equal(r.bitsLeft, b.bytes().length * 8 - b.length);
      });
    }
  });

  // ---- fixed-width reads ----------------------------------------------------------------
  test(`${name}: readBits(n) and peekBits(n) for every n 0..32 at every offset of 24 bytes against the oracle`, () => {
    const rnd = xorshift(SEED);
    const bytes = randomBytes(24, rnd);
    for (let off = 0; off <= 24 * 8; off++) {
      for (let n = 0; n <= 32 && off + n <= 24 * 8; n++) {
        withReader(R, bytes, (r) => {
          r.skipBits(off);
          const want = oracleBits(bytes, off, n);
          assert.equal(r.peekBits(n), want, `peek ${n} at ${off}`);
          assert.equal(r.readBits(n), want, `read ${n} at ${off}`);
          assert.equal(r.bitPosition, off + n);
          assert.equal(r.bitsLeft, bytes.length * 8 - off - n);
          // and the bit after it, read bit by bit
          if (off + n < bytes.length * 8) assert.equal(r.readBit(), bitAt(bytes, off + n));
        });
      }
    }
  });

  test(`${name}: a stream of mixed reads over random data (seed ${SEED}) agrees with the oracle`, () => {
    const rnd = xorshift(SEED ^ 0x9e3779b9);
    const bytes = randomBytes(4096, rnd);
    withReader(R, bytes, (r) => {
      let pos = 0;
      while (pos < bytes.length * 8 - 40) {
        const op = rnd() % 5;
        if (op === 0) {
          assert.equal(r.readBit(), bitAt(bytes, pos), `bit at ${pos}`);
          pos += 1;
        } else if (op === 1) {
          const n = rnd() % 33;
          assert.equal(r.readBits(n), oracleBits(bytes, pos, n), `readBits(${n}) at ${pos}`);
          pos += n;
        } else if (op === 2) {
          const n = Math.min(rnd() % 100, bytes.length * 8 - pos);
          r.skipBits(n);
          pos += n;
        } else if (op === 3) {
          r.byteAlign();
          pos = Math.ceil(pos / 8) * 8;
        } else {
          const n = 1 + (rnd() % 32);
          assert.equal(r.peekBits(n), oracleBits(bytes, pos, n), `peekBits(${n}) at ${pos}`);
        }
        assert.equal(r.bitPosition, pos);
      }
    });
  });

  test(`${name}: 32-bit fields are never negative (all ones, top bit only) at every offset`, () => {
    for (let off = 0; off < 40; off++) {
      for (const v of [0xffffffff, 0x80000000, 0x7fffffff, 0x80000001, 1]) {
        const b = new Bits().u(0, off).u(v, 32).u(v, 32);
        withReader(R, b.bytes(), (r) => {
          r.skipBits(off);
          assert.equal(r.peekBits(32), v);
          assert.equal(r.readBits(32), v, `0x${v.toString(16)} at ${off}`);
          assert.equal(r.readBits(31), Math.floor(v / 2));
          assert.equal(r.readBit(), v % 2);
        });
      }
    }
  });

  test(`${name}: byteAlign, skipBits, bitsLeft and bitPosition`, () => {
    const bytes = new Uint8Array([0xff, 0x0f, 0xf0, 0x00]);
    withReader(R, bytes, (r) => {
      assert.equal(r.bitsLeft, 32);
      assert.equal(r.bitPosition, 0);
      r.byteAlign();
      assert.equal(r.bitPosition, 0, 'aligned already');
      r.readBits(3);
      r.byteAlign();
      assert.equal(r.bitPosition, 8);
      assert.equal(r.readBits(4), 0);
      r.skipBits(0);
      r.skipBits(8);
      assert.equal(r.bitPosition, 20);
      assert.equal(r.readBits(4), 0);
      r.skipBits(8);
      assert.equal(r.bitsLeft, 0);
      r.byteAlign();
      assert.equal(r.bitPosition, 32);
    });
  });

  // ---- errors ---------------------------------------------------------------------------
  test(`${name}: reading past the end is SLUICE_TRUNCATED at the end offset, and leaves the reader where it was`, () => {
    for (let size = 0; size <= 9; size++) {
      const bytes = new Uint8Array(size).fill(0xa5);
      for (let consumed = 0; consumed <= size * 8; consumed += 3) {
        const left = size * 8 - consumed;
        const tries = [
          ['readBit', (r) => r.readBit(), 1],
          ...[1, 7, 8, 9, 24, 25, 31, 32].map((n) => [`readBits(${n})`, (r) => r.readBits(n), n]),
          ['skipBits', (r) => r.skipBits(left + 1), left + 1],
        ];
        for (const [what, fn, need] of tries) {
          if (need <= left) continue;
          withReader(R, bytes, (r) => {
            r.skipBits(consumed);
            const e = attempt(() => fn(r));
            assert.equal(e.code, 'SLUICE_TRUNCATED', `${what} with ${left} bits left of ${size} bytes`);
            assert.equal(e.error, 'SluiceError');
            assert.equal(e.offset, size);
            assert.match(e.message, /bitstream ended early at byte \d+/);
            assert.equal(r.bitPosition, consumed, 'position unchanged');
            assert.equal(r.bitsLeft, left);
            // and the reader still works: read what is left, bit by bit
            for (let i = 0; i < left; i++) assert.equal(r.readBit(), bitAt(bytes, consumed + i));
          });
        }
      }
    }
    withReader(R, new Uint8Array(0), (r) => {
      assert.equal(r.bitsLeft, 0);
      assert.equal(r.peekBits(8), 0, 'peeking past the end reads zeros');
      assert.equal(attempt(() => r.readUE()).code, 'SLUICE_TRUNCATED');
    });
  });

  test(`${name}: Exp-Golomb errors: cut codes are truncated, prefixes of 32+ zeros are corrupt`, () => {
    const cases = [
      // [bits before, code bits, expected code, expected offset (bytes) or 'end']
      ['', '0', 'SLUICE_TRUNCATED'],
      ['', '0001', 'SLUICE_TRUNCATED'],                 // suffix cut
      ['', '00010', 'SLUICE_TRUNCATED'],
      ['', '0'.repeat(31), 'SLUICE_TRUNCATED'],         // prefix cut
      ['', '0'.repeat(32), 'SLUICE_TRUNCATED'],         // 32 zeros and nothing after: core says truncated
      ['', '0'.repeat(31) + '1' + '1'.repeat(30), 'SLUICE_TRUNCATED'],
      ['', '0'.repeat(32) + '1', 'SLUICE_CORRUPT', 0],
      ['', '0'.repeat(32) + '0', 'SLUICE_CORRUPT', 0],
      ['', '0'.repeat(40) + '1' + '0'.repeat(40), 'SLUICE_CORRUPT', 0],
      ['1'.repeat(13), '0'.repeat(33) + '1' + '1'.repeat(33), 'SLUICE_CORRUPT', 1],
      ['1'.repeat(16), '0'.repeat(32) + '1', 'SLUICE_CORRUPT', 2],
    ];
    for (const [before0, code, want, at] of cases) {
      // A cut code needs the data to end right after it: ones in front make the length whole
      // bytes. A corrupt one is followed by ones up to the byte boundary.
      const front = want === 'SLUICE_TRUNCATED' ? '1'.repeat((8 - ((before0.length + code.length) % 8)) % 8) : '';
      const before = front + before0;
      const b = new Bits().str(before).str(code);
      while (b.length % 8) b.bit(1);
      const data = b.bytes();
      for (const method of ['readUE', 'readSE']) {
        withReader(R, data, (r) => {
          r.skipBits(before.length);
          const e = attempt(() => r[method]());
          assert.equal(e.code, want, `${method} of ${before}|${code}`);
          assert.equal(e.offset, want === 'SLUICE_TRUNCATED' ? data.length : at);
          assert.match(e.message, want === 'SLUICE_TRUNCATED' ? /^read[US]E: bitstream ended early at byte \d+$/
            : /^read[US]E: Exp-Golomb code longer than 32 bits at byte \d+$/);
          assert.equal(r.bitPosition, before.length, 'position unchanged');
        });
      }
    }
    // The longest valid code: 31 zeros, a 1, 31 ones = 2^32 - 2.
    const max = new Bits().str('0'.repeat(31) + '1' + '1'.repeat(31) + '1').bytes();
    withReader(R, max, (r) => {
      assert.equal(r.readUE(), 2 ** 32 - 2);
      assert.equal(r.readBit(), 1);
    });
  });

  test(`${name}: bad arguments are SLUICE_ARGUMENT and move nothing`, () => {
    withReader(R, new Uint8Array(16), (r) => {
      r.skipBits(3);
      for (const n of [33, -1, 1.5, NaN, '8', undefined, null, 2 ** 32 + 1, Infinity]) {
        for (const method of ['readBits', 'peekBits']) {
          const e = attempt(() => r[method](n));
          assert.equal(e.code, 'SLUICE_ARGUMENT', `${method}(${String(n)})`);
          assert.match(e.message, new RegExp(`^${method}: n must be an integer from 0 to 32`));
        }
      }
      for (const n of [-1, 1.5, NaN, '8', 2 ** 53, undefined]) {
        assert.equal(attempt(() => r.skipBits(n)).code, 'SLUICE_ARGUMENT', `skipBits(${String(n)})`);
      }
      assert.equal(r.bitPosition, 3);
    });
  });

  test(`${name}: takes Uint8Array, ArrayBuffer, any ArrayBufferView (its own window), Buffer`, () => {
    const backing = new Uint8Array([0x00, 0x12, 0x34, 0x56, 0x78, 0x9a]);
    const inputs = [
      backing.subarray(1, 5),
      backing.buffer.slice(1, 5),
      new DataView(backing.buffer, 1, 4),
      new Uint16Array(new Uint8Array([0x12, 0x34, 0x56, 0x78]).buffer),
      Buffer.from([0x12, 0x34, 0x56, 0x78]),
    ];
    for (const input of inputs) {
      withReader(R, input, (r) => {
        assert.equal(r.bitsLeft, 32, input.constructor.name);
        assert.equal(r.readBits(32), 0x12345678, input.constructor.name);
      });
    }
    for (const bad of ['abc', null, undefined, 42, [1, 2], {}]) {
      const e = attempt(() => new R(bad));
      assert.equal(e.code, 'SLUICE_ARGUMENT', String(bad));
    }
  });
}

test('js: reads across the end of the one-load range (256 MiB) agree with the oracle', () => {
  let bytes;
  try {
    bytes = new Uint8Array(2 ** 28 + 24); // zero pages: only the touched ones are committed
  } catch {
    assert.fail('could not allocate 256 MiB for the test');
  }
  const rnd = xorshift(SEED ^ 0x5a5a5a5a);
  const base = 2 ** 28 - 24;
  for (let i = base; i < bytes.length; i++) bytes[i] = (i % 5 === 0) ? 0 : rnd() & 0xff;
  for (let start = base * 8; start < (base + 16) * 8; start += 5) {
    const r = new JsBitReader(bytes);
    r.skipBits(start);
    let pos = start;
    while (pos + 64 < bytes.length * 8) {
      const n = 1 + (pos % 32);
      assert.equal(r.peekBits(n), oracleBits(bytes, pos, n));
      assert.equal(r.readBits(n), oracleBits(bytes, pos, n), `readBits(${n}) at ${pos}`);
      pos += n;
      assert.equal(r.readBit(), bitAt(bytes, pos));
      pos += 1;
      // ue: count the oracle's zeros, then compare
      let z = 0;
      while (z < 32 && bitAt(bytes, pos + z) === 0) z++;
      if (z < 32 && pos + 2 * z + 1 <= bytes.length * 8) {
        assert.equal(r.readUE(), oracleBits(bytes, pos + z, z + 1) - 1, `ue at ${pos}`);
        pos += 2 * z + 1;
      }
      assert.equal(r.bitPosition, pos);
    }
  }
});

// ---- the two implementations agree on everything, errors included -----------------------
test(`plain-JS and wasm readers give identical results and errors on random operation sequences (seed ${SEED})`, () => {
  const rnd = xorshift(SEED ^ 0x1234567);
  for (let round = 0; round < 60; round++) {
    const size = rnd() % 64;
    const bytes = randomBytes(size, rnd);
    // Bias toward zeros now and then so that long and over-long Exp-Golomb codes occur.
    if (round % 3 === 0) for (let i = 0; i < size; i++) if (rnd() % 4) bytes[i] = 0;
    const ops = [];
    for (let i = 0; i < 80; i++) ops.push([rnd() % 7, rnd()]);
    const run = (R) => withReader(R, bytes, (r) => ops.map(([op, arg]) => {
      const res = attempt(() => {
        switch (op) {
          case 0: return r.readBit();
          case 1: return r.readBits(arg % 33);
          case 2: return r.readUE();
          case 3: return r.readSE();
          case 4: return r.skipBits(arg % 70);
          case 5: return r.peekBits(arg % 33);
          default: return r.byteAlign();
        }
      });
      return { ...res, pos: r.bitPosition, left: r.bitsLeft };
    }));
    assert.deepEqual(run(JsBitReader), run(WasmBitReader), `round ${round}, ${size} bytes`);
  }
});

test('wasm reader: free() releases it; using it afterwards is SLUICE_ARGUMENT; free() twice is fine', () => {
  const r = new WasmBitReader(new Uint8Array([1, 2, 3]));
  assert.equal(r.readBits(8), 1);
  r.free();
  r.free();
  for (const fn of [() => r.readBit(), () => r.readUE(), () => r.bitsLeft, () => r.readBits(1)]) {
    assert.equal(attempt(fn).code, 'SLUICE_ARGUMENT');
  }
});
