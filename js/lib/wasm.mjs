// Owns the wasm lifecycle: sluice.wasm is compiled and instantiated once, behind one
// module-level promise. The Emscripten glue (dist/sluice.mjs, built for web/worker only) is
// given our own `instantiateWasm`, so it never fetches or reads files itself; where the bytes
// come from is the job of #wasm-loader (loader-node.mjs / loader-web.mjs).
//
// Two builds of the module ship in dist/: sluice.wasm uses WebAssembly SIMD128 (faster
// checksums), sluice-nosimd.wasm does not (engines without SIMD: Safari before 16.4, old
// Node). Both are linked from the same sources with the same exports and the same glue
// (js/test/simd.test.mjs checks the glues agree), so either can be instantiated by the one
// dist/sluice.mjs. The choice: WebAssembly.validate() of a tiny module that uses SIMD
// instructions (simdSupported() below); tests force one with SLUICE_WASM=simd|nosimd in
// Node's environment or globalThis.SLUICE_WASM elsewhere.
import createSluice from '../dist/sluice.mjs';
import { compileWasm } from '#wasm-loader';
import { SluiceError } from './errors.mjs';

let loading = null;
let loaded = null;

// (module (func (result v128) i32.const 0 i8x16.splat i8x16.popcnt)): the type section
// declares a v128 result, the body uses a SIMD128 opcode from the final spec (popcnt was
// among the last added), so only an engine with finished SIMD128 support validates it.
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b,       // type section: () -> v128
  0x03, 0x02, 0x01, 0x00,                         // function section: one function of type 0
  0x0a, 0x0a, 0x01, 0x08, 0x00,                   // code section: one body of 8 bytes, no locals
  0x41, 0x00,                                     //   i32.const 0
  0xfd, 0x0f,                                     //   i8x16.splat
  0xfd, 0x62,                                     //   i8x16.popcnt
  0x0b,                                           //   end
]);

/** True when this engine can run the SIMD128 build. */
export function simdSupported() {
  try {
    return WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}

function forcedVariant() {
  const fromGlobal = globalThis.SLUICE_WASM;
  const fromEnv = typeof process === 'object' && process !== null ? process.env?.SLUICE_WASM : undefined;
  const v = fromGlobal ?? fromEnv;
  if (v === undefined || v === '') return undefined;
  if (v !== 'simd' && v !== 'nosimd') throw fail(`SLUICE_WASM must be "simd" or "nosimd", not "${v}"`);
  return v;
}

function fail(message, cause) {
  return new SluiceError('SLUICE_IO', `cannot load sluice.wasm: ${message}`, { cause });
}

async function instantiate() {
  const variant = forcedVariant() ?? (simdSupported() ? 'simd' : 'nosimd');
  let compiled;
  try {
    compiled = await compileWasm(variant);
  } catch (e) {
    throw fail(e?.message ?? String(e), e);
  }
  // The glue's ready promise never settles when instantiateWasm's work fails, so failures
  // are raced in from here.
  let reject;
  const failed = new Promise((_, r) => { reject = r; });
  const module = await Promise.race([
    createSluice({
      instantiateWasm(imports, receiveInstance) {
        WebAssembly.instantiate(compiled, imports).then(
          (instance) => receiveInstance(instance, compiled),
          (e) => reject(fail(e?.message ?? String(e), e)));
        return {}; // exports arrive through receiveInstance
      },
      onAbort(what) {
        reject(fail(`aborted: ${what}`));
      },
    }),
    failed,
  ]);
  const kinds = module.statusKinds();
  const kindNames = [];
  for (const [name, value] of Object.entries(kinds)) kindNames[value] = name;
  loaded = { module, kinds, kindNames, firstErrorKind: module.firstErrorKind(), variant };
  return loaded;
}

/** Loads sluice.wasm once; every caller gets the same promise. */
export function loadWasm() {
  loading ??= instantiate();
  return loading;
}

/**
 * The loaded module, for code that runs after `ready`: { module, kinds, kindNames,
 * firstErrorKind, variant } (variant: 'simd' or 'nosimd', the build that was loaded). `module.HEAPU8` must be read afresh after any call that may grow memory.
 */
export function wasm() {
  if (loaded === null) {
    throw new SluiceError('SLUICE_ARGUMENT', 'sluice is not ready yet: await ready first');
  }
  return loaded;
}
