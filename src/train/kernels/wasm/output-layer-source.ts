// The WebAssembly text of the output layer's kernels for 10 outputs (MNIST's classes), as ../../output-layer.ts
// computes them: the same per-element operations in the same order, so the same bits (source.ts says how lanes keep
// a scalar sum's order). Ten outputs are five f64x2 lanes pairs; a row of 10 float64 is 80 bytes, so every output
// column is a constant offset. Other widths run the TypeScript kernels.

import { range, until } from './wat.js';

/** Output pairs of a 10-wide row: c = 0, 2, 4, 6, 8 at byte offsets 0, 16, …, 64. */
const PAIRS = range(5);

const ZERO = '(v128.const f64x2 0 0)';

/**
 * The second row of a pair, for two row pointers `p` (rows of `pBytes`) and `q` (80-byte rows of 10 outputs):
 * row r + 1 when it is in [from, to), else r again (an odd last row pairs with itself; its values are stored twice).
 */
function secondRow(p: string, pBytes: string, q: string): string {
  return `
        (if (i32.lt_u (i32.add (local.get $r) (i32.const 1)) (local.get $to))
          (then
            (local.set $${p}2 (i32.add (local.get $${p}) (local.get $${pBytes})))
            (local.set $${q}2 (i32.add (local.get $${q}) (i32.const 80))))
          (else
            (local.set $${p}2 (local.get $${p}))
            (local.set $${q}2 (local.get $${q}))))`;
}

/**
 * output-layer.ts logits10: out[r, 0..10) = (Σ_j A[r, j]·W[j, 0..10), from +0 in increasing j) + bias, for rows
 * [from, to); A (n × h), W (h × 10), out (n × 10). Two rows at a time, each with its five sums in locals (registers)
 * over j: ten independent chains of adds where one row has five, and each load of W serves both rows (21.9 → 12.1 ms
 * per epoch). An odd last row is paired with itself (the same sums, stored twice).
 */
const logits10 = `
  (func (export "logits10") (param $A i32) (param $W i32) (param $bias i32) (param $h i32) (param $out i32) (param $from i32) (param $to i32)
    (local $r i32) (local $a i32) (local $a2 i32) (local $aEnd i32) (local $w i32) (local $o i32) (local $o2 i32) (local $rowBytes i32)
    (local $x v128) (local $x2 v128) (local $wc v128)
    ${PAIRS.map((c) => `(local $z${c} v128) (local $y${c} v128)`).join(' ')}
    (local.set $rowBytes (i32.shl (local.get $h) (i32.const 3)))
    (local.set $r (local.get $from))
    ${until('rows', `(i32.ge_u (local.get $r) (local.get $to))`, `(local.set $a (i32.add (local.get $A) (i32.mul (local.get $r) (local.get $rowBytes))))
        (local.set $o (i32.add (local.get $out) (i32.mul (local.get $r) (i32.const 80))))
${secondRow('a', 'rowBytes', 'o')}
        (local.set $aEnd (i32.add (local.get $a) (local.get $rowBytes)))
        (local.set $w (local.get $W))
        ${PAIRS.map((c) => `(local.set $z${c} ${ZERO}) (local.set $y${c} ${ZERO})`).join(' ')}
        ${until('units', `(i32.ge_u (local.get $a) (local.get $aEnd))`, `(local.set $x (v128.load64_splat (local.get $a)))
            (local.set $x2 (v128.load64_splat (local.get $a2)))
            ${PAIRS.map((c) => `(local.set $wc (v128.load offset=${16 * c} align=8 (local.get $w)))
            (local.set $z${c} (f64x2.add (local.get $z${c}) (f64x2.mul (local.get $x) (local.get $wc))))
            (local.set $y${c} (f64x2.add (local.get $y${c}) (f64x2.mul (local.get $x2) (local.get $wc))))`).join('\n            ')}
            (local.set $a (i32.add (local.get $a) (i32.const 8)))
            (local.set $a2 (i32.add (local.get $a2) (i32.const 8)))
            (local.set $w (i32.add (local.get $w) (i32.const 80)))`)}
        ${PAIRS.map((c) => `(v128.store offset=${16 * c} align=8 (local.get $o) (f64x2.add (local.get $z${c}) (v128.load offset=${16 * c} align=8 (local.get $bias))))`).join('\n        ')}
        ${PAIRS.map((c) => `(v128.store offset=${16 * c} align=8 (local.get $o2) (f64x2.add (local.get $y${c}) (v128.load offset=${16 * c} align=8 (local.get $bias))))`).join('\n        ')}
        (local.set $r (i32.add (local.get $r) (i32.const 2)))`)})`;

