// The tables printed after a sweep and by `sweep show`: the trials in the experiment's order, a short ranked "best"
// table, test accuracy pivoted over the axes that vary, and the expectations (expected vs measured). Every table
// fits the terminal's width (see text-table.ts) and its title says its order.
import { expectationHolds, expectationText, matchingTrials } from '../config/expectations.js';
import { AXES, type Axis, type Experiment } from '../config/types.js';
import type { TrialRecord } from '../store/record.js';
import { configKey, summarise, type ConfigSummary, type Stats } from './summary.js';
import { bestLine } from './best.js';
import { markdownTable, terminalWidth, textTable, wrapWords, type Column } from './text-table.js';

export const percent = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(2)}%`);
const loss = (x: number | null) => (x === null ? '—' : Number.isFinite(x) ? x.toFixed(4) : String(x));

/** How a table is drawn: fitted to a terminal's width, or as Markdown. */
export interface TableStyle {
  width: number;
  markdown?: boolean;
}

const draw = <T>(style: TableStyle, title: string, columns: Column<T>[], rows: T[]) =>
  style.markdown ? markdownTable(title, columns, rows) : textTable(title, columns, rows, style.width);

/** Records of the experiment's trials, in the experiment's order. */
export function experimentRecords(exp: Experiment, records: Map<string, TrialRecord>): TrialRecord[] {
  return exp.trials.map((t) => records.get(t.runId)).filter((r): r is TrialRecord => r !== undefined);
}

/** The axes that take more than one value among `rows`, in axis order. */
export function varyingAxes(rows: { lr: number; epochs: number; hidden: number; seed: number }[]): Axis[] {
  return AXES.filter((axis) => new Set(rows.map((r) => r[axis])).size > 1);
}

// ---- the trials ----

/** Keys `--sort` takes, with the direction that puts the best first. */
export const SORT_KEYS = {
  test_accuracy: { of: (r: TrialRecord) => r.testAccuracy, best: 'highest' },
  test_correct: { of: (r: TrialRecord) => r.testCorrect, best: 'highest' },
  final_loss: { of: (r: TrialRecord) => r.finalLoss, best: 'lowest' },
  train_seconds: { of: (r: TrialRecord) => r.trainSeconds, best: 'lowest' },
  lr: { of: (r: TrialRecord) => r.lr, best: 'lowest' },
  epochs: { of: (r: TrialRecord) => r.epochs, best: 'lowest' },
  hidden: { of: (r: TrialRecord) => r.hidden, best: 'lowest' },
  seed: { of: (r: TrialRecord) => r.seed, best: 'lowest' },
} as const;
export type SortKey = keyof typeof SORT_KEYS;

/** `rows` ordered by `key`, best first; trials without the value (failed) last; ties keep their order. */
export function sortedBy(rows: TrialRecord[], key: SortKey): TrialRecord[] {
  const { of, best } = SORT_KEYS[key];
  const value = (r: TrialRecord) => {
    const v = of(r);
    return v === null || !Number.isFinite(v) ? null : v;
  };
  return [...rows].sort((a, b) => {
    const [x, y] = [value(a), value(b)];
    if (x === null || y === null) return x === null ? (y === null ? 0 : 1) : -1;
    return best === 'highest' ? y - x : x - y;
  });
}

function trialColumns(rows: TrialRecord[]): Column<TrialRecord & { index: number }>[] {
  const varying = varyingAxes(rows);
  return [
    { head: '#', cell: (r) => String(r.index), align: 'right', drop: 4 },
    { head: 'run_id', cell: (r) => r.runId, drop: 3 },
    ...AXES.map((axis): Column<TrialRecord> => ({ head: axis, cell: (r) => String(r[axis]), align: 'right', drop: varying.includes(axis) ? undefined : 5 })),
    { head: 'status', cell: (r) => (r.status === 'failed' ? `failed: ${r.error ?? ''}` : r.status), shrinkTo: 8 },
    { head: 'final loss', cell: (r) => loss(r.finalLoss), align: 'right', drop: 6 },
    { head: 'test acc', cell: (r) => percent(r.testAccuracy), align: 'right' },
    { head: 'correct', cell: (r) => (r.testCorrect === null ? '—' : `${r.testCorrect}/${r.testTotal}`), align: 'right', drop: 2 },
    { head: 'train s', cell: (r) => (r.trainSeconds === null ? '—' : r.trainSeconds.toFixed(1)), align: 'right', drop: 1 },
  ];
}

/**
 * The trials, numbered in the experiment's order (#), in that order unless `sort` names a key. `rows` must be in the
 * experiment's order; `top` keeps the first K after sorting.
 */
export function trialsTable(rows: TrialRecord[], style: TableStyle, opts: { sort?: SortKey; top?: number; of?: number } = {}): string {
  const numbered = rows.map((r, i) => ({ ...r, index: i + 1 }));
  const ordered = opts.sort === undefined ? numbered : sortedBy(numbered, opts.sort) as typeof numbered;
  const shown = opts.top === undefined ? ordered : ordered.slice(0, opts.top);
  const order = opts.sort === undefined ? "in the experiment's order" : `by ${opts.sort}, ${SORT_KEYS[opts.sort].best} first`;
  const count = shown.length === (opts.of ?? rows.length) ? `${shown.length}` : `${shown.length} of ${opts.of ?? rows.length}`;
  return draw(style, `Trials (${count}), ${order}`, trialColumns(rows), shown);
}

/** The K best finished trials by test accuracy, ranked; undefined for fewer than two finished trials. */
export function bestTable(rows: TrialRecord[], style: TableStyle, k = 5): string | undefined {
  const ok = rows.filter((r) => r.status === 'ok' && r.testAccuracy !== null);
  if (ok.length < 2) return undefined;
  const ranked = sortedBy(ok, 'test_accuracy').slice(0, k).map((r, i) => ({ ...r, rank: i + 1 }));
  const varying = varyingAxes(rows);
  const axes = varying.length === 0 ? [...AXES] : varying;
  const columns: Column<(typeof ranked)[number]>[] = [
    { head: 'rank', cell: (r) => String(r.rank), align: 'right' },
    ...axes.map((axis): Column<TrialRecord> => ({ head: axis, cell: (r) => String(r[axis]), align: 'right' })),
    { head: 'test acc', cell: (r) => percent(r.testAccuracy), align: 'right' },
    { head: 'final loss', cell: (r) => loss(r.finalLoss), align: 'right', drop: 2 },
    { head: 'run_id', cell: (r) => r.runId, drop: 1 },
  ];
  return draw(style, `Best ${ranked.length} of ${ok.length} by test accuracy, highest first`, columns, ranked);
}

// ---- pivots ----

type Point = { lr: number; epochs: number; hidden: number; seed: number };

const distinct = (values: number[]) => [...new Set(values)].sort((a, b) => a - b);

/** One pivot: `down` × `across` over `rows` (whose other axes are fixed), cells from `cell`. */
function pivotOne<T extends Point>(rows: T[], down: Axis, across: Axis, cell: (row: T) => string, title: string, style: TableStyle): string {
  const acrossValues = distinct(rows.map((r) => r[across]));
  // the first row of each (down, across) cell, looked up in a map: a 100 × 100 pivot of 10,000 trials stays linear
  const byCell = new Map<string, T>();
  for (const r of rows) {
    const key = `${r[down]} ${r[across]}`;
    if (!byCell.has(key)) byCell.set(key, r);
  }
  const lines = distinct(rows.map((r) => r[down])).map((d) => ({ d, cells: acrossValues.map((a) => byCell.get(`${d} ${a}`)) }));
  const columns: Column<(typeof lines)[number]>[] = [
    { head: `${down} \\ ${across}`, cell: (l) => String(l.d), align: 'right' },
    ...acrossValues.map((a, i): Column<(typeof lines)[number]> => ({ head: String(a), cell: (l) => (l.cells[i] === undefined ? '' : cell(l.cells[i]!)), align: 'right' })),
  ];
  return draw(style, title, columns, lines);
}

const fits = (text: string, style: TableStyle) => style.markdown === true || text.split('\n').every((l) => [...l].length <= style.width);

/**
 * Test accuracy over the axes that vary: two axes give one pivot (the axis with more values down); three or more,
 * one pivot of the two with the most values per combination of the others (at most 8). When that would not fit the
 * width, or there are more combinations, undefined: the caller shows a ranked list instead.
 */
function pivots<T extends Point>(rows: T[], cell: (row: T) => string, what: string, style: TableStyle): string[] | undefined {
  const varying = varyingAxes(rows);
  if (varying.length < 2) return [];
  const byCount = [...varying].sort((a, b) => distinct(rows.map((r) => r[b])).length - distinct(rows.map((r) => r[a])).length);
  const [down, across, ...rest] = byCount;
  const groups = new Map<string, T[]>();
  for (const r of rows) {
    const key = rest.map((a) => `${a}=${r[a]}`).join(' ');
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  if (groups.size > 8) return undefined;
  const tables = [...groups].map(([key, group]) =>
    pivotOne(group, down, across, cell, `${what}, ${down} down × ${across} across${key === '' ? '' : `, ${key}`}`, style),
  );
  return tables.every((t) => fits(t, style)) ? tables : undefined;
}

/** Test accuracy pivoted (or, when no pivot fits, every finished trial ranked); [] unless two or more axes vary. */
export function pivotTables(rows: TrialRecord[], style: TableStyle): string[] {
  const tables = pivots(rows, (r) => (r.status === 'ok' ? percent(r.testAccuracy) : r.status), 'Test accuracy', style);
  if (tables !== undefined) return tables;
  const ranked = bestTable(rows, style, rows.length);
  return ranked === undefined ? [] : [ranked.replace(/^Best \d+ of/, 'All')];
}

/** With seeds as replicates: mean ± std of test accuracy per configuration, over the axes that vary. */
export function replicatePivotTables(configs: ConfigSummary[], style: TableStyle): string[] {
  return pivots(configs.map((c) => ({ ...c, seed: 0 })), (c) => meanStd(c.testAccuracy, true), 'Mean test accuracy ± std', style) ?? [];
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
export function replicatesTable(configs: ConfigSummary[], style: TableStyle): string {
  const sorted = [...configs].sort((a, b) => (b.testAccuracy.mean ?? -1) - (a.testAccuracy.mean ?? -1));
  const [best, second] = sorted;
  let note = '';
  let why = '';
  if (best && second && best.testAccuracy.mean !== null && second.testAccuracy.mean !== null) {
    const lead = best.testAccuracy.mean - second.testAccuracy.mean;
    const spread = Math.max(best.testAccuracy.std ?? 0, second.testAccuracy.std ?? 0);
    note = lead < spread ? 'best, within noise' : 'best';
    if (lead < spread) why = `\nThe best is within noise: its lead ${(lead * 100).toFixed(2)} pts < std ${(spread * 100).toFixed(2)} pts.`;
  }
  const columns: Column<ConfigSummary>[] = [
    { head: 'lr', cell: (c) => String(c.lr), align: 'right' },
    { head: 'epochs', cell: (c) => String(c.epochs), align: 'right' },
    { head: 'hidden', cell: (c) => String(c.hidden), align: 'right' },
    { head: 'n', cell: (c) => String(c.n), align: 'right' },
    { head: 'test acc (mean ± std)', cell: (c) => meanStd(c.testAccuracy, true), align: 'right' },
    { head: 'min', cell: (c) => percent(c.testAccuracy.min), align: 'right', drop: 2 },
    { head: 'max', cell: (c) => percent(c.testAccuracy.max), align: 'right', drop: 2 },
    { head: 'final loss (mean ± std)', cell: (c) => meanStd(c.finalLoss, false), align: 'right', drop: 1 },
    { head: '', cell: (c) => (c === best ? note : '') },
  ];
  return draw(style, 'Configurations over seeds, best mean first (std: sample, n − 1)', columns, sorted) + why;
}

// ---- expectations ----

export interface ExpectationResult {
  where: string;
  metric: string;
  /** the expectation as written: "0.2393 (to 4 decimals)", "≥ 0.66", "0.6654 ± 0.0005" */
  expected: string;
  /** the measured value, exact (not rounded); null when not run */
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
        // every seed recorded and ok (n counts the ok records of those found)
        const complete = summary?.n === group.length;
        const { lr, epochs, hidden } = group[0];
        units.push({ where: whereText({ lr, epochs, hidden }), measured: complete ? MEAN_METRIC[e.metric as keyof typeof MEAN_METRIC](summary) : null });
      }
    } else {
      for (const t of trials) {
        const r = records.get(t.runId);
        units.push({ where: whereText({}), measured: r === undefined ? null : TRIAL_METRIC[e.metric as keyof typeof TRIAL_METRIC](r) });
      }
    }
    return units.map(({ where, measured }) => ({
      where,
      metric: e.metric,
      expected: expectationText(e),
      measured,
      holds: measured !== null && expectationHolds(e, measured),
    }));
  });
}

/** A measured value exactly, in the file's units (0.6653571428571429, not 66.54%). */
export const measuredText = (v: number | null) => (v === null ? 'not run' : String(v));

export function expectationsTable(results: ExpectationResult[], style: TableStyle): string {
  const columns: Column<ExpectationResult>[] = [
    { head: 'where', cell: (x) => x.where, shrinkTo: 12 },
    { head: 'metric', cell: (x) => x.metric },
    { head: 'expected', cell: (x) => x.expected },
    { head: 'measured', cell: (x) => measuredText(x.measured), align: 'right' },
    { head: '', cell: (x) => (x.holds ? '✓' : '✗') },
  ];
  const held = results.filter((x) => x.holds).length;
  return draw(style, `Expectations (${held} of ${results.length} hold), in the file's order`, columns, results);
}

