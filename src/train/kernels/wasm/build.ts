// `make build` runs this after tsc: the kernels' WebAssembly text (source.ts) → kernels.wasm beside the loader, with
// the npm package wabt (nothing native, nothing downloaded). usage: node dist/src/train/kernels/wasm/build.js
import { renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import wabt from 'wabt';
import { kernelsWat } from './source.js';
import { KERNELS_WASM } from './loader.js';

const FEATURES = { simd: true, threads: true, bulk_memory: true };

const compiler = await wabt();
const module = compiler.parseWat('kernels.wat', kernelsWat(), FEATURES);
try {
  (module.validate as (features: typeof FEATURES) => void)(FEATURES); // takes the features too (missing from its types)
  const { buffer } = module.toBinary({ write_debug_names: true });
  const path = fileURLToPath(KERNELS_WASM);
  writeFileSync(`${path}.tmp`, buffer);
  renameSync(`${path}.tmp`, path);
} finally {
  module.destroy();
}
