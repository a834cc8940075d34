// The report from the CLI: `sweep run` writes report.html, loss.svg and accuracy.svg (self-contained, no URL, no
// script), the heatmap shows runs.csv's accuracies, `sweep report` writes the same again, `compare --report` a delta map.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { percent } from '../src/report/tables.js';
import { readCsv, sweep, tempDir } from './helpers/cli.js';

/** "epochs: 2; lr: 0.05; text: 11.25%" of every heatmap cell's text, as { lr, epochs, text } objects. */
function cellLabels(svg: string): Record<string, string>[] {
  return [...svg.matchAll(/<text aria-label="([^"]*)"[^>]*aria-roledescription="text mark"/g)].map((m) =>
    Object.fromEntries(m[1].split('; ').map((part) => [part.slice(0, part.indexOf(': ')), part.slice(part.indexOf(': ') + 2)])),
  );
}

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

Cli.run();
