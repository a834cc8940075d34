// The output layer's kernels: logits Z2 = A1·W2 + b2 forward; dZ2, gW2, gb2, dZ1 and gb1 backward. Every sum adds
// its terms in one fixed order (hidden units or samples increasing), the order TRAINER_VERSION 1 pinned.
// Where A1 is 0 a term is 0·x: the first versions skipped those terms, the faster ones below add them when that gives
// the same bits. It does whenever x is finite: 0·x is ±0, and adding ±0 leaves a sum unchanged, because a sum that
// starts at +0 is never −0 in round-to-nearest. So gW2 (x = dZ2, finite whenever the loss is) always adds them, and
// the logits add them when W2 is all finite; with an infinite weight, 0·∞ = NaN, and the logits skip zeros as before.
// The outputs are 10 wide for MNIST: the fast paths keep a row's 10 values in locals (V8 holds them in registers).
// These are the reference and the fallback; kernels/wasm/output-layer-source.ts does the same in WebAssembly SIMD
// (kernels/index.ts), and the steps that combine them take either set as `kernels`.
import { accumulateRows } from './kernels/ts.js';

/** The output layer's kernels: the TypeScript ones below (TS_OUTPUT_LAYER), or the Wasm ones of kernels/index.ts. */
export interface OutputLayerKernels {
  /** outputLogits below */
  outputLogits(A: Float64Array, W: Float64Array, bias: Float64Array, h: number, k: number, out: Float64Array, row: RowEntries, from: number, to: number): void;
  /** addOutputWeightGradient below */
  addOutputWeightGradient(A1: Float64Array, dZ2: Float64Array, h: number, k: number, gW2: Float64Array, r0: number, r1: number, j0: number, j1: number): void;
  /** hiddenLayerDelta below */
  hiddenLayerDelta(A1: Float64Array, dZ2: Float64Array, W2: Float64Array, h: number, k: number, from: number, to: number): void;
  /** addRows below */
  addRows(M: Float64Array, w: number, out: Float64Array, c0: number, c1: number, r0: number, r1: number): void;
}

/** The nonzero entries of one dense row, as index/value lists: scratch for the logits of a network with an infinite weight. */
export interface RowEntries {
  /** column of each nonzero, increasing */
  index: Int32Array;
  value: Float64Array;
}

export function allocateRowEntries(width: number): RowEntries {
  return { index: new Int32Array(width), value: new Float64Array(width) };
}

/** No NaN or ±∞ in x. */
export function allFinite(x: Float64Array): boolean {
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) return false;
  return true;
}

/**
 * out = A·W + bias for rows [from, to).  A is (n × h) ReLU outputs, W is (h × k), out is (n × k); row is scratch of
 * width h.  out[r, o] = (Σ_j A[r,j]·W[j,o] in increasing j, zeros skipped) + bias[o].
 */
export function outputLogits(A: Float64Array, W: Float64Array, bias: Float64Array, h: number, k: number, out: Float64Array, row: RowEntries, from: number, to: number): void {
  if (k === 10 && allFinite(W)) logits10(A, W, bias, h, out, from, to);
  else denseTimesDense(A, W, bias, h, k, out, row, from, to);
}

/** outputLogits for k = 10 and a finite W: every term added, ten running sums in locals. */
function logits10(A: Float64Array, W: Float64Array, bias: Float64Array, h: number, out: Float64Array, from: number, to: number): void {
  for (let r = from; r < to; r++) {
    const a = r * h;
    let z0 = 0, z1 = 0, z2 = 0, z3 = 0, z4 = 0, z5 = 0, z6 = 0, z7 = 0, z8 = 0, z9 = 0;
    for (let j = 0; j < h; j++) {
      const x = A[a + j];
      const w = j * 10;
      z0 += x * W[w]; z1 += x * W[w + 1]; z2 += x * W[w + 2]; z3 += x * W[w + 3]; z4 += x * W[w + 4];
      z5 += x * W[w + 5]; z6 += x * W[w + 6]; z7 += x * W[w + 7]; z8 += x * W[w + 8]; z9 += x * W[w + 9];
    }
    const o = r * 10;
    out[o] = z0 + bias[0]; out[o + 1] = z1 + bias[1]; out[o + 2] = z2 + bias[2]; out[o + 3] = z3 + bias[3];
    out[o + 4] = z4 + bias[4]; out[o + 5] = z5 + bias[5]; out[o + 6] = z6 + bias[6]; out[o + 7] = z7 + bias[7];
    out[o + 8] = z8 + bias[8]; out[o + 9] = z9 + bias[9];
  }
}

