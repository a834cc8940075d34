// The tables printed after a sweep and by `sweep show`: trials by test accuracy, a pivot of test accuracy when two
// axes vary, and the expectations (reported vs measured).
import Table from 'cli-table3';
import { checkExpectation, matchingTrials } from '../config/expectations.js';
import { AXES, type Axis, type Experiment } from '../config/types.js';
import type { TrialRecord } from '../sweep/record.js';

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
  return table.toString();
}

/** The axes that take more than one value among `rows`, in axis order. */
export function varyingAxes(rows: { lr: number; epochs: number; hidden: number; seed: number }[]): Axis[] {
  return AXES.filter((axis) => new Set(rows.map((r) => r[axis])).size > 1);
}

/** Test accuracy with the first varying axis down and the second across; undefined unless exactly two vary. */
export function pivotTable(rows: TrialRecord[]): string | undefined {
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
  for (const d of downValues) {
    table.push([
      String(d),
      ...acrossValues.map((a) => {
        const r = rows.find((x) => x[down] === d && x[across] === a);
        return r === undefined ? '' : r.status === 'ok' ? percent(r.testAccuracy) : r.status;
      }),
    ]);
  }
  return `Test accuracy (${down} × ${across})\n${table.toString()}`;
}

export interface ExpectationResult {
  where: string;
  metric: string;
  reported: number;
  measured: number | null;
  holds: boolean;
}

const METRIC_OF = {
  test_accuracy: (r: TrialRecord) => r.testAccuracy,
  final_loss: (r: TrialRecord) => r.finalLoss,
  test_correct: (r: TrialRecord) => r.testCorrect,
} as const;

/** Every expectation against every trial it matches; a trial without a record does not hold. */
export function checkExpectations(exp: Experiment, records: Map<string, TrialRecord>): ExpectationResult[] {
  return exp.expectations.flatMap((e) =>
    matchingTrials(e, exp.trials).map((t) => {
      const r = records.get(t.runId);
      const measured = r === undefined ? null : METRIC_OF[e.metric](r);
      const check = measured === null ? { holds: false, measuredRounded: null } : checkExpectation(e, measured);
      return {
        where: Object.entries(e.where).map(([k, v]) => `${k}=${v}`).join(' '),
        metric: e.metric,
        reported: e.value,
        measured: check.measuredRounded,
        holds: check.holds,
      };
    }),
  );
}

export function expectationsTable(results: ExpectationResult[]): string {
  const table = new Table({ head: ['where', 'metric', 'reported', 'measured', ''], style: { head: [], border: [] } });
  for (const x of results) {
    const fmt = (v: number | null) => (v === null ? 'not run' : x.metric === 'test_accuracy' ? percent(v) : String(v));
    table.push([x.where, x.metric, fmt(x.reported), fmt(x.measured), x.holds ? '✓' : '✗']);
  }
  return table.toString();
}

/** All tables of a sweep, as printed at its end and by `sweep show`. */
export function sweepSummary(exp: Experiment, records: Map<string, TrialRecord>): { text: string; allOk: boolean; expectationsHold: boolean } {
  const rows = experimentRecords(exp, records);
  const parts = [`${exp.name}: ${rows.length} of ${exp.trials.length} trials recorded`, trialsTable(rows)];
  const pivot = pivotTable(rows);
  if (pivot) parts.push(pivot);
  const expectations = checkExpectations(exp, records);
  if (expectations.length > 0) parts.push(`Expectations\n${expectationsTable(expectations)}`);
  return {
    text: parts.join('\n\n'),
    allOk: rows.length === exp.trials.length && rows.every((r) => r.status === 'ok'),
    expectationsHold: expectations.every((x) => x.holds),
  };
}
