// The report's chart specs (src/report/charts.ts), from data made up here: text widths from DejaVu Sans's advance
// widths (the table's own numbers, in 1/1000 em), the series' colours as hex worked out by hand, the loss curves' points
// and decimals, the heatmap's colour domain, ink and cell sizes, the overview's band, median and stops, the accuracy
// line and the parallel coordinates.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  accuracyLineSpec, heatmapDomain, heatmapSpec, lossOverview, lossOverviewSpec, lossSpec, MAX_WRITTEN_CELLS, parallelSpec, renderSvg,
  seriesColors, textWidth, type HeatmapCell, type HeatmapOptions,
} from '../src/report/charts.js';

type Json = any;
const spec = (s: unknown) => s as Json;
/** The descriptions (aria-label) vega writes for what it drew: each mark's data, each axis and legend. */
const described = (svg: string) => [...svg.matchAll(/aria-label="([^"]*)"/g)].map((m) => m[1]);

test('textWidth should add DejaVu Sans\'s advance widths, bold\'s for bold, 838/1000 em outside printable ASCII', () => {
  assert.is(textWidth('A', 10), 6.84);
  assert.is(textWidth('A', 10, true), 7.74);
  assert.is(textWidth(' ', 1000), 318, 'the first of the table (32)');
  assert.is(textWidth('~', 1000), 838, 'the last (126)');
  assert.is(textWidth('\x1f', 1000), 838, 'below the table');
  assert.is(textWidth('\x7f', 1000), 838, 'above the table');
  assert.is(textWidth('×✓', 1000), 2 * 838);
  assert.is(textWidth('66.54%', 1000), 636 + 636 + 318 + 636 + 636 + 950);
  assert.is(textWidth('', 12), 0);
});

test('vega should measure text with those widths once a chart has been rendered', async () => {
  await renderSvg({ data: { values: [{ a: 1 }] }, mark: 'point', encoding: { x: { field: 'a', type: 'quantitative' } } });
  const vega = (await import('vega')) as unknown as { textMetrics: { width: (item: object, text?: unknown) => number } };
  const width = vega.textMetrics.width;
  assert.is(width({ text: 'AB', fontSize: 10 }), 6.84 + 6.86);
  assert.is(width({ text: ['A', 'B'], fontSize: 10 }), 6.84 + 3.18 + 6.86, 'lines joined by a space');
  assert.is(width({ text: 'A' }), 7.524, 'vega\'s default size, 11 px');
  assert.is(width({ text: 'A', fontSize: 10, fontWeight: 'bold' }), 7.74);
  assert.is(width({ text: 'A', fontSize: 10, fontWeight: 600 }), 7.74);
  assert.is(width({ text: 'A', fontSize: 10, fontWeight: 500 }), 6.84);
  assert.is(width({ text: 'ignored', fontSize: 10 }, 'A'), 6.84, 'the text given wins over the item\'s');
  assert.is(width({ text: null, fontSize: 10 }), 0);
  assert.is(width({ fontSize: 10 }), 0);
  assert.is(width({ text: 12, fontSize: 10 }), 6.36 * 2);
});

test('seriesColors should give each group a hue, light to full from the shortest series to the longest', () => {
  assert.equal(seriesColors([{ label: 'a', losses: [1] }, { label: 'b', losses: [1, 2] }]), ['#4c78a8', '#f58518']);
  // group g: lengths 2 and 4 → the shorter mixed half with white: (76, 120, 168) → (166, 188, 212)
  assert.equal(
    seriesColors([{ label: 'x', losses: [1, 2], group: 'g' }, { label: 'y', losses: [1, 2, 3, 4], group: 'g' }, { label: 'z', losses: [1], group: 'h' }, { label: 'w', losses: [1, 2, 3, 4], group: 'g' }]),
    ['#a6bcd4', '#4c78a8', '#f58518', '#4c78a8'],
  );
  // three lengths: t = 0.5, 0.25, 0
  assert.equal(seriesColors([1, 2, 3].map((n) => ({ label: `s${n}`, losses: Array(n).fill(1), group: 'g' }))), ['#a6bcd4', '#799abe', '#4c78a8']);
  // an eleventh group takes the first hue again
  assert.is(seriesColors(Array.from({ length: 11 }, (_, i) => ({ label: `s${i}`, losses: [1] })))[10], '#4c78a8');
});

