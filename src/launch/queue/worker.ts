// `sweep worker`: takes training jobs from the queue and trains each in a child process through the local launcher,
// exactly as a local sweep does, then hands the trials' checkpoints and losses back as the job's return value.
// Every payload is validated first: a malformed job fails with the reason. A job this worker cannot serve (other
// trainer version, other or missing data: a property of the worker, not of the job) is handed back untouched for the
// other workers, said once on this worker's output, and announced to the coordinator; the worker goes on serving.
// Finished trials travel with the job's progress, so neither a Redis blip nor a dead worker loses them.
import { hostname } from 'node:os';
import { QueueEventsProducer, UnrecoverableError, WaitingError, Worker, type Job } from 'bullmq';
import { mnistFolder } from '../../data/mnist.js';
import { TRAINER_VERSION } from '../../train/train.js';
import { jobEpochs } from '../../sweep/jobs.js';
import { JobFailure } from '../launcher.js';
import { LocalLauncher } from '../local/pool.js';
import type { KernelsName } from '../../train/kernels/index.js';
import { connectionOptions, QUEUE_NAME, readyWithin, type QueueUrl } from './connection.js';
import { QueueHealth } from './health.js';
import { dataFingerprint } from './fingerprint.js';
import {
  DELIVERED_EVENT,
  MAX_EVENTS,
  parsePayload,
  parseProgress,
  queueJobId,
  REFUSED_EVENT,
  type QueuePayload,
  type QueueProgress,
  type QueueResult,
  type QueueTrialResult,
} from './payload.js';

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
/**
 * After handing a job back, the worker takes no job for this long (doubling while it keeps refusing, up to
 * REFUSED_PAUSE_MAX_MS; back to the start once it trains one), so that it does not keep taking jobs from the workers
 * that can serve them.
 */
const REFUSED_PAUSE_MS = 1000;
const REFUSED_PAUSE_MAX_MS = 8000;
/** Delay between attempts to deliver finished trials while Redis does not take them. */
const DELIVERY_RETRY_MS = 500;
/** How long a stopping worker still tries to deliver finished trials before it gives up (and says so). */
const DELIVERY_GIVE_UP_MS = 10000;
/**
 * Jobs completed this long before the queue stopped answering have their results sent again once it answers: a
 * completion Redis took just before losing its data (a restart without persistence) may not have reached the
 * coordinator, which would otherwise train the job again. The coordinator takes a trial once, so a second copy is
 * ignored.
 */
const RESEND_BEFORE_OUTAGE_MS = 10000;
/** How often a stopping worker looks whether it is only waiting for a queue that does not answer. */
const STOP_CHECK_MS = 250;

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

/** Why this worker cannot serve a job: `short` for the coordinator's line, `long` for this worker's own output. */
interface Refusal {
  /** what makes jobs of this kind unservable here (one notice per key) */
  key: string;
  short: string;
  long: string;
}

/** A job this worker cannot serve as asked (a property of the worker: its trainer version, its data), or undefined. */
function refusal(payload: QueuePayload): Refusal | undefined {
  if (payload.trainerVersion !== TRAINER_VERSION) {
    return {
      key: `trainer ${payload.trainerVersion}`,
      short: `trainer version ${TRAINER_VERSION}, not ${payload.trainerVersion}`,
      long: `this worker runs trainer version ${TRAINER_VERSION}; jobs of trainer version ${payload.trainerVersion} need the same mlp-sweep version as their sweep`,
    };
  }
  const folder = payload.job.data.path ?? mnistFolder();
  const key = `data ${folder} ${payload.dataSha256}`;
  let local: string;
  try {
    local = dataFingerprint(folder);
  } catch (err) {
    const why = (err as Error).message.split('\n')[0];
    return { key, short: `cannot read the data at ${folder}`, long: `this worker cannot read the data at ${folder}: ${why}` };
  }
  if (local === payload.dataSha256) return undefined;
  return {
    key,
    short: `other data at ${folder}`,
    long: `this worker's data at ${folder} differs: sha256 ${local}; expected ${payload.dataSha256} (every machine needs the same data.path contents)`,
  };
}

