// The WebAssembly text of the two sparse products, X·W1 (+ bias, ReLU) and Xᵀ·dZ1, as ../ts.ts computes them: the
// same per-element operations in the same order, so both give the same bits. `make build` compiles this text with the
// npm package wabt (build.ts) into kernels.wasm beside the loader.
//
// How the bits stay the same: ts.ts's accumulateRows folds eight terms into each store,
//   out[j] = out[j] + v0·B0[j] + v1·B1[j] + … + v7·B7[j]     (added left to right)
// and here the same expression runs on two adjacent columns j, j+1 at once, one in each lane of an f64x2: every lane
// is the scalar sum, operation for operation (f64x2.mul then f64x2.add, IEEE-754 round to nearest; no fused
// multiply-add, no relaxed SIMD). The leftover terms (< 8) fold 4, 2, then 1 per store, as ts.ts; an odd width ends
// with one scalar column. ReLU is f64x2.pmax(z, 0), which is `z < 0 ? 0 : z` for NaN and −0 too.
//
// Arguments are byte addresses in the one memory (see ../../memory.ts); arrays of f64 are 8-byte aligned, so the
// 16-byte loads may be unaligned (x86 does not mind). The module imports the memory, shared so worker threads can
// run the same instance code on it.

import { outputLayerWat } from './output-layer-source.js';
import { range, until } from './wat.js';

/** Most terms folded into one store: eight (more spill registers in V8's code). */
const FOLDS = [8, 4, 2, 1];

/**
 * Column pairs of the eight-term fold done per loop step: eight, each at its own constant offset, so V8 emits one
 * loop test and one index update per 16 columns instead of per 2 (X·W1 0.174 → 0.125 ns per multiply-add measured
 * side by side; 16 pairs gain nothing more).
 */
const PAIRS_PER_STEP = 8;


/** Locals of the folded terms: the value splatted into both lanes, its scalar, and the address of its row of B. */
function termLocals(n: number): string {
  return range(n).map((t) => `(local $v${t} v128) (local $s${t} f64) (local $b${t} i32)`).join('\n    ');
}

/** Load term t of q: value[q+t] and the row address B + index[q+t]·w·8. */
function loadTerm(t: number): string {
  return `
      (local.set $s${t} (f64.load offset=${8 * t} (local.get $vp)))
      (local.set $v${t} (f64x2.splat (local.get $s${t})))
      (local.set $b${t} (i32.add (local.get $B) (i32.mul (i32.load offset=${4 * t} (local.get $ip)) (local.get $rowBytes))))`;
}

/** out[j..j+1] + v0·B0[j..j+1] + … + v(n−1)·B(n−1)[j..j+1], left to right, stored back; j + `bytes` ahead. */
function pairSum(n: number, bytes = 0): string {
  const at = (base: string) => `offset=${bytes} align=8 (i32.add (local.get ${base}) (local.get $j))`;
  let sum = `(v128.load ${at('$out')})`;
  for (let t = 0; t < n; t++) sum = `(f64x2.add ${sum}\n            (f64x2.mul (local.get $v${t}) (v128.load ${at(`$b${t}`)})))`;
  return `(v128.store ${at('$out')}\n          ${sum})`;
}

/** For n = 8: PAIRS_PER_STEP column pairs per step while that many are left (the pair loop then does the rest). */
function manyPairs(n: number): string {
  if (n !== 8) return '';
  const stepBytes = 16 * PAIRS_PER_STEP;
  return `
      ${until('steps', `(i32.gt_u (i32.add (local.get $j) (i32.const ${stepBytes})) (local.get $pairBytes))`, `${range(PAIRS_PER_STEP).map((p) => pairSum(n, 16 * p)).join('\n          ')}
          (local.set $j (i32.add (local.get $j) (i32.const ${stepBytes})))`)}`;
}

/** The same sum on the one column j (the last of an odd width). */
function scalarSum(n: number): string {
  let sum = '(f64.load (i32.add (local.get $out) (local.get $j)))';
  for (let t = 0; t < n; t++) {
    sum = `(f64.add ${sum}\n            (f64.mul (local.get $s${t}) (f64.load (i32.add (local.get $b${t}) (local.get $j)))))`;
  }
  return `(f64.store (i32.add (local.get $out) (local.get $j))\n          ${sum})`;
}

