// Types of `sluice/node` (CommonJS): everything in `sluice`.
export * from './index.cjs';
