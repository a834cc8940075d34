import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { recordFromJson, recordToJson } from '../src/store/record.js';
import { ROOT } from './helpers/fixtures.js';
import { sweep, tempDir } from './helpers/cli.js';

// A record as the trials/ folder held it before records used snake_case names (the committed smoke baseline's).
const OLD = readFileSync(join(ROOT, 'results', 'smoke', 'trials', '67a0ef462fb7.json'), 'utf8');

test('a record written before snake_case names reads with every field', () => {
  const r = recordFromJson(OLD);
  assert.is(r.runId, '67a0ef462fb7');
  assert.is(r.weightsSha256, '82ab6b1fb5ade0e2c5663eb9ce5a147d9162ccac067cb02d42fb4e3f60cfe701');
  assert.equal(r.data, { limit: 2000, testSize: 0.2, splitSeed: 42 });
  assert.is(r.testCorrect, 59);
  assert.is(r.trainerVersion, 1);
});

test('records are written with the snake_case names of the CSVs and the YAML, metric names kept, and read back the same', () => {
  const r = { ...recordFromJson(OLD), metrics: { val_accuracy: [0.5, 0.25], grad_norm: [1, 2] }, valTotal: 160, continuedFrom: { runId: 'abcdefabcdef', epochs: 1 } };
  const json = JSON.parse(recordToJson(r));
  for (const key of ['run_id', 'weights_sha256', 'test_correct', 'final_loss', 'trainer_version', 'finished_at', 'val_total', 'continued_from']) assert.ok(key in json, key);
  assert.equal(json.data, { limit: 2000, test_size: 0.2, split_seed: 42 });
  assert.equal(json.metrics, { val_accuracy: [0.5, 0.25], grad_norm: [1, 2] });
  assert.equal(json.continued_from, { run_id: 'abcdefabcdef', epochs: 1 });
  assert.not.ok(Object.keys(json).some((k) => /[A-Z]/.test(k)), 'no camelCase name at the top level');
  assert.equal(recordFromJson(recordToJson(r)), r);
});

test("a sweep's records carry mlp-sweep's version, the trainer's, Node's, the machine and the experiment's git commit and dirty flag", () => {
  const dir = tempDir();
  const r = sweep(['run', 'experiments/smoke.yaml', '--results', dir, '--workers', '1']);
  assert.is(r.code, 0, r.stdout + r.stderr);
  const record = JSON.parse(readFileSync(join(dir, 'smoke', 'trials', '67a0ef462fb7.json'), 'utf8'));
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  assert.is(record.version, pkg.version);
  assert.is(record.trainer_version, 1);
  assert.is(record.node, process.version);
  assert.match(record.machine, /^linux-|^darwin-|^win32-/);
  assert.match(record.git.commit, /^[0-9a-f]{40}$/);
  assert.type(record.git.dirty, 'boolean');
});

test.run();
