// The report's numbers and tables from hand-made records (src/report/summary.ts, tables.ts), against values worked
// out here: statistics over seeds, the "within noise" mark, number formats, expectations, the printed tables.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Experiment } from '../src/config/types.js';
import { stats, summarise } from '../src/report/summary.js';
import { checkExpectations, meanStd, percent, replicatesTable, sweepSummary, varyingAxes } from '../src/report/tables.js';
import type { TrialRecord } from '../src/store/record.js';

let ids = 0;
function record(over: Partial<TrialRecord>): TrialRecord {
  return {
    runId: `r${ids++}`, experiment: 'x', status: 'ok', lr: 0.1, epochs: 4, hidden: 9, seed: 1,
    data: { testSize: 0.2, splitSeed: 42 }, trainerVersion: 1, losses: [2.3, 2.2], finalLoss: 2.2,
    testAccuracy: 0.5, testCorrect: 60, testTotal: 120, weightsSha256: 'ab', trainSeconds: 1,
    finishedAt: '2026-11-25T08:00:00.000Z', node: 'v20.0.0', machine: 'm',
    ...over,
  };
}

/** Three seeds of one configuration with the given accuracies and losses. */
function seeds(lr: number, accuracies: number[], losses: number[]): TrialRecord[] {
  return accuracies.map((a, i) => record({ lr, seed: i + 1, testAccuracy: a, finalLoss: losses[i], testCorrect: Math.round(a * 120) }));
}

test('stats should give n, mean, sample std, min and max; nulls for no value; no std for one', () => {
  assert.equal(stats([0.5, 0.25, 0.75]), { n: 3, mean: 0.5, std: 0.25, min: 0.25, max: 0.75 });
  assert.equal(stats([3, 1]), { n: 2, mean: 2, std: Math.SQRT2, min: 1, max: 3 });
  assert.equal(stats([]), { n: 0, mean: null, std: null, min: null, max: null });
  assert.equal(stats([-7]), { n: 1, mean: -7, std: null, min: -7, max: -7 });
  // squares of the deviations, not Σv² − n·mean² (equal in exact arithmetic, not in doubles): Python's
  // statistics.stdev, which computes exactly and rounds once, gives 0.0006027713773341627
  assert.is(stats([0.6654, 0.6649, 0.6661]).std, 0.0006027713773341627);
});

test('summarise should group by lr, epochs and hidden, in first-seen order, over the ok trials only', () => {
  const rows = [
    ...seeds(0.3, [0.5, 0.25, 0.75], [2, 1, 3]),
    record({ lr: 0.1, seed: 1, testAccuracy: 0.25, finalLoss: 1 }),
    record({ lr: 0.3, seed: 4, status: 'failed', testAccuracy: null, finalLoss: null }),
    record({ lr: 0.1, seed: 2, testAccuracy: 0.75, finalLoss: 2 }),
    record({ lr: 0.1, hidden: 5, testAccuracy: 0.5, finalLoss: 4 }),
  ];
  const s = summarise(rows);
  assert.equal(s.map((c) => [c.lr, c.epochs, c.hidden, c.n, c.records.length]), [[0.3, 4, 9, 3, 4], [0.1, 4, 9, 2, 2], [0.1, 4, 5, 1, 1]]);
  assert.equal(s[0].testAccuracy, { n: 3, mean: 0.5, std: 0.25, min: 0.25, max: 0.75 });
  assert.equal(s[0].finalLoss, { n: 3, mean: 2, std: 1, min: 1, max: 3 });
  assert.equal(s[1].testAccuracy, { n: 2, mean: 0.5, std: Math.sqrt(0.125), min: 0.25, max: 0.75 });
  assert.equal(s[2].finalLoss, { n: 1, mean: 4, std: null, min: 4, max: 4 });
});

test('percent and meanStd should write accuracies in percent with two decimals and losses with four', () => {
  assert.is(percent(0.6654), '66.54%');
  assert.is(percent(0.123456), '12.35%');
  assert.is(percent(null), '—');
  assert.is(meanStd({ n: 3, mean: 0.5, std: 0.0125, min: 0, max: 1 }, true), '50.00% ± 1.25');
  assert.is(meanStd({ n: 3, mean: 1.80491, std: 0.00123, min: 0, max: 1 }, false), '1.8049 ± 0.0012');
  assert.is(meanStd({ n: 1, mean: 0.5, std: null, min: 0.5, max: 0.5 }, true), '50.00%');
  assert.is(meanStd({ n: 0, mean: null, std: null, min: null, max: null }, false), '—');
});

/** The text after the last number of the table row that starts with lr `lr` (the note column). */
function note(table: string, lr: string): string {
  const line = table.split('\n').find((l) => l.trimStart().startsWith(`${lr} `))!;
  assert.ok(line, `a row for lr ${lr}`);
  return /(\D*)$/.exec(line)![1].trim();
}

