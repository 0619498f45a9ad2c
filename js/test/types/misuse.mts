// Wrong use of the ESM types: test/types.test.mjs expects tsc to reject each marked line.
import { version, SluiceError } from 'sluice';
import { PushTransform } from 'sluice/internal';

const a: number = version;                           // TS2322: string is not number
new SluiceError('SLUICE_NOPE', 'x');                 // TS2345: not a SluiceErrorCode
new PushTransform('identity').push(42);             // TS2345: number is not BytesLike
export { a };
