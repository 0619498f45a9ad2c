// Owns the wasm lifecycle: sluice.wasm is compiled and instantiated once, behind one
// module-level promise. The Emscripten glue (dist/sluice.mjs, built for web/worker only) is
// given our own `instantiateWasm`, so it never fetches or reads files itself; where the bytes
// come from is the job of #wasm-loader (loader-node.mjs / loader-web.mjs).
import createSluice from '../dist/sluice.mjs';
import { compileWasm } from '#wasm-loader';
import { SluiceError } from './errors.mjs';

let loading = null;
let loaded = null;

function fail(message, cause) {
  return new SluiceError('SLUICE_IO', `cannot load sluice.wasm: ${message}`, { cause });
}

async function instantiate() {
  let compiled;
  try {
    compiled = await compileWasm();
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
  loaded = { module, kinds, kindNames, firstErrorKind: module.firstErrorKind() };
  return loaded;
}

/** Loads sluice.wasm once; every caller gets the same promise. */
export function loadWasm() {
  loading ??= instantiate();
  return loading;
}

/**
 * The loaded module, for code that runs after `ready`: { module, kinds, kindNames,
 * firstErrorKind }. `module.HEAPU8` must be read afresh after any call that may grow memory.
 */
export function wasm() {
  if (loaded === null) {
    throw new SluiceError('SLUICE_ARGUMENT', 'sluice is not ready yet: await ready first');
  }
  return loaded;
}
