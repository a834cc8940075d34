// Grid → trials, and the run id of a trial. Pure: no I/O, the same input gives the same trials in any process.
import { createHash } from 'node:crypto';
import type { DataSpec } from '../train/prepared.js';
import { TRAINER_VERSION, type Hyperparams } from '../train/train.js';
import { AXES, NOTEBOOK_HYPERPARAMS, type Trial } from './types.js';

/** An experiment's `grid`: per axis one value or a list of values; an axis left out takes the notebook's value. */
export type Grid = Partial<Record<keyof Hyperparams, number | number[]>>;
/** One entry of an experiment's `runs`: an axis left out takes the notebook's value. */
export type Point = Partial<Hyperparams>;

/** The most trials an experiment may have: above it the file is refused before anything is expanded. */
export const MAX_TRIALS = 1_000_000;

/** The canonical JSON of a data spec as run ids hash it, without the closing brace (the hyperparameters follow). */
function canonicalPrefix(dataSpecForId: DataSpec): string {
  const data = {
    dataset: dataSpecForId.path === undefined ? 'mnist' : null,
    path: dataSpecForId.path ?? null,
    limit: dataSpecForId.limit ?? null,
    test_size: dataSpecForId.testSize,
    split_seed: dataSpecForId.splitSeed,
    // only when set, so the ids of experiments without a validation split stay what they were
    ...(dataSpecForId.valSize ? { val_size: dataSpecForId.valSize } : {}),
  };
  return `{"trainer":${JSON.stringify(TRAINER_VERSION)},"data":${JSON.stringify(data)},`;
}

/** The run id of `hp` from its data spec's canonical prefix: what JSON.stringify gives for finite numbers. */
function runIdFrom(prefix: string, hp: Hyperparams): string {
  const canonical = `${prefix}"lr":${JSON.stringify(hp.lr)},"epochs":${JSON.stringify(hp.epochs)},"hidden":${JSON.stringify(hp.hidden)},"seed":${JSON.stringify(hp.seed)}}`;
  return createHash('sha256').update(canonical).digest('hex').slice(0, 12);
}

/**
 * The run id: the first 12 hex characters of SHA-256 over a canonical JSON of everything that decides the result:
 * {"trainer":…,"data":{"dataset","path","limit","test_size","split_seed"},"lr","epochs","hidden","seed"}.
 * `data.path` must be the path as written in the experiment file (not resolved), so ids survive moving the repo.
 * Key order is fixed and every key is always present, so the JSON (and the id) is the same in any process.
 */
export function runIdOf(dataSpecForId: DataSpec, hp: Hyperparams): string {
  return runIdFrom(canonicalPrefix(dataSpecForId), hp);
}

function valuesOf(v: number | number[] | undefined, notebook: number): number[] {
  return v === undefined ? [notebook] : Array.isArray(v) ? v : [v];
}

/** Each axis's values in the grid, in axis order. */
function gridAxes(grid: Grid): { axis: (typeof AXES)[number]; values: number[] }[] {
  return AXES.map((axis) => ({ axis, values: valuesOf(grid[axis], NOTEBOOK_HYPERPARAMS[axis]) }));
}

/** The number of points a grid has (the product of its axes' lengths), and the lengths: known without expanding. */
export function gridSize(grid: Grid): { points: number; axes: { axis: (typeof AXES)[number]; count: number }[] } {
  const axes = gridAxes(grid).map(({ axis, values }) => ({ axis, count: values.length }));
  return { points: axes.reduce((n, a) => n * a.count, 1), axes };
}

/** The grid's points: axes in the order lr, epochs, hidden, seed, the last varying fastest, values in written order. */
export function* gridPoints(grid: Grid): Generator<Hyperparams> {
  const [lr, epochs, hidden, seed] = gridAxes(grid).map((a) => a.values);
  for (const l of lr) for (const e of epochs) for (const h of hidden) for (const s of seed) yield { lr: l, epochs: e, hidden: h, seed: s };
}

/**
 * The experiment's trials: the grid's points, then the explicit runs, each with its run id; a point seen before is
 * dropped (the first occurrence keeps its place). Neither grid nor runs → the one notebook point. Callers check the
 * count against MAX_TRIALS first (gridSize).
 */
export function expandTrials(dataSpecForId: DataSpec, grid: Grid | undefined, runs: Point[] | undefined): Trial[] {
  const prefix = canonicalPrefix(dataSpecForId);
  const trials = new Map<string, Trial>();
  const add = (p: Hyperparams) => {
    const hp = { lr: p.lr, epochs: p.epochs, hidden: p.hidden, seed: p.seed };
    const runId = runIdFrom(prefix, hp);
    if (!trials.has(runId)) trials.set(runId, { runId, ...hp });
  };
  if (grid !== undefined || runs === undefined) for (const p of gridPoints(grid ?? {})) add(p);
  for (const r of runs ?? []) add({ ...NOTEBOOK_HYPERPARAMS, ...r });
  return [...trials.values()];
}
