// Comparing two sets of records (src/report/compare.ts): joins on the keys asked for, groups by mean ± std, the same
// trial with other weights flagged, one-sided trials listed, the delta map marking differing weights (`sweep compare`
// itself: compare-cli.test.ts).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { comparisonTable, compareRecords, joinKeys, unknownJoinKey, weightsCell } from '../src/report/compare.js';
import { deltaCells } from '../src/report/compare-report.js';
import { heatmapAxes } from '../src/report/html.js';
import { record } from './helpers/records.js';

test('joinKeys: every key by default; --ignore drops keys, "data" the whole data spec; --on keeps the data spec', () => {
  assert.equal(joinKeys(), ['lr', 'epochs', 'hidden', 'seed', 'limit', 'test_size', 'split_seed', 'val_size', 'dataset']);
  assert.equal(joinKeys({ ignore: ['seed', 'limit'] }), ['lr', 'epochs', 'hidden', 'test_size', 'split_seed', 'val_size', 'dataset']);
  assert.equal(joinKeys({ ignore: ['data'] }), ['lr', 'epochs', 'hidden', 'seed']);
  assert.equal(joinKeys({ on: ['lr', 'hidden'] }), ['lr', 'hidden', 'limit', 'test_size', 'split_seed', 'val_size', 'dataset']);
});

test('ignoring the seed groups replicates and compares their means; a difference beyond the spread is marked', () => {
  const a = [0.5, 0.52].map((acc, i) => record({ runId: `a${i}`, seed: i + 1, testAccuracy: acc }));
  const b = [0.6, 0.61].map((acc, i) => record({ runId: `b${i}`, seed: i + 7, testAccuracy: acc }));
  const [row] = compareRecords(a, b, joinKeys({ ignore: ['seed'] }));
  assert.equal([row.a.length, row.b.length], [2, 2]);
  assert.is(row.accuracyA.mean, (0.5 + 0.52) / 2);
  assert.is(row.accuracyB.mean, (0.6 + 0.61) / 2);
  assert.ok(row.beyondSpread, '0.095 apart, stds 0.014 and 0.007');
  assert.equal(row.weightsDiffer, [], 'no trial is on both sides');
  assert.is(row.flag, undefined);
});

test('the same trial with other weights is flagged, at equal accuracy too; other data without --ignore data is not joined', () => {
  const a = [record({ runId: 'a', lr: 0.1 }), record({ runId: 'c', lr: 0.2 })];
  const b = [record({ runId: 'b', lr: 0.1, weightsSha256: 'ff' }), record({ runId: 'd', lr: 0.2, data: { testSize: 0.2, splitSeed: 42, limit: 500 } })];
  const rows = compareRecords(a, b);
  assert.equal(rows.map((r) => r.flag), ['weights differ', 'only in A', 'only in B']);
  assert.equal(rows[0].weightsDiffer, ['lr=0.1 limit=all'], 'named by the keys that vary');
  const cells = deltaCells(rows, heatmapAxes([...a, ...b]));
  assert.is(cells[0].text, '+0.00 ≠', 'the delta map marks the cell whose weights differ');
  const ignoringData = compareRecords(a, b, joinKeys({ ignore: ['data'] }));
  assert.equal(ignoringData.map((r) => r.flag), ['weights differ', undefined]);
});

test('trials are labelled by the joined keys whose values differ, the data spec by its fields and the dataset by folder name', () => {
  const a = [
    record({ runId: 'a1', lr: 0.1, data: { testSize: 0.2, splitSeed: 42, path: '/data/digits/' } }),
    record({ runId: 'a2', lr: 0.1, data: { testSize: 0.25, splitSeed: 7, limit: 600, valSize: 0.1, path: 'C:\\sets\\fashion' } }),
  ];
  const rows = compareRecords(a, []);
  assert.equal(rows.map((r) => r.label), ['limit=all test_size=0.2 split_seed=42 val_size=0 dataset=digits', 'limit=600 test_size=0.25 split_seed=7 val_size=0.1 dataset=fashion']);
  const same = compareRecords([record({ runId: 'x', data: { testSize: 0.2, splitSeed: 42 } })], [record({ runId: 'y' })]);
  assert.equal(same.map((r) => r.label), ['lr=0.03 epochs=40 hidden=128 seed=42'], 'nothing differs: the axes');
  assert.equal(compareRecords([record({ runId: 'm', data: { testSize: 0.2, splitSeed: 42, path: '/' } })], [record({ runId: 'n', seed: 1 })], joinKeys({ on: ['seed'] })).map((r) => r.label), ['seed=42 dataset=/', 'seed=1 dataset=mnist']);
});

