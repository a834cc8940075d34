// `sweep worker`: takes training jobs from the queue and trains each in a child process through the local launcher,
// exactly as a local sweep does, then hands the trials' checkpoints and losses back as the job's return value.
// Every payload is validated first; a job this worker cannot train as asked (malformed, other trainer version, other
// data) fails with the reason, and the worker goes on serving.
import { hostname } from 'node:os';
import { UnrecoverableError, WaitingError, Worker, type Job } from 'bullmq';
import { mnistFolder } from '../../data/mnist.js';
import { TRAINER_VERSION } from '../../train/train.js';
import { jobEpochs } from '../../sweep/jobs.js';
import { JobFailure } from '../launcher.js';
import { LocalLauncher } from '../local/pool.js';
import type { KernelsName } from '../../train/kernels/index.js';
import { connectionOptions, QUEUE_NAME, type QueueUrl } from './connection.js';
import { dataFingerprint } from './fingerprint.js';
import { parsePayload, queueJobId, type QueuePayload, type QueueResult, type QueueTrialResult } from './payload.js';

/**
 * How fast a job held by a dead worker comes back: its lock lapses lockDuration after the last renewal (renewed every
 * lockDuration / 2 while the worker lives), and any worker's stalled check, every stalledInterval, moves it back to
 * wait: within about lockDuration + 2 × stalledInterval = 4 s. A job that stalls more than maxStalledCount times
 * (kills 3 workers) is failed, not retried for ever.
 */
export const WORKER_SETTINGS = { lockDuration: 2000, stalledInterval: 1000, maxStalledCount: 2 } as const;

/** Progress (epoch, loss) is sent at most this often per job, so fast epochs do not flood Redis. */
const PROGRESS_INTERVAL_MS = 200;
/** Characters of the training process's output kept in a job's result. */
const OUTPUT_TAIL = 64 * 1024;

export interface QueueWorkerOptions {
  url: QueueUrl;
  /** jobs trained at once, each in its own child process */
  concurrency: number;
  /** seconds a trial may take before its child is killed (as `sweep run --trial-timeout`) */
  trialTimeout?: number;
  /** the kernels jobs are trained with (default: defaultKernels()) */
  kernels?: KernelsName;
  log: (line: string) => void;
}

function describeJob(p: QueuePayload): string {
  const j = p.job;
  return `lr=${j.lr} epochs=${j.trials.map((t) => t.epochs).join('/')} hidden=${j.hidden} seed=${j.seed}`;
}

/** Refuses a job this worker must not train; the reason becomes the job's failedReason. */
function checkTrainable(bullJob: Job, payload: QueuePayload): void {
  const expectedId = queueJobId(payload.job.id);
  if (bullJob.id !== expectedId) throw new UnrecoverableError(`malformed job: id ${bullJob.id} does not match its payload (${expectedId})`);
  if (payload.trainerVersion !== TRAINER_VERSION) {
    throw new UnrecoverableError(
      `worker ${hostname()} runs trainer version ${TRAINER_VERSION}, the sweep trainer version ${payload.trainerVersion}; ` +
        'install the same mlp-sweep version on every machine',
    );
  }
  const folder = payload.job.data.path ?? mnistFolder();
  let local: string;
  try {
    local = dataFingerprint(folder);
  } catch (err) {
    throw new UnrecoverableError(`worker ${hostname()} cannot read the dataset at ${folder}: ${(err as Error).message.split('\n')[0]}`);
  }
  if (local !== payload.dataSha256) {
    throw new UnrecoverableError(
      `worker ${hostname()} has other data at ${folder} (sha256 ${local.slice(0, 12)}…, the sweep's ${payload.dataSha256.slice(0, 12)}…); ` +
        'every machine needs the same data.path contents',
    );
  }
}

