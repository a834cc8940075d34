// Saved weights from the CLI: save_weights writes weights/<run_id>.npz hashing to the record, and `sweep weights`
// retrains a trial into an .npz whose forward pass gives the record's test count (the .npz format itself: npz.test.ts).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeWeightsNpz } from '../src/store/npz.js';
import { recordFromJson } from '../src/store/record.js';
import { countCorrect } from '../src/train/kernels/ts.js';
import { allocateActivations, forward, weightsSha256 } from '../src/train/mlp.js';
import { prepareData } from '../src/train/prepared.js';
import { sweep, tempDir } from './helpers/cli.js';

const TINY = 'name: tiny\ndata: {limit: 1500}\ngrid: {lr: 0.2, epochs: [2, 4], hidden: 9, seed: 3}\n';

test('save_weights writes weights/<run_id>.npz at each checkpoint, hashing to the record\'s weights_sha256', () => {
  const dir = tempDir();
  const file = join(dir, 'tiny.yaml');
  writeFileSync(file, `${TINY}save_weights: true\n`);
  const r = sweep(['run', file, '--results', dir, '--workers', '1']);
  assert.is(r.code, 0, r.stdout + r.stderr);
  const records = readFileSync(join(dir, 'tiny', 'runs.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  assert.is(records.length, 2);
  for (const row of records) {
    const [runId, sha] = [row[0], row[11]];
    const w = decodeWeightsNpz(readFileSync(join(dir, 'tiny', 'weights', `${runId}.npz`)), { inputs: 784, hidden: 9, outputs: 10 });
    assert.is(weightsSha256({ shape: { inputs: 784, hidden: 9, outputs: 10 }, ...w }), sha);
  }
});

test('sweep weights retrains a trial from its record, checks weights_sha256, writes an .npz whose forward pass gives test_correct', () => {
  const dir = tempDir();
  const file = join(dir, 'tiny.yaml');
  writeFileSync(file, TINY);
  assert.is(sweep(['run', file, '--results', dir, '--workers', '1']).code, 0);
  assert.not.ok(existsSync(join(dir, 'tiny', 'weights')), 'no weights without save_weights');
  assert.not.match(readFileSync(join(dir, 'tiny', 'report.html'), 'utf8'), 'id="metrics"', 'no tracked metrics, no section');
  const row = readFileSync(join(dir, 'tiny', 'runs.csv'), 'utf8').trim().split('\n')[2].split(',');
  const record = recordFromJson(readFileSync(join(dir, 'tiny', 'trials', `${row[0]}.json`), 'utf8'));
  const out = join(dir, 'w.npz');
  const r = sweep(['weights', join(dir, 'tiny'), record.runId, '--out', out]);
  assert.is(r.code, 0, r.stdout + r.stderr);
  const shape = { inputs: 784, hidden: 9, outputs: 10 };
  const w = { shape, ...decodeWeightsNpz(readFileSync(out), shape) };
  assert.is(weightsSha256(w), record.weightsSha256);
  const data = prepareData(record.data);
  const act = allocateActivations(shape, data.test.rows);
  forward(w, data.test, act);
  assert.is(countCorrect(act.output, data.testLabels, data.test.rows, 10), record.testCorrect);
});

test('sweep weights writes nothing and exits 1 when the retrained weights differ from the record', () => {
  const dir = tempDir();
  const file = join(dir, 'tiny.yaml');
  writeFileSync(file, TINY);
  sweep(['run', file, '--results', dir, '--workers', '1']);
  const runId = readFileSync(join(dir, 'tiny', 'runs.csv'), 'utf8').trim().split('\n')[1].split(',')[0];
  const recordFile = join(dir, 'tiny', 'trials', `${runId}.json`);
  const record = JSON.parse(readFileSync(recordFile, 'utf8'));
  record.weights_sha256 = '0'.repeat(64);
  writeFileSync(recordFile, JSON.stringify(record));
  const out = join(dir, 'w.npz');
  const r = sweep(['weights', join(dir, 'tiny'), runId, '--out', out]);
  assert.is(r.code, 1);
  assert.match(r.stdout, /differ from the record[^\n]*nothing written/);
  assert.not.ok(existsSync(out));
  assert.is(sweep(['weights', join(dir, 'tiny'), 'abcdefabcdef']).code, 2);
});

test.run();
