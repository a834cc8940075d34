import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { KERNELS_NAMES } from '../src/train/kernels/index.js';
import { prepareData } from '../src/train/prepared.js';
import { train } from '../src/train/train.js';
import { fixture } from './helpers/fixtures.js';

interface NotebookRun {
  lr: number;
  epochs: number;
  hidden: number;
  seed: number;
  split_seed?: number;
  test_size?: number;
  limit: number;
  n_test: number;
  test_correct: number;
  losses: number[];
}

const runs = fixture<NotebookRun[]>('notebook-training.json');

for (const run of runs) for (const kernels of KERNELS_NAMES) {
  const label = `lr ${run.lr}, ${run.epochs} epochs, hidden ${run.hidden}, seed ${run.seed}, split ${run.split_seed ?? 42}/${run.test_size ?? 0.2}, limit ${run.limit}`;
  test(`training with the ${kernels} kernels matches the notebook's NumPy code (${label})`, () => {
    const data = prepareData({ limit: run.limit, testSize: run.test_size ?? 0.2, splitSeed: run.split_seed ?? 42 });
    const result = train(data, run, { kernels });
    const c = result.checkpoints[0];
    assert.is(c.testTotal, run.n_test);
    assert.is(c.testCorrect, run.test_correct);
    assert.is(result.losses.length, run.losses.length);
    result.losses.forEach((loss, i) => {
      const rel = Math.abs(loss - run.losses[i]) / Math.abs(run.losses[i]);
      assert.ok(rel < 1e-9, `epoch ${i + 1}: ${loss} vs NumPy ${run.losses[i]} (relative ${rel})`);
    });
  });
}

test('a run repeated in one process after another run gives the same bits, and those are NumPy\'s numbers', () => {
  // the fixture's second run (lr 0.1, 8 epochs, hidden 33): trained, then a run of another shape, then it again
  const run = runs[1];
  const data = prepareData({ limit: run.limit, testSize: run.test_size ?? 0.2, splitSeed: run.split_seed ?? 42 });
  const first = train(data, run);
  train(data, { lr: 0.3, epochs: 2, hidden: 9, seed: 1 });
  const again = train(data, run);
  assert.is(again.checkpoints[0].weightsSha256, first.checkpoints[0].weightsSha256);
  assert.ok(again.losses.every((l, i) => Object.is(l, first.losses[i])) && again.losses.length === run.epochs);
  // anchored: the repeated run is the notebook's, not merely equal to itself
  assert.is(again.checkpoints[0].testCorrect, run.test_correct);
  again.losses.forEach((loss, i) => assert.ok(Math.abs(loss - run.losses[i]) / run.losses[i] < 1e-9, `epoch ${i + 1}`));
});

test('checkpoints on the way equal runs stopped there', () => {
  const data = prepareData({ limit: 1500, testSize: 0.2, splitSeed: 42 });
  const shared = train(data, { lr: 0.2, hidden: 11, seed: 3 }, { checkpoints: [4, 2, 3] });
  assert.equal(shared.checkpoints.map((c) => c.epochs), [2, 3, 4]);
  for (const c of shared.checkpoints) {
    const alone = train(data, { lr: 0.2, epochs: c.epochs, hidden: 11, seed: 3 });
    const { trainSeconds: _a, ...expected } = alone.checkpoints[0];
    const { trainSeconds: _b, ...got } = c;
    assert.equal(got, expected, `epochs ${c.epochs}`);
    assert.equal(shared.losses.slice(0, c.epochs), alone.losses);
  }
});

test('a loss that turns infinite or NaN stops the run as diverged', () => {
  const data = prepareData({ limit: 1500, testSize: 0.2, splitSeed: 42 });
  const seen: number[] = [];
  const result = train(data, { lr: 1e300, hidden: 8, seed: 0 }, { checkpoints: [1, 50], onEpoch: (e) => seen.push(e) });
  const [first, last] = result.checkpoints;
  assert.is(first.status, 'ok');
  assert.is(last.status, 'diverged');
  assert.ok(!Number.isFinite(last.finalLoss));
  assert.ok(seen.length < 50, `stopped after ${seen.length} epochs`);
});

test.run();
