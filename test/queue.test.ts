// Sweeps on a queue end to end: a throwaway redis-server, `sweep run --queue` as the coordinator and `sweep worker`
// processes, all through the compiled CLI. Same weights as a local run, workers killed mid-trial, coordinators killed
// and run again, hostile jobs, unreachable or password-protected Redis.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { QUEUE_NAME } from '../src/launch/queue/connection.js';
import { CLI, experimentFile, exited, readCsv, sweep, sweepAsync, tempDir, waitFor, type CliResult } from './helpers/cli.js';
import { ROOT } from './helpers/fixtures.js';
import { tinyDataset } from './helpers/idx-files.js';
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
  return track(sweepAsync(args, env));
}

function track(child: ChildProcess): Proc {
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

async function run(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const p = launch(['run', ...args], env);
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

// One long job (6000 epochs: ~8 s even with the WebAssembly kernels), so a worker is surely killed while it trains,
// and two short ones.
const LONG = `${GRID.replace('[0.1, 0.2, 0.3]', '[0.1, 0.2]')}runs: [{lr: 0.05, epochs: 6000, hidden: 7, seed: 3}]
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
    const file = experimentFile('name: tiny\ndata: {limit: 600}\nruns: [{lr: 0.05, epochs: 6000, hidden: 7, seed: 3}]\n');
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
    ];
    await withQueue(redis, async (q) => {
      for (const [id, data, reason] of bad) {
        await q.add('train', data, { jobId: id });
        await waitForAsync(async () => (await q.getJobState(id)) === 'failed', 10000, `job ${id} to fail`);
        const job = await q.getJob(id);
        assert.match(job!.failedReason, reason);
        await job!.remove();
      }
      // Another trainer version is the worker's limit, not the job's fault: handed back untouched, said once.
      await q.add('train', { job: GOOD_JOB, trainerVersion: 99, dataSha256: 'a'.repeat(64) }, { jobId: 'run-0123456789ab' });
      await waitFor(() => worker.out().includes('CANNOT SERVE'), 10000, `the worker to refuse: ${worker.out()}`);
      assert.match(worker.out(), /this worker runs trainer version 1; jobs of trainer version 99 need the same mlp-sweep version/);
      await waitForAsync(async () => (await q.getJobState('run-0123456789ab')) === 'waiting', 10000, 'the job back in the wait list');
      assert.is((await q.getJob('run-0123456789ab'))!.attemptsMade, 0);
      await q.remove('run-0123456789ab');
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
    const file = experimentFile('name: tiny\ndata: {limit: 600}\nruns: [{lr: 0.05, epochs: 6000, hidden: 7, seed: 3}]\n');
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

/** The worker's exit, which must come within `ms`: a worker that cannot be stopped fails the test, not hangs it. */
async function exitWithin(worker: Proc, ms: number, what: string): Promise<number | null> {
  await waitFor(() => worker.child.exitCode !== null || worker.child.signalCode !== null, ms, `${what}: ${worker.out()}`);
  return worker.child.exitCode;
}

test('a worker whose queue went away stops on SIGTERM within seconds, saying so (BullMQ alone would wait for ever)', async () => {
  const redis = await startRedis();
  try {
    const worker = await startWorker(redis);
    redis.stop();
    await waitFor(() => worker.out().includes('not answering'), 10000, 'the worker to see the queue gone');
    worker.child.kill('SIGTERM');
    assert.is(await exitWithin(worker, 10000, 'the worker to exit'), 0);
    assert.match(worker.out(), /the queue does not answer: stopping without waiting for it\n.*stopped/);
  } finally {
    await cleanUp(redis);
  }
});

test('a coordinator whose queue went away stops on Ctrl-C within seconds with exit 130 and the resume command', async () => {
  const redis = await startRedis();
  try {
    const file = experimentFile('name: tiny\ndata: {limit: 600}\nruns: [{lr: 0.05, epochs: 6000, hidden: 7, seed: 3}]\n');
    const coordinator = launch(['run', file, '--queue', redis.url, '--results', tempDir()]);
    await waitFor(() => coordinator.out().includes('plan:'), 30000, 'the sweep to start');
    redis.stop();
    await waitFor(() => coordinator.out().includes('not answering'), 10000, 'the coordinator to see the queue gone');
    coordinator.child.kill('SIGINT');
    assert.is(await exitWithin(coordinator, 10000, 'the coordinator to exit'), 130);
    assert.match(coordinator.out(), /Interrupted \(Ctrl-C, SIGINT\)\. 0 of 1 trial\(s\) saved\. To resume, run:\n  sweep run .* --queue redis:/);
  } finally {
    await cleanUp(redis);
  }
});

test('a worker training a job when its queue went away stops on a second SIGTERM within seconds', async () => {
  const redis = await startRedis();
  try {
    const worker = await startWorker(redis);
    const file = experimentFile('name: tiny\ndata: {limit: 600}\nruns: [{lr: 0.05, epochs: 6000, hidden: 7, seed: 3}]\n');
    launch(['run', file, '--queue', redis.url, '--results', tempDir()]);
    await waitFor(() => /job run-[0-9a-f]{12}: start/.test(worker.out()), 30000, 'the job to start');
    redis.stop();
    await waitFor(() => worker.out().includes('not answering'), 10000, 'the worker to see the queue gone');
    worker.child.kill('SIGTERM');
    await waitFor(() => worker.out().includes('taking no more jobs'), 10000, 'the first signal to be seen');
    worker.child.kill('SIGTERM');
    assert.is(await exitWithin(worker, 15000, 'the worker to exit'), 0);
    assert.match(worker.out(), /the queue does not answer: stopping; the queue gives the 1 job\(s\) this worker held to another worker once it is back/);
  } finally {
    await cleanUp(redis);
  }
});

// --- A worker that cannot serve the sweep's jobs -------------------------------------------------------------------

/**
 * A dataset folder, and a copy of it with one byte changed that a worker started by `badWorker` sees at the same
 * path: a private mount namespace (unshare -m, as root, as CI runs) bind-mounts the copy over the folder for that
 * worker only, so both workers read the same data.path and get different bytes.
 */
function twoDatasets(): { good: string; bad: string } {
  const good = tinyDataset(60, 10);
  const bad = tempDir('mlp-sweep-baddata-');
  cpSync(good, bad, { recursive: true });
  const labels = join(bad, 't10k-labels-idx1-ubyte');
  const bytes = readFileSync(labels);
  bytes[bytes.length - 1] = (bytes[bytes.length - 1] + 1) % 10;
  writeFileSync(labels, bytes);
  return { good, bad };
}

async function badWorker(redis: RedisServer, data: { good: string; bad: string }): Promise<Proc> {
  const script = 'mount --bind "$1" "$2" && exec "$3" "$4" worker --queue "$5" --concurrency 1';
  const child = spawn('unshare', ['-m', 'sh', '-c', script, 'sh', data.bad, data.good, process.execPath, CLI, redis.url], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const worker = track(child);
  await waitFor(() => worker.out().includes('serving queue') || child.exitCode !== null, 20000, `the bad worker to start: ${worker.out()}`);
  assert.ok(worker.out().includes('serving queue'), `unshare -m (needs root) failed: ${worker.out()}`);
  return worker;
}

const SIX_JOBS = (path: string) => `name: tiny
data: {path: ${path}}
grid: {lr: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6], epochs: [2, 4], hidden: 7, seed: 3}
`;

test('a worker with other data at the same data.path hands its jobs back; the good worker trains them all', async () => {
  const redis = await startRedis();
  try {
    const data = twoDatasets();
    const file = experimentFile(SIX_JOBS(data.good));
    const local = tempDir();
    assert.is(sweep(['run', file, '--results', local, '--workers', '1']).code, 0);
    const bad = await badWorker(redis, data);
    const results = tempDir();
    // Only the bad worker at first: it takes jobs, hands them back, and the coordinator names it.
    const coordinator = launch(['run', file, '--queue', redis.url, '--results', results]);
    const named = `1 worker refused: ${hostname()}:${bad.child.pid} (other data at ${data.good})`;
    await waitFor(() => coordinator.out().includes(named), 30000, `the refusal to be named: ${coordinator.out()}`);
    const good = await startWorker(redis);
    const { code } = await exited(coordinator.child);
    assert.is(code, 0, coordinator.out());
    assert.is(coordinator.out().split(named).length - 1, 1, coordinator.out());
    const rows = readCsv(join(results, 'tiny', 'runs.csv'));
    assert.is(rows.length, 12);
    assert.ok(rows.every((row) => row.status === 'ok'), JSON.stringify(rows));
    assert.equal(hashes(results), hashes(local));
    assert.is(starts(good.out()).length, 6, good.out());
    assert.is(starts(bad.out()).length, 0, bad.out());
    assert.not.match(coordinator.out(), new RegExp(`worker ${hostname()}:${bad.child.pid}: start`));
    // said once, loudly, on the bad worker's own output
    assert.is(bad.out().split(`this worker's data at ${data.good} differs: sha256 `).length - 1, 1, bad.out());
  } finally {
    await cleanUp(redis);
  }
});

