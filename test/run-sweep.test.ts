// The sweep's loop (src/sweep/run.ts) with a launcher written here: what it hands out, what it saves when trials end,
// fail, or a stop comes in, and what it tells the progress view. No training: the fake launcher reports checkpoints
// made up in the test, so every expected value below is written from them, not from the code under test.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Experiment, Trial } from '../src/config/types.js';
import type { JobEvents, Launcher } from '../src/launch/launcher.js';
import { JobFailure } from '../src/launch/launcher.js';
import type { TrainJob } from '../src/sweep/jobs.js';
import type { SweepProgress } from '../src/sweep/progress.js';
import { runSweep, type SweepOptions } from '../src/sweep/run.js';
import { SweepStop } from '../src/sweep/stop.js';
import { ResultsStore } from '../src/store/store.js';
import type { TrialRecord } from '../src/store/record.js';
import type { Checkpoint } from '../src/train/train.js';
import { UserError } from '../src/errors.js';
import { tinyDataset } from './helpers/idx-files.js';
import { tempDir } from './helpers/cli.js';

const DATA = { path: tinyDataset(), testSize: 0.2, splitSeed: 42 };
const trial = (runId: string, lr: number, epochs: number): Trial => ({ runId, lr, epochs, hidden: 4, seed: 1 });
// two runs: lr 0.1 for 2 and 5 epochs (one job, a5), lr 0.2 for 3 epochs (job b3)
const TRIALS = [trial('a2', 0.1, 2), trial('a5', 0.1, 5), trial('b3', 0.2, 3)];

function experiment(trials = TRIALS): Experiment {
  return { file: 'fake.yaml', source: 'name: fake\n# the file\n', name: 'fake', data: DATA, trials, expectations: [] };
}

/** The checkpoint the fake launcher reports for a trial: values that differ per trial, all made up here. */
function checkpoint(runId: string, epochs: number, status: 'ok' | 'diverged' = 'ok'): Checkpoint {
  return {
    epochs, status, finalLoss: status === 'ok' ? 1 / epochs : NaN, testCorrect: epochs, testTotal: 2, testAccuracy: epochs / 10,
    weightsSha256: `sha-${runId}`, trainSeconds: 0.25 * epochs + 0.0004, kernels: 'ts',
  };
}

type Script = (job: TrainJob, events: JobEvents, launcher: FakeLauncher) => Promise<void>;

/** Every trial of the job finishes, shortest first, one output line before each. */
const finishAll: Script = async (job, events) => {
  events.started(job.id === 'a5' ? 0 : 1, job.id === 'b3' ? 'host-b:77' : undefined);
  for (const t of job.trials) {
    events.epoch(t.epochs, 1 / t.epochs);
    events.output(`out ${t.runId}\n`);
    events.trial(t.runId, checkpoint(t.runId, t.epochs), Array.from({ length: t.epochs }, (_, i) => 2 - i / 10));
  }
};

class FakeLauncher implements Launcher {
  readonly ran: string[] = [];
  aborts = 0;
  closes = 0;
  constructor(private readonly script: Script = finishAll) {}
  run(job: TrainJob, events: JobEvents): Promise<void> {
    this.ran.push(`${job.id}:${job.trials.map((t) => t.epochs).join('/')}${job.weightsDir ? ' weights' : ''}`);
    return this.script(job, events, this);
  }
  async abort(): Promise<void> {
    this.aborts++;
  }
  async close(): Promise<void> {
    this.closes++;
  }
}

/** A progress view that writes down every call. */
class Recorder implements SweepProgress {
  readonly calls: string[] = [];
  readonly messages: string[] = [];
  begin(trials: number, epochs: number) {
    this.calls.push(`begin ${trials} ${epochs}`);
  }
  jobStarted(slot: number, job: TrainJob, worker?: string) {
    this.calls.push(`started ${slot} ${job.id} ${worker ?? '-'}`);
  }
  epoch(slot: number, job: TrainJob, epoch: number, loss: number) {
    this.calls.push(`epoch ${slot} ${job.id} ${epoch} ${loss}`);
  }
  trialFinished(r: TrialRecord, logFile?: string) {
    this.calls.push(`finished ${r.runId} ${r.status}${logFile ? ` log ${logFile}` : ''}`);
  }
  message(line: string) {
    this.messages.push(line);
  }
  end() {
    this.calls.push('end');
  }
}

function options(root: string, launcher: Launcher, progress: SweepProgress, over: Partial<SweepOptions> = {}): SweepOptions {
  return { resultsRoot: root, force: false, launcher, progress, stop: new SweepStop(), trainSamples: 8, workers: 2, ...over };
}

