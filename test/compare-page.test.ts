// compare.html (src/report/compare-report.ts) from records made up here, against literal HTML: both folders' facts,
// the verdict badge, the trials table with its deltas and marks, the three heatmaps' titles and cells, and the file
// writeCompareReport writes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCompareReport, COMPARE_FILE, deltaCells, writeCompareReport } from '../src/report/compare-report.js';
import { compareRecords, joinKeys } from '../src/report/compare.js';
import { heatmapAxes } from '../src/report/html.js';
import { tempDir } from './helpers/cli.js';
import { record } from './helpers/records.js';

/** "epochs: 2; lr: 0.05; text: 11.25%" of every heatmap cell's text, as { lr, epochs, text } objects. */
function cellLabels(svg: string): Record<string, string>[] {
  return [...svg.matchAll(/<text aria-label="([^"]*)"[^>]*aria-roledescription="text mark"/g)].map((m) =>
    Object.fromEntries(m[1].split('; ').map((part) => [part.slice(0, part.indexOf(': ')), part.slice(part.indexOf(': ') + 2)])),
  );
}

/** The descriptions (aria-label) vega writes for what it drew. */
const described = (svg: string) => [...svg.matchAll(/aria-label="([^"]*)"/g)].map((m) => m[1]);

const A = [
  record({ runId: 'a1', lr: 0.1, epochs: 2, testAccuracy: 0.5, node: 'v20.1.0', machine: 'box a', finishedAt: '2026-11-25T08:30:00.000Z' }),
  record({ runId: 'a2', lr: 0.2, epochs: 2, testAccuracy: 0.25, node: 'v20.1.0', machine: 'box a', finishedAt: '2026-11-25T08:40:00.000Z' }),
  record({ runId: 'a3', lr: 0.3, epochs: 2, testAccuracy: 0.75, node: 'v20.1.0', machine: 'box a', finishedAt: '2026-11-25T08:50:00.000Z' }),
];
const B = [
  record({ runId: 'b1', lr: 0.1, epochs: 2, testAccuracy: 0.5125, node: 'v22.0.0', machine: 'box <b>', finishedAt: '2026-11-26T09:00:00.000Z' }),
  record({ runId: 'b2', lr: 0.2, epochs: 2, testAccuracy: 0.25, weightsSha256: 'ff', node: 'v22.0.0', machine: 'box <b>', finishedAt: '2026-11-26T09:00:00.000Z' }),
];

test('deltaCells should give B − A in points, ≠ where weights differ, and why a cell has none', () => {
  const rows = compareRecords(A, B);
  assert.equal(deltaCells(rows, heatmapAxes([...A, ...B])).map((c) => [c.y, c.value === null ? null : Math.round(c.value * 1e6) / 1e6, c.text]), [
    [0.1, 1.25, '+1.25'],
    [0.2, 0, '+0.00 ≠'],
    [0.3, null, 'only in A'],
  ]);
  const failed = compareRecords([record({ runId: 'x', status: 'failed', testAccuracy: null })], [record({ runId: 'y', status: 'failed', testAccuracy: null })]);
  assert.equal(deltaCells(failed, heatmapAxes([])).map((c) => [c.value, c.text]), [[null, 'no accuracy']]);
  const groups = compareRecords(
    [0.5, 0.52].map((acc, i) => record({ runId: `g${i}`, seed: i, testAccuracy: acc })),
    [0.6, 0.61].map((acc, i) => record({ runId: `h${i}`, seed: i + 5, testAccuracy: acc })),
    joinKeys({ ignore: ['seed'] }),
  );
  assert.equal(deltaCells(groups, { panels: [] }).map((c) => c.text), ['+9.50 *'], 'beyond the spread');
});

