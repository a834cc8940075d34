// The report's charts of tracked metrics (`track:`): one panel per metric, every trial's series per epoch, coloured as
// in the loss curves. Nothing when no trial tracked anything.
import type { TopLevelSpec } from 'vega-lite';
import type { TrackedMetric } from '../config/types.js';
import type { TrialRecord } from '../store/record.js';
import { trackedIn } from '../store/history.js';
import { CHART_FONT, renderSvg, seriesColors, type LossSeries } from './charts.js';

const TITLES: Record<TrackedMetric, string> = {
  val_loss: 'Validation loss',
  val_accuracy: 'Validation accuracy',
  test_loss: 'Test loss',
  test_accuracy: 'Test accuracy',
  train_accuracy: 'Training accuracy',
  grad_norm: 'Gradient norm ‖∇θ‖₂',
  weight_norm: 'Weight norm ‖θ‖₂',
  dead_units: 'Dead hidden units',
};

/** `series[i]` is the legend entry of `rows[i]` (as in the loss curves). */
export function metricChartsSpec(rows: TrialRecord[], series: LossSeries[], metrics: TrackedMetric[]): TopLevelSpec {
  const values = metrics.flatMap((metric) =>
    rows.flatMap((r, i) => (r.metrics?.[metric] ?? []).flatMap((value, e) => (Number.isFinite(value) ? [{ metric, trial: series[i].label, epoch: e + 1, value }] : []))),
  );
  const color = { field: 'trial', type: 'nominal' as const, title: 'trial', scale: { domain: series.map((s) => s.label), range: seriesColors(series) } };
  const panel = (metric: TrackedMetric) => ({
    title: TITLES[metric],
    width: 300,
    height: 200,
    transform: [{ filter: { field: 'metric', equal: metric } }],
    mark: { type: 'line' as const, strokeWidth: 2, point: metric === 'dead_units' },
    encoding: {
      x: { field: 'epoch', type: 'quantitative' as const, title: 'epoch', axis: { tickMinStep: 1, format: 'd' } },
      y: {
        field: 'value',
        type: 'quantitative' as const,
        title: metric,
        scale: { zero: metric === 'dead_units' },
        axis: { format: metric.endsWith('accuracy') ? '.0%' : metric === 'dead_units' ? 'd' : '~g' },
      },
      color,
    },
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { values },
    concat: metrics.map(panel),
    columns: 2,
    spacing: 28,
    config: { font: CHART_FONT, background: 'white', padding: 8, axis: { labelFontSize: 12, titleFontSize: 12, labelAngle: 0 }, title: { fontSize: 14 } },
  } as TopLevelSpec;
}

/** The report's section of tracked metrics, or '' when none was tracked. */
export async function metricChartsSection(rows: TrialRecord[], series: LossSeries[]): Promise<string> {
  const metrics = trackedIn(rows);
  if (metrics.length === 0) return '';
  const svg = await renderSvg(metricChartsSpec(rows, series, metrics));
  return `<section id="metrics">
<h2>Tracked metrics</h2>
${svg}
<p class="note">Measured after each epoch's update, on the weights it produced: validation and test metrics on their sets, training accuracy and dead units on the training set, the gradient's norm of the update itself.</p>
</section>`;
}
