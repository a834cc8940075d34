// The optimised kernels against plain reference loops written here, bit for bit (Object.is on every element): the
// fast paths fold several terms per store and tile the work, and must still add every term in the reference's order.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { countCorrect, crossEntropy, softmaxRows, sparseTimesDense, sparseTimesDenseBiasRelu, sparseTimesDenseTiled } from '../src/train/kernels/ts.js';
import { allocateRowEntries, outputLogits } from '../src/train/output-layer.js';
import { allocateActivations, backward, forward, initParams, zeroGradients, type Shape } from '../src/train/mlp.js';
import { denseToRows, transpose } from '../src/train/sparse.js';
import { RandomState } from '../src/rng/random-state.js';
import { fixture } from './helpers/fixtures.js';

const WIDTHS = [1, 7, 13, 128];

/** A (rows × cols) matrix, row r nonzero with a probability of its own in [0, 0.9): empty, short and long rows. */
function sparseDense(rs: RandomState, rows: number, cols: number, pixels: boolean): Float64Array {
  const m = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const density = r === 0 ? 0 : 0.9 * rs.randomSample();
    for (let c = 0; c < cols; c++) {
      if (rs.randomSample() >= density) continue;
      m[r * cols + c] = pixels ? (1 + rs.randomInterval(254)) / 255.0 : rs.standardNormal();
    }
  }
  return m;
}

function normals(rs: RandomState, count: number): Float64Array {
  return new Float64Array(count).map(() => rs.standardNormal());
}

/** Reference: out[r,j] = Σ_c (nonzero A[r,c]) A[r,c]·B[c,j], one term at a time in increasing c, from 0. */
function referenceProduct(A: Float64Array, n: number, d: number, B: Float64Array, w: number): Float64Array {
  const out = new Float64Array(n * w);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < w; j++) {
      let s = 0;
      for (let c = 0; c < d; c++) if (A[r * d + c] !== 0) s += A[r * d + c] * B[c * w + j];
      out[r * w + j] = s;
    }
  }
  return out;
}

function assertSameBits(got: Float64Array, want: Float64Array, what: string): void {
  assert.is(got.length, want.length, `${what}: length`);
  for (let i = 0; i < want.length; i++) {
    if (!Object.is(got[i], want[i])) assert.unreachable(`${what}: element ${i} is ${got[i]}, reference ${want[i]}`);
  }
}

test('sparseTimesDense adds the terms of each output in increasing column order', () => {
  const rs = new RandomState(1);
  for (const w of WIDTHS) {
    for (const [n, d] of [[1, 1], [37, 29], [101, 53]]) {
      const A = sparseDense(rs, n, d, true);
      const B = normals(rs, d * w);
      const out = new Float64Array(n * w).fill(7);
      sparseTimesDense(denseToRows(A, n, d), B, w, out);
      assertSameBits(out, referenceProduct(A, n, d, B, w), `${n}×${d}·${d}×${w}`);
    }
  }
});

test('sparseTimesDenseBiasRelu equals the product, plus bias, through the ReLU', () => {
  const rs = new RandomState(2);
  for (const w of WIDTHS) {
    const n = 43, d = 31;
    const A = sparseDense(rs, n, d, true);
    const B = normals(rs, d * w);
    const bias = normals(rs, w);
    const want = referenceProduct(A, n, d, B, w);
    for (let r = 0; r < n; r++) {
      for (let j = 0; j < w; j++) {
        const z = want[r * w + j] + bias[j];
        want[r * w + j] = z < 0 ? 0 : z;
      }
    }
    const out = new Float64Array(n * w).fill(7);
    sparseTimesDenseBiasRelu(denseToRows(A, n, d), B, bias, w, out);
    assertSameBits(out, want, `width ${w}`);
  }
});

test('sparseTimesDenseTiled gives the untiled sums for any tile height', () => {
  const rs = new RandomState(3);
  for (const w of WIDTHS) {
    const n = 19, d = 203;
    const A = sparseDense(rs, n, d, false);
    const B = normals(rs, d * w);
    const want = referenceProduct(A, n, d, B, w);
    const cursor = new Int32Array(n);
    for (const tileRows of [1, 3, 8, 64, 1000]) {
      const out = new Float64Array(n * w).fill(7);
      sparseTimesDenseTiled(denseToRows(A, n, d), B, w, out, cursor, tileRows);
      assertSameBits(out, want, `width ${w}, tiles of ${tileRows}`);
    }
  }
});

