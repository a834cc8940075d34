import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EpochTracker } from '../src/train/metrics.js';
import { prepareData } from '../src/train/prepared.js';
import { train } from '../src/train/train.js';
import { fixture } from './helpers/fixtures.js';
import { sweep, tempDir } from './helpers/cli.js';

interface TrackedRun {
  lr: number;
  epochs: number;
  hidden: number;
  seed: number;
  val_size: number;
  split_seed: number;
  test_size: number;
  limit: number;
  n_train: number;
  n_val: number;
  n_test: number;
  losses: number[];
  val_loss: number[];
  val_correct: number[];
  test_loss: number[];
  test_correct: number[];
  train_correct: number[];
  grad_norm: number[];
  weight_norm: number[];
  dead_units: number[];
}

const runs = fixture<TrackedRun[]>('notebook-tracking.json');
const ALL = ['val_loss', 'val_accuracy', 'test_loss', 'test_accuracy', 'train_accuracy', 'grad_norm', 'weight_norm', 'dead_units'] as const;

function close(got: number[], want: number[], what: string): void {
  assert.is(got.length, want.length, `${what}: ${got.length} epochs`);
  got.forEach((x, i) => {
    const rel = Math.abs(x - want[i]) / Math.abs(want[i]);
    assert.ok(rel < 1e-9, `${what}, epoch ${i + 1}: ${x} vs NumPy ${want[i]} (relative ${rel})`);
  });
}

const counts = (accuracies: number[], total: number) => accuracies.map((a) => Math.round(a * total));
const dataOf = (r: TrackedRun) => prepareData({ limit: r.limit, testSize: r.test_size, splitSeed: r.split_seed, valSize: r.val_size });

for (const r of runs) {
  const label = `lr ${r.lr}, ${r.epochs} epochs, hidden ${r.hidden}, seed ${r.seed}, val_size ${r.val_size}, split ${r.split_seed}/${r.test_size}, limit ${r.limit}`;
  test(`every tracked metric matches NumPy running the notebook on the validation split's training portion (${label})`, () => {
    const data = dataOf(r);
    assert.is(data.train.rows, r.n_train);
    assert.is(data.val!.rows, r.n_val);
    const tracker = new EpochTracker(ALL, data, { inputs: data.features, hidden: r.hidden, outputs: data.classes });
    const result = train(data, r, { onUpdate: (_e, p, g) => tracker.measure(p, g) });
    const s = tracker.series;
    close(result.losses, r.losses, 'loss');
    close(s.val_loss!, r.val_loss, 'val_loss');
    close(s.test_loss!, r.test_loss, 'test_loss');
    close(s.grad_norm!, r.grad_norm, 'grad_norm');
    close(s.weight_norm!, r.weight_norm, 'weight_norm');
    assert.equal(counts(s.val_accuracy!, r.n_val), r.val_correct);
    assert.equal(counts(s.test_accuracy!, r.n_test), r.test_correct);
    assert.equal(counts(s.train_accuracy!, r.n_train), r.train_correct);
    assert.equal(s.dead_units, r.dead_units);
    // the last epoch's test_accuracy is the trial's
    assert.is(s.test_accuracy!.at(-1), result.checkpoints[0].testAccuracy);
  });
}

test('tracking never changes a weight bit, on one thread or two', () => {
  const r = runs[1];
  const data = dataOf(r);
  const plain = train(data, r);
  for (const threads of [1, 2]) {
    const tracker = new EpochTracker(ALL, data, { inputs: data.features, hidden: r.hidden, outputs: data.classes });
    const tracked = train(data, r, { threads, onUpdate: (_e, p, g) => tracker.measure(p, g) });
    assert.is(tracked.checkpoints[0].weightsSha256, plain.checkpoints[0].weightsSha256, `${threads} thread(s)`);
    assert.equal(tracked.losses, plain.losses);
    assert.is(tracker.series.val_loss!.length, r.epochs);
  }
});

test('a sweep with val_size 0.1 and track [val_loss, val_accuracy, test_accuracy] gives NumPy\'s counts and losses in history.csv and the records', () => {
  const r = runs[0];
  const dir = tempDir();
  const file = join(dir, 'tracked.yaml');
  writeFileSync(file, `name: tracked\ndata: {limit: ${r.limit}, val_size: ${r.val_size}}\ngrid: {lr: ${r.lr}, epochs: [3, ${r.epochs}], hidden: ${r.hidden}, seed: ${r.seed}}\ntrack: [val_loss, val_accuracy, test_accuracy]\n`);
  const run = sweep(['run', file, '--results', dir, '--workers', '1']);
  assert.is(run.code, 0, run.stdout + run.stderr);
  const lines = readFileSync(join(dir, 'tracked', 'history.csv'), 'utf8').trim().split('\n');
  assert.is(lines[0], 'run_id,epoch,loss,val_loss,val_accuracy,test_accuracy');
  const rows = lines.slice(1).map((l) => l.split(','));
  const longest = rows.filter((row) => row[0] === rows.at(-1)![0]);
  assert.is(longest.length, r.epochs);
  close(longest.map((row) => Number(row[2])), r.losses, 'loss');
  close(longest.map((row) => Number(row[3])), r.val_loss, 'val_loss');
  assert.equal(counts(longest.map((row) => Number(row[4])), r.n_val), r.val_correct);
  assert.equal(counts(longest.map((row) => Number(row[5])), r.n_test), r.test_correct);
  const runsCsv = readFileSync(join(dir, 'tracked', 'runs.csv'), 'utf8');
  assert.match(runsCsv, new RegExp(`,${r.test_correct.at(-1)},${r.n_test},`));
  const report = readFileSync(join(dir, 'tracked', 'report.html'), 'utf8');
  assert.match(report, /<section id="metrics">\n<h2>Tracked metrics<\/h2>\n<svg/);
  assert.match(report, /id="best">Best of 2 by val_accuracy: /);
  const best = sweep(['best', join(dir, 'tracked'), '--json']);
  assert.is(best.code, 0, best.stderr);
  const winner = JSON.parse(best.stdout);
  assert.is(winner.metric, 'val_accuracy');
  assert.is(winner.leaks_test_set, false);
  assert.is(winner.val_accuracy, Math.max(r.val_correct[2], r.val_correct.at(-1)!) / r.n_val);
});

test('tracking a val_ metric without data.val_size is refused with the place and the fix', () => {
  const dir = tempDir();
  const file = join(dir, 'x.yaml');
  writeFileSync(file, 'name: x\ndata: {limit: 500}\ntrack: [test_loss, val_accuracy]\n');
  const r = sweep(['validate', file]);
  assert.is(r.code, 2);
  assert.match(r.stderr, /x\.yaml:3:\d+: track\[1\] val_accuracy needs a validation split: set data\.val_size/);
});

test('a metric tracked twice, or a val_size of 1 or more, is refused with the place', () => {
  const dir = tempDir();
  const twice = join(dir, 'twice.yaml');
  writeFileSync(twice, 'name: x\ntrack: [test_loss, grad_norm, test_loss]\n');
  const r = sweep(['validate', twice]);
  assert.is(r.code, 2);
  assert.match(r.stderr, /twice\.yaml:2:31: track lists "test_loss" twice; name each once/);
  const big = join(dir, 'big.yaml');
  writeFileSync(big, 'name: x\ndata: {val_size: 1}\n');
  assert.match(sweep(['validate', big]).stderr, /big\.yaml:2:18: data\.val_size must be a number of 0 and up and below 1, got 1/);
});

test.run();
