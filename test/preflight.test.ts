// The checks a sweep makes before it writes anything (src/sweep/preflight.ts), on a tiny IDX dataset of 10 samples
// written here: the sizes it returns and the one-line errors for a split that leaves a side empty.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Experiment } from '../src/config/types.js';
import { preflight } from '../src/sweep/preflight.js';
import { UserError } from '../src/errors.js';
import { tinyDataset } from './helpers/idx-files.js';

const PATH = tinyDataset(6, 4);
const exp = (data: Partial<Experiment['data']>): Experiment => ({
  file: 'e.yaml', source: '', name: 'e', data: { path: PATH, testSize: 0.2, splitSeed: 42, ...data }, trials: [], expectations: [],
});

function refusal(data: Partial<Experiment['data']>): string {
  try {
    preflight(exp(data));
  } catch (err) {
    assert.instance(err, UserError);
    return (err as Error).message;
  }
  throw new Error('preflight accepted the split');
}

test('preflight returns the samples and the training samples the split leaves (test ceil(n·test_size), validation likewise)', () => {
  assert.equal(preflight(exp({})), { samples: 10, trainSamples: 8 });
  assert.equal(preflight(exp({ limit: 5 })), { samples: 5, trainSamples: 4 });
  assert.equal(preflight(exp({ valSize: 0.25 })), { samples: 10, trainSamples: 6 });
  // the edges: one training sample left is enough
  assert.equal(preflight(exp({ testSize: 0.9 })), { samples: 10, trainSamples: 1 });
  assert.equal(preflight(exp({ valSize: 0.875 })), { samples: 10, trainSamples: 1 });
  assert.equal(preflight(exp({ valSize: 0 })), { samples: 10, trainSamples: 8 });
  // one validation sample is enough: ceil(0.1 × 8) = 1
  assert.equal(preflight(exp({ valSize: 0.1 })), { samples: 10, trainSamples: 7 });
});

test('a split that leaves no training sample is refused in one line naming the file and the counts', () => {
  assert.is(refusal({ testSize: 0.95 }), 'e.yaml: data: test_size 0.95 of 10 samples leaves 10 test and 0 training samples; both need at least one');
  assert.is(refusal({ valSize: 0.9 }), 'e.yaml: data: val_size 0.9 of 8 training samples leaves 8 validation and 0 training samples; both need at least one');
  assert.is(refusal({ testSize: 0.5, valSize: 0.99, limit: 4 }), 'e.yaml: data: val_size 0.99 of 2 training samples leaves 2 validation and 0 training samples; both need at least one');
});

test.run();
