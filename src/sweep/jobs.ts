// Training jobs: trials that differ only in epochs share one run, trained once to the largest count, each smaller
// count measured on the way (bit-identical to running it alone).
import type { TrackedMetric, Trial } from '../config/types.js';
import type { MetricSeries } from '../train/metrics.js';
import type { DataSpec } from '../train/prepared.js';

/** Saved weights of a shorter trial of the same run, to train on from (see continue.ts). */
export interface SavedStart {
  runId: string;
  epochs: number;
  /** the .npz file and the SHA-256 its weights must have */
  file: string;
  weightsSha256: string;
  /** what that trial recorded of its epochs: the continued trial's first `epochs` epochs */
  losses: number[];
  metrics?: MetricSeries;
}

export interface TrainJob {
  /** stable name of the job: the run id of its longest trial */
  id: string;
  data: DataSpec;
  lr: number;
  hidden: number;
  seed: number;
  /** the trials it measures, by increasing epochs */
  trials: { runId: string; epochs: number }[];
  /** per-epoch metrics to measure (`track`) */
  track?: TrackedMetric[];
  /** folder to save each trial's weights in as <run_id>.npz (`save_weights`; local launcher only) */
  weightsDir?: string;
  /** saved weights to start from instead of epoch 0 (local launcher only) */
  from?: SavedStart;
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

/** Epochs of training a job runs: its longest trial's, less those of the saved weights it starts from. */
export function jobEpochs(job: TrainJob): number {
  return job.trials[job.trials.length - 1].epochs - (job.from?.epochs ?? 0);
}
