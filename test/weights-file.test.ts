// A results folder's saved weights (src/store/weights.ts): weights/<run_id>.npz, written with its folder, and read back
// only when the file exists, is an .npz of the network's shape and hashes to the record's weights_sha256 — computed
// here with node:crypto over the four arrays' little-endian float64 bytes, as scripts/check-npz.py does with NumPy.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadVerifiedWeights, saveWeights, weightsFile } from '../src/store/weights.js';
import { tempDir } from './helpers/cli.js';

const SHAPE = { inputs: 3, hidden: 2, outputs: 2 };
const W = {
  W1: Float64Array.from([0.5, -1, 2, 0.25, -0.125, 3]),
  b1: Float64Array.from([0.1, -0.2]),
  W2: Float64Array.from([1, 2, 3, 4]),
  b2: Float64Array.from([-1, 1]),
};

function sha256(w: typeof W): string {
  const h = createHash('sha256');
  for (const name of ['W1', 'b1', 'W2', 'b2'] as const) {
    const b = Buffer.alloc(w[name].length * 8);
    w[name].forEach((v, i) => b.writeDoubleLE(v, i * 8));
    h.update(b);
  }
  return h.digest('hex');
}

test('weightsFile should name weights/<run_id>.npz in the results folder', () => {
  assert.is(weightsFile('/r/tiny', 'abcdef012345'), '/r/tiny/weights/abcdef012345.npz');
});

test('saveWeights should create weights/ and write the .npz; loadVerifiedWeights should read it back when its hash matches', () => {
  const dir = tempDir();
  const file = weightsFile(dir, 'abcdef012345');
  saveWeights(file, SHAPE, W);
  assert.equal(readdirSync(join(dir, 'weights')), ['abcdef012345.npz']);
  const { weights, problem } = loadVerifiedWeights(file, SHAPE, sha256(W));
  assert.is(problem, undefined);
  for (const name of ['W1', 'b1', 'W2', 'b2'] as const) assert.equal(Array.from(weights![name]), Array.from(W[name]), name);
  // the next trial's weights go into the same weights/, and a checkpoint overwrites its own file
  saveWeights(weightsFile(dir, 'bbbbbbbbbbbb'), SHAPE, W);
  saveWeights(file, SHAPE, W);
  assert.equal(readdirSync(join(dir, 'weights')), ['abcdef012345.npz', 'bbbbbbbbbbbb.npz']);
});

test('loadVerifiedWeights should give no weights and say why for a missing, damaged, misshapen or foreign file', () => {
  const dir = tempDir();
  const file = weightsFile(dir, 'abcdef012345');
  const sha = sha256(W);
  assert.equal(loadVerifiedWeights(file, SHAPE, sha), { problem: `${file}: no such file` });
  saveWeights(file, SHAPE, W);
  assert.equal(loadVerifiedWeights(file, { ...SHAPE, hidden: 3 }, sha), { problem: `${file}: W1 has shape (3, 2), expected (3, 3)` });
  const other = sha256({ ...W, b2: Float64Array.from([-1, 1.5]) });
  assert.equal(loadVerifiedWeights(file, SHAPE, other), { problem: `${file}: SHA-256 ${sha.slice(0, 12)}… is not the record's ${other.slice(0, 12)}…` });
  writeFileSync(file, readFileSync(file).subarray(0, 100));
  const damaged = loadVerifiedWeights(file, SHAPE, sha);
  assert.is(damaged.weights, undefined);
  assert.ok(damaged.problem?.startsWith(`${file}: `) && damaged.problem.length > `${file}: `.length, damaged.problem);
});

test.run();
