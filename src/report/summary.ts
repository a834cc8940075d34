// Seeds as replicates: trials grouped by configuration (every hyperparameter but the seed), with n, mean, sample
// standard deviation (n − 1), min and max of test accuracy and final loss over the group's finished trials.
import type { TrialRecord } from '../store/record.js';

export interface Stats {
  n: number;
  mean: number | null;
  /** sample standard deviation (divides by n − 1); null when n < 2 */
  std: number | null;
  min: number | null;
  max: number | null;
}

export interface ConfigSummary {
  lr: number;
  epochs: number;
  hidden: number;
  /** records of the configuration's trials, in the experiment's order (all statuses) */
  records: TrialRecord[];
  /** trials that finished ok: the ones the statistics are over */
  n: number;
  testAccuracy: Stats;
  finalLoss: Stats;
}

/** Statistics of `values`, summed in the order given, so the same values always give the same bits. */
export function stats(values: number[]): Stats {
  const n = values.length;
  if (n === 0) return { n, mean: null, std: null, min: null, max: null };
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / n;
  let squares = 0;
  let min = Infinity;
  let max = -Infinity;
  // a loop, not Math.min(...values): a spread of a million seeds overflows the stack
  for (const v of values) {
    squares += (v - mean) * (v - mean);
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  return { n, mean, std: n > 1 ? Math.sqrt(squares / (n - 1)) : null, min, max };
}

export function configKey(r: { lr: number; epochs: number; hidden: number }): string {
  return JSON.stringify([r.lr, r.epochs, r.hidden]);
}

/** One summary per configuration, in the order each configuration first appears in `records`. */
export function summarise(records: TrialRecord[]): ConfigSummary[] {
  const groups = new Map<string, TrialRecord[]>();
  for (const r of records) {
    const key = configKey(r);
    const group = groups.get(key);
    if (group) group.push(r);
    else groups.set(key, [r]);
  }
  return [...groups.values()].map((group) => {
    const ok = group.filter((r) => r.status === 'ok');
    return {
      lr: group[0].lr,
      epochs: group[0].epochs,
      hidden: group[0].hidden,
      records: group,
      n: ok.length,
      testAccuracy: stats(ok.map((r) => r.testAccuracy!)),
      finalLoss: stats(ok.map((r) => r.finalLoss!)),
    };
  });
}
