// HTML escaping in the reports (src/report/html.ts), against literal expected strings: the five characters that
// matter (& < > " ') in text, in attributes' reach, and in table cells, so a user's description, experiment file or a
// trial's error message can never become markup.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Experiment } from '../src/config/types.js';
import { buildReport, escapeHtml, htmlTable } from '../src/report/html.js';
import { record } from './helpers/records.js';

const NASTY = `a&b<c>d"e'f`;
const ESCAPED = 'a&amp;b&lt;c&gt;d&quot;e&#39;f';

test('escapeHtml should escape each of & < > " \' and leave other text alone', () => {
  assert.is(escapeHtml('&'), '&amp;');
  assert.is(escapeHtml('<'), '&lt;');
  assert.is(escapeHtml('>'), '&gt;');
  assert.is(escapeHtml('"'), '&quot;');
  assert.is(escapeHtml("'"), '&#39;');
  assert.is(escapeHtml(NASTY), ESCAPED);
  assert.is(escapeHtml('<<&&>>'), '&lt;&lt;&amp;&amp;&gt;&gt;');
  assert.is(escapeHtml('&amp;'), '&amp;amp;');
  assert.is(escapeHtml('lr=0.03 — 66.54% ✓'), 'lr=0.03 — 66.54% ✓');
  assert.is(escapeHtml(''), '');
});

test('htmlTable should escape every head and cell unless the column holds HTML', () => {
  const rows = [{ text: NASTY, markup: '<b>ok</b>' }];
  const table = htmlTable(rows, [
    { head: 'a<b', cell: (r) => r.text },
    { head: 'n"', cell: () => '1 & 2', num: true },
    { head: 'html', cell: (r) => r.markup, html: true, className: () => 'mono' },
  ]);
  assert.is(
    table,
    '<table>\n<thead><tr><th>a&lt;b</th><th class="num">n&quot;</th><th>html</th></tr></thead>\n<tbody>\n' +
      `<tr><td>${ESCAPED}</td><td class="num">1 &amp; 2</td><td class="mono"><b>ok</b></td></tr>\n</tbody>\n</table>`,
  );
});

test('buildReport should escape the description, the experiment file, the machine and a failed trial\'s error', async () => {
  const rows = [
    record({ runId: 'a', machine: `box ${NASTY}` }),
    record({ runId: 'b', lr: 0.1, machine: `box ${NASTY}`, status: 'failed', error: `child said ${NASTY}`, testAccuracy: null, testCorrect: null, finalLoss: null, losses: [] }),
  ];
  const exp: Experiment = {
    file: 'x.yaml', source: `name: x\n# ${NASTY}\n`, name: 'x', description: `about ${NASTY}`,
    data: { testSize: 0.2, splitSeed: 42 },
    trials: rows.map((r) => ({ runId: r.runId, lr: r.lr, epochs: r.epochs, hidden: r.hidden, seed: r.seed })),
    expectations: [],
  };
  const { html } = await buildReport(exp, new Map(rows.map((r) => [r.runId, r])));
  assert.ok(html.includes(`<p class="meta">about ${ESCAPED}</p>`), 'description');
  assert.ok(html.includes(`<pre>name: x\n# ${ESCAPED}\n</pre>`), 'experiment file');
  assert.ok(html.includes(`<dd>box ${ESCAPED}</dd>`), 'machine');
  assert.ok(html.includes(`<td class="bad">failed: child said ${ESCAPED}</td>`), 'the error in the trials table');
  assert.not.ok(html.includes(NASTY), 'the raw text appears nowhere');
});

test.run();
