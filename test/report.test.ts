// The report's data and pages from records made up here (src/report/html.ts, trial-charts.ts, compare-report.ts):
// heatmap axes, labels, cells and deltas, escaping, small multiples (the report from the CLI: report-cli.test.ts).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { deltaCells, deltaPoints } from '../src/report/compare-report.js';
import { compareRecords } from '../src/report/compare.js';
import { accuracyCells, buildReport, heatmapAxes, trialLabel } from '../src/report/html.js';
import { experiment, record } from './helpers/records.js';

const Data = suite('report data');

Data('heatmapAxes should take the two axes with the most values, first axis down, and split by the rest', () => {
  const rows = [0.01, 0.02, 0.03].flatMap((lr) => [20, 30].flatMap((epochs) => [1, 2].map((seed) => ({ lr, epochs, hidden: 128, seed }))));
  assert.equal(heatmapAxes(rows), { down: 'lr', across: 'epochs', panels: ['seed'] });
  assert.equal(heatmapAxes([{ lr: 0.1, epochs: 2, hidden: 16, seed: 1 }]), { down: undefined, across: undefined, panels: [] });
});

Data('trialLabel should name a trial by the axes that vary, or by all of them when none does', () => {
  const r = { lr: 0.03, epochs: 40, hidden: 128, seed: 42 };
  assert.is(trialLabel(r, ['lr', 'epochs']), 'lr=0.03, epochs=40');
  assert.is(trialLabel(r, []), 'lr=0.03, epochs=40, hidden=128, seed=42');
});

Data('accuracyCells should write a failed trial by its status, without a value', () => {
  const rows = [record({ runId: 'a', lr: 0.1 }), record({ runId: 'b', lr: 0.2, status: 'failed', testAccuracy: null })];
  const cells = accuracyCells(rows);
  assert.equal(cells.map((c) => [c.y, c.value, c.text]), [[0.1, 0.5, '50.00%'], [0.2, null, 'failed']]);
});

Data('deltaPoints should give B − A in points with a sign', () => {
  assert.is(deltaPoints(0.5, 0.5125), '+1.25');
  assert.is(deltaPoints(0.5, 0.49), '−1.00');
  assert.is(deltaPoints(0.3, 0.3), '+0.00');
});

Data('deltaCells should give B − A per joined trial and list the reasons on a cell without a join', () => {
  const a = [record({ runId: 'a1', lr: 0.1, testAccuracy: 0.5 }), record({ runId: 'a2', lr: 0.2, data: { testSize: 0.2, splitSeed: 42, limit: 100 } })];
  const b = [record({ runId: 'b1', lr: 0.1, testAccuracy: 0.55, weightsSha256: 'cd' }), record({ runId: 'b2', lr: 0.2 })];
  const cells = deltaCells(compareRecords(a, b), heatmapAxes([...a, ...b]));
  assert.equal(cells.map((c) => [c.y, c.value === null ? null : Math.round(c.value * 100) / 100, c.text]), [[0.1, 5, '+5.00 ≠'], [0.2, null, 'only in A / only in B']]);
});

Data('buildReport should escape the experiment file and description', async () => {
  const rows = [record({ runId: 'a' })];
  const report = await buildReport(experiment(rows, { description: '<b>bold</b> & "q"', source: 'name: x\n# <script>alert(1)</script>\n' }), new Map(rows.map((r) => [r.runId, r])));
  assert.ok(report.html.includes('&lt;b&gt;bold&lt;/b&gt; &amp; &quot;q&quot;'));
  assert.ok(report.html.includes('# &lt;script&gt;alert(1)&lt;/script&gt;'));
  assert.not.match(report.html, /<script/i);
});

Data('buildReport should draw small multiples when more than two axes vary, one cell per trial', async () => {
  const rows = [0.1, 0.2].flatMap((lr) => [2, 3].flatMap((epochs) => [1, 2].map((seed) => record({ runId: `${lr}-${epochs}-${seed}`, lr, epochs, seed }))));
  const report = await buildReport(experiment(rows), new Map(rows.map((r) => [r.runId, r])));
  assert.is(report.accuracySvg?.match(/aria-roledescription="rect mark"/g)?.length, rows.length);
  assert.ok(report.accuracySvg?.includes('seed=1') && report.accuracySvg.includes('seed=2'));
});

Data.run();
