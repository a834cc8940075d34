// compare.html: two results folders side by side — A's and B's accuracy heatmaps on one colour scale, and a delta
// map of B − A in percentage points — with the joined trials table of `sweep compare`.
import { writeFileAtomic } from '../store/atomic.js';
import type { TrialRecord } from '../store/record.js';
import { heatmapDomain, heatmapSpec, renderSvg, type HeatmapCell, type HeatmapOptions } from './charts.js';
import type { ComparedTrial } from './compare.js';
import { accuracyCells, escapeHtml, heatmapAxes, heatmapTitle, htmlTable, page, runDates, type HeatmapAxes } from './html.js';
import { percent } from './tables.js';

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

function deltaCell(row: ComparedTrial, axes: HeatmapAxes): HeatmapCell {
  const [cell] = accuracyCells([(row.a ?? row.b) as TrialRecord], axes);
  const accA = row.a?.status === 'ok' ? row.a.testAccuracy : null;
  const accB = row.b?.status === 'ok' ? row.b.testAccuracy : null;
  if (accA === null || accB === null) return { ...cell, value: null, text: row.flag ?? 'no accuracy' };
  return { ...cell, value: (accB - accA) * 100, text: deltaPoints(accA, accB) };
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
  const flagged = rows.filter((r) => r.flag !== undefined);
  const verdict =
    flagged.length === 0
      ? `<span class="badge ok">${rows.length} trial(s) compared: no differences</span>`
      : `<span class="badge bad">${flagged.length} of ${rows.length} trial(s) differ</span>`;
  const table = htmlTable(rows, [
    { head: 'trial', cell: (r) => r.label },
    { head: 'accuracy A', cell: (r) => percent(r.a?.testAccuracy ?? null), num: true },
    { head: 'accuracy B', cell: (r) => percent(r.b?.testAccuracy ?? null), num: true },
    {
      head: 'Δ acc (pts)',
      cell: (r) => (r.a?.testAccuracy != null && r.b?.testAccuracy != null ? deltaPoints(r.a.testAccuracy, r.b.testAccuracy) : ''),
      num: true,
    },
    { head: 'weights', cell: (r) => (r.a && r.b ? (r.a.weightsSha256 === r.b.weightsSha256 ? 'same' : 'DIFFER') : ''), className: (r) => (r.a && r.b && r.a.weightsSha256 !== r.b.weightsSha256 ? 'bad' : '') },
    { head: 'flag', cell: (r) => r.flag ?? '', className: (r) => (r.flag ? 'bad' : '') },
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
<p class="note">Trials are joined on their hyperparameters and data; a cell without a delta says why (only on one side, a failed trial).</p>
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
