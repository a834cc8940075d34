// Tables for a terminal: they fit the width (columns dropped or cut, never a number wrapped), keep the experiment's
// order, title their order, rank a short best table, pivot three or more axes (`sweep show` itself: show.test.ts).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { bestTable, checkExpectations, expectationsTable, experimentRecords, measuredText, pivotTables, replicatePivotTables, replicatesTable, sortedBy, sweepSummary, trialsTable } from '../src/report/tables.js';
import { summarise } from '../src/report/summary.js';
import { textTable } from '../src/report/text-table.js';
import type { TrialRecord } from '../src/store/record.js';
import { experiment, record } from './helpers/records.js';

const chars = (line: string) => [...line].length;
const longest = (text: string) => Math.max(...text.split('\n').map(chars));

/** 20 trials over 3 axes (5 lr × 2 epochs × 2 hidden), in grid order, accuracy not in that order. */
function grid20(): TrialRecord[] {
  const rows: TrialRecord[] = [];
  for (const lr of [0.05, 0.1, 0.2, 0.3, 0.5]) {
    for (const epochs of [2, 3]) {
      for (const hidden of [8, 16]) {
        const i = rows.length;
        rows.push(record({ runId: `id${String(i).padStart(10, '0')}`, lr, epochs, hidden, testAccuracy: ((i * 7) % 20) / 40 + 0.1, testCorrect: 100 + i, finalLoss: 2 - i / 100 }));
      }
    }
  }
  return rows;
}

test('a table drops columns in its fixed order until it fits, and says which', () => {
  const rows = [{ a: 'x', n: '12345', m: '67890' }];
  const columns = [
    { head: 'name', cell: (r: typeof rows[0]) => r.a },
    { head: 'first dropped', cell: (r: typeof rows[0]) => r.n, drop: 1 },
    { head: 'second', cell: (r: typeof rows[0]) => r.m, drop: 2 },
  ];
  assert.equal(textTable('T', columns, rows, 80).split('\n'), ['T', 'name  first dropped  second', '────  ─────────────  ──────', 'x     12345          67890']);
  assert.equal(textTable('T', columns, rows, 16).split('\n'), ['T (not shown fo…', 'name  second', '────  ──────', 'x     67890']);
});

test('text is cut with … but a number is never cut', () => {
  const rows = [{ t: 'failed: a very long reason that goes on and on', n: '66.54%' }];
  const table = textTable('T', [{ head: 'status', cell: (r: typeof rows[0]) => r.t, shrinkTo: 8 }, { head: 'acc', cell: (r: typeof rows[0]) => r.n, align: 'right' as const }], rows, 20);
  assert.ok(table.includes('66.54%'));
  assert.is(table.split('\n')[3], 'failed: a v…  66.54%');
  assert.ok(longest(table) <= 20, table);
});