/** outputLogits by listing each row's nonzeros first, so the sum takes eight of them per store (any k, any W). */
export function denseTimesDense(A: Float64Array, W: Float64Array, bias: Float64Array, h: number, k: number, out: Float64Array, row: RowEntries, from: number, to: number): void {
  const { index, value } = row;
  for (let r = from; r < to; r++) {
    const a = r * h;
    let count = 0;
    for (let j = 0; j < h; j++) {
      const x = A[a + j];
      if (x === 0) continue;
      index[count] = j;
      value[count] = x;
      count++;
    }
    const o = r * k;
    out.fill(0, o, o + k);
    accumulateRows(out, o, k, W, index, value, 0, count);
    for (let c = 0; c < k; c++) out[o + c] += bias[c];
  }
}

/** dZ2 ← A2 − Y for rows [from, to) of dZ2 (n × k): the one-hot label's entry less 1. */
export function subtractLabels(dZ2: Float64Array, labels: Uint8Array, k: number, from: number, to: number): void {
  for (let r = from; r < to; r++) dZ2[r * k + labels[r]] -= 1;
}

/** out[c] += M[r, c] for rows r in [r0, r1) in increasing order, columns c in [c0, c1) of M (n × w); zeros added too. */
export function addRows(M: Float64Array, w: number, out: Float64Array, c0: number, c1: number, r0: number, r1: number): void {
  for (let r = r0; r < r1; r++) {
    const o = r * w;
    for (let c = c0; c < c1; c++) out[c] += M[o + c];
  }
}

/** out[c] = Σ_r M[r, c] over all n rows in increasing order, from 0, for columns c in [c0, c1). */
export function sumRows(M: Float64Array, n: number, w: number, out: Float64Array, c0: number, c1: number, kernels: OutputLayerKernels = TS_OUTPUT_LAYER): void {
  out.fill(0, c0, c1);
  kernels.addRows(M, w, out, c0, c1, 0, n);
}

/** Rows that outputLayerBackward takes through every step at once, while they are in L1. */
const GRADIENT_BLOCK_ROWS = 8;

/**
 * gW2[j, c] += Σ_r A1[r, j]·dZ2[r, c] over rows r in [r0, r1), increasing, for hidden units j in [j0, j1).  A1 is
 * (n × h), dZ2 (n × k) holds A2 − Y, gW2 is (h × k).  Eight rows' terms are folded into each store, which adds as
 * eight stores would (a float64 stored and loaded again is unchanged): the same sums however the rows are cut.
 */
export function addOutputWeightGradient(A1: Float64Array, dZ2: Float64Array, h: number, k: number, gW2: Float64Array, r0: number, r1: number, j0: number, j1: number): void {
  let r = r0;
  for (; r + 8 <= r1; r += 8) {
    const a0 = r * h, a1 = a0 + h, a2 = a1 + h, a3 = a2 + h, a4 = a3 + h, a5 = a4 + h, a6 = a5 + h, a7 = a6 + h;
    const d = r * k;
    for (let c = 0; c < k; c++) {
      const e0 = dZ2[d + c], e1 = dZ2[d + k + c], e2 = dZ2[d + 2 * k + c], e3 = dZ2[d + 3 * k + c];
      const e4 = dZ2[d + 4 * k + c], e5 = dZ2[d + 5 * k + c], e6 = dZ2[d + 6 * k + c], e7 = dZ2[d + 7 * k + c];
      for (let j = j0; j < j1; j++) {
        const o = j * k + c;
        gW2[o] = gW2[o] + A1[a0 + j] * e0 + A1[a1 + j] * e1 + A1[a2 + j] * e2 + A1[a3 + j] * e3
          + A1[a4 + j] * e4 + A1[a5 + j] * e5 + A1[a6 + j] * e6 + A1[a7 + j] * e7;
      }
    }
  }
  // Fewer than eight rows left: one term per store.
  for (; r < r1; r++) {
    const a = r * h;
    const d = r * k;
    for (let j = j0; j < j1; j++) {
      const x = A1[a + j];
      for (let c = 0; c < k; c++) gW2[j * k + c] = gW2[j * k + c] + x * dZ2[d + c];
    }
  }
}

