// `sweep show` and `sweep ls` through the CLI: a trained grid's tables fit COLUMNS, keep the experiment's order and
// pivot; the json, csv and markdown formats; exit 1 when an expectation misses; bad --where and --sort refused.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { experimentFile, sweep, tempDir } from './helpers/cli.js';

const chars = (line: string) => [...line].length;
const longest = (text: string) => Math.max(...text.split('\n').map(chars));

const GRID = 'name: grid20\ndata: {limit: 200}\ngrid: {lr: [0.05, 0.1, 0.2, 0.3, 0.5], epochs: [1, 2], hidden: [4, 8]}\n';
const state: { dir?: string } = {};
function results(): string {
  if (state.dir === undefined) {
    state.dir = tempDir('mlp-16-tables-');
    const r = sweep(['run', experimentFile(`${GRID}expect: [{where: {lr: 0.1, epochs: 2, hidden: 8}, test_accuracy: {min: 0}}]\n`), '--results', state.dir, '--workers', '1']);
    assert.is(r.code, 0, r.stdout + r.stderr);
  }
  return state.dir;
}

test('sweep show at COLUMNS=80: no line over 80, the trials in order, a pivot', () => {
  const r = sweep(['show', join(results(), 'grid20')], { COLUMNS: '80' });
  assert.is(r.code, 0, r.stderr);
  assert.ok(longest(r.stdout) <= 80, r.stdout);
  assert.match(r.stdout, /Trials \(20\), in the experiment's order/);
  assert.match(r.stdout, /Test accuracy, lr down × epochs across, hidden=4/);
  const lrs = r.stdout.split('\n').filter((l) => /^ *\d+  [0-9a-f]{12} /.test(l)).map((l) => Number(l.trim().split(/\s+/)[2]));
  assert.equal(lrs, [0.05, 0.05, 0.05, 0.05, 0.1, 0.1, 0.1, 0.1, 0.2, 0.2, 0.2, 0.2, 0.3, 0.3, 0.3, 0.3, 0.5, 0.5, 0.5, 0.5]);
});

test('sweep show --format json holds every trial; csv has runs.csv columns; markdown is tables', () => {
  const dir = join(results(), 'grid20');
  const json = JSON.parse(sweep(['show', dir, '--format', 'json']).stdout);
  assert.is(json.trials.length, 20);
  assert.equal(Object.keys(json.trials[0]).slice(0, 5), ['run_id', 'lr', 'epochs', 'hidden', 'seed']);
  const csv = sweep(['show', dir, '--format', 'csv', '--where', 'lr=0.1', '--sort', 'test_accuracy']).stdout.trim().split('\n');
  assert.is(csv.length, 1 + 4);
  assert.match(csv[0], /^run_id,lr,epochs,hidden,seed,status,final_loss,test_accuracy/);
  assert.match(sweep(['show', dir, '--format', 'markdown']).stdout, /\n\| # \| run_id \| lr \|/);
});

test('sweep show exits 1 when an expectation misses, as run does', () => {
  const dir = results();
  const file = experimentFile(`${GRID}expect: [{where: {lr: 0.1, epochs: 2, hidden: 8}, test_accuracy: {min: 0.99}}]\n`);
  sweep(['run', file, '--results', dir, '--workers', '1']);
  const r = sweep(['show', join(dir, 'grid20')]);
  assert.is(r.code, 1, r.stdout);
  assert.match(r.stdout, /≥ 0\.99 +0\.\d+ +✗/);
});

test('sweep show of a folder of results folders lists each experiment; so does sweep ls', () => {
  for (const args of [['show', results()], ['ls', results()]]) {
    const r = sweep(args, { COLUMNS: '80' });
    assert.is(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Experiments in .* \(1\), by name/);
    assert.match(r.stdout, /\ngrid20 +20\/20 +20 +0 +\d+\.\d\d% \(/);
  }
});

test('bad --where and --sort are one line with exit 2', () => {
  const dir = join(results(), 'grid20');
  const where = sweep(['show', dir, '--where', 'rate=0.1']);
  assert.is(where.code, 2);
  assert.match(where.stderr, /--where rate=0\.1: unknown key "rate"; keys are lr, epochs, hidden, seed, status/);
  const sort = sweep(['show', dir, '--sort', 'speed']);
  assert.is(sort.code, 2);
  assert.match(sort.stderr, /--sort speed: unknown key/);
});

test.run();
