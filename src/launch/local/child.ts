// Entry of a child process that trains jobs sent by the sweep over IPC. The prepared data of each data spec is kept
// for the child's life, so a worker reads and lays out the dataset once, not once per trial.
import { EpochTracker, seriesUpTo } from '../../train/metrics.js';
import type { Params } from '../../train/mlp.js';
import { prepareData, type DataSpec, type PreparedData } from '../../train/prepared.js';
import { idleCoresPolicy, teamSize } from '../../train/threads.js';
import { train, type TrainOptions } from '../../train/train.js';
import { loadVerifiedWeights, saveWeights } from '../../store/weights.js';
import { join } from 'node:path';
import type { FromWorker, ToWorker } from './protocol.js';
import type { TrainJob } from '../../sweep/jobs.js';

const prepared = new Map<string, PreparedData>();

function dataFor(spec: DataSpec): PreparedData {
  const key = JSON.stringify([spec.path ?? null, spec.limit ?? null, spec.testSize, spec.splitSeed, spec.valSize ?? 0]);
  let data = prepared.get(key);
  if (!data) {
    data = prepareData(spec);
    prepared.set(key, data);
  }
  return data;
}

function send(message: FromWorker): void {
  process.send?.(message);
}

// Training is synchronous, so an IPC 'disconnect' is only seen between jobs; a parent that was killed is also noticed
// every epoch by the child being re-parented.
const parentPid = process.ppid;
function exitIfOrphaned(): void {
  if (process.ppid !== parentPid) process.exit(1);
}

/**
 * Faults for the scheduler's own tests, chosen by SWEEP_TEST_FAULT="<kind>:<lr>" (kind: throw, exit, hang, abort, oom):
 * the child misbehaves on the job with that learning rate. Unset in normal use.
 */
function injectFault(job: TrainJob): void {
  const spec = process.env.SWEEP_TEST_FAULT;
  if (!spec) return;
  const [kind, lr] = spec.split(':');
  if (Number(lr) !== job.lr) return;
  if (kind === 'throw') throw new Error(`injected failure for lr ${lr}`);
  if (kind === 'exit') process.exit(3);
  if (kind === 'abort') process.kill(process.pid, 'SIGKILL');
  if (kind === 'hang') for (;;);
  if (kind === 'oom') {
    // Fills the JavaScript heap until V8 gives up (run with a small --max-old-space-size).
    const hog: number[][] = [];
    for (;;) hog.push(new Array<number>(1 << 20).fill(1.5));
  }
}

/** The saved weights the job continues from, checked against their record; a file that fails the check is not used. */
function startOf(job: TrainJob, shape: Params['shape']): TrainOptions['from'] {
  if (!job.from) return undefined;
  const { weights, problem } = loadVerifiedWeights(job.from.file, shape, job.from.weightsSha256);
  if (!weights) {
    process.stderr.write(`not continuing from ${job.from.runId} (${problem}); training from epoch 1\n`);
    return undefined;
  }
  return { epochs: job.from.epochs, weights };
}

function runJob(job: TrainJob): void {
  const started = performance.now();
  const data = dataFor(job.data);
  const prepareSeconds = (performance.now() - started) / 1000;
  injectFault(job);
  const byEpochs = new Map(job.trials.map((t) => [t.epochs, t.runId]));
  const shape = { inputs: data.features, hidden: job.hidden, outputs: data.classes };
  const from = startOf(job, shape);
  const losses: number[] = from ? [...job.from!.losses] : [];
  const tracker = job.track?.length ? new EpochTracker(job.track, data, shape, from ? job.from!.metrics : undefined) : undefined;
  let weights: Params | undefined;
  // A run takes a second core when one is idle (the sweep's other workers done), epoch by epoch; same bits either way.
  const threads = teamSize();
  const result = train(data, job, {
    checkpoints: job.trials.map((t) => t.epochs),
    threads,
    activeThreads: idleCoresPolicy(threads),
    ...(from ? { from } : {}),
    onUpdate: (_epoch, params, grads) => {
      weights = params;
      tracker?.measure(params, grads);
    },
    onEpoch: (epoch, loss) => {
      exitIfOrphaned();
      losses.push(loss);
      send({ type: 'epoch', jobId: job.id, epoch, loss });
    },
    onCheckpoint: (measured) => {
      const runId = byEpochs.get(measured.epochs)!;
      if (job.weightsDir && measured.status === 'ok' && weights) saveWeights(join(job.weightsDir, `${runId}.npz`), shape, weights);
      const checkpoint = {
        ...measured,
        ...(tracker ? { metrics: seriesUpTo(tracker.series, measured.epochs) } : {}),
        ...(data.val ? { valTotal: data.val.rows } : {}),
        ...(from ? { continuedFrom: { runId: job.from!.runId, epochs: job.from!.epochs } } : {}),
      };
      send({ type: 'trial', jobId: job.id, runId, checkpoint, losses: losses.slice(0, measured.epochs) });
    },
  });
  void result;
  send({ type: 'done', jobId: job.id, prepareSeconds });
}

process.on('message', (message: ToWorker) => {
  if (message.type !== 'train') return;
  try {
    runJob(message.job);
  } catch (err) {
    const text = err instanceof Error ? err.message : String(err);
    send({ type: 'error', jobId: message.job.id, message: text.split('\n')[0] });
  }
});

// A child never outlives its parent: when the IPC channel closes (parent exited or was killed), stop.
process.on('disconnect', () => process.exit(0));
