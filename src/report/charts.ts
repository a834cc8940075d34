// The report's charts: Vega-Lite specs (loss curves, heatmaps), compiled and rendered to static SVG in Node.
// No chart markup is written here by hand: every <svg> comes out of vega's SVG renderer.
import type { TopLevelSpec } from 'vega-lite';
import type { Axis } from '../config/types.js';

/** The charts' font: the widths below are DejaVu Sans's; a viewer without it falls back to narrower fonts. */
export const CHART_FONT = 'DejaVu Sans, Verdana, Arial, sans-serif';

// Advance widths of DejaVu Sans, in 1/1000 em, for the characters 32–126 (space to ~), measured with a canvas in
// Chromium. Without a canvas, vega guesses 0.8 em per character, about 1.7× too wide, which pads every chart.
const NORMAL_WIDTHS = [
  318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636, 636, 636, 636,
  636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863,
  748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635,
  615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636,
  337, 636, 838,
];
const BOLD_WIDTHS = [
  348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696, 696, 696, 696, 696,
  696, 696, 696, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734, 830, 683, 683, 821, 837, 372, 372, 775, 637, 995,
  837, 850, 733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457, 365, 457, 838, 500, 500, 675, 716, 593, 716,
  678, 435, 716, 712, 343, 343, 665, 343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712,
  365, 712, 838,
];
/** width of a character outside 32–126 (×, ✓, −, …), in 1/1000 em */
const OTHER_WIDTH = 838;

/** Width in pixels of `text` set in DejaVu Sans at `fontSize` px. */
export function textWidth(text: string, fontSize: number, bold = false): number {
  const widths = bold ? BOLD_WIDTHS : NORMAL_WIDTHS;
  let em = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    em += code >= 32 && code <= 126 ? widths[code - 32] : OTHER_WIDTH;
  }
  return (em * fontSize) / 1000;
}

interface TextItem {
  text?: unknown;
  fontSize?: number;
  fontWeight?: string | number;
}

// vega's runtime exports textMetrics (the width function its layout uses) but its .d.ts leaves it out.
type VegaModule = typeof import('vega') & { textMetrics: { width: (item: TextItem, text?: unknown) => number } };
let vegaModule: Promise<{ vega: VegaModule; compile: typeof import('vega-lite').compile }> | undefined;

/** vega and vega-lite, imported on first use (≈ 0.2 s) so that commands without charts do not pay for them. */
function loadVega() {
  vegaModule ??= (async () => {
    const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
    const v = vega as unknown as VegaModule;
    v.textMetrics.width = (item, text) => {
      const value = text ?? item.text;
      const str = Array.isArray(value) ? value.join(' ') : value === undefined || value === null ? '' : String(value);
      const bold = item.fontWeight === 'bold' || (typeof item.fontWeight === 'number' && item.fontWeight >= 600);
      return textWidth(str, item.fontSize ?? 11, bold);
    };
    return { vega: v, compile: vegaLite.compile };
  })();
  return vegaModule;
}

/** Compiles a Vega-Lite spec and renders it to a standalone SVG document (a string starting with `<svg`). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const { vega, compile } = await loadVega();
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

const CONFIG = {
  font: CHART_FONT,
  background: 'white',
  padding: 8,
  axis: { labelFontSize: 12, titleFontSize: 12, titlePadding: 8, labelAngle: 0 },
  legend: { labelFontSize: 12, titleFontSize: 12, labelLimit: 320 },
  title: { fontSize: 14, anchor: 'start' as const, offset: 10 },
  view: { stroke: '#ccc' },
};

export interface LossSeries {
  /** the trial's legend entry, e.g. "lr=0.03, epochs=40" */
  label: string;
  /** loss of every epoch trained, epoch 1 first */
  losses: number[];
  /** series of one group share a hue, a shade each (trials that differ only in epochs: one training run) */
  group?: string;
}

// vega's tableau10, the hue of each group of series
const HUES = ['#4c78a8', '#f58518', '#e45756', '#72b7b2', '#54a24b', '#eeca3b', '#b279a2', '#ff9da6', '#9d755d', '#bab0ac'];

/** `hex` mixed with white: t = 0 the colour itself, t = 1 white. */
function tint(hex: string, t: number): string {
  const channel = (i: number) => Math.round(parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) * (1 - t) + 255 * t);
  return `#${[0, 1, 2].map((i) => channel(i).toString(16).padStart(2, '0')).join('')}`;
}