/**
 * Terms q, q+1, …, q+n−1 folded into each store of the row out[0..w): every column pair, then the odd column.
 * For n = 8 a loop while 8 terms are left; for n < 8 once, if n terms are left (ts.ts's 4, 2, 1).
 */
function foldTerms(n: number): string {
  const body = `${range(n).map(loadTerm).join('')}
      (local.set $j (i32.const 0))${manyPairs(n)}
      ${until(`pairs${n}`, `(i32.ge_u (local.get $j) (local.get $pairBytes))`, `${pairSum(n)}
          (local.set $j (i32.add (local.get $j) (i32.const 16)))`)}
      (if (i32.lt_u (local.get $j) (local.get $rowBytes))
        (then
          ${scalarSum(n)}))
      (local.set $ip (i32.add (local.get $ip) (i32.const ${4 * n})))
      (local.set $vp (i32.add (local.get $vp) (i32.const ${8 * n})))`;
  const enough = `(i32.le_u (i32.add (local.get $ip) (i32.const ${4 * n})) (local.get $ipEnd))`;
  if (n === 8) {
    return `
    ${until('folds', `(i32.eqz ${enough})`, `${body}`)}`;
  }
  return `
    (if ${enough}
      (then${body}))`;
}

/** ts.ts accumulateRows: out[0..w) += Σ over q in [from, to) of value[q]·B[index[q]·w ..], terms in increasing q. */
const accumulateRows = `
  (func $accumulateRows (param $out i32) (param $w i32) (param $B i32) (param $index i32) (param $value i32) (param $from i32) (param $to i32)
    (local $rowBytes i32) (local $pairBytes i32) (local $j i32) (local $ip i32) (local $ipEnd i32) (local $vp i32)
    ${termLocals(8)}
    (local.set $rowBytes (i32.shl (local.get $w) (i32.const 3)))
    (local.set $pairBytes (i32.shl (i32.and (local.get $w) (i32.const -2)) (i32.const 3)))
    (local.set $ip (i32.add (local.get $index) (i32.shl (local.get $from) (i32.const 2))))
    (local.set $ipEnd (i32.add (local.get $index) (i32.shl (local.get $to) (i32.const 2))))
    (local.set $vp (i32.add (local.get $value) (i32.shl (local.get $from) (i32.const 3))))
    ${FOLDS.map(foldTerms).join('')})`;

/** ts.ts biasRelu: z[j] = max(0, z[j] + bias[j]) over the row z[0..w), as `z < 0 ? 0 : z`. */
const biasRelu = `
  (func $biasRelu (param $z i32) (param $bias i32) (param $w i32)
    (local $j i32) (local $rowBytes i32) (local $pairBytes i32) (local $x f64)
    (local.set $rowBytes (i32.shl (local.get $w) (i32.const 3)))
    (local.set $pairBytes (i32.shl (i32.and (local.get $w) (i32.const -2)) (i32.const 3)))
    ${until('pairs', `(i32.ge_u (local.get $j) (local.get $pairBytes))`, `(v128.store align=8 (i32.add (local.get $z) (local.get $j))
          (f64x2.pmax
            (f64x2.add (v128.load align=8 (i32.add (local.get $z) (local.get $j))) (v128.load align=8 (i32.add (local.get $bias) (local.get $j))))
            (v128.const f64x2 0 0)))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))`)}
    (if (i32.lt_u (local.get $j) (local.get $rowBytes))
      (then
        (local.set $x (f64.add (f64.load (i32.add (local.get $z) (local.get $j))) (f64.load (i32.add (local.get $bias) (local.get $j)))))
        (f64.store (i32.add (local.get $z) (local.get $j))
          (select (f64.const 0) (local.get $x) (f64.lt (local.get $x) (f64.const 0)))))))`;

/**
 * ts.ts sparseTimesDenseBiasRelu for rows [from, to): out = max(0, A·B + bias), A (n × d) in CSR (rowStart, colIndex,
 * value), B (d × w), bias (w), out (n × w). Each row: zeros, its sums, then bias and ReLU while it is in L1.
 */
