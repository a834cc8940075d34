// The record of one finished trial: everything needed to read, compare or retrain it, saved as JSON with the same
// snake_case names as the CSVs and the experiment file (`run_id`, `weights_sha256`, `data.test_size`). Records
// written before that, with camelCase names, read the same.
import type { Trial } from '../config/types.js';
import type { MetricSeries } from '../train/metrics.js';
import type { KernelsName } from '../train/kernels/index.js';
import type { DataSpec } from '../train/prepared.js';
import { TRAINER_VERSION, type Checkpoint } from '../train/train.js';
import { provenance, type Provenance } from './provenance.js';

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
  /** the kernels that trained it, wasm or ts (same bits either way; absent in older records and failed ones) */
  kernels?: KernelsName;
  finishedAt: string;
  node: string;
  machine: string;
  /** mlp-sweep's version (records before it: absent) */
  version?: string;
  /** the experiment file's git commit and whether its tree was dirty, when it is in a repository */
  git?: Provenance['git'];
  /** the tracked metrics (`track`), one value per epoch trained, epoch 1 first */
  metrics?: MetricSeries;
  /** samples of the validation split (with data.val_size) */
  valTotal?: number;
  /** the saved weights this trial's training continued from, when it did */
  continuedFrom?: { runId: string; epochs: number };
}

function environment(from?: Provenance): Pick<TrialRecord, 'finishedAt' | 'node' | 'machine' | 'version' | 'git'> {
  const p = from ?? provenance();
  return {
    finishedAt: new Date().toISOString(),
    node: p.node,
    machine: p.machine,
    version: p.version,
    ...(p.git ? { git: p.git } : {}),
  };
}

/** What every record says of its trial, whatever became of it. */
function trialPart(experiment: string, trial: Trial, data: DataSpec) {
  const { runId, lr, epochs, hidden, seed } = trial;
  return { runId, experiment, lr, epochs, hidden, seed, data, trainerVersion: TRAINER_VERSION };
}

export function finishedRecord(experiment: string, trial: Trial, data: DataSpec, checkpoint: Checkpoint, losses: number[], from?: Provenance): TrialRecord {
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
    ...(checkpoint.metrics ? { metrics: checkpoint.metrics } : {}),
    ...(checkpoint.valTotal ? { valTotal: checkpoint.valTotal } : {}),
    ...(checkpoint.continuedFrom ? { continuedFrom: checkpoint.continuedFrom } : {}),
    kernels: checkpoint.kernels,
    ...environment(from),
  };
}

export function failedRecord(experiment: string, trial: Trial, data: DataSpec, error: string, from?: Provenance): TrialRecord {
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
    ...environment(from),
  };
}

/** A record counts as done (not retrained on resume) unless it failed: a diverged run diverges again. */
export function isDone(record: TrialRecord | undefined): boolean {
  return record !== undefined && record.status !== 'failed';
}

/** Whether the record holds a series of every metric in `track`. */
export function tracksAll(record: TrialRecord, track: readonly string[] | undefined): boolean {
  return (track ?? []).every((m) => (record.metrics as Record<string, unknown> | undefined)?.[m] !== undefined);
}

const NON_FINITE = /"(NaN|-?Infinity)"/;

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const camel = (key: string) => key.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

/** A copy of `value` with every object key renamed; the keys under `metrics` (metric names) are kept as they are. */
function renameKeys(value: unknown, rename: (key: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => renameKeys(v, rename));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [rename(k), k === 'metrics' ? v : renameKeys(v, rename)]));
}

/** JSON has no NaN or Infinity: a JSON.stringify replacer writing them as the strings "NaN", "Infinity", "-Infinity". */
export const nonFiniteAsText = (_key: string, value: unknown): unknown => (typeof value === 'number' && !Number.isFinite(value) ? String(value) : value);

export function recordToJson(record: TrialRecord): string {
  const json = renameKeys(record, snake);
  return JSON.stringify(json, nonFiniteAsText, 2) + '\n';
}

/** A record as JSON, snake_case (written now) or camelCase (written before): both give the same TrialRecord. */
export function recordFromJson(text: string): TrialRecord {
  // a reviver costs a call per value (most of the time of reading 100,000 records): only records that hold one of
  // those strings pay for it
  const raw = (NON_FINITE.test(text) ? JSON.parse(text, (_key, value) => (value === 'NaN' || value === 'Infinity' || value === '-Infinity' ? Number(value) : value)) : JSON.parse(text)) as unknown;
  return renameKeys(raw, camel) as TrialRecord;
}