test('trials no connected worker can serve fail after the grace period, naming every refusing worker', async () => {
  const redis = await startRedis();
  try {
    const data = twoDatasets();
    const bad = await badWorker(redis, data);
    const results = tempDir();
    const r = await run([experimentFile(SIX_JOBS(data.good).replace('[0.1, 0.2, 0.3, 0.4, 0.5, 0.6]', '[0.1, 0.2]')), '--queue', redis.url, '--results', results], {
      SWEEP_MISMATCH_GRACE_SECONDS: '2',
    });
    assert.is(r.code, 1, r.stdout);
    const rows = readCsv(join(results, 'tiny', 'runs.csv'));
    assert.is(rows.length, 4);
    for (const row of rows) {
      assert.is(row.status, 'failed');
      assert.match(row.error, `no connected worker can serve it after 2 s: 1 worker refused: ${hostname()}:${bad.child.pid} (other data at ${data.good})`);
    }
    assert.is(await jobsInQueue(redis), 0);
  } finally {
    await cleanUp(redis);
  }
});

test('a job removed from the queue by someone else is said to be removed, enqueued again and trained', async () => {
  const redis = await startRedis();
  try {
    const results = tempDir();
    const file = experimentFile(GRID.replace('[0.1, 0.2, 0.3]', '0.1'));
    const coordinator = launch(['run', file, '--queue', redis.url, '--results', results]);
    await withQueue(redis, async (q) => {
      await waitForAsync(async () => (await q.getJobCounts('waiting')).waiting === 1, 20000, 'the job to wait');
      await q.drain(); // as another sweep's Ctrl-C does to the waiting jobs it shares
    });
    await waitFor(() => /no longer in the queue \(removed from the queue by another process/.test(coordinator.out()), 15000, coordinator.out());
    assert.not.match(coordinator.out(), /Redis restarted/);
    await startWorker(redis);
    assert.is((await exited(coordinator.child)).code, 0, coordinator.out());
  } finally {
    await cleanUp(redis);
  }
});

// --- Servers that do not answer -----------------------------------------------------------------------------------

/** A TCP listener on a free port that accepts connections and then says nothing, or answers `reply` to anything. */
async function listener(reply?: string): Promise<{ port: number; server: Server }> {
  const server = createServer((socket) => {
    socket.on('error', () => {});
    if (reply !== undefined) socket.on('data', () => socket.write(reply));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { port: (server.address() as { port: number }).port, server };
}

test('a server that never answers, an unknown database, a server that is not Redis: exit 2 in seconds, one line', async () => {
  const redis = await startRedis();
  const silent = await listener();
  const http = await listener('HTTP/1.1 400 Bad Request\r\n\r\n');
  try {
    const cases: [string, RegExp][] = [
      [`redis://127.0.0.1:${silent.port}`, /no answer within 1\.5 s/],
      [`${redis.url}/99`, /the server has no database 99 \(ERR DB index is out of range\)/],
      [`redis://127.0.0.1:${http.port}`, /does not speak Redis's protocol/],
    ];
    const file = experimentFile(GRID);
    const seconds: string[] = [];
    for (const [url, cause] of cases) {
      for (const args of [['run', file, '--queue', url, '--results', tempDir()], ['worker', '--queue', url]]) {
        const before = Date.now();
        const p = launch(args);
        const kill = setTimeout(() => p.child.kill('SIGKILL'), 20000); // a hung command fails the test, not the suite
        const { code } = await exited(p.child);
        clearTimeout(kill);
        const took = (Date.now() - before) / 1000;
        seconds.push(took.toFixed(1));
        assert.is(code, 2, p.out());
        assert.is(p.out().trim().split('\n').length, 1, p.out());
        assert.match(p.out(), `sweep: cannot use the queue at ${url}: `);
        assert.match(p.out(), cause);
        assert.ok(took < 8, `${args[0]} ${url} took ${took} s`); // < 5 s on a quiet machine; margin for a busy CI
      }
    }
    process.stdout.write(`  (exit 2 after ${seconds.join(', ')} s)\n`);
  } finally {
    silent.server.close();
    http.server.close();
    await cleanUp(redis);
  }
});

// --- Redis blips ---------------------------------------------------------------------------------------------------

/** Timestamped `job <id>: start` and `: done` lines of a worker's log. */
function jobLines(log: string, what: 'start' | 'done'): { id: string; at: number }[] {
  return [...log.matchAll(new RegExp(`^(\\S+) job (run-[0-9a-f]{12}): ${what}`, 'gm'))].map((m) => ({ id: m[2], at: Date.parse(m[1]) }));
}

test('Redis restarted without its data mid-sweep: no job computed before it is back is trained again; every trial ok', async () => {
  const redis = await startRedis();
  try {
    const file = experimentFile(`name: tiny
data: {limit: 600}
grid: {lr: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8], epochs: [200, 400], hidden: 7, seed: 3}
`);
    const local = tempDir();
    assert.is(sweep(['run', file, '--results', local, '--workers', '2']).code, 0);
    const a = await startWorker(redis);
    const b = await startWorker(redis);
    const results = tempDir();
    const coordinator = launch(['run', file, '--queue', redis.url, '--results', results]);
    const doneCount = () => jobLines(a.out(), 'done').length + jobLines(b.out(), 'done').length;
    await waitFor(() => doneCount() >= 2, 60000, 'two jobs to finish');
    await redis.restart(3000);
    const backAt = Date.now();
    const { code } = await exited(coordinator.child);
    assert.is(code, 0, coordinator.out());
    assert.match(coordinator.out(), /not answering; retrying/);
    assert.match(coordinator.out(), /answering again after \d+\.\d s/);
    const rows = readCsv(join(results, 'tiny', 'runs.csv'));
    assert.is(rows.length, 16);
    assert.ok(rows.every((row) => row.status === 'ok'), JSON.stringify(rows));
    assert.equal(hashes(results), hashes(local));
    const logs = a.out() + b.out();
    // computed before Redis was back: finished before the restart, or while it was down (delivered once it is back)
    const doneBefore = [...jobLines(a.out(), 'done'), ...jobLines(b.out(), 'done')].filter((l) => l.at < backAt).map((l) => l.id);
    assert.ok(doneBefore.length >= 2);
    for (const id of doneBefore) assert.is(jobLines(logs, 'start').filter((l) => l.id === id).length, 1, `${id} trained again:\n${logs}`);
    const trainings = jobLines(logs, 'start').length;
    process.stdout.write(`  (${doneBefore.length} job(s) computed before Redis was back, none trained again; ${trainings} trainings for 8 jobs)\n`);
  } finally {
    await cleanUp(redis);
  }
});

test('jobs completed just before Redis lost its data, unseen by the coordinator, are not trained again', async () => {
  const redis = await startRedis();
  try {
    const file = experimentFile('name: tiny\ndata: {limit: 600}\ngrid: {lr: [0.1, 0.2, 0.3], epochs: 50, hidden: 7, seed: 3}\n');
    const worker = await startWorker(redis);
    const results = tempDir();
    const coordinator = launch(['run', file, '--queue', redis.url, '--results', results]);
    await waitFor(() => jobLines(worker.out(), 'start').length >= 1, 30000, 'the first job to start');
    // The coordinator, stopped, reads none of the completions; Redis then restarts empty, and they are gone with it.
    coordinator.child.kill('SIGSTOP');
    await waitFor(() => jobLines(worker.out(), 'done').length === 3, 30000, 'the three jobs to be done');
    await new Promise((resolve) => setTimeout(resolve, 500)); // their completions land in Redis
    await redis.restart(3000);
    await waitFor(() => worker.out().includes('answering again'), 15000, 'the worker to see the queue back');
    coordinator.child.kill('SIGCONT');
    const { code } = await exited(coordinator.child);
    assert.is(code, 0, coordinator.out());
    assert.is(jobLines(worker.out(), 'start').length, 3, worker.out());
    assert.match(worker.out(), /sending again the results of 3 job\(s\) completed just before it stopped answering/);
    const rows = readCsv(join(results, 'tiny', 'runs.csv'));
    assert.is(rows.length, 3);
    assert.ok(rows.every((row) => row.status === 'ok'), JSON.stringify(rows));
  } finally {
    await cleanUp(redis);
  }
});

test.run();
