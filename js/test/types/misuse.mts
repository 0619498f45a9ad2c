// Wrong use of the ESM types: test/types.test.mjs expects tsc to reject each marked line.
import { version, SluiceError, createHash, sha256 } from 'sluice';
import { PushTransform } from 'sluice/internal';
import { createHashStream } from 'sluice/node';

const a: number = version;                           // TS2322: string is not number
new SluiceError('SLUICE_NOPE', 'x');                 // TS2345: not a SluiceErrorCode
new PushTransform('identity').push(42);             // TS2345: number is not BytesLike
createHash('sha1');                                  // TS2345: not a HashAlgorithm
sha256(42);                                          // TS2345: number is not HashInput
const b: string = createHash('md5').digest();        // TS2322: Uint8Array is not string
createHash('md5').digest('base64');                  // TS2345: 'base64' is not 'hex'
const c: number = createHashStream('xxh3').digest;   // TS2322: Promise<string> is not number
createHash('md5', { state: 'saved' });               // TS2322: a string is not a state
export { a, b, c };
import { compress, DecompressionStream } from 'sluice';
compress('x', 'brotli');                             // TS2345: not a CompressionFormat
compress('x', 'zstd', { level: '3' });               // TS2322: string is not number
new DecompressionStream('gzip', { maxOutputSize: 'big' }); // TS2322: string is not number
import { BitReader, probe } from 'sluice';
new BitReader('bits');                               // TS2345: a string is not BitInput
const d: string = new BitReader(new Uint8Array(1)).readBits(3); // TS2322: number is not string
new BitReader(new Uint8Array(1)).bitPosition = 3;    // TS2540: bitPosition is read-only
const e: string = probe(new Uint8Array(1)).width;    // TS2322: number is not string
probe('stream');                                     // TS2345: a string is not BitInput
export { d, e };
