'use strict';
// CommonJS form of `sluice/node`: names appear once `await ready` resolves (see index.cjs).
const ready = import('./node.mjs').then((esm) => {
  for (const [name, value] of Object.entries(esm)) {
    if (name !== 'ready' && name !== 'default') exports[name] = value;
  }
});
exports.ready = ready;
