import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { testCount, trainTestSplit } from '../src/data/split.js';
import { UserError } from '../src/errors.js';
import { fixture } from './helpers/fixtures.js';

interface SplitFixture {
  n: number;
  test_size: number;
  split_seed: number;
  n_test: number;
  test?: number[];
  train?: number[];
  test_head?: number[];
  train_tail?: number[];
  test_sum?: number;
  test_weighted?: number;
}

for (const f of fixture<SplitFixture[]>('sklearn-split.json')) {
  test(`train_test_split of ${f.n} samples, test_size ${f.test_size}, seed ${f.split_seed} matches sklearn`, () => {
    const split = trainTestSplit(f.n, f.test_size, f.split_seed);
    assert.is(split.test.length, f.n_test);
    assert.is(split.train.length, f.n - f.n_test);
    if (f.test && f.train) {
      assert.equal(Array.from(split.test), f.test);
      assert.equal(Array.from(split.train), f.train);
    } else {
      assert.equal(Array.from(split.test.subarray(0, 20)), f.test_head);
      assert.equal(Array.from(split.train.subarray(split.train.length - 20)), f.train_tail);
      assert.is(split.test.reduce((a, b) => a + b, 0), f.test_sum);
      let weighted = 0;
      split.test.forEach((x, i) => (weighted += (x * i) % 1000003));
      assert.is(weighted, f.test_weighted);
    }
  });
}

test('the test set has ceil(test_size · n) samples', () => {
  assert.is(testCount(70000, 0.2), 14000);
  assert.is(testCount(10, 0.25), 3);
  assert.is(testCount(101, 0.33), 34);
});

test('a split that leaves an empty side is a user error', () => {
  assert.throws(() => trainTestSplit(3, 0.9, 1), (e: unknown) => e instanceof UserError && /test_size 0.9 of 3 samples/.test((e as Error).message));
});

test.run();
