// The tables printed after a sweep and by `sweep show`: trials by test accuracy, a pivot of test accuracy when two
// axes vary, and the expectations (reported vs measured).
import Table from 'cli-table3';
import { tableString } from './text-table.js';
import { checkExpectation, matchingTrials } from '../config/expectations.js';
import { AXES, type Axis, type Experiment } from '../config/types.js';
import type { TrialRecord } from '../store/record.js';
import { configKey, summarise, type ConfigSummary, type Stats } from './summary.js';
import { bestLine } from './best.js';

export const percent = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(2)}%`);
const loss = (x: number | null) => (x === null ? '—' : Number.isFinite(x) ? x.toFixed(4) : String(x));

/** Records of the experiment's trials, in the experiment's order. */
export function experimentRecords(exp: Experiment, records: Map<string, TrialRecord>): TrialRecord[] {
  return exp.trials.map((t) => records.get(t.runId)).filter((r): r is TrialRecord => r !== undefined);
}

export function trialsTable(rows: TrialRecord[]): string {
  const table = new Table({
    head: ['run_id', 'lr', 'epochs', 'hidden', 'seed', 'status', 'final loss', 'test accuracy', 'correct', 'train s'],
    colAligns: ['left', 'right', 'right', 'right', 'right', 'left', 'right', 'right', 'right', 'right'],
    style: { head: [], border: [] },
  });
  const sorted = [...rows].sort((a, b) => (b.testAccuracy ?? -1) - (a.testAccuracy ?? -1));
  for (const r of sorted) {
    table.push([
      r.runId, r.lr, r.epochs, r.hidden, r.seed,
      r.status === 'failed' ? `failed: ${r.error ?? ''}`.slice(0, 60) : r.status,
      loss(r.finalLoss), percent(r.testAccuracy),
      r.testCorrect === null ? '—' : `${r.testCorrect}/${r.testTotal}`,
      r.trainSeconds === null ? '—' : r.trainSeconds.toFixed(1),
    ]);
  }
  return tableString(table);
}

/** The axes that take more than one value among `rows`, in axis order. */
export function varyingAxes(rows: { lr: number; epochs: number; hidden: number; seed: number }[]): Axis[] {
  return AXES.filter((axis) => new Set(rows.map((r) => r[axis])).size > 1);
}

/** Test accuracy with the first varying axis down and the second across; undefined unless exactly two vary. */
export function pivotTable(rows: TrialRecord[]): string | undefined {
  return pivot(rows, (r) => (r.status === 'ok' ? percent(r.testAccuracy) : r.status));
}

/** With seeds as replicates: mean ± std of test accuracy per configuration, over the two axes that vary. */
export function replicatePivotTable(configs: ConfigSummary[]): string | undefined {
  return pivot(configs.map((c) => ({ ...c, seed: 0 })), (c) => meanStd(c.testAccuracy, true));
}

function pivot<T extends { lr: number; epochs: number; hidden: number; seed: number }>(rows: T[], cell: (row: T) => string): string | undefined {
  const axes = varyingAxes(rows);
  if (axes.length !== 2) return undefined;
  const [down, across] = axes;
  const downValues = [...new Set(rows.map((r) => r[down]))].sort((a, b) => a - b);
  const acrossValues = [...new Set(rows.map((r) => r[across]))].sort((a, b) => a - b);
  const table = new Table({
    head: [`${down} \\ ${across}`, ...acrossValues.map(String)],
    colAligns: ['left', ...acrossValues.map(() => 'right' as const)],
    style: { head: [], border: [] },
  });
  // each cell's row by a lookup, not a search through all rows: a 100 × 100 pivot of 10,000 trials stays linear
  const key = (d: number, a: number) => `${d} ${a}`;
  const first = new Map<string, T>();
  for (const r of rows) if (!first.has(key(r[down], r[across]))) first.set(key(r[down], r[across]), r);
  for (const d of downValues) {
    table.push([
      String(d),
      ...acrossValues.map((a) => {
        const r = first.get(key(d, a));
        return r === undefined ? '' : cell(r);
      }),
    ]);
  }
  return `Test accuracy (${down} × ${across})\n${tableString(table)}`;
}

/** "66.54% ± 0.12" for accuracies (std in points), "1.8049 ± 0.0012" for losses; n < 2 shows the mean alone. */
export function meanStd(s: Stats, asPercent: boolean): string {
  if (s.mean === null) return '—';
  const mean = asPercent ? percent(s.mean) : s.mean.toFixed(4);
  if (s.std === null) return mean;
  return `${mean} ± ${asPercent ? (s.std * 100).toFixed(2) : s.std.toFixed(4)}`;
}

/**
 * Configurations by mean test accuracy, over their seeds. The winner is marked "within noise" when its lead over the
 * runner-up is smaller than the seed spread (the larger of the two standard deviations).
 */
export function replicatesTable(configs: ConfigSummary[]): string {
  const table = new Table({
    head: ['lr', 'epochs', 'hidden', 'n', 'test accuracy (mean ± std)', 'min', 'max', 'final loss (mean ± std)', ''],
    colAligns: ['right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
    style: { head: [], border: [] },
  });
  const sorted = [...configs].sort((a, b) => (b.testAccuracy.mean ?? -1) - (a.testAccuracy.mean ?? -1));
  const [best, second] = sorted;
  let note = '';
  if (best && second && best.testAccuracy.mean !== null && second.testAccuracy.mean !== null) {
    const lead = best.testAccuracy.mean - second.testAccuracy.mean;
    const spread = Math.max(best.testAccuracy.std ?? 0, second.testAccuracy.std ?? 0);
    note = lead < spread ? `best, within noise (lead ${(lead * 100).toFixed(2)} pts < std ${(spread * 100).toFixed(2)})` : 'best';
  }
  for (const c of sorted) {
    table.push([
      c.lr, c.epochs, c.hidden, c.n, meanStd(c.testAccuracy, true), percent(c.testAccuracy.min), percent(c.testAccuracy.max),
      meanStd(c.finalLoss, false), c === best ? note : '',
    ]);
  }
  return tableString(table);
}

export interface ExpectationResult {
  where: string;
  metric: string;
  reported: number;
  measured: number | null;
  holds: boolean;
}

const TRIAL_METRIC = {
  test_accuracy: (r: TrialRecord) => r.testAccuracy,
  final_loss: (r: TrialRecord) => r.finalLoss,
  test_correct: (r: TrialRecord) => r.testCorrect,
} as const;

const MEAN_METRIC = {
  test_accuracy_mean: (c: ConfigSummary) => c.testAccuracy.mean,
  final_loss_mean: (c: ConfigSummary) => c.finalLoss.mean,
} as const;

/**
 * Every expectation against every trial it matches (for a `*_mean` metric: every configuration it matches, over
 * its seeds); a trial without a record, or a configuration missing any of its seeds, does not hold.
 */
export function checkExpectations(exp: Experiment, records: Map<string, TrialRecord>): ExpectationResult[] {
  return exp.expectations.flatMap((e) => {
    const trials = matchingTrials(e, exp.trials);
    const units: { where: string; measured: number | null }[] = [];
    const whereText = (extra: Record<string, number>) =>
      Object.entries({ ...e.where, ...extra }).map(([k, v]) => `${k}=${v}`).join(' ');
    if (e.metric in MEAN_METRIC) {
      const byConfig = new Map<string, typeof trials>();
      for (const t of trials) byConfig.set(configKey(t), [...(byConfig.get(configKey(t)) ?? []), t]);
      for (const group of byConfig.values()) {
        const found = group.map((t) => records.get(t.runId)).filter((r): r is TrialRecord => r !== undefined);
        const [summary] = summarise(found);
        const complete = found.length === group.length && summary !== undefined && summary.n === group.length;
        const { lr, epochs, hidden } = group[0];
        units.push({ where: whereText({ lr, epochs, hidden }), measured: complete ? MEAN_METRIC[e.metric as keyof typeof MEAN_METRIC](summary) : null });
      }
    } else {
      for (const t of trials) {
        const r = records.get(t.runId);
        units.push({ where: whereText({}), measured: r === undefined ? null : TRIAL_METRIC[e.metric as keyof typeof TRIAL_METRIC](r) });
      }
    }
    return units.map(({ where, measured }) => {
      const check = measured === null ? { holds: false, measuredRounded: null } : checkExpectation(e, measured);
      return { where, metric: e.metric, reported: e.value, measured: check.measuredRounded, holds: check.holds };
    });
  });
}

export function expectationsTable(results: ExpectationResult[]): string {
  const table = new Table({ head: ['where', 'metric', 'reported', 'measured', ''], style: { head: [], border: [] } });
  for (const x of results) {
    const fmt = (v: number | null) => (v === null ? 'not run' : x.metric.startsWith('test_accuracy') ? percent(v) : String(v));
    table.push([x.where, x.metric, fmt(x.reported), fmt(x.measured), x.holds ? '✓' : '✗']);
  }
  return tableString(table);
}

/** All tables of a sweep, as printed at its end and by `sweep show`. */
export function sweepSummary(exp: Experiment, records: Map<string, TrialRecord>): { text: string; allOk: boolean; expectationsHold: boolean } {
  const rows = experimentRecords(exp, records);
  const parts = [`${exp.name}: ${rows.length} of ${exp.trials.length} trials recorded`, trialsTable(rows)];
  if (exp.replicate === 'seed') {
    const configs = summarise(rows);
    parts.push(`Configurations over seeds (std: sample, n − 1)\n${replicatesTable(configs)}`);
    const table = replicatePivotTable(configs);
    if (table) parts.push(table.replace('Test accuracy', 'Mean test accuracy ± std'));
  } else {
    const table = pivotTable(rows);
    if (table) parts.push(table);
  }
  const best = bestLine(rows);
  if (best) parts.push(best);
  const expectations = checkExpectations(exp, records);
  if (expectations.length > 0) parts.push(`Expectations\n${expectationsTable(expectations)}`);
  return {
    text: parts.join('\n\n'),
    allOk: rows.length === exp.trials.length && rows.every((r) => r.status === 'ok'),
    expectationsHold: expectations.every((x) => x.holds),
  };
}