/** One colour per series: a hue per group, from light (shortest) to the full hue (longest) within a group. */
export function seriesColors(series: LossSeries[]): string[] {
  const groups = [...new Set(series.map((s) => s.group ?? s.label))];
  return series.map((s) => {
    const group = s.group ?? s.label;
    const hue = HUES[groups.indexOf(group) % HUES.length];
    const lengths = [...new Set(series.filter((o) => (o.group ?? o.label) === group).map((o) => o.losses.length))].sort((a, b) => a - b);
    const rank = lengths.indexOf(s.losses.length);
    return lengths.length === 1 ? hue : tint(hue, 0.5 * (1 - rank / (lengths.length - 1)));
  });
}

/**
 * Loss against epoch, one line per series, twice: a linear y axis, then a log one (where late small changes show).
 * A dot marks each series' last epoch: trials that differ only in epochs share one curve up to the shorter one's end,
 * so longer series are drawn first and the dots show where the shorter ones stop. Series keep their order in the
 * legend; non-finite losses (a diverged last epoch) are left out.
 */
export function lossSpec(series: LossSeries[]): TopLevelSpec {
  const byLength = [...series].sort((a, b) => b.losses.length - a.losses.length);
  const values = byLength.flatMap((s) => {
    const finite = s.losses.flatMap((loss, i) => (Number.isFinite(loss) && loss > 0 ? [{ trial: s.label, epoch: i + 1, loss }] : []));
    return finite.map((v, i) => ({ ...v, last: i === finite.length - 1 }));
  });
  // one number of decimals for every loss label, enough for ticks about a twelfth of the range apart
  const losses = values.map((v) => v.loss);
  const range = losses.length > 0 ? losses.reduce((m, v) => Math.max(m, v), -Infinity) - losses.reduce((m, v) => Math.min(m, v), Infinity) : 0;
  const decimals = range > 0 ? Math.min(6, Math.max(0, Math.ceil(-Math.log10(range / 12)))) : 2;
  const color = {
    field: 'trial',
    type: 'nominal' as const,
    title: 'trial',
    scale: { domain: series.map((s) => s.label), range: seriesColors(series) },
    legend: { symbolType: 'stroke', symbolStrokeWidth: 3, symbolSize: 240 },
  };
  const panel = (title: string, log: boolean) => ({
    title,
    width: 420,
    height: 280,
    encoding: {
      x: { field: 'epoch', type: 'quantitative' as const, title: 'epoch', axis: { tickMinStep: 1, format: 'd' } },
      y: {
        field: 'loss',
        type: 'quantitative' as const,
        title: log ? 'loss (log scale)' : 'loss',
        // a "nice" log domain would run from one power of ten to the next: flat lines
        scale: log ? { type: 'log' as const, nice: false } : { zero: false },
        axis: { tickCount: 6, format: `.${decimals}f` },
      },
      color,
    },
    layer: [
      { mark: { type: 'line' as const, strokeWidth: 2.5, clip: true } },
      { transform: [{ filter: 'datum.last' }], mark: { type: 'point' as const, filled: true, size: 60, opacity: 1 } },
    ],
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { values },
    hconcat: [panel('Training loss', false), panel('Training loss, log scale', true)],
    spacing: 32,
    config: CONFIG,
  };
}

const CELL_FONT_SIZE = 13;
/** Up to this many cells a heatmap writes each cell's value in it; more are small squares of colour only. */
export const MAX_WRITTEN_CELLS = 400;
const SMALL_CELL = 12;

export interface HeatmapCell {
  /** value on the x axis (the heatmap's columns); omitted when no axis runs across */
  x?: number;
  /** value on the y axis (rows); omitted when no axis runs down */
  y?: number;
  /** the small multiple the cell belongs to, when more than two axes vary ("hidden=64 seed=1") */
  panel?: string;
  /** what the colour encodes; null for a cell without a value (a failed trial), drawn grey */
  value: number | null;
  /** what the cell says, e.g. "66.54%" */
  text: string;
}

export interface HeatmapOptions {
  title: string;
  /** the hyperparameter across (columns) */
  xAxis?: Axis;
  /** the hyperparameter down (rows) */
  yAxis?: Axis;
  /** the colour legend's title, e.g. "test accuracy" */
  valueTitle: string;
  /** d3 format of the legend's values, e.g. ".0%" */
  valueFormat: string;
  /** d3 format of a cell's value in its description (aria-label), e.g. ".2%" */
  cellFormat: string;
  /** 'sequential': light to dark blue; 'diverging': red below 0, blue above, white at 0 */
  kind: 'sequential' | 'diverging';
  /** colour domain [min, max]; default: the values' extent (for diverging, symmetric about 0) */
  domain?: [number, number];
}

/** The colour domain of a heatmap: given, else the extent of its values (widened when flat). */
export function heatmapDomain(cells: HeatmapCell[], kind: HeatmapOptions['kind']): [number, number] {
  const values = cells.map((c) => c.value).filter((v): v is number => v !== null && Number.isFinite(v));
  if (kind === 'diverging') {
    const m = values.reduce((w, v) => Math.max(w, Math.abs(v)), 0);
    return m === 0 ? [-1, 1] : [-m, m];
  }
  if (values.length === 0) return [0, 1];
  const lo = values.reduce((m, v) => Math.min(m, v), Infinity);
  const hi = values.reduce((m, v) => Math.max(m, v), -Infinity);
  return lo === hi ? [lo - 0.01, hi + 0.01] : [lo, hi];
}

/**
 * One rect per cell, coloured by its value, with its text written in it (white on dark cells). Rows and columns are
 * the axes' values in numeric order; more than one panel gives small multiples side by side.
 */
export function heatmapSpec(cells: HeatmapCell[], opts: HeatmapOptions): TopLevelSpec {
  const domain = opts.domain ?? heatmapDomain(cells, opts.kind);
  // dark cells are those in the upper half (sequential) or the outer halves (diverging) of the colour range
  const dark = (v: number | null) =>
    v !== null && (opts.kind === 'diverging' ? Math.abs(v) > domain[1] / 2 : v > (domain[0] + domain[1]) / 2);
  const values = cells.map((c) => ({
    x: c.x ?? '',
    y: c.y ?? '',
    panel: c.panel ?? '',
    value: c.value,
    text: c.text,
    ink: dark(c.value) ? 'white' : 'black',
  }));
  // wide enough for the longest text ("status ok → failed") with some margin; small squares for many cells
  const written = cells.length <= MAX_WRITTEN_CELLS;
  const cellWidth = written ? Math.max(84, Math.ceil(cells.reduce((w, c) => Math.max(w, textWidth(c.text, CELL_FONT_SIZE)), 0) + 16)) : SMALL_CELL;
  const cellHeight = written ? 48 : SMALL_CELL;
  const stroke = written ? { stroke: 'white', strokeWidth: 2 } : { aria: false };
  // small cells: labels that would overlap are left out
  const labels = written ? {} : { labelOverlap: 'greedy' as const };
  const sortNumbers = (axis: 'x' | 'y') => [...new Set(cells.map((c) => c[axis]).filter((v): v is number => v !== undefined))].sort((a, b) => a - b);
  const encoding = {
    ...(opts.xAxis
      ? { x: { field: 'x', type: 'ordinal' as const, title: opts.xAxis, sort: sortNumbers('x'), axis: { labelAngle: 0, orient: 'top' as const, ...labels } } }
      : {}),
    ...(opts.yAxis ? { y: { field: 'y', type: 'ordinal' as const, title: opts.yAxis, sort: sortNumbers('y'), axis: labels } } : {}),
  };
  const layer = {
    // a missing axis leaves one band of the same size
    width: opts.xAxis ? { step: cellWidth } : cellWidth,
    height: opts.yAxis ? { step: cellHeight } : cellHeight,
    encoding,
    layer: [
      {
        transform: [{ filter: 'datum.value !== null' }],
        mark: { type: 'rect' as const, ...stroke },
        encoding: {
          color: {
            field: 'value',
            type: 'quantitative' as const,
            title: opts.valueTitle,
            format: opts.cellFormat,
            scale: opts.kind === 'diverging' ? { scheme: 'redblue', domain, domainMid: 0 } : { scheme: 'blues', domain },
            legend: { format: opts.valueFormat, gradientLength: 140, titleLimit: 200 },
          },
        },
      },
      {
        transform: [{ filter: 'datum.value === null' }],
        mark: { type: 'rect' as const, fill: '#d9d9d9', ...stroke },
      },
      ...(written
        ? [
            {
              mark: { type: 'text' as const, fontSize: CELL_FONT_SIZE },
              encoding: { text: { field: 'text', type: 'nominal' as const }, color: { condition: { test: "datum.ink === 'white'", value: 'white' }, value: 'black' } },
            },
          ]
        : []),
    ],
  };
  const panels = new Set(values.map((v) => v.panel));
  const common = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', title: opts.title, data: { values }, config: CONFIG };
  if (panels.size > 1) {
    return { ...common, facet: { column: { field: 'panel', type: 'nominal', title: null, header: { labelFontSize: 12 } } }, spec: layer } as TopLevelSpec;
  }
  return { ...common, ...layer } as TopLevelSpec;
}

// ---- charts for many trials ----

/** Above this many loss curves, the chart names the best few and summarises the rest (lossOverviewSpec). */
export const MAX_NAMED_CURVES = 12;
/** how many of the best trials the overview names */
export const BEST_NAMED = 5;

export interface LossOverview {
  /** the best trials (by test accuracy), named and coloured */
  best: LossSeries[];
  /** per epoch (1 first), the other trials' losses: range and median */
  rest: { epoch: number; min: number; median: number; max: number }[];
  restCount: number;
  /** where each diverged trial stopped: its last epoch with a finite loss */
  diverged: { epoch: number; loss: number }[];
}

const finitePositive = (x: number) => Number.isFinite(x) && x > 0;

/** The median of `sorted` (ascending, non-empty). */
function median(sorted: Float64Array): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * The overview's data: `best` as given, the others' finite losses reduced to a band per epoch, and the last finite
 * point of every diverged series. Loops rather than spreads, so that any number of trials fits.
 */
export function lossOverview(best: LossSeries[], rest: LossSeries[], diverged: LossSeries[]): LossOverview {
  const byEpoch: number[][] = [];
  for (const s of rest) {
    s.losses.forEach((loss, i) => {
      if (finitePositive(loss)) (byEpoch[i] ??= []).push(loss);
    });
  }
  const band = byEpoch.flatMap((losses, i) => {
    if (losses === undefined || losses.length === 0) return [];
    const sorted = Float64Array.from(losses).sort();
    return [{ epoch: i + 1, min: sorted[0], median: median(sorted), max: sorted[sorted.length - 1] }];
  });
  const stops = diverged.flatMap((s) => {
    let last = s.losses.length - 1;
    while (last >= 0 && !finitePositive(s.losses[last])) last--;
    return last < 0 ? [] : [{ epoch: last + 1, loss: s.losses[last] }];
  });
  return { best, rest: band, restCount: rest.length, diverged: stops };
}

/**
 * Loss against epoch for many trials, linear and log panels: the best few as named lines in colour, the other
 * trials as a grey band (their range at each epoch) with their median as a grey line, and a red × where each diverged
 * trial stopped. The legend has one entry per named trial, one for the rest and one for the diverged.
 */
export function lossOverviewSpec(o: LossOverview): TopLevelSpec {
  const restLabel = `other ${o.restCount} trial(s): median and range`;
  const divergedLabel = `diverged (${o.diverged.length}): where each stopped`;
  const named = o.best.map((s) => s.label);
  const lines = o.best.flatMap((s) => s.losses.flatMap((loss, i) => (finitePositive(loss) ? [{ series: s.label, epoch: i + 1, loss }] : [])));
  const medians = o.rest.map((b) => ({ series: restLabel, epoch: b.epoch, loss: b.median }));
  const domain = [...named, ...(o.restCount > 0 ? [restLabel] : []), ...(o.diverged.length > 0 ? [divergedLabel] : [])];
  const range = [...HUES.slice(0, named.length), ...(o.restCount > 0 ? ['#9a9a9a'] : []), ...(o.diverged.length > 0 ? ['#d62728'] : [])];
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of [...lines, ...o.rest.map((b) => ({ loss: b.min })), ...o.rest.map((b) => ({ loss: b.max })), ...o.diverged]) {
    lo = Math.min(lo, v.loss);
    hi = Math.max(hi, v.loss);
  }
  const spread = hi > lo ? hi - lo : 0;
  const decimals = spread > 0 ? Math.min(6, Math.max(0, Math.ceil(-Math.log10(spread / 12)))) : 2;
  const color = { field: 'series', type: 'nominal' as const, title: null, scale: { domain, range }, legend: { symbolType: 'stroke', symbolStrokeWidth: 3, symbolSize: 240, orient: 'bottom' as const, direction: 'vertical' as const } };
  const x = { field: 'epoch', type: 'quantitative' as const, title: 'epoch', axis: { tickMinStep: 1, format: 'd' } };
  const panel = (title: string, log: boolean) => {
    const y = {
      field: 'loss',
      type: 'quantitative' as const,
      title: log ? 'loss (log scale)' : 'loss',
      scale: log ? { type: 'log' as const, nice: false, domain: [lo, hi] } : { zero: false, domain: [lo, hi] },
      axis: { tickCount: 6, format: `.${decimals}f` },
    };
    return {
      title,
      width: 420,
      height: 280,
      layer: [
        ...(o.rest.length > 0
          ? [
              { data: { values: o.rest }, mark: { type: 'area' as const, color: '#d9d9d9', opacity: 0.8, clip: true }, encoding: { x, y: { ...y, field: 'min' }, y2: { field: 'max' } } },
              { data: { values: medians }, mark: { type: 'line' as const, strokeWidth: 1.5, strokeDash: [4, 3], clip: true }, encoding: { x, y, color } },
            ]
          : []),
        ...(lines.length > 0 ? [{ data: { values: lines }, mark: { type: 'line' as const, strokeWidth: 2.5, clip: true }, encoding: { x, y, color } }] : []),
        ...(o.diverged.length > 0
          ? [{ data: { values: o.diverged.map((d) => ({ ...d, series: divergedLabel })) }, mark: { type: 'point' as const, shape: 'cross', size: 70, filled: true, clip: true }, encoding: { x, y, color } }]
          : []),
      ],
    };
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    hconcat: [panel('Training loss', false), panel('Training loss, log scale', true)],
    spacing: 32,
    config: CONFIG,
  } as TopLevelSpec;
}

