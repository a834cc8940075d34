import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { trainTestSplit, validationSplit } from '../src/data/split.js';
import { UserError } from '../src/errors.js';
import { fixture } from './helpers/fixtures.js';

interface ValSplitFixture {
  n: number;
  test_size: number;
  val_size: number;
  split_seed: number;
  n_val: number;
  n_train: number;
  val?: number[];
  train?: number[];
  val_head?: number[];
  train_tail?: number[];
  val_sum?: number;
  train_sum?: number;
  val_weighted?: number;
}

const sum = (a: Int32Array) => a.reduce((s, x) => s + x, 0);

for (const f of fixture<ValSplitFixture[]>('sklearn-val-split.json')) {
  test(`the validation split of ${f.n} samples (test_size ${f.test_size}, val_size ${f.val_size}, seed ${f.split_seed}) matches sklearn's on the training portion`, () => {
    const { train } = trainTestSplit(f.n, f.test_size, f.split_seed);
    const split = validationSplit(train, f.val_size, f.split_seed);
    assert.is(split.val.length, f.n_val);
    assert.is(split.train.length, f.n_train);
    if (f.val && f.train) {
      assert.equal(Array.from(split.val), f.val);
      assert.equal(Array.from(split.train), f.train);
    } else {
      assert.equal(Array.from(split.val.subarray(0, 20)), f.val_head);
      assert.equal(Array.from(split.train.subarray(split.train.length - 20)), f.train_tail);
      assert.is(sum(split.val), f.val_sum);
      assert.is(sum(split.train), f.train_sum);
      let weighted = 0;
      split.val.forEach((x, i) => (weighted += (x * i) % 1000003));
      assert.is(weighted, f.val_weighted);
    }
  });
}

test('a validation split that leaves no training or no validation sample is refused', () => {
  const train = Int32Array.from([4, 2, 7]);
  assert.throws(() => validationSplit(train, 0.99, 0), (e: Error) => e instanceof UserError && /val_size 0.99 of 3 training samples leaves 3 validation and 0 training/.test(e.message));
});
test.run();
