// Types of `sluice/node` (ESM): everything in `sluice`.
export * from './index.js';
