// sklearn's train_test_split with an integer random_state, for arrays of `count` samples:
// n_test = ceil(test_size · n); perm = RandomState(random_state).permutation(n); test = perm[:n_test], train = the rest.
// The validation split is the same idiom applied to the training portion, in the order the first split returns it.
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

export interface ValidationSplit {
  /** sample indices left for training */
  train: Int32Array;
  /** sample indices held out for validation */
  val: Int32Array;
}

/**
 * `train_test_split(X_train, y_train, test_size=val_size, random_state=split_seed)` on the training portion `train`
 * (sample indices): n_val = ceil(val_size · n_train), perm = RandomState(split_seed).permutation(n_train),
 * validation = train[perm[:n_val]], training = train[perm[n_val:]].
 */
export function validationSplit(train: Int32Array, valSize: number, splitSeed: number): ValidationSplit {
  const nVal = testCount(train.length, valSize);
  if (nVal < 1 || nVal >= train.length) {
    throw new UserError(
      `val_size ${valSize} of ${train.length} training samples leaves ${nVal} validation and ${train.length - nVal} training samples; both need at least one`,
    );
  }
  const perm = new RandomState(splitSeed).permutation(train.length);
  const pick = (from: number, to: number) => Int32Array.from(perm.subarray(from, to), (i) => train[i]);
  return { val: pick(0, nVal), train: pick(nVal, train.length) };
}
