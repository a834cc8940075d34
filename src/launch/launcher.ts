// The sweep decides what runs (trials, shared-epoch jobs, resume); a launcher decides how. Launchers meet the sweep at
// this interface: the local child-process pool is one, others (a distributed queue) sit beside it.
import type { Checkpoint } from '../train/train.js';
import type { TrainJob } from '../sweep/jobs.js';

export interface JobEvents {
  /** the job started on worker slot `slot` (0-based); `worker` names the machine's worker when it is not this one (host:pid) */
  started(slot: number, worker?: string): void;
  epoch(epoch: number, loss: number): void;
  /** one of the job's trials finished */
  trial(runId: string, checkpoint: Checkpoint, losses: number[]): void;
  /** text the job's process wrote to stdout or stderr */
  output(chunk: string): void;
}

/** Why a job failed: one line for the user. */
export class JobFailure extends Error {
  override readonly name = 'JobFailure';
}

export interface Launcher {
  /**
   * Runs a job; resolves when all its trials are reported, rejects with a JobFailure. The promise always settles, on
   * every path: a job dropped by `abort` (still queued, or running when its process was ended) rejects, it never
   * stays pending, so a sweep awaiting all its jobs always comes to its end.
   */
  run(job: TrainJob, events: JobEvents): Promise<void>;
  /**
   * Stops everything now: queued jobs are rejected, running ones ended; resolves when their processes are gone.
   * Called a second time (a second Ctrl-C), it ends what is still running at once (SIGKILL) where it can.
   */
  abort(): Promise<void>;
  /** Releases the workers after the last job. */
  close(): Promise<void>;
}
