// Sweeps on a queue end to end: a throwaway redis-server, `sweep run --queue` as the coordinator and `sweep worker`
// processes, all through the compiled CLI. Same weights as a local run, workers killed mid-trial, coordinators killed
// and run again, hostile jobs, unreachable or password-protected Redis.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { QUEUE_NAME } from '../src/launch/queue/connection.js';
import { experimentFile, exited, readCsv, sweep, sweepAsync, tempDir, waitFor, type CliResult } from './helpers/cli.js';
import { freePort, startRedis, type RedisServer } from './helpers/redis.js';

const GRID = `name: tiny
data: {limit: 600}
grid: {lr: [0.1, 0.2, 0.3], epochs: [2, 4], hidden: 7, seed: 3}
`;

interface Proc {
  child: ChildProcess;
  out(): string;
}

/** Every process a test started, killed at its end whatever happened. */
const started: Proc[] = [];

function launch(args: string[], env: Record<string, string> = {}): Proc {
  const child = sweepAsync(args, env);
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (out += d));
  const proc = { child, out: () => out };
  started.push(proc);
  return proc;
}

async function startWorker(redis: RedisServer): Promise<Proc> {
  const worker = launch(['worker', '--queue', redis.url, '--concurrency', '1']);
  await waitFor(() => worker.out().includes('serving queue'), 20000, `a worker to start: ${worker.out()}`);
  return worker;
}

async function run(args: string[]): Promise<CliResult> {
  const p = launch(['run', ...args]);
  const { code } = await exited(p.child);
  return { code, stdout: p.out(), stderr: '' };
}

async function cleanUp(redis?: RedisServer): Promise<void> {
  for (const p of started.splice(0)) {
    if (p.child.exitCode === null && p.child.signalCode === null) {
      p.child.kill('SIGKILL');
      await exited(p.child);
    }
  }
  redis?.stop();
}

async function withQueue<T>(redis: RedisServer, use: (q: Queue) => Promise<T>): Promise<T> {
  const queue = new Queue(QUEUE_NAME, { connection: { host: '127.0.0.1', port: redis.port } });
  try {
    return await use(queue);
  } finally {
    await queue.close();
  }
}

const jobsInQueue = (redis: RedisServer) =>
  withQueue(redis, async (q) => Object.values(await q.getJobCounts()).reduce((a, b) => a + b, 0));

function hashes(results: string): Record<string, string> {
  return Object.fromEntries(readCsv(join(results, 'tiny', 'runs.csv')).map((r) => [`${r.lr}/${r.epochs}`, r.weights_sha256]));
}

function noTempFiles(results: string): void {
  const dir = join(results, 'tiny');
  const leftovers = [...readdirSync(dir), ...readdirSync(join(dir, 'trials'))].filter((f) => f.endsWith('.tmp'));
  assert.equal(leftovers, []);
}

/** `job <bull id>: start` lines of a worker's log. */
const starts = (log: string) => [...log.matchAll(/job (run-[0-9a-f]{12}): start/g)].map((m) => m[1]);

test('two workers train a grid through the queue with the same weights as a local run', async () => {
  const redis = await startRedis();
  try {
    const file = experimentFile(GRID);
    const local = tempDir();
    assert.is(sweep(['run', file, '--results', local, '--workers', '2']).code, 0);
    await startWorker(redis);
    await startWorker(redis);
    const results = tempDir();
    const r = await run([file, '--queue', redis.url, '--results', results]);
    assert.is(r.code, 0, r.stdout);
    assert.match(r.stdout, /on the queue at redis:\/\/127\.0\.0\.1:\d+ \(2 worker\(s\) connected now\)/);
    const rows = readCsv(join(results, 'tiny', 'runs.csv'));
    assert.is(rows.length, 6);
    assert.ok(rows.every((row) => row.status === 'ok'));
    assert.equal(hashes(results), hashes(local));
    // history.csv is the same file as a local run's
    assert.equal(readCsv(join(results, 'tiny', 'history.csv')), readCsv(join(local, 'tiny', 'history.csv')));
  } finally {
    await cleanUp(redis);
  }
});

