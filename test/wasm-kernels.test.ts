// Each WebAssembly SIMD kernel against its TypeScript reference (src/train/kernels/ts.ts) on random sparse inputs
// (fast-check): odd widths and widths that are not a multiple of the eight terms folded per store, empty rows, NaN,
// ±∞ and −0 in the weights and biases, thread-style row ranges. Every output element must have the same bits, −0
// included, except that a NaN may be any NaN: neither JavaScript nor WebAssembly fixes a NaN's sign and payload (V8
// swaps the operands of a commutative add, and x86 then returns the other operand's NaN: 0 + (−0·∞) + (1/255)·NaN
// gave 0x7ff8… in TypeScript and 0xfff8… in Wasm). No loss, accuracy or finite weight depends on it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { TS_KERNELS, WASM_KERNELS, wasmUnavailable } from '../src/train/kernels/index.js';
import type { SparseRows } from '../src/train/sparse.js';
import { arena, inArena, real, sameBits, scoped, share, weight } from './helpers/kernel-inputs.js';

/** Rows of a sparse (rows × cols) matrix: each row's nonzero columns, increasing, with any double (−0 too) as value. */
function sparseRows(rows: number, cols: number): fc.Arbitrary<[number, number][][]> {
  const pixel = fc.integer({ min: 1, max: 255 }).map((p) => p / 255);
  const entry = fc.tuple(fc.integer({ min: 0, max: cols - 1 }), fc.oneof(pixel, real, fc.double({ min: -2, max: 2, noNaN: true }), fc.constantFrom(-0, 1)));
  const row = fc.uniqueArray(entry, { selector: ([c]) => c, maxLength: cols, size: 'large' }).map((es): [number, number][] => es.sort((a, b) => a[0] - b[0]));
  // Empty rows on purpose: a third of them.
  return fc.array(fc.oneof(row, fc.constant<[number, number][]>([])), { minLength: rows, maxLength: rows });
}

/** The CSR of `rows` in the arena. */
function csr(rows: [number, number][][], cols: number): SparseRows {
  const count = rows.reduce((s, r) => s + r.length, 0);
  const m: SparseRows = { rows: rows.length, cols, rowStart: arena.int32(rows.length + 1), colIndex: arena.int32(count), value: arena.float64(count) };
  let p = 0;
  rows.forEach((r, i) => {
    for (const [c, v] of r) {
      m.colIndex[p] = c;
      m.value[p] = v;
      p++;
    }
    m.rowStart[i + 1] = p;
  });
  return m;
}

/** Shapes: n rows, d columns, width w (1–19: odd, even, below and above the 8 terms per store and the lane pair). */
const shape = fc.record({ n: fc.integer({ min: 0, max: 12 }), d: fc.integer({ min: 1, max: 40 }), w: fc.integer({ min: 1, max: 19 }) });

test('the wasm kernels can run here (WebAssembly SIMD, kernels.wasm built)', () => {
  assert.is(wasmUnavailable(), undefined);
});

test('wasm sparseTimesDenseBiasRelu gives the bits of the TypeScript kernel', () => {
  const input = shape.chain(({ n, d, w }) =>
    fc.record({
      n: fc.constant(n), d: fc.constant(d), w: fc.constant(w),
      rows: sparseRows(n, d),
      B: fc.array(weight, { minLength: d * w, maxLength: d * w }),
      bias: fc.array(weight, { minLength: w, maxLength: w }),
      range: share(n),
      before: fc.double(),
    }),
  );
  fc.assert(
    fc.property(input, scoped(({ n, d, w, rows, B, bias, range: [from, to], before }) => {
      const A = csr(rows, d), Bm = inArena(B), b = inArena(bias);
      // Rows outside the range must keep what was there.
      const want = inArena(new Array(n * w).fill(before)), got = inArena(new Array(n * w).fill(before));
      TS_KERNELS.sparseTimesDenseBiasRelu(A, Bm, b, w, want, from, to);
      WASM_KERNELS.sparseTimesDenseBiasRelu(A, Bm, b, w, got, from, to);
      return sameBits(got, want);
    })),
    { numRuns: 400, endOnFailure: true },
  );
});

test('wasm sparseTimesDenseTiled gives the bits of the TypeScript kernel, for any tile size', () => {
  const input = shape.chain(({ n, d, w }) =>
    fc.record({
      n: fc.constant(n), d: fc.constant(d), w: fc.constant(w),
      // Xᵀ-like: d rows over n + 1 columns (the samples), B is (n + 1) × w
      rows: sparseRows(d, n + 1),
      B: fc.array(weight, { minLength: (n + 1) * w, maxLength: (n + 1) * w }),
      tileRows: fc.integer({ min: 1, max: 9 }),
      range: share(d),
      before: fc.double(),
    }),
  );
  fc.assert(
    fc.property(input, scoped(({ n, d, w, rows, B, tileRows, range: [from, to], before }) => {
      const A = csr(rows, n + 1), Bm = inArena(B), cursor = arena.int32(d);
      const want = inArena(new Array(d * w).fill(before)), got = inArena(new Array(d * w).fill(before));
      TS_KERNELS.sparseTimesDenseTiled(A, Bm, w, want, cursor, tileRows, from, to);
      WASM_KERNELS.sparseTimesDenseTiled(A, Bm, w, got, cursor, tileRows, from, to);
      return sameBits(got, want);
    })),
    { numRuns: 400, endOnFailure: true },
  );
});

test('the wasm kernels refuse arrays outside the trainer memory, naming it', () => {
  const A = csr([[[0, 1]]], 1);
  assert.throws(() => WASM_KERNELS.sparseTimesDenseBiasRelu(A, new Float64Array(1), inArena([0]), 1, inArena([0])), /one WebAssembly\.Memory of the trainer/);
});

test.run();
