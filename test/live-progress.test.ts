// The terminal view of a running sweep (LiveProgress in src/sweep/progress.ts), read from what it writes to stdout:
// the frame log-update redraws (counts, ETA, one line per worker, sorted by slot) and the plain lines printed above
// it. The terminal tests (terminal.test.ts) show it in a real pseudo-terminal; this checks its text, frame by frame.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { TrainJob } from '../src/sweep/jobs.js';
import { LiveProgress, LogProgress } from '../src/sweep/progress.js';
import { record } from './helpers/records.js';

const job = (id: string, lr: number, epochs: number[]): TrainJob => ({
  id, lr, hidden: 4, seed: 1, data: { testSize: 0.2, splitSeed: 42 }, trials: epochs.map((e, i) => ({ runId: `${id}${i}`, epochs: e })),
});

/** Runs `body` with stdout captured; returns what was written, escape sequences removed, split at the erasures. */
async function captured(body: (p: LiveProgress) => Promise<void> | void, now?: () => number): Promise<string> {
  let text = '';
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    return true;
  }) as typeof process.stdout.write;
  try {
    await body(new LiveProgress(now));
  } finally {
    process.stdout.write = write;
  }
  // log-update erases the last frame's lines (ESC[2K, ESC[1A) before it writes the next: mark each erasure with |
  return text.replace(/(\x1b\[2K\x1b\[1A)+\x1b\[2K\x1b\[G|\x1b\[2K\x1b\[G/g, '|').replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
}

test('the frame shows the counts and each worker by slot; a plain line is printed above it and the frame redrawn', async () => {
  const out = await captured((p) => {
    p.begin(3, 10);
    p.jobStarted(1, job('b', 0.2, [3]), 'host-b:77');
    p.jobStarted(0, job('a', 0.1, [2, 5]));
    p.epoch(0, job('a', 0.1, [2, 5]), 2, 0.123456);
    p.message('a line');
    p.end();
  });
  const chunks = out.split('|').filter((f) => f !== '');
  assert.is(chunks.length, 3);
  assert.is(chunks[0], 'trials 0/3  epochs 0/10  ETA ?\n  worker host-b:77: lr=0.2 hidden=4 seed=1  starting\n');
  assert.is(chunks[1], 'trials 0/3  epochs 0/10  ETA ?\n  worker 1: lr=0.1 hidden=4 seed=1  starting\n  worker host-b:77: lr=0.2 hidden=4 seed=1  starting\n');
  // the epoch is drawn at the next draw, with the job's last epoch count; the ETA comes from the clock
  assert.match(chunks[2], /^a line\ntrials 0\/3  epochs 1\/10  ETA \d+s\n  worker 1: lr=0\.1 hidden=4 seed=1  epoch 2\/5  loss 0\.1235\n  worker host-b:77: lr=0\.2 hidden=4 seed=1  starting\n$/);
});

test('finished trials are printed as lines and counted in the frame; after end() nothing is drawn again', async () => {
  const out = await captured((p) => {
    p.begin(2, 4);
    p.trialFinished(record({ runId: 'r1', testAccuracy: 0.5, finalLoss: 2.2 }));
    p.end();
    p.message('after the end');
    p.end();
  });
  assert.equal(out.split('|').filter((f) => f !== ''), [
    '[1/2] r1 lr=0.03 epochs=40 hidden=128 seed=42  ok   test accuracy 50.00%  loss 2.2000\ntrials 1/2  epochs 0/4  ETA ?\n',
    'after the end\n',
  ]);
});

test('between events the view redraws itself on a timer (log-update skips a frame that did not change), until it ends', async () => {
  const a = job('a', 0.1, [2]);
  const out = await captured(async (p) => {
    p.begin(1, 2);
    p.epoch(0, a, 1, 0.5);
    await new Promise((r) => setTimeout(r, 400));
    p.epoch(0, a, 2, 0.25);
    await new Promise((r) => setTimeout(r, 400));
    p.end();
    p.epoch(0, a, 2, 0.25);
    await new Promise((r) => setTimeout(r, 400));
  });
  const chunks = out.split('|').filter((f) => f !== '');
  assert.is(chunks.length, 2, chunks.join('|'));
  assert.match(chunks[0], /^trials 0\/1  epochs 1\/2  ETA \d+s\n  worker 1: lr=0\.1 hidden=4 seed=1  epoch 1\/2  loss 0\.5000\n$/);
  assert.match(chunks[1], /^trials 0\/1  epochs 2\/2  ETA 0s\n  worker 1: lr=0\.1 hidden=4 seed=1  epoch 2\/2  loss 0\.2500\n$/);
});

test('a process that exits without end() gets its cursor back: begin() leaves an exit hook that end() removes', async () => {
  const before = process.listenerCount('exit');
  await captured((p) => {
    p.begin(1, 1);
    assert.is(process.listenerCount('exit'), before + 1);
    p.end();
    assert.is(process.listenerCount('exit'), before);
  });
});

test('the plain log (no terminal) writes each line to stdout by default, ended by a newline', async () => {
  let text = '';
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string) => {
    text += chunk;
    return true;
  }) as typeof process.stdout.write;
  try {
    const p = new LogProgress();
    p.message('one');
    p.jobStarted(2, job('a', 0.1, [2, 5]));
  } finally {
    process.stdout.write = write;
  }
  assert.is(text, 'one\nworker 3: start lr=0.1 epochs=2/5 hidden=4 seed=1\n');
});

test('the ETA is the time per epoch so far times the epochs left, on the view\'s clock', async () => {
  let clock = 1000;
  const a = job('a', 0.1, [10]);
  const out = await captured((p) => {
    p.begin(1, 10);
    p.epoch(0, a, 1, 0.5);
    p.epoch(0, a, 2, 0.4);
    clock = 5000; // 4 s for 2 epochs: 2 s an epoch, 8 epochs left
    p.message('x');
    clock = 5000 + 2 * 3600e3; // 2 h 4 s for the same 2 epochs: 3602 s an epoch × 8 = 8 h 0 min 16 s left
    p.message('y');
    p.end();
  }, () => clock);
  const chunks = out.split('|').filter((f) => f !== '');
  assert.is(chunks[0], 'x\ntrials 0/1  epochs 2/10  ETA 16s\n  worker 1: lr=0.1 hidden=4 seed=1  epoch 2/10  loss 0.4000\n');
  assert.is(chunks[1].split('\n')[1], 'trials 0/1  epochs 2/10  ETA 8h00m');
});

test('a process that exits without end() still ends the view: the exit hook ends it', async () => {
  const out = await captured((p) => {
    const before = process.listeners('exit');
    p.begin(1, 1);
    const hook = process.listeners('exit').find((l) => !before.includes(l))!;
    (hook as () => void)();
    p.message('plain after the exit hook');
  });
  assert.ok(out.endsWith('plain after the exit hook\n'), JSON.stringify(out));
  assert.not.match(out, /trials 0\/1/);
});

test.run();