test('lossSpec should plot each series\' finite positive losses, longest first, mark each last point and pick the decimals', () => {
  const s = spec(lossSpec([{ label: 'a', losses: [2, 0, 1], group: 'g' }, { label: 'b', losses: [3, 2, 1.5, 1], group: 'g' }]));
  assert.equal(s.data.values, [
    { trial: 'b', epoch: 1, loss: 3, last: false },
    { trial: 'b', epoch: 2, loss: 2, last: false },
    { trial: 'b', epoch: 3, loss: 1.5, last: false },
    { trial: 'b', epoch: 4, loss: 1, last: true },
    { trial: 'a', epoch: 1, loss: 2, last: false },
    { trial: 'a', epoch: 3, loss: 1, last: true },
  ]);
  const [linear, log] = s.hconcat;
  assert.equal([linear.title, log.title], ['Training loss', 'Training loss, log scale']);
  assert.equal([linear.encoding.y.title, log.encoding.y.title], ['loss', 'loss (log scale)']);
  assert.equal([linear.encoding.y.scale, log.encoding.y.scale], [{ zero: false }, { type: 'log', nice: false }]);
  // range 3 − 1 = 2: ticks ~2/12 apart need 1 decimal
  assert.is(linear.encoding.y.axis.format, '.1f');
  assert.equal(linear.encoding.color.scale, { domain: ['a', 'b'], range: ['#a6bcd4', '#4c78a8'] });
  assert.equal(linear.layer[1].transform, [{ filter: 'datum.last' }]);
  const decimals = (losses: number[]) => spec(lossSpec([{ label: 'a', losses }])).hconcat[0].encoding.y.axis.format;
  assert.is(decimals([1.5, 1.5 + 2 ** -9]), '.4f', 'range 0.00195: ticks 0.00016 apart');
  assert.is(decimals([1000, 1]), '.0f');
  assert.is(decimals([1 + 1e-12, 1]), '.6f', 'at most 6');
  assert.is(decimals([1, 1]), '.2f', 'flat');
  assert.is(decimals([]), '.2f', 'nothing to plot');
});

test('heatmapDomain should span the finite values, widen a flat one, and centre a diverging one on 0', () => {
  const cells = (values: (number | null)[]): HeatmapCell[] => values.map((value) => ({ value, text: '' }));
  assert.equal(heatmapDomain(cells([0.5, 0.2, null, NaN, 0.25]), 'sequential'), [0.2, 0.5]);
  assert.equal(heatmapDomain(cells([0.5, 0.5]), 'sequential'), [0.49, 0.51]);
  assert.equal(heatmapDomain(cells([null]), 'sequential'), [0, 1]);
  assert.equal(heatmapDomain(cells([-2, 1, Infinity]), 'diverging'), [-2, 2]);
  assert.equal(heatmapDomain(cells([0.5, -3]), 'diverging'), [-3, 3]);
  assert.equal(heatmapDomain(cells([0, null]), 'diverging'), [-1, 1]);
});

const OPTS: HeatmapOptions = { title: 'T', xAxis: 'epochs', yAxis: 'lr', valueTitle: 'test accuracy', valueFormat: '.0%', cellFormat: '.2%', kind: 'sequential' };

test('heatmapSpec should write dark cells in white, size cells to their longest text, and order rows and columns by number', () => {
  const cells: HeatmapCell[] = [
    { x: 10, y: 0.1, value: 0.2, text: '20.00%' },
    { x: 2, y: 0.1, value: 0.8, text: '80.00%' },
    { x: 1, y: 0.05, value: null, text: 'failed' },
    { x: 2, y: 0.05, value: 0.45, text: '45.00%' },
  ];
  const s = spec(heatmapSpec(cells, OPTS));
  // domain [0.2, 0.8]: dark above its middle, 0.5 (0.45 is below it, though above half of 0.8)
  assert.equal(s.data.values.map((v: Json) => [v.x, v.y, v.panel, v.value, v.ink]), [[10, 0.1, '', 0.2, 'black'], [2, 0.1, '', 0.8, 'white'], [1, 0.05, '', null, 'black'], [2, 0.05, '', 0.45, 'black']]);
  assert.equal(s.encoding.x.sort, [1, 2, 10]);
  assert.equal(s.encoding.y.sort, [0.05, 0.1]);
  assert.equal([s.encoding.x.title, s.encoding.y.title], ['epochs', 'lr']);
  assert.equal([s.width, s.height], [{ step: 84 }, { step: 48 }], 'short texts: the least width, 84');
  assert.equal(s.layer[0].encoding.color.scale, { scheme: 'blues', domain: [0.2, 0.8] });
  assert.equal(s.layer.map((l: Json) => l.transform?.[0].filter), ['datum.value !== null', 'datum.value === null', undefined]);
  // 16 × 'a' (613/1000 em) at 13 px is 127.5 px, plus 16 of margin
  const wide = spec(heatmapSpec([{ y: 1, value: 1, text: 'a'.repeat(16) }], { ...OPTS, xAxis: undefined }));
  assert.equal([wide.width, wide.height, wide.encoding.x], [144, { step: 48 }, undefined], 'no axis across: one band as wide as a cell');
  assert.is(spec(heatmapSpec([{ value: 1, text: 'x' }], { ...OPTS, xAxis: undefined, yAxis: undefined })).height, 48);
});

