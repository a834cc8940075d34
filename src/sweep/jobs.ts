// Training jobs: trials that differ only in epochs share one run, trained once to the largest count, each smaller
// count measured on the way (bit-identical to running it alone).
import type { Trial } from '../config/types.js';
import type { DataSpec } from '../train/prepared.js';

export interface TrainJob {
  /** stable name of the job: the run id of its longest trial */
  id: string;
  data: DataSpec;
  lr: number;
  hidden: number;
  seed: number;
  /** the trials it measures, by increasing epochs */
  trials: { runId: string; epochs: number }[];
}

/** Groups trials by (lr, hidden, seed), in the order their first trial appears; one job per group. */
export function groupIntoJobs(trials: Trial[], data: DataSpec): TrainJob[] {
  const groups = new Map<string, Trial[]>();
  for (const t of trials) {
    const key = JSON.stringify([t.lr, t.hidden, t.seed]);
    const group = groups.get(key);
    if (group) group.push(t);
    else groups.set(key, [t]);
  }
  return [...groups.values()].map((group) => {
    const sorted = [...group].sort((a, b) => a.epochs - b.epochs);
    const longest = sorted[sorted.length - 1];
    return {
      id: longest.runId,
      data,
      lr: longest.lr,
      hidden: longest.hidden,
      seed: longest.seed,
      trials: sorted.map((t) => ({ runId: t.runId, epochs: t.epochs })),
    };
  });
}

/** Epochs of training a job runs: its longest trial's. */
export function jobEpochs(job: TrainJob): number {
  return job.trials[job.trials.length - 1].epochs;
}
