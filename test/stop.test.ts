// How a sweep stops without a terminal: SIGINT / SIGTERM at each stage, --trial-timeout, --fail-fast, a broken pipe;
// each ends with its documented exit code, no process left, the finished records kept and a resume hint that works.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { CLI, experimentFile, exited, processesTagged, readCsv, sweep, tempDir, waitFor } from './helpers/cli.js';
import { ROOT } from './helpers/fixtures.js';
import { pasteIntoShell, resumeHint, startSweep, stopWhen } from './helpers/stop.js';

// One short trial, one that trains for a while (~2 s), two more short ones: on one worker, the last two wait queued.
const QUEUED = `name: tiny
data: {limit: 600}
runs:
  - {lr: 0.1, epochs: 3, hidden: 7, seed: 1}
  - {lr: 0.1, epochs: 400, hidden: 7, seed: 2}
  - {lr: 0.1, epochs: 3, hidden: 7, seed: 3}
  - {lr: 0.1, epochs: 3, hidden: 7, seed: 4}
`;

const trialFiles = (results: string) => readdirSync(join(results, 'tiny', 'trials')).filter((f) => f.endsWith('.json'));

async function interruptAndResume(signal: NodeJS.Signals, expectedCode: number, workers: string) {
  const results = tempDir();
  const s = startSweep(['run', experimentFile(QUEUED), '--results', results, '--workers', workers]);
  const stopped = await stopWhen(s, (out) => out.includes('[1/4]') && out.includes('seed=2'), signal, 'the first trial');
  assert.is(stopped.code, expectedCode, stopped.output);
  assert.ok(stopped.seconds < 10, `took ${stopped.seconds} s`);
  assert.equal(processesTagged(s.tag), []);
  assert.not.ok(existsSync(join(results, 'tiny', '.lock')));
  const saved = trialFiles(results).length;
  assert.ok(saved >= 1 && saved < 4, `${saved} trial(s) saved`);
  // the tables of what finished, then the hint, then why the exit code is not 0
  assert.match(stopped.output, /tiny: \d of 4 trials recorded/);
  const hint = resumeHint(stopped.output);
  assert.ok(hint.includes(`--results ${results}`), hint);
  assert.ok(hint.includes(`--workers ${workers}`), hint);
  assert.match(stopped.output.trimEnd().split('\n').at(-1)!, new RegExp(`^exit ${expectedCode}: (interrupted|terminated), \\d not trained$`));
  const resumed = pasteIntoShell(hint);
  assert.is(resumed.code, 0, resumed.stdout + resumed.stderr);
  assert.match(resumed.stdout, new RegExp(`Skipping ${saved} finished trial`));
  assert.is(readCsv(join(results, 'tiny', 'runs.csv')).filter((r) => r.status === 'ok').length, 4);
}

test('SIGINT with jobs queued exits 130 within 10 s, keeps what finished, and its hint resumes the rest', async () => {
  await interruptAndResume('SIGINT', 130, '1');
});

test('SIGTERM with every job running exits 143 and its hint resumes', async () => {
  await interruptAndResume('SIGTERM', 143, '4');
});

test('SIGINT while the workers load the data exits 130 with nothing trained and a hint that trains it all', async () => {
  const results = tempDir();
  const file = experimentFile('name: full\nruns: [{lr: 0.1, epochs: 1, hidden: 2, seed: 1}]\n');
  const s = startSweep(['run', file, '--results', results, '--workers', '1']);
  const stopped = await stopWhen(s, (out) => out.includes('worker 1: start'), 'SIGINT', 'the worker to start');
  assert.is(stopped.code, 130, stopped.output);
  assert.ok(stopped.seconds < 10);
  assert.equal(processesTagged(s.tag), []);
  assert.match(stopped.output, /0 of 1 trial\(s\) saved/);
  const resumed = pasteIntoShell(resumeHint(stopped.output));
  assert.is(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stdout, /\[1\/1\]/);
});

test('a second SIGINT kills a worker that ignores SIGTERM at once; the sweep still exits 130 with its summary', async () => {
  const results = tempDir();
  // the trials with lr 0.2 hang in a child that ignores SIGTERM
  const s = startSweep(['run', experimentFile(QUEUED.replace('epochs: 400', 'epochs: 3').replace(/lr: 0.1, epochs: 3, hidden: 7, seed: 3/, 'lr: 0.2, epochs: 3, hidden: 7, seed: 3')), '--results', results, '--workers', '2'], { SWEEP_TEST_FAULT: 'stubborn:0.2' });
  const stopped = await stopWhen(s, (out) => out.includes('start lr=0.2') && out.includes('[3/4]'), 'SIGINT', 'the stubborn trial', 'SIGINT');
  assert.is(stopped.code, 130, stopped.output);
  assert.match(stopped.output, /Stopping now: ending the workers at once/);
  assert.equal(processesTagged(s.tag), []);
  assert.match(stopped.output, /To resume, run:/);
});

