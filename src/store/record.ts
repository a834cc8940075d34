// The record of one finished trial: everything needed to read, compare or retrain it, saved as JSON.
import { arch, cpus, platform } from 'node:os';
import type { Trial } from '../config/types.js';
import type { DataSpec } from '../train/prepared.js';
import { TRAINER_VERSION, type Checkpoint } from '../train/train.js';

export type TrialStatus = 'ok' | 'failed' | 'diverged';

export interface TrialRecord {
  runId: string;
  experiment: string;
  status: TrialStatus;
  /** why a failed trial failed */
  error?: string;
  lr: number;
  epochs: number;
  hidden: number;
  seed: number;
  data: DataSpec;
  trainerVersion: number;
  /** loss of every epoch trained, epoch 1 first (NaN/±Infinity for a diverged last epoch) */
  losses: number[];
  finalLoss: number | null;
  testAccuracy: number | null;
  testCorrect: number | null;
  testTotal: number | null;
  weightsSha256: string | null;
  trainSeconds: number | null;
  finishedAt: string;
  node: string;
  machine: string;
}

function environment(): Pick<TrialRecord, 'finishedAt' | 'node' | 'machine'> {
  return {
    finishedAt: new Date().toISOString(),
    node: process.version,
    machine: `${platform()}-${arch()}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}`,
  };
}

/** What every record says of its trial, whatever became of it. */
function trialPart(experiment: string, trial: Trial, data: DataSpec) {
  const { runId, lr, epochs, hidden, seed } = trial;
  return { runId, experiment, lr, epochs, hidden, seed, data, trainerVersion: TRAINER_VERSION };
}

export function finishedRecord(experiment: string, trial: Trial, data: DataSpec, checkpoint: Checkpoint, losses: number[]): TrialRecord {
  const ok = checkpoint.status === 'ok';
  return {
    ...trialPart(experiment, trial, data),
    status: checkpoint.status,
    losses,
    finalLoss: checkpoint.finalLoss,
    testAccuracy: ok ? checkpoint.testAccuracy : null,
    testCorrect: ok ? checkpoint.testCorrect : null,
    testTotal: checkpoint.testTotal,
    weightsSha256: checkpoint.weightsSha256,
    trainSeconds: Math.round(checkpoint.trainSeconds * 1000) / 1000,
    ...environment(),
  };
}

export function failedRecord(experiment: string, trial: Trial, data: DataSpec, error: string): TrialRecord {
  return {
    ...trialPart(experiment, trial, data),
    status: 'failed',
    error,
    losses: [],
    finalLoss: null,
    testAccuracy: null,
    testCorrect: null,
    testTotal: null,
    weightsSha256: null,
    trainSeconds: null,
    ...environment(),
  };
}

/** A record counts as done (not retrained on resume) unless it failed: a diverged run diverges again. */
export function isDone(record: TrialRecord | undefined): boolean {
  return record !== undefined && record.status !== 'failed';
}

// JSON has no NaN or Infinity: they are written as the strings "NaN", "Infinity", "-Infinity".
export function recordToJson(record: TrialRecord): string {
  return JSON.stringify(record, (_key, value) => (typeof value === 'number' && !Number.isFinite(value) ? String(value) : value), 2) + '\n';
}

// A reviver costs a call per value (most of the time of reading 100,000 records): only records that hold one of
// those strings pay for it.
const NON_FINITE = /"(NaN|-?Infinity)"/;

export function recordFromJson(text: string): TrialRecord {
  if (!NON_FINITE.test(text)) return JSON.parse(text) as TrialRecord;
  return JSON.parse(text, (_key, value) => (value === 'NaN' || value === 'Infinity' || value === '-Infinity' ? Number(value) : value)) as TrialRecord;
}