/** Makes a folder unwritable even for root: its contents go and a file stands where it was. */
function blockFolder(dir: string): void {
  rmSync(dir, { recursive: true });
  writeFileSync(dir, '');
}
/** An empty folder again where blockFolder put the file. */
function unblockFolder(dir: string): void {
  rmSync(dir);
  mkdirSync(dir);
}

const recordsIn = (root: string) => ResultsStore.forExperiment(root, 'fake').readRecords();
const csvLines = (root: string, file: string) => readFileSync(join(root, 'fake', file), 'utf8').trim().split('\n');

test('a sweep hands out one job per run, saves each trial as it reports it and writes the tables', async () => {
  const root = tempDir();
  const launcher = new FakeLauncher();
  const progress = new Recorder();
  const exitListeners = process.listenerCount('exit');
  const out = await runSweep(experiment(), options(root, launcher, progress));

  assert.equal(launcher.ran, ['a5:2/5', 'b3:3']);
  assert.is(launcher.closes, 1);
  assert.is(launcher.aborts, 0);
  assert.is(out.trained, 3);
  assert.is(out.skipped, 0);
  assert.equal(progress.calls, [
    'begin 3 8',
    'started 0 a5 -', 'epoch 0 a5 2 0.5', 'finished a2 ok', 'epoch 0 a5 5 0.2', 'finished a5 ok',
    'started 1 b3 host-b:77', `epoch 1 b3 3 ${1 / 3}`, 'finished b3 ok',
    'end',
  ]);
  assert.is(progress.messages.length, 1);
  assert.match(progress.messages[0], /^plan: 3 trial\(s\): 0 done, 3 to run, 0 failed \(retried\); 0 stale record\(s\); 8 epoch\(s\) to train in 2 run\(s\) \(epoch sharing saves 2\); about \d+s on 2 worker\(s\)$/);

  const saved = recordsIn(root);
  assert.equal([...saved.keys()].sort(), ['a2', 'a5', 'b3']);
  const a5 = saved.get('a5')!;
  assert.equal([a5.experiment, a5.status, a5.lr, a5.epochs, a5.hidden, a5.seed], ['fake', 'ok', 0.1, 5, 4, 1]);
  assert.equal([a5.finalLoss, a5.testAccuracy, a5.testCorrect, a5.testTotal, a5.weightsSha256, a5.trainSeconds], [0.2, 0.5, 5, 2, 'sha-a5', 1.25]);
  assert.equal(a5.losses, [2, 1.9, 1.8, 1.7, 1.6]);
  assert.equal(out.records.get('b3')?.weightsSha256, 'sha-b3');
  assert.is(readFileSync(join(root, 'fake', 'experiment.yaml'), 'utf8'), 'name: fake\n# the file\n');
  // runs.csv in the experiment's order, whatever order the trials finished in
  assert.equal(csvLines(root, 'runs.csv').slice(1).map((l) => l.split(',')[0]), ['a2', 'a5', 'b3']);
  // a job's output goes to the log of each of its trials still training: a2 ended before "out a5" was written
  assert.is(readFileSync(join(root, 'fake', 'logs', 'a2.log'), 'utf8'), 'out a2\n');
  assert.is(readFileSync(join(root, 'fake', 'logs', 'a5.log'), 'utf8'), 'out a2\nout a5\n');
  assert.is(readFileSync(join(root, 'fake', 'logs', 'b3.log'), 'utf8'), 'out b3\n');
  // the folder's lock is released and the exit hook removed
  assert.not.ok(existsSync(join(root, 'fake', '.lock')));
  assert.is(process.listenerCount('exit'), exitListeners);
});

test('a second run skips what is recorded and trains nothing; --force trains it all again', async () => {
  const root = tempDir();
  await runSweep(experiment(), options(root, new FakeLauncher(), new Recorder()));
  const again = new FakeLauncher();
  const progress = new Recorder();
  const out = await runSweep(experiment(), options(root, again, progress));
  assert.equal(again.ran, []);
  assert.equal([out.trained, out.skipped], [0, 3]);
  assert.equal(progress.messages, [
    `Skipping 3 finished trial(s) recorded in ${join(root, 'fake', 'trials')} (--force reruns them)`,
    'plan: 3 trial(s): 3 done, 0 to run, 0 failed (retried); 0 stale record(s); 0 epoch(s) to train in 0 run(s)',
  ]);
  assert.equal(progress.calls, ['begin 0 0', 'end']);
  assert.is(csvLines(root, 'runs.csv').length, 4);

  const forced = new FakeLauncher();
  const out2 = await runSweep(experiment(), options(root, forced, new Recorder(), { force: true }));
  assert.equal(forced.ran, ['a5:2/5', 'b3:3']);
  assert.equal([out2.trained, out2.skipped], [3, 0]);
});