test('the resume hint quotes what the shell would split and leaves out --force; the printed log path exists', () => {
  const results = join(tempDir(), "a dir with 'quotes'");
  const file = experimentFile('name: tiny\ndata: {limit: 600}\nruns: [{lr: 0.1, epochs: 2, hidden: 7, seed: 1}]\n');
  const r = sweep(['run', file, '--results', results, '--force', '--fail-fast'], { SWEEP_TEST_FAULT: 'throw:0.1' });
  assert.is(r.code, 1);
  const log = /\(log: (.+\.log)\)/.exec(r.stdout)?.[1];
  assert.ok(log && existsSync(log), r.stdout);
  const hint = resumeHint(r.stdout);
  assert.not.ok(hint.includes('--force'));
  assert.ok(hint.includes(`--results '${results.replace(/'/g, `'\\''`)}'`), hint);
  const resumed = pasteIntoShell(hint);
  assert.is(resumed.code, 0, resumed.stdout + resumed.stderr);
  assert.is(readCsv(join(results, 'tiny', 'runs.csv'))[0].status, 'ok');
});

// One long run, then three short ones, on one worker with a 3 s limit per trial.
const TIMEOUT = `name: tiny
data: {limit: 2000}
runs:
  - {lr: 0.1, epochs: 100000, hidden: 16, seed: 1}
  - {lr: 0.1, epochs: 3, hidden: 16, seed: 2}
  - {lr: 0.1, epochs: 3, hidden: 16, seed: 3}
  - {lr: 0.1, epochs: 3, hidden: 16, seed: 4}
`;

test('--trial-timeout fails the long trial alone: the next one gets a fresh child', () => {
  const results = tempDir();
  const r = sweep(['run', experimentFile(TIMEOUT), '--results', results, '--workers', '1', '--trial-timeout', '3']);
  assert.is(r.code, 1, r.stdout + r.stderr);
  const rows = readCsv(join(results, 'tiny', 'runs.csv'));
  assert.equal(rows.map((x) => x.status), ['failed', 'ok', 'ok', 'ok']);
  assert.match(rows[0].error, /timed out after 3 s/);
  assert.match(r.stdout.trimEnd().split('\n').at(-1)!, /^exit 1: 1 failed$/);
});

test('--fail-fast stops at the timed-out trial: exit 1 within 10 s of it, no child left, the summary printed', async () => {
  const results = tempDir();
  const s = startSweep(['run', experimentFile(TIMEOUT), '--results', results, '--workers', '1', '--trial-timeout', '3', '--fail-fast']);
  await waitFor(() => s.output().includes('FAILED: trial timed out'), 60000, 'the timed-out trial');
  const failedAt = Date.now();
  const { code } = await exited(s.child);
  const seconds = (Date.now() - failedAt) / 1000;
  const out = s.output();
  assert.is(code, 1, out);
  assert.ok(seconds < 10, `took ${seconds} s`);
  assert.equal(processesTagged(s.tag), []);
  assert.match(out, /tiny: 1 of 4 trials recorded/);
  assert.match(out, /Report: /);
  assert.match(out.trimEnd().split('\n').at(-1)!, /^exit 1: stopped by --fail-fast, 1 failed, 3 not trained$/);
});

test('a diverged trial counts as a failure for --fail-fast, as it does for the exit code; its loss prints as NaN', () => {
  const results = tempDir();
  const file = experimentFile('name: tiny\ndata: {limit: 600}\nruns: [{lr: 1e300, epochs: 30, hidden: 7, seed: 1}, {lr: 0.1, epochs: 3, hidden: 7, seed: 1}]\n');
  const r = sweep(['run', file, '--results', results, '--workers', '1', '--fail-fast']);
  assert.is(r.code, 1);
  assert.match(r.stdout, /diverged at epoch \d+ \(loss NaN\)/);
  assert.not.match(r.stdout, /null/);
  assert.match(r.stdout, /Stopped at the first failed trial \(--fail-fast\): lr=1e\+300 .* diverged/);
  assert.equal(readCsv(join(results, 'tiny', 'runs.csv')).map((x) => [x.status, x.final_loss]), [['diverged', 'NaN']]);
  assert.match(r.stdout.trimEnd().split('\n').at(-1)!, /^exit 1: stopped by --fail-fast, 1 diverged, 1 not trained$/);
});

test('a sweep piped into `head -1` stops as an interrupt does: exit 141, not 0, with its trials untrained', () => {
  const results = tempDir();
  const file = experimentFile(QUEUED);
  const r = spawnSync('bash', ['-c', `set -o pipefail; '${process.execPath}' '${CLI}' run '${file}' --results '${results}' --workers 1 | head -1`], { cwd: ROOT, encoding: 'utf8' });
  assert.is(r.status, 141, r.stdout + r.stderr);
  assert.is(r.stdout.split('\n').length, 2); // the one line head let through
  assert.is(r.stderr, '');
  assert.not.ok(existsSync(join(results, 'tiny', '.lock')));
});

test.run();
