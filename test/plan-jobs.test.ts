// Epoch sharing and the plan (src/sweep/jobs.ts, plan.ts, progress.ts's formats) on hand-made trials and records,
// against values worked out here.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Experiment, Trial } from '../src/config/types.js';
import { groupIntoJobs, jobEpochs } from '../src/sweep/jobs.js';
import { estimateSeconds, makePlan, measuredRate, planSummary } from '../src/sweep/plan.js';
import { describeTrial, formatDuration, LogProgress } from '../src/sweep/progress.js';
import type { TrialRecord } from '../src/store/record.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './helpers/cli.js';

const DATA = { testSize: 0.2, splitSeed: 42 };
const t = (runId: string, lr: number, epochs: number, hidden = 7, seed = 3): Trial => ({ runId, lr, epochs, hidden, seed });

test('groupIntoJobs should put the trials of one lr, hidden and seed in one job, by increasing epochs, named by the longest', () => {
  const trials = [t('a4', 0.1, 4), t('b2', 0.2, 2), t('a2', 0.1, 2), t('c4', 0.1, 4, 9), t('d4', 0.1, 4, 7, 5), t('a8', 0.1, 8)];
  const jobs = groupIntoJobs(trials, DATA);
  assert.equal(jobs.map((j) => [j.id, j.lr, j.hidden, j.seed, j.trials.map((x) => `${x.runId}:${x.epochs}`)]), [
    ['a8', 0.1, 7, 3, ['a2:2', 'a4:4', 'a8:8']],
    ['b2', 0.2, 7, 3, ['b2:2']],
    ['c4', 0.1, 9, 3, ['c4:4']],
    ['d4', 0.1, 7, 5, ['d4:4']],
  ]);
  assert.ok(jobs.every((j) => j.data === DATA));
  assert.equal(jobs.map(jobEpochs), [8, 2, 4, 4]);
  assert.equal(groupIntoJobs([], DATA), []);
});

function record(trial: Trial, over: Partial<TrialRecord> = {}): TrialRecord {
  return {
    ...trial, experiment: 'x', status: 'ok', data: DATA, trainerVersion: 1, losses: [], finalLoss: 2, testAccuracy: 0.5,
    testCorrect: 1, testTotal: 2, weightsSha256: 'ab', trainSeconds: 1, finishedAt: '', node: '', machine: '', ...over,
  };
}

function experiment(trials: Trial[]): Experiment {
  return { file: 'x.yaml', source: '', name: 'x', data: DATA, trials, expectations: [] };
}

test('makePlan should mark trials done, failed or to run, list stale records, and count the epochs left', () => {
  const trials = [t('a2', 0.1, 2), t('a4', 0.1, 4), t('b2', 0.2, 2), t('b4', 0.2, 4), t('c3', 0.3, 3)];
  const records = new Map([
    ['a2', record(trials[0])],
    ['a4', record(trials[1], { status: 'diverged' })],
    ['b2', record(trials[2], { status: 'failed' })],
    ['zz', record(t('zz', 0.9, 1))],
  ]);
  const plan = makePlan(experiment(trials), records);
  assert.equal(plan.entries.map((e) => `${e.trial.runId}:${e.state}`), ['a2:done', 'a4:done', 'b2:failed', 'b4:to run', 'c3:to run']);
  assert.equal(plan.stale.map((r) => r.runId), ['zz']);
  assert.equal(plan.pending.map((x) => x.runId), ['b2', 'b4', 'c3']);
  assert.equal([plan.epochsLeft, plan.epochsUnshared], [4 + 3, 2 + 4 + 3]);
  assert.is(planSummary(plan, 75, 2), 'plan: 5 trial(s): 2 done, 2 to run, 1 failed (retried); 1 stale record(s); 7 epoch(s) to train in 2 run(s) (epoch sharing saves 2); about 1m15s on 2 worker(s)');
  const forced = makePlan(experiment(trials), records, true);
  assert.equal(forced.pending.map((x) => x.runId), ['a2', 'a4', 'b2', 'b4', 'c3']);
  assert.equal([forced.epochsLeft, forced.epochsUnshared], [4 + 4 + 3, 15]);
  const done = makePlan(experiment(trials.slice(0, 2)), records);
  assert.is(planSummary(done, 75, 2), 'plan: 2 trial(s): 2 done, 0 to run, 0 failed (retried); 2 stale record(s); 0 epoch(s) to train in 0 run(s)');
  assert.is(planSummary(makePlan(experiment([trials[4]]), new Map()), undefined, 1), 'plan: 1 trial(s): 0 done, 1 to run, 0 failed (retried); 0 stale record(s); 3 epoch(s) to train in 1 run(s)');
});

