// compare.html: two results folders side by side — A's and B's accuracy heatmaps on one colour scale, and a delta
// map of B − A in percentage points — with the joined trials table of `sweep compare`.
import { writeFileAtomic } from '../store/atomic.js';
import type { TrialRecord } from '../store/record.js';
import { heatmapDomain, heatmapSpec, renderSvg, type HeatmapCell, type HeatmapOptions } from './charts.js';
import { weightsCell, type ComparedTrial } from './compare.js';
import { accuracyCells, escapeHtml, heatmapAxes, heatmapTitle, htmlTable, page, runDates, type HeatmapAxes } from './html.js';
import { meanStd } from './tables.js';

export const COMPARE_FILE = 'compare.html';

export interface ComparedFolder {
  dir: string;
  records: TrialRecord[];
}

/** "+1.25": B − A in percentage points, two decimals. */
export function deltaPoints(a: number, b: number): string {
  const d = (b - a) * 100;
  return `${d >= 0 ? '+' : '−'}${Math.abs(d).toFixed(2)}`;
}

/**
 * One delta cell per joined trial: B − A accuracy in points, or why there is none (only on one side, failed). Trials
 * that land on one cell without a join (same hyperparameters, other data) share it, their reasons listed.
 */
export function deltaCells(rows: ComparedTrial[], axes: HeatmapAxes): HeatmapCell[] {
  const cells = new Map<string, HeatmapCell>();
  for (const cell of rows.map((row) => deltaCell(row, axes))) {
    const key = JSON.stringify([cell.x, cell.y, cell.panel]);
    const seen = cells.get(key);
    cells.set(key, seen === undefined ? cell : { ...seen, value: null, text: [...new Set([seen.text, cell.text])].join(' / ') });
  }
  return [...cells.values()];
}

/** "≠" after a delta: the same trial has other weights in A and B, whatever the accuracies say. */
export const WEIGHTS_DIFFER_MARK = ' ≠';

function deltaCell(row: ComparedTrial, axes: HeatmapAxes): HeatmapCell {
  const [cell] = accuracyCells([row.a[0] ?? row.b[0]], axes);
  const accA = row.accuracyA.mean;
  const accB = row.accuracyB.mean;
  if (accA === null || accB === null) return { ...cell, value: null, text: row.flag ?? 'no accuracy' };
  const mark = (row.weightsDiffer.length > 0 ? WEIGHTS_DIFFER_MARK : '') + (row.beyondSpread ? ' *' : '');
  return { ...cell, value: (accB - accA) * 100, text: deltaPoints(accA, accB) + mark };
}

function folderFacts(label: string, f: ComparedFolder): string {
  const distinct = (values: string[]) => [...new Set(values)].join('; ') || '—';
  return `<dt>${label}</dt><dd><span class="mono">${escapeHtml(f.dir)}</span> — ${f.records.length} trial(s), run ${escapeHtml(runDates(f.records))}, Node ${escapeHtml(distinct(f.records.map((r) => r.node)))}, ${escapeHtml(distinct(f.records.map((r) => r.machine)))}</dd>`;
}

/** The comparison page of A and B, whose trials `rows` joins (compareRecords). */
export async function buildCompareReport(a: ComparedFolder, b: ComparedFolder, rows: ComparedTrial[]): Promise<string> {
  const axes = heatmapAxes([...a.records, ...b.records]);
  const cellsA = accuracyCells(a.records, axes);
  const cellsB = accuracyCells(b.records, axes);
  const shared: Omit<HeatmapOptions, 'title'> = {
    xAxis: axes.across,
    yAxis: axes.down,
    valueTitle: 'test accuracy',
    valueFormat: '.0%',
    cellFormat: '.2%',
    kind: 'sequential',
    domain: heatmapDomain([...cellsA, ...cellsB], 'sequential'),
  };
  const svgA = await renderSvg(heatmapSpec(cellsA, { ...shared, title: heatmapTitle('A: test accuracy', axes) }));
  const svgB = await renderSvg(heatmapSpec(cellsB, { ...shared, title: heatmapTitle('B: test accuracy', axes) }));
  const svgDelta = await renderSvg(
    heatmapSpec(deltaCells(rows, axes), {
      title: heatmapTitle('B − A: test accuracy, points', axes),
      xAxis: axes.across,
      yAxis: axes.down,
      valueTitle: 'Δ points',
      valueFormat: '+.2f',
      cellFormat: '+.2f',
      kind: 'diverging',
    }),
  );
  const differ = rows.filter((r) => r.weightsDiffer.length > 0);
  const oneSided = rows.filter((r) => r.a.length === 0 || r.b.length === 0);
  const verdict =
    differ.length > 0
      ? `<span class="badge bad">${differ.length} of ${rows.length} trial(s): weights differ</span>`
      : `<span class="badge ok">${rows.length - oneSided.length} trial(s) joined, no weights differ${oneSided.length === 0 ? '' : `; ${oneSided.length} on one side only`}</span>`;
  const table = htmlTable(rows, [
    { head: 'trial', cell: (r) => r.label },
    { head: 'n A/B', cell: (r) => `${r.a.length}/${r.b.length}`, num: true },
    { head: 'accuracy A', cell: (r) => meanStd(r.accuracyA, true), num: true },
    { head: 'accuracy B', cell: (r) => meanStd(r.accuracyB, true), num: true },
    {
      head: 'Δ acc (pts)',
      cell: (r) => (r.accuracyA.mean !== null && r.accuracyB.mean !== null ? deltaPoints(r.accuracyA.mean, r.accuracyB.mean) + (r.beyondSpread ? ' *' : '') : ''),
      num: true,
    },
    { head: 'weights', cell: weightsCell, className: (r) => (r.weightsDiffer.length > 0 ? 'bad' : '') },
    { head: 'flag', cell: (r) => r.flag ?? '', className: (r) => (r.weightsDiffer.length > 0 ? 'bad' : '') },
  ]);
  const body = `<header>
<h1>Comparison of two results folders</h1>
<dl>
${folderFacts('A', a)}
${folderFacts('B', b)}
</dl>
${verdict}
</header>
<section id="heatmaps">
<h2>Test accuracy, A and B (one colour scale)</h2>
<div class="charts">
${svgA}
${svgB}
</div>
</section>
<section id="delta">
<h2>Delta map: B − A, in percentage points</h2>
${svgDelta}
<p class="note">Trials are joined on their hyperparameters and data (or the keys asked for, groups by their mean); a cell without a delta says why (only on one side, a failed trial). ≠ marks a trial whose weights differ between A and B (a determinism regression), * a difference of the means beyond the spread (the larger std).</p>
</section>
<section id="trials">
<h2>Trials</h2>
${table}
</section>`;
  return page(`compare ${a.dir} ↔ ${b.dir} — mlp-sweep`, body);
}

export async function writeCompareReport(file: string, a: ComparedFolder, b: ComparedFolder, rows: ComparedTrial[]): Promise<string> {
  writeFileAtomic(file, await buildCompareReport(a, b, rows));
  return file;
}
