// The local launcher: jobs run in child processes (child_process.fork of child.ts), at most `workers` at once
// (p-queue). A child serves job after job, keeping its prepared data; a child that dies, or is killed for a timeout,
// is replaced by a fresh one. Every promise `run` returns settles: a job still waiting when the sweep is aborted is
// rejected, since p-queue's clear() drops queued tasks without settling them.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import PQueue from 'p-queue';
import type { TrainJob } from '../../sweep/jobs.js';
import { JobFailure, type JobEvents, type Launcher } from '../launcher.js';
import { defaultKernels, type KernelsName } from '../../train/kernels/index.js';
import type { FromWorker, ToWorker } from './protocol.js';

const WORKER_ENTRY = fileURLToPath(new URL('./child.js', import.meta.url));
const STDERR_TAIL_LINES = 20;

export interface LocalLauncherOptions {
  /** jobs running at once (each in its own child process) */
  workers: number;
  /** seconds a trial may take (from its training's start or its previous trial's end) before its child is killed;
   *  a child's start-up and data loading get as long again on their own */
  trialTimeout?: number;
  /** the kernels the children train with (default: defaultKernels()) */
  kernels?: KernelsName;
}

interface Slot {
  index: number;
  child?: ChildProcess;
  /** last lines the child wrote to stderr: the reason when it dies */
  stderrTail: string[];
  /** the last line of stderr that names an error (V8 prints its out-of-memory report before a long native stack) */
  errorLine?: string;
  currentJob?: string;
  currentEvents?: JobEvents;
}

const OUT_OF_MEMORY = /heap out of memory|Array buffer allocation failed|ENOMEM/i;

function describeExit(code: number | null, signal: NodeJS.Signals | null, slot: Slot): string {
  if (slot.errorLine && OUT_OF_MEMORY.test(slot.errorLine)) return `child process ran out of memory (${slot.errorLine})`;
  const last = slot.errorLine ?? slot.stderrTail.filter((l) => l.trim() !== '').slice(-1)[0]?.trim();
  const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
  return last ? `child process ${how}: ${last}` : `child process ${how}`;
}

export class LocalLauncher implements Launcher {
  private readonly queue: PQueue;
  private readonly slots: Slot[];
  private readonly options: LocalLauncherOptions;
  private aborted = false;
  /** rejecters of jobs still waiting in the queue (not yet started) */
  private readonly waiting = new Set<() => void>();

  constructor(options: LocalLauncherOptions) {
    this.options = options;
    this.queue = new PQueue({ concurrency: options.workers });
    this.slots = Array.from({ length: options.workers }, (_, index) => ({ index, stderrTail: [] }));
  }

  run(job: TrainJob, events: JobEvents): Promise<void> {
    if (this.aborted) return Promise.reject(new JobFailure('sweep interrupted'));
    return new Promise<void>((resolve, reject) => {
      const drop = () => reject(new JobFailure('sweep interrupted'));
      this.waiting.add(drop);
      void this.queue.add(() => {
        this.waiting.delete(drop);
        return this.execute(job, events).then(resolve, reject);
      });
    });
  }

