// The queue launcher: a sweep's jobs go to BullMQ over Redis, any number of `sweep worker` processes on any machines
// train them, and their results come back here, where the sweep saves them exactly as it does the local launcher's.
//
// - Every job the sweep hands over in one tick is enqueued in one addBulk. A job's BullMQ id derives from its id (the
//   run id of its longest trial), so enqueueing a trial that is already in the queue adds nothing.
// - Live progress comes from QueueEvents ('active', 'progress'); results from 'completed'/'failed', and, should an
//   event be missed (a Redis restart, a coordinator that was not running), from a look at each open job every few
//   seconds. A coordinator run again reattaches: jobs that completed meanwhile are read back by id, not trained again.
// - A job whose worker died comes back through BullMQ's stalled-job recovery (see worker.ts); its training
//   process's crashes are reported in the result, so trials finished before a crash are kept.
import { Queue, QueueEvents, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { DataSpec } from '../../train/prepared.js';
import { TRAINER_VERSION } from '../../train/train.js';
import { jobEpochs, type TrainJob } from '../../sweep/jobs.js';
import { JobFailure, type JobEvents, type Launcher } from '../launcher.js';
import { checkQueueReachable, connectionOptions, parseQueueUrl, QUEUE_NAME, type QueueUrl } from './connection.js';
import { dataFingerprint } from './fingerprint.js';
import { JOB_NAME, parseResult, queueJobId, type QueuePayload } from './payload.js';
import { WORKER_SETTINGS } from './worker.js';

/** Finished jobs stay in Redis this long, so a coordinator run again later reads their results back. */
const KEEP_FINISHED_SECONDS = 7 * 24 * 3600;
/** How often open jobs are looked at directly, in case an event was missed. */
const RECONCILE_MS = 3000;
/** Open jobs looked up per round trip batch. */
const LOOKUP_BATCH = 5000;

export interface QueueLauncherOptions {
  url: QueueUrl;
  /** fingerprint of the sweep's dataset (fingerprint.ts), checked by every worker */
  dataSha256: string;
  /** one line for the user (a lost connection, a job handed back) */
  log: (line: string) => void;
  /** retrain: results the queue holds from earlier runs are replaced, not read back (sweep run --force) */
  force?: boolean;
}

interface OpenJob {
  job: TrainJob;
  events: JobEvents;
  bullId: string;
  resolve: () => void;
  reject: (err: Error) => void;
  /** coordinator-side slot number while a worker trains it (for the progress view) */
  slot?: number;
  /** epochs reported to the progress view so far */
  epochsShown: number;
  /** enqueued again once already because the queue held an unusable result */
  resubmitted: boolean;
  /** a lookup or resubmission is in flight */
  busy: boolean;
  settled: boolean;
}

function stalledReason(reason: string): string {
  return /stalled more than allowable limit/i.test(reason)
    ? `the workers training it died ${WORKER_SETTINGS.maxStalledCount + 1} times (BullMQ: ${reason})`
    : reason;
}

export class QueueLauncher implements Launcher {
  private readonly queue: Queue;
  private readonly queueEvents: QueueEvents;
  /** a plain connection for pipelined lookups of many jobs at once */
  private readonly lookupClient: Redis;
  private readonly options: QueueLauncherOptions;
  private readonly open = new Map<string, OpenJob>();
  private batch: OpenJob[] = [];
  private readonly busySlots = new Set<number>();
  private pendingWork: Promise<unknown> = Promise.resolve();
  private reconcileTimer?: NodeJS.Timeout;
  private aborted = false;
  private lastError = '';

  get url(): QueueUrl {
    return this.options.url;
  }

  private constructor(options: QueueLauncherOptions) {
    this.options = options;
    const connection = connectionOptions(options.url);
    this.queue = new Queue(QUEUE_NAME, { connection });
    this.queueEvents = new QueueEvents(QUEUE_NAME, { connection, autorun: false });
    this.lookupClient = new Redis(connection);
    this.lookupClient.on('error', (err) => this.connectionError(err));
    this.queue.on('error', (err) => this.connectionError(err));
    this.queueEvents.on('error', (err) => this.connectionError(err));
    this.queueEvents.on('active', ({ jobId }) => this.withOpen(jobId, (o) => this.started(o)));
    this.queueEvents.on('progress', ({ jobId, data }) => this.withOpen(jobId, (o) => this.progress(o, data)));
    this.queueEvents.on('completed', ({ jobId, returnvalue }) => this.withOpen(jobId, (o) => this.completed(o, returnvalue)));
    this.queueEvents.on('failed', ({ jobId, failedReason }) => this.withOpen(jobId, (o) => this.fail(o, stalledReason(failedReason))));
    this.queueEvents.on('stalled', ({ jobId }) =>
      this.withOpen(jobId, (o) => {
        this.options.log(`job ${jobId}: its worker stopped answering; back in the queue for another worker`);
        this.release(o);
      }),
    );
  }

  /** Checks the URL (one clear UserError if unusable), then connects the queue and its event stream. */
  static async connect(options: QueueLauncherOptions): Promise<QueueLauncher> {
    await checkQueueReachable(options.url);
    const launcher = new QueueLauncher(options);
    void launcher.queueEvents.run();
    await Promise.all([launcher.queue.waitUntilReady(), launcher.queueEvents.waitUntilReady()]);
    return launcher;
  }

  run(job: TrainJob, events: JobEvents): Promise<void> {
    if (this.aborted) return Promise.reject(new JobFailure('sweep interrupted'));
    return new Promise<void>((resolve, reject) => {
      const open: OpenJob = { job, events, bullId: queueJobId(job.id), resolve, reject, epochsShown: 0, resubmitted: false, busy: false, settled: false };
      this.open.set(open.bullId, open);
      // The sweep hands over all its jobs in one tick: collect them and enqueue them in one batch.
      if (this.batch.length === 0) setImmediate(() => this.track(this.flush()));
      this.batch.push(open);
    });
  }

  private track(work: Promise<unknown>): void {
    this.pendingWork = Promise.all([this.pendingWork, work.catch((err) => this.failAll(err as Error))]);
  }

  private payload(job: TrainJob): QueuePayload {
    return { job, trainerVersion: TRAINER_VERSION, dataSha256: this.options.dataSha256 };
  }

  private jobOptions(o: OpenJob) {
    return { jobId: o.bullId, removeOnComplete: { age: KEEP_FINISHED_SECONDS }, removeOnFail: { age: KEEP_FINISHED_SECONDS } };
  }

  /** Enqueues the batch: jobs already in the queue are reattached to (or replaced when their result is unusable). */
  private async flush(): Promise<void> {
    const batch = this.batch;
    this.batch = [];
    const existing = await this.lookup(batch);
    const toAdd: OpenJob[] = [];
    const toReplace: OpenJob[] = [];
    for (const [i, o] of batch.entries()) {
      const found = existing[i];
      if (found === undefined) toAdd.push(o);
      else if (found.state === 'completed') {
        // --force retrains; otherwise a usable result is taken as it is
        if (this.options.force || !this.completed(o, found.job?.returnvalue, { reattached: true, replaceUnusable: false })) toReplace.push(o);
      } else if (found.state === 'failed') toReplace.push(o); // a new sweep retries failed trials, as locally
      // waiting, active, delayed: already queued (by an earlier run of this coordinator); events will tell
    }
    await Promise.all(toReplace.map((o) => this.queue.remove(o.bullId)));
    toAdd.push(...toReplace);
    if (toAdd.length > 0) {
      await this.queue.addBulk(toAdd.map((o) => ({ name: JOB_NAME, data: this.payload(o.job), opts: this.jobOptions(o) })));
    }
    const reattached = batch.length - toAdd.length;
    if (reattached > 0) this.options.log(`Reattached to ${reattached} job(s) already in the queue`);
    this.reconcileTimer ??= setInterval(() => this.track(this.reconcile()), RECONCILE_MS);
  }

  /**
   * Where each open job stands (undefined when the queue does not hold it): 'completed' or 'failed' with the stored
   * job, else 'open'. One pipelined EXISTS per job, two ZSCOREs per job the queue holds, and only finished
   * jobs read whole: a fresh sweep of 10,000 jobs looks itself up in one cheap round trip.
   */
  private async lookup(jobs: OpenJob[]): Promise<({ state: 'completed' | 'failed' | 'open'; job?: Job } | undefined)[]> {
    const out: ({ state: 'completed' | 'failed' | 'open'; job?: Job } | undefined)[] = [];
    const { completed, failed } = this.queue.keys;
    for (let i = 0; i < jobs.length; i += LOOKUP_BATCH) {
      const chunk = jobs.slice(i, i + LOOKUP_BATCH);
      const exists = await this.pipelined(chunk.map((o) => ['exists', this.queue.toKey(o.bullId)]));
      const held = chunk.filter((_, k) => exists[k] === 1);
      const scores = await this.pipelined(held.flatMap((o) => [['zscore', completed, o.bullId], ['zscore', failed, o.bullId]]));
      const stateOf = new Map(held.map((o, k) => [o, scores[2 * k] !== null ? 'completed' : scores[2 * k + 1] !== null ? 'failed' : 'open'] as const));
      const finished = await Promise.all(chunk.map((o) => (stateOf.get(o) === 'completed' || stateOf.get(o) === 'failed' ? this.queue.getJob(o.bullId) : undefined)));
      for (const [k, o] of chunk.entries()) {
        const state = stateOf.get(o);
        out.push(state === undefined ? undefined : { state, job: finished[k] as Job | undefined });
      }
    }
    return out;
  }

  /** Replies of many commands sent in one pipeline; an error reply throws. */
  private async pipelined(commands: string[][]): Promise<unknown[]> {
    if (commands.length === 0) return [];
    const replies = (await this.lookupClient.pipeline(commands).exec()) ?? [];
    return replies.map(([err, value]) => {
      if (err) throw err;
      return value;
    });
  }

  /** Looks at every open job directly: catches results whose events were missed, and re-adds jobs Redis lost. */
  private async reconcile(): Promise<void> {
    const open = [...this.open.values()].filter((o) => !o.settled && !o.busy && !this.batch.includes(o));
    if (open.length === 0 || this.aborted) return;
    for (const o of open) o.busy = true;
    try {
      const found = await this.lookup(open);
      const lost: OpenJob[] = [];
      for (const [i, o] of open.entries()) {
        const f = found[i];
        if (o.settled) continue;
        if (f === undefined) lost.push(o);
        else if (f.state === 'completed') this.completed(o, f.job?.returnvalue);
        else if (f.state === 'failed') this.fail(o, stalledReason(f.job?.failedReason ?? 'failed'));
      }
      if (lost.length > 0 && !this.aborted) {
        this.options.log(`${lost.length} job(s) are no longer in the queue (Redis restarted without its data?); enqueuing them again`);
        await this.queue.addBulk(lost.map((o) => ({ name: JOB_NAME, data: this.payload(o.job), opts: this.jobOptions(o) })));
      }
    } finally {
      for (const o of open) o.busy = false;
    }
  }

  private withOpen(bullId: string, act: (o: OpenJob) => void): void {
    const o = this.open.get(bullId);
    if (o && !o.settled && !this.aborted) act(o);
  }

  private started(o: OpenJob): void {
    if (o.slot !== undefined) return;
    let slot = 0;
    while (this.busySlots.has(slot)) slot++;
    this.busySlots.add(slot);
    o.slot = slot;
    o.events.started(slot);
  }

  private release(o: OpenJob): void {
    if (o.slot === undefined) return;
    this.busySlots.delete(o.slot);
    o.slot = undefined;
  }

  /** Per-epoch progress arrives throttled: epochs not reported one by one are counted with the latest loss. */
  private progress(o: OpenJob, data: unknown): void {
    const { epoch, loss } = (data ?? {}) as { epoch?: unknown; loss?: unknown };
    if (typeof epoch !== 'number' || !Number.isInteger(epoch)) return;
    this.started(o);
    const upTo = Math.min(epoch, jobEpochs(o.job));
    const value = typeof loss === 'number' ? loss : NaN;
    for (let e = o.epochsShown + 1; e <= upTo; e++) o.events.epoch(e, value);
    o.epochsShown = Math.max(o.epochsShown, upTo);
  }

  /**
   * Delivers a completed job's result: its output, every trial the sweep asked for, then success or the failure
   * that stopped it. A result that lacks some of the sweep's trials (the queue held a run of the same longest trial
   * with other shorter ones) or was trained on other data is replaced by a new job once. Returns false when the
   * result was not usable.
   */
  private completed(o: OpenJob, returnvalue: unknown, how = { reattached: false, replaceUnusable: true }): boolean {
    if (o.settled) return true;
    let result;
    try {
      result = parseResult(typeof returnvalue === 'string' ? JSON.parse(returnvalue) : returnvalue);
    } catch (err) {
      this.fail(o, (err as Error).message);
      return true;
    }
    // A result trained on other data (another experiment whose data.path is written the same) is none of ours.
    const foreign = result.dataSha256 !== this.options.dataSha256;
    const byRun = new Map(foreign ? [] : result.trials.map((t) => [t.runId, t]));
    const missing = o.job.trials.filter((t) => !byRun.has(t.runId));
    // A result measured without the metrics this job tracks (the same trials run before without `track`) is retrained.
    const untracked = (o.job.track ?? []).some((m) => result.trials.some((t) => t.checkpoint.metrics?.[m] === undefined));
    if (foreign || untracked || (missing.length > 0 && (how.reattached || result.error === undefined))) {
      if (!how.replaceUnusable) return false;
      if (!o.resubmitted) {
        o.resubmitted = true;
        this.resubmit(o);
        return false;
      }
      if (foreign || untracked || result.error === undefined) {
        const why = foreign ? 'was trained on other data' : untracked ? `lacks the tracked metrics (${o.job.track!.join(', ')})` : `lacks trial(s) ${missing.map((t) => t.runId).join(', ')}`;
        this.fail(o, `the queue's result for job ${o.bullId} ${why}`);
        return true;
      }
    }
    o.settled = true;
    if (!how.reattached) {
      const longest = result.trials.reduce<(typeof result.trials)[number] | undefined>((a, t) => (!a || t.losses.length > a.losses.length ? t : a), undefined);
      if (longest) this.progress(o, { epoch: longest.losses.length, loss: longest.losses[longest.losses.length - 1] });
    }
    if (result.output !== '') o.events.output(result.output);
    for (const t of o.job.trials) {
      const r = byRun.get(t.runId);
      if (r) o.events.trial(t.runId, r.checkpoint, r.losses);
    }
    this.release(o);
    this.open.delete(o.bullId);
    if (missing.length > 0) o.reject(new JobFailure(`${result.error ?? 'no result'} (on worker ${result.worker})`));
    else o.resolve();
    return true;
  }

  private resubmit(o: OpenJob): void {
    o.busy = true;
    this.options.log(`job ${o.bullId}: the queue holds a result without some of this sweep's trials; enqueuing it again`);
    this.track(
      (async () => {
        await this.queue.remove(o.bullId);
        await this.queue.add(JOB_NAME, this.payload(o.job), this.jobOptions(o));
      })().finally(() => (o.busy = false)),
    );
  }

  private fail(o: OpenJob, reason: string): void {
    if (o.settled) return;
    o.settled = true;
    this.release(o);
    this.open.delete(o.bullId);
    o.reject(new JobFailure(reason));
  }

  private failAll(err: Error): void {
    const reason = `queue error: ${err.message.split('\n')[0]}`;
    for (const o of [...this.open.values()]) this.fail(o, reason);
  }

  private connectionError(err: Error): void {
    const line = err.message.split('\n')[0];
    if (line !== this.lastError) this.options.log(`queue ${this.options.url.masked}: ${line} (reconnecting)`);
    this.lastError = line;
  }

  /**
   * Ctrl-C: jobs still waiting in the queue are removed; jobs a worker is training finish there, and their results
   * stay in the queue for the next run of the sweep to read back.
   */
  async abort(): Promise<void> {
    if (this.aborted) return;
    this.aborted = true;
    clearInterval(this.reconcileTimer);
    const open = [...this.open.values()];
    for (const o of open) this.fail(o, 'sweep interrupted');
    this.track(Promise.all(open.map((o) => this.queue.remove(o.bullId).catch(() => 0))));
  }

  /** Workers connected to the queue now (each trains up to its --concurrency jobs at once); 0 if Redis won't say. */
  async workerCount(): Promise<number> {
    try {
      return (await this.queue.getWorkers()).length;
    } catch {
      return 0; // CLIENT LIST may be disabled on a managed Redis
    }
  }

  async close(): Promise<void> {
    clearInterval(this.reconcileTimer);
    await this.pendingWork;
    await this.queueEvents.close();
    await this.queue.close();
    this.lookupClient.disconnect();
  }
}

/**
 * The queue launcher of `sweep run --queue URL` for an experiment: the URL checked (a UserError if unusable), the
 * dataset fingerprinted for the workers to check against, the queue connected.
 */
export async function connectQueueLauncher(
  rawUrl: string,
  data: DataSpec,
  options: Pick<QueueLauncherOptions, 'log' | 'force'>,
): Promise<QueueLauncher> {
  const url = parseQueueUrl(rawUrl);
  return QueueLauncher.connect({ url, dataSha256: dataFingerprint(data.path), ...options });
}
