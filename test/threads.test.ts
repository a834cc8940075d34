// Training on several threads (src/train/threads.ts) against one thread, bit for bit: every loss's float64 bits, every
// checkpoint's weights SHA-256 and test count. The number of threads must never change a result.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { KERNELS_NAMES } from '../src/train/kernels/index.js';
import { prepareData } from '../src/train/prepared.js';
import { splitByWeight } from '../src/train/threads.js';
import { train, type TrainResult } from '../src/train/train.js';

function bits(x: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  return view.getBigUint64(0).toString(16).padStart(16, '0');
}

function fingerprint(r: TrainResult): unknown {
  return { losses: r.losses.map(bits), checkpoints: r.checkpoints.map(({ epochs, status, testCorrect, weightsSha256 }) => ({ epochs, status, testCorrect, weightsSha256 })) };
}

const RUNS = [
  { lr: 0.03, hidden: 128, seed: 42, limit: 5000, checkpoints: [1, 3] },
  { lr: 0.5, hidden: 37, seed: 7, limit: 3000, checkpoints: [4] },
  { lr: 0.2, hidden: 13, seed: 3, limit: 1001, checkpoints: [2, 5] },
  // diverges: NaN and infinite losses must stop every thread count at the same epoch
  { lr: 3000, hidden: 7, seed: 1, limit: 800, checkpoints: [2, 6] },
  { lr: 1e6, hidden: 9, seed: 5, limit: 700, checkpoints: [6] },
];

for (const run of RUNS) {
  test(`2 and 3 threads, with either kernels, give the losses and weights of one thread bit for bit (lr ${run.lr}, hidden ${run.hidden}, limit ${run.limit})`, () => {
    const data = prepareData({ limit: run.limit, testSize: 0.2, splitSeed: 42 });
    const one = fingerprint(train(data, run, { checkpoints: run.checkpoints, kernels: 'ts' }));
    for (const kernels of KERNELS_NAMES) {
      for (const threads of [1, 2, 3]) {
        assert.equal(fingerprint(train(data, run, { checkpoints: run.checkpoints, threads, kernels })), one, `${kernels}, ${threads} threads`);
      }
    }
  });
}

test('switching between solo and 2 threads from epoch to epoch gives the bits of one thread', () => {
  const run = { lr: 0.5, hidden: 37, seed: 7, limit: 3000 };
  const data = prepareData({ limit: run.limit, testSize: 0.2, splitSeed: 42 });
  const one = fingerprint(train(data, run, { checkpoints: [2, 5] }));
  for (const pattern of [[1, 2], [2, 1], [2, 2, 1, 1, 2]]) {
    const activeThreads = (epoch: number) => pattern[(epoch - 1) % pattern.length];
    for (const kernels of KERNELS_NAMES) {
      assert.equal(fingerprint(train(data, run, { checkpoints: [2, 5], threads: 2, activeThreads, kernels })), one, `${kernels}, ${pattern}`);
    }
  }
  assert.equal(fingerprint(train(data, run, { checkpoints: [2, 5], threads: 3, activeThreads: (epoch) => (epoch % 2 ? 3 : 1) })), one);
});

test('2 threads give the pinned notebook epoch on all the data, with either kernels', () => {
  const data = prepareData({ testSize: 0.2, splitSeed: 42 });
  for (const kernels of KERNELS_NAMES) {
    const result = train(data, { lr: 0.03, epochs: 1, hidden: 128, seed: 42 }, { threads: 2, kernels });
    assert.equal(result.losses.map(bits), ['4002b579b308338d'], kernels);
    assert.is(result.checkpoints[0].testCorrect, 1996, kernels);
    assert.is(result.checkpoints[0].weightsSha256, 'bced377e11e1d60d7320052b8f9ad9a872827908c7fd5d8b019ab8adffce2f1e', kernels);
  }
});

test('splitByWeight cuts rows into ranges of about equal nonzeros, covering every row once', () => {
  const rowStart = [0, 10, 10, 30, 31, 40, 80];
  assert.equal(splitByWeight(rowStart, 6, 1), [0, 6]);
  assert.equal(splitByWeight(rowStart, 6, 2), [0, 5, 6]);
  assert.equal(splitByWeight(rowStart, 6, 4), [0, 3, 5, 6, 6]);
  assert.equal(splitByWeight([0, 0, 0], 2, 3), [0, 0, 0, 2]);
});

test('a thread count below 1 is refused with the count', () => {
  const data = prepareData({ limit: 200, testSize: 0.2, splitSeed: 42 });
  assert.throws(() => train(data, { lr: 0.1, epochs: 1, hidden: 4, seed: 1 }, { threads: 0 }), /thread count of 1 and up, got 0/);
});

test.run();