test('heatmapSpec should colour a diverging map red to blue about 0, dark beyond half its reach, and facet panels', () => {
  const cells: HeatmapCell[] = [
    { x: 1, y: 1, panel: 'seed=1', value: -4, text: '−4.00' },
    { x: 1, y: 1, panel: 'seed=2', value: 1.5, text: '+1.50' },
    { x: 2, y: 1, panel: 'seed=2', value: 2.5, text: '+2.50' },
  ];
  const s = spec(heatmapSpec(cells, { ...OPTS, kind: 'diverging' }));
  assert.equal(s.facet, { column: { field: 'panel', type: 'nominal', title: null, header: { labelFontSize: 12 } } });
  assert.equal(s.data.values.map((v: Json) => v.ink), ['white', 'black', 'white'], 'domain ±4: dark beyond ±2');
  assert.equal(s.spec.layer[0].encoding.color.scale, { scheme: 'redblue', domain: [-4, 4], domainMid: 0 });
  const given = spec(heatmapSpec(cells.slice(1), { ...OPTS, domain: [0, 10] }));
  assert.equal(given.data.values.map((v: Json) => v.ink), ['black', 'black'], 'a domain given: dark above 5');
  assert.is(given.facet, undefined, 'one panel: no facet');
});

test('a heatmap of more cells than are written should be small squares without text or stroke', () => {
  const cells = Array.from({ length: MAX_WRITTEN_CELLS + 1 }, (_, i) => ({ x: i % 21, y: Math.floor(i / 21), value: i, text: 'a long text here' }));
  const s = spec(heatmapSpec(cells, OPTS));
  assert.equal([s.width, s.height], [{ step: 12 }, { step: 12 }]);
  assert.is(s.layer.length, 2, 'no text layer');
  assert.equal(s.layer[0].mark, { type: 'rect', aria: false });
  assert.equal(s.encoding.x.axis.labelOverlap, 'greedy');
  assert.is(MAX_WRITTEN_CELLS, 400);
  const written = spec(heatmapSpec(cells.slice(0, MAX_WRITTEN_CELLS), OPTS));
  assert.equal(written.layer[0].mark, { type: 'rect', stroke: 'white', strokeWidth: 2 });
  assert.is(written.encoding.x.axis.labelOverlap, undefined);
  assert.equal(written.layer[2].encoding.color, { condition: { test: "datum.ink === 'white'", value: 'white' }, value: 'black' });
});

test('lossOverview should reduce the rest to min, median and max per epoch, and find where each diverged trial stopped', () => {
  const best = [{ label: 'best', losses: [2, 1] }];
  const rest = [{ label: 'r1', losses: [3, 2, 1] }, { label: 'r2', losses: [5, NaN, 4] }, { label: 'r3', losses: [4, 3, -1] }];
  const diverged = [{ label: 'd1', losses: [2, 1.5, NaN] }, { label: 'd2', losses: [NaN] }, { label: 'd3', losses: [3, Infinity, 0] }];
  assert.equal(lossOverview(best, rest, diverged), {
    best,
    rest: [
      { epoch: 1, min: 3, median: 4, max: 5 },
      { epoch: 2, min: 2, median: 2.5, max: 3 },
      { epoch: 3, min: 1, median: 2.5, max: 4 },
    ],
    restCount: 3,
    diverged: [{ epoch: 2, loss: 1.5 }, { epoch: 1, loss: 3 }],
  });
  // a numeric sort, not a text one: 10 after 9
  assert.equal(lossOverview([], [{ label: 'a', losses: [10] }, { label: 'b', losses: [9] }, { label: 'c', losses: [100] }], []).rest, [{ epoch: 1, min: 9, median: 10, max: 100 }]);
});

