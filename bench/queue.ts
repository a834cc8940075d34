// `node dist/bench/queue.js`: what the queue costs. (1) Overhead per trial: the same tiny trials (500 samples,
// 1 epoch, one per job) through the local launcher and through the queue to one `sweep worker`, both one job at a
// time; the difference per trial is the queue's round trip. (2) Enqueueing a 10,000-trial grid: addBulk alone, and the
// queue launcher's whole enqueue (look up existing jobs by id, then addBulk). (3) Fingerprinting MNIST's IDX files.
// Uses the Redis at $SWEEP_QUEUE if set (its queue must be idle), otherwise a throwaway redis-server.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { expandTrials } from '../src/config/expand.js';
import { DEFAULT_DATA, type DataSpec } from '../src/train/prepared.js';
import { TRAINER_VERSION } from '../src/train/train.js';
import { groupIntoJobs, type TrainJob } from '../src/sweep/jobs.js';
import type { JobEvents, Launcher } from '../src/launch/launcher.js';
import { LocalLauncher } from '../src/launch/local/pool.js';
import { connectionOptions, parseQueueUrl, QUEUE_NAME } from '../src/launch/queue/connection.js';
import { dataFingerprint } from '../src/launch/queue/fingerprint.js';
import { QueueLauncher } from '../src/launch/queue/coordinator.js';
import { JOB_NAME, queueJobId } from '../src/launch/queue/payload.js';
import { startRedis } from '../test/helpers/redis.js';

const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'cli.js');
const TINY_TRIALS = 40;
const GRID_TRIALS = 10000;
const GOALS = { overheadMs: 20, enqueueSeconds: 2 };

const data: DataSpec = { ...DEFAULT_DATA, limit: 500 };
/** `count` one-epoch trials with distinct learning rates: one job each. */
function tinyJobs(count: number, offset = 0): TrainJob[] {
  const lr = Array.from({ length: count }, (_, i) => 0.01 + (offset + i) * 1e-4);
  return groupIntoJobs(expandTrials(data, { lr, epochs: 1, hidden: 16, seed: 1 }, undefined), data);
}

const quiet: JobEvents = { started() {}, epoch() {}, trial() {}, output() {} };

/**
 * Seconds to run `jobs` through `launcher` with one worker: all handed over at once (the worker takes the next while
 * the last result travels back), or each only after the previous one's result arrived (the full round trip each).
 */
async function timeJobs(launcher: Launcher, jobs: TrainJob[], oneByOne = false): Promise<number> {
  const t0 = performance.now();
  if (oneByOne) for (const j of jobs) await launcher.run(j, quiet);
  else await Promise.all(jobs.map((j) => launcher.run(j, quiet)));
  return (performance.now() - t0) / 1000;
}

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[xs.length >> 1];
}

function line(name: string, value: string, goal = ''): void {
  process.stdout.write(`${name.padEnd(58)} ${value.padStart(18)}${goal ? `   (goal ${goal})` : ''}\n`);
}

const redis = process.env.SWEEP_QUEUE ? undefined : await startRedis();
const url = parseQueueUrl(process.env.SWEEP_QUEUE ?? redis!.url);
const worker = spawn(process.execPath, [CLI, 'worker', '--queue', url.url, '--concurrency', '1'], { stdio: ['ignore', 'pipe', 'inherit'] });
try {
  const t0 = performance.now();
  const sha = dataFingerprint(undefined);
  line('fingerprint of MNIST (4 IDX files, 55 MB)', `${((performance.now() - t0) / 1000).toFixed(3)} s`);

  // (1) overhead per trial
  const local = new LocalLauncher({ workers: 1 });
  await timeJobs(local, tinyJobs(2, 1000)); // warm-up: the child prepares the data once
  const localBatch = await timeJobs(local, tinyJobs(TINY_TRIALS));
  const localSerial = await timeJobs(local, tinyJobs(TINY_TRIALS, 500), true);
  await local.close();

  await new Promise<void>((resolve) => worker.stdout!.on('data', (d: Buffer) => d.toString().includes('serving queue') && resolve()));
  const queued = await QueueLauncher.connect({ url, dataSha256: sha, log: () => {} });
  await timeJobs(queued, tinyJobs(2, 2000)); // warm-up
  const queueBatch = await timeJobs(queued, tinyJobs(TINY_TRIALS, 3000));
  const queueSerial = await timeJobs(queued, tinyJobs(TINY_TRIALS, 4000), true);
  await queued.close();
  const ms = (seconds: number) => `${((seconds / TINY_TRIALS) * 1000).toFixed(1)} ms`;
  line(`local launcher, ${TINY_TRIALS} tiny trials, all at once / one by one`, `${ms(localBatch)} / ${ms(localSerial)}`);
  line(`queue launcher, the same through one worker`, `${ms(queueBatch)} / ${ms(queueSerial)}`);
  line('queue overhead per trial, all at once', ms(queueBatch - localBatch), `≤ ${GOALS.overheadMs} ms`);
  line('queue overhead per trial, one by one (round trip)', ms(queueSerial - localSerial), `≤ ${GOALS.overheadMs} ms`);
  worker.kill('SIGTERM');

  // (2) enqueueing a 10,000-trial grid
  const grid = tinyJobs(GRID_TRIALS, 100000);
  const queue = new Queue(QUEUE_NAME, { connection: connectionOptions(url) });
  const addBulkSeconds: number[] = [];
  for (let round = 0; round < 3; round++) {
    const t1 = performance.now();
    await queue.addBulk(grid.map((job) => ({ name: JOB_NAME, data: { job, trainerVersion: TRAINER_VERSION, dataSha256: sha }, opts: { jobId: queueJobId(job.id) } })));
    addBulkSeconds.push((performance.now() - t1) / 1000);
    await queue.obliterate({ force: true });
  }
  line(`addBulk of ${GRID_TRIALS} jobs (median of 3)`, `${median(addBulkSeconds).toFixed(2)} s`, `≤ ${GOALS.enqueueSeconds} s`);

  const launcher = await QueueLauncher.connect({ url, dataSha256: sha, log: () => {} });
  const t2 = performance.now();
  const runs = grid.map((j) => launcher.run(j, quiet).catch(() => {}));
  while ((await queue.getJobCounts('waiting')).waiting < GRID_TRIALS) await new Promise((r) => setTimeout(r, 20));
  line(`sweep enqueue of ${GRID_TRIALS} jobs (lookup by id + addBulk)`, `${((performance.now() - t2) / 1000).toFixed(2)} s`, `≤ ${GOALS.enqueueSeconds} s`);
  await launcher.abort();
  await Promise.all(runs);
  await launcher.close();
  await queue.obliterate({ force: true });
  await queue.close();
} finally {
  worker.kill('SIGKILL');
  redis?.stop();
}