test('outputLogits gives the zero-skipping sums, plus the bias last, whether W is finite or not', () => {
  const rs = new RandomState(4);
  for (const k of [1, 7, 10, 13]) {
    for (const h of WIDTHS) {
      for (const infinite of [false, true]) {
        const n = 29;
        const A = sparseDense(rs, n, h, false);
        for (let i = 0; i < A.length; i++) A[i] = Math.max(0, A[i]); // ReLU outputs
        const W = normals(rs, h * k);
        // An infinite weight on a unit that is 0 in row 0 (empty): 0·∞ would make NaN where skipping gives 0.
        if (infinite) W[(h - 1) * k] = Infinity;
        const bias = normals(rs, k);
        const want = referenceProduct(A, n, h, W, k);
        for (let r = 0; r < n; r++) for (let c = 0; c < k; c++) want[r * k + c] += bias[c];
        const out = new Float64Array(n * k).fill(7);
        outputLogits(A, W, bias, h, k, out, allocateRowEntries(h), 0, n);
        assertSameBits(out, want, `${n}×${h}·${h}×${k}${infinite ? ', an infinite weight' : ''}`);
        assert.ok(Object.is(out[0], bias[0] + 0), 'row 0 has no nonzero: its logits are the bias');
      }
    }
  }
});

/** The backward pass as first written: row by row, dW1 = Xᵀ·dZ1 by the one-term reference product. */
function referenceBackward(X: Float64Array, n: number, d: number, labels: Uint8Array, W2: Float64Array, A1: Float64Array, dZ2: Float64Array, h: number, k: number) {
  const gW2 = new Float64Array(h * k), gb2 = new Float64Array(k), gb1 = new Float64Array(h);
  for (let r = 0; r < n; r++) {
    dZ2[r * k + labels[r]] -= 1;
    for (let c = 0; c < k; c++) gb2[c] += dZ2[r * k + c];
    for (let j = 0; j < h; j++) {
      const x = A1[r * h + j];
      if (x === 0) continue;
      let s = 0;
      for (let c = 0; c < k; c++) {
        gW2[j * k + c] += x * dZ2[r * k + c];
        s += dZ2[r * k + c] * W2[j * k + c];
      }
      A1[r * h + j] = x > 0 ? s : 0;
    }
    for (let j = 0; j < h; j++) gb1[j] += A1[r * h + j];
  }
  const XT = new Float64Array(d * n);
  for (let r = 0; r < n; r++) for (let c = 0; c < d; c++) XT[c * n + r] = X[r * d + c];
  const gW1 = referenceProduct(XT, d, n, A1, h);
  for (const g of [gW1, gb1, gW2, gb2]) for (let i = 0; i < g.length; i++) g[i] = g[i] / n;
  return { W1: gW1, b1: gb1, W2: gW2, b2: gb2, dZ1: A1 };
}

test('backward gives the reference gradients and dZ1 bit for bit', () => {
  const rs = new RandomState(5);
  for (const hidden of WIDTHS) {
    for (const n of [1, 9, 1203]) {
      const shape: Shape = { inputs: 57, hidden, outputs: 10 };
      const p = initParams(shape, 6);
      for (let i = 0; i < p.b1.length; i++) p.b1[i] = 0.1 * rs.standardNormal();
      const X = sparseDense(rs, n, shape.inputs, true);
      const labels = new Uint8Array(n).map(() => rs.randomInterval(9));
      const rows = denseToRows(X, n, shape.inputs);
      const act = allocateActivations(shape, n);
      forward(p, rows, act);
      const want = referenceBackward(X, n, shape.inputs, labels, p.W2, act.hidden.slice(), act.output.slice(), hidden, shape.outputs);
      const g = zeroGradients(shape);
      backward(p, transpose(rows), labels, act, g);
      const what = `hidden ${hidden}, ${n} rows`;
      assertSameBits(act.hidden, want.dZ1, `${what}: dZ1`);
      for (const key of ['W1', 'b1', 'W2', 'b2'] as const) assertSameBits(g[key], want[key], `${what}: ${key}`);
    }
  }
});

test('forward gives ReLU(X·W1 + b1) and its softmax outputs bit for bit', () => {
  const rs = new RandomState(7);
  const shape: Shape = { inputs: 61, hidden: 13, outputs: 10 };
  const n = 77;
  const p = initParams(shape, 8);
  for (let i = 0; i < p.b1.length; i++) p.b1[i] = 0.1 * rs.standardNormal();
  const X = sparseDense(rs, n, shape.inputs, true);
  const act = allocateActivations(shape, n);
  forward(p, denseToRows(X, n, shape.inputs), act);
  const A1 = referenceProduct(X, n, shape.inputs, p.W1, shape.hidden);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < shape.hidden; j++) {
      const z = A1[r * shape.hidden + j] + p.b1[j];
      A1[r * shape.hidden + j] = z < 0 ? 0 : z;
    }
  }
  assertSameBits(act.hidden, A1, 'A1');
  const Z2 = referenceProduct(A1, n, shape.hidden, p.W2, shape.outputs);
  for (let r = 0; r < n; r++) for (let c = 0; c < shape.outputs; c++) Z2[r * shape.outputs + c] += p.b2[c];
  assertSameBits(act.output, referenceSoftmax(Z2, n, shape.outputs), 'A2');
});