export interface AccuracyPoint {
  /** the varying axis's value */
  x: number;
  /** null for a trial without an accuracy (failed, diverged): left out of the line */
  accuracy: number | null;
}

/** Test accuracy against the one varying axis, as a line with a dot per trial; a log x axis for lr. */
export function accuracyLineSpec(points: AccuracyPoint[], axis: Axis): TopLevelSpec {
  const values = points.filter((p) => p.accuracy !== null).sort((a, b) => a.x - b.x);
  const log = axis === 'lr' && values.every((p) => p.x > 0);
  const encoding = {
    x: { field: 'x', type: 'quantitative' as const, title: log ? `${axis} (log scale)` : axis, scale: log ? { type: 'log' as const } : { zero: false } },
    y: { field: 'accuracy', type: 'quantitative' as const, title: 'test accuracy', scale: { zero: false }, axis: { format: '.0%' } },
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `Test accuracy by ${axis}`,
    data: { values },
    width: 640,
    height: 300,
    encoding,
    layer: [
      { mark: { type: 'line', strokeWidth: 2, color: HUES[0] } },
      { mark: { type: 'point', filled: true, size: values.length > 100 ? 12 : 40, color: HUES[0] } },
    ],
    config: CONFIG,
  } as TopLevelSpec;
}

export interface ParallelLine {
  /** one polyline: its position (0 at the bottom, 1 at the top) on each axis, the last one test accuracy */
  positions: number[];
  accuracy: number;
}