test('a trial whose status changed is flagged with both statuses; a single trial on each side is never beyond the spread', () => {
  const a = [record({ runId: 'a', lr: 0.1, testAccuracy: 0.25 }), record({ runId: 'c', lr: 0.2 })];
  // a diverged run ends with other weights: that is its status changing, not a determinism regression
  const b = [record({ runId: 'b', lr: 0.1, testAccuracy: 0.75 }), record({ runId: 'd', lr: 0.2, status: 'diverged', testAccuracy: null, weightsSha256: 'ee' })];
  const rows = compareRecords(a, b);
  assert.equal(rows.map((r) => [r.flag, r.beyondSpread, r.weightsDiffer]), [[undefined, false, []], ['status ok → diverged', false, []]]);
  assert.equal([rows[1].accuracyB, rows[1].lossB], [{ n: 0, mean: null, std: null, min: null, max: null }, { n: 0, mean: null, std: null, min: null, max: null }]);
  assert.equal(rows.map(weightsCell), ['same', '']);
  // groups of two whose difference is within the larger std
  const close = compareRecords(
    [0.5, 0.7].map((acc, i) => record({ runId: `a${i}`, seed: i, testAccuracy: acc })),
    [0.55, 0.75].map((acc, i) => record({ runId: `b${i}`, seed: i + 9, testAccuracy: acc })),
    joinKeys({ ignore: ['seed'] }),
  );
  assert.is(close[0].beyondSpread, false, '0.05 apart, stds 0.14');
  assert.is(weightsCell(close[0]), '', 'other seeds on each side: no trial is on both sides, no weights compared');
});

test('weightsCell should say DIFFER for other weights, same for joined alike trials, nothing for one side or another flag', () => {
  const rows = compareRecords([record({ runId: 'a', lr: 0.1 }), record({ runId: 'b', lr: 0.2 })], [record({ runId: 'c', lr: 0.1, weightsSha256: 'ff' }), record({ runId: 'd', lr: 0.3 })]);
  assert.equal(rows.map((r) => [r.flag, weightsCell(r)]), [['weights differ', 'DIFFER'], ['only in A', ''], ['only in B', '']]);
});

test('comparisonTable should show single trials by accuracy, joined ones first, then the one-sided, with deltas and flags', () => {
  const a = [record({ runId: 'a', lr: 0.1, testAccuracy: 0.5, finalLoss: 1.5 }), record({ runId: 'b', lr: 0.2, testAccuracy: 0.75, finalLoss: 1 })];
  const b = [record({ runId: 'c', lr: 0.1, testAccuracy: 0.5125, finalLoss: 1.25, weightsSha256: 'ff' }), record({ runId: 'd', lr: 0.3 })];
  assert.is(comparisonTable(compareRecords(a, b), 120), [
    "Joined (1), in A's order",
    'trial    acc A   acc B  Δ pts  Δ final loss  weights  flag',
    '──────  ──────  ──────  ─────  ────────────  ───────  ──────────────',
    'lr=0.1  50.00%  51.25%  +1.25     −0.250000  DIFFER   weights differ',
    '',
    "On one side only (2), A's then B's",
    'trial    acc A   acc B  Δ pts  Δ final loss  weights  flag',
    '──────  ──────  ──────  ─────  ────────────  ───────  ─────────',
    'lr=0.2  75.00%       —',
    'lr=0.3       —  50.00%                                only in B',
  ].join('\n').replace('lr=0.2  75.00%       —', 'lr=0.2  75.00%       —                                only in A'));
});