/** Trials an earlier worker finished for this job (from its progress), when they were trained on the payload's data. */
function finishedBefore(bullJob: Job, payload: QueuePayload): QueueTrialResult[] {
  const progress = parseProgress(bullJob.progress);
  if (!progress || progress.dataSha256 !== payload.dataSha256) return [];
  const wanted = new Set(payload.job.trials.map((t) => t.runId));
  return progress.done.filter((t) => wanted.has(t.runId));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Serves the queue until SIGINT/SIGTERM; resolves once the worker has stopped. */
export async function serveQueue(options: QueueWorkerOptions): Promise<void> {
  const { log } = options;
  const launcher = new LocalLauncher({ workers: options.concurrency, trialTimeout: options.trialTimeout, kernels: options.kernels });
  const me = `${hostname()}:${process.pid}`;
  const connection = connectionOptions(options.url);
  const health = new QueueHealth(options.url, log);
  const producer = new QueueEventsProducer(QUEUE_NAME, { connection });
  producer.on('error', (err) => health.cause(err));
  let handingBack = false;
  let stopping = false;
  let stoppingSince = 0;
  /** jobs completed lately: their results, sent again if the queue stops answering soon after (RESEND_BEFORE_OUTAGE_MS) */
  const completedLately: { at: number; jobId: string; progress: QueueProgress }[] = [];
  health.whenBack((downSince) => {
    const again = completedLately.filter((c) => c.at >= downSince - RESEND_BEFORE_OUTAGE_MS);
    if (again.length === 0) return;
    log(`the queue is back: sending again the results of ${again.length} job(s) completed just before it stopped answering (a Redis that lost its data lost them too)`);
    for (const c of again) void publish({ eventName: DELIVERED_EVENT, jobId: c.jobId, progress: JSON.stringify(c.progress) });
  });
  /** jobs taken and not yet let go of (training, delivering or handing back); of them, those still training */
  let holding = 0;
  let training = 0;

  /**
   * Publishes a custom event; `retry`: until Redis takes it (or, once the worker is stopping, for DELIVERY_GIVE_UP_MS).
   */
  const publish = async (fields: { eventName: string } & Record<string, string>, retry = true): Promise<boolean> => {
    for (;;) {
      try {
        await producer.publishEvent(fields, MAX_EVENTS);
        return true;
      } catch (err) {
        health.cause(err as Error);
        if (!retry || (stopping && Date.now() - stoppingSince > DELIVERY_GIVE_UP_MS)) return false;
        await sleep(DELIVERY_RETRY_MS);
      }
    }
  };

  /**
   * Puts the job's progress (and its finished trials) on the job; when the job is no longer in Redis (it restarted
   * without its data), publishes it as an event instead, so the coordinator gets it either way and knows the job is
   * still being trained. `mustLand` (finished trials): retried until Redis takes it; plain epoch progress: best effort.
   */
  const report = async (bullJob: Job, progress: QueueProgress, mustLand: boolean): Promise<void> => {
    try {
      await bullJob.updateProgress(progress);
      return;
    } catch (err) {
      if (mustLand) health.cause(err as Error);
    }
    const landed = await publish({ eventName: DELIVERED_EVENT, jobId: bullJob.id ?? '', progress: JSON.stringify(progress) }, mustLand);
    if (!landed && mustLand) log(`job ${bullJob.id}: could not deliver ${progress.done.length} finished trial(s): the queue does not answer`);
  };

  /**
   * Completes the job with its result. When Redis no longer has the job as ours (it lost it in a restart, or another
   * worker took it over after a freeze cost us the lock), the finished trials are published instead, retried until
   * Redis takes them, so the coordinator still gets them. Then tells BullMQ there is nothing left to do with the job.
   */
  const complete = async (bullJob: Job, token: string | undefined, result: QueueResult): Promise<never> => {
    const progress: QueueProgress = { worker: me, epoch: 0, dataSha256: result.dataSha256, done: result.trials };
    try {
      if (token === undefined) throw new Error('no lock token');
      await bullJob.moveToCompleted(result, token, false); // while Redis is away this waits, then lands or fails
      const now = Date.now();
      while (completedLately.length > 0 && completedLately[0].at < now - RESEND_BEFORE_OUTAGE_MS) completedLately.shift();
      completedLately.push({ at: now, jobId: bullJob.id ?? '', progress });
    } catch (err) {
      health.cause(err as Error);
      const landed = await publish({ eventName: DELIVERED_EVENT, jobId: bullJob.id ?? '', progress: JSON.stringify(progress) });
      log(landed ? `job ${bullJob.id}: the queue lost it; its ${result.trials.length} trial(s) were delivered as an event` : `job ${bullJob.id}: could not deliver its trials: the queue does not answer`);
    }
    throw new WaitingError();
  };

  const refusedKeys = new Set<string>();
  let pause = REFUSED_PAUSE_MS;
  let resumeTimer: NodeJS.Timeout | undefined;
  /** Hands a job this worker cannot serve back to the queue, untouched, and takes no job for a while. */
  const handBack = async (bullJob: Job, token: string | undefined, payload: QueuePayload, why: Refusal): Promise<never> => {
    if (!refusedKeys.has(why.key)) {
      refusedKeys.add(why.key);
      log(`CANNOT SERVE jobs like ${bullJob.id}: ${why.long}; handing them back to the other workers`);
    }
    if (token !== undefined) await bullJob.moveToWait(token);
    void publish({ eventName: REFUSED_EVENT, jobId: bullJob.id ?? '', worker: me, reason: why.short, dataSha256: payload.dataSha256 });
    if (resumeTimer === undefined && !stopping) {
      await worker.pause(true);
      resumeTimer = setTimeout(() => {
        resumeTimer = undefined;
        if (!stopping) void worker.resume();
      }, pause);
      pause = Math.min(pause * 2, REFUSED_PAUSE_MAX_MS);
    }
    throw new WaitingError();
  };

  const serve = async (bullJob: Job, token?: string): Promise<never> => {
    let payload: QueuePayload;
    try {
      payload = parsePayload(bullJob.data);
      const expectedId = queueJobId(payload.job.id);
      if (bullJob.id !== expectedId) throw new Error(`malformed job: id ${bullJob.id} does not match its payload (${expectedId})`);
    } catch (err) {
      log(`job ${bullJob.id}: refused: ${(err as Error).message}`);
      throw new UnrecoverableError((err as Error).message);
    }
    const why = refusal(payload);
    if (why) return handBack(bullJob, token, payload, why);
    pause = REFUSED_PAUSE_MS;
    const done = finishedBefore(bullJob, payload);
    const doneIds = new Set(done.map((t) => t.runId));
    const job = { ...payload.job, trials: payload.job.trials.filter((t) => !doneIds.has(t.runId)) };
    const progress = (epoch: number, loss?: number): QueueProgress => ({ worker: me, epoch, loss, dataSha256: payload.dataSha256, done: [...trials] });
    const trials: QueueTrialResult[] = [...done];
    const result = (error?: string): QueueResult => ({ trials, ...(error === undefined ? {} : { error }), output, worker: me, dataSha256: payload.dataSha256 });
    let output = '';
    if (job.trials.length === 0) {
      // Every trial was finished by an earlier worker whose completion was lost (a Redis freeze took its lock).
      log(`job ${bullJob.id}: its ${done.length} trial(s) were finished before; completing it without training`);
      return complete(bullJob, token, result());
    }
    const started = performance.now();
    const resumed = done.length > 0 ? ` (${done.length} trial(s) finished before: ${[...doneIds].join(', ')})` : '';
    log(`job ${bullJob.id}: start ${describeJob({ ...payload, job })}${resumed}`);
    void report(bullJob, progress(0), false);
    let lastProgress = 0;
    const last = jobEpochs(job);
    const deliveries: Promise<void>[] = [];
    try {
      await whileTraining(launcher.run(job, {
        started: () => {},
        epoch: (epoch, loss) => {
          const now = performance.now();
          if (epoch !== 1 && epoch !== last && now - lastProgress < PROGRESS_INTERVAL_MS) return;
          lastProgress = now;
          void report(bullJob, progress(epoch, loss), false);
        },
        trial: (runId, checkpoint, losses) => {
          trials.push({ runId, checkpoint, losses });
          deliveries.push(report(bullJob, progress(checkpoint.epochs, losses[losses.length - 1]), true));
        },
        output: (chunk) => {
          output = (output + chunk).slice(-OUTPUT_TAIL);
        },
      }));
    } catch (err) {
      if (handingBack && token !== undefined) {
        // Stopped by a second signal: back to the wait list for another worker, not counted as an attempt; the trials
        // finished so far stay with the job's progress.
        await Promise.all(deliveries);
        await bullJob.moveToWait(token);
        log(`job ${bullJob.id}: handed back`);
        throw new WaitingError();
      }
      if (!(err instanceof JobFailure)) throw err;
      await Promise.all(deliveries);
      log(`job ${bullJob.id}: failed after ${trials.length} of ${payload.job.trials.length} trial(s): ${err.message}`);
      return complete(bullJob, token, result(err.message));
    }
    log(`job ${bullJob.id}: done, ${trials.length} trial(s) in ${((performance.now() - started) / 1000).toFixed(2)} s`);
    await Promise.all(deliveries); // while Redis is away, this slot keeps its results and takes no other job
    return complete(bullJob, token, result());
  };

  const whileTraining = async (run: Promise<void>): Promise<void> => {
    training++;
    try {
      await run;
    } finally {
      training--;
    }
  };

  const processor = async (bullJob: Job, token?: string): Promise<never> => {
    holding++;
    try {
      return await serve(bullJob, token);
    } finally {
      holding--;
    }
  };

  const worker = new Worker(QUEUE_NAME, processor, {
    connection,
    name: me,
    concurrency: options.concurrency,
    ...WORKER_SETTINGS,
    autorun: false,
  });
  // ioredis reconnects by itself; the health check says when the queue stops answering and when it is back.
  worker.on('error', (err) => health.cause(err));

  /** true when the worker stopped without the queue: BullMQ's close could not finish */
  let stoppedWithoutQueue = false;
  const stopped = new Promise<void>((resolve) => {
    let signals = 0;
    const onSignal = (signal: NodeJS.Signals) => {
      signals++;
      if (signals === 1) {
        stopping = true;
        stoppingSince = Date.now();
        clearTimeout(resumeTimer);
        log(`${signal}: taking no more jobs; finishing the running one(s) (${signal} again hands them back now)`);
        // BullMQ's close never returns while Redis does not answer (taskforcesh/bullmq#4656): once the worker is
        // only waiting for the queue, with no training left, it stops without it.
        const waitingForQueue = setInterval(() => {
          if (health.answering || training > 0) return;
          if (holding > 0 && !handingBack && Date.now() - stoppingSince < DELIVERY_GIVE_UP_MS) return;
          clearInterval(waitingForQueue);
          stoppedWithoutQueue = true;
          log(holding === 0
            ? 'the queue does not answer: stopping without waiting for it'
            : `the queue does not answer: stopping; the queue gives the ${holding} job(s) this worker held to another worker once it is back`);
          void launcher.close().then(resolve);
        }, STOP_CHECK_MS);
        void worker
          .close()
          .then(() => launcher.close())
          .then(() => {
            clearInterval(waitingForQueue);
            resolve();
          });
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
  try {
    await readyWithin(options.url, worker.waitUntilReady(), 'the worker');
  } catch (err) {
    health.close();
    await Promise.all([worker.close(true), producer.close(), launcher.close()]).catch(() => {});
    throw err;
  }
  log(`worker ${me}: serving queue "${QUEUE_NAME}" at ${options.url.masked}, ${options.concurrency} job(s) at once`);
  await stopped;
  health.close();
  if (stoppedWithoutQueue) {
    // their connections would go on reconnecting and keep the process alive: dropped
    void worker.disconnect().catch(() => {});
    void producer.disconnect().catch(() => {});
  } else {
    await producer.close();
  }
  log(`worker ${me}: stopped`);
}
