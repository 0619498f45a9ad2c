// Correct use of the CommonJS types; must type-check cleanly (test/types.test.mjs).
import sluice = require('sluice');
import sluiceNode = require('sluice/node');

async function main(): Promise<string> {
  await sluice.ready;
  await sluiceNode.ready;
  const e = new sluice.SluiceError('SLUICE_IO', 'x');
  const code: sluice.SluiceErrorCode = e.code;
  const h: sluice.Hash = sluice.createHash('sha256', { state: new Uint8Array(0) });
  const hex: string = sluice.crc32('abc') + sluice.xxh3(new Uint8Array(2)) + h.update('x').digest('hex');
  const stream = sluiceNode.createHashStream('md5');
  const d: Promise<string> = stream.digest;
  void d;
  const z: Uint8Array = sluice.decompress(sluice.compress('x', 'lz4', { level: 9 }), 'lz4');
  const ds: ReadableWritablePair<Uint8Array, Uint8Array> = new sluice.DecompressionStream('gzip');
  sluiceNode.createCompress('zstd').pipe(sluiceNode.createDecompress());
  void z; void ds;
  const br = new sluice.BitReader(new Uint8Array([0xff]));
  const bits: number = br.readBits(4) + br.readUE() + br.bitsLeft;
  const pr: sluice.ProbeResult = sluice.probe(new ArrayBuffer(0));
  void bits; void pr.codec;
  return `${sluice.version} ${sluiceNode.version} ${code} ${hex}`;
}
export = main;
