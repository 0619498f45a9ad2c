// Runs before main.js (module scripts execute in document order): `?wasm=nosimd` or
// `?wasm=simd` forces the build sluice loads, through the globalThis.SLUICE_WASM switch that
// js/lib/wasm.mjs reads. Without it, sluice picks by feature detection.
const wanted = new URLSearchParams(location.search).get('wasm');
if (wanted) globalThis.SLUICE_WASM = wanted;
