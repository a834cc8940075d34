// Loads kernels.wasm (built from source.ts by `make build`) once per process and instantiates it once per memory.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The compiled module, beside this file in dist/. */
export const KERNELS_WASM = new URL('./kernels.wasm', import.meta.url);

/** The kernels' exports; arguments are byte addresses in the memory the instance imports (see source.ts). */
export interface WasmExports {
  sparseTimesDenseBiasRelu(rowStart: number, colIndex: number, value: number, B: number, bias: number, w: number, out: number, from: number, to: number): void;
  sparseTimesDenseTiled(rowStart: number, colIndex: number, value: number, cols: number, B: number, w: number, out: number, cursor: number, tileRows: number, from: number, to: number): void;
  logits10(A: number, W: number, bias: number, h: number, out: number, from: number, to: number): void;
  addOutputWeightGradient10(A1: number, dZ2: number, h: number, gW2: number, r0: number, r1: number, j0: number, j1: number): void;
  hiddenLayerDelta10(A1: number, dZ2: number, W2: number, h: number, from: number, to: number): void;
  addRows(M: number, w: number, out: number, c0: number, c1: number, r0: number, r1: number): void;
}

type Loaded = { module: WebAssembly.Module } | { unavailable: string };

let loaded: Loaded | undefined;

function load(): Loaded {
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = new Uint8Array(readFileSync(fileURLToPath(KERNELS_WASM)));
  } catch {
    return { unavailable: `${fileURLToPath(KERNELS_WASM)} is missing (make build writes it)` };
  }
  // validate() is false where this Node lacks WebAssembly SIMD or threads (shared memory).
  if (!WebAssembly.validate(bytes)) return { unavailable: 'this Node has no WebAssembly SIMD' };
  return { module: new WebAssembly.Module(bytes) };
}

/** Why the Wasm kernels cannot run in this process, or undefined when they can. */
export function wasmUnavailable(): string | undefined {
  loaded ??= load();
  return 'unavailable' in loaded ? loaded.unavailable : undefined;
}

const instances = new WeakMap<WebAssembly.Memory, WasmExports>();

/** The kernels working on `memory` (compiled once per process, instantiated once per memory: ~1–5 ms). */
export function wasmExports(memory: WebAssembly.Memory): WasmExports {
  loaded ??= load();
  if ('unavailable' in loaded) throw new Error(`the wasm kernels are not available: ${loaded.unavailable}`);
  let exports = instances.get(memory);
  if (!exports) {
    exports = new WebAssembly.Instance(loaded.module, { env: { memory } }).exports as unknown as WasmExports;
    instances.set(memory, exports);
  }
  return exports;
}
