// Correct use of the CommonJS types; must type-check cleanly (test/types.test.mjs).
import sluice = require('sluice');
import sluiceNode = require('sluice/node');

async function main(): Promise<string> {
  await sluice.ready;
  await sluiceNode.ready;
  const e = new sluice.SluiceError('SLUICE_IO', 'x');
  const code: sluice.SluiceErrorCode = e.code;
  return `${sluice.version} ${sluiceNode.version} ${code}`;
}
export = main;