/**
 * Reference: the notebook's softmax, exp(z − max) / Σ exp(z − max), row by row, with the sum in NumPy's order for a
 * row of 8 to 15 items: eight partial sums seeded by the first eight, combined ((s0+s1)+(s2+s3))+((s4+s5)+(s6+s7)),
 * then the rest one at a time (numpy/core/src/umath/loops_utils.h, pairwise_sum).
 */
function referenceSoftmax(Z: Float64Array, n: number, k: number): Float64Array {
  assert.ok(k >= 8 && k < 16, 'the reference sums rows of 8 to 15 items');
  const out = new Float64Array(n * k);
  for (let r = 0; r < n; r++) {
    let max = -Infinity;
    for (let c = 0; c < k; c++) max = Math.max(max, Z[r * k + c]);
    const e: number[] = [];
    for (let c = 0; c < k; c++) e.push(Math.exp(Z[r * k + c] - max));
    let sum = ((e[0] + e[1]) + (e[2] + e[3])) + ((e[4] + e[5]) + (e[6] + e[7]));
    for (let c = 8; c < k; c++) sum += e[c];
    for (let c = 0; c < k; c++) out[r * k + c] = e[c] / sum;
  }
  return out;
}

interface SoftmaxLossFixture {
  n: number;
  k: number;
  z: number[];
  softmax: number[];
  labels: number[];
  p_for_loss: number[];
  loss: number;
}

const NUMPY = fixture<SoftmaxLossFixture>('numpy-softmax-loss.json');

test('softmaxRows equals NumPy\'s softmax, rows of ±800 included (no overflow: the max is subtracted first)', () => {
  const Z = Float64Array.from(NUMPY.z);
  softmaxRows(Z, NUMPY.n, NUMPY.k);
  for (let i = 0; i < Z.length; i++) {
    const want = NUMPY.softmax[i];
    assert.ok(Math.abs(Z[i] - want) <= 1e-15 * Math.max(want, 1e-300) + 1e-300, `element ${i}: ${Z[i]}, NumPy ${want}`);
  }
  assertSameBits(Z, referenceSoftmax(Float64Array.from(NUMPY.z), NUMPY.n, NUMPY.k), 'against the plain loop');
});

test('softmaxRows works on the rows from `from` on and leaves the others alone', () => {
  const Z = Float64Array.from(NUMPY.z);
  softmaxRows(Z, 4, NUMPY.k, 2);
  assertSameBits(Z.subarray(0, 2 * NUMPY.k), Float64Array.from(NUMPY.z.slice(0, 2 * NUMPY.k)), 'rows 0–1');
  assertSameBits(Z.subarray(2 * NUMPY.k, 4 * NUMPY.k), referenceSoftmax(Float64Array.from(NUMPY.z.slice(2 * NUMPY.k, 4 * NUMPY.k)), 2, NUMPY.k), 'rows 2–3');
  assertSameBits(Z.subarray(4 * NUMPY.k), Float64Array.from(NUMPY.z.slice(4 * NUMPY.k)), 'rows 4 on');
});

test('crossEntropy equals NumPy\'s −Σ Y·log(P + 1e-8) / n, a probability of 0 at a label included', () => {
  const P = Float64Array.from(NUMPY.p_for_loss);
  const got = crossEntropy(P, Uint8Array.from(NUMPY.labels), NUMPY.n, NUMPY.k);
  assert.ok(Math.abs(got - NUMPY.loss) <= 1e-14 * NUMPY.loss, `${got}, NumPy ${NUMPY.loss}`);
});

test('countCorrect counts the rows whose first largest probability is at the label', () => {
  // row 0: 2 is the largest; row 1: 0 and 3 tie (argmax takes the first, 0); row 2: 0 and 1 tie (0); row 3: 0
  const P = Float64Array.from([0.1, 0.2, 0.6, 0.1, 0.4, 0.1, 0.1, 0.4, 0.3, 0.3, 0.2, 0.2, 0.9, 0.05, 0.03, 0.02]);
  assert.is(countCorrect(P, Uint8Array.from([2, 3, 0, 1]), 4, 4), 2);
  assert.is(countCorrect(P, Uint8Array.from([2, 0, 0, 0]), 4, 4), 4);
  assert.is(countCorrect(P, Uint8Array.from([0, 1, 1, 2]), 4, 4), 0);
});

test.run();