test('lossOverviewSpec should name the best, the rest and the diverged in the legend, on one y domain over everything drawn', () => {
  const o = lossOverview([{ label: 'best', losses: [2, 1] }], [{ label: 'r', losses: [5, 3] }, { label: 's', losses: [4, 2] }], [{ label: 'd', losses: [6, NaN] }]);
  const s = spec(lossOverviewSpec(o));
  const [linear, log] = s.hconcat;
  const color = linear.layer[1].encoding.color;
  assert.equal(color.scale, { domain: ['best', 'other 2 trial(s): median and range', 'diverged (1): where each stopped'], range: ['#4c78a8', '#9a9a9a', '#d62728'] });
  assert.equal(linear.layer.map((l: Json) => l.mark.type), ['area', 'line', 'line', 'point']);
  assert.equal(linear.layer[0].data.values, [{ epoch: 1, min: 4, median: 4.5, max: 5 }, { epoch: 2, min: 2, median: 2.5, max: 3 }]);
  assert.equal(linear.layer[1].data.values, [{ series: 'other 2 trial(s): median and range', epoch: 1, loss: 4.5 }, { series: 'other 2 trial(s): median and range', epoch: 2, loss: 2.5 }]);
  assert.equal(linear.layer[2].data.values, [{ series: 'best', epoch: 1, loss: 2 }, { series: 'best', epoch: 2, loss: 1 }]);
  assert.equal(linear.layer[3].data.values, [{ epoch: 1, loss: 6, series: 'diverged (1): where each stopped' }]);
  // 1 (best) to 6 (a diverged stop): 5/12 apart needs 1 decimal
  assert.equal([linear.encoding, linear.layer[2].encoding.y.scale, log.layer[2].encoding.y.scale], [undefined, { zero: false, domain: [1, 6] }, { type: 'log', nice: false, domain: [1, 6] }]);
  assert.is(linear.layer[2].encoding.y.axis.format, '.1f');
  const alone = spec(lossOverviewSpec(lossOverview([{ label: 'best', losses: [2, 2] }], [], [])));
  assert.equal(alone.hconcat[0].layer.map((l: Json) => l.mark.type), ['line']);
  assert.equal(alone.hconcat[0].layer[0].encoding.color.scale, { domain: ['best'], range: ['#4c78a8'] });
  assert.is(alone.hconcat[0].layer[0].encoding.y.axis.format, '.2f', 'flat: two decimals');
});

test('accuracyLineSpec should draw the trials with an accuracy in axis order, on a log axis for positive learning rates', () => {
  const points = [{ x: 0.3, accuracy: 0.5 }, { x: 0.1, accuracy: null }, { x: 0.01, accuracy: 0.25 }];
  const lr = spec(accuracyLineSpec(points, 'lr'));
  assert.equal(lr.data.values, [{ x: 0.01, accuracy: 0.25 }, { x: 0.3, accuracy: 0.5 }]);
  assert.equal([lr.title, lr.encoding.x.title, lr.encoding.x.scale], ['Test accuracy by lr', 'lr (log scale)', { type: 'log' }]);
  assert.equal(lr.encoding.y.axis, { format: '.0%' });
  assert.is(lr.layer[1].mark.size, 40);
  const hidden = spec(accuracyLineSpec([{ x: 8, accuracy: 0.5 }], 'hidden'));
  assert.equal([hidden.encoding.x.title, hidden.encoding.x.scale], ['hidden', { zero: false }]);
  assert.equal(spec(accuracyLineSpec([{ x: 0, accuracy: 0.5 }, { x: 1, accuracy: 0.5 }], 'lr')).encoding.x.scale, { zero: false }, 'lr 0: no log axis');
  const many = Array.from({ length: 101 }, (_, i) => ({ x: i + 1, accuracy: 0.5 }));
  assert.is(spec(accuracyLineSpec(many, 'seed')).layer[1].mark.size, 12);
  assert.is(spec(accuracyLineSpec(many.slice(1), 'seed')).layer[1].mark.size, 40);
});