test('SWEEP_QUEUE is read when --queue is not given', async () => {
  const redis = await startRedis();
  try {
    await startWorker(redis);
    const results = tempDir();
    const r = sweep(['run', experimentFile(GRID.replace('[0.1, 0.2, 0.3]', '0.1')), '--results', results], { SWEEP_QUEUE: redis.url });
    assert.is(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /on the queue at/);
    assert.is(await jobsInQueue(redis), 1);
  } finally {
    await cleanUp(redis);
  }
});

// One long job (many epochs), so a worker can be killed while it trains, and two short ones.
const LONG = `${GRID.replace('[0.1, 0.2, 0.3]', '[0.1, 0.2]')}runs: [{lr: 0.05, epochs: 1500, hidden: 7, seed: 3}]
`;

test('a worker killed mid-trial hands its job to another worker; every trial is saved once', async () => {
  const redis = await startRedis();
  try {
    const a = await startWorker(redis);
    const b = await startWorker(redis);
    const results = tempDir();
    const coordinator = launch(['run', experimentFile(LONG), '--queue', redis.url, '--results', results]);
    const longStart = /job (run-[0-9a-f]{12}): start lr=0\.05 /;
    await waitFor(() => longStart.test(a.out()) || longStart.test(b.out()), 30000, 'the long job to start');
    const victim = longStart.test(a.out()) ? a : b;
    const longId = longStart.exec(victim.out())![1];
    await new Promise((r) => setTimeout(r, 1000)); // well into the long trial
    victim.child.kill('SIGKILL');
    const killedAt = Date.now();
    await startWorker(redis); // the third worker
    await waitFor(() => started.some((p) => p !== victim && p.out().includes(`job ${longId}: start`)), 30000, 'the job to come back');
    const recoverySeconds = (Date.now() - killedAt) / 1000;
    const { code } = await exited(coordinator.child);
    assert.is(code, 0, coordinator.out());
    const rows = readCsv(join(results, 'tiny', 'runs.csv'));
    assert.is(rows.length, 5);
    assert.ok(rows.every((row) => row.status === 'ok'), JSON.stringify(rows));
    // each trial reported (so saved) exactly once
    for (const row of rows) assert.is(coordinator.out().split(`] ${row.run_id} `).length - 1, 1, row.run_id);
    assert.is(readdirSync(join(results, 'tiny', 'trials')).filter((f) => f.endsWith('.json')).length, 5);
    noTempFiles(results);
    assert.ok(recoverySeconds < 15, `job came back after ${recoverySeconds} s`);
    process.stdout.write(`  (stalled job back on another worker ${recoverySeconds.toFixed(1)} s after SIGKILL)\n`);
  } finally {
    await cleanUp(redis);
  }
});

test('a job whose workers keep dying is recorded failed after three attempts, not retried for ever', async () => {
  const redis = await startRedis();
  try {
    const results = tempDir();
    const file = experimentFile('name: tiny\ndata: {limit: 600}\nruns: [{lr: 0.05, epochs: 1500, hidden: 7, seed: 3}]\n');
    const coordinator = launch(['run', file, '--queue', redis.url, '--results', results]);
    for (let attempt = 1; attempt <= 3; attempt++) {
      const worker = await startWorker(redis);
      await waitFor(() => /job run-[0-9a-f]{12}: start/.test(worker.out()), 30000, `attempt ${attempt} to start`);
      worker.child.kill('SIGKILL');
      await exited(worker.child);
    }
    await startWorker(redis); // someone has to notice the last stall
    const { code } = await exited(coordinator.child);
    assert.is(code, 1, coordinator.out());
    const [row] = readCsv(join(results, 'tiny', 'runs.csv'));
    assert.is(row.status, 'failed');
    assert.match(row.error, /the workers training it died 3 times/);
  } finally {
    await cleanUp(redis);
  }
});