/** Rows folded into each store of gW2: eight, as output-layer.ts addOutputWeightGradient. */
const GRADIENT_ROWS = 8;

/** gW2[j, c..c+1] + x0·dZ2[r, c..c+1] + … for `rows` rows (x_i = A1[r+i, j] splatted), left to right, stored back. */
function gradientPairs(rows: number): string {
  return PAIRS.map((c) => {
    let sum = `(v128.load offset=${16 * c} align=8 (local.get $g))`;
    for (let i = 0; i < rows; i++) sum = `(f64x2.add ${sum} (f64x2.mul (local.get $x${i}) (v128.load offset=${80 * i + 16 * c} align=8 (local.get $d))))`;
    return `(v128.store offset=${16 * c} align=8 (local.get $g) ${sum})`;
  }).join('\n            ');
}

/** One pass over hidden units [j0, j1) for rows r … r+rows−1 (rows = 8 or 1). */
function gradientRows(rows: number): string {
  const splats = range(rows).map((i) => `
            (local.set $x${i} (v128.load64_splat (local.get $p)))${i + 1 < rows ? `
            (local.set $p (i32.add (local.get $p) (local.get $rowBytes)))` : ''}`).join('');
  return `
        (local.set $a (i32.add (i32.add (local.get $A1) (i32.mul (local.get $r) (local.get $rowBytes))) (i32.shl (local.get $j0) (i32.const 3))))
        (local.set $aEnd (i32.add (local.get $a) (i32.shl (i32.sub (local.get $j1) (local.get $j0)) (i32.const 3))))
        (local.set $g (i32.add (local.get $gW2) (i32.mul (local.get $j0) (i32.const 80))))
        (local.set $d (i32.add (local.get $dZ2) (i32.mul (local.get $r) (i32.const 80))))
        ${until(`units${rows}`, `(i32.ge_u (local.get $a) (local.get $aEnd))`, `(local.set $p (local.get $a))${splats}
            ${gradientPairs(rows)}
            (local.set $a (i32.add (local.get $a) (i32.const 8)))
            (local.set $g (i32.add (local.get $g) (i32.const 80)))`)}`;
}

/**
 * output-layer.ts addOutputWeightGradient for k = 10: gW2[j, c] += Σ_r A1[r, j]·dZ2[r, c] over rows [r0, r1),
 * increasing, for hidden units [j0, j1); eight rows' terms folded into each store, then one row per store.
 */
const addOutputWeightGradient10 = `
  (func (export "addOutputWeightGradient10") (param $A1 i32) (param $dZ2 i32) (param $h i32) (param $gW2 i32) (param $r0 i32) (param $r1 i32) (param $j0 i32) (param $j1 i32)
    (local $r i32) (local $rowBytes i32) (local $a i32) (local $aEnd i32) (local $p i32) (local $g i32) (local $d i32)
    ${range(GRADIENT_ROWS).map((i) => `(local $x${i} v128)`).join(' ')}
    (local.set $rowBytes (i32.shl (local.get $h) (i32.const 3)))
    (local.set $r (local.get $r0))
    ${until('blocks', `(i32.gt_u (i32.add (local.get $r) (i32.const ${GRADIENT_ROWS})) (local.get $r1))`, `${gradientRows(GRADIENT_ROWS)}        (local.set $r (i32.add (local.get $r) (i32.const ${GRADIENT_ROWS})))`)}
    ${until('singles', `(i32.ge_u (local.get $r) (local.get $r1))`, `${gradientRows(1)}        (local.set $r (i32.add (local.get $r) (i32.const 1)))`)})`;

/**
 * output-layer.ts hiddenLayerDelta10: A1[r, j] ← dZ1 = (0 + dZ2[r, 0]·W2[j, 0] + … + dZ2[r, 9]·W2[j, 9]) where
 * A1[r, j] > 0, kept where it is ±0, else +0; rows [from, to). Two rows at once, one per lane: lane l holds row r+l's
 * dZ2 values (e0 … e9), W2[j, c] is splatted, so each lane is the scalar sum; an odd last row takes both lanes
 * (the same value stored twice). The ReLU mask is branch-free: (d where x > 0) | (x where x = 0), which is +0 for
 * NaN, as the TypeScript kernel's `x > 0 ? d : 0`.
 */
