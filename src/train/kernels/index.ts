// The trainer's kernels: the sparse products and the output layer, in TypeScript (ts.ts and ../output-layer.ts: the
// reference, and the fallback) or in WebAssembly SIMD (wasm/: the same operations in the same order, so the same
// bits, ~3.5× faster). The Wasm kernels need their arrays in the trainer's WebAssembly.Memory (memory.ts), as
// prepared.ts and train.ts lay them out.
import { UserError } from '../../errors.js';
import type { SparseRows } from '../sparse.js';
import { memoryOf } from '../memory.js';
import { allFinite, TS_OUTPUT_LAYER, type OutputLayerKernels } from '../output-layer.js';
import * as ts from './ts.js';
import { wasmExports, wasmUnavailable } from './wasm/loader.js';

export type KernelsName = 'wasm' | 'ts';
export const KERNELS_NAMES: readonly KernelsName[] = ['wasm', 'ts'];

export interface Kernels extends OutputLayerKernels {
  readonly name: KernelsName;
  /** ts.ts sparseTimesDenseBiasRelu: out = max(0, A·B + bias) for rows [from, to) */
  sparseTimesDenseBiasRelu(A: SparseRows, B: Float64Array, bias: Float64Array, w: number, out: Float64Array, from?: number, to?: number): void;
  /** ts.ts sparseTimesDenseTiled: out = A·B, B's rows in tiles, for rows [from, to) of A */
  sparseTimesDenseTiled(A: SparseRows, B: Float64Array, w: number, out: Float64Array, cursor: Int32Array, tileRows: number, from?: number, to?: number): void;
}

export const TS_KERNELS: Kernels = {
  name: 'ts',
  sparseTimesDenseBiasRelu: ts.sparseTimesDenseBiasRelu,
  sparseTimesDenseTiled: ts.sparseTimesDenseTiled,
  ...TS_OUTPUT_LAYER,
};

/** The memory that every one of `arrays` views; throws when one lives elsewhere (the Wasm kernels could not see it). */
function commonMemory(arrays: ArrayBufferView[]): WebAssembly.Memory {
  const memory = memoryOf(arrays[0]);
  if (!memory || arrays.some((a) => memoryOf(a) !== memory)) {
    throw new Error('the wasm kernels need every array in one WebAssembly.Memory of the trainer (memory.ts Arena)');
  }
  return memory;
}

/** Outputs the Wasm output-layer kernels are written for (MNIST's classes); other widths run the TypeScript ones. */
const WASM_OUTPUTS = 10;

export const WASM_KERNELS: Kernels = {
  name: 'wasm',
  sparseTimesDenseBiasRelu(A, B, bias, w, out, from = 0, to = A.rows) {
    const memory = commonMemory([A.rowStart, A.colIndex, A.value, B, bias, out]);
    wasmExports(memory).sparseTimesDenseBiasRelu(A.rowStart.byteOffset, A.colIndex.byteOffset, A.value.byteOffset, B.byteOffset, bias.byteOffset, w, out.byteOffset, from, to);
  },
  sparseTimesDenseTiled(A, B, w, out, cursor, tileRows, from = 0, to = A.rows) {
    const memory = commonMemory([A.rowStart, A.colIndex, A.value, B, out, cursor]);
    wasmExports(memory).sparseTimesDenseTiled(A.rowStart.byteOffset, A.colIndex.byteOffset, A.value.byteOffset, A.cols, B.byteOffset, w, out.byteOffset, cursor.byteOffset, tileRows, from, to);
  },
  // The logits add A1's zeros only when W2 is all finite (output-layer.ts says why); with an infinity, the TypeScript
  // kernel skips them.
  outputLogits(A, W, bias, h, k, out, row, from, to) {
    if (k !== WASM_OUTPUTS || !allFinite(W)) {
      TS_OUTPUT_LAYER.outputLogits(A, W, bias, h, k, out, row, from, to);
      return;
    }
    const memory = commonMemory([A, W, bias, out]);
    wasmExports(memory).logits10(A.byteOffset, W.byteOffset, bias.byteOffset, h, out.byteOffset, from, to);
  },
  addOutputWeightGradient(A1, dZ2, h, k, gW2, r0, r1, j0, j1) {
    if (k !== WASM_OUTPUTS) {
      TS_OUTPUT_LAYER.addOutputWeightGradient(A1, dZ2, h, k, gW2, r0, r1, j0, j1);
      return;
    }
    const memory = commonMemory([A1, dZ2, gW2]);
    wasmExports(memory).addOutputWeightGradient10(A1.byteOffset, dZ2.byteOffset, h, gW2.byteOffset, r0, r1, j0, j1);
  },
  hiddenLayerDelta(A1, dZ2, W2, h, k, from, to) {
    if (k !== WASM_OUTPUTS) {
      TS_OUTPUT_LAYER.hiddenLayerDelta(A1, dZ2, W2, h, k, from, to);
      return;
    }
    const memory = commonMemory([A1, dZ2, W2]);
    wasmExports(memory).hiddenLayerDelta10(A1.byteOffset, dZ2.byteOffset, W2.byteOffset, h, from, to);
  },
  addRows(M, w, out, c0, c1, r0, r1) {
    const memory = commonMemory([M, out]);
    wasmExports(memory).addRows(M.byteOffset, w, out.byteOffset, c0, c1, r0, r1);
  },
};

/** Why `wasm` cannot run here, or undefined when it can. */
export { wasmUnavailable };

/** wasm where this Node runs WebAssembly SIMD, else ts. */
export function defaultKernels(): KernelsName {
  return wasmUnavailable() === undefined ? 'wasm' : 'ts';
}

/** The kernels of that name; throws, saying why, when `wasm` cannot run here. */
export function kernelsNamed(name: KernelsName): Kernels {
  if (name === 'ts') return TS_KERNELS;
  const why = wasmUnavailable();
  if (why !== undefined) throw new Error(`--kernels wasm cannot run here: ${why}`);
  return WASM_KERNELS;
}

/** The kernels a command was asked for (undefined: the default), checked (exit 2 when wasm cannot run); and the one line that says which run. */
export function chooseKernels(asked: KernelsName | undefined): { kernels: KernelsName; said: string } {
  const why = wasmUnavailable();
  if (asked === 'wasm' && why !== undefined) throw new UserError(`--kernels wasm cannot run here: ${why}`);
  const kernels = asked ?? defaultKernels();
  const said = kernels === 'wasm' ? 'kernels: wasm (WebAssembly SIMD)' : `kernels: ts (TypeScript${asked === 'ts' ? '' : `; wasm not available: ${why}`})`;
  return { kernels, said };
}