const WIDE = { width: 200 };

test('replicatesTable should mark the best as within noise when its lead is under the larger std', () => {
  // lead 0.6 − 0.55 = 5 pts; stds 10 pts and 2.5 pts: within noise
  const noisy = summarise([...seeds(0.1, [0.55, 0.5, 0.6], [2, 2, 2]), ...seeds(0.3, [0.6, 0.5, 0.7], [1, 1, 1])]);
  const t = replicatesTable(noisy, WIDE);
  assert.is(note(t, '0.3'), 'best, within noise');
  assert.ok(t.includes('The best is within noise: its lead 5.00 pts < std 10.00 pts.'), t);
  assert.is(note(t, '0.1'), '');
  assert.ok(t.indexOf('\n0.3 ') < t.indexOf('\n0.1 '), 'best first');
  assert.ok(t.includes('60.00% ± 10.00') && t.includes('55.00% ± 5.00'), t);
});

test('replicatesTable should mark the best plainly when its lead is at least the larger std', () => {
  // lead 0.7 − 0.5 = 20 pts; stds 10 pts: clear
  const clear = summarise([...seeds(0.1, [0.5, 0.4, 0.6], [2, 2, 2]), ...seeds(0.3, [0.7, 0.6, 0.8], [1, 1, 1])]);
  assert.is(note(replicatesTable(clear, WIDE), '0.3'), 'best');
  // a lead exactly equal to the spread is not within noise (lead < spread is the rule)
  const equal = summarise([...seeds(0.1, [0.25, 0.25, 0.25], [2, 2, 2]), ...seeds(0.3, [0.5, 0.25, 0.75], [1, 1, 1])]);
  assert.is(note(replicatesTable(equal, WIDE), '0.3'), 'best');
});

test('varyingAxes should list the axes with more than one value, in the order lr, epochs, hidden, seed', () => {
  assert.equal(varyingAxes([{ lr: 1, epochs: 2, hidden: 3, seed: 4 }, { lr: 1, epochs: 2, hidden: 5, seed: 6 }]), ['hidden', 'seed']);
  assert.equal(varyingAxes([{ lr: 1, epochs: 2, hidden: 3, seed: 4 }]), []);
});

function experiment(records: TrialRecord[], over: Partial<Experiment> = {}): Experiment {
  return {
    file: 'x.yaml', source: 'name: x\n', name: 'x', data: { testSize: 0.2, splitSeed: 42 },
    trials: records.map((r) => ({ runId: r.runId, lr: r.lr, epochs: r.epochs, hidden: r.hidden, seed: r.seed })),
    expectations: [],
    ...over,
  };
}

test('checkExpectations should hold when the exact measured value, rounded to the decimals written, equals the reported one', () => {
  const rows = [record({ runId: 'a', lr: 0.01, testAccuracy: 0.239285, testCorrect: 3350, finalLoss: 1.80494 })];
  const exp = experiment([...rows, record({ runId: 'c', lr: 0.2 })], {
    expectations: [
      { where: { lr: 0.01 }, metric: 'test_accuracy', value: 0.2393, decimals: 4 },
      { where: { lr: 0.01 }, metric: 'test_accuracy', value: 0.2392, decimals: 4 },
      { where: { lr: 0.01 }, metric: 'test_correct', value: 3350, decimals: 0 },
      { where: { lr: 0.01 }, metric: 'final_loss', value: 1.8049, decimals: 4 },
      { where: { lr: 0.2 }, metric: 'test_accuracy', value: 0.5, decimals: 1 },
      { where: { lr: 0.5 }, metric: 'test_accuracy', value: 0.5, decimals: 1 },
    ],
  } as Partial<Experiment>);
  const results = checkExpectations(exp, new Map(rows.map((r) => [r.runId, r])));
  assert.equal(results.map((x) => [x.metric, x.measured, x.holds]), [
    // measured: exact; it holds when, rounded to the reported value's decimals, it equals it; a trial without a
    // record does not hold; no trial, no line
    ['test_accuracy', 0.239285, true],
    ['test_accuracy', 0.239285, false],
    ['test_correct', 3350, true],
    ['final_loss', 1.80494, true],
    ['test_accuracy', null, false],
  ]);
});

test('sweepSummary should count the recorded trials and say whether all are ok', () => {
  const rows = [record({ runId: 'a', lr: 0.1 }), record({ runId: 'b', lr: 0.2, status: 'diverged' })];
  const exp = experiment([...rows, record({ runId: 'c', lr: 0.3 })]);
  const s = sweepSummary(exp, new Map(rows.map((r) => [r.runId, r])));
  assert.match(s.text, /^x: 2 of 3 trials recorded/);
  assert.is(s.allOk, false);
  assert.is(s.expectationsHold, true);
});

test.run();