  private spawn(slot: Slot): ChildProcess {
    // --expose-gc: the worker collects the loader's garbage (file buffers, the byte copy of the pixels) right after
    // laying out a dataset, so the process's peak stays at the training footprint.
    // serialization 'advanced' (structured clone): a diverged loss arrives as NaN or Infinity, not as JSON's null.
    const child = fork(WORKER_ENTRY, [], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      execArgv: [...process.execArgv, '--expose-gc'],
      serialization: 'advanced',
    });
    slot.child = child;
    // A pipe or IPC channel to a child that just died can fail (EPIPE, ERR_IPC_CHANNEL_CLOSED); its 'exit' tells.
    child.on('error', () => {});
    child.stdout?.on('error', () => {});
    child.stderr?.on('error', () => {});
    slot.stderrTail = [];
    slot.errorLine = undefined;
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => slot.currentEvents?.output(chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      slot.currentEvents?.output(chunk);
      const lines = chunk.split('\n');
      // An out-of-memory report wins over the native stack lines that follow it (often in the same chunk).
      const named = lines.find((l) => OUT_OF_MEMORY.test(l)) ?? lines.filter((l) => /error|fatal/i.test(l)).at(-1);
      if (named && !(slot.errorLine && OUT_OF_MEMORY.test(slot.errorLine))) slot.errorLine = named.trim();
      slot.stderrTail.push(...lines);
      slot.stderrTail.splice(0, Math.max(0, slot.stderrTail.length - STDERR_TAIL_LINES));
    });
    child.on('exit', () => {
      if (slot.child === child) slot.child = undefined;
    });
    return child;
  }

  private execute(job: TrainJob, events: JobEvents): Promise<void> {
    if (this.aborted) return Promise.reject(new JobFailure('sweep interrupted'));
    const slot = this.slots.find((s) => s.currentJob === undefined)!;
    slot.currentJob = job.id;
    slot.currentEvents = events;
    const child = slot.child && slot.child.connected && !slot.child.killed ? slot.child : this.spawn(slot);
    events.started(slot.index);
    return new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const armTimer = () => {
        if (this.options.trialTimeout === undefined) return;
        clearTimeout(timer);
        timer = setTimeout(() => {
          // The slot takes its next job only once this child is gone (finish runs from its 'exit'), and in a new child.
          timedOut = true;
          if (slot.child === child) slot.child = undefined;
          child.kill('SIGKILL');
        }, this.options.trialTimeout * 1000);
      };
      let settled = false;
      let timedOut = false;
      const finish = (error?: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        slot.currentJob = undefined;
        slot.currentEvents = undefined;
        if (error) reject(error);
        else resolve();
      };
      const onMessage = (m: FromWorker) => {
        if (m.jobId !== job.id) return;
        if (m.type === 'training') armTimer();
        else if (m.type === 'epoch') events.epoch(m.epoch, m.loss);
        else if (m.type === 'trial') {
          events.trial(m.runId, m.checkpoint, m.losses);
          armTimer();
        } else if (m.type === 'done') finish();
        else if (m.type === 'error') finish(new JobFailure(m.message));
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        clearTimeout(timer);
        if (timedOut) return finish(new JobFailure(`trial timed out after ${this.options.trialTimeout} s; child process killed`));
        // Give the stderr pipe a moment to deliver the child's last words (an OOM report, a stack trace).
        setTimeout(() => finish(new JobFailure(describeExit(code, signal, slot))), 50);
      };
      child.on('message', onMessage);
      child.on('exit', onExit);
      armTimer();
      // A child that died between jobs fails the send; its 'exit' settles the job.
      child.send({ type: 'train', job, kernels: this.options.kernels ?? defaultKernels() } satisfies ToWorker, (err) => void err);
    });
  }

  /** First call: waiting jobs are rejected, running children get SIGTERM (SIGKILL 2 s later). Again: SIGKILL now. */
  async abort(): Promise<void> {
    const again = this.aborted;
    this.aborted = true;
    this.queue.clear();
    for (const drop of this.waiting) drop();
    this.waiting.clear();
    await Promise.all(this.slots.map((s) => this.stop(s.child, again ? 'SIGKILL' : 'SIGTERM')));
  }

  async close(): Promise<void> {
    await this.queue.onIdle();
    await Promise.all(this.slots.map((s) => this.stop(s.child, 'SIGTERM')));
  }

  /** Ends a child: closing IPC makes it exit; a child busy in a training loop gets `signal`, then SIGKILL. */
  private stop(child: ChildProcess | undefined, signal: NodeJS.Signals): Promise<void> {
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      const killer = setTimeout(() => child.kill('SIGKILL'), 2000);
      child.once('exit', () => {
        clearTimeout(killer);
        resolve();
      });
      if (child.connected) child.disconnect();
      child.kill(signal);
    });
  }
}
