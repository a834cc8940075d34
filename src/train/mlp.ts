// The notebook's network: inputs → hidden (ReLU) → outputs (softmax), cross-entropy loss, full-batch gradient descent.
// Forward, backward and update over preallocated buffers; shapes are given in each function's comment.
import { createHash } from 'node:crypto';
import { RandomState } from '../rng/random-state.js';
import { accumulateRows, allocateRowEntries, crossEntropy, denseTimesDense, softmaxRows, sparseTimesDenseBiasRelu, sparseTimesDenseTiled, tileRowsFor, type RowEntries } from './kernels.js';
import type { SparseRows } from './sparse.js';

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

export function zeroGradients(shape: Shape): Gradients {
  return {
    W1: new Float64Array(shape.inputs * shape.hidden),
    b1: new Float64Array(shape.hidden),
    W2: new Float64Array(shape.hidden * shape.outputs),
    b2: new Float64Array(shape.outputs),
  };
}

/** Activations of one batch of n samples, allocated once and reused every epoch. */
export interface Activations {
  n: number;
  /** (n × hidden): A1 = ReLU(X·W1 + b1) after forward; overwritten by dZ1 in backward */
  hidden: Float64Array;
  /** (n × outputs): A2 = softmax(A1·W2 + b2) after forward; overwritten by dZ2 in backward */
  output: Float64Array;
  /** scratch: the nonzeros of a row of A1 (forward's A1·W2) or of a column of A1 in a block of rows (backward's dW2) */
  row: RowEntries;
  /** scratch: a position in each row of Xᵀ (inputs entries; backward's tiled Xᵀ·dZ1) */
  cursor: Int32Array;
}

/** Rows taken together in backward's dW2 = A1ᵀ·dZ2: as many terms per store as accumulateRows folds. */
const BACKWARD_BLOCK = 8;

export function allocateActivations(shape: Shape, n: number): Activations {
  return {
    n,
    hidden: new Float64Array(n * shape.hidden),
    output: new Float64Array(n * shape.outputs),
    row: allocateRowEntries(Math.max(shape.hidden, BACKWARD_BLOCK)),
    cursor: new Int32Array(shape.inputs),
  };
}

/** Forward pass of X (n × inputs): fills act.hidden with A1 and act.output with the class probabilities A2. */
export function forward(p: Params, X: SparseRows, act: Activations): void {
  const { hidden: h, outputs: k } = p.shape;
  sparseTimesDenseBiasRelu(X, p.W1, p.b1, h, act.hidden);
  denseTimesDense(act.hidden, p.W2, p.b2, X.rows, h, k, act.output, act.row);
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
export function backward(p: Params, XT: SparseRows, labels: Uint8Array, act: Activations, g: Gradients): void {
  const { hidden: h, outputs: k } = p.shape;
  const { n, hidden: A1, output: dZ2 } = act;
  const { W2 } = p;
  g.W2.fill(0);
  g.b2.fill(0);
  g.b1.fill(0);
  const { index: rowOf, value: a1 } = act.row;
  for (let r0 = 0; r0 < n; r0 += BACKWARD_BLOCK) {
    const r1 = Math.min(n, r0 + BACKWARD_BLOCK);
    for (let r = r0; r < r1; r++) {
      const o = r * k;
      dZ2[o + labels[r]] -= 1;
      for (let c = 0; c < k; c++) g.b2[c] += dZ2[o + c];
    }
    // Hidden unit j of the block's rows: its nonzero activations give dW2[j,:] (rows in increasing order, up to
    // eight per store) and, where A1 > 0, dZ1 = dZ2·W2[j,:], which takes A1's place (A1 is not needed after).
    for (let j = 0; j < h; j++) {
      let count = 0;
      for (let r = r0; r < r1; r++) {
        const x = A1[r * h + j];
        if (x === 0) continue;
        rowOf[count] = r;
        a1[count] = x;
        count++;
      }
      if (count === 0) continue;
      const wj = j * k;
      accumulateRows(g.W2, wj, k, dZ2, rowOf, a1, 0, count);
      for (let t = 0; t < count; t++) {
        const o = rowOf[t] * k;
        let d = 0;
        for (let c = 0; c < k; c++) d += dZ2[o + c] * W2[wj + c];
        A1[rowOf[t] * h + j] = a1[t] > 0 ? d : 0;
      }
    }
    for (let r = r0; r < r1; r++) {
      const a = r * h;
      for (let j = 0; j < h; j++) g.b1[j] += A1[a + j];
    }
  }
  sparseTimesDenseTiled(XT, A1, h, g.W1, act.cursor, tileRowsFor(h));
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
  for (const key of ['W1', 'b1', 'W2', 'b2'] as const) {
    const w = p[key];
    const d = g[key];
    for (let i = 0; i < w.length; i++) w[i] = w[i] - lr * d[i];
  }
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