test('a coordinator killed and run again reattaches: no job is enqueued twice, none is trained twice, unless --force', async () => {
  const redis = await startRedis();
  try {
    const file = experimentFile(GRID);
    const results = tempDir();
    // No worker yet: the jobs wait in the queue.
    const first = launch(['run', file, '--queue', redis.url, '--results', results]);
    await waitFor(() => first.out().includes('plan:'), 20000, 'the first coordinator to plan');
    await withQueue(redis, async (q) => waitForAsync(async () => (await q.getJobCounts('waiting')).waiting === 3, 10000, 'three waiting jobs'));
    first.child.kill('SIGKILL');
    await exited(first.child);
    // Enqueueing the same file again adds nothing.
    const second = launch(['run', file, '--queue', redis.url, '--results', results]);
    await waitFor(() => second.out().includes('Reattached to 3 job(s)'), 20000, `the second coordinator to reattach: ${second.out()}`);
    assert.is(await jobsInQueue(redis), 3);
    second.child.kill('SIGKILL');
    await exited(second.child);
    // A worker trains them while no coordinator runs.
    const worker = await startWorker(redis);
    await withQueue(redis, async (q) => waitForAsync(async () => (await q.getJobCounts('completed')).completed === 3, 30000, 'three completed jobs'));
    assert.not.ok(existsSync(join(results, 'tiny', 'runs.csv')) && readCsv(join(results, 'tiny', 'runs.csv')).length > 0);
    const third = await run([file, '--queue', redis.url, '--results', results]);
    assert.is(third.code, 0, third.stdout);
    assert.match(third.stdout, /Reattached to 3 job\(s\)/);
    const rows = readCsv(join(results, 'tiny', 'runs.csv'));
    assert.is(rows.length, 6);
    assert.ok(rows.every((row) => row.status === 'ok'));
    assert.is(await jobsInQueue(redis), 3);
    assert.is(starts(worker.out()).length, 3, worker.out());
    assert.is(new Set(starts(worker.out())).size, 3);
    // A fourth run finds every record and enqueues nothing.
    const fourth = await run([file, '--queue', redis.url, '--results', results]);
    assert.is(fourth.code, 0);
    assert.match(fourth.stdout, /Skipping 6 finished trial/);
    assert.is(await jobsInQueue(redis), 3);
    // --force retrains: the queue's old results are replaced, not read back.
    const before = hashes(results);
    const forced = await run([file, '--queue', redis.url, '--results', results, '--force']);
    assert.is(forced.code, 0, forced.stdout);
    assert.is(starts(worker.out()).length, 6);
    assert.is(await jobsInQueue(redis), 3);
    assert.equal(hashes(results), before);
  } finally {
    await cleanUp(redis);
  }
});

