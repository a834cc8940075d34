// sweep plan (what would run), sweep verify (retrain and compare), byte-stable results, --fail-fast.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { experimentFile, exited, processesTagged, readCsv, sweep, sweepAsync, tempDir, waitFor } from './helpers/cli.js';

const GRID = `name: tiny
data: {limit: 600}
grid: {lr: [0.1, 0.2], epochs: [2, 3], hidden: 7, seed: 3}
`;

function states(stdout: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of stdout.matchAll(/│ ([0-9a-f]{12}) │ (lr=\S+ epochs=\S+) [^│]*│ (done|to run|failed|stale)\s*│/g)) out[m[2]] = m[3];
  return out;
}

test('plan lists every trial as to run before a sweep and as done after it, training nothing', () => {
  const results = tempDir();
  const file = experimentFile(GRID);
  const before = sweep(['plan', file, '--results', results]);
  assert.is(before.code, 0, before.stderr);
  assert.equal(Object.values(states(before.stdout)), ['to run', 'to run', 'to run', 'to run']);
  assert.match(before.stdout, /plan: 4 trial\(s\): 0 done, 4 to run, 0 failed \(retried\); 0 stale record\(s\); 6 epoch\(s\) to train in 2 run\(s\) \(epoch sharing saves 4\); about \S+ on \d worker\(s\)/);
  assert.equal(readdirSync(results), [], 'plan writes nothing');
  sweep(['run', file, '--results', results]);
  const after = sweep(['plan', file, '--results', results]);
  assert.equal(Object.values(states(after.stdout)), ['done', 'done', 'done', 'done']);
  assert.match(after.stdout, /0 epoch\(s\) to train/);
});

test('after a sweep killed mid-way, plan lists exactly the finished trials as done', async () => {
  const results = tempDir();
  const file = experimentFile(`${GRID}runs: [{lr: 0.05, epochs: 100000, hidden: 7, seed: 3}]\n`);
  const child = sweepAsync(['run', file, '--results', results, '--workers', '2']);
  const trials = join(results, 'tiny', 'trials');
  await waitFor(() => {
    try {
      return readdirSync(trials).filter((f) => f.endsWith('.json')).length === 4;
    } catch {
      return false;
    }
  }, 30000, 'the short trials');
  child.kill('SIGKILL');
  await exited(child);
  const plan = sweep(['plan', file, '--results', results]);
  const s = states(plan.stdout);
  assert.is(s['lr=0.05 epochs=100000'], 'to run');
  assert.equal(Object.values(s).filter((x) => x === 'done').length, 4);
});

test('extending the grid with an lr runs only the new trials; a trial the file drops is stale and kept', () => {
  const results = tempDir();
  const dir = tempDir();
  const file = experimentFile(GRID, dir);
  sweep(['run', file, '--results', results]);
  writeFileSync(file, GRID.replace('lr: [0.1, 0.2]', 'lr: [0.2, 0.4]'));
  const plan = sweep(['plan', file, '--results', results]);
  const s = states(plan.stdout);
  assert.equal(s, {
    'lr=0.2 epochs=2': 'done',
    'lr=0.2 epochs=3': 'done',
    'lr=0.4 epochs=2': 'to run',
    'lr=0.4 epochs=3': 'to run',
    'lr=0.1 epochs=2': 'stale',
    'lr=0.1 epochs=3': 'stale',
  });
  const run = sweep(['run', file, '--results', results]);
  assert.match(run.stdout, /Skipping 2 finished trial/);
  assert.equal(run.stdout.match(/^\[\d\/\d\] /gm)?.length, 2);
  assert.match(run.stdout, /plan: 4 trial\(s\): 2 done, 2 to run, 0 failed \(retried\); 2 stale record\(s\)/);
  assert.is(readdirSync(join(results, 'tiny', 'trials')).filter((f) => f.endsWith('.json')).length, 6);
});

test('verify passes on a finished sweep and names a trial whose record was altered', () => {
  const results = tempDir();
  sweep(['run', experimentFile(GRID), '--results', results]);
  const dir = join(results, 'tiny');
  const ok = sweep(['verify', dir]);
  assert.is(ok.code, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /4 trial\(s\) verified: bit-identical/);
  const trials = join(dir, 'trials');
  const victim = readdirSync(trials).filter((f) => f.endsWith('.json')).sort()[1];
  const record = JSON.parse(readFileSync(join(trials, victim), 'utf8'));
  record.weights_sha256 = 'f'.repeat(64);
  writeFileSync(join(trials, victim), JSON.stringify(record));
  const bad = sweep(['verify', dir, '--workers', '1']);
  assert.is(bad.code, 1);
  assert.match(bad.stdout, new RegExp(`1 of 4 trial\\(s\\) differ[^\\n]*\\n  ${record.run_id} \\(lr=${record.lr} epochs=${record.epochs}[^)]*\\): weights_sha256 differs`));
});

test('verify --sample checks K trials, the same K every time', () => {
  const results = tempDir();
  sweep(['run', experimentFile(GRID), '--results', results]);
  const a = sweep(['verify', join(results, 'tiny'), '--sample', '2']);
  const b = sweep(['verify', join(results, 'tiny'), '--sample', '2']);
  assert.match(a.stdout, /2 trial\(s\) verified/);
  const ids = (s: string) => [...s.matchAll(/^  ([0-9a-f]{12}) /gm)].map((m) => m[1]).sort();
  assert.equal(ids(a.stdout), ids(b.stdout));
});

test('one and two workers give byte-identical history.csv and summary.csv, and runs.csv equal but for timings', () => {
  const file = experimentFile(`name: tiny\ndata: {limit: 600}\nreplicate: seed\ngrid: {lr: [0.1, 0.2, 0.3], epochs: [2, 3], hidden: 7, seed: [1, 2]}\n`);
  const one = tempDir();
  const two = tempDir();
  sweep(['run', file, '--results', one, '--workers', '1']);
  sweep(['run', file, '--results', two, '--workers', '2']);
  for (const name of ['history.csv', 'summary.csv']) {
    assert.is(readFileSync(join(two, 'tiny', name), 'utf8'), readFileSync(join(one, 'tiny', name), 'utf8'), name);
  }
  const untimed = (dir: string) => readCsv(join(dir, 'tiny', 'runs.csv')).map(({ train_seconds: _t, ...rest }) => rest);
  assert.equal(untimed(two), untimed(one));
  assert.is(untimed(one).length, 12);
});

test('--fail-fast stops at the first failed trial with exit 1 and no worker left running', async () => {
  const results = tempDir();
  const tag = `SWEEP_TEST_TAG_${process.pid}_failfast`;
  const file = experimentFile(`name: tiny\ndata: {limit: 600}\ngrid: {lr: [0.1, 0.2], epochs: 100000, hidden: 7}\n`);
  const r = sweep(['run', file, '--results', results, '--fail-fast', '--workers', '2'], { SWEEP_TEST_FAULT: 'exit:0.1', [tag]: '1' });
  assert.is(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /FAILED: child process exited with code 3 \(log: .*logs\/[0-9a-f]{12}\.log\)/);
  assert.match(r.stdout, /Stopped at the first failed trial/);
  assert.equal(processesTagged(tag), []);
});

test.run();
