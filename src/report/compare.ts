// Two results folders side by side: trials joined on their hyperparameters and data spec, with accuracy and loss
// deltas; a trial whose weights differ, or that only one side has, is flagged.
import Table from 'cli-table3';
import { tableString } from './text-table.js';
import type { TrialRecord } from '../store/record.js';
import { percent } from './tables.js';

export interface ComparedTrial {
  label: string;
  a?: TrialRecord;
  b?: TrialRecord;
  /** why it is flagged: weights differ, only on one side, status changed; undefined when identical */
  flag?: string;
}

function joinKey(r: TrialRecord): string {
  return JSON.stringify([r.lr, r.epochs, r.hidden, r.seed, r.data.limit ?? null, r.data.testSize, r.data.splitSeed, r.data.valSize ?? 0]);
}

function label(r: TrialRecord): string {
  const data = r.data.limit === undefined ? '' : ` limit=${r.data.limit}`;
  return `lr=${r.lr} epochs=${r.epochs} hidden=${r.hidden} seed=${r.seed}${data}`;
}

/** Pairs the records of A and B, in A's order then B's leftovers. */
export function compareRecords(a: TrialRecord[], b: TrialRecord[]): ComparedTrial[] {
  const bByKey = new Map(b.map((r) => [joinKey(r), r]));
  const out: ComparedTrial[] = [];
  for (const ra of a) {
    const key = joinKey(ra);
    const rb = bByKey.get(key);
    bByKey.delete(key);
    let flag: string | undefined;
    if (!rb) flag = 'only in A';
    else if (ra.status !== rb.status) flag = `status ${ra.status} → ${rb.status}`;
    else if (ra.weightsSha256 !== rb.weightsSha256) flag = 'weights differ';
    out.push({ label: label(ra), a: ra, b: rb, flag });
  }
  for (const rb of bByKey.values()) out.push({ label: label(rb), b: rb, flag: 'only in B' });
  return out;
}

const delta = (a: number | null | undefined, b: number | null | undefined, scale: number, digits: number) =>
  a === null || a === undefined || b === null || b === undefined ? '' : `${b - a >= 0 ? '+' : ''}${((b - a) * scale).toFixed(digits)}`;

export function comparisonTable(rows: ComparedTrial[]): string {
  const table = new Table({
    head: ['trial', 'accuracy A', 'accuracy B', 'Δ acc (pts)', 'Δ final loss', 'weights', 'flag'],
    style: { head: [], border: [] },
  });
  for (const r of rows) {
    table.push([
      r.label,
      percent(r.a?.testAccuracy ?? null),
      percent(r.b?.testAccuracy ?? null),
      delta(r.a?.testAccuracy, r.b?.testAccuracy, 100, 2),
      delta(r.a?.finalLoss, r.b?.finalLoss, 1, 6),
      r.a && r.b ? (r.a.weightsSha256 === r.b.weightsSha256 ? 'same' : 'DIFFER') : '',
      r.flag ?? '',
    ]);
  }
  return tableString(table);
}
