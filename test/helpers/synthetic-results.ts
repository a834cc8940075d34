// A results folder of many made-up trials, written in seconds without training anything: for the tests, benchmarks
// and browser checks of what reads a big folder (show, plan, compare, report). The records have the shape `sweep
// run` writes; their numbers are smooth functions of the hyperparameters (not trained), with a few diverged and
// failed trials among them.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadExperiment } from '../../src/config/load.js';
import type { Trial } from '../../src/config/types.js';
import { recordToJson, type TrialRecord } from '../../src/store/record.js';
import { EXPERIMENT_COPY } from '../../src/store/store.js';

export interface SyntheticOptions {
  /** experiment name; the folder is <root>/<name> */
  name: string;
  /** the YAML of the grid, e.g. "{lr: [0.1, 0.2], seed: [1, 2]}" */
  grid: string;
  /** one trial in `divergeEvery` diverges (lr at its largest values), one in `failEvery` fails; 0: none */
  divergeEvery?: number;
  failEvery?: number;
  /** extra YAML lines (expect, replicate) */
  extra?: string;
}

/** A made-up record of `trial`: loss falls from 2.3 at a speed set by lr and hidden, with a little seed noise. */
export function syntheticRecord(experiment: string, trial: Trial, index: number, o: SyntheticOptions): TrialRecord {
  const noise = ((trial.seed * 7919) % 101) / 101 - 0.5;
  const speed = Math.min(0.5, trial.lr * 2) * (1 + Math.log2(trial.hidden) / 8) + noise * 0.01;
  const diverged = o.divergeEvery !== undefined && o.divergeEvery > 0 && index % o.divergeEvery === o.divergeEvery - 1;
  const failed = o.failEvery !== undefined && o.failEvery > 0 && index % o.failEvery === o.failEvery - 2;
  const epochs = diverged ? Math.max(1, Math.ceil(trial.epochs / 2)) : trial.epochs;
  const losses = Array.from({ length: failed ? 0 : epochs }, (_, e) => 0.3 + 2 * Math.exp(-speed * (e + 1)));
  if (diverged) losses[losses.length - 1] = NaN;
  const accuracy = Math.round((0.95 - 0.7 * Math.exp(-speed * trial.epochs)) * 2800) / 2800;
  const ok = !failed && !diverged;
  return {
    runId: trial.runId,
    experiment,
    status: failed ? 'failed' : diverged ? 'diverged' : 'ok',
    ...(failed ? { error: 'the worker training it exited with code 1' } : {}),
    lr: trial.lr,
    epochs: trial.epochs,
    hidden: trial.hidden,
    seed: trial.seed,
    data: { limit: 14000, testSize: 0.2, splitSeed: 42 },
    trainerVersion: 1,
    losses,
    finalLoss: failed ? null : losses[losses.length - 1],
    testAccuracy: ok ? accuracy : null,
    testCorrect: ok ? Math.round(accuracy * 2800) : null,
    testTotal: failed ? null : 2800,
    weightsSha256: failed ? null : trial.runId.repeat(6).slice(0, 64),
    trainSeconds: failed ? null : 0.01 * trial.epochs,
    finishedAt: new Date(Date.UTC(2026, 11, 1, 12, 0, Math.floor(index / 10))).toISOString(),
    node: 'v20.20.2',
    machine: 'linux-x64, 2 × AMD EPYC',
  };
}

/** Writes <root>/<name>/experiment.yaml and a record for every trial; returns the folder. */
export function writeSyntheticResults(root: string, o: SyntheticOptions): string {
  const dir = join(root, o.name);
  mkdirSync(join(dir, 'trials'), { recursive: true });
  const source = `name: ${o.name}\ndata: {limit: 14000}\ngrid: ${o.grid}\n${o.extra ?? ''}`;
  writeFileSync(join(dir, EXPERIMENT_COPY), source);
  const exp = loadExperiment(join(dir, EXPERIMENT_COPY));
  exp.trials.forEach((t, i) => writeFileSync(join(dir, 'trials', `${t.runId}.json`), recordToJson(syntheticRecord(o.name, t, i, o))));
  return dir;
}

/** "[a, a+step, …]": `n` values of an axis as YAML. */
export function yamlRange(n: number, first: number, step: number, digits = 6): string {
  return `[${Array.from({ length: n }, (_, i) => Number((first + i * step).toFixed(digits))).join(', ')}]`;
}