/** Serves the queue until SIGINT/SIGTERM; resolves once the worker has stopped. */
export async function serveQueue(options: QueueWorkerOptions): Promise<void> {
  const { log } = options;
  const launcher = new LocalLauncher({ workers: options.concurrency, trialTimeout: options.trialTimeout, kernels: options.kernels });
  const me = `${hostname()}:${process.pid}`;
  let handingBack = false;

  const processor = async (bullJob: Job, token?: string): Promise<QueueResult> => {
    let payload: QueuePayload;
    try {
      payload = parsePayload(bullJob.data);
      checkTrainable(bullJob, payload);
    } catch (err) {
      log(`job ${bullJob.id}: refused: ${(err as Error).message}`);
      throw err instanceof UnrecoverableError ? err : new UnrecoverableError((err as Error).message);
    }
    const { job } = payload;
    const started = performance.now();
    log(`job ${bullJob.id}: start ${describeJob(payload)}`);
    const trials: QueueTrialResult[] = [];
    let output = '';
    let lastProgress = 0;
    const last = jobEpochs(job);
    const report = (data: object) => bullJob.updateProgress(data).catch(() => {}); // progress is best effort
    try {
      await launcher.run(job, {
        started: () => {},
        epoch: (epoch, loss) => {
          const now = performance.now();
          if (epoch !== 1 && epoch !== last && now - lastProgress < PROGRESS_INTERVAL_MS) return;
          lastProgress = now;
          void report({ epoch, loss });
        },
        trial: (runId, checkpoint, losses) => void trials.push({ runId, checkpoint, losses }),
        output: (chunk) => {
          output = (output + chunk).slice(-OUTPUT_TAIL);
        },
      });
    } catch (err) {
      if (handingBack && token !== undefined) {
        // Stopped by a second signal: back to the wait list for another worker, not counted as an attempt.
        await bullJob.moveToWait(token);
        log(`job ${bullJob.id}: handed back`);
        throw new WaitingError();
      }
      if (!(err instanceof JobFailure)) throw err;
      log(`job ${bullJob.id}: failed after ${trials.length} of ${job.trials.length} trial(s): ${err.message}`);
      return { trials, error: err.message, output, worker: me, dataSha256: payload.dataSha256 };
    }
    log(`job ${bullJob.id}: done, ${trials.length} trial(s) in ${((performance.now() - started) / 1000).toFixed(2)} s`);
    return { trials, output, worker: me, dataSha256: payload.dataSha256 };
  };

  const worker = new Worker(QUEUE_NAME, processor, {
    connection: connectionOptions(options.url),
    concurrency: options.concurrency,
    ...WORKER_SETTINGS,
    autorun: false,
  });
  let lastError = '';
  worker.on('error', (err) => {
    // ioredis reconnects by itself; say so once per kind of error rather than once per retry.
    const line = err.message.split('\n')[0];
    const lost = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|Connection is closed|connect/i.test(line);
    if (line !== lastError) log(`queue ${options.url.masked}: ${line}${lost ? ' (reconnecting)' : ''}`);
    lastError = line;
  });
  worker.on('ready', () => {
    if (lastError !== '') log(`queue ${options.url.masked}: connected again`);
    lastError = '';
  });

  const stopped = new Promise<void>((resolve) => {
    let signals = 0;
    const onSignal = (signal: NodeJS.Signals) => {
      signals++;
      if (signals === 1) {
        log(`${signal}: taking no more jobs; finishing the running one(s) (${signal} again hands them back now)`);
        void worker
          .close()
          .then(() => launcher.close())
          .then(resolve);
      } else if (signals === 2) {
        log(`${signal}: handing the running job(s) back to the queue`);
        handingBack = true;
        void launcher.abort();
      }
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });

  void worker.run();
  await worker.waitUntilReady();
  log(`worker ${me}: serving queue "${QUEUE_NAME}" at ${options.url.masked}, ${options.concurrency} job(s) at once`);
  await stopped;
  log(`worker ${me}: stopped`);
}
