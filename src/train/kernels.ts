// The trainer's inner loops. Every sum runs in one fixed order (the order of the terms' indices), whatever the data
// or the process, so a run is bit-for-bit repeatable. Terms that are exactly 0 are skipped: adding a 0 product leaves
// a sum unchanged, so skipping them gives the same bits as not skipping.
import type { SparseRows } from './sparse.js';

/**
 * out = A·B.  A is (n × d) sparse rows, B is (d × w) dense row-major, out is (n × w).
 * out[r, j] = Σ over A's entries (r, c) in increasing c of A[r,c]·B[c,j], summed left to right from 0. Four entries are
 * taken per pass over the row of out: the running sum stays in a register between them, in the same order.
 */
export function sparseTimesDense(A: SparseRows, B: Float64Array, w: number, out: Float64Array): void {
  const { rows, rowStart, colIndex, value } = A;
  for (let r = 0; r < rows; r++) {
    const o = r * w;
    out.fill(0, o, o + w);
    const end = rowStart[r + 1];
    let p = rowStart[r];
    for (; p + 3 < end; p += 4) {
      const v0 = value[p], v1 = value[p + 1], v2 = value[p + 2], v3 = value[p + 3];
      const b0 = colIndex[p] * w, b1 = colIndex[p + 1] * w, b2 = colIndex[p + 2] * w, b3 = colIndex[p + 3] * w;
      for (let j = 0; j < w; j++) {
        out[o + j] = out[o + j] + v0 * B[b0 + j] + v1 * B[b1 + j] + v2 * B[b2 + j] + v3 * B[b3 + j];
      }
    }
    for (; p < end; p++) {
      const v = value[p];
      const b = colIndex[p] * w;
      for (let j = 0; j < w; j++) out[o + j] += v * B[b + j];
    }
  }
}

/** Z (n × w) ← max(0, Z + bias) row by row; NaN stays NaN so a diverging run shows in its loss. */
export function addBiasRelu(Z: Float64Array, bias: Float64Array, n: number, w: number): void {
  for (let r = 0; r < n; r++) {
    const o = r * w;
    for (let j = 0; j < w; j++) {
      const z = Z[o + j] + bias[j];
      Z[o + j] = z < 0 ? 0 : z;
    }
  }
}

/**
 * out = A·W + bias.  A is (n × h) dense with many zeros (ReLU outputs), W is (h × k), out is (n × k).
 * out[r, o] = (Σ_j A[r,j]·W[j,o] in increasing j) + bias[o].
 */
export function denseTimesDense(A: Float64Array, W: Float64Array, bias: Float64Array, n: number, h: number, k: number, out: Float64Array): void {
  for (let r = 0; r < n; r++) {
    const o = r * k;
    out.fill(0, o, o + k);
    const a = r * h;
    for (let j = 0; j < h; j++) {
      const x = A[a + j];
      if (x === 0) continue;
      const wj = j * k;
      for (let c = 0; c < k; c++) out[o + c] += x * W[wj + c];
    }
    for (let c = 0; c < k; c++) out[o + c] += bias[c];
  }
}

/**
 * Σ of x[from .. from+len) in NumPy's pairwise order for a contiguous reduction of up to 128 items (eight running
 * partial sums, combined as ((s0+s1)+(s2+s3))+((s4+s5)+(s6+s7)), then the leftovers), so a softmax row sums as NumPy's does.
 */
export function numpyRowSum(x: Float64Array, from: number, len: number): number {
  if (len < 8) {
    let s = -0.0;
    for (let i = 0; i < len; i++) s += x[from + i];
    return s;
  }
  let s0 = x[from], s1 = x[from + 1], s2 = x[from + 2], s3 = x[from + 3];
  let s4 = x[from + 4], s5 = x[from + 5], s6 = x[from + 6], s7 = x[from + 7];
  let i = 8;
  for (; i + 7 < len; i += 8) {
    s0 += x[from + i]; s1 += x[from + i + 1]; s2 += x[from + i + 2]; s3 += x[from + i + 3];
    s4 += x[from + i + 4]; s5 += x[from + i + 5]; s6 += x[from + i + 6]; s7 += x[from + i + 7];
  }
  let s = (s0 + s1 + (s2 + s3)) + (s4 + s5 + (s6 + s7));
  for (; i < len; i++) s += x[from + i];
  return s;
}

/** Z (n × k) ← softmax of each row, exp(z − max) / Σ exp(z − max), as the notebook's softmax. */
export function softmaxRows(Z: Float64Array, n: number, k: number): void {
  for (let r = 0; r < n; r++) {
    const o = r * k;
    let max = Z[o];
    for (let c = 1; c < k; c++) if (Z[o + c] > max || Number.isNaN(Z[o + c])) max = Z[o + c];
    for (let c = 0; c < k; c++) Z[o + c] = Math.exp(Z[o + c] - max);
    const sum = numpyRowSum(Z, o, k);
    for (let c = 0; c < k; c++) Z[o + c] = Z[o + c] / sum;
  }
}

/** −Σ_r log(P[r, label_r] + 1e-8) / n: the notebook's cross-entropy with one-hot labels (the other terms are 0). */
export function crossEntropy(P: Float64Array, labels: Uint8Array, n: number, k: number): number {
  let s = 0;
  for (let r = 0; r < n; r++) s += Math.log(P[r * k + labels[r]] + 1e-8);
  return -s / n;
}

/** How many rows of P (n × k) have their first largest entry at the label, as argmax(P) == argmax(Y). */
export function countCorrect(P: Float64Array, labels: Uint8Array, n: number, k: number): number {
  let correct = 0;
  for (let r = 0; r < n; r++) {
    const o = r * k;
    let best = 0;
    for (let c = 1; c < k; c++) if (P[o + c] > P[o + best]) best = c;
    if (best === labels[r]) correct++;
  }
  return correct;
}
