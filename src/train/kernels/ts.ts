// The trainer's inner loops. Every sum runs in one fixed order (the order of the terms' indices), whatever the data
// or the process, so a run is bit-for-bit repeatable. Terms that are exactly 0 are skipped: adding a 0 product leaves
// a sum unchanged, so skipping them gives the same bits as not skipping.
import type { SparseRows } from '../sparse.js';

/**
 * out[o .. o+w) += Σ over q in [from, to) of value[q] · B[index[q]·w .. +w), terms added in increasing q.
 * The kernel under every sparse product. Eight terms are folded into each store,
 * out[j] = out[j] + v0·B0[j] + … + v7·B7[j], which adds in the same order as eight separate passes but loads and
 * stores out[j] once (V8: ~0.7 ns per multiply-add instead of ~2.2); j runs two at a time for more independent work.
 */
export function accumulateRows(out: Float64Array, o: number, w: number, B: Float64Array, index: ArrayLike<number>, value: Float64Array, from: number, to: number): void {
  let q = from;
  for (; q + 7 < to; q += 8) {
    const v0 = value[q], v1 = value[q + 1], v2 = value[q + 2], v3 = value[q + 3];
    const v4 = value[q + 4], v5 = value[q + 5], v6 = value[q + 6], v7 = value[q + 7];
    const b0 = index[q] * w, b1 = index[q + 1] * w, b2 = index[q + 2] * w, b3 = index[q + 3] * w;
    const b4 = index[q + 4] * w, b5 = index[q + 5] * w, b6 = index[q + 6] * w, b7 = index[q + 7] * w;
    let j = 0;
    for (; j + 1 < w; j += 2) {
      const i = j + 1;
      out[o + j] = out[o + j] + v0 * B[b0 + j] + v1 * B[b1 + j] + v2 * B[b2 + j] + v3 * B[b3 + j]
        + v4 * B[b4 + j] + v5 * B[b5 + j] + v6 * B[b6 + j] + v7 * B[b7 + j];
      out[o + i] = out[o + i] + v0 * B[b0 + i] + v1 * B[b1 + i] + v2 * B[b2 + i] + v3 * B[b3 + i]
        + v4 * B[b4 + i] + v5 * B[b5 + i] + v6 * B[b6 + i] + v7 * B[b7 + i];
    }
    if (j < w) {
      out[o + j] = out[o + j] + v0 * B[b0 + j] + v1 * B[b1 + j] + v2 * B[b2 + j] + v3 * B[b3 + j]
        + v4 * B[b4 + j] + v5 * B[b5 + j] + v6 * B[b6 + j] + v7 * B[b7 + j];
    }
  }
  if (q + 3 < to) {
    const v0 = value[q], v1 = value[q + 1], v2 = value[q + 2], v3 = value[q + 3];
    const b0 = index[q] * w, b1 = index[q + 1] * w, b2 = index[q + 2] * w, b3 = index[q + 3] * w;
    for (let j = 0; j < w; j++) out[o + j] = out[o + j] + v0 * B[b0 + j] + v1 * B[b1 + j] + v2 * B[b2 + j] + v3 * B[b3 + j];
    q += 4;
  }
  if (q + 1 < to) {
    const v0 = value[q], v1 = value[q + 1];
    const b0 = index[q] * w, b1 = index[q + 1] * w;
    for (let j = 0; j < w; j++) out[o + j] = out[o + j] + v0 * B[b0 + j] + v1 * B[b1 + j];
    q += 2;
  }
  if (q < to) {
    const v0 = value[q];
    const b0 = index[q] * w;
    for (let j = 0; j < w; j++) out[o + j] = out[o + j] + v0 * B[b0 + j];
  }
}

/**
 * out = A·B.  A is (n × d) sparse rows, B is (d × w) dense row-major, out is (n × w).
 * out[r, j] = Σ over A's entries (r, c) in increasing c of A[r,c]·B[c,j], summed left to right from 0.
 */