test('measuredRate should be the median seconds per epoch·sample·hidden unit over timed ok records', () => {
  const rs = [
    record(t('a', 0.1, 2, 10), { trainSeconds: 2 }), // 2 / (2·100·10) = 1e-3
    record(t('b', 0.1, 4, 10), { trainSeconds: 12 }), // 12 / 4000 = 3e-3
    record(t('c', 0.1, 1, 10), { trainSeconds: 2 }), // 2 / 1000 = 2e-3
    record(t('d', 0.1, 1, 10), { status: 'failed', trainSeconds: null }),
    record(t('e', 0.1, 1, 10), { status: 'diverged', trainSeconds: 100 }),
    record(t('f', 0.1, 1, 10), { trainSeconds: 0 }),
  ];
  assert.is(measuredRate(rs, 100), 2e-3);
  assert.is(measuredRate(rs.slice(0, 2), 100), 3e-3);
  assert.is(measuredRate(rs.slice(3), 100), undefined);
});

test('estimateSeconds should place the longest jobs first on the least loaded worker, plus the per-trial overheads', () => {
  // jobs of 2, 4, 4 and 8 epochs (in that order), hidden 2, 1 sample, rate 1: costs 4, 8, 8, 16, each + 0.015 s for
  // its round trip. Longest first on 2 workers: 16 | 8 + 8 = 16, then 4 joins the 16 → 20 (+ its 2 round trips). (In the given order
  // it would be 4 + 8 + ... = 24.) Around the training: 1 s to start, 0.3 s + 1.3e-5 s per sample to prepare the
  // data, 1.5 s + 0.4 ms per trial for the report (the overheads the README's Plan section gives).
  const trials = [t('d', 0.4, 2, 2), t('b', 0.2, 4, 2), t('c', 0.3, 4, 2), t('a', 0.1, 8, 2)];
  const plan = makePlan(experiment(trials), new Map());
  const around = (samples: number) => 1 + (0.3 + 1.3e-5 * samples) + (1.5 + 4e-4 * 4);
  const close = (actual: number, expected: number, what = '') => assert.ok(Math.abs(actual - expected) < 1e-9, `${what} ${actual} vs ${expected}`);
  close(estimateSeconds(plan, 1, 1, 2), 20 + 2 * 0.015 + around(1));
  close(estimateSeconds(plan, 1, 1, 1), 36 + 4 * 0.015 + around(1));
  close(estimateSeconds(plan, 0.5, 10, 4), 80 + 0.015 + around(10));
  close(estimateSeconds(plan, 1, 1, 0), 36 + 4 * 0.015 + around(1), 'no workers counts as one');
});

test('formatDuration and describeTrial should write the forms the progress lines use', () => {
  assert.equal([0, 59.4, 59.5, 60, 3599, 3600, 7322, Infinity, NaN].map(formatDuration), ['0s', '59s', '1m00s', '1m00s', '59m59s', '1h00m', '2h02m', '?', '?']);
  assert.is(describeTrial({ lr: 0.03, epochs: 40, hidden: 128, seed: 42 }), 'lr=0.03 epochs=40 hidden=128 seed=42');
});