test('comparisonTable should show groups by mean ± std with their sizes, mark a difference beyond the spread and explain the mark', () => {
  const a = [0.5, 0.52].map((acc, i) => record({ runId: `a${i}`, seed: i + 1, testAccuracy: acc, finalLoss: 1 }));
  const b = [0.6, 0.61].map((acc, i) => record({ runId: `b${i}`, seed: i + 7, testAccuracy: acc, finalLoss: 1 }));
  assert.is(comparisonTable(compareRecords(a, b, joinKeys({ ignore: ['seed'] })), 120), [
    "Joined (1), in A's order",
    // nothing varies but the seed, which is not joined on: the label names the axes joined
    'trial                         n A/B  acc A (mean ± std)  acc B (mean ± std)    Δ pts  Δ final loss  weights  flag',
    '────────────────────────────  ─────  ──────────────────  ──────────────────  ───────  ────────────  ───────  ────',
    'lr=0.03 epochs=40 hidden=128    2/2       51.00% ± 1.41       60.50% ± 0.71  +9.50 *     +0.000000',
    '* the difference of the means exceeds the spread (the larger std)',
  ].join('\n'));
});

test('unknownJoinKey should name the first unknown key and list the keys, data included', () => {
  assert.is(unknownJoinKey(['lr', 'data', 'seed']), undefined);
  assert.is(unknownJoinKey(['lr', 'sed', 'rate']), 'unknown key "sed"; keys are lr, epochs, hidden, seed, limit, test_size, split_seed, val_size, dataset, data');
  assert.is(unknownJoinKey([]), undefined);
});

test('a difference is beyond the spread only when groups of more than one trial differ by more than the larger std', () => {
  const group = (prefix: string, accs: (number | null)[]) => accs.map((acc, i) => record({ runId: `${prefix}${i}`, seed: i, testAccuracy: acc, status: acc === null ? 'failed' : 'ok' }));
  const beyond = (a: (number | null)[], b: (number | null)[]) => compareRecords(group('a', a), group('b', b), joinKeys({ ignore: ['seed'] }))[0].beyondSpread;
  // [0, 0.5, 1] has a std of exactly 0.5: a difference of 0.5 is not beyond it, on either side
  assert.is(beyond([0, 0.5, 1], [1, 1, 1]), false);
  assert.is(beyond([1, 1, 1], [0, 0.5, 1]), false);
  assert.is(beyond([0, 0.5, 1], [1.25, 1.25, 1.25]), true);
  // one side a group, the other a single trial
  assert.is(beyond([0.5, 0.5], [0.75]), true);
  assert.is(beyond([0.75], [0.5, 0.5]), true);
  assert.is(beyond([0.5], [0.75]), false, 'single trials: no spread to judge by');
  assert.is(beyond([null, null], [0.5, 0.5]), false, 'no mean on one side');
  assert.is(beyond([0.5, 0.5], [null, null]), false);
});

test('comparisonTable should show group sizes when any side of any row is a group, and the legend when any row is beyond the spread', () => {
  const group = (prefix: string, lr: number, accs: number[]) => accs.map((acc, i) => record({ runId: `${prefix}${lr}-${i}`, lr, seed: i, testAccuracy: acc }));
  const rows = compareRecords([...group('a', 0.1, [0.5, 0.5]), ...group('a', 0.2, [0.5])], [...group('b', 0.1, [0.9]), ...group('b', 0.2, [0.5])], joinKeys({ ignore: ['seed'] }));
  const table = comparisonTable(rows, 160);
  assert.match(table.split('\n')[1], /^trial +n A\/B  acc A \(mean ± std\)/);
  assert.ok(table.endsWith('\n* the difference of the means exceeds the spread (the larger std)'), 'one row beyond the spread of two');
  const onlyB = compareRecords(group('a', 0.1, [0.5]), group('b', 0.1, [0.5, 0.5]), joinKeys({ ignore: ['seed'] }));
  assert.match(comparisonTable(onlyB, 160).split('\n')[1], /n A\/B/, 'a group on B\'s side only');
  assert.not.match(comparisonTable(onlyB, 160), /\* the difference/);
});

test.run();
