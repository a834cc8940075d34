// The sweep end to end through the CLI: workers, shared epochs, failures, resume, interruption, lock, compare.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { experimentFile, exited, processesTagged, readCsv, sleep, sweep, sweepAsync, tempDir, waitFor } from './helpers/cli.js';
import { ROOT } from './helpers/fixtures.js';

const GRID = `name: tiny
data: {limit: 600}
grid: {lr: [0.1, 0.2, 0.3], epochs: [2, 4], hidden: 7, seed: 3}
`;

function hashes(results: string, name = 'tiny'): Record<string, string> {
  return Object.fromEntries(readCsv(join(results, name, 'runs.csv')).map((r) => [`${r.lr}/${r.epochs}`, r.weights_sha256]));
}

test('one and two workers give identical weights for every trial', () => {
  const file = experimentFile(GRID);
  const one = tempDir();
  const two = tempDir();
  assert.is(sweep(['run', file, '--workers', '1', '--results', one]).code, 0);
  assert.is(sweep(['run', file, '--workers', '2', '--results', two]).code, 0);
  const a = hashes(one);
  assert.is(Object.keys(a).length, 6);
  assert.equal(hashes(two), a);
  assert.ok(Object.values(a).every((h) => /^[0-9a-f]{64}$/.test(h)));
});

test('trials that share a run equal the same trials run on their own', () => {
  const shared = tempDir();
  assert.is(sweep(['run', experimentFile(GRID), '--results', shared]).code, 0);
  const alone = tempDir();
  const subset = GRID.replace('epochs: [2, 4]', 'epochs: 2');
  assert.is(sweep(['run', experimentFile(subset), '--results', alone]).code, 0);
  const a = hashes(shared);
  for (const [key, hash] of Object.entries(hashes(alone))) assert.is(hash, a[key], key);
  const history = (dir: string) => readFileSync(join(dir, 'tiny', 'history.csv'), 'utf8').split('\n').filter((l) => l.includes(',1,') || l.includes(',2,'));
  for (const line of history(alone)) assert.ok(history(shared).includes(line), line);
});

test('runs.csv has the documented columns and one history row per epoch', () => {
  const results = tempDir();
  sweep(['run', experimentFile(GRID), '--results', results]);
  const head = readFileSync(join(results, 'tiny', 'runs.csv'), 'utf8').split('\n')[0];
  assert.ok(head.startsWith('run_id,lr,epochs,hidden,seed,status,final_loss,test_accuracy,test_correct,test_total,train_seconds,weights_sha256'));
  const history = readCsv(join(results, 'tiny', 'history.csv'));
  assert.is(history.length, 3 * (2 + 4));
  assert.equal(history.slice(0, 2).map((r) => r.epoch), ['1', '2']);
});

for (const [kind, reason] of [
  ['throw', /injected failure for lr 0.2/],
  ['exit', /exited with code 3/],
  ['abort', /killed by SIGKILL/],
] as const) {
  test(`a child that ${kind === 'throw' ? 'throws' : kind === 'exit' ? 'exits non-zero' : 'is killed'} fails its trials with the reason and the sweep goes on`, () => {
    const results = tempDir();
    const r = sweep(['run', experimentFile(GRID), '--results', results, '--workers', '2'], { SWEEP_TEST_FAULT: `${kind}:0.2` });
    assert.is(r.code, 1);
    const rows = readCsv(join(results, 'tiny', 'runs.csv'));
    assert.is(rows.length, 6);
    for (const row of rows) {
      if (row.lr === '0.2') {
        assert.is(row.status, 'failed');
        assert.match(row.error, reason);
      } else assert.is(row.status, 'ok');
    }
    assert.match(r.stdout, /FAILED/);
  });
}

test('a child that runs out of memory fails its trials with an out-of-memory reason', () => {
  const results = tempDir();
  const r = sweep(['run', experimentFile(GRID), '--results', results, '--workers', '1'], {
    SWEEP_TEST_FAULT: 'oom:0.1',
    NODE_OPTIONS: '--max-old-space-size=96',
  });
  assert.is(r.code, 1, r.stderr);
  const rows = readCsv(join(results, 'tiny', 'runs.csv'));
  for (const row of rows.filter((x) => x.lr === '0.1')) {
    assert.is(row.status, 'failed');
    assert.match(row.error, /ran out of memory/);
  }
  assert.is(rows.filter((x) => x.status === 'ok').length, 4);
});

