// Each WebAssembly SIMD kernel of the output layer (10 outputs) against its TypeScript reference
// (src/train/output-layer.ts) on random inputs (fast-check): any hidden width (odd, 1 to 19), row counts odd and even
// (the hidden-layer delta takes two rows per lane pair), thread-style ranges of rows and of hidden units, and NaN,
// ±∞ and −0 in the weights and activations (ReLU outputs are ±0 or positive; negatives and NaN are tried too). Every
// output element must have the same bits, a NaN matching any NaN (wasm-kernels.test.ts says why).
import { test } from 'uvu';
import fc from 'fast-check';
import { TS_KERNELS, WASM_KERNELS } from '../src/train/kernels/index.js';
import { allocateRowEntries } from '../src/train/output-layer.js';
import { inArena, real, sameBits, scoped, share, weight, weights } from './helpers/kernel-inputs.js';

const K = 10;

/** A hidden activation: often exactly 0 or −0 (the ReLU mask), else any weight. */
const activation = fc.oneof(fc.constantFrom(0, -0), real.map(Math.abs), weight);

const shape = fc.record({ n: fc.integer({ min: 0, max: 11 }), h: fc.integer({ min: 1, max: 19 }) });

function activations(length: number): fc.Arbitrary<number[]> {
  return fc.array(activation, { minLength: length, maxLength: length });
}

const RUNS = { numRuns: 300, endOnFailure: true };

test('wasm logits (A1·W2 + b2) give the bits of the TypeScript kernel, with W2 finite or not', () => {
  const input = shape.chain(({ n, h }) =>
    fc.record({
      n: fc.constant(n), h: fc.constant(h),
      A: activations(n * h),
      // finite weights take the Wasm kernel; a NaN or ±∞ the TypeScript one that skips zeros
      W: fc.oneof(fc.array(real, { minLength: h * K, maxLength: h * K }), weights(h * K)),
      bias: weights(K),
      range: share(n),
      before: fc.double(),
    }),
  );
  fc.assert(
    fc.property(input, scoped(({ n, h, A, W, bias, range: [from, to], before }) => {
      const a = inArena(A), w = inArena(W), b = inArena(bias);
      const want = inArena(new Array(n * K).fill(before)), got = inArena(new Array(n * K).fill(before));
      TS_KERNELS.outputLogits(a, w, b, h, K, want, allocateRowEntries(h), from, to);
      WASM_KERNELS.outputLogits(a, w, b, h, K, got, allocateRowEntries(h), from, to);
      return sameBits(got, want);
    })),
    RUNS,
  );
});

test('wasm gW2 += A1ᵀ·dZ2 gives the bits of the TypeScript kernel, for any rows and hidden units', () => {
  const input = shape.chain(({ n, h }) =>
    fc.record({
      n: fc.constant(n), h: fc.constant(h),
      A1: activations(n * h),
      dZ2: weights(n * K),
      gW2: weights(h * K),
      rows: share(n),
      units: share(h),
    }),
  );
  fc.assert(
    fc.property(input, scoped(({ h, A1, dZ2, gW2, rows: [r0, r1], units: [j0, j1] }) => {
      const a = inArena(A1), d = inArena(dZ2);
      const want = inArena(gW2), got = inArena(gW2);
      TS_KERNELS.addOutputWeightGradient(a, d, h, K, want, r0, r1, j0, j1);
      WASM_KERNELS.addOutputWeightGradient(a, d, h, K, got, r0, r1, j0, j1);
      return sameBits(got, want);
    })),
    RUNS,
  );
});

test('wasm dZ1 = dZ2·W2ᵀ ⊙ [A1 > 0] gives the bits of the TypeScript kernel, ±0 kept, odd row counts', () => {
  const input = shape.chain(({ n, h }) =>
    fc.record({
      n: fc.constant(n), h: fc.constant(h),
      A1: activations(n * h),
      dZ2: weights(n * K),
      W2: weights(h * K),
      rows: share(n),
    }),
  );
  fc.assert(
    fc.property(input, scoped(({ h, A1, dZ2, W2, rows: [from, to] }) => {
      const d = inArena(dZ2), w = inArena(W2);
      const want = inArena(A1), got = inArena(A1);
      TS_KERNELS.hiddenLayerDelta(want, d, w, h, K, from, to);
      WASM_KERNELS.hiddenLayerDelta(got, d, w, h, K, from, to);
      return sameBits(got, want);
    })),
    RUNS,
  );
});

test('wasm column sums (addRows) give the bits of the TypeScript kernel, for any columns and rows', () => {
  const input = fc.record({ n: fc.integer({ min: 0, max: 11 }), w: fc.integer({ min: 1, max: 19 }) }).chain(({ n, w }) =>
    fc.record({
      n: fc.constant(n), w: fc.constant(w),
      M: weights(n * w),
      out: weights(w),
      columns: share(w),
      rows: share(n),
    }),
  );
  fc.assert(
    fc.property(input, scoped(({ w, M, out, columns: [c0, c1], rows: [r0, r1] }) => {
      const m = inArena(M);
      const want = inArena(out), got = inArena(out);
      TS_KERNELS.addRows(m, w, want, c0, c1, r0, r1);
      WASM_KERNELS.addRows(m, w, got, c0, c1, r0, r1);
      return sameBits(got, want);
    })),
    RUNS,
  );
});

test.run();
