import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Experiment } from '../src/config/types.js';
import { deltaCells, deltaPoints } from '../src/report/compare-report.js';
import { compareRecords } from '../src/report/compare.js';
import { accuracyCells, buildReport, heatmapAxes, trialLabel } from '../src/report/html.js';
import { percent } from '../src/report/tables.js';
import type { TrialRecord } from '../src/store/record.js';
import { readCsv, sweep, tempDir } from './helpers/cli.js';
import { experiment, record } from './helpers/records.js';

/** "epochs: 2; lr: 0.05; text: 11.25%" of every heatmap cell's text, as { lr, epochs, text } objects. */
function cellLabels(svg: string): Record<string, string>[] {
  return [...svg.matchAll(/<text aria-label="([^"]*)"[^>]*aria-roledescription="text mark"/g)].map((m) =>
    Object.fromEntries(m[1].split('; ').map((part) => [part.slice(0, part.indexOf(': ')), part.slice(part.indexOf(': ') + 2)])),
  );
}


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

const Cli = suite('report from the CLI');
const state = { results: '', dir: '' };

Cli.before(() => {
  state.results = tempDir();
  const r = sweep(['run', 'experiments/smoke.yaml', '--results', state.results]);
  assert.is(r.code, 0, r.stdout + r.stderr);
  state.dir = join(state.results, 'smoke');
  assert.match(r.stdout, `Report: ${join(state.dir, 'report.html')}`);
});

Cli('sweep run should write report.html, loss.svg and accuracy.svg', () => {
  for (const f of ['report.html', 'loss.svg', 'accuracy.svg']) assert.ok(existsSync(join(state.dir, f)), f);
  const html = readFileSync(join(state.dir, 'report.html'), 'utf8');
  for (const part of ['id="loss"', 'id="accuracy"', 'id="expectations"', 'id="trials"', 'id="experiment"', process.version]) assert.ok(html.includes(part), part);
});

Cli('report.html should hold no URL but the SVG namespaces, and no script', () => {
  const html = readFileSync(join(state.dir, 'report.html'), 'utf8');
  const urls = [...html.matchAll(/(\S*)(https?:\/\/[^"'\s<>)]*)/g)];
  assert.ok(urls.length > 0);
  for (const [, before, url] of urls) {
    assert.ok(/xmlns(:xlink)?="$/.test(before) && ['http://www.w3.org/2000/svg', 'http://www.w3.org/1999/xlink'].includes(url), `${before}${url}`);
  }
  assert.not.match(html, /<script|<link|<img|@import|url\(http/i);
});

Cli('the heatmap cells should show the test accuracies of runs.csv', () => {
  const runs = readCsv(join(state.dir, 'runs.csv'));
  const html = readFileSync(join(state.dir, 'report.html'), 'utf8');
  const cells = cellLabels(html.slice(html.indexOf('id="accuracy"')));
  assert.is(cells.length, runs.length);
  for (const r of runs) {
    const cell = cells.find((c) => c.lr === r.lr && c.epochs === r.epochs);
    assert.is(cell?.text, percent(Number(r.test_accuracy)), `lr=${r.lr} epochs=${r.epochs}`);
  }
  assert.equal(cellLabels(readFileSync(join(state.dir, 'accuracy.svg'), 'utf8')), cells);
});

Cli('sweep report should write the same report again from the saved results', () => {
  const copy = join(tempDir(), 'smoke');
  cpSync(state.dir, copy, { recursive: true });
  for (const f of ['report.html', 'loss.svg', 'accuracy.svg']) rmSync(join(copy, f));
  const r = sweep(['report', copy]);
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stdout, `Report: ${join(copy, 'report.html')}\n`);
  for (const f of ['report.html', 'loss.svg', 'accuracy.svg']) assert.is(readFileSync(join(copy, f), 'utf8'), readFileSync(join(state.dir, f), 'utf8'), f);
});

Cli('sweep report should refuse a folder that holds no results', () => {
  const r = sweep(['report', tempDir()]);
  assert.is(r.code, 2);
  assert.match(r.stderr, 'not a results folder');
});

Cli('compare --report should write a delta map of B − A, to <dirB>/compare.html or the file given', () => {
  const r = sweep(['compare', 'results/smoke', state.dir, '--report']);
  assert.is(r.code, 0, r.stdout + r.stderr);
  const html = readFileSync(join(state.dir, 'compare.html'), 'utf8');
  const delta = cellLabels(html.slice(html.indexOf('id="delta"')));
  assert.equal(delta.map((c) => c.text), ['+0.00', '+0.00', '+0.00', '+0.00']);
  assert.is(cellLabels(html.slice(html.indexOf('id="heatmaps"'), html.indexOf('id="delta"'))).length, 8);

  const file = join(tempDir(), 'mine.html');
  assert.is(sweep(['compare', 'results/smoke', state.dir, '--report', file]).code, 0);
  assert.ok(existsSync(file));
});

Data.run();
Cli.run();