test('LogProgress should print a line per job start and per finished trial, counting trials', () => {
  const lines: string[] = [];
  const p = new LogProgress((l) => lines.push(l));
  p.begin(3, 10);
  const [job] = groupIntoJobs([t('aaaaaaaaaaaa', 0.1, 2), t('bbbbbbbbbbbb', 0.1, 4)], DATA);
  p.jobStarted(1, job);
  p.epoch(1, job, 1, 2.5);
  p.trialFinished(record(t('aaaaaaaaaaaa', 0.1, 2), { testAccuracy: 0.12345, finalLoss: 2.123456 }));
  p.trialFinished(record(t('bbbbbbbbbbbb', 0.1, 4), { status: 'diverged', losses: [2, 3, NaN], finalLoss: NaN }), 'logs/b.log');
  p.trialFinished(record(t('cccccccccccc', 0.2, 2), { status: 'failed', error: 'child process exited with code 3' }), 'logs/c.log');
  p.trialFinished(record(t('dddddddddddd', 0.2, 4), { status: 'failed', error: 'timed out' }));
  p.message('done');
  p.end();
  assert.equal(lines, [
    'worker 2: start lr=0.1 epochs=2/4 hidden=7 seed=3',
    '[1/3] aaaaaaaaaaaa lr=0.1 epochs=2 hidden=7 seed=3  ok   test accuracy 12.35%  loss 2.1235',
    '[2/3] bbbbbbbbbbbb lr=0.1 epochs=4 hidden=7 seed=3  diverged at epoch 3 (loss NaN)',
    '[3/3] cccccccccccc lr=0.2 epochs=2 hidden=7 seed=3  FAILED: child process exited with code 3 (log: logs/c.log)',
    '[4/3] dddddddddddd lr=0.2 epochs=4 hidden=7 seed=3  FAILED: timed out',
    'done',
  ]);
});

test('a job continued from saved weights trains only the epochs past them, and the plan says what they spare', () => {
  const [job] = groupIntoJobs([t('a4', 0.1, 4), t('a10', 0.1, 10)], DATA);
  assert.is(jobEpochs({ ...job, from: { runId: 's3', epochs: 3, file: 'f', weightsSha256: 'h', losses: [1, 1, 1] } }), 7);
  const dir = tempDir();
  mkdirSync(join(dir, 'weights'));
  writeFileSync(join(dir, 'weights', 's3.npz'), '');
  const trials = [t('s3', 0.1, 3), t('a4', 0.1, 4), t('a10', 0.1, 10)];
  const records = new Map([['s3', record(trials[0], { losses: [3, 2, 1], weightsSha256: 'h3' })]]);
  const tracked = { ...experiment(trials), track: ['grad_norm' as const] };
  // with the weights folder: the run goes on from s3's 3 epochs, 7 to train, not 10
  const plan = makePlan(experiment(trials), records, false, dir);
  assert.equal(plan.jobs.map((j) => [j.id, j.from?.runId, jobEpochs(j)]), [['a10', 's3', 7]]);
  assert.is(planSummary(plan, undefined, 1), 'plan: 3 trial(s): 1 done, 2 to run, 0 failed (retried); 0 stale record(s); 7 epoch(s) to train in 1 run(s) (epoch sharing saves 4) (saved weights spare 3)');
  // without it, from scratch
  assert.equal(makePlan(experiment(trials), records, false).jobs.map((j) => [j.id, j.from, jobEpochs(j)]), [['a10', undefined, 10]]);
  // a tracked experiment's jobs carry what it tracks (s3 tracked nothing: all three train, from scratch)
  assert.equal(makePlan(tracked, records, false, dir).jobs.map((j) => [j.id, j.track, j.trials.length, j.from]), [['a10', ['grad_norm'], 3, undefined]]);
});

test.run();