const hiddenLayerDelta10 = `
  (func (export "hiddenLayerDelta10") (param $A1 i32) (param $dZ2 i32) (param $W2 i32) (param $h i32) (param $from i32) (param $to i32)
    (local $r i32) (local $rowBytes i32) (local $a i32) (local $a2 i32) (local $aEnd i32) (local $row i32) (local $row2 i32) (local $w i32)
    (local $d v128) (local $x v128)
    ${range(10).map((c) => `(local $e${c} v128)`).join(' ')}
    (local.set $rowBytes (i32.shl (local.get $h) (i32.const 3)))
    (local.set $r (local.get $from))
    ${until('rows', `(i32.ge_u (local.get $r) (local.get $to))`, `(local.set $a (i32.add (local.get $A1) (i32.mul (local.get $r) (local.get $rowBytes))))
        (local.set $row (i32.add (local.get $dZ2) (i32.mul (local.get $r) (i32.const 80))))
${secondRow('a', 'rowBytes', 'row')}
        ${range(10).map((c) => `(local.set $e${c} (v128.load64_lane offset=${8 * c} 1 (local.get $row2) (v128.load64_splat offset=${8 * c} (local.get $row))))`).join('\n        ')}
        (local.set $aEnd (i32.add (local.get $a) (local.get $rowBytes)))
        (local.set $w (local.get $W2))
        ${until('units', `(i32.ge_u (local.get $a) (local.get $aEnd))`, `(local.set $d ${ZERO})
            ${range(10).map((c) => `(local.set $d (f64x2.add (local.get $d) (f64x2.mul (local.get $e${c}) (v128.load64_splat offset=${8 * c} (local.get $w)))))`).join('\n            ')}
            (local.set $x (v128.load64_lane 1 (local.get $a2) (v128.load64_splat (local.get $a))))
            (local.set $d (v128.or
              (v128.and (local.get $d) (f64x2.gt (local.get $x) ${ZERO}))
              (v128.and (local.get $x) (f64x2.eq (local.get $x) ${ZERO}))))
            (v128.store64_lane 0 (local.get $a) (local.get $d))
            (v128.store64_lane 1 (local.get $a2) (local.get $d))
            (local.set $a (i32.add (local.get $a) (i32.const 8)))
            (local.set $a2 (i32.add (local.get $a2) (i32.const 8)))
            (local.set $w (i32.add (local.get $w) (i32.const 80)))`)}
        (local.set $r (i32.add (local.get $r) (i32.const 2)))`)})`;

/**
 * output-layer.ts addRows: out[c] += M[r, c] for rows [r0, r1) in increasing order, columns [c0, c1) of M (n × w);
 * two columns per f64x2, an odd last column alone.
 */
const addRows = `
  (func (export "addRows") (param $M i32) (param $w i32) (param $out i32) (param $c0 i32) (param $c1 i32) (param $r0 i32) (param $r1 i32)
    (local $r i32) (local $m i32) (local $o i32) (local $pairsEnd i32) (local $end i32)
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $c1) (i32.const 3))))
    (local.set $pairsEnd (i32.sub (local.get $end) (i32.shl (i32.and (i32.sub (local.get $c1) (local.get $c0)) (i32.const 1)) (i32.const 3))))
    (local.set $r (local.get $r0))
    ${until('rows', `(i32.ge_u (local.get $r) (local.get $r1))`, `(local.set $m (i32.shl (i32.add (i32.mul (local.get $r) (local.get $w)) (local.get $c0)) (i32.const 3)))
        (local.set $m (i32.add (local.get $M) (local.get $m)))
        (local.set $o (i32.add (local.get $out) (i32.shl (local.get $c0) (i32.const 3))))
        ${until('pairs', `(i32.ge_u (local.get $o) (local.get $pairsEnd))`, `(v128.store align=8 (local.get $o) (f64x2.add (v128.load align=8 (local.get $o)) (v128.load align=8 (local.get $m))))
            (local.set $o (i32.add (local.get $o) (i32.const 16)))
            (local.set $m (i32.add (local.get $m) (i32.const 16)))`)}
        (if (i32.lt_u (local.get $o) (local.get $end))
          (then (f64.store (local.get $o) (f64.add (f64.load (local.get $o)) (f64.load (local.get $m))))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))`)})`;

/** The output layer's functions of the module. */
export function outputLayerWat(): string {
  return [logits10, addOutputWeightGradient10, hiddenLayerDelta10, addRows].join('\n');
}
