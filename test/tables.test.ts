// Tables for a terminal: they fit the width (columns dropped or cut, never a number wrapped), keep the experiment's
// order, title their order, rank a short best table, pivot three or more axes (`sweep show` itself: show.test.ts).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { bestTable, pivotTables, sweepSummary, trialsTable } from '../src/report/tables.js';
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

test.run();