test('the comparison page should name both folders, say which weights differ, and list the trials with their deltas', async () => {
  const html = await buildCompareReport({ dir: 'results/a', records: A }, { dir: 'results/<b>', records: B }, compareRecords(A, B));
  assert.ok(html.includes('\n<title>compare results/a ↔ results/&lt;b&gt; — mlp-sweep</title>\n'));
  assert.ok(html.includes(
    '<h1>Comparison of two results folders</h1>\n<dl>\n' +
      '<dt>A</dt><dd><span class="mono">results/a</span> — 3 trial(s), run 2026-11-25 08:30 – 08:50 UTC, Node v20.1.0, box a</dd>\n' +
      '<dt>B</dt><dd><span class="mono">results/&lt;b&gt;</span> — 2 trial(s), run 2026-11-26 09:00 UTC, Node v22.0.0, box &lt;b&gt;</dd>\n' +
      '</dl>\n<span class="badge bad">1 of 3 trial(s): weights differ</span>\n</header>',
  ));
  const table = html.slice(html.indexOf('<section id="trials">'));
  assert.ok(table.includes(
    '<thead><tr><th>trial</th><th class="num">n A/B</th><th class="num">accuracy A</th><th class="num">accuracy B</th><th class="num">Δ acc (pts)</th><th>weights</th><th>flag</th></tr></thead>\n<tbody>\n' +
      '<tr><td>lr=0.1</td><td class="num">1/1</td><td class="num">50.00%</td><td class="num">51.25%</td><td class="num">+1.25</td><td>same</td><td></td></tr>\n' +
      '<tr><td>lr=0.2</td><td class="num">1/1</td><td class="num">25.00%</td><td class="num">25.00%</td><td class="num">+0.00</td><td class="bad">DIFFER</td><td class="bad">weights differ</td></tr>\n' +
      '<tr><td>lr=0.3</td><td class="num">1/0</td><td class="num">75.00%</td><td class="num">—</td><td class="num"></td><td></td><td>only in A</td></tr>\n</tbody>',
  ), table.slice(0, 2000));
  const heatmaps = html.slice(html.indexOf('<section id="heatmaps">'), html.indexOf('<section id="delta">'));
  for (const title of ['A: test accuracy (lr)', 'B: test accuracy (lr)']) assert.ok(heatmaps.includes(title), title);
  assert.equal(cellLabels(heatmaps).map((c) => c.text), ['50.00%', '25.00%', '75.00%', '51.25%', '25.00%']);
  const delta = html.slice(html.indexOf('<section id="delta">'), html.indexOf('<section id="trials">'));
  assert.ok(delta.includes('B − A: test accuracy, points (lr)'));
  assert.equal(cellLabels(delta).map((c) => c.text), ['+1.25', '+0.00 ≠', 'only in A']);
  assert.ok(delta.includes('<p class="note">Trials are joined on their hyperparameters and data (or the keys asked for, groups by their mean); a cell without a delta says why (only on one side, a failed trial). ≠ marks a trial whose weights differ between A and B (a determinism regression), * a difference of the means beyond the spread (the larger std).</p>'));
});

test('the verdict should count the trials joined and those on one side only when no weights differ', async () => {
  const same = [record({ runId: 'b1', lr: 0.1, epochs: 2, testAccuracy: 0.5 })];
  const alone = await buildCompareReport({ dir: 'a', records: A }, { dir: 'b', records: same }, compareRecords(A, same));
  assert.ok(alone.includes('<span class="badge ok">1 trial(s) joined, no weights differ; 2 on one side only</span>'));
  const both = await buildCompareReport({ dir: 'a', records: A.slice(0, 1) }, { dir: 'b', records: same }, compareRecords(A.slice(0, 1), same));
  assert.ok(both.includes('<span class="badge ok">1 trial(s) joined, no weights differ</span>'));
});

test('writeCompareReport should write the page to the file given and return its path', async () => {
  const file = join(tempDir(), COMPARE_FILE);
  assert.is(COMPARE_FILE, 'compare.html');
  assert.is(await writeCompareReport(file, { dir: 'a', records: A }, { dir: 'b', records: B }, compareRecords(A, B)), file);
  const html = readFileSync(file, 'utf8');
  assert.ok(html.startsWith('<!DOCTYPE html>') && html.includes('<h1>Comparison of two results folders</h1>'));
});

