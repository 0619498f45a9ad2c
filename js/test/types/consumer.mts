// Correct use of the ESM types; must type-check cleanly (test/types.test.mjs).
import { ready, version, SluiceError, type SluiceErrorCode, crc32, crc32c, crc64, crc64nvme, md5, sha256,
         blake3, xxh64, xxh3, xxh128, createHash, type Hash, type HashAlgorithm, type HashInput } from 'sluice';
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

// Checksums: one-shots on every input form, createHash with state, the node stream.
const inputs: HashInput[] = ['text', new Uint8Array(3), new ArrayBuffer(2), new DataView(new ArrayBuffer(4)), new Uint16Array(2)];
const hexes: string[] = inputs.flatMap((d) => [crc32(d), crc32c(d), crc64(d), crc64nvme(d), md5(d), sha256(d),
                                               blake3(d), xxh64(d), xxh3(d), xxh128(d)]);
const algo: HashAlgorithm = 'xxh128';
const hs: Hash = createHash(algo).update('abc').update(new Uint8Array(1));
const raw: Uint8Array = hs.digest();
const hx: string = hs.digest('hex');
const saved: Uint8Array = hs.saveState();
const resumed = createHash('xxh128', { state: saved }).reset();
const name: HashAlgorithm = resumed.algorithm;
resumed.free();
{
  using scoped = createHash('SHA256');
  scoped.update('x');
}
const stream = node.createHashStream('blake3', { highWaterMark: 1024 });
const pending: Promise<string> = stream.digest;
const piped: NodeJS.WritableStream = stream.pipe(process.stdout);

export { v, n, describe, err, done, out, hexed, bytes, hexes, raw, hx, name, pending, piped };

// Codecs.
import { compress, decompress, CompressionStream, DecompressionStream, type CompressionFormat } from 'sluice';
const fmt: CompressionFormat = 'deflate-raw';
const packed: Uint8Array = compress('abc', 'zstd', { level: 19, checksum: false });
const unpacked: Uint8Array = decompress(packed, { maxOutputSize: 1 << 20 });
decompress(compress(packed, fmt), fmt, { maxOutputSize: 10 });
const rs: ReadableStream<Uint8Array> = new Blob(['text']).stream()
  .pipeThrough(new DecompressionStream('zstd')).pipeThrough(new CompressionStream('gzip', { level: 9 }));
void new DecompressionStream(); void new DecompressionStream({ maxWindow: 1 << 20 }); void rs; void unpacked;
const nodeT: import('node:stream').Transform = node.createDecompress('gzip', { maxOutputSize: 5 });
node.createCompress('bzip2', { level: 1 }).pipe(nodeT);

// Bits.
import { BitReader, probe, type BitInput, type ProbeResult } from 'sluice';
import { JsBitReader, WasmBitReader } from 'sluice/internal';
const src: BitInput = new Uint8Array([0x80, 1, 2, 3, 4]);
const br = new BitReader(src);
const bitSum: number = br.readBit() + br.readBits(7) + br.peekBits(32) + br.readUE() + br.readSE();
br.skipBits(3);
br.byteAlign();
const where: number = br.bitPosition + br.bitsLeft;
const jr: BitReader = new JsBitReader(new ArrayBuffer(4));
{
  using wr = new WasmBitReader(new DataView(new ArrayBuffer(4)));
  wr.readBits(32);
}
new WasmBitReader(new Uint16Array(2)).free();
const pr: ProbeResult = probe(new Uint8Array(0));
const codecName: 'h264' | 'hevc' = pr.codec;
const dims: number = pr.width * pr.height + pr.profile_idc + pr.level_idc + pr.chroma_format_idc + pr.bit_depth_luma + pr.bit_depth_chroma;
export { bitSum, where, jr, codecName, dims };
