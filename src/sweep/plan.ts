// What a sweep would do, before it does it: each trial done, to run or failed (retried), the records the file no
// longer produces (stale: kept, never deleted), the epochs left after epoch sharing, and an estimate of the time.
import type { Experiment, Trial } from '../config/types.js';
import { groupIntoJobs, jobEpochs, type TrainJob } from './jobs.js';
import { isDone, tracksAll, type TrialRecord } from '../store/record.js';
import { continueFromSaved } from './continue.js';
import { formatDuration } from './progress.js';

export type TrialState = 'done' | 'to run' | 'failed';

export interface Plan {
  entries: { trial: Trial; state: TrialState; record?: TrialRecord }[];
  /** records in the folder that no trial of the file produces */
  stale: TrialRecord[];
  /** trials to train (to run and failed; with --force, all) */
  pending: Trial[];
  jobs: TrainJob[];
  /** epochs to train after epoch sharing, and what training each trial alone would take */
  epochsLeft: number;
  epochsUnshared: number;
}

/**
 * `savedIn`: the results folder, to continue runs from the weights saved there (weights/<run_id>.npz); absent: every
 * run starts from epoch 0. A record without a series of every tracked metric is trained again.
 */
export function makePlan(exp: Experiment, records: Map<string, TrialRecord>, force = false, savedIn?: string): Plan {
  const entries = exp.trials.map((trial) => {
    const record = records.get(trial.runId);
    const state: TrialState = isDone(record) && tracksAll(record!, exp.track) ? 'done' : record?.status === 'failed' ? 'failed' : 'to run';
    return { trial, state, record };
  });
  const ids = new Set(exp.trials.map((t) => t.runId));
  const stale = [...records.values()].filter((r) => !ids.has(r.runId));
  const pending = entries.filter((e) => force || e.state !== 'done').map((e) => e.trial);
  const grouped = groupIntoJobs(pending, exp.data).map((j) => (exp.track ? { ...j, track: exp.track } : j));
  const jobs = savedIn === undefined ? grouped : continueFromSaved(grouped, records, savedIn);
  return {
    entries,
    stale,
    pending,
    jobs,
    epochsLeft: jobs.reduce((s, j) => s + jobEpochs(j), 0),
    epochsUnshared: pending.reduce((s, t) => s + t.epochs, 0),
  };
}

/**
 * Seconds per unit of work (one epoch of one training sample through one hidden unit) measured by finished trials:
 * the median over ok records with a timing, or undefined when there are none.
 */
export function measuredRate(records: Iterable<TrialRecord>, trainSamples: number): number | undefined {
  const rates = [...records]
    .filter((r) => r.status === 'ok' && r.trainSeconds !== null && r.trainSeconds > 0)
    .map((r) => r.trainSeconds! / (r.epochs * trainSamples * r.hidden))
    .sort((a, b) => a - b);
  return rates.length === 0 ? undefined : rates[Math.floor(rates.length / 2)];
}

/**
 * What a sweep costs besides training, measured on a 2-core machine with `make scale` (README, "Plan, resume,
 * verify"): starting the CLI and the workers; each worker preparing the data (reading the IDX files, the split, the
 * sparse layout) once; each job's round trip (IPC, its record written); the report at the end.
 */
export const OVERHEAD = {
  startSeconds: 1.0,
  prepareSeconds: (samples: number) => 0.3 + 1.3e-5 * samples,
  perJobSeconds: 0.015,
  reportSeconds: (trials: number) => 1.5 + 4e-4 * trials,
};

/**
 * Wall seconds for the plan's jobs on `workers` processes, longest jobs first onto the least loaded worker, each
 * job's training plus its round trip; plus starting, preparing the data and writing the report.
 */
export function estimateSeconds(plan: Plan, rate: number, trainSamples: number, workers: number): number {
  const loads = new Array<number>(Math.max(1, workers)).fill(0);
  const costs = plan.jobs.map((j) => jobEpochs(j) * trainSamples * j.hidden * rate + OVERHEAD.perJobSeconds).sort((a, b) => b - a);
  // the least loaded worker by a scan, not Math.min(...loads) per job: 10,000 jobs on 64 workers stay linear
  for (const c of costs) {
    let least = 0;
    for (let w = 1; w < loads.length; w++) if (loads[w] < loads[least]) least = w;
    loads[least] += c;
  }
  const training = loads.reduce((m, l) => Math.max(m, l), 0);
  return OVERHEAD.startSeconds + OVERHEAD.prepareSeconds(trainSamples) + training + OVERHEAD.reportSeconds(plan.entries.length);
}

export function planSummary(plan: Plan, estimate: number | undefined, workers: number): string {
  const count = (s: TrialState) => plan.entries.filter((e) => e.state === s).length;
  const continued = plan.jobs.reduce((s, j) => s + (j.from?.epochs ?? 0), 0);
  const saved = plan.epochsUnshared - plan.epochsLeft - continued;
  const parts = [
    `${plan.entries.length} trial(s): ${count('done')} done, ${count('to run')} to run, ${count('failed')} failed (retried)`,
    `${plan.stale.length} stale record(s)`,
    `${plan.epochsLeft} epoch(s) to train in ${plan.jobs.length} run(s)${saved > 0 ? ` (epoch sharing saves ${saved})` : ''}${continued > 0 ? ` (saved weights spare ${continued})` : ''}`,
  ];
  if (plan.epochsLeft > 0 && estimate !== undefined) parts.push(`about ${formatDuration(estimate)} on ${workers} worker(s)`);
  return `plan: ${parts.join('; ')}`;
}
