// The notebook's network: inputs → hidden (ReLU) → outputs (softmax), cross-entropy loss, full-batch gradient descent.
// Forward, backward and update over preallocated buffers; shapes are given in each function's comment.
import { createHash } from 'node:crypto';
import { RandomState } from '../rng/random-state.js';
import { TS_KERNELS, type Kernels } from './kernels/index.js';
import { crossEntropy, softmaxRows, tileRowsFor } from './kernels/ts.js';
import { allocateRowEntries, outputLayerBackward, type RowEntries } from './output-layer.js';
import type { Allocator, SparseRows } from './sparse.js';

/** Plain typed arrays: for the TypeScript kernels (the Wasm ones need an Arena of memory.ts). */
const HEAP: Allocator = { int32: (length) => new Int32Array(length), float64: (length) => new Float64Array(length) };

export interface Shape {
  inputs: number;
  hidden: number;
  outputs: number;
}

export interface Params {
  shape: Shape;
  /** (inputs × hidden) */
  W1: Float64Array;
  /** (hidden) */
  b1: Float64Array;
  /** (hidden × outputs) */
  W2: Float64Array;
  /** (outputs) */
  b2: Float64Array;
}

export type Gradients = Omit<Params, 'shape'>;

/** W1 = randn(inputs, hidden)·√(1/inputs), then W2 = randn(hidden, outputs)·√(1/hidden), from RandomState(seed); zero biases. */
export function initParams(shape: Shape, seed: number): Params {
  const rng = new RandomState(seed);
  const W1 = rng.randn(shape.inputs * shape.hidden);
  const s1 = Math.sqrt(1 / shape.inputs);
  for (let i = 0; i < W1.length; i++) W1[i] = W1[i] * s1;
  const W2 = rng.randn(shape.hidden * shape.outputs);
  const s2 = Math.sqrt(1 / shape.hidden);
  for (let i = 0; i < W2.length; i++) W2[i] = W2[i] * s2;
  return { shape, W1, b1: new Float64Array(shape.hidden), W2, b2: new Float64Array(shape.outputs) };
}

export function zeroGradients(shape: Shape, alloc: Allocator = HEAP): Gradients {
  return {
    W1: alloc.float64(shape.inputs * shape.hidden),
    b1: alloc.float64(shape.hidden),
    W2: alloc.float64(shape.hidden * shape.outputs),
    b2: alloc.float64(shape.outputs),
  };
}

/** A copy of `p` in `alloc` (the trainer's memory, where the Wasm kernels see it). */
export function copyParams(p: Params, alloc: Allocator): Params {
  const copy = { shape: p.shape, ...zeroGradients(p.shape, alloc) };
  copy.W1.set(p.W1);
  copy.b1.set(p.b1);
  copy.W2.set(p.W2);
  copy.b2.set(p.b2);
  return copy;
}

/** Activations of one batch of n samples, allocated once and reused every epoch. */
export interface Activations {
  n: number;
  /** (n × hidden): A1 = ReLU(X·W1 + b1) after forward; overwritten by dZ1 in backward */
  hidden: Float64Array;
  /** (n × outputs): A2 = softmax(A1·W2 + b2) after forward; overwritten by dZ2 in backward */
  output: Float64Array;
  /** scratch: the nonzeros of a row of A1 (forward's A1·W2 when W2 is not all finite) */
  row: RowEntries;
  /** scratch: a position in each row of Xᵀ (inputs entries; backward's tiled Xᵀ·dZ1) */
  cursor: Int32Array;
}

export function allocateActivations(shape: Shape, n: number, alloc: Allocator = HEAP): Activations {
  return {
    n,
    hidden: alloc.float64(n * shape.hidden),
    output: alloc.float64(n * shape.outputs),
    row: allocateRowEntries(shape.hidden),
    cursor: alloc.int32(shape.inputs),
  };
}

/** Forward pass of X (n × inputs): fills act.hidden with A1 and act.output with the class probabilities A2. */
export function forward(p: Params, X: SparseRows, act: Activations, kernels: Kernels = TS_KERNELS): void {
  const { hidden: h, outputs: k } = p.shape;
  kernels.sparseTimesDenseBiasRelu(X, p.W1, p.b1, h, act.hidden);
  kernels.outputLogits(act.hidden, p.W2, p.b2, h, k, act.output, act.row, 0, X.rows);
  softmaxRows(act.output, X.rows, k);
}

/** The loss of the last forward pass: −Σ y·log(A2 + 1e-8) / n. */
export function forwardLoss(p: Params, act: Activations, labels: Uint8Array): number {
  return crossEntropy(act.output, labels, act.n, p.shape.outputs);
}

/**
 * Mean gradients of the cross-entropy after `forward(p, X, act)`, into g. XT is Xᵀ as sparse rows (inputs × n).
 *   dZ2 = A2 − Y            dW2 = A1ᵀ·dZ2 / n     db2 = Σ_rows dZ2 / n
 *   dZ1 = dZ2·W2ᵀ ⊙ [A1>0]   dW1 = Xᵀ·dZ1 / n      db1 = Σ_rows dZ1 / n
 * Consumes act: dZ2 and dZ1 overwrite A2 and A1 (A1 > 0 exactly where Z1 > 0, so A1 is the ReLU mask).
 */
export function backward(p: Params, XT: SparseRows, labels: Uint8Array, act: Activations, g: Gradients, kernels: Kernels = TS_KERNELS): void {
  const { hidden: h, outputs: k } = p.shape;
  const { n, hidden: A1, output: dZ2 } = act;
  outputLayerBackward(A1, dZ2, p.W2, labels, n, h, k, g.W2, g.b2, g.b1, kernels);
  kernels.sparseTimesDenseTiled(XT, A1, h, g.W1, act.cursor, tileRowsFor(h));
  divideInPlace(g.W1, n);
  divideInPlace(g.b1, n);
  divideInPlace(g.W2, n);
  divideInPlace(g.b2, n);
}

function divideInPlace(x: Float64Array, by: number): void {
  for (let i = 0; i < x.length; i++) x[i] = x[i] / by;
}

/** Gradient descent: θ ← θ − lr·∇θ for W1, b1, W2, b2. */
export function update(p: Params, g: Gradients, lr: number): void {
  step(p.W1, g.W1, lr);
  step(p.b1, g.b1, lr);
  step(p.W2, g.W2, lr);
  step(p.b2, g.b2, lr);
}

function step(w: Float64Array, d: Float64Array, lr: number): void {
  for (let i = 0; i < w.length; i++) w[i] = w[i] - lr * d[i];
}

/** SHA-256 of W1, b1, W2, b2 as little-endian float64, in that order. */
export function weightsSha256(p: Params): string {
  const hash = createHash('sha256');
  for (const a of [p.W1, p.b1, p.W2, p.b2]) hash.update(littleEndianBytes(a));
  return hash.digest('hex');
}

function littleEndianBytes(a: Float64Array): Uint8Array {
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  if (new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f) return bytes;
  const copy = new Uint8Array(a.byteLength);
  const view = new DataView(copy.buffer);
  a.forEach((x, i) => view.setFloat64(i * 8, x, true));
  return copy;
}
