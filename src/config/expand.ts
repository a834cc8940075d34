// Grid → trials, and the run id of a trial. Pure: no I/O, the same input gives the same trials in any process.
import { createHash } from 'node:crypto';
import type { DataSpec } from '../train/prepared.js';
import { TRAINER_VERSION, type Hyperparams } from '../train/train.js';
import { AXES, NOTEBOOK_HYPERPARAMS, type Trial } from './types.js';

/** An experiment's `grid`: per axis one value or a list of values; an axis left out takes the notebook's value. */
export type Grid = Partial<Record<keyof Hyperparams, number | number[]>>;
/** One entry of an experiment's `runs`: an axis left out takes the notebook's value. */
export type Point = Partial<Hyperparams>;

/**
 * The run id: the first 12 hex characters of SHA-256 over a canonical JSON of everything that decides the result.
 * `data.path` must be the path as written in the experiment file (not resolved), so ids survive moving the repo.
 * Key order is fixed and every key is always present, so the JSON (and the id) is the same in any process.
 */
export function runIdOf(dataSpecForId: DataSpec, hp: Hyperparams): string {
  const canonical = {
    trainer: TRAINER_VERSION,
    data: {
      dataset: dataSpecForId.path === undefined ? 'mnist' : null,
      path: dataSpecForId.path ?? null,
      limit: dataSpecForId.limit ?? null,
      test_size: dataSpecForId.testSize,
      split_seed: dataSpecForId.splitSeed,
      // only when set, so the ids of experiments without a validation split stay what they were
      ...(dataSpecForId.valSize ? { val_size: dataSpecForId.valSize } : {}),
    },
    lr: hp.lr,
    epochs: hp.epochs,
    hidden: hp.hidden,
    seed: hp.seed,
  };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex').slice(0, 12);
}

function valuesOf(v: number | number[] | undefined, notebook: number): number[] {
  return v === undefined ? [notebook] : Array.isArray(v) ? v : [v];
}

/** The grid's points: axes in the order lr, epochs, hidden, seed, the last varying fastest, values in written order. */
export function gridPoints(grid: Grid): Hyperparams[] {
  let points: Point[] = [{}];
  for (const axis of AXES) {
    const values = valuesOf(grid[axis], NOTEBOOK_HYPERPARAMS[axis]);
    points = points.flatMap((p) => values.map((v) => ({ ...p, [axis]: v })));
  }
  return points as Hyperparams[];
}

/**
 * The experiment's trials: the grid's points, then the explicit runs, each with its run id; a point seen before is
 * dropped (the first occurrence keeps its place). Neither grid nor runs → the one notebook point.
 */
export function expandTrials(dataSpecForId: DataSpec, grid: Grid | undefined, runs: Point[] | undefined): Trial[] {
  const points: Hyperparams[] = [
    ...(grid !== undefined || runs === undefined ? gridPoints(grid ?? {}) : []),
    ...(runs ?? []).map((r) => ({ ...NOTEBOOK_HYPERPARAMS, ...r })),
  ];
  const trials = new Map<string, Trial>();
  for (const p of points) {
    const hp = { lr: p.lr, epochs: p.epochs, hidden: p.hidden, seed: p.seed };
    const runId = runIdOf(dataSpecForId, hp);
    if (!trials.has(runId)) trials.set(runId, { runId, ...hp });
  }
  return [...trials.values()];
}
