// `sweep compare` through the CLI: two trained folders over other seeds joined with --ignore seed, exit 1 only for the
// same trial with other weights, stale records left out unless --stale, unknown keys refused.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { experimentFile, sweep, tempDir } from './helpers/cli.js';

const grid = (seeds: string) => `name: seeds\ndata: {limit: 200}\ngrid: {lr: [0.1, 0.3], epochs: [1, 2], hidden: 4, seed: ${seeds}}\n`;

function run(yaml: string): string {
  const dir = tempDir('mlp-16-compare-');
  const r = sweep(['run', experimentFile(yaml), '--results', dir, '--workers', '1']);
  assert.is(r.code, 0, r.stdout + r.stderr);
  return join(dir, 'seeds');
}

const state: { a?: string } = {};
const folderA = () => (state.a ??= run(grid('[1, 2]')));

test('compare --ignore seed of the same grid over other seeds joins every trial and exits 0', () => {
  const b = run(grid('[5, 6]'));
  const plain = sweep(['compare', folderA(), b]);
  assert.is(plain.code, 0, 'other seeds are other trials, not a failure');
  assert.match(plain.stdout, /0 joined, 16 on one side only; no weights differ/);
  const r = sweep(['compare', folderA(), b, '--ignore', 'seed'], { COLUMNS: '80' });
  assert.is(r.code, 0, r.stdout);
  assert.match(r.stdout, /Joined \(4\), in A's order/);
  assert.not.match(r.stdout, /one side only/);
  assert.is(r.stdout.match(/ 2\/2 /g)?.length, 4, 'each group holds 2 seeds on each side');
});

test("compare of a folder with itself after one record's weights hash is altered exits 1 naming that trial", () => {
  const copy = tempDir('mlp-16-compare-');
  cpSync(folderA(), copy, { recursive: true });
  const trials = join(copy, 'trials');
  const file = readdirSync(trials).filter((f) => f.endsWith('.json')).sort()[0];
  const rec = JSON.parse(readFileSync(join(trials, file), 'utf8'));
  rec.weightsSha256 = '0'.repeat(64);
  writeFileSync(join(trials, file), JSON.stringify(rec));
  const r = sweep(['compare', folderA(), copy]);
  assert.is(r.code, 1, r.stdout);
  assert.match(r.stdout, new RegExp(`1 trial\\(s\\) with the same hyperparameters and data have other weights`));
  assert.match(r.stdout, new RegExp(`\\n  lr=${rec.lr} epochs=${rec.epochs} seed=${rec.seed}: weights differ\\n`));
});

test('stale records are left out unless --stale asks for them', () => {
  const dir = tempDir('mlp-16-compare-');
  const big = join(dir, 'seeds');
  cpSync(folderA(), big, { recursive: true });
  // the folder's experiment file now lists fewer trials: the lr 0.3 records are stale
  writeFileSync(join(big, 'experiment.yaml'), grid('[1, 2]').replace('lr: [0.1, 0.3]', 'lr: 0.1'));
  const r = sweep(['compare', folderA(), big]);
  assert.is(r.code, 0);
  assert.match(r.stdout, /B: .*\(4 stale record\(s\) left out; --stale includes them\)/);
  assert.match(r.stdout, /4 joined, 4 on one side only/);
  assert.match(sweep(['compare', folderA(), big, '--stale']).stdout, /8 trial\(s\) compared: no differences/);
});

test('an unknown --on or --ignore key is one line with exit 2', () => {
  const r = sweep(['compare', folderA(), folderA(), '--ignore', 'sed']);
  assert.is(r.code, 2);
  assert.match(r.stderr, /--ignore sed: unknown key "sed"; keys are lr, epochs/);
});

test.run();
