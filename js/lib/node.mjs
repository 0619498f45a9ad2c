// `sluice/node`: everything in `sluice`, plus (in later versions) Node stream.Transform
// factories. Like the main entry it has finished loading the wasm when `import` returns.
export * from './index.mjs';