/** gW2[j, :] = Σ_r A1[r, j]·dZ2[r, :] over all n rows, for hidden units j in [j0, j1) (addOutputWeightGradient's sums). */
export function outputWeightGradient(A1: Float64Array, dZ2: Float64Array, n: number, h: number, k: number, gW2: Float64Array, j0: number, j1: number, kernels: OutputLayerKernels = TS_OUTPUT_LAYER): void {
  gW2.fill(0, j0 * k, j1 * k);
  kernels.addOutputWeightGradient(A1, dZ2, h, k, gW2, 0, n, j0, j1);
}

/**
 * A1 ← dZ1 = dZ2·W2ᵀ ⊙ [A1 > 0] for rows [from, to): A1 is (n × h) ReLU outputs, dZ2 (n × k), W2 (h × k).
 * Each dZ1[r, j] sums over c in increasing order from 0.
 */
export function hiddenLayerDelta(A1: Float64Array, dZ2: Float64Array, W2: Float64Array, h: number, k: number, from: number, to: number): void {
  if (k === 10) {
    hiddenLayerDelta10(A1, dZ2, W2, h, from, to);
    return;
  }
  for (let r = from; r < to; r++) {
    const a = r * h;
    const o = r * k;
    for (let j = 0; j < h; j++) {
      const x = A1[a + j];
      if (x === 0) continue;
      const wj = j * k;
      let d = 0;
      for (let c = 0; c < k; c++) d += dZ2[o + c] * W2[wj + c];
      A1[a + j] = x > 0 ? d : 0;
    }
  }
}

/** hiddenLayerDelta for k = 10: the row's ten dZ2 values in locals. */
function hiddenLayerDelta10(A1: Float64Array, dZ2: Float64Array, W2: Float64Array, h: number, from: number, to: number): void {
  for (let r = from; r < to; r++) {
    const a = r * h;
    const o = r * 10;
    const e0 = dZ2[o], e1 = dZ2[o + 1], e2 = dZ2[o + 2], e3 = dZ2[o + 3], e4 = dZ2[o + 4];
    const e5 = dZ2[o + 5], e6 = dZ2[o + 6], e7 = dZ2[o + 7], e8 = dZ2[o + 8], e9 = dZ2[o + 9];
    for (let j = 0; j < h; j++) {
      const x = A1[a + j];
      if (x === 0) continue;
      const w = j * 10;
      const d = 0 + e0 * W2[w] + e1 * W2[w + 1] + e2 * W2[w + 2] + e3 * W2[w + 3] + e4 * W2[w + 4]
        + e5 * W2[w + 5] + e6 * W2[w + 6] + e7 * W2[w + 7] + e8 * W2[w + 8] + e9 * W2[w + 9];
      A1[a + j] = x > 0 ? d : 0;
    }
  }
}

/**
 * Backward of A2 = softmax(A1·W2 + b2) with cross-entropy, up to the hidden layer's gradient, sums not yet / n.
 * A1 is (n × h) ReLU outputs, dZ2 is (n × k) holding A2, W2 is (h × k).  In place: dZ2 ← A2 − Y,
 * A1 ← dZ1 = dZ2·W2ᵀ ⊙ [A1 > 0].  Out: gW2 = A1ᵀ·dZ2, gb2 = Σ_r dZ2[r,:], gb1 = Σ_r dZ1[r,:], each sum over rows in
 * increasing r.  One block of GRADIENT_BLOCK_ROWS rows at a time, every step while the block is in L1; the same
 * sums as the threads' passes over all rows (threads.ts).
 */
export function outputLayerBackward(A1: Float64Array, dZ2: Float64Array, W2: Float64Array, labels: Uint8Array, n: number, h: number, k: number, gW2: Float64Array, gb2: Float64Array, gb1: Float64Array, kernels: OutputLayerKernels = TS_OUTPUT_LAYER): void {
  gW2.fill(0);
  gb2.fill(0);
  gb1.fill(0);
  for (let r0 = 0; r0 < n; r0 += GRADIENT_BLOCK_ROWS) {
    const r1 = Math.min(n, r0 + GRADIENT_BLOCK_ROWS);
    subtractLabels(dZ2, labels, k, r0, r1);
    kernels.addRows(dZ2, k, gb2, 0, k, r0, r1);
    kernels.addOutputWeightGradient(A1, dZ2, h, k, gW2, r0, r1, 0, h);
    kernels.hiddenLayerDelta(A1, dZ2, W2, h, k, r0, r1);
    kernels.addRows(A1, h, gb1, 0, h, r0, r1);
  }
}

export const TS_OUTPUT_LAYER: OutputLayerKernels = { outputLogits, addOutputWeightGradient, hiddenLayerDelta, addRows };
