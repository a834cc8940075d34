// The best trial of a sweep, chosen honestly: by validation accuracy when the trials recorded it (track:
// [val_accuracy] with data.val_size), so the test set stays unseen by the choice. Choosing on a test metric is still
// possible, and says that it leaks. Used by the tables, the report and `sweep best`.
import type { TrialRecord } from '../store/record.js';

/** Metrics a best trial can be chosen by, each at the trial's last epoch, and which way is better. */
export const SELECTABLE = {
  val_accuracy: 'higher',
  val_loss: 'lower',
  test_accuracy: 'higher',
  test_loss: 'lower',
  train_accuracy: 'higher',
  final_loss: 'lower',
} as const;
export type SelectionMetric = keyof typeof SELECTABLE;

/** Whether choosing by the metric looks at the test set. */
export function leaks(metric: SelectionMetric): boolean {
  return metric.startsWith('test_');
}

/** The metric's value of a trial at its last epoch; undefined when it did not record it or did not finish ok. */
export function valueOf(r: TrialRecord, metric: SelectionMetric): number | undefined {
  if (r.status !== 'ok') return undefined;
  if (metric === 'test_accuracy') return r.testAccuracy ?? undefined;
  if (metric === 'final_loss') return r.finalLoss ?? undefined;
  const series = r.metrics?.[metric];
  return series === undefined || series.length < r.epochs ? undefined : series[r.epochs - 1];
}

/** val_accuracy when any ok trial recorded it, else test_accuracy (which leaks). */
export function defaultMetric(records: TrialRecord[]): SelectionMetric {
  return records.some((r) => valueOf(r, 'val_accuracy') !== undefined) ? 'val_accuracy' : 'test_accuracy';
}

export interface BestTrial {
  record: TrialRecord;
  metric: SelectionMetric;
  value: number;
  /** trials that had the metric and were compared */
  compared: number;
}

/** The best of `records` by `metric` (ties: the first in the order given); undefined when none has it. */
export function bestTrial(records: TrialRecord[], metric: SelectionMetric = defaultMetric(records)): BestTrial | undefined {
  let best: BestTrial | undefined;
  let compared = 0;
  for (const record of records) {
    const value = valueOf(record, metric);
    if (value === undefined || Number.isNaN(value)) continue;
    compared++;
    const better = best === undefined || (SELECTABLE[metric] === 'higher' ? value > best.value : value < best.value);
    if (better) best = { record, metric, value, compared: 0 };
  }
  return best && { ...best, compared };
}

/** The warning that goes with a choice made on the test set. */
export function leakNote(metric: SelectionMetric): string {
  return `chosen by ${metric}, on the test set: the choice leaks it, so its test accuracy overstates what to expect; track val_accuracy with data.val_size to choose honestly`;
}

/** One line for the tables and the report. */
export function bestLine(records: TrialRecord[]): string | undefined {
  const best = bestTrial(records);
  if (!best || best.compared < 2) return undefined;
  const r = best.record;
  const test = best.metric === 'test_accuracy' ? '' : `, test_accuracy ${r.testAccuracy}`;
  const line = `Best of ${best.compared} by ${best.metric}: ${r.runId} lr=${r.lr} epochs=${r.epochs} hidden=${r.hidden} seed=${r.seed} (${best.metric} ${best.value}${test})`;
  return leaks(best.metric) ? `${line}\n  note: ${leakNote(best.metric)}` : line;
}

/** The trial as an entry of an experiment file's `runs:`, ready to paste. */
export function runsEntry(r: TrialRecord): string {
  return `runs:\n  - {lr: ${r.lr}, epochs: ${r.epochs}, hidden: ${r.hidden}, seed: ${r.seed}}\n`;
}