test('a sweep with more trials than recorded trains only the new ones, and a measured rate needs no calibration', async () => {
  const root = tempDir();
  await runSweep(experiment([TRIALS[0]]), options(root, new FakeLauncher(), new Recorder()));
  const launcher = new FakeLauncher();
  const progress = new Recorder();
  await runSweep(experiment(), options(root, launcher, progress, { trainSamples: 8, workers: 1 }));
  // a2 (2 epochs, 0.5004 s recorded → 0.5 s kept) is done; a5 trains its 5 epochs, b3 its 3: 8 epochs of 8 samples
  // of 4 hidden units at the rate a2 measured (0.5 s / (2 × 8 × 4)) is 2 s on one worker, plus plan.ts's OVERHEAD:
  // 1 s to start, 0.3 + 8 × 1.3e-5 s to prepare, 2 × 0.015 s for the jobs, 1.5 + 3 × 4e-4 s for the report: 4.83 s
  assert.equal(launcher.ran, ['a5:5', 'b3:3']);
  assert.is(progress.messages[1], 'plan: 3 trial(s): 1 done, 2 to run, 0 failed (retried); 0 stale record(s); 8 epoch(s) to train in 2 run(s); about 5s on 1 worker(s)');
});

test('a job that fails records its unfinished trials as failed, with the reason in their logs', async () => {
  const root = tempDir();
  const launcher = new FakeLauncher(async (job, events) => {
    events.started(0);
    if (job.id === 'a5') {
      events.trial('a2', checkpoint('a2', 2), [2, 1]);
      events.output('partial\n');
      throw new JobFailure('the worker ran out of memory');
    }
    events.trial('b3', checkpoint('b3', 3, 'diverged'), [2, NaN, NaN]);
  });
  const progress = new Recorder();
  const out = await runSweep(experiment(), options(root, launcher, progress));
  const logs = join(root, 'fake', 'logs');
  assert.equal(progress.calls.filter((c) => c.startsWith('finished')).sort(), [
    'finished a2 ok', `finished a5 failed log ${join(logs, 'a5.log')}`, 'finished b3 diverged',
  ]);
  assert.is(out.trained, 2);
  const a5 = recordsIn(root).get('a5')!;
  assert.equal([a5.status, a5.error, a5.finalLoss, a5.weightsSha256, a5.losses], ['failed', 'the worker ran out of memory', null, null, []]);
  assert.is(readFileSync(join(logs, 'a5.log'), 'utf8'), 'partial\nFAILED: the worker ran out of memory\n');
  assert.not.ok(existsSync(join(logs, 'a2.log')), 'a finished trial gets no later output');
  const b3 = recordsIn(root).get('b3')!;
  assert.equal([b3.status, b3.testAccuracy, b3.testCorrect], ['diverged', null, null]);
  assert.is(launcher.aborts, 0, 'without --fail-fast a failure stops nothing');

  // the failed trial is retried next time, the others are not
  const retry = new FakeLauncher();
  await runSweep(experiment(), options(root, retry, new Recorder()));
  assert.equal(retry.ran, ['a5:5']);
});

test('--fail-fast stops at the first trial that does not end ok, and aborts the launcher once', async () => {
  for (const status of ['diverged', 'failed'] as const) {
    const root = tempDir();
    const stop = new SweepStop();
    const launcher = new FakeLauncher(async (job, events) => {
      if (job.id !== 'a5') return;
      if (status === 'failed') throw new JobFailure('boom');
      events.trial('a2', checkpoint('a2', 2, 'diverged'), [2, NaN]);
    });
    const progress = new Recorder();
    await runSweep(experiment(), options(root, launcher, progress, { stop, failFast: true }));
    const first = status === 'failed' ? 'lr=0.1 epochs=2 hidden=4 seed=1 failed' : 'lr=0.1 epochs=2 hidden=4 seed=1 diverged';
    assert.equal(stop.cause, { kind: 'fail-fast', trial: first });
    assert.is(launcher.aborts, 1);
    assert.is(progress.messages.at(-1), `Stopped at the first failed trial (--fail-fast): ${first}: stopping workers…`);
    // a failed job's other trial is not recorded as failed once the sweep stops: it is trained on resume
    assert.equal([...recordsIn(root).keys()], ['a2']);
  }
});

