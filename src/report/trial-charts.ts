// Which charts a report draws, chosen by the number of trials and of varying axes, and their data:
//   loss curves:   up to MAX_NAMED_CURVES trials one named line each; more: the best few named over a grey band of
//                  the rest, diverged trials marked where they stopped;
//   test accuracy: one varying axis → a line against it (log x for lr); two → a heatmap; more → small multiples
//                  while they stay readable (few panels, few cells), else parallel coordinates.
import { AXES, type Axis } from '../config/types.js';
import type { TrialRecord } from '../store/record.js';
import {
  accuracyLineSpec, BEST_NAMED, heatmapSpec, lossOverview, lossOverviewSpec, lossSpec, MAX_NAMED_CURVES, parallelSpec,
  renderSvg, type HeatmapCell, type LossSeries, type ParallelAxis,
} from './charts.js';
import { summarise } from './summary.js';
import { percent, varyingAxes } from './tables.js';

type Hyperparams = Pick<TrialRecord, Axis>;

export interface HeatmapAxes {
  /** the axis down the heatmap (rows); undefined when no axis varies */
  down?: Axis;
  /** the axis across (columns); undefined when fewer than two vary */
  across?: Axis;
  /** the other varying axes: one small heatmap per combination of their values */
  panels: Axis[];
}

/**
 * The heatmap's axes: the two varying axes with the most distinct values (ties go to the earlier axis), in axis
 * order — the first runs down, the second across, as in the printed pivot table. Other varying axes split the
 * heatmap into panels.
 */
export function heatmapAxes(rows: Hyperparams[]): HeatmapAxes {
  const varying = varyingAxes(rows);
  const distinct = (axis: Axis) => new Set(rows.map((r) => r[axis])).size;
  const chosen = [...varying].sort((a, b) => distinct(b) - distinct(a)).slice(0, 2);
  const [down, across] = AXES.filter((a) => chosen.includes(a));
  return { down, across, panels: varying.filter((a) => !chosen.includes(a)) };
}

/** "lr=0.03, epochs=40": the axes that vary among the trials (all four when none does). */
export function trialLabel(r: Hyperparams, axes: Axis[]): string {
  return (axes.length > 0 ? axes : AXES).map((a) => `${a}=${r[a]}`).join(', ');
}

/** One heatmap cell per record: its accuracy, written as in the tables, or its status when it has none. */
export function accuracyCells(rows: TrialRecord[], axes = heatmapAxes(rows)): HeatmapCell[] {
  return rows.map((r) => ({
    y: axes.down === undefined ? undefined : r[axes.down],
    x: axes.across === undefined ? undefined : r[axes.across],
    panel: axes.panels.length > 0 ? axes.panels.map((a) => `${a}=${r[a]}`).join(' ') : undefined,
    value: r.status === 'ok' ? r.testAccuracy : null,
    text: r.status === 'ok' ? percent(r.testAccuracy) : r.status,
  }));
}

/** "Test accuracy (lr × epochs)" */
export function heatmapTitle(prefix: string, axes: HeatmapAxes): string {
  const named = [axes.down, axes.across].filter((a): a is Axis => a !== undefined);
  return named.length === 0 ? prefix : `${prefix} (${named.join(' × ')})`;
}

/** A parallel-coordinates chart draws at most this many lines (the best), so that the page stays a few MB. */
export const MAX_PARALLEL_LINES = 1000;

/** Small multiples stay readable up to this many panels and this many cells in all. */
export const MAX_PANELS = 4;
export const MAX_MULTIPLE_CELLS = 200;

export type AccuracyChartKind = { kind: 'line'; axis: Axis } | { kind: 'heatmap'; axes: HeatmapAxes } | { kind: 'parallel'; axes: Axis[] };

