// SluiceError's shape and the mapping from core's status kinds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SluiceError } from 'sluice';
import { ERROR_CODES, errorFromStatus, errorFromThrown } from '../lib/errors.mjs';
import { wasm } from '../lib/wasm.mjs';

test('SluiceError is an Error with name, code and optional offset', () => {
  const e = new SluiceError('SLUICE_CORRUPT', 'bad frame', { offset: 1048576 });
  assert.ok(e instanceof Error);
  assert.ok(e instanceof SluiceError);
  assert.equal(e.name, 'SluiceError');
  assert.equal(e.code, 'SLUICE_CORRUPT');
  assert.equal(e.message, 'bad frame');
  assert.equal(e.offset, 1048576);
  assert.match(String(e), /^SluiceError: bad frame$/);
  assert.match(e.stack, /^SluiceError: bad frame/);
  const f = new SluiceError('SLUICE_IO', 'x');
  assert.equal('offset' in f, false);
  const cause = new Error('root');
  assert.equal(new SluiceError('SLUICE_IO', 'y', { cause }).cause, cause);
});

test('unknown codes are refused', () => {
  assert.throws(() => new SluiceError('EIO', 'x'), TypeError);
});

test('every core error kind maps to one of the seven codes', () => {
  const { kinds, firstErrorKind } = wasm();
  const errorKinds = Object.entries(kinds).filter(([, v]) => v >= firstErrorKind).map(([k]) => k);
  // The kinds in sluice/status.hpp, as the wasm build numbers them.
  assert.deepEqual(errorKinds.sort(), ['checksum_mismatch', 'corrupt', 'internal', 'invalid_argument',
    'io_error', 'limit_exceeded', 'truncated', 'unsupported']);
  const expected = {
    invalid_argument: 'SLUICE_ARGUMENT', corrupt: 'SLUICE_CORRUPT', truncated: 'SLUICE_TRUNCATED',
    checksum_mismatch: 'SLUICE_CHECKSUM', unsupported: 'SLUICE_UNSUPPORTED',
    limit_exceeded: 'SLUICE_LIMIT', io_error: 'SLUICE_IO', internal: 'SLUICE_IO',
  };
  for (const kind of errorKinds) {
    const e = errorFromStatus(kind, 'm', 7);
    assert.ok(ERROR_CODES.includes(e.code));
    assert.equal(e.code, expected[kind], kind);
    assert.equal(e.offset, 7);
  }
  assert.match(errorFromStatus('internal', 'pump stalled').message, /^internal error: pump stalled$/);
  assert.equal('offset' in errorFromStatus('corrupt', 'm', -1), false);
});

test('errors are created fresh at each throw', () => {
  const a = errorFromStatus('corrupt', 'same');
  const b = errorFromStatus('corrupt', 'same');
  assert.notEqual(a, b);
});

test('a number thrown out of wasm (a C++ exception) becomes SLUICE_LIMIT', () => {
  const e = errorFromThrown(5242880, 'identity');
  assert.equal(e.code, 'SLUICE_LIMIT');
  const g = errorFromThrown(new RangeError('boom'), 'identity');
  assert.equal(g.code, 'SLUICE_IO');
  assert.match(g.message, /internal error: identity: boom/);
});
