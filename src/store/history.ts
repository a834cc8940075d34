// history.csv's columns and rows: run_id, epoch, loss, then one column per tracked metric that any record holds (in
// the order of TRACKABLE), empty where a trial did not track it. Without tracking the file is as it always was.
import { TRACKABLE, type TrackedMetric } from '../config/types.js';
import type { TrialRecord } from './record.js';
import { formatNumber } from './store.js';

export const HISTORY_COLUMNS = ['run_id', 'epoch', 'loss'] as const;

/** The tracked metrics held by any of the records. */
export function trackedIn(records: TrialRecord[]): TrackedMetric[] {
  return TRACKABLE.filter((m) => records.some((r) => r.metrics?.[m] !== undefined));
}

/** One record's history.csv rows, with a column for each of `tracked`. */
export function historyRowsOf(r: TrialRecord, tracked: TrackedMetric[]): Record<string, string>[] {
  return r.losses.map((loss, i) => {
    const row: Record<string, string> = { run_id: r.runId, epoch: String(i + 1), loss: formatNumber(loss) };
    for (const m of tracked) row[m] = formatNumber(r.metrics?.[m]?.[i]);
    return row;
  });
}

export function historyTable(records: TrialRecord[]): { columns: string[]; rows: Record<string, string>[] } {
  const tracked = trackedIn(records);
  return { columns: [...HISTORY_COLUMNS, ...tracked], rows: records.flatMap((r) => historyRowsOf(r, tracked)) };
}
