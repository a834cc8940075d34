// Comparing two sets of records (src/report/compare.ts): joins on the keys asked for, groups by mean ± std, the same
// trial with other weights flagged, one-sided trials listed, the delta map marking differing weights (`sweep compare`
// itself: compare-cli.test.ts).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compareRecords, joinKeys } from '../src/report/compare.js';
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

test.run();