/** The accuracy chart for these trials (see the top of the file). */
export function accuracyChartKind(rows: Hyperparams[]): AccuracyChartKind {
  const varying = varyingAxes(rows);
  if (varying.length === 1) return { kind: 'line', axis: varying[0] };
  const axes = heatmapAxes(rows);
  if (axes.panels.length === 0) return { kind: 'heatmap', axes };
  const panels = new Set(rows.map((r) => axes.panels.map((a) => r[a]).join(' '))).size;
  if (panels <= MAX_PANELS && rows.length <= MAX_MULTIPLE_CELLS) return { kind: 'heatmap', axes };
  return { kind: 'parallel', axes: varying };
}

/** Where `value` sits among `sorted` distinct values, 0 (first) to 1 (last); 0.5 for a single value. */
function rankPosition(sorted: number[], value: number): number {
  return sorted.length === 1 ? 0.5 : sorted.indexOf(value) / (sorted.length - 1);
}

/** Up to `n` labels spread over `sorted`, always its first and last. */
function spreadTicks(sorted: number[], n: number): number[] {
  if (sorted.length <= n) return sorted;
  return [...new Set(Array.from({ length: n }, (_, i) => sorted[Math.round((i * (sorted.length - 1)) / (n - 1))]))];
}

/** Parallel coordinates of the trials with an accuracy: one axis per varying hyperparameter (values evenly spaced, in order), then test accuracy. */
export function parallelData(rows: TrialRecord[], axes: Axis[]): { axes: ParallelAxis[]; lines: { positions: number[]; accuracy: number }[] } {
  const ok = rows.filter((r) => r.testAccuracy !== null);
  const values = axes.map((a) => [...new Set(ok.map((r) => r[a]))].sort((x, y) => x - y));
  const positionOf = values.map((sorted) => new Map(sorted.map((v) => [v, rankPosition(sorted, v)])));
  let lo = Infinity;
  let hi = -Infinity;
  for (const r of ok) {
    lo = Math.min(lo, r.testAccuracy!);
    hi = Math.max(hi, r.testAccuracy!);
  }
  const accuracyAt = (x: number) => (hi > lo ? (x - lo) / (hi - lo) : 0.5);
  const accuracyTicks = hi > lo ? [0, 0.25, 0.5, 0.75, 1].map((p) => lo + p * (hi - lo)) : ok.length > 0 ? [lo] : [];
  return {
    axes: [
      ...axes.map((a, i) => ({ name: a, ticks: spreadTicks(values[i], 8).map((v) => ({ position: positionOf[i].get(v)!, label: String(v) })) })),
      { name: 'test accuracy', ticks: accuracyTicks.map((v) => ({ position: accuracyAt(v), label: percent(v) })) },
    ],
    lines: ok.map((r) => ({ positions: [...axes.map((a, i) => positionOf[i].get(r[a])!), accuracyAt(r.testAccuracy!)], accuracy: r.testAccuracy! })),
  };
}

/** Each configuration's ok trials as one row: the first trial's hyperparameters, the mean test accuracy over its seeds. */
function configurationMeans(rows: TrialRecord[]): TrialRecord[] {
  return summarise(rows.filter((r) => r.status === 'ok')).map((c) => ({ ...c.records[0], testAccuracy: c.testAccuracy.mean }));
}

/**
 * What a parallel-coordinates chart draws: one line per ok trial or, when seeds vary, per configuration (its mean
 * accuracy; the seed axis would only add noise), the best MAX_PARALLEL_LINES of them; `cut` says how many were left out.
 */
export function parallelLines(rows: TrialRecord[], varying: Axis[]): { overSeeds: boolean; axes: Axis[]; drawn: TrialRecord[]; cut: string } {
  const overSeeds = varying.includes('seed');
  const units = overSeeds ? configurationMeans(rows) : rows.filter((r) => r.status === 'ok');
  const drawn = [...units].sort((a, b) => b.testAccuracy! - a.testAccuracy!).slice(0, MAX_PARALLEL_LINES);
  const cut = drawn.length < units.length ? ` The best ${drawn.length} of ${units.length} are drawn.` : '';
  return { overSeeds, axes: overSeeds ? varying.filter((a) => a !== 'seed') : varying, drawn, cut };
}

