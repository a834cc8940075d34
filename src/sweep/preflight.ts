// Checks before a sweep writes anything: the dataset is readable and well-formed, and the split leaves samples on both
// sides. A bad dataset fails here, once, with one line naming the file, not once per trial in the workers.
import type { Experiment } from '../config/types.js';
import { loadDataset } from '../data/mnist.js';
import { testCount } from '../data/split.js';
import { UserError } from '../errors.js';

export interface DataSize {
  samples: number;
  trainSamples: number;
}

export function preflight(exp: Experiment): DataSize {
  const data = loadDataset(exp.data.path, exp.data.limit);
  const nTest = testCount(data.count, exp.data.testSize);
  if (nTest < 1 || nTest >= data.count) {
    throw new UserError(
      `${exp.file}: data: test_size ${exp.data.testSize} of ${data.count} samples leaves ${nTest} test and ` +
        `${data.count - nTest} training samples; both need at least one`,
    );
  }
  const nVal = exp.data.valSize ? testCount(data.count - nTest, exp.data.valSize) : 0;
  if (exp.data.valSize && (nVal < 1 || nVal >= data.count - nTest)) {
    throw new UserError(
      `${exp.file}: data: val_size ${exp.data.valSize} of ${data.count - nTest} training samples leaves ${nVal} validation and ` +
        `${data.count - nTest - nVal} training samples; both need at least one`,
    );
  }
  return { samples: data.count, trainSamples: data.count - nTest - nVal };
}