test('a stop requested before the jobs start runs none of them; the tables are still written', async () => {
  const root = tempDir();
  const stop = new SweepStop();
  stop.request({ kind: 'signal', signal: 'SIGINT' });
  const launcher = new FakeLauncher();
  const progress = new Recorder();
  const out = await runSweep(experiment(), options(root, launcher, progress, { stop }));
  assert.equal(launcher.ran, []);
  assert.is(out.trained, 0);
  assert.equal(progress.calls, ['begin 3 8', 'end']);
  // nothing will run: no calibration and no time estimate
  assert.equal(progress.messages, ['plan: 3 trial(s): 0 done, 3 to run, 0 failed (retried); 0 stale record(s); 8 epoch(s) to train in 2 run(s) (epoch sharing saves 2)']);
  assert.equal(csvLines(root, 'runs.csv'), ['run_id,lr,epochs,hidden,seed,status,final_loss,test_accuracy,test_correct,test_total,train_seconds,weights_sha256,error']);
});

test('a stop during a job: its finished trials are kept, the rest not marked failed; a second signal is urgent', async () => {
  const root = tempDir();
  const stop = new SweepStop();
  const launcher = new FakeLauncher(async (job, events, self) => {
    if (job.id !== 'a5') return;
    stop.request({ kind: 'signal', signal: 'SIGTERM' });
    assert.is(self.aborts, 1, 'the stop aborts the launcher at once');
    // a trial that finishes while the sweep stops is kept
    events.trial('a2', checkpoint('a2', 2), [2, 1]);
    throw new JobFailure('ended by the stop');
  });
  const progress = new Recorder();
  const out = await runSweep(experiment(), options(root, launcher, progress, { stop }));
  assert.equal(launcher.ran, ['a5:2/5'], 'b3 is not started after the stop');
  assert.is(out.trained, 1);
  assert.equal([...recordsIn(root).keys()], ['a2']);
  assert.ok(progress.messages.includes('Terminated (SIGTERM): stopping workers…'));
  assert.equal(csvLines(root, 'runs.csv').slice(1).map((l) => l.split(',')[0]), ['a2']);
});

test('the urgent stop (a second Ctrl-C) says it ends the workers at once', async () => {
  const root = tempDir();
  const stop = new SweepStop();
  const progress = new Recorder();
  let urgentMessages: string[] = [];
  const launcher = new FakeLauncher(async (job) => {
    if (job.id !== 'a5') return;
    stop.request({ kind: 'signal', signal: 'SIGINT' });
    // what stop.listen() does on the second signal
    for (const handler of (stop as unknown as { handlers: Set<(urgent: boolean) => void> }).handlers) handler(true);
    urgentMessages = progress.messages.slice(-2);
    throw new JobFailure('killed');
  });
  await runSweep(experiment(), options(root, launcher, progress, { stop }));
  assert.equal(urgentMessages, ['Interrupted (Ctrl-C, SIGINT): stopping workers…', 'Stopping now: ending the workers at once…']);
  assert.is(launcher.aborts, 2);
  // after the sweep its stop handler is gone: a later request reaches no launcher
  const after = new SweepStop();
  after.request({ kind: 'signal', signal: 'SIGINT' });
  assert.is(launcher.aborts, 2);
});

test('a results folder that cannot be written to before training is a user error (exit 2), and nothing runs', async () => {
  const root = tempDir();
  mkdirSync(join(root, 'fake', 'experiment.yaml'), { recursive: true }); // a folder where the copy of the file goes
  const launcher = new FakeLauncher();
  try {
    await runSweep(experiment(), options(root, launcher, new Recorder()));
    assert.unreachable('should have thrown');
  } catch (err) {
    assert.instance(err, UserError);
    assert.is((err as Error).message, `cannot write ${join(root, 'fake', 'experiment.yaml')}: is a folder`);
  }
  assert.equal(launcher.ran, []);
  assert.not.ok(existsSync(join(root, 'fake', '.lock')), 'the lock is released on the way out');

  const root2 = tempDir();
  mkdirSync(join(root2, 'fake'), { recursive: true });
  writeFileSync(join(root2, 'fake', 'logs'), 'a file where the logs folder goes');
  try {
    await runSweep(experiment(), options(root2, new FakeLauncher(), new Recorder()));
    assert.unreachable('should have thrown');
  } catch (err) {
    assert.instance(err, UserError);
    assert.match((err as Error).message, `cannot write ${join(root2, 'fake', 'logs')}: `);
  }
});

