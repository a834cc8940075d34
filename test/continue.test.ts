import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { recordFromJson, type TrialRecord } from '../src/store/record.js';
import { prepareData } from '../src/train/prepared.js';
import { train, type Weights } from '../src/train/train.js';
import { sweep, tempDir } from './helpers/cli.js';

const copy = (p: Weights): Weights => ({ W1: p.W1.slice(), b1: p.b1.slice(), W2: p.W2.slice(), b2: p.b2.slice() });

test('training on from the weights after e epochs is bit-identical to training E epochs from scratch, on one thread or two', () => {
  const data = prepareData({ limit: 1500, testSize: 0.2, splitSeed: 42 });
  const hp = { lr: 0.3, hidden: 12, seed: 4 };
  const scratch = train(data, { ...hp, epochs: 7 });
  let saved: Weights | undefined;
  train(data, { ...hp, epochs: 3 }, { onUpdate: (epoch, p) => (saved = epoch === 3 ? copy(p) : saved) });
  for (const threads of [1, 2]) {
    const continued = train(data, { ...hp, epochs: 7 }, { threads, from: { epochs: 3, weights: saved! }, checkpoints: [5, 7] });
    assert.equal(continued.losses, scratch.losses.slice(3), `${threads} thread(s)`);
    const { trainSeconds: _a, ...got } = continued.checkpoints[1];
    const { trainSeconds: _b, ...want } = scratch.checkpoints[0];
    assert.equal(got, want);
  }
  assert.throws(() => train(data, { ...hp, epochs: 3 }, { from: { epochs: 3, weights: saved! } }), /epoch counts of 4 and up/);
});

const experiment = (epochs: string) =>
  `name: grow\ndata: {limit: 1500, val_size: 0.1}\ngrid: {lr: 0.2, epochs: ${epochs}, hidden: 9, seed: 3}\ntrack: [val_accuracy, grad_norm]\nsave_weights: true\n`;

function recordOf(dir: string, epochs: number): TrialRecord {
  const row = readFileSync(join(dir, 'runs.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')).find((r) => r[2] === String(epochs))!;
  return recordFromJson(readFileSync(join(dir, 'trials', `${row[0]}.json`), 'utf8'));
}

test('a 10-epoch trial with save_weights, then the file extended to epochs [10, 20]: plan says 10 epochs left and the 20-epoch trial equals a fresh one', () => {
  const dir = tempDir();
  const file = join(dir, 'grow.yaml');
  writeFileSync(file, experiment('10'));
  assert.is(sweep(['run', file, '--results', dir, '--workers', '1']).code, 0);
  writeFileSync(file, experiment('[10, 20]'));
  const plan = sweep(['plan', file, '--results', dir]);
  assert.is(plan.code, 0, plan.stderr);
  assert.match(plan.stdout, /1 done, 1 to run[^\n]* 10 epoch\(s\) to train in 1 run\(s\)/);
  const run = sweep(['run', file, '--results', dir, '--workers', '1']);
  assert.is(run.code, 0, run.stdout + run.stderr);
  const continued = recordOf(join(dir, 'grow'), 20);
  assert.equal(continued.continuedFrom, { runId: recordOf(join(dir, 'grow'), 10).runId, epochs: 10 });

  const fresh = tempDir();
  const freshFile = join(fresh, 'grow.yaml');
  writeFileSync(freshFile, experiment('20'));
  assert.is(sweep(['run', freshFile, '--results', fresh, '--workers', '1']).code, 0);
  const alone = recordOf(join(fresh, 'grow'), 20);
  assert.is(alone.continuedFrom, undefined);
  assert.is(continued.weightsSha256, alone.weightsSha256);
  assert.equal(continued.losses, alone.losses);
  assert.equal(continued.metrics, alone.metrics);
  assert.is(continued.testCorrect, alone.testCorrect);
  assert.is(readFileSync(join(dir, 'grow', 'history.csv'), 'utf8').split('\n').filter((l) => l.startsWith(`${continued.runId},`)).join('\n'),
    readFileSync(join(fresh, 'grow', 'history.csv'), 'utf8').trim().split('\n').slice(1).join('\n'));
});

test('saved weights that do not hash to their record are not trained from: the run starts at epoch 1, with the same result', () => {
  const dir = tempDir();
  const file = join(dir, 'grow.yaml');
  writeFileSync(file, experiment('4'));
  assert.is(sweep(['run', file, '--results', dir, '--workers', '1']).code, 0);
  const short = recordOf(join(dir, 'grow'), 4);
  const npz = join(dir, 'grow', 'weights', `${short.runId}.npz`);
  const bytes = readFileSync(npz);
  bytes[300] ^= 1; // one bit of W1 (the first array: 30 + 6 bytes of zip header, 128 of .npy header)
  writeFileSync(npz, bytes);
  writeFileSync(file, experiment('[4, 6]'));
  const run = sweep(['run', file, '--results', dir, '--workers', '1']);
  assert.is(run.code, 0, run.stdout + run.stderr);
  const long = recordOf(join(dir, 'grow'), 6);
  assert.is(long.continuedFrom, undefined);
  assert.match(readFileSync(join(dir, 'grow', 'logs', `${long.runId}.log`), 'utf8'), /not continuing from [0-9a-f]{12} \(.*SHA-256.*\); training from epoch 1/);
  assert.equal(long.losses.slice(0, 4), short.losses);
});

test.run();