test('a trial that hangs past --trial-timeout is killed and failed; the others finish', () => {
  const results = tempDir();
  const r = sweep(['run', experimentFile(GRID), '--results', results, '--trial-timeout', '2'], { SWEEP_TEST_FAULT: 'hang:0.3' });
  assert.is(r.code, 1);
  const rows = readCsv(join(results, 'tiny', 'runs.csv'));
  assert.equal(rows.filter((x) => x.status === 'failed').map((x) => x.lr), ['0.3', '0.3']);
  assert.match(rows.find((x) => x.lr === '0.3')!.error, /timed out after 2 s/);
  assert.is(rows.filter((x) => x.status === 'ok').length, 4);
});

test('a trial whose loss blows up is recorded as diverged', () => {
  const results = tempDir();
  const r = sweep(['run', experimentFile('name: tiny\ndata: {limit: 600}\ngrid: {lr: [1e300, 0.1], epochs: 30, hidden: 7}\n'), '--results', results]);
  assert.is(r.code, 1);
  const rows = readCsv(join(results, 'tiny', 'runs.csv'));
  assert.is(rows[0].status, 'diverged');
  assert.is(rows[1].status, 'ok');
});

test('running again skips recorded trials, and --force reruns them', () => {
  const results = tempDir();
  const file = experimentFile(GRID);
  sweep(['run', file, '--results', results]);
  const before = readFileSync(join(results, 'tiny', 'runs.csv'), 'utf8');
  const again = sweep(['run', file, '--results', results]);
  assert.is(again.code, 0);
  assert.match(again.stdout, /Skipping 6 finished trial/);
  assert.is(readFileSync(join(results, 'tiny', 'runs.csv'), 'utf8'), before);
  const forced = sweep(['run', file, '--results', results, '--force']);
  assert.not.match(forced.stdout, /Skipping/);
  assert.equal(hashes(results), Object.fromEntries(readCsv(join(results, 'tiny', 'runs.csv')).map((r) => [`${r.lr}/${r.epochs}`, r.weights_sha256])));
});

// A grid with one long trial (many epochs) so a sweep can be stopped while it runs.
const LONG = `name: tiny
data: {limit: 600}
grid: {lr: [0.1, 0.2], epochs: [2, 3], hidden: 7, seed: 3}
runs: [{lr: 0.05, epochs: 100000, hidden: 7, seed: 3}]
`;

test('a sweep killed with SIGKILL keeps its finished records; run again, it trains only the rest', async () => {
  const results = tempDir();
  const file = experimentFile(LONG);
  const tag = `SWEEP_TEST_TAG_${process.pid}_kill`;
  const child = sweepAsync(['run', file, '--results', results, '--workers', '2'], { [tag]: '1' });
  const trials = join(results, 'tiny', 'trials');
  await waitFor(() => existsSync(trials) && readdirSync(trials).filter((f) => f.endsWith('.json')).length === 4, 30000, 'the short trials');
  const saved = Object.fromEntries(readdirSync(trials).map((f) => [f, readFileSync(join(trials, f), 'utf8')]));
  child.kill('SIGKILL');
  await exited(child);
  // The orphaned worker notices within an epoch and exits.
  await waitFor(() => processesTagged(tag).length === 0, 10000, 'orphaned workers to exit');
  // Rerun without the long trial: nothing is retrained, files are whole.
  const shorter = LONG.replace(/runs: .*\n/, '');
  writeFileSync(file, shorter);
  const again = sweep(['run', file, '--results', results]);
  assert.is(again.code, 0, again.stdout + again.stderr);
  assert.match(again.stdout, /Skipping 4 finished trial/);
  for (const [f, text] of Object.entries(saved)) assert.is(readFileSync(join(trials, f), 'utf8'), text, f);
  const leftovers = [...readdirSync(join(results, 'tiny')), ...readdirSync(trials)].filter((f) => f.endsWith('.tmp'));
  assert.equal(leftovers, []);
});

