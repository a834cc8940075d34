// Sweeps of many trials through the CLI: validate refuses a grid of 10^8 trials at once and lists 200,000 seeds, and
// run caps an oversized --workers unless --force-workers keeps it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { CLI, experimentFile, sweep, tempDir } from './helpers/cli.js';
import { yamlRange } from './helpers/synthetic-results.js';

test('validate should refuse a grid of 10^8 trials in one line naming the count and the axes, exit 2', () => {
  const file = experimentFile(`name: huge\ngrid:\n  lr: ${yamlRange(1000, 0.0001, 0.0001, 4)}\n  epochs: ${yamlRange(1000, 1, 1, 0)}\n  seed: ${yamlRange(100, 0, 1, 0)}\n`);
  const t0 = Date.now();
  const r = sweep(['validate', file]);
  assert.is(r.code, 2, r.stderr);
  assert.ok(Date.now() - t0 < 20000, 'refused without expanding the grid');
  assert.is(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, `${file}:3:3: 100,000,000 trials (grid lr 1,000 × epochs 1,000 × seed 100), above the limit of 1,000,000`);
});

test('validate should list a 200,000-value seed list without a stack overflow', () => {
  const file = experimentFile(`name: many-seeds\ngrid: {lr: 0.1, epochs: 1, seed: ${yamlRange(200000, 0, 1, 0)}}\n`);
  // its listing is ~8 MB: more than spawnSync keeps by default
  const r = spawnSync(process.execPath, [CLI, 'validate', file], { encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.is(r.status, 0, r.stderr.slice(0, 500));
  assert.match(r.stdout, '200000 trials:');
  assert.match(r.stdout, / 199999\n/);
});

test('sweep run --workers 50 should say it uses fewer, and --force-workers should keep 50', () => {
  const results = tempDir();
  const file = experimentFile('name: w\ndata: {limit: 300}\ngrid: {lr: 0.1, epochs: 1, hidden: 4, seed: 1}\n');
  const capped = sweep(['run', file, '--results', results, '--workers', '50']);
  assert.is(capped.code, 0, capped.stderr);
  assert.match(capped.stdout, /Using \d+ worker\(s\), not 50: /);
  const forced = sweep(['run', file, '--results', results, '--workers', '50', '--force-workers']);
  assert.is(forced.code, 0, forced.stderr);
  assert.not.match(forced.stdout, 'not 50');
  assert.match(forced.stdout, '50 worker(s)');
});

test.run();