test('the trials table of 20 trials over 3 axes fits 80 columns, one line per trial, in the experiment order', () => {
  const rows = grid20();
  const table = trialsTable(rows, { width: 80 });
  const lines = table.split('\n');
  assert.ok(longest(table) <= 80, table);
  assert.is(lines.length, 3 + 20, 'title, header, rule, then one line per trial: no rule between rows');
  assert.match(lines[0], /^Trials \(20\), in the experiment's order/);
  const ids = lines.slice(3).map((l) => /id\d{10}/.exec(l)?.[0]);
  assert.equal(ids, rows.map((r) => r.runId));
});

test('--sort orders by a metric, best first, and says so; --top keeps K', () => {
  const table = trialsTable(grid20(), { width: 120 }, { sort: 'test_accuracy', top: 3 });
  const lines = table.split('\n');
  assert.match(lines[0], /^Trials \(3 of 20\), by test_accuracy, highest first/);
  const accs = lines.slice(3).map((l) => Number(/(\d+\.\d\d)%/.exec(l)![1]));
  assert.equal(accs, [57.5, 55, 52.5]);
});

test('the best table ranks the five best by test accuracy', () => {
  const best = bestTable(grid20(), { width: 80 })!;
  const lines = best.split('\n');
  assert.match(lines[0], /^Best 5 of 20 by test accuracy, highest first/);
  assert.equal(lines.slice(3).map((l) => l.trim().split(/\s+/)[0]), ['1', '2', '3', '4', '5']);
  assert.ok(longest(best) <= 80);
});

test('three varying axes give one pivot of the two with the most values per value of the third', () => {
  const tables = pivotTables(grid20(), { width: 80 });
  assert.is(tables.length, 2);
  assert.match(tables[0], /^Test accuracy, lr down × epochs across, hidden=8\n/);
  assert.match(tables[1], /^Test accuracy, lr down × epochs across, hidden=16\n/);
  // lr 0.05, epochs 3, hidden 16 is trial 3 (0-based): ((3·7) mod 20)/40 + 0.1 = 12.50%
  assert.match(tables[1].split('\n')[3], /^ +0\.05 +\d+\.\d\d% +12\.50%$/);
});

test('too many combinations for pivots give a ranked list instead', () => {
  // 3 values on each of 4 axes: 9 combinations of the two axes not pivoted, more than the 8 pivots shown at most
  const rows: TrialRecord[] = [];
  for (const lr of [0.1, 0.2, 0.3]) for (const epochs of [1, 2, 3]) for (const hidden of [4, 8, 16]) for (const seed of [1, 2, 3]) rows.push(record({ runId: `r${rows.length}`, lr, epochs, hidden, seed }));
  const tables = pivotTables(rows, { width: 80 });
  assert.is(tables.length, 1);
  assert.match(tables[0], /^All \d+ by test accuracy, highest first/);
});

test('sweepSummary: every table fits 60 columns too', () => {
  const rows = grid20();
  const { text } = sweepSummary(experiment(rows), new Map(rows.map((r) => [r.runId, r])), { width: 60 });
  assert.ok(longest(text) <= 60, text);
});

/** Three trials over lr: ok, failed, diverged. */
function three(): TrialRecord[] {
  return [
    record({ runId: 'aaaaaaaaaaaa', lr: 0.1, testAccuracy: 0.25, testCorrect: 100, finalLoss: 1.5, trainSeconds: 2.5 }),
    record({ runId: 'bbbbbbbbbbbb', lr: 0.2, status: 'failed', error: 'boom', losses: [], finalLoss: null, testAccuracy: null, testCorrect: null, testTotal: null, trainSeconds: null }),
    record({ runId: 'cccccccccccc', lr: 0.3, status: 'diverged', finalLoss: NaN, testAccuracy: null, testCorrect: null, trainSeconds: 0.04 }),
  ];
}

test('the trials table should write every column of each trial: status with its error, losses to 4 decimals, counts, seconds', () => {
  assert.is(trialsTable(three(), { width: 200 }), [
    "Trials (3), in the experiment's order",
    '#  run_id         lr  epochs  hidden  seed  status        final loss  test acc  correct  train s',
    '─  ────────────  ───  ──────  ──────  ────  ────────────  ──────────  ────────  ───────  ───────',
    '1  aaaaaaaaaaaa  0.1      40     128    42  ok                1.5000    25.00%  100/400      2.5',
    '2  bbbbbbbbbbbb  0.2      40     128    42  failed: boom           —         —        —        —',
    '3  cccccccccccc  0.3      40     128    42  diverged             NaN         —        —      0.0',
  ].join('\n'));
});

test('the trials table should drop train s, correct, run_id, #, the fixed axes, then final loss, in that order', () => {
  const heads = (width: number) => trialsTable(three(), { width }).split('\n')[1].split(/ {2,}/).map((h) => h.trim()).filter((h) => h !== '');
  // widths: 1, 12, 3, 6, 6, 4, 12, 10, 8, 7, 7 and 10 gaps of 2: 96
  assert.equal(heads(96), ['#', 'run_id', 'lr', 'epochs', 'hidden', 'seed', 'status', 'final loss', 'test acc', 'correct', 'train s']);
  assert.equal(heads(95), ['#', 'run_id', 'lr', 'epochs', 'hidden', 'seed', 'status', 'final loss', 'test acc', 'correct']);
  assert.equal(heads(87), ['#', 'run_id', 'lr', 'epochs', 'hidden', 'seed', 'status', 'final loss', 'test acc', 'correct']);
  assert.equal(heads(86), ['#', 'run_id', 'lr', 'epochs', 'hidden', 'seed', 'status', 'final loss', 'test acc']);
  assert.equal(heads(77), ['#', 'lr', 'epochs', 'hidden', 'seed', 'status', 'final loss', 'test acc']);
  assert.equal(heads(63), ['lr', 'epochs', 'hidden', 'seed', 'status', 'final loss', 'test acc']);
  // the fixed axes go one at a time, as many as needed
  assert.equal(heads(53), ['lr', 'hidden', 'seed', 'status', 'final loss', 'test acc']);
  assert.equal(heads(52), ['lr', 'seed', 'status', 'final loss', 'test acc']);
  assert.equal(heads(44), ['lr', 'status', 'final loss', 'test acc']);
  assert.equal(heads(39), ['lr', 'status', 'final loss', 'test acc']);
  assert.equal(heads(38), ['lr', 'status', 'test acc']);
  assert.is(trialsTable(three(), { width: 38 }).split('\n')[0], "Trials (3), in the experiment's order…");
  // lr varies and test acc is never dropped: at 24 the status gives up the 3 characters missing
  assert.is(trialsTable(three(), { width: 24 }).split('\n')[4], '0.2  failed: …         —');
});

test('sortedBy should put the best first in each key\'s direction, trials without the value last, ties in their order', () => {
  const rows = [
    record({ runId: 'a', testAccuracy: 0.5, finalLoss: 2, trainSeconds: 3, seed: 3 }),
    record({ runId: 'b', testAccuracy: null, finalLoss: NaN, trainSeconds: null, seed: 1 }),
    record({ runId: 'c', testAccuracy: 0.75, finalLoss: 1, trainSeconds: 3, seed: 2 }),
    record({ runId: 'd', testAccuracy: 0.5, finalLoss: Infinity, trainSeconds: 1, seed: 4 }),
  ];
  const ids = (key: Parameters<typeof sortedBy>[1]) => sortedBy(rows, key).map((r) => r.runId).join('');
  assert.is(ids('test_accuracy'), 'cadb');
  assert.is(ids('final_loss'), 'cabd');
  assert.is(ids('train_seconds'), 'dacb');
  assert.is(ids('seed'), 'bcad');
  assert.is(ids('test_correct'), 'abcd', 'all equal: the order kept');
  assert.equal(rows.map((r) => r.runId), ['a', 'b', 'c', 'd'], 'a sorted copy');
});

test('--sort and --top should title the table by what it shows, of how many', () => {
  const title = (opts: Parameters<typeof trialsTable>[2]) => trialsTable(three(), { width: 200 }, opts).split('\n')[0];
  assert.is(title({ sort: 'final_loss' }), 'Trials (3), by final_loss, lowest first');
  assert.is(title({ sort: 'test_correct', top: 1 }), 'Trials (1 of 3), by test_correct, highest first');
  assert.is(title({ top: 2 }), "Trials (2 of 3), in the experiment's order");
  assert.is(title({ top: 5 }), "Trials (3), in the experiment's order");
  assert.is(title({ of: 10 }), "Trials (3 of 10), in the experiment's order", 'after --where: of all the recorded trials');
  assert.is(trialsTable(three(), { width: 200 }, { sort: 'test_accuracy' }).split('\n')[3].slice(0, 17), '1  aaaaaaaaaaaa  ');
});

test('the best table should rank the k best finished trials, showing every axis when none varies', () => {
  const same = [record({ runId: 'aaaaaaaaaaaa', testAccuracy: 0.25, finalLoss: 1 }), record({ runId: 'bbbbbbbbbbbb', testAccuracy: 0.75, finalLoss: 2 })];
  assert.is(bestTable(same, { width: 200 }, 1), [
    'Best 1 of 2 by test accuracy, highest first',
    'rank    lr  epochs  hidden  seed  test acc  final loss  run_id',
    '────  ────  ──────  ──────  ────  ────────  ──────────  ────────────',
    '   1  0.03      40     128    42    75.00%      2.0000  bbbbbbbbbbbb',
  ].join('\n'));
  assert.is(bestTable(three(), { width: 200 }), undefined, 'one finished trial: no ranking');
  assert.is(bestTable([...three(), record({ runId: 'd', lr: 0.4, testAccuracy: 0.5 })], { width: 200 })!.split('\n')[1], 'rank   lr  test acc  final loss  run_id');
});

test('a pivot of two axes should put the one with more values down, cells by accuracy or status, empty where no trial is', () => {
  const rows = [
    record({ runId: 'a', lr: 0.1, hidden: 8, testAccuracy: 0.25 }),
    record({ runId: 'b', lr: 0.1, hidden: 16, testAccuracy: 0.5 }),
    record({ runId: 'c', lr: 0.2, hidden: 8, status: 'diverged', testAccuracy: null }),
    record({ runId: 'd', lr: 0.3, hidden: 16, testAccuracy: 0.75 }),
    record({ runId: 'e', lr: 0.3, hidden: 16, seed: 43, testAccuracy: 0.125 }),
  ];
  const pivot = (r: TrialRecord[]) => pivotTables(r, { width: 80 });
  assert.equal(pivot(rows.slice(0, 4)), [[
    'Test accuracy, lr down × hidden across',
    'lr \\ hidden         8      16',
    '───────────  ────────  ──────',
    '        0.1    25.00%  50.00%',
    '        0.2  diverged',
    '        0.3            75.00%',
  ].join('\n')]);
  // three axes, but each pivot of lr × hidden has one seed: the first trial of a cell is shown
  assert.match(pivot(rows)[0], /^Test accuracy, lr down × hidden across, seed=42\n/);
  assert.equal(pivot(rows.slice(0, 1)), [], 'one axis or none: no pivot');
  const more = [8, 16, 32].flatMap((hidden) => [0.1, 0.2].map((lr) => record({ runId: `${lr}-${hidden}`, lr, hidden })));
  assert.is(pivot(more)[0].split('\n')[0], 'Test accuracy, hidden down × lr across', 'hidden has more values: it runs down');
  assert.is(pivotTables(rows.slice(0, 4), { width: 80, markdown: true })[0].split('\n')[0], '**Test accuracy, lr down × hidden across**');
});

test('a pivot too wide for the terminal should become the ranked list of every finished trial', () => {
  // 12 × 12: twelve columns of 6 characters and a first of 11, with gaps: 107 wide
  const values = Array.from({ length: 12 }, (_, i) => i + 1);
  const rows = values.flatMap((lr) => values.map((hidden) => record({ runId: `${lr}-${hidden}`, lr, hidden, testAccuracy: 0.5 })));
  const [ranked] = pivotTables(rows, { width: 80 });
  assert.match(ranked, /^All 144 by test accuracy, highest first\n/);
  assert.is(pivotTables(rows, { width: 107 })[0].split('\n')[0], 'Test accuracy, lr down × hidden across', 'as many values each way: the first axis down');
  assert.match(pivotTables(rows, { width: 106 })[0], /^All 144 /);
});

test('replicate pivots should write mean ± std over the seeds in each cell', () => {
  const rows = [0.1, 0.2].flatMap((lr) => [8, 16].flatMap((hidden) => [1, 2].map((seed) => record({ runId: `${lr}-${hidden}-${seed}`, lr, hidden, seed, testAccuracy: lr + hidden / 100 + seed / 100 }))));
  const [t] = replicatePivotTables(summarise(rows), { width: 80 });
  // lr 0.1, hidden 8: 0.19 and 0.2 → 19.50% ± 0.71 (std √(2 · 0.005²) = 0.00707)
  assert.is(t, [
    'Mean test accuracy ± std, lr down × hidden across',
    'lr \\ hidden              8             16',
    '───────────  ─────────────  ─────────────',
    '        0.1  19.50% ± 0.71  27.50% ± 0.71',
    '        0.2  29.50% ± 0.71  37.50% ± 0.71',
  ].join('\n'));
  assert.equal(replicatePivotTables(summarise(rows.slice(0, 2)), { width: 80 }), [], 'one configuration: nothing to pivot');
});

test('an expectation on a mean should hold or miss per configuration, and not hold while a seed is missing or failed', () => {
  const rows = [
    record({ runId: 'a', lr: 0.1, seed: 1, testAccuracy: 0.5, finalLoss: 1 }),
    record({ runId: 'b', lr: 0.1, seed: 2, testAccuracy: 0.75, finalLoss: 2 }),
    record({ runId: 'c', lr: 0.2, seed: 1, testAccuracy: 0.5 }),
    record({ runId: 'd', lr: 0.3, seed: 1, testAccuracy: 0.5 }),
    record({ runId: 'e', lr: 0.3, seed: 2, status: 'failed', testAccuracy: null }),
  ];
  // f has no record; neither has g, the one trial of configuration lr 0.4
  const exp = experiment([...rows, record({ runId: 'f', lr: 0.2, seed: 2 }), record({ runId: 'g', lr: 0.4, seed: 1 })], {
    expectations: [
      { where: {}, metric: 'test_accuracy_mean', min: 0.6 },
      { where: { lr: 0.1 }, metric: 'final_loss_mean', value: 1.5, tolerance: 0 },
    ],
  });
  const results = checkExpectations(exp, new Map(rows.map((r) => [r.runId, r])));
  assert.equal(results.map((x) => [x.where, x.metric, x.expected, x.measured, x.holds]), [
    ['lr=0.1 epochs=40 hidden=128', 'test_accuracy_mean', '≥ 0.6', 0.625, true],
    ['lr=0.2 epochs=40 hidden=128', 'test_accuracy_mean', '≥ 0.6', null, false],
    ['lr=0.3 epochs=40 hidden=128', 'test_accuracy_mean', '≥ 0.6', null, false],
    ['lr=0.4 epochs=40 hidden=128', 'test_accuracy_mean', '≥ 0.6', null, false],
    ['lr=0.1 epochs=40 hidden=128', 'final_loss_mean', '1.5 ± 0', 1.5, true],
  ]);
  assert.is(checkExpectations(experiment(rows, { expectations: [{ where: { lr: 0.1, seed: 2 }, metric: 'test_correct', min: 1 }] }), new Map(rows.map((r) => [r.runId, r])))[0].where, 'lr=0.1 seed=2');
});

test('the expectations table should say how many hold, the measured value exactly, and ✓ or ✗', () => {
  const results = [
    { where: 'lr=0.1', metric: 'test_accuracy', expected: '0.2393 (to 4 decimals)', measured: 0.239285, holds: true },
    { where: 'lr=0.2 epochs=40 hidden=128', metric: 'final_loss', expected: '≤ 1', measured: null, holds: false },
  ];
  assert.is(expectationsTable(results, { width: 120 }), [
    "Expectations (1 of 2 hold), in the file's order",
    'where                        metric         expected                measured',
    '───────────────────────────  ─────────────  ──────────────────────  ────────  ─',
    'lr=0.1                       test_accuracy  0.2393 (to 4 decimals)  0.239285  ✓',
    'lr=0.2 epochs=40 hidden=128  final_loss     ≤ 1                      not run  ✗',
  ].join('\n'));
  assert.is(measuredText(0.6653571428571429), '0.6653571428571429');
  assert.is(measuredText(null), 'not run');
});

test('experimentRecords should give the recorded trials in the experiment\'s order', () => {
  const rows = three();
  const exp = experiment([rows[2], record({ runId: 'zzzzzzzzzzzz' }), rows[0]]);
  assert.equal(experimentRecords(exp, new Map(rows.map((r) => [r.runId, r]))).map((r) => r.runId), ['cccccccccccc', 'aaaaaaaaaaaa']);
});

test('sweepSummary should print the count, the trials, the best of more than five, the pivots, the choice and the expectations', () => {
  const rows = grid20();
  const exp = experiment(rows, { expectations: [{ where: { lr: 0.05, epochs: 2, hidden: 8 }, metric: 'test_accuracy', min: 0.99 }] });
  const records = new Map(rows.map((r) => [r.runId, r]));
  const s = sweepSummary(exp, records, { width: 120 });
  const titles = s.text.split('\n\n').map((part) => part.split('\n')[0]);
  assert.equal(titles, [
    'x: 20 of 20 trials recorded',
    "Trials (20), in the experiment's order",
    'Best 5 of 20 by test accuracy, highest first',
    'Test accuracy, lr down × epochs across, hidden=8',
    'Test accuracy, lr down × epochs across, hidden=16',
    // the best: (i·7) mod 20 = 19 at i = 17 (lr 0.5, epochs 2, hidden 16), 19/40 + 0.1 = 0.575
    'Best of 20 by test_accuracy: id0000000017 lr=0.5 epochs=2 hidden=16 seed=42 (test_accuracy 0.575)',
    "Expectations (0 of 1 hold), in the file's order",
  ]);
  assert.equal([s.allOk, s.expectationsHold], [true, false]);
  const sorted = sweepSummary(exp, records, { width: 120, sort: 'seed', filter: (r) => r.lr === 0.05 });
  assert.equal(sorted.text.split('\n\n').map((part) => part.split('\n')[0]).slice(0, 3), ['x: 20 of 20 trials recorded', 'Trials (4), by seed, lowest first', 'Test accuracy, epochs down × hidden across']);
  const missing = sweepSummary(experiment([...rows, record({ runId: 'notrun' })]), records, { width: 120 });
  assert.equal([missing.allOk, missing.expectationsHold], [false, true]);
  assert.match(missing.text, /^x: 20 of 21 trials recorded\n/);
  const md = sweepSummary(exp, records, { markdown: true });
  assert.match(md.text, /\n\*\*Trials \(20\), in the experiment's order\*\*\n\n\| # \| run_id \|/);
  assert.match(md.text, /\n\nBest of 20 by test_accuracy: id0000000017 lr=0\.5 epochs=2 hidden=16 seed=42 \(test_accuracy 0\.575\)\n  note: chosen by test_accuracy/);
});

test('sweepSummary with seeds as replicates should print the configurations table and its pivots instead of the best table', () => {
  const rows = [0.1, 0.2].flatMap((lr) => [1, 2, 3].map((seed) => record({ runId: `${lr}-${seed}`, lr, seed, testAccuracy: lr + seed / 100 })));
  const s = sweepSummary(experiment(rows, { replicate: 'seed' }), new Map(rows.map((r) => [r.runId, r])), { width: 120 });
  assert.equal(s.text.split('\n\n').map((part) => part.split('\n')[0]), [
    'x: 6 of 6 trials recorded',
    "Trials (6), in the experiment's order",
    'Configurations over seeds, best mean first (std: sample, n − 1)',
    'Best of 6 by test_accuracy: 0.2-3 lr=0.2 epochs=40 hidden=128 seed=3 (test_accuracy 0.23)',
  ]);
});

test('every --sort key should order by its own value, in its direction, and say so', () => {
  const rows = [
    record({ runId: 'a', lr: 0.3, epochs: 2, hidden: 16, seed: 2, testCorrect: 10 }),
    record({ runId: 'b', lr: 0.1, epochs: 3, hidden: 8, seed: 3, testCorrect: 30 }),
    record({ runId: 'c', lr: 0.2, epochs: 1, hidden: 32, seed: 1, testCorrect: 20 }),
  ];
  const order = (key: Parameters<typeof sortedBy>[1]) => sortedBy(rows, key).map((r) => r.runId).join('');
  assert.equal(['test_correct', 'lr', 'epochs', 'hidden', 'seed'].map((k) => order(k as Parameters<typeof sortedBy>[1])), ['bca', 'bca', 'cab', 'bac', 'cab']);
  const title = (sort: Parameters<typeof sortedBy>[1]) => trialsTable(rows, { width: 200 }, { sort }).split('\n')[0];
  assert.equal(['lr', 'epochs', 'hidden', 'train_seconds'].map((k) => title(k as Parameters<typeof sortedBy>[1])), [
    'Trials (3), by lr, lowest first', 'Trials (3), by epochs, lowest first', 'Trials (3), by hidden, lowest first', 'Trials (3), by train_seconds, lowest first',
  ]);
});

test('trials without a value should go last in their order, however many there are', () => {
  const rows = ['a', 'b', 'c', 'd', 'e', 'f'].map((runId, i) => record({ runId, testAccuracy: i % 2 === 0 ? null : i / 10 }));
  assert.is(sortedBy(rows, 'test_accuracy').map((r) => r.runId).join(''), 'fdbace');
});

test('the trials table should number ten or more trials right-aligned and write a failed trial without an error as failed', () => {
  const rows = Array.from({ length: 10 }, (_, i) => record({ runId: `r${i}`, lr: (i + 1) / 100 }));
  rows[9] = record({ runId: 'r9', lr: 0.1, status: 'failed', testAccuracy: null, testCorrect: null, finalLoss: null });
  const lines = trialsTable(rows, { width: 200 }).split('\n');
  assert.match(lines[3], /^ 1  r0 /);
  assert.match(lines[12], /^10  r9 +0\.1 .* failed: {2,}/);
});

test('a pivot should order its rows and columns by value whatever the trials\' order, in Markdown whatever the width', () => {
  const rows = [0.3, 0.2, 0.1].flatMap((lr) => [32, 8].map((hidden) => record({ runId: `${lr}-${hidden}`, lr, hidden, testAccuracy: lr + hidden / 100 })));
  assert.equal(pivotTables(rows, { width: 80 })[0].split('\n').slice(1), [
    'lr \\ hidden       8      32',
    '───────────  ──────  ──────',
    '        0.1  18.00%  42.00%',
    '        0.2  28.00%  52.00%',
    '        0.3  38.00%  62.00%',
  ]);
  const values = Array.from({ length: 12 }, (_, i) => i + 1);
  const wide = values.flatMap((lr) => values.map((hidden) => record({ runId: `${lr}-${hidden}`, lr, hidden })));
  assert.match(pivotTables(wide, { width: 80, markdown: true })[0], /^\*\*Test accuracy, lr down × hidden across\*\*/, 'Markdown is never too wide');
});

test('pivots over four axes should be one per combination of the other two, up to eight, titled by both', () => {
  const grid = (hiddens: number[], seeds: number[]) =>
    [0.1, 0.2, 0.3, 0.4].flatMap((lr) => [1, 2, 3, 4].flatMap((epochs) => hiddens.flatMap((hidden) => seeds.map((seed) => record({ runId: `${lr}-${epochs}-${hidden}-${seed}`, lr, epochs, hidden, seed })))));
  // 4 values each of lr, epochs and seed, 2 of hidden: lr down, epochs across, per seed and hidden
  const eight = pivotTables(grid([8, 16], [1, 2, 3, 4]), { width: 80 });
  assert.is(eight.length, 8, '4 seeds × 2 hidden');
  assert.is(eight[0].split('\n')[0], 'Test accuracy, lr down × epochs across, seed=1 hidden=8');
  assert.match(pivotTables(grid([8, 16, 32], [1, 2, 3]), { width: 80 })[0], /^All 144 by test accuracy/, '3 × 3 = 9 combinations: a ranked list');
});

test('pivots should all fit, or none is shown; with too few finished trials for a ranking, nothing', () => {
  const values = Array.from({ length: 12 }, (_, i) => i + 1);
  // hidden 8: 12 × 12, too wide for 80 columns; hidden 16: a 12 × 1 pivot that fits
  const rows = [...values.flatMap((lr) => values.map((epochs) => record({ runId: `a${lr}-${epochs}`, lr, epochs, hidden: 8 }))), ...values.map((lr) => record({ runId: `b${lr}`, lr, epochs: 1, hidden: 16 }))];
  const tables = pivotTables(rows, { width: 80 });
  assert.is(tables.length, 1);
  assert.match(tables[0], /^All 156 by test accuracy/);
  const failed = [1, 2, 3].flatMap((lr) => [1, 2, 3].flatMap((epochs) => [1, 2, 3].flatMap((hidden) => [1, 2, 3].map((seed) => record({ runId: `${lr}${epochs}${hidden}${seed}`, lr, epochs, hidden, seed, status: 'failed', testAccuracy: null })))));
  assert.equal(pivotTables(failed, { width: 80 }), [], '9 combinations of failed trials: nothing to rank');
  assert.equal(replicatePivotTables(summarise(rows), { width: 80 }), [], 'replicate pivots too wide: none, and no ranking either');
});

test('the configurations table should list each configuration\'s statistics over its seeds, best mean first, failed ones last', () => {
  const rows = [
    ...[0.5, 0.65, 0.8].map((a, i) => record({ runId: `a${i}`, lr: 0.1, seed: i, testAccuracy: a, finalLoss: 1 + i / 10 })),
    ...[0.7, 0.7, 0.7].map((a, i) => record({ runId: `b${i}`, lr: 0.2, seed: i, testAccuracy: a, finalLoss: 2 })),
    ...[0, 1].map((i) => record({ runId: `c${i}`, lr: 0.3, seed: i, status: 'failed', testAccuracy: null, finalLoss: null })),
  ];
  // 0.7 leads 0.65 by 5 pts; the runner-up's std, 15 pts, is the larger: within noise. The failed configuration
  // comes first in the records, last in the table.
  assert.is(replicatesTable(summarise([...rows].reverse()), { width: 200 }), [
    'Configurations over seeds, best mean first (std: sample, n − 1)',
    ' lr  epochs  hidden  n  test acc (mean ± std)     min     max  final loss (mean ± std)',
    '───  ──────  ──────  ─  ─────────────────────  ──────  ──────  ───────────────────────  ──────────────────',
    '0.2      40     128  3          70.00% ± 0.00  70.00%  70.00%          2.0000 ± 0.0000  best, within noise',
    '0.1      40     128  3         65.00% ± 15.00  50.00%  80.00%          1.1000 ± 0.1000',
    '0.3      40     128  0                      —       —       —                        —',
    'The best is within noise: its lead 5.00 pts < std 15.00 pts.',
  ].join('\n'));
});

test('the configurations table should mark a clear best without the noise line, and mark nothing with one configuration or no runner-up mean', () => {
  const configs = (...groups: [number, number[]][]) => summarise(groups.flatMap(([lr, accs]) => accs.map((a, i) => record({ runId: `${lr}-${i}`, lr, seed: i, testAccuracy: a, status: Number.isNaN(a) ? 'failed' : 'ok' }))));
  const clear = replicatesTable(configs([0.1, [0.5, 0.4, 0.6]], [0.3, [0.7, 0.6, 0.8]]), { width: 200 });
  assert.not.match(clear, /within noise/);
  assert.match(clear.split('\n')[3], / best$/);
  // a lead equal to the larger std: not within noise ([0, 0.5, 1] has std 0.5 exactly)
  const equal = replicatesTable(configs([0.1, [0, 0.5, 1]], [0.3, [1, 1, 1]]), { width: 200 });
  assert.not.match(equal, /within noise/);
  const one = replicatesTable(configs([0.1, [0.5, 0.6]]), { width: 200 });
  assert.is(one.split('\n').length, 4);
  assert.match(one.split('\n')[3], /2\.2000 ± 0\.0000$/, 'no mark after the last number');
  const noRunnerUp = replicatesTable(configs([0.1, [0.5, 0.6]], [0.2, [NaN, NaN]]), { width: 200 });
  assert.not.match(noRunnerUp.split('\n').slice(1).join('\n'), /best/, 'no runner-up mean to lead: no mark');
});

test('an expectation on the mean of a configuration with no record yet should not hold, and say not run', () => {
  const exp = experiment([record({ runId: 'a', lr: 0.1 })], { expectations: [{ where: {}, metric: 'test_accuracy_mean', min: 0 }] });
  assert.equal(checkExpectations(exp, new Map()).map((x) => [x.measured, x.holds]), [[null, false]]);
});

test('sweepSummary should leave out the best table when sorted or for five trials or fewer, and say whether all hold and all are ok', () => {
  const rows = grid20();
  const records = new Map(rows.map((r) => [r.runId, r]));
  const titles = (s: { text: string }) => s.text.split('\n\n').map((part) => part.split('\n')[0]);
  const bestTables = (s: { text: string }) => titles(s).filter((t) => /^Best \d+ of \d+ by test accuracy/.test(t));
  assert.equal(bestTables(sweepSummary(experiment(rows), records, { width: 120, sort: 'lr' })), []);
  const five = rows.slice(0, 5);
  assert.equal(bestTables(sweepSummary(experiment(five), new Map(five.map((r) => [r.runId, r])), { width: 120 })), []);
  const six = rows.slice(0, 6);
  assert.ok(titles(sweepSummary(experiment(six), new Map(six.map((r) => [r.runId, r])), { width: 120 })).includes('Best 5 of 6 by test accuracy, highest first'));
  const holds = sweepSummary(experiment(rows, { expectations: [{ where: { lr: 0.05 }, metric: 'test_accuracy', min: 0 }] }), records, { width: 120 });
  assert.equal([holds.allOk, holds.expectationsHold], [true, true]);
  const diverged = [...rows.slice(1), { ...rows[0], status: 'diverged' as const, testAccuracy: null }];
  assert.is(sweepSummary(experiment(rows), new Map(diverged.map((r) => [r.runId, r])), { width: 120 }).allOk, false, 'all recorded, one diverged');
});

test('the configurations table should right-align n, whatever its width', () => {
  const rows = Array.from({ length: 10 }, (_, i) => record({ runId: `s${i}`, seed: i, testAccuracy: 0.5 }));
  const lines = replicatesTable(summarise([...rows, record({ runId: 'o', lr: 0.1, testAccuracy: 0.25 })]), { width: 200 }).split('\n');
  assert.match(lines[1], /^  lr  epochs  hidden   n  /);
  assert.match(lines[4], /^ 0\.1      40     128   1  /);
});


test('sortedBy should move every trial without the value after the others, however they come, two of them in their order', () => {
  const none = (runId: string) => record({ runId, status: 'failed', testAccuracy: null, finalLoss: null });
  const rows = [none('n1'), record({ runId: 'a', testAccuracy: 0.5 }), none('n2'), record({ runId: 'c', testAccuracy: 0.75 }), none('n3')];
  assert.equal(sortedBy(rows, 'test_accuracy').map((r) => r.runId), ['c', 'a', 'n1', 'n2', 'n3']);
  assert.equal(sortedBy([none('n1'), record({ runId: 'a' })], 'test_accuracy').map((r) => r.runId), ['a', 'n1']);
  assert.equal(sortedBy([none('n2'), none('n1')], 'final_loss').map((r) => r.runId), ['n2', 'n1']);
});

test('the configurations table should rank configurations the same in whatever order their records come', () => {
  const rows = [
    ...[0, 1].map((i) => record({ runId: `c${i}`, lr: 0.3, seed: i, status: 'failed', testAccuracy: null, finalLoss: null })),
    ...[0.6, 0.7].map((a, i) => record({ runId: `a${i}`, lr: 0.1, seed: i, testAccuracy: a })),
    ...[0.9, 0.8].map((a, i) => record({ runId: `b${i}`, lr: 0.2, seed: i, testAccuracy: a })),
    ...[0.1, 0.2].map((a, i) => record({ runId: `d${i}`, lr: 0.4, seed: i, testAccuracy: a })),
  ];
  const lrs = (t: string) => t.split('\n').slice(3, 7).map((l) => l.trim().split(/\s+/)[0]);
  // every order of the four configurations: 0.2 (mean 85%), 0.1 (65%), 0.4 (15%), then 0.3 (all failed)
  const groups = [rows.slice(0, 2), rows.slice(2, 4), rows.slice(4, 6), rows.slice(6, 8)];
  const orders = (xs: number[]): number[][] => (xs.length <= 1 ? [xs] : xs.flatMap((x) => orders(xs.filter((y) => y !== x)).map((o) => [x, ...o])));
  for (const order of orders([0, 1, 2, 3])) {
    assert.equal(lrs(replicatesTable(summarise(order.flatMap((g) => groups[g])), { width: 200 })), ['0.2', '0.1', '0.4', '0.3'], order.join());
  }
});

test('sortedBy should keep the trials without the value last in a long list too (a sort that merges runs, not only inserts)', () => {
  // 200 trials, every third without an accuracy, accuracies in a scrambled order (i · 37 mod 200, all distinct)
  const rows = Array.from({ length: 200 }, (_, i) =>
    i % 3 === 0 ? record({ runId: `n${i}`, status: 'failed', testAccuracy: null }) : record({ runId: `v${i}`, testAccuracy: ((i * 37) % 200) / 200 }),
  );
  const sorted = sortedBy(rows, 'test_accuracy').map((r) => r.runId);
  // expected: the trials with a value by descending accuracy (i · 37 mod 200 descending), then the others in their order
  const withValue = rows.filter((_, i) => i % 3 !== 0).map((r, k) => ({ id: r.runId, key: (Number(r.runId.slice(1)) * 37) % 200, k }));
  withValue.sort((p, q) => q.key - p.key);
  const without = Array.from({ length: 67 }, (_, j) => `n${3 * j}`);
  assert.equal(sorted, [...withValue.map((p) => p.id), ...without]);
});

test.run();