test('parallelSpec should draw one line per trial through every axis, thinner and without descriptions when there are many', () => {
  const axes = [{ name: 'lr', ticks: [{ position: 0, label: '0.1' }, { position: 1, label: '0.2' }] }, { name: 'test accuracy', ticks: [{ position: 0.5, label: '50.00%' }] }];
  const s = spec(parallelSpec(axes, [{ positions: [0, 1], accuracy: 0.75 }, { positions: [1, 0], accuracy: 0.25 }], 'Title'));
  assert.equal(s.layer[0].data.values, [
    { id: 0, axis: 'lr', position: 0, accuracy: 0.75 },
    { id: 0, axis: 'test accuracy', position: 1, accuracy: 0.75 },
    { id: 1, axis: 'lr', position: 1, accuracy: 0.25 },
    { id: 1, axis: 'test accuracy', position: 0, accuracy: 0.25 },
  ]);
  assert.equal(s.layer[2].data.values, [{ axis: 'lr', position: 0, label: '0.1' }, { axis: 'lr', position: 1, label: '0.2' }, { axis: 'test accuracy', position: 0.5, label: '50.00%' }]);
  assert.equal(s.layer[1].data.values, [{ axis: 'lr' }, { axis: 'test accuracy' }]);
  assert.equal(s.layer[0].encoding.x.sort, ['lr', 'test accuracy']);
  assert.equal([s.title, s.width], ['Title', 420]);
  assert.equal(s.layer[0].mark, { type: 'line', strokeWidth: 1.2, opacity: 0.8, aria: true });
  const lines = (n: number) => Array.from({ length: n }, () => ({ positions: [0, 0], accuracy: 0.5 }));
  assert.equal(spec(parallelSpec(axes, lines(201), 'T')).layer[0].mark, { type: 'line', strokeWidth: 1.2, opacity: 0.8, aria: false });
  assert.equal(spec(parallelSpec(axes, lines(501), 'T')).layer[0].mark, { type: 'line', strokeWidth: 0.6, opacity: 0.5, aria: false });
  assert.equal(spec(parallelSpec(axes, lines(500), 'T')).layer[0].mark.strokeWidth, 1.2);
  assert.is(spec(parallelSpec(axes, lines(200), 'T')).layer[0].mark.aria, true);
  const four = ['lr', 'epochs', 'hidden', 'test accuracy'].map((name) => ({ name, ticks: [] }));
  assert.is(spec(parallelSpec(four, [], 'T')).width, 600);
});

test('seriesColors should rank a group\'s lengths by value, whatever order its series come in', () => {
  assert.equal(seriesColors([{ label: 'long', losses: [1, 2, 3, 4], group: 'g' }, { label: 'short', losses: [1, 2], group: 'g' }]), ['#4c78a8', '#a6bcd4']);
});

test('a rendered loss chart should draw each series in its colour against epoch and loss, and dot its last epoch', async () => {
  const svg = await renderSvg(lossSpec([{ label: 'a', losses: [2, 1], group: 'g' }, { label: 'b', losses: [3, 2, 1.5], group: 'g' }]));
  const labels = described(svg);
  for (const l of ['epoch: 1; loss: 3.0; trial: b', 'epoch: 2; loss: 1.0; trial: a', 'epoch: 3; loss: 1.5; trial: b', "Symbol legend titled 'trial' for fill color and stroke color with 2 values: a, b"]) assert.ok(labels.includes(l), l);
  assert.match(svg, /aria-label="epoch: 1; loss: 2\.0; trial: a"[^>]*stroke="#a6bcd4"/);
  assert.match(svg, /aria-label="epoch: 1; loss: 3\.0; trial: b"[^>]*stroke="#4c78a8"/);
  assert.equal(labels.filter((l) => l.startsWith('X-axis')).map((l) => l.replace(/ with .*/, '')), ["X-axis titled 'epoch' for a linear scale", "X-axis titled 'epoch' for a linear scale"]);
});

test('a heatmap cell exactly at the middle of the colour range, or at half the reach of a diverging one, should be written in black', () => {
  const seq = spec(heatmapSpec([{ x: 1, value: 0.2, text: '' }, { x: 2, value: 0.5, text: '' }, { x: 3, value: 0.8, text: '' }], OPTS));
  assert.equal(seq.data.values.map((v: Json) => [v.y, v.ink]), [['', 'black'], ['', 'black'], ['', 'white']], 'no y: an empty band');
  const div = spec(heatmapSpec([{ y: 1, value: -4, text: '' }, { y: 2, value: 2, text: '' }, { y: 3, value: -2, text: '' }], { ...OPTS, kind: 'diverging' }));
  assert.equal(div.data.values.map((v: Json) => [v.x, v.ink]), [['', 'white'], ['', 'black'], ['', 'black']]);
});