test('a write error during the sweep stops it as an interrupt does; the records written before stay', async () => {
  const root = tempDir();
  const stop = new SweepStop();
  const trials = join(root, 'fake', 'trials');
  const launcher = new FakeLauncher(async (job, events) => {
    if (job.id !== 'a5') return;
    events.trial('a2', checkpoint('a2', 2), [2, 1]);
    blockFolder(trials);
    events.trial('a5', checkpoint('a5', 5), [2, 1, 1, 1, 1]);
    events.trial('a5', checkpoint('a5', 5), [2, 1, 1, 1, 1]);
  });
  const progress = new Recorder();
  const out = await runSweep(experiment(), options(root, launcher, progress, { stop }));
  assert.equal(stop.cause, { kind: 'write-error', message: `cannot write ${join(trials, 'a5.json')}: a part of the path is a file, not a folder` });
  assert.is(launcher.aborts, 1);
  assert.equal(progress.calls.filter((c) => c.startsWith('finished')), ['finished a2 ok'], 'a trial that could not be saved is not shown as finished');
  assert.is(out.trained, 1, 'a trial reported after the write error is not counted');
  assert.equal(launcher.ran, ['a5:2/5']);
  assert.equal(csvLines(root, 'runs.csv').slice(1).map((l) => l.split(',')[0]), ['a2']);
});

test('with saved weights, a run of a save_weights experiment gets the weights folder; without, it does not', async () => {
  const root = tempDir();
  const launcher = new FakeLauncher();
  await runSweep({ ...experiment(), saveWeights: true }, options(root, launcher, new Recorder(), { savedWeights: true }));
  assert.equal(launcher.ran, ['a5:2/5 weights', 'b3:3 weights']);
  const plain = new FakeLauncher();
  await runSweep({ ...experiment(), saveWeights: true }, options(tempDir(), plain, new Recorder()));
  assert.equal(plain.ran, ['a5:2/5', 'b3:3']);
  const noSave = new FakeLauncher();
  await runSweep(experiment(), options(tempDir(), noSave, new Recorder(), { savedWeights: true }));
  assert.equal(noSave.ran, ['a5:2/5', 'b3:3']);
});

test('--fail-fast lets trials that end ok go on', async () => {
  const root = tempDir();
  const stop = new SweepStop();
  const launcher = new FakeLauncher();
  const out = await runSweep(experiment(), options(root, launcher, new Recorder(), { stop, failFast: true }));
  assert.is(stop.cause, undefined);
  assert.equal([out.trained, launcher.aborts], [3, 0]);
});

test('after a write error, a trial that finishes is not saved, even where the folder can be written again', async () => {
  const root = tempDir();
  const stop = new SweepStop();
  const trials = join(root, 'fake', 'trials');
  const launcher = new FakeLauncher(async (job, events) => {
    if (job.id !== 'a5') return;
    blockFolder(trials);
    events.trial('a2', checkpoint('a2', 2), [2, 1]);
    unblockFolder(trials);
    events.trial('a5', checkpoint('a5', 5), [2, 1, 1, 1, 1]);
  });
  await runSweep(experiment(), options(root, launcher, new Recorder(), { stop }));
  assert.is(stop.cause?.kind, 'write-error');
  assert.equal([...recordsIn(root).keys()], []);
});

test('the tables list every saved record when the process exits mid-sweep (a third Ctrl-C): the exit hook writes them', async () => {
  const root = tempDir();
  let atExit: string[] = [];
  let hooks = 0;
  const outside = process.listeners('exit');
  const launcher = new FakeLauncher(async (job, events) => {
    if (job.id !== 'a5') return;
    events.trial('a2', checkpoint('a2', 2), [2, 1]);
    events.trial('a5', checkpoint('a5', 5), [2, 1, 1, 1, 1]);
    // what the process does when it exits now: the sweep's exit hook runs
    // (an assertion failing in here would only fail the job: the checks are made after the sweep)
    hooks = process.listeners('exit').filter((l) => !outside.includes(l)).length;
    for (const hook of process.listeners('exit').filter((l) => !outside.includes(l))) (hook as (code: number) => void)(130);
    atExit = csvLines(root, 'runs.csv').slice(1).map((l) => l.split(',')[0]);
  });
  await runSweep(experiment(), options(root, launcher, new Recorder()));
  assert.is(hooks, 2, 'the folder lock\'s and the tables\' exit hooks');
  assert.equal(atExit, ['a2', 'a5']);
});

test.run();
