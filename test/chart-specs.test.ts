// What the report's chart specs (src/report/charts.ts, metric-charts.ts) promise, property by property, against
// values written here: the Vega-Lite version and the theme every chart shares, vega's tableau10 hues (taken from vega
// itself), and the encodings that make each chart read right — integer epoch ticks, a loss axis that does not start
// at zero, marks clipped to the plot, grey for what has no value, the parallel axes' labels on top. The pictures
// themselves are checked in a real browser by `make e2e`.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as vega from 'vega';
import { accuracyLineSpec, heatmapSpec, lossOverview, lossOverviewSpec, lossSpec, parallelSpec, seriesColors, textWidth, type HeatmapOptions } from '../src/report/charts.js';
import { metricChartsSpec } from '../src/report/metric-charts.js';
import { record } from './helpers/records.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const FONT = 'DejaVu Sans, Verdana, Arial, sans-serif';
const THEME = {
  font: FONT,
  background: 'white',
  padding: 8,
  axis: { labelFontSize: 12, titleFontSize: 12, titlePadding: 8, labelAngle: 0 },
  legend: { labelFontSize: 12, titleFontSize: 12, labelLimit: 320 },
  title: { fontSize: 14, anchor: 'start', offset: 10 },
  view: { stroke: '#ccc' },
};
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

const HEATMAP: HeatmapOptions = { title: 'h', xAxis: 'lr', yAxis: 'hidden', valueTitle: 'test accuracy', valueFormat: '.0%', cellFormat: '.2%', kind: 'sequential' };
const series = [{ label: 'lr=0.1', losses: [2.3, 2.0, 1.8] }, { label: 'lr=0.2', losses: [2.3, 1.9] }];
const overview = lossOverview([series[0]], [series[1], { label: 'o', losses: [2.2, 2.1] }], [{ label: 'd', losses: [2.3, NaN] }]);

function allSpecs(): [string, Any][] {
  return [
    ['loss', lossSpec(series)],
    ['heatmap', heatmapSpec([{ x: 0.1, y: 8, value: 0.5, text: '50%' }], HEATMAP)],
    ['overview', lossOverviewSpec(overview)],
    ['accuracy line', accuracyLineSpec([{ x: 1, accuracy: 0.5 }, { x: 2, accuracy: 0.6 }], 'hidden')],
    ['parallel', parallelSpec([{ name: 'lr', ticks: [] }, { name: 'test accuracy', ticks: [] }], [{ positions: [0, 1], accuracy: 0.5 }], 'p')],
  ];
}

test('every chart names Vega-Lite 6 and shares the report theme; the metric charts a theme of their own', () => {
  for (const [name, spec] of allSpecs()) {
    assert.is(spec.$schema, SCHEMA, name);
    assert.equal(spec.config, THEME, name);
  }
  const metrics = metricChartsSpec([record({ metrics: { grad_norm: [1, 2] } })], [{ label: 'a', losses: [1, 2] }], ['grad_norm']) as Any;
  assert.is(metrics.$schema, SCHEMA);
  assert.equal(metrics.concat[0].encoding.color, { field: 'trial', type: 'nominal', title: 'trial', scale: { domain: ['a'], range: ['#4c78a8'] } });
  assert.equal(metrics.config, { font: FONT, background: 'white', padding: 8, axis: { labelFontSize: 12, titleFontSize: 12, labelAngle: 0 }, title: { fontSize: 14 } });
});

test('series of different groups take vega\'s tableau10 hues in order, then wrap', () => {
  const eleven = Array.from({ length: 11 }, (_, i) => ({ label: `s${i}`, losses: [1] }));
  const tableau10 = vega.scheme('tableau10') as string[];
  assert.is(tableau10.length, 10);
  assert.equal(seriesColors(eleven), [...tableau10, tableau10[0]]);
});

test('the loss chart: integer epoch ticks, a linear axis that does not start at 0, lines clipped, stroke symbols in the legend', () => {
  const [linear, log] = (lossSpec(series) as Any).hconcat;
  for (const panel of [linear, log]) {
    assert.equal(panel.encoding.x.axis, { tickMinStep: 1, format: 'd' });
    assert.equal(panel.encoding.color.legend, { symbolType: 'stroke', symbolStrokeWidth: 3, symbolSize: 240 });
    assert.equal(panel.layer[0].mark, { type: 'line', strokeWidth: 2.5, clip: true });
  }
  assert.equal(linear.encoding.y.scale, { zero: false });
  assert.equal(log.encoding.y.scale, { type: 'log', nice: false });
});

