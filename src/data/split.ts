// sklearn's train_test_split with an integer random_state, for arrays of `count` samples:
// n_test = ceil(test_size · n); perm = RandomState(random_state).permutation(n); test = perm[:n_test], train = the rest.
import { UserError } from '../errors.js';
import { RandomState } from '../rng/random-state.js';

export interface Split {
  /** sample indices of the training set, in the order the split gives them */
  train: Int32Array;
  /** sample indices of the test set */
  test: Int32Array;
}

export function testCount(count: number, testSize: number): number {
  return Math.ceil(testSize * count);
}

export function trainTestSplit(count: number, testSize: number, splitSeed: number): Split {
  const nTest = testCount(count, testSize);
  if (nTest < 1 || nTest >= count) {
    throw new UserError(
      `test_size ${testSize} of ${count} samples leaves ${nTest} test and ${count - nTest} training samples; both need at least one`,
    );
  }
  const perm = new RandomState(splitSeed).permutation(count);
  return { test: perm.slice(0, nTest), train: perm.slice(nTest) };
}
