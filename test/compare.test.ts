// Comparing two results folders: joins on the keys asked for, groups by mean ± std, exit 1 only for the same trial
// with other weights, one-sided trials listed, stale records left out, the delta map marking differing weights.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { compareRecords, joinKeys } from '../src/report/compare.js';
import { deltaCells } from '../src/report/compare-report.js';
import { heatmapAxes } from '../src/report/html.js';
import { experimentFile, sweep, tempDir } from './helpers/cli.js';
import { record } from './helpers/records.js';

test('joinKeys: every key by default; --ignore drops keys, "data" the whole data spec; --on keeps the data spec', () => {
  assert.equal(joinKeys(), ['lr', 'epochs', 'hidden', 'seed', 'limit', 'test_size', 'split_seed', 'val_size', 'dataset']);
  assert.equal(joinKeys({ ignore: ['seed', 'limit'] }), ['lr', 'epochs', 'hidden', 'test_size', 'split_seed', 'val_size', 'dataset']);
  assert.equal(joinKeys({ ignore: ['data'] }), ['lr', 'epochs', 'hidden', 'seed']);
  assert.equal(joinKeys({ on: ['lr', 'hidden'] }), ['lr', 'hidden', 'limit', 'test_size', 'split_seed', 'val_size', 'dataset']);
});

test('ignoring the seed groups replicates and compares their means; a difference beyond the spread is marked', () => {
  const a = [0.5, 0.52].map((acc, i) => record({ runId: `a${i}`, seed: i + 1, testAccuracy: acc }));
  const b = [0.6, 0.61].map((acc, i) => record({ runId: `b${i}`, seed: i + 7, testAccuracy: acc }));
  const [row] = compareRecords(a, b, joinKeys({ ignore: ['seed'] }));
  assert.equal([row.a.length, row.b.length], [2, 2]);
  assert.is(row.accuracyA.mean, (0.5 + 0.52) / 2);
  assert.is(row.accuracyB.mean, (0.6 + 0.61) / 2);
  assert.ok(row.beyondSpread, '0.095 apart, stds 0.014 and 0.007');
  assert.equal(row.weightsDiffer, [], 'no trial is on both sides');
  assert.is(row.flag, undefined);
});

test('the same trial with other weights is flagged, at equal accuracy too; other data without --ignore data is not joined', () => {
  const a = [record({ runId: 'a', lr: 0.1 }), record({ runId: 'c', lr: 0.2 })];
  const b = [record({ runId: 'b', lr: 0.1, weightsSha256: 'ff' }), record({ runId: 'd', lr: 0.2, data: { testSize: 0.2, splitSeed: 42, limit: 500 } })];
  const rows = compareRecords(a, b);
  assert.equal(rows.map((r) => r.flag), ['weights differ', 'only in A', 'only in B']);
  assert.equal(rows[0].weightsDiffer, ['lr=0.1 limit=all'], 'named by the keys that vary');
  const cells = deltaCells(rows, heatmapAxes([...a, ...b]));
  assert.is(cells[0].text, '+0.00 ≠', 'the delta map marks the cell whose weights differ');
  const ignoringData = compareRecords(a, b, joinKeys({ ignore: ['data'] }));
  assert.equal(ignoringData.map((r) => r.flag), ['weights differ', undefined]);
});

// ---- through the CLI ----

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
