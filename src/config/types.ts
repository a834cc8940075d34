// What an experiment file means once loaded: the data spec, the trials in the experiment's own order, the
// expectations. Produced by load.ts (parse + validate) and expand.ts (grid → trials); consumed by the sweep.
import type { DataSpec } from '../train/prepared.js';
import type { Hyperparams } from '../train/train.js';

export const AXES = ['lr', 'epochs', 'hidden', 'seed'] as const;
export type Axis = (typeof AXES)[number];

/** The notebook's values, taken by every axis an experiment leaves out. */
export const NOTEBOOK_HYPERPARAMS: Hyperparams = { lr: 0.03, epochs: 40, hidden: 128, seed: 42 };

export interface Trial extends Hyperparams {
  /** short content hash of everything that decides the result (data spec, hyperparameters, trainer version) */
  runId: string;
}

/** Per-epoch metrics an experiment can `track` (see src/train/metrics.ts for when each is measured). */
export const TRACKABLE = ['val_loss', 'val_accuracy', 'test_loss', 'test_accuracy', 'train_accuracy', 'grad_norm', 'weight_norm', 'dead_units'] as const;
export type TrackedMetric = (typeof TRACKABLE)[number];

/** Metrics an expectation can name. */
export const EXPECTABLE = ['test_accuracy', 'final_loss', 'test_correct', 'test_accuracy_mean', 'final_loss_mean'] as const;
export type ExpectableMetric = (typeof EXPECTABLE)[number];

export interface Expectation {
  /** hyperparameters that pick the trials it is about (an axis left out matches any value) */
  where: Partial<Hyperparams>;
  metric: ExpectableMetric;
  /** the reported value as written in the file */
  value: number;
  /** decimals written (0.2393 → 4): the measured value, rounded to this many, must equal `value` */
  decimals: number;
  /** line of the expectation in the experiment file (1-based), for messages that point back at it */
  line?: number;
}

export interface Experiment {
  /** path of the experiment file, as given */
  file: string;
  /** the file's text, kept so records and reports can carry it */
  source: string;
  name: string;
  description?: string;
  /** data.path, when given, resolved against the experiment file's folder */
  data: DataSpec;
  /** the data spec as run ids hash it: data.path as written in the file, so ids do not depend on where the repo lives (always set by loadExperiment) */
  dataForId?: DataSpec;
  /** grid points in grid order (axes lr, epochs, hidden, seed; the last varies fastest), then explicit runs; no duplicates */
  trials: Trial[];
  expectations: Expectation[];
  /** 'seed': the seed axis lists repeats of each configuration (reported as n, mean ± std, min, max) */
  replicate?: 'seed';
  /** per-epoch metrics to record (`track`), in the file's order; absent: none */
  track?: TrackedMetric[];
  /** `save_weights`: write weights/<run_id>.npz at each checkpoint */
  saveWeights?: boolean;
}