test('Ctrl-C stops the sweep within 10 s, leaves no worker running and says how to resume', async () => {
  const results = tempDir();
  const tag = `SWEEP_TEST_TAG_${process.pid}_int`;
  const child = sweepAsync(['run', experimentFile(LONG), '--results', results, '--workers', '2'], { [tag]: '1' });
  let stdout = '';
  child.stdout!.on('data', (d) => (stdout += d));
  await waitFor(() => stdout.includes('[4/5]'), 30000, 'the short trials');
  await sleep(300);
  const stoppedAt = Date.now();
  child.kill('SIGINT');
  const { code } = await exited(child);
  assert.ok(Date.now() - stoppedAt < 10000);
  assert.is(code, 130);
  assert.match(stdout, /Run the same command again to resume/);
  assert.equal(processesTagged(tag), []);
  assert.not.ok(existsSync(join(results, 'tiny', '.lock')));
});

test('a second sweep on the same results folder is refused while the first runs', async () => {
  const results = tempDir();
  const file = experimentFile(LONG);
  const first = sweepAsync(['run', file, '--results', results]);
  await waitFor(() => existsSync(join(results, 'tiny', '.lock')), 10000, 'the lock');
  const second = sweep(['run', file, '--results', results]);
  first.kill('SIGINT');
  await exited(first);
  assert.is(second.code, 2);
  assert.match(second.stderr, /another sweep \(pid \d+\) is running/);
});

test('a lock left by a dead process is taken over', () => {
  const results = tempDir();
  const file = experimentFile(GRID);
  sweep(['run', file, '--results', results]);
  writeFileSync(join(results, 'tiny', '.lock'), '999999999\n');
  const r = sweep(['run', file, '--results', results]);
  assert.is(r.code, 0, r.stderr);
});

test('compare finds no difference between two runs of one file, and flags a changed trial', () => {
  const file = experimentFile(GRID);
  const a = tempDir();
  const b = tempDir();
  sweep(['run', file, '--results', a]);
  sweep(['run', file, '--results', b, '--workers', '1']);
  const same = sweep(['compare', join(a, 'tiny'), join(b, 'tiny')]);
  assert.is(same.code, 0, same.stdout);
  assert.match(same.stdout, /6 trial\(s\) compared: no differences/);
  const c = tempDir();
  sweep(['run', experimentFile(GRID.replace('lr: [0.1, 0.2, 0.3]', 'lr: [0.1, 0.2, 0.35]')), '--results', c]);
  const changed = sweep(['compare', join(a, 'tiny'), join(c, 'tiny')]);
  assert.is(changed.code, 1);
  assert.match(changed.stdout, /lr=0.3 epochs=2 hidden=7 seed=3 limit=600: only in A/);
  assert.match(changed.stdout, /lr=0.35 epochs=4 hidden=7 seed=3 limit=600: only in B/);
});

test('compare flags a trial whose weights differ', () => {
  const a = tempDir();
  sweep(['run', experimentFile(GRID), '--results', a]);
  const b = tempDir();
  sweep(['run', experimentFile(GRID), '--results', b]);
  const trials = join(b, 'tiny', 'trials');
  const first = readdirSync(trials).filter((f) => f.endsWith('.json'))[0];
  const record = JSON.parse(readFileSync(join(trials, first), 'utf8'));
  record.weights_sha256 = '0'.repeat(64);
  writeFileSync(join(trials, first), JSON.stringify(record));
  const r = sweep(['compare', join(a, 'tiny'), join(b, 'tiny')]);
  assert.is(r.code, 1);
  assert.match(r.stdout, /weights differ/);
});

test('the smoke experiment reproduces the committed baseline in results/smoke', () => {
  const results = tempDir();
  const r = sweep(['run', join(ROOT, 'experiments', 'smoke.yaml'), '--results', results]);
  assert.is(r.code, 0, r.stdout);
  const cmp = sweep(['compare', join(ROOT, 'results', 'smoke'), join(results, 'smoke')]);
  assert.is(cmp.code, 0, cmp.stdout);
  assert.match(cmp.stdout, /no differences/);
});

test('show prints the tables of saved results again', () => {
  const results = tempDir();
  sweep(['run', experimentFile(GRID), '--results', results]);
  const r = sweep(['show', join(results, 'tiny')]);
  assert.is(r.code, 0);
  assert.match(r.stdout, /tiny: 6 of 6 trials recorded/);
  assert.match(r.stdout, /Test accuracy \(lr × epochs\)/);
});

test.run();