test('a rendered heatmap should describe each cell by its axes, its value in the cell format and its text, and its legend in the value format', async () => {
  const cells: HeatmapCell[] = [{ x: 1, y: 0.1, value: 0.5, text: '50.00%' }, { x: 2, y: 0.1, value: 0.25, text: '25.00%' }];
  const labels = described(await renderSvg(heatmapSpec(cells, OPTS)));
  for (const l of [
    'epochs: 1; lr: 0.1; test accuracy: 50.00%',
    'epochs: 2; lr: 0.1; text: 25.00%',
    "Gradient legend titled 'test accuracy' for fill color with values from 25% to 50%",
    "X-axis titled 'epochs' for a discrete scale with 2 values: 1, 2",
  ]) assert.ok(labels.includes(l), `${l}\n${labels.join('\n')}`);
});

test('lossOverviewSpec should leave non-finite losses of the best out of its lines and its domain, title its axes, and bind the band to min and max', () => {
  const o = lossOverview([{ label: 'best', losses: [1.5, NaN, 1.5 + 2 ** -9] }], [{ label: 'r', losses: [1.5, 1.5] }], []);
  const [linear, log] = spec(lossOverviewSpec(o)).hconcat;
  const lines = linear.layer.find((l: Json) => l.mark.type === 'line' && l.mark.strokeWidth === 2.5);
  assert.equal(lines.data.values, [{ series: 'best', epoch: 1, loss: 1.5 }, { series: 'best', epoch: 3, loss: 1.5 + 2 ** -9 }]);
  // spread 2⁻⁹: ticks 0.00016 apart need 4 decimals
  assert.is(lines.encoding.y.axis.format, '.4f');
  assert.equal([linear.title, log.title, lines.encoding.y.title, log.layer[2].encoding.y.title], ['Training loss', 'Training loss, log scale', 'loss', 'loss (log scale)']);
  assert.equal([linear.layer[0].encoding.y.field, linear.layer[0].encoding.y2], ['min', { field: 'max' }]);
  assert.equal(lines.encoding.x, { field: 'epoch', type: 'quantitative', title: 'epoch', axis: { tickMinStep: 1, format: 'd' } });
  const noBest = spec(lossOverviewSpec(lossOverview([], [{ label: 'r', losses: [2, 1] }], [{ label: 'd', losses: [3, NaN] }]))).hconcat[0];
  assert.equal(noBest.layer.map((l: Json) => l.mark.type), ['area', 'line', 'point'], 'no named line: no empty layer for it');
  assert.equal([noBest.layer[2].encoding.x.field, noBest.layer[2].encoding.y.field, noBest.layer[2].encoding.color.field], ['epoch', 'loss', 'series']);
});

test('a rendered parallel chart should draw one line per trial, its axis rules, and each tick\'s label', async () => {
  const axes = [{ name: 'lr', ticks: [{ position: 0, label: '0.1' }, { position: 1, label: '0.2' }] }, { name: 'test accuracy', ticks: [] }];
  const svg = await renderSvg(parallelSpec(axes, [{ positions: [0, 1], accuracy: 0.75 }, { positions: [1, 0], accuracy: 0.25 }, { positions: [0, 0], accuracy: 0.5 }], 'T'));
  const labels = described(svg);
  assert.is((svg.match(/aria-roledescription="line mark"/g) ?? []).length, 3);
  for (const l of ['axis: lr; position: 0; test accuracy: 75%; id: 0', 'axis: lr', 'axis: test accuracy', 'axis: lr; position: 1; label: 0.2', "Gradient legend titled 'test accuracy' for stroke color with values from 25% to 75%"]) {
    assert.ok(labels.includes(l), `${l}\n${labels.join('\n')}`);
  }
  const fiveHundred = Array.from({ length: 500 }, () => ({ positions: [0, 0], accuracy: 0.5 }));
  assert.is(spec(parallelSpec(axes, fiveHundred, 'T')).layer[0].mark.opacity, 0.8);
});

test('the accuracy line should title its y axis test accuracy', () => {
  assert.is(spec(accuracyLineSpec([{ x: 1, accuracy: 0.5 }], 'epochs')).encoding.y.title, 'test accuracy');
});

test.run();
