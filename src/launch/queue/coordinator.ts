// The queue launcher: a sweep's jobs go to BullMQ over Redis, any number of `sweep worker` processes on any machines
// train them, and their results come back here, where the sweep saves them exactly as it does the local launcher's.
//
// - Every job the sweep hands over in one tick is enqueued in one addBulk. A job's BullMQ id derives from its id (the
//   run id of its longest trial), so enqueueing a trial that is already in the queue adds nothing.
// - Live progress comes from QueueEvents ('progress', which names the worker and carries the trials finished so far);
//   results from 'progress', 'completed'/'failed', the workers' DELIVERED_EVENT (trials whose job Redis lost), and,
//   should an event be missed (a Redis restart, a coordinator that was not running), from a look at each open job
//   every few seconds. Whichever way a trial's result arrives, it is taken once, when the job still needs it and it
//   was trained on this sweep's data. A coordinator run again reattaches: jobs that completed meanwhile are read back
//   by id, not trained again.
// - A job whose worker died comes back through BullMQ's stalled-job recovery (see worker.ts); its finished trials are
//   already recorded, and the next worker trains only the others.
// - A worker that cannot serve this sweep's jobs (other data, other trainer version) hands them back and says so with
//   REFUSED_EVENT; they are named once here. Only when every connected worker refuses for the grace period are the
//   trials failed, naming them.
import { Queue, QueueEvents, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { UserError } from '../../errors.js';
import type { DataSpec } from '../../train/prepared.js';
import { TRAINER_VERSION } from '../../train/train.js';
import { jobEpochs, type TrainJob } from '../../sweep/jobs.js';
import { JobFailure, type JobEvents, type Launcher } from '../launcher.js';
import { checkQueueReachable, connectionOptions, parseQueueUrl, QUEUE_NAME, readyWithin, type QueueUrl } from './connection.js';
import { dataFingerprint } from './fingerprint.js';
import { QueueHealth } from './health.js';
import {
  DELIVERED_EVENT,
  JOB_NAME,
  parseProgress,
  parseResult,
  queueJobId,
  REFUSED_EVENT,
  type QueuePayload,
  type QueueTrialResult,
} from './payload.js';
import { WORKER_SETTINGS } from './worker.js';

/** Finished jobs stay in Redis this long, so a coordinator run again later reads their results back. */
const KEEP_FINISHED_SECONDS = 7 * 24 * 3600;
/** How often open jobs are looked at directly, in case an event was missed. */
const RECONCILE_MS = 3000;
/** Open jobs looked up per round trip batch. */
const LOOKUP_BATCH = 5000;
/**
 * How long every connected worker must have refused this sweep's jobs (other data, other trainer version) before its
 * trials waiting in the queue are failed: time for a worker that can serve them to connect. 15 s;
 * $SWEEP_MISMATCH_GRACE_SECONDS sets another (the tests use it; so can a team whose workers start late).
 */
/**
 * A job Redis lost (a restart without persistence) is enqueued again only after this long without a word from a worker
 * about it: the worker that trains it goes on, and sends its progress and results as events meanwhile.
 */
const LOST_GRACE_MS = 5000;
export const MISMATCH_GRACE_ENV = 'SWEEP_MISMATCH_GRACE_SECONDS';
function mismatchGraceMs(): number {
  const seconds = Number(process.env[MISMATCH_GRACE_ENV] || 15);
  if (!Number.isFinite(seconds) || seconds < 0) throw new UserError(`${MISMATCH_GRACE_ENV}=${process.env[MISMATCH_GRACE_ENV]}: expected seconds, a number ≥ 0`);
  return seconds * 1000;
}

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
  /** run ids of its trials whose results were taken (from progress, an event or the completed job) */
  delivered: Set<string>;
  /** when its worker last said something (progress, results) */
  lastSeen?: number;
  /** when the queue was first found without it (while its worker may still train it) */
  missingSince?: number;
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
  private readonly health: QueueHealth;
  /** workers (host:pid) that refused this sweep's jobs, with why */
  private readonly refusers = new Map<string, string>();
  private readonly graceMs = mismatchGraceMs();
  /** since when every connected worker is a refuser */
  private unservableSince?: number;
  /** Redis's run_id when connected: another one means Redis restarted (else a missing job was removed) */
  private redisRunId?: string;

  get url(): QueueUrl {
    return this.options.url;
  }

  private constructor(options: QueueLauncherOptions) {
    this.options = options;
    const connection = connectionOptions(options.url);
    this.queue = new Queue(QUEUE_NAME, { connection });
    this.queueEvents = new QueueEvents(QUEUE_NAME, { connection, autorun: false });
    this.lookupClient = new Redis(connection);
    this.health = new QueueHealth(options.url, options.log);
    this.lookupClient.on('error', (err) => this.health.cause(err));
    this.queue.on('error', (err) => this.health.cause(err));
    this.queueEvents.on('error', (err) => this.health.cause(err));
    this.queueEvents.on('progress', ({ jobId, data }) => this.withOpen(jobId, (o) => this.progress(o, data)));
    // back in the wait list (refused, handed back, stalled): no longer on a worker
    this.queueEvents.on('waiting', ({ jobId }) => this.withOpen(jobId, (o) => this.release(o)));
    const custom = this.queueEvents as unknown as { on(event: string, listener: (args: Record<string, string>) => void): void };
    custom.on(REFUSED_EVENT, (e) => this.refused(e.worker, e.reason, e.dataSha256));
    custom.on(DELIVERED_EVENT, (e) => this.withOpen(e.jobId, (o) => this.delivered(o, e.progress)));
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
    void launcher.queueEvents.run().catch((err: Error) => launcher.health.cause(err));
    try {
      await readyWithin(options.url, Promise.all([launcher.queue.waitUntilReady(), launcher.queueEvents.waitUntilReady()]), 'the queue');
      launcher.redisRunId = await readyWithin(options.url, launcher.runId(), 'the queue');
    } catch (err) {
      await launcher.close(true);
      throw err;
    }
    return launcher;
  }

  run(job: TrainJob, events: JobEvents): Promise<void> {
    if (this.aborted) return Promise.reject(new JobFailure('sweep interrupted'));
    return new Promise<void>((resolve, reject) => {
      const open: OpenJob = {
        job,
        events,
        bullId: queueJobId(job.id),
        resolve,
        reject,
        delivered: new Set(),
        epochsShown: 0,
        resubmitted: false,
        busy: false,
        settled: false,
      };
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

  /** Redis's run_id (INFO server): it changes when the server restarts. */
  private async runId(): Promise<string | undefined> {
    return /run_id:([0-9a-f]+)/.exec(await this.lookupClient.info('server'))?.[1];
  }

  /**
   * Looks at every open job directly: catches results whose events were missed, re-adds jobs Redis lost or someone
   * removed, and fails the trials no connected worker can serve.
   */
  private async reconcile(): Promise<void> {
    if (this.aborted || !this.health.answering) return;
    await this.checkServable();
    const open = [...this.open.values()].filter((o) => !o.settled && !o.busy && !this.batch.includes(o));
    if (open.length === 0 || this.aborted) return;
    for (const o of open) o.busy = true;
    try {
      const found = await this.lookup(open);
      const lost: OpenJob[] = [];
      const now = Date.now();
      for (const [i, o] of open.entries()) {
        const f = found[i];
        if (o.settled) continue;
        if (f !== undefined) o.missingSince = undefined;
        if (f === undefined) {
          // Give a worker that may hold it (its 'active' event may have been lost with Redis) time to speak up.
          o.missingSince ??= now;
          if (now - Math.max(o.missingSince, o.lastSeen ?? 0) >= LOST_GRACE_MS) lost.push(o);
        } else if (f.state === 'completed') this.completed(o, f.job?.returnvalue);
        else if (f.state === 'failed') this.fail(o, stalledReason(f.job?.failedReason ?? 'failed'));
      }
      if (lost.length > 0 && !this.aborted) {
        const runId = await this.runId();
        const why = runId !== this.redisRunId ? 'Redis restarted without its data' : 'removed from the queue by another process (e.g. another sweep\'s Ctrl-C)';
        this.redisRunId = runId;
        this.options.log(`${lost.length} job(s) are no longer in the queue (${why}); enqueuing them again`);
        for (const o of lost) {
          this.release(o);
          o.missingSince = undefined;
        }
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

  /** Workers connected now, by name (host:pid; a worker of an older version shows its BullMQ client name); undefined if Redis won't say. */
  private async workerNames(): Promise<string[] | undefined> {
    try {
      const workers = (await this.queue.getWorkers()) as { rawname?: string; name?: string }[];
      return workers.map((w) => w.rawname?.split(':w:')[1] ?? w.rawname ?? w.name ?? '?');
    } catch {
      return undefined; // CLIENT LIST may be disabled on a managed Redis
    }
  }

  private refusedLine(): string {
    const n = this.refusers.size;
    return `${n} worker${n === 1 ? '' : 's'} refused: ${[...this.refusers].map(([w, why]) => `${w} (${why})`).join(', ')}`;
  }

  /** A worker cannot serve this sweep's jobs: named once (with every refuser so far); the job is back in the queue. */
  private refused(worker: string | undefined, reason: string | undefined, dataSha256: string | undefined): void {
    if (this.aborted || worker === undefined || dataSha256 !== this.options.dataSha256 || this.refusers.has(worker)) return;
    this.refusers.set(worker, reason ?? 'cannot serve it');
    this.options.log(`${this.refusedLine()}; their jobs go to the other workers`);
  }

  /** Fails the trials still waiting once every connected worker has refused them for the grace period. */
  private async checkServable(): Promise<void> {
    if (this.refusers.size === 0) return;
    const names = await this.workerNames();
    const unservable = names !== undefined && names.length > 0 && names.every((n) => this.refusers.has(n));
    if (!unservable) {
      this.unservableSince = undefined;
      return;
    }
    this.unservableSince ??= Date.now();
    if (Date.now() - this.unservableSince < this.graceMs) return;
    const waiting = [...this.open.values()].filter((o) => !o.settled && o.slot === undefined && !o.busy);
    const reason = `no connected worker can serve it after ${this.graceMs / 1000} s: ${this.refusedLine()}`;
    for (const o of waiting) this.fail(o, reason);
    await Promise.all(waiting.map((o) => this.queue.remove(o.bullId).catch(() => 0)));
  }

  private started(o: OpenJob, worker: string): void {
    if (o.slot !== undefined) return;
    let slot = 0;
    while (this.busySlots.has(slot)) slot++;
    this.busySlots.add(slot);
    o.slot = slot;
    o.events.started(slot, worker);
  }

  private release(o: OpenJob): void {
    if (o.slot === undefined) return;
    this.busySlots.delete(o.slot);
    o.slot = undefined;
  }

  /**
   * A job's progress (see QueueProgress): its worker, then epochs, which arrive throttled (epochs not reported one by
   * one are counted with the latest loss), and the trials finished so far, each recorded the moment it arrives.
   */
  private progress(o: OpenJob, data: unknown): boolean {
    const p = parseProgress(data);
    if (!p || p.dataSha256 !== this.options.dataSha256) return false;
    o.lastSeen = Date.now();
    this.started(o, p.worker);
    this.showEpochs(o, p.epoch, p.loss ?? NaN);
    if (!this.accept(o, p.done)) return false;
    this.succeed(o);
    return true;
  }

  private showEpochs(o: OpenJob, epoch: number, loss: number): void {
    const upTo = Math.min(epoch, jobEpochs(o.job));
    for (let e = o.epochsShown + 1; e <= upTo; e++) o.events.epoch(e, loss);
    o.epochsShown = Math.max(o.epochsShown, upTo);
  }

  /**
   * Progress a worker could not put on its job because Redis lost the job: taken like progress; once every trial is
   * in, the copy of the job enqueued again meanwhile (if any) is dropped.
   */
  private delivered(o: OpenJob, json: string | undefined): void {
    let data: unknown;
    try {
      data = JSON.parse(json ?? '');
    } catch {
      return;
    }
    const worker = parseProgress(data)?.worker;
    if (!this.progress(o, data)) return;
    this.options.log(`job ${o.bullId}: its results came from ${worker} after the queue lost the job`);
    this.track(this.queue.remove(o.bullId).catch(() => 0)); // a waiting copy; one a worker holds stays (locked)
  }

  /** Records the trials of `results` the job still needs (once each); true when every trial of the job is recorded. */
  private accept(o: OpenJob, results: QueueTrialResult[]): boolean {
    if (o.settled) return false;
    const byRun = new Map(results.map((t) => [t.runId, t]));
    for (const t of o.job.trials) {
      const r = byRun.get(t.runId);
      if (!r || o.delivered.has(t.runId)) continue;
      o.delivered.add(t.runId);
      o.events.trial(t.runId, r.checkpoint, r.losses);
    }
    return o.delivered.size === o.job.trials.length;
  }

  private succeed(o: OpenJob): void {
    if (o.settled) return;
    o.settled = true;
    this.release(o);
    this.open.delete(o.bullId);
    o.resolve();
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
    const missing = o.job.trials.filter((t) => !byRun.has(t.runId) && !o.delivered.has(t.runId));
    // A result measured without the metrics this job tracks (the same trials run before without `track`) is retrained.
    const untracked = (o.job.track ?? []).some((m) => result.trials.some((t) => !o.delivered.has(t.runId) && t.checkpoint.metrics?.[m] === undefined));
    if (untracked || (missing.length > 0 && (foreign || how.reattached || result.error === undefined))) {
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
    if (!how.reattached) {
      const longest = result.trials.reduce<QueueTrialResult | undefined>((a, t) => (!a || t.losses.length > a.losses.length ? t : a), undefined);
      if (longest) this.showEpochs(o, longest.losses.length, longest.losses[longest.losses.length - 1] ?? NaN);
    }
    if (result.output !== '') o.events.output(result.output);
    this.accept(o, foreign ? [] : result.trials);
    if (missing.length > 0) this.fail(o, `${result.error ?? 'no result'} (on worker ${result.worker})`);
    else this.succeed(o);
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
    return (await this.workerNames())?.length ?? 0;
  }

  /**
   * `now`: without waiting for work in flight (a connection that never became ready). A queue that does not answer
   * is dropped without waiting: BullMQ's close, and the removals of Ctrl-C, would wait for it for ever
   * (taskforcesh/bullmq#4656); every result received is on disk already, and the jobs stay in Redis if it comes back.
   */
  async close(now = false): Promise<void> {
    clearInterval(this.reconcileTimer);
    const answering = this.health.answering;
    this.health.close();
    if (!answering) {
      // not awaited either: a connection that is reconnecting never reports its end
      this.lookupClient.disconnect();
      void Promise.all([this.queueEvents.disconnect(), this.queue.disconnect()]).catch(() => {});
      return;
    }
    if (!now) await this.pendingWork;
    this.lookupClient.disconnect();
    if (now) {
      await Promise.all([this.queueEvents.disconnect(), this.queue.disconnect()]).catch(() => {});
      return;
    }
    await this.queueEvents.close();
    await this.queue.close();
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
