'use strict';
// The CommonJS entry of the npm package `sluice`. require() cannot load an ES module that
// uses top-level await, so this entry imports the ESM one and copies its exports here once
// the wasm is loaded: every name except `ready` is there once `await ready` resolves.
//
//   const sluice = require('sluice');
//   await sluice.ready;
//   sluice.version;
const ready = import('./index.mjs').then((esm) => {
  for (const [name, value] of Object.entries(esm)) {
    if (name !== 'ready' && name !== 'default') exports[name] = value;
  }
});
exports.ready = ready;