test('the page should list several Node versions and no run for an empty folder, and count one-sided trials of either side', async () => {
  const mixed = [record({ runId: 'm1', lr: 0.1, node: 'v20.1.0' }), record({ runId: 'm2', lr: 0.4, node: 'v22.0.0' })];
  const html = await buildCompareReport({ dir: 'mixed', records: mixed }, { dir: 'empty', records: [] }, compareRecords(mixed, []));
  assert.ok(html.includes('<dt>A</dt><dd><span class="mono">mixed</span> — 2 trial(s), run 2026-11-25 08:00 UTC, Node v20.1.0; v22.0.0, linux-x64, 2 × CPU</dd>'));
  assert.ok(html.includes('<dt>B</dt><dd><span class="mono">empty</span> — 0 trial(s), run —, Node —, —</dd>'));
  const onlyB = [record({ runId: 'b9', lr: 0.9 })];
  const b = await buildCompareReport({ dir: 'a', records: A.slice(0, 1) }, { dir: 'b', records: [...onlyB, record({ runId: 'b1', lr: 0.1, epochs: 2, testAccuracy: 0.5 })] }, compareRecords(A.slice(0, 1), [...onlyB, record({ runId: 'b1', lr: 0.1, epochs: 2, testAccuracy: 0.5 })]));
  assert.ok(b.includes('<span class="badge ok">1 trial(s) joined, no weights differ; 1 on one side only</span>'));
});

test('the trials table should leave the delta empty without an accuracy on one side, and mark one beyond the spread', async () => {
  const failedA = [record({ runId: 'f', lr: 0.1, status: 'failed', testAccuracy: null })];
  const okB = [record({ runId: 'g', lr: 0.1, testAccuracy: 0.5 })];
  const html = await buildCompareReport({ dir: 'a', records: failedA }, { dir: 'b', records: okB }, compareRecords(failedA, okB));
  assert.ok(html.includes('<td class="num">—</td><td class="num">50.00%</td><td class="num"></td>'), 'no delta from a failed trial');
  const ga = [0.5, 0.52].map((acc, i) => record({ runId: `a${i}`, seed: i, testAccuracy: acc }));
  const gb = [0.6, 0.61].map((acc, i) => record({ runId: `b${i}`, seed: i + 5, testAccuracy: acc }));
  const groups = await buildCompareReport({ dir: 'a', records: ga }, { dir: 'b', records: gb }, compareRecords(ga, gb, joinKeys({ ignore: ['seed'] })));
  assert.ok(groups.includes('<td class="num">51.00% ± 1.41</td><td class="num">60.50% ± 0.71</td><td class="num">+9.50 *</td>'));
});

test('the heatmaps should share one colour scale over A and B, in percent, and the delta map its own in signed points', async () => {
  const a = [record({ runId: 'a1', lr: 0.1, testAccuracy: 0.25 }), record({ runId: 'a2', lr: 0.2, testAccuracy: 0.5 })];
  const b = [record({ runId: 'b1', lr: 0.1, testAccuracy: 0.75 }), record({ runId: 'b2', lr: 0.2, testAccuracy: 0.5 })];
  const html = await buildCompareReport({ dir: 'a', records: a }, { dir: 'b', records: b }, compareRecords(a, b));
  const heatmaps = described(html.slice(html.indexOf('<section id="heatmaps">'), html.indexOf('<section id="delta">')));
  // A alone spans 25–50 %, B 50–75 %: both legends span 25–75 %
  assert.equal(heatmaps.filter((l) => l.startsWith('Gradient legend')), [
    "Gradient legend titled 'test accuracy' for fill color with values from 25% to 75%",
    "Gradient legend titled 'test accuracy' for fill color with values from 25% to 75%",
  ]);
  assert.ok(heatmaps.includes('lr: 0.1; test accuracy: 25.00%') && heatmaps.includes('lr: 0.1; test accuracy: 75.00%'), heatmaps.join('\n'));
  const delta = described(html.slice(html.indexOf('<section id="delta">'), html.indexOf('<section id="trials">')));
  assert.ok(delta.includes('lr: 0.1; Δ points: +50.00'), delta.join('\n'));
  assert.ok(delta.includes("Gradient legend titled 'Δ points' for fill color with values from −50.00 to +50.00"), delta.join('\n'));
  // the delta map is diverging, symmetric about 0: +50 points is at its end, dark, written in white
  assert.match(html.slice(html.indexOf('<section id="delta">')), /aria-label="lr: 0\.1; text: \+50\.00"[^>]*fill="white"/);
});

test.run();
