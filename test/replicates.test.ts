import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stats } from '../src/report/summary.js';
import { experimentFile, readCsv, sweep, tempDir } from './helpers/cli.js';

const REPLICATES = `name: rep
replicate: seed
data: {limit: 800}
grid: {lr: [0.1, 0.3], epochs: 4, hidden: 9, seed: [1, 2, 3]}
`;

test('stats gives the sample standard deviation (n − 1) and none for a single value', () => {
  const s = stats([1, 2, 3, 4]);
  assert.is(s.mean, 2.5);
  assert.ok(Math.abs(s.std! - Math.sqrt(5 / 3)) < 1e-15);
  assert.equal([s.min, s.max, s.n], [1, 4, 4]);
  assert.equal(stats([7]), { n: 1, mean: 7, std: null, min: 7, max: 7 });
});

test('replicates over three seeds give one summary row per configuration whose statistics match runs.csv', () => {
  const results = tempDir();
  const r = sweep(['run', experimentFile(REPLICATES), '--results', results]);
  assert.is(r.code, 0, r.stdout + r.stderr);
  const runs = readCsv(join(results, 'rep', 'runs.csv'));
  const summary = readCsv(join(results, 'rep', 'summary.csv'));
  assert.is(summary.length, 2);
  for (const row of summary) {
    assert.is(row.n, '3');
    const accuracies = runs.filter((x) => x.lr === row.lr).map((x) => Number(x.test_accuracy));
    const losses = runs.filter((x) => x.lr === row.lr).map((x) => Number(x.final_loss));
    assert.is(accuracies.length, 3);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const std = (xs: number[]) => Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1));
    assert.is(Number(row.test_accuracy_mean), mean(accuracies));
    assert.ok(Math.abs(Number(row.test_accuracy_std) - std(accuracies)) < 1e-15);
    assert.is(Number(row.test_accuracy_min), Math.min(...accuracies));
    assert.is(Number(row.test_accuracy_max), Math.max(...accuracies));
    assert.is(Number(row.final_loss_mean), mean(losses));
    assert.ok(Math.abs(Number(row.final_loss_std) - std(losses)) < 1e-15);
  }
  assert.match(r.stdout, /Configurations over seeds, best mean first \(std: sample, n − 1\)/);
  assert.match(r.stdout, /\d+\.\d\d% ± \d+\.\d\d/);
  // the best configuration's cell, from runs.csv's accuracies
  const cells = ['0.1', '0.3'].map((lr) => {
    const acc = runs.filter((x) => x.lr === lr).map((x) => Number(x.test_correct) / Number(x.test_total));
    const m = acc.reduce((a, b) => a + b, 0) / acc.length;
    const sd = Math.sqrt(acc.reduce((a, x) => a + (x - m) ** 2, 0) / (acc.length - 1));
    return { m, text: `${(m * 100).toFixed(2)}% ± ${(sd * 100).toFixed(2)}` };
  });
  const cell = (cells[0].m >= cells[1].m ? cells[0] : cells[1]).text;
  const report = readFileSync(join(results, 'rep', 'report.html'), 'utf8');
  assert.match(report, /Configurations over seeds/);
  assert.ok(report.includes(cell), `report shows ${cell}`);
});

test('summary.csv is written without replicates too, with n = 1 and no std', () => {
  const results = tempDir();
  sweep(['run', experimentFile('name: one\ndata: {limit: 600}\ngrid: {lr: [0.1, 0.2], epochs: 2, hidden: 5}\n'), '--results', results]);
  const text = readFileSync(join(results, 'one', 'summary.csv'), 'utf8');
  assert.ok(text.startsWith('lr,epochs,hidden,n,test_accuracy_mean,test_accuracy_std,test_accuracy_min,test_accuracy_max,final_loss_mean,final_loss_std\n'));
  const rows = readCsv(join(results, 'one', 'summary.csv'));
  assert.equal(rows.map((r) => [r.lr, r.n, r.test_accuracy_std]), [['0.1', '1', ''], ['0.2', '1', '']]);
});

test('an expectation on the mean holds or misses on the mean over seeds', () => {
  const results = tempDir();
  const first = sweep(['run', experimentFile(REPLICATES), '--results', results]);
  // the mean over seeds of lr 0.3, from the trials' own counts (not from the sweep's summary)
  const lr3 = readCsv(join(results, 'rep', 'runs.csv')).filter((r) => r.lr === '0.3');
  assert.is(lr3.length, 3);
  const mean = lr3.reduce((a, r) => a + Number(r.test_correct) / Number(r.test_total), 0) / 3;
  const holds = `${REPLICATES}expect: [{where: {lr: 0.3}, test_accuracy_mean: ${mean.toFixed(4)}}]\n`;
  const ok = sweep(['run', experimentFile(holds), '--results', results]);
  assert.is(ok.code, 0, ok.stdout);
  assert.match(ok.stdout, /test_accuracy_mean .* ✓/);
  const misses = `${REPLICATES}expect: [{where: {lr: 0.3}, test_accuracy_mean: ${(mean + 0.01).toFixed(4)}}]\n`;
  const bad = sweep(['run', experimentFile(misses), '--results', results]);
  assert.is(bad.code, 1);
  assert.match(bad.stdout, /test_accuracy_mean .* ✗/);
  assert.is(first.code, 0);
});

// the "within noise" mark itself is checked on made-up statistics, both ways, in report-unit.test.ts
test('the sweep prints the best configuration with its mark', () => {
  const results = tempDir();
  const r = sweep(['run', experimentFile(REPLICATES), '--results', results]);
  assert.is(r.code, 0, r.stdout + r.stderr);
  // the mark's rule (lead < the larger std) is checked both ways on made-up statistics in report-unit.test.ts
  assert.match(r.stdout, /\S {2,}best(, within noise)?$/m);
});

test.run();
