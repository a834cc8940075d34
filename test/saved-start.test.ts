// Which saved weights a job continues from (src/sweep/continue.ts): the longest usable shorter trial of the same run,
// on hand-made records and a made-up list of files on disk.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { continueFromSaved, savedStart } from '../src/sweep/continue.js';
import type { TrainJob } from '../src/sweep/jobs.js';
import type { TrialRecord } from '../src/store/record.js';
import { record } from './helpers/records.js';
import { tempDir } from './helpers/cli.js';

const DATA = { testSize: 0.2, splitSeed: 42 };
const job = (over: Partial<TrainJob> = {}): TrainJob => ({ id: 'j', data: DATA, lr: 0.1, hidden: 8, seed: 3, trials: [{ runId: 'j', epochs: 10 }], ...over });
const saved = (runId: string, epochs: number, over: Partial<TrialRecord> = {}): TrialRecord =>
  record({ runId, lr: 0.1, hidden: 8, seed: 3, epochs, data: DATA, losses: Array.from({ length: epochs }, (_, i) => 3 - i / 10), weightsSha256: `sha-${runId}`, ...over });
const onDisk = (...runIds: string[]) => (file: string) => runIds.some((id) => file === join('R', 'weights', `${id}.npz`));

test('the longest shorter trial with weights on disk is the start, with its file, hash and losses', () => {
  const records = [saved('s2', 2), saved('s6', 6), saved('s4', 4)];
  assert.equal(savedStart(job(), records, 'R', onDisk('s2', 's4', 's6')), {
    runId: 's6', epochs: 6, file: join('R', 'weights', 's6.npz'), weightsSha256: 'sha-s6', losses: [3, 2.9, 2.8, 2.7, 2.6, 2.5],
  });
  // s6's file is gone: s4 is next
  assert.is(savedStart(job(), records, 'R', onDisk('s2', 's4'))?.runId, 's4');
  assert.is(savedStart(job(), records, 'R', onDisk()), undefined);
});

test('a record is passed over for each reason it cannot be continued from', () => {
  const ok = saved('s4', 4);
  const unusable: [string, TrialRecord][] = [
    ['diverged', saved('s4', 4, { status: 'diverged' })],
    ['another trainer version', saved('s4', 4, { trainerVersion: 2 })],
    ['no weights hash', saved('s4', 4, { weightsSha256: null })],
    ['another lr', saved('s4', 4, { lr: 0.2 })],
    ['another hidden', saved('s4', 4, { hidden: 9 })],
    ['another seed', saved('s4', 4, { seed: 4 })],
    ['another data path', saved('s4', 4, { data: { ...DATA, path: 'elsewhere' } })],
    ['another limit', saved('s4', 4, { data: { ...DATA, limit: 100 } })],
    ['another test size', saved('s4', 4, { data: { ...DATA, testSize: 0.3 } })],
    ['another split seed', saved('s4', 4, { data: { ...DATA, splitSeed: 1 } })],
    ['another validation size', saved('s4', 4, { data: { ...DATA, valSize: 0.1 } })],
    ['as long as the job', saved('s4', 10)],
    ['longer than the job', saved('s4', 12)],
    ['fewer losses than epochs', saved('s4', 4, { losses: [3, 2, 1] })],
    ['a tracked metric missing', saved('s4', 4)],
  ];
  assert.is(savedStart(job(), [ok], 'R', onDisk('s4'))?.runId, 's4');
  for (const [why, r] of unusable) {
    const j = why === 'a tracked metric missing' ? job({ track: ['val_loss'] }) : job();
    assert.is(savedStart(j, [r], 'R', onDisk('s4')), undefined, why);
  }
  // valSize 0 is the same data as no valSize
  assert.is(savedStart(job(), [saved('s4', 4, { data: { ...DATA, valSize: 0 } })], 'R', onDisk('s4'))?.runId, 's4');
  assert.is(savedStart(job({ data: { ...DATA, valSize: 0 } }), [ok], 'R', onDisk('s4'))?.runId, 's4');
});

test('tracked metrics come with the start, cut to its epochs', () => {
  const r = saved('s3', 3, { metrics: { val_loss: [1, 2, 3], grad_norm: [4, 5, 6] } });
  const from = savedStart(job({ track: ['grad_norm'] }), [r], 'R', onDisk('s3'));
  assert.equal(from?.metrics, { grad_norm: [4, 5, 6] });
  assert.not.ok('metrics' in savedStart(job(), [r], 'R', onDisk('s3'))!);
});

test('continueFromSaved sets `from` only on the jobs that have a start, looking for the files on disk', () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'weights'));
  writeFileSync(join(dir, 'weights', 's4.npz'), '');
  const jobs = [job(), job({ id: 'k', lr: 0.3 })];
  const out = continueFromSaved(jobs, new Map([['s4', saved('s4', 4)], ['t4', saved('t4', 4, { lr: 0.3 })]]), dir);
  assert.equal(out[0], { ...jobs[0], from: { runId: 's4', epochs: 4, file: join(dir, 'weights', 's4.npz'), weightsSha256: 'sha-s4', losses: [3, 2.9, 2.8, 2.7] } });
  assert.is(out[1], jobs[1], 't4 has no file: the job is handed back as it was');
});

test.run();