test('the loss overview: a grey band and a dashed median for the rest, red crosses for the diverged, legend below', () => {
  const [linear, log] = (lossOverviewSpec(overview) as Any).hconcat;
  const [band, median, best, diverged] = linear.layer;
  assert.equal(band.mark, { type: 'area', color: '#d9d9d9', opacity: 0.8, clip: true });
  assert.equal(median.mark, { type: 'line', strokeWidth: 1.5, strokeDash: [4, 3], clip: true });
  assert.equal(best.mark, { type: 'line', strokeWidth: 2.5, clip: true });
  assert.equal(diverged.mark, { type: 'point', shape: 'cross', size: 70, filled: true, clip: true });
  assert.equal(best.encoding.color.legend, { symbolType: 'stroke', symbolStrokeWidth: 3, symbolSize: 240, orient: 'bottom', direction: 'vertical' });
  assert.equal(best.encoding.x.axis, { tickMinStep: 1, format: 'd' });
  // the losses run from 1.8 to 2.3: both panels share that domain, the linear one not stretched to 0
  assert.equal(best.encoding.y.scale, { zero: false, domain: [1.8, 2.3] });
  assert.equal(log.layer[2].encoding.y.scale, { type: 'log', nice: false, domain: [1.8, 2.3] });
});

test('the heatmap: axis labels on top, a grey cell for a missing value, the text as it is, ink by the colour behind it', () => {
  const spec = heatmapSpec(
    [{ x: 0.1, y: 8, value: 0.9, text: '90%' }, { x: 0.2, y: 8, value: 0.1, text: '10%' }, { x: 0.3, y: 8, value: null, text: 'failed' }],
    HEATMAP,
  ) as Any;
  assert.equal(spec.encoding.x.axis, { labelAngle: 0, orient: 'top' });
  assert.equal(spec.layer[1].mark, { type: 'rect', fill: '#d9d9d9', stroke: 'white', strokeWidth: 2 });
  assert.equal(spec.layer[2].encoding.text, { field: 'text', type: 'nominal' });
  assert.equal(spec.layer[0].encoding.color.scale, { scheme: 'blues', domain: [0.1, 0.9] });
  assert.equal(spec.data.values.map((v: Any) => v.ink), ['white', 'black', 'black']);
  // a missing value is written black even where the middle of the colour domain is below zero
  const negative = heatmapSpec([{ x: 1, value: -2, text: 'a' }, { x: 2, value: -1, text: 'b' }, { x: 3, value: null, text: 'c' }], { ...HEATMAP, yAxis: undefined }) as Any;
  assert.equal(negative.data.values.map((v: Any) => v.ink), ['black', 'white', 'black']);
});

test('the accuracy line: a y axis in percent that does not start at 0', () => {
  const spec = accuracyLineSpec([{ x: 1, accuracy: 0.5 }, { x: 2, accuracy: null }], 'hidden') as Any;
  assert.equal(spec.encoding.y.scale, { zero: false });
  assert.equal(spec.encoding.y.axis, { format: '.0%' });
  assert.equal(spec.encoding.x.scale, { zero: false });
  assert.equal(spec.layer[1].mark, { type: 'point', filled: true, size: 40, color: '#4c78a8' });
});

test('the parallel chart: bold axis names on top with no axis line, positions on [0, 1], viridis by accuracy, tick labels to the right', () => {
  const spec = parallelSpec([{ name: 'lr', ticks: [{ position: 0, label: '0.1' }] }, { name: 'test accuracy', ticks: [] }], [{ positions: [0, 1], accuracy: 0.5 }], 'p') as Any;
  const [lines, rules, labels] = spec.layer;
  assert.equal(lines.encoding.x.axis, { orient: 'top', domain: false, ticks: false, labelFontWeight: 'bold' });
  assert.equal(lines.encoding.y.scale, { domain: [0, 1] });
  assert.equal(lines.encoding.color.scale, { scheme: 'viridis' });
  assert.equal(rules.mark, { type: 'rule', color: '#555' });
  assert.equal(labels.mark, { type: 'text', align: 'left', dx: 4, fontSize: 11, color: '#333' });
  assert.equal(labels.encoding.text, { field: 'label', type: 'nominal' });
});

test('textWidth: DejaVu Sans advance widths, the last of the table (~) and beyond it', () => {
  // "~" is 838/1000 em in both weights, as is every character outside 32–126: "~" at 1000 px is 838 px either way
  assert.is(textWidth('~', 1000), 838);
  assert.is(textWidth('}', 1000), 636);
  assert.is(textWidth('}', 1000, true), 712);
  assert.is(textWidth('×', 1000), 838);
});

test.run();
