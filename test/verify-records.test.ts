// verify's comparison (src/sweep/verify.ts): a retrained trial equals its record only if the status, the weights'
// hash, every epoch's loss (bit for bit) and the test count all match; and verifyRecords's sampling and retraining
// through a launcher, with a fake launcher that replays chosen results.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Launcher } from '../src/launch/launcher.js';
import type { TrainJob } from '../src/sweep/jobs.js';
import { differences, sampleRecords, verifyRecords } from '../src/sweep/verify.js';
import type { TrialRecord } from '../src/store/record.js';
import type { Checkpoint } from '../src/train/train.js';

const HASH = 'a'.repeat(64);

function record(over: Partial<TrialRecord> = {}): TrialRecord {
  return {
    runId: '000000000001', experiment: 'x', status: 'ok', lr: 0.1, epochs: 3, hidden: 7, seed: 3,
    data: { testSize: 0.2, splitSeed: 42, limit: 600 }, trainerVersion: 1, losses: [2.3, 2.2, 2.1], finalLoss: 2.1,
    testAccuracy: 0.5, testCorrect: 60, testTotal: 120, weightsSha256: HASH, trainSeconds: 1,
    finishedAt: '2026-11-25T08:00:00.000Z', node: 'v20.0.0', machine: 'linux-x64',
    ...over,
  };
}

/** The checkpoint a retraining of `r` gives when nothing changed. */
function checkpointOf(r: TrialRecord, over: Partial<Checkpoint> = {}): Checkpoint {
  return {
    epochs: r.epochs, status: r.status === 'diverged' ? 'diverged' : 'ok', finalLoss: r.finalLoss ?? NaN,
    testCorrect: r.testCorrect ?? 0, testTotal: r.testTotal ?? 0, testAccuracy: r.testAccuracy ?? NaN,
    weightsSha256: r.weightsSha256 ?? '', trainSeconds: 99, kernels: 'ts', ...over,
  };
}

test('differences should be empty for an identical retraining, whatever its time', () => {
  const r = record();
  assert.equal(differences(r, checkpointOf(r), [2.3, 2.2, 2.1]), []);
});

test('differences should name a changed status', () => {
  const r = record();
  assert.equal(differences(r, checkpointOf(r, { status: 'diverged' }), [2.3, 2.2, 2.1]), ['status ok → diverged']);
});

test('differences should name changed weights', () => {
  const r = record();
  assert.equal(differences(r, checkpointOf(r, { weightsSha256: 'b'.repeat(64) }), [2.3, 2.2, 2.1]), ['weights_sha256 differs']);
});

test('differences should name the first epoch whose loss differs, by one ulp', () => {
  const r = record();
  const up = 2.2 + 2 ** -51; // the next double after 2.2
  assert.ok(up !== 2.2);
  assert.equal(differences(r, checkpointOf(r), [2.3, up, 2.0]), [`loss differs from epoch 2 (2.2 → ${up})`]);
  assert.equal(differences(r, checkpointOf(r), [2.4, 2.2, 2.1]), ['loss differs from epoch 1 (2.3 → 2.4)']);
  assert.equal(differences(r, checkpointOf(r), [2.3, 2.2, 2.0]), ['loss differs from epoch 3 (2.1 → 2)']);
});

test('differences should compare losses by their bits: NaN equals NaN, 0 differs from -0', () => {
  const r = record({ status: 'diverged', losses: [2.3, NaN], epochs: 2 });
  assert.equal(differences(r, checkpointOf(r), [2.3, NaN]), []);
  const z = record({ losses: [0, 1, 2] });
  assert.equal(differences(z, checkpointOf(z), [-0, 1, 2]), ['loss differs from epoch 1 (0 → 0)']);
});

test('differences should name a different number of losses', () => {
  const r = record();
  assert.equal(differences(r, checkpointOf(r), [2.3, 2.2]), ['2 losses instead of 3']);
  assert.equal(differences(r, checkpointOf(r), [2.3, 2.2, 2.1, 2.0]), ['4 losses instead of 3']);
});

