// The speed calibration used for time estimates when no finished trial tells the speed (src/sweep/calibrate.ts). It
// reads the clock, so only its form can be checked: a positive, finite rate in seconds per (epoch × sample × hidden
// unit), of a plausible size, also on a dataset smaller than its slice of 2000 samples.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { calibrateRate } from '../src/sweep/calibrate.js';
import { tinyDataset } from './helpers/idx-files.js';

test('calibrateRate measures a positive rate on a tiny dataset (8 training samples)', () => {
  const rate = calibrateRate({ path: tinyDataset(6, 4), testSize: 0.2, splitSeed: 42 });
  assert.ok(Number.isFinite(rate) && rate > 0, String(rate));
  // an epoch of 8 samples × 32 hidden units takes microseconds, not seconds: between 1 ps and 10 ms per unit of work
  assert.ok(rate > 1e-12 && rate < 1e-2, String(rate));
});

test('calibrateRate on MNIST takes its first 2000 samples: a rate a full epoch turns into well under a minute', () => {
  const rate = calibrateRate({ testSize: 0.2, splitSeed: 42 });
  assert.ok(Number.isFinite(rate) && rate > 0, String(rate));
  // the notebook's epoch (56,000 samples × 128 hidden units) at this rate: ~0.3 s on an idle 2-core machine, 1–2 s
  // under heavy load; a rate off by the work's size (×1000 or more) falls outside 0.01–30 s
  const epoch = rate * 56000 * 128;
  assert.ok(epoch > 0.01 && epoch < 30, `${epoch} s per epoch`);
});

test.run();
