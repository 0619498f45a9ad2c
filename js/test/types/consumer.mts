// Correct use of the ESM types; must type-check cleanly (test/types.test.mjs).
import { ready, version, SluiceError, type SluiceErrorCode } from 'sluice';
import * as node from 'sluice/node';
import { PushTransform, transformAll, WasmHasher } from 'sluice/internal';

await ready;
const v: string = version;
const n: string = node.version;

function describe(e: unknown): string {
  if (e instanceof SluiceError) {
    const code: SluiceErrorCode = e.code;
    const at: number | undefined = e.offset;
    return `${e.name} ${code} ${at ?? '-'} ${e.message}`;
  }
  return String(e);
}
const err = new SluiceError('SLUICE_TRUNCATED', 'short', { offset: 3, cause: new Error('x') });

const t = new PushTransform('identity', { inputBytes: 1024 }, (chunk: Uint8Array, final: boolean) => {
  void chunk.byteLength; void final;
});
t.push('text');
t.push(new Uint8Array(2).buffer, true);
const done: boolean = t.ended;
t.free();
const out: Uint8Array = transformAll('identity', new DataView(new ArrayBuffer(4)));

const h = new WasmHasher('sha256', { stagingBytes: 4096 });
const hexed: string = h.update('abc').update(new Uint16Array(2)).hexDigest();
const bytes: Uint8Array = h.reset().digest();
h.free();

export { v, n, describe, err, done, out, hexed, bytes };
