// The report's charts of tracked metrics (src/report/metric-charts.ts): one panel per metric tracked, each trial's
// finite values per epoch, axes that suit the metric (percent for accuracies, whole numbers from 0 for dead units),
// and no section at all when nothing was tracked.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { metricChartsSection, metricChartsSpec } from '../src/report/metric-charts.js';
import { record } from './helpers/records.js';

const rows = [
  record({ runId: 'a', lr: 0.1, metrics: { val_accuracy: [0.5, 0.75], dead_units: [0, 2], grad_norm: [1.5, NaN] } }),
  record({ runId: 'b', lr: 0.2, metrics: { val_accuracy: [0.25, Infinity] } }),
];
const series = [{ label: 'lr=0.1', losses: [2, 1] }, { label: 'lr=0.2', losses: [2, 1, 0.5] }];

test('metricChartsSpec should hold every trial\'s finite values of each metric, labelled as in the loss curves', () => {
  const spec = metricChartsSpec(rows, series, ['val_accuracy', 'grad_norm', 'dead_units']) as any;
  assert.equal(spec.data.values, [
    { metric: 'val_accuracy', trial: 'lr=0.1', epoch: 1, value: 0.5 },
    { metric: 'val_accuracy', trial: 'lr=0.1', epoch: 2, value: 0.75 },
    { metric: 'val_accuracy', trial: 'lr=0.2', epoch: 1, value: 0.25 },
    { metric: 'grad_norm', trial: 'lr=0.1', epoch: 1, value: 1.5 },
    { metric: 'dead_units', trial: 'lr=0.1', epoch: 1, value: 0 },
    { metric: 'dead_units', trial: 'lr=0.1', epoch: 2, value: 2 },
  ]);
  assert.equal(spec.concat.map((p: { title: string }) => p.title), ['Validation accuracy', 'Gradient norm ‖∇θ‖₂', 'Dead hidden units']);
  assert.equal(spec.concat.map((p: { transform: unknown }) => p.transform), [[{ filter: { field: 'metric', equal: 'val_accuracy' } }], [{ filter: { field: 'metric', equal: 'grad_norm' } }], [{ filter: { field: 'metric', equal: 'dead_units' } }]]);
  assert.equal(spec.concat.map((p: { encoding: { y: { axis: { format: string } } } }) => p.encoding.y.axis.format), ['.0%', '~g', 'd']);
  assert.equal(spec.concat.map((p: { encoding: { y: { scale: unknown; title: string } } }) => [p.encoding.y.scale, p.encoding.y.title]), [[{ zero: false }, 'val_accuracy'], [{ zero: false }, 'grad_norm'], [{ zero: true }, 'dead_units']]);
  assert.equal(spec.concat.map((p: { mark: { point: boolean } }) => p.mark.point), [false, false, true], 'dead units are counts: a dot each');
  assert.equal(spec.concat[0].encoding.x, { field: 'epoch', type: 'quantitative', title: 'epoch', axis: { tickMinStep: 1, format: 'd' } }, 'whole epochs');
  assert.is(spec.concat[0].encoding.color.field, 'trial');
  // coloured as in the loss curves: a hue per trial (no groups here)
  assert.equal(spec.concat[0].encoding.color.scale, { domain: ['lr=0.1', 'lr=0.2'], range: ['#4c78a8', '#f58518'] });
});

test('a trial that tracked nothing should add no values, beside one that did', () => {
  const spec = metricChartsSpec([record({ runId: 'z' }), rows[1]], [series[0], series[1]], ['val_accuracy']) as any;
  assert.equal(spec.data.values, [{ metric: 'val_accuracy', trial: 'lr=0.2', epoch: 1, value: 0.25 }]);
});

test('every metric that can be tracked should have its title', () => {
  const all = ['val_loss', 'val_accuracy', 'test_loss', 'test_accuracy', 'train_accuracy', 'grad_norm', 'weight_norm', 'dead_units'] as const;
  const spec = metricChartsSpec([], [], [...all]) as any;
  assert.equal(spec.concat.map((p: { title: string }) => p.title), [
    'Validation loss', 'Validation accuracy', 'Test loss', 'Test accuracy', 'Training accuracy', 'Gradient norm ‖∇θ‖₂', 'Weight norm ‖θ‖₂', 'Dead hidden units',
  ]);
  assert.equal(spec.concat.map((p: { encoding: { y: { axis: { format: string } } } }) => p.encoding.y.axis.format), ['~g', '.0%', '~g', '.0%', '.0%', '~g', '~g', 'd']);
});

test('metricChartsSection should be empty without tracked metrics, else a section with the chart and what was measured when', async () => {
  assert.is(await metricChartsSection([record({})], [{ label: 'x', losses: [1] }]), '');
  const html = await metricChartsSection(rows, series);
  assert.ok(html.startsWith('<section id="metrics">\n<h2>Tracked metrics</h2>\n<svg'), html.slice(0, 80));
  assert.ok(html.endsWith('</svg>\n<p class="note">Measured after each epoch\'s update, on the weights it produced: validation and test metrics on their sets, training accuracy and dead units on the training set, the gradient\'s norm of the update itself.</p>\n</section>'));
  for (const title of ['Validation accuracy', 'Gradient norm ‖∇θ‖₂', 'Dead hidden units']) assert.ok(html.includes(title), title);
});

test.run();