export function sparseTimesDense(A: SparseRows, B: Float64Array, w: number, out: Float64Array): void {
  const { rows, rowStart, colIndex, value } = A;
  for (let r = 0; r < rows; r++) {
    const o = r * w;
    out.fill(0, o, o + w);
    accumulateRows(out, o, w, B, colIndex, value, rowStart[r], rowStart[r + 1]);
  }
}

/**
 * out = max(0, A·B + bias).  A is (n × d) sparse rows, B is (d × w), bias is (w), out is (n × w).
 * out[r, j] = max(0, (Σ_c A[r,c]·B[c,j] in increasing c) + bias[j]), as sparseTimesDense then addBiasRelu, but each
 * row gets its bias and ReLU while it is still in L1.  Only rows [from, to) when given (a thread's share).
 */
export function sparseTimesDenseBiasRelu(A: SparseRows, B: Float64Array, bias: Float64Array, w: number, out: Float64Array, from = 0, to = A.rows): void {
  const { rowStart, colIndex, value } = A;
  for (let r = from; r < to; r++) {
    const o = r * w;
    out.fill(0, o, o + w);
    accumulateRows(out, o, w, B, colIndex, value, rowStart[r], rowStart[r + 1]);
    biasRelu(out, o, bias, w);
  }
}

/**
 * out = A·B with B's rows visited in tiles.  A is (n × d) sparse rows, B is (d × w), out is (n × w); cursor is scratch
 * of n entries.  Same sums as sparseTimesDense: out[r, j] adds A[r,c]·B[c,j] in increasing c, since tiles of c are
 * taken in increasing order and each tile continues every row's sum where the previous one left it.  Meant for
 * dW1 = Xᵀ·dZ1, where A = Xᵀ reaches all over dZ1 (n_train KB rows): a tile of `tileRows` rows of B stays in L2
 * while every row of A takes its terms from it (3× faster than one pass on MNIST).  Only rows [from, to) of A and
 * out when given (a thread's share: each row's sum is the same whatever the range).
 */
export function sparseTimesDenseTiled(A: SparseRows, B: Float64Array, w: number, out: Float64Array, cursor: Int32Array, tileRows: number, from = 0, to = A.rows): void {
  const { cols, rowStart, colIndex, value } = A;
  out.fill(0, from * w, to * w);
  for (let r = from; r < to; r++) cursor[r] = rowStart[r];
  for (let c0 = 0; c0 < cols; c0 += tileRows) {
    const c1 = Math.min(cols, c0 + tileRows);
    for (let r = from; r < to; r++) {
      const from = cursor[r];
      const last = rowStart[r + 1];
      let to = from;
      while (to < last && colIndex[to] < c1) to++;
      if (to > from) accumulateRows(out, r * w, w, B, colIndex, value, from, to);
      cursor[r] = to;
    }
  }
}

/** Rows of B that fill about 512 KB (a core's L2 on the machines measured), at least 8. */
export function tileRowsFor(w: number): number {
  return Math.max(8, Math.floor(65536 / Math.max(1, w)));
}

function biasRelu(Z: Float64Array, o: number, bias: Float64Array, w: number): void {
  for (let j = 0; j < w; j++) {
    const z = Z[o + j] + bias[j];
    Z[o + j] = z < 0 ? 0 : z;
  }
}

/** Z (n × w) ← max(0, Z + bias) row by row; NaN stays NaN so a diverging run shows in its loss. */
export function addBiasRelu(Z: Float64Array, bias: Float64Array, n: number, w: number): void {
  for (let r = 0; r < n; r++) biasRelu(Z, r * w, bias, w);
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

/** Z (n × k) ← softmax of each row, exp(z − max) / Σ exp(z − max), as the notebook's softmax; rows [from, n). */
export function softmaxRows(Z: Float64Array, n: number, k: number, from = 0): void {
  for (let r = from; r < n; r++) {
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