test('differences should name a changed test count of an ok trial, and ignore it for a diverged one', () => {
  const r = record();
  assert.equal(differences(r, checkpointOf(r, { testCorrect: 61 }), [2.3, 2.2, 2.1]), ['test_correct 60 → 61']);
  const d = record({ status: 'diverged' });
  assert.equal(differences(d, checkpointOf(d, { testCorrect: 61 }), [2.3, 2.2, 2.1]), []);
});

test('differences should list every difference, in the order status, weights, losses, test count', () => {
  const r = record();
  const c = checkpointOf(r, { status: 'diverged', weightsSha256: 'c'.repeat(64), testCorrect: 0 });
  assert.equal(differences(r, c, [2.3, 2.2, 9]), [
    'status ok → diverged',
    'weights_sha256 differs',
    'loss differs from epoch 3 (2.1 → 9)',
    'test_correct 60 → 0',
  ]);
});

test('sampleRecords should leave out failed trials and take the first K by run id', () => {
  const rs = ['00000000000c', '00000000000a', '00000000000d', '00000000000b'].map((runId, i) =>
    record({ runId, status: i === 2 ? 'failed' : 'ok' }));
  assert.equal(sampleRecords(rs).map((r) => r.runId), ['00000000000a', '00000000000b', '00000000000c']);
  assert.equal(sampleRecords(rs, 2).map((r) => r.runId), ['00000000000a', '00000000000b']);
  assert.equal(sampleRecords(rs, 0), []);
});

/** A launcher that reports, for each trial of a job, the checkpoint and losses `answer` gives; records what it ran. */
function fakeLauncher(answer: (runId: string) => { checkpoint: Checkpoint; losses: number[] } | 'fail') {
  const jobs: TrainJob[] = [];
  let closed = 0;
  const launcher: Launcher = {
    async run(job, events) {
      jobs.push(job);
      for (const t of job.trials) {
        const a = answer(t.runId);
        if (a === 'fail') throw new Error(`child died on ${t.runId}`);
        events.trial(t.runId, a.checkpoint, a.losses);
      }
    },
    async abort() {},
    async close() {
      closed++;
    },
  };
  return { launcher, jobs, closed: () => closed };
}

test('verifyRecords should retrain with shared epochs per data spec and report each record, in the records\' order', async () => {
  const a2 = record({ runId: '0000000000a2', epochs: 2, losses: [2.3, 2.2], finalLoss: 2.2 });
  const a3 = record({ runId: '0000000000a3' });
  const b3 = record({ runId: '0000000000b3', data: { testSize: 0.2, splitSeed: 7 } });
  const records = [a3, b3, a2];
  const byId = new Map(records.map((r) => [r.runId, r]));
  const fake = fakeLauncher((id) => {
    const r = byId.get(id)!;
    return { checkpoint: checkpointOf(r, id === '0000000000b3' ? { testCorrect: 1 } : {}), losses: r.losses };
  });
  const seen: string[] = [];
  const out = await verifyRecords(records, fake.launcher, (v) => seen.push(v.record.runId));
  assert.equal(out.map((v) => [v.record.runId, v.differences]), [
    ['0000000000a3', []],
    ['0000000000b3', ['test_correct 60 → 1']],
    ['0000000000a2', []],
  ]);
  assert.equal(seen.sort(), ['0000000000a2', '0000000000a3', '0000000000b3']);
  assert.equal(fake.jobs.map((j) => [j.id, j.data.splitSeed, j.trials.map((t) => t.epochs)]), [
    ['0000000000a3', 42, [2, 3]],
    ['0000000000b3', 7, [3]],
  ]);
  assert.is(fake.closed(), 1);
});

test('verifyRecords should report a job that fails as a difference of each of its trials not yet reported', async () => {
  const a2 = record({ runId: '0000000000a2', epochs: 2, losses: [2.3, 2.2] });
  const a3 = record({ runId: '0000000000a3' });
  const fake = fakeLauncher((id) => (id === '0000000000a3' ? 'fail' : { checkpoint: checkpointOf(a2), losses: a2.losses }));
  const out = await verifyRecords([a2, a3], fake.launcher);
  assert.equal(out.map((v) => v.differences), [[], ['retraining failed: child died on 0000000000a3']]);
  assert.is(fake.closed(), 1);
});

test.run();