const sparseTimesDenseBiasRelu = `
  (func (export "sparseTimesDenseBiasRelu") (param $rowStart i32) (param $colIndex i32) (param $value i32) (param $B i32) (param $bias i32) (param $w i32) (param $out i32) (param $from i32) (param $to i32)
    (local $r i32) (local $o i32) (local $rowBytes i32) (local $rs i32)
    (local.set $rowBytes (i32.shl (local.get $w) (i32.const 3)))
    (local.set $r (local.get $from))
    ${until('rows', `(i32.ge_u (local.get $r) (local.get $to))`, `(local.set $o (i32.add (local.get $out) (i32.mul (local.get $r) (local.get $rowBytes))))
        (local.set $rs (i32.add (local.get $rowStart) (i32.shl (local.get $r) (i32.const 2))))
        (memory.fill (local.get $o) (i32.const 0) (local.get $rowBytes))
        (call $accumulateRows (local.get $o) (local.get $w) (local.get $B) (local.get $colIndex) (local.get $value)
          (i32.load (local.get $rs)) (i32.load offset=4 (local.get $rs)))
        (call $biasRelu (local.get $o) (local.get $bias) (local.get $w))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))`)})`;

/**
 * ts.ts sparseTimesDenseTiled for rows [from, to) of A: out = A·B with B's rows taken in tiles of tileRows, A (n × cols)
 * in CSR, B (cols × w), out (n × w), cursor scratch of n i32. Tiles in increasing order, each row's sum continued
 * where the last tile left it: the same sums as one pass.
 */
const sparseTimesDenseTiled = `
  (func (export "sparseTimesDenseTiled") (param $rowStart i32) (param $colIndex i32) (param $value i32) (param $cols i32) (param $B i32) (param $w i32) (param $out i32) (param $cursor i32) (param $tileRows i32) (param $from i32) (param $to i32)
    (local $r i32) (local $c0 i32) (local $c1 i32) (local $first i32) (local $last i32) (local $t i32) (local $rowBytes i32)
    (local.set $rowBytes (i32.shl (local.get $w) (i32.const 3)))
    (memory.fill (i32.add (local.get $out) (i32.mul (local.get $from) (local.get $rowBytes))) (i32.const 0)
      (i32.mul (i32.sub (local.get $to) (local.get $from)) (local.get $rowBytes)))
    (local.set $r (local.get $from))
    ${until('start', `(i32.ge_u (local.get $r) (local.get $to))`, `(i32.store (i32.add (local.get $cursor) (i32.shl (local.get $r) (i32.const 2)))
          (i32.load (i32.add (local.get $rowStart) (i32.shl (local.get $r) (i32.const 2)))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))`)}
    ${until('tiles', `(i32.ge_u (local.get $c0) (local.get $cols))`, `(local.set $c1 (select (local.get $cols) (i32.add (local.get $c0) (local.get $tileRows))
          (i32.lt_u (local.get $cols) (i32.add (local.get $c0) (local.get $tileRows)))))
        (local.set $r (local.get $from))
        ${until('rows', `(i32.ge_u (local.get $r) (local.get $to))`, `(local.set $first (i32.load (i32.add (local.get $cursor) (i32.shl (local.get $r) (i32.const 2)))))
            (local.set $last (i32.load offset=4 (i32.add (local.get $rowStart) (i32.shl (local.get $r) (i32.const 2)))))
            (local.set $t (local.get $first))
            ${until('scan', `(i32.ge_u (local.get $t) (local.get $last))`, `(br_if $scan.done (i32.ge_u (i32.load (i32.add (local.get $colIndex) (i32.shl (local.get $t) (i32.const 2)))) (local.get $c1)))
                (local.set $t (i32.add (local.get $t) (i32.const 1)))`)}
            (if (i32.gt_u (local.get $t) (local.get $first))
              (then
                (call $accumulateRows (i32.add (local.get $out) (i32.mul (local.get $r) (local.get $rowBytes))) (local.get $w) (local.get $B)
                  (local.get $colIndex) (local.get $value) (local.get $first) (local.get $t))))
            (i32.store (i32.add (local.get $cursor) (i32.shl (local.get $r) (i32.const 2))) (local.get $t))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))`)}
        (local.set $c0 (local.get $c1))`)})`;

/** The module's text: these sparse products and the output layer's kernels (output-layer-source.ts). */
export function kernelsWat(): string {
  return `(module
  (import "env" "memory" (memory 1 32768 shared))
${accumulateRows}
${biasRelu}
${sparseTimesDenseBiasRelu}
${sparseTimesDenseTiled}
${outputLayerWat()})
`;
}
