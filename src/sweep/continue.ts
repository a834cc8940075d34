// Training that continues: full-batch gradient descent has no state but the weights, so a run whose weights after e
// epochs were saved (weights/<run_id>.npz) can train a longer trial of the same run from there, E − e epochs,
// bit-identical to training it from scratch. The child checks the file's SHA-256 against the record before use.
import { existsSync } from 'node:fs';
import type { DataSpec } from '../train/prepared.js';
import { TRAINER_VERSION } from '../train/train.js';
import { tracksAll, type TrialRecord } from '../store/record.js';
import { weightsFile } from '../store/weights.js';
import type { SavedStart, TrainJob } from './jobs.js';

function sameData(a: DataSpec, b: DataSpec): boolean {
  return a.path === b.path && a.limit === b.limit && a.testSize === b.testSize && a.splitSeed === b.splitSeed && (a.valSize ?? 0) === (b.valSize ?? 0);
}

/** The longest saved trial of `job`'s run shorter than its first trial, with the metrics the job tracks. */
export function savedStart(job: TrainJob, records: Iterable<TrialRecord>, resultsDir: string, exists: (file: string) => boolean = existsSync): SavedStart | undefined {
  let best: TrialRecord | undefined;
  for (const r of records) {
    const usable =
      r.status === 'ok' &&
      r.trainerVersion === TRAINER_VERSION &&
      r.weightsSha256 !== null &&
      r.lr === job.lr && r.hidden === job.hidden && r.seed === job.seed &&
      sameData(r.data, job.data) &&
      r.epochs < job.trials[0].epochs &&
      r.losses.length === r.epochs &&
      tracksAll(r, job.track) &&
      exists(weightsFile(resultsDir, r.runId));
    if (usable && (best === undefined || r.epochs > best.epochs)) best = r;
  }
  if (!best) return undefined;
  const metrics = job.track ? Object.fromEntries(job.track.map((m) => [m, best.metrics![m]!.slice(0, best.epochs)])) : undefined;
  return {
    runId: best.runId,
    epochs: best.epochs,
    file: weightsFile(resultsDir, best.runId),
    weightsSha256: best.weightsSha256!,
    losses: best.losses,
    ...(metrics ? { metrics } : {}),
  };
}

/** The jobs, each set to start from the saved weights it can continue from (if any). */
export function continueFromSaved(jobs: TrainJob[], records: Map<string, TrialRecord>, resultsDir: string): TrainJob[] {
  return jobs.map((job) => {
    const from = savedStart(job, records.values(), resultsDir);
    return from ? { ...job, from } : job;
  });
}