export interface ParallelAxis {
  name: string;
  /** tick labels at positions 0..1 */
  ticks: { position: number; label: string }[];
}

/** A parallel-coordinates chart: one vertical axis per entry of `axes`, one line per entry of `lines`, coloured by accuracy. */
export function parallelSpec(axes: ParallelAxis[], lines: ParallelLine[], title: string): TopLevelSpec {
  const values = lines.flatMap((l, id) => l.positions.map((position, i) => ({ id, axis: axes[i].name, position, accuracy: l.accuracy })));
  const ticks = axes.flatMap((a) => a.ticks.map((t) => ({ axis: a.name, position: t.position, label: t.label })));
  const x = { field: 'axis', type: 'nominal' as const, sort: axes.map((a) => a.name), title: null, axis: { orient: 'top' as const, domain: false, ticks: false, labelFontWeight: 'bold' } };
  const y = { field: 'position', type: 'quantitative' as const, axis: null, scale: { domain: [0, 1] } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: Math.max(420, 150 * axes.length),
    height: 320,
    layer: [
      {
        data: { values },
        // many lines: no description each (it would be most of the page's bytes)
        mark: { type: 'line', strokeWidth: lines.length > 500 ? 0.6 : 1.2, opacity: lines.length > 500 ? 0.5 : 0.8, aria: lines.length <= 200 },
        encoding: {
          x,
          y,
          detail: { field: 'id', type: 'nominal' },
          color: { field: 'accuracy', type: 'quantitative', title: 'test accuracy', scale: { scheme: 'viridis' }, legend: { format: '.0%', gradientLength: 140 } },
        },
      },
      { data: { values: axes.map((a) => ({ axis: a.name })) }, mark: { type: 'rule', color: '#555' }, encoding: { x } },
      {
        data: { values: ticks },
        mark: { type: 'text', align: 'left', dx: 4, fontSize: 11, color: '#333' },
        encoding: { x, y, text: { field: 'label', type: 'nominal' } },
      },
    ],
    config: CONFIG,
  } as TopLevelSpec;
}
