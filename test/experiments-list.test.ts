// `sweep ls`'s table (src/report/experiments-list.ts): one line per experiment — trials recorded of the file's, ok,
// failed, the best test accuracy and where, the last run — and a folder that could not be read, with why.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { experimentsTable } from '../src/report/experiments-list.js';
import { experiment, record } from './helpers/records.js';

test('experimentsTable should list each experiment with its counts, its best trial and its last run', () => {
  const grid = [
    record({ runId: 'a', lr: 0.1, testAccuracy: 0.5, finishedAt: '2026-11-25T08:00:00.000Z' }),
    record({ runId: 'b', lr: 0.2, testAccuracy: 0.75, finishedAt: '2026-11-25T09:30:59.000Z' }),
    record({ runId: 'c', lr: 0.3, status: 'diverged', testAccuracy: null, finishedAt: '2026-11-25T09:00:00.000Z' }),
  ];
  const gridExp = experiment([...grid, record({ runId: 'd', lr: 0.4 })], { name: 'grid' });
  const one = [record({ runId: 'e', testAccuracy: 0.25, finishedAt: '2026-11-24T23:59:00.000Z' })];
  const table = experimentsTable('results', [
    { name: 'grid', exp: gridExp, records: new Map(grid.map((r) => [r.runId, r])) },
    { name: 'one', exp: experiment(one, { name: 'one' }), records: new Map(one.map((r) => [r.runId, r])) },
    { name: 'empty', exp: experiment([record({ runId: 'f' })], { name: 'empty' }), records: new Map() },
    { name: 'broken', records: new Map(), problem: 'experiment.yaml: not valid YAML' },
    { name: 'odd', records: new Map() },
  ], 100);
  assert.is(table, [
    'Experiments in results (5), by name',
    'experiment  trials  ok  failed  best test acc                    last run (UTC)',
    '──────────  ──────  ──  ──────  ───────────────────────────────  ────────────────',
    'grid           3/4   2       1  75.00% (lr=0.2)                  2026-11-25 09:30',
    'one            1/1   1       0  25.00% (lr=0.03 epochs=40)       2026-11-24 23:59',
    'empty          0/1   0       0  —                                —',
    'broken                          experiment.yaml: not valid YAML',
    'odd                             unreadable',
  ].join('\n'));
});

test('experimentsTable should drop the ok column, then the last run, before it cuts the best column', () => {
  const rows = [record({ runId: 'a', testAccuracy: 0.5 })];
  const entries = [{ name: 'one', exp: experiment(rows, { name: 'one' }), records: new Map(rows.map((r) => [r.runId, r])) }];
  const header = (width: number) => experimentsTable('r', entries, width).split('\n')[1];
  // at 80 all fit: 'best test acc' is as wide as its widest cell, '50.00% (lr=0.03 epochs=40)' (26)
  assert.is(header(80), `experiment  trials  ok  failed  best test acc${' '.repeat(26 - 13 + 2)}last run (UTC)`);
  assert.is(header(60), 'experiment  trials  failed  best test acc');
});

test.run();