/** A chart as the page shows it: its SVG, or a one-line note of why it could not be drawn. */
export type Drawn = { svg: string; note?: string } | { svg?: undefined; note: string };

/** `make`'s chart, or the note of why it failed: a chart never fails the command that draws it. */
export async function draw(what: string, make: () => Promise<{ svg: string; note?: string }>): Promise<Drawn> {
  try {
    return await make();
  } catch (err) {
    const reason = String((err as Error)?.message ?? err).split('\n')[0].slice(0, 200);
    return { note: `The ${what} could not be drawn (${reason}); the tables below and runs.csv hold the same results.` };
  }
}

/** The loss chart of the trials (rows in the experiment's order). */
export function lossChart(rows: TrialRecord[]): Promise<Drawn> {
  return draw('loss chart', async () => {
    const labelAxes = varyingAxes(rows);
    const groupAxes = labelAxes.filter((a) => a !== 'epochs');
    const series = (r: TrialRecord): LossSeries => ({ label: trialLabel(r, labelAxes), losses: r.losses, group: groupAxes.map((a) => `${a}=${r[a]}`).join(', ') });
    if (rows.length <= MAX_NAMED_CURVES) return { svg: await renderSvg(lossSpec(rows.map(series))) };
    const ranked = rows.filter((r) => r.status === 'ok' && r.testAccuracy !== null).sort((a, b) => b.testAccuracy! - a.testAccuracy!);
    const best = ranked.slice(0, BEST_NAMED);
    const named = new Set(best);
    const diverged = rows.filter((r) => r.status === 'diverged');
    const rest = rows.filter((r) => !named.has(r) && r.status === 'ok');
    const overview = lossOverview(
      best.map((r) => ({ ...series(r), label: `${trialLabel(r, labelAxes)} (${percent(r.testAccuracy)})` })),
      rest.map(series),
      diverged.map(series),
    );
    return {
      svg: await renderSvg(lossOverviewSpec(overview)),
      note: `The ${best.length} trials with the best test accuracy are named; the other ${rest.length} ok trial(s) are the grey band (their range at each epoch) and its dashed median.${diverged.length > 0 ? ` A red × marks where each of the ${diverged.length} diverged trial(s) stopped.` : ''}`,
    };
  });
}

/** The test-accuracy chart of the trials: a line, a heatmap (or small multiples) or parallel coordinates. */
export function accuracyChart(rows: TrialRecord[]): Promise<Drawn> {
  return draw('accuracy chart', async () => {
    const chosen = accuracyChartKind(rows);
    const missing = rows.filter((r) => r.testAccuracy === null).length;
    const left = missing > 0 ? ` ${missing} trial(s) without a test accuracy (failed or diverged) are not drawn.` : '';
    if (chosen.kind === 'line') {
      const points = rows.map((r) => ({ x: r[chosen.axis], accuracy: r.status === 'ok' ? r.testAccuracy : null }));
      return { svg: await renderSvg(accuracyLineSpec(points, chosen.axis)), ...(left ? { note: left.trim() } : {}) };
    }
    if (chosen.kind === 'parallel') {
      const { overSeeds, axes, drawn, cut } = parallelLines(rows, chosen.axes);
      const data = parallelData(drawn, axes);
      const what = overSeeds ? 'configuration (mean test accuracy over its seeds)' : 'trial';
      const title = `Test accuracy over ${axes.join(', ')} (one line per ${overSeeds ? 'configuration' : 'trial'})`;
      return { svg: await renderSvg(parallelSpec(data.axes, data.lines, title)), note: `Each line is a ${what}, through its value on every varying axis to its test accuracy.${cut}${left}` };
    }
    const axes = chosen.axes;
    const svg = await renderSvg(
      heatmapSpec(accuracyCells(rows, axes), { title: heatmapTitle('Test accuracy', axes), xAxis: axes.across, yAxis: axes.down, valueTitle: 'test accuracy', valueFormat: '.0%', cellFormat: '.2%', kind: 'sequential' }),
    );
    return { svg };
  });
}