async function waitForAsync(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const GOOD_JOB = {
  id: '0123456789ab',
  data: { limit: 600, testSize: 0.2, splitSeed: 42 },
  lr: 0.1,
  hidden: 7,
  seed: 3,
  trials: [{ runId: '0123456789ab', epochs: 2 }],
};

test('malformed and foreign jobs fail with a reason; the worker goes on serving', async () => {
  const redis = await startRedis();
  try {
    const worker = await startWorker(redis);
    const bad: [string, unknown, RegExp][] = [
      ['run-garbage', 'not an object', /malformed job: the payload must be object/],
      ['run-code', { job: { ...GOOD_JOB, lr: 'process.exit(1)' }, trainerVersion: 1, dataSha256: 'a'.repeat(64) }, /malformed job: job\.lr must be number/],
      ['run-huge', { job: { ...GOOD_JOB, hidden: 1e9 }, trainerVersion: 1, dataSha256: 'a'.repeat(64) }, /malformed job: job\.hidden must be <= 65536/],
      ['run-nul', { job: { ...GOOD_JOB, data: { ...GOOD_JOB.data, path: '/tmp/\u0000x' } }, trainerVersion: 1, dataSha256: 'a'.repeat(64) }, /job\.data\.path must match/],
      ['run-extra', { job: GOOD_JOB, trainerVersion: 1, dataSha256: 'a'.repeat(64), __proto__x: 1 }, /must NOT have additional properties "__proto__x"/],
      ['run-0123456789ab', { job: GOOD_JOB, trainerVersion: 99, dataSha256: 'a'.repeat(64) }, /runs trainer version 1, the sweep trainer version 99/],
      ['run-0123456789ab', { job: GOOD_JOB, trainerVersion: 1, dataSha256: 'a'.repeat(64) }, /has other data at .* every machine needs the same data\.path contents/],
    ];
    await withQueue(redis, async (q) => {
      for (const [id, data, reason] of bad) {
        await q.add('train', data, { jobId: id });
        await waitForAsync(async () => (await q.getJobState(id)) === 'failed', 10000, `job ${id} to fail`);
        const job = await q.getJob(id);
        assert.match(job!.failedReason, reason);
        await job!.remove();
      }
    });
    assert.is(worker.child.exitCode, null);
    const results = tempDir();
    const r = await run([experimentFile(GRID), '--queue', redis.url, '--results', results]);
    assert.is(r.code, 0, r.stdout);
    assert.match(worker.out(), /refused: malformed job/);
  } finally {
    await cleanUp(redis);
  }
});

test('a child process that fails inside a worker fails its trials with the reason, as locally', async () => {
  const redis = await startRedis();
  try {
    const worker = launch(['worker', '--queue', redis.url, '--concurrency', '1'], { SWEEP_TEST_FAULT: 'exit:0.2' });
    await waitFor(() => worker.out().includes('serving queue'), 20000, 'the worker');
    const results = tempDir();
    const r = await run([experimentFile(GRID), '--queue', redis.url, '--results', results]);
    assert.is(r.code, 1);
    for (const row of readCsv(join(results, 'tiny', 'runs.csv'))) {
      if (row.lr === '0.2') assert.match(row.error, /exited with code 3 \(on worker /);
      else assert.is(row.status, 'ok');
    }
  } finally {
    await cleanUp(redis);
  }
});

test('an unreachable queue gives exit 2 and one line naming the URL, within seconds', async () => {
  const port = await freePort();
  const file = experimentFile(GRID);
  for (const args of [['run', file, '--queue', `redis://127.0.0.1:${port}`, '--results', tempDir()], ['worker', '--queue', `redis://127.0.0.1:${port}`]]) {
    const before = Date.now();
    const r = sweep(args);
    assert.is(r.code, 2, r.stderr);
    assert.is(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`cannot use the queue at redis://127\\.0\\.0\\.1:${port}: connection refused`));
    assert.ok(Date.now() - before < 10000);
  }
});

test('a wrong password gives exit 2 and one line with the password masked', async () => {
  const redis = await startRedis({ password: 'right-one' });
  try {
    const url = `redis://:wrong-one@127.0.0.1:${redis.port}`;
    for (const args of [['run', experimentFile(GRID), '--queue', url, '--results', tempDir()], ['worker', '--queue', url]]) {
      const r = sweep(args);
      assert.is(r.code, 2, r.stderr);
      assert.is(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, /redis:\/\/:\*\*\*@127\.0\.0\.1:\d+: authentication failed/);
      assert.not.match(r.stderr, /wrong-one/);
    }
    const none = sweep(['worker', '--queue', `redis://127.0.0.1:${redis.port}`]);
    assert.is(none.code, 2);
    assert.match(none.stderr, /authentication failed/);
  } finally {
    await cleanUp(redis);
  }
});

test('a worker signalled twice hands its running job back and exits 0; another worker finishes it', async () => {
  const redis = await startRedis();
  try {
    const first = await startWorker(redis);
    const results = tempDir();
    const file = experimentFile('name: tiny\ndata: {limit: 600}\nruns: [{lr: 0.05, epochs: 1500, hidden: 7, seed: 3}]\n');
    const coordinator = launch(['run', file, '--queue', redis.url, '--results', results]);
    await waitFor(() => /job run-[0-9a-f]{12}: start/.test(first.out()), 30000, 'the job to start');
    first.child.kill('SIGTERM');
    await waitFor(() => first.out().includes('taking no more jobs'), 10000, 'the first signal to be seen');
    first.child.kill('SIGTERM');
    const { code } = await exited(first.child);
    assert.is(code, 0, first.out());
    assert.match(first.out(), /handed back/);
    const second = await startWorker(redis);
    assert.is((await exited(coordinator.child)).code, 0, coordinator.out());
    assert.match(second.out(), /job run-[0-9a-f]{12}: done/);
    assert.is(readCsv(join(results, 'tiny', 'runs.csv'))[0].status, 'ok');
  } finally {
    await cleanUp(redis);
  }
});

test('a worker stops cleanly on SIGTERM', async () => {
  const redis = await startRedis();
  try {
    const worker = await startWorker(redis);
    worker.child.kill('SIGTERM');
    const { code } = await exited(worker.child);
    assert.is(code, 0, worker.out());
    assert.match(worker.out(), /stopped/);
  } finally {
    await cleanUp(redis);
  }
});

test.run();