// ---- all of them ----

export interface SummaryOptions extends Partial<TableStyle> {
  sort?: SortKey;
  top?: number;
  /** only the trials for which this holds (show --where) */
  filter?: (r: TrialRecord) => boolean;
}

/** All tables of a sweep, as printed at its end and by `sweep show`. */
export function sweepSummary(
  exp: Experiment,
  records: Map<string, TrialRecord>,
  opts: SummaryOptions = {},
): { text: string; allOk: boolean; expectationsHold: boolean } {
  const style: TableStyle = { width: opts.width ?? terminalWidth(), markdown: opts.markdown };
  const all = experimentRecords(exp, records);
  const rows = opts.filter === undefined ? all : all.filter(opts.filter);
  const parts = [`${exp.name}: ${all.length} of ${exp.trials.length} trials recorded`, trialsTable(rows, style, { sort: opts.sort, top: opts.top })];
  if (exp.replicate === 'seed') {
    const configs = summarise(rows);
    parts.push(replicatesTable(configs, style), ...replicatePivotTables(configs, style));
  } else {
    const best = opts.sort === undefined && rows.length > 5 ? bestTable(rows, style) : undefined;
    if (best !== undefined) parts.push(best);
    parts.push(...pivotTables(rows, style));
  }
  // the honest choice (best.ts), its words wrapped to the width: a word, and so a number, is never split
  const chosen = bestLine(rows);
  if (chosen) parts.push(style.markdown ? chosen : wrapWords(chosen, style.width));
  const expectations = checkExpectations(exp, records);
  if (expectations.length > 0) parts.push(expectationsTable(expectations, style));
  return {
    text: parts.join('\n\n'),
    allOk: all.length === exp.trials.length && all.every((r) => r.status === 'ok'),
    expectationsHold: expectations.every((x) => x.holds),
  };
}
