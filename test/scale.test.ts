// Sweeps of many trials, without the CLI: statistics of a million values, charts for many trials, the worker cap and
// the plan of tiny trials (the CSV writer: tables-writer.test.ts; tables in linear time: linear-table.test.ts; the
// CLI: scale-cli.test.ts). The
// 10,000-trial run itself is `make scale` (bench/scale.ts): minutes, too slow for `make test`.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadExperiment } from '../src/config/load.js';
import { heatmapSpec } from '../src/report/charts.js';
import { stats } from '../src/report/summary.js';
import { accuracyChart, accuracyChartKind, lossChart } from '../src/report/trial-charts.js';
import { estimateSeconds, makePlan } from '../src/sweep/plan.js';
import { fitWorkers } from '../src/sweep/workers.js';
import { experimentFile } from './helpers/cli.js';
import { syntheticRecord, yamlRange } from './helpers/synthetic-results.js';

test('stats should take a million values (no spread of arguments)', () => {
  const values = Array.from({ length: 1_000_000 }, (_, i) => i % 1000);
  const s = stats(values);
  assert.is(s.min, 0);
  assert.is(s.max, 999);
  assert.is(s.n, 1_000_000);
});

test('the accuracy chart should be a line for one axis, a heatmap for two, parallel coordinates for many', () => {
  const grid = (lr: number[], hidden: number[], seed: number[]) => lr.flatMap((l) => hidden.flatMap((h) => seed.map((s) => ({ lr: l, epochs: 1, hidden: h, seed: s }))));
  const ten = Array.from({ length: 10 }, (_, i) => i + 1);
  assert.equal(accuracyChartKind(grid(Array.from({ length: 300 }, (_, i) => 0.001 * (i + 1)), [8], [1])), { kind: 'line', axis: 'lr' });
  assert.is(accuracyChartKind(grid(ten, ten, [1])).kind, 'heatmap');
  assert.is(accuracyChartKind(grid([0.1, 0.2], [8, 16], [1, 2])).kind, 'heatmap', 'a few small multiples');
  assert.equal(accuracyChartKind(grid(ten, ten, ten)), { kind: 'parallel', axes: ['lr', 'hidden', 'seed'] });
});

test('a heatmap of more than 400 cells should draw small squares without text', () => {
  const cells = Array.from({ length: 2500 }, (_, i) => ({ x: i % 50, y: Math.floor(i / 50), value: i / 2500, text: `${i}` }));
  const opts = { title: 't', xAxis: 'seed' as const, yAxis: 'lr' as const, valueTitle: 'v', valueFormat: '.0%', cellFormat: '.2%', kind: 'sequential' as const };
  const spec = JSON.stringify(heatmapSpec(cells, opts));
  assert.not.match(spec, '"type":"text"');
  assert.match(spec, '"step":12');
  assert.match(JSON.stringify(heatmapSpec(cells.slice(0, 400), opts)), '"type":"text"', '400 cells are written');
});

const manyRecords = (n: number) => {
  const exp = loadExperiment(experimentFile(`name: many\ndata: {limit: 1000}\ngrid: {lr: ${yamlRange(n / 10, 0.01, 0.01)}, epochs: 5, seed: ${yamlRange(10, 1, 1, 0)}}\n`));
  return exp.trials.map((t, i) => syntheticRecord('many', t, i, { name: 'many', grid: '', divergeEvery: 37 }));
};

test('the loss chart of 1,000 trials should name the best few, summarise the rest and mark the diverged', async () => {
  const drawn = await lossChart(manyRecords(1000));
  assert.ok(drawn.svg !== undefined, drawn.note);
  const legend = [...drawn.svg.matchAll(/role-legend-label[\s\S]*?<\/g>/g)].length;
  assert.ok(legend >= 1);
  assert.match(drawn.svg, /other \d+ trial\(s\): median and range/);
  assert.match(drawn.svg, /diverged \(27\): where each stopped/);
  assert.ok(drawn.svg.length < 200_000, `${drawn.svg.length} bytes`);
});

test('a parallel chart of more than 1000 lines should draw the best 1000 and say so', async () => {
  const values = (n: number, scale = 1) => Array.from({ length: n }, (_, i) => (i + 1) * scale);
  const trials = values(11, 0.01).flatMap((lr) => values(10).flatMap((epochs) => values(10).map((hidden) => ({ lr, epochs, hidden }))))
    .map((a, i) => ({ ...syntheticRecord('many', { runId: `p${i}`, seed: 1, ...a }, i, { name: 'many', grid: '' }), testAccuracy: i / 2000 }));
  const drawn = await accuracyChart(trials);
  assert.is(drawn.note, 'Each line is a trial, through its value on every varying axis to its test accuracy. The best 1000 of 1100 are drawn.');
});

test('fitWorkers should cap at the cores and at the memory, say why, and keep N when forced', () => {
  const machine = { cores: 2, availableBytes: 4e9 };
  assert.equal(fitWorkers(undefined, false, 500, machine), { workers: 2 });
  const cores = fitWorkers(50, false, 500, machine);
  assert.is(cores.workers, 2);
  assert.match(cores.note ?? '', 'Using 2 worker(s), not 50: this machine has 2 core(s)');
  assert.match(cores.note ?? '', '--force-workers keeps 50');
  const memory = fitWorkers(16, false, 70000, { cores: 32, availableBytes: 2e9 });
  assert.is(memory.workers, 4, '2 GB / ~0.42 GB per worker on all of MNIST');
  assert.match(memory.note ?? '', /16 workers would need about 6\.7 GB \(0\.4 GB each for 70000 samples\) and 2\.0 GB is available/);
  assert.equal(fitWorkers(50, true, 70000, machine), { workers: 50 });
});

test('the plan of many tiny trials should count each job\'s round trip, not only its epochs', () => {
  const exp = loadExperiment(experimentFile(`name: tiny\ndata: {limit: 500}\ngrid: {lr: ${yamlRange(100, 0.01, 0.001)}, epochs: 1, hidden: 8, seed: ${yamlRange(100, 1, 1, 0)}}\n`));
  const plan = makePlan(exp, new Map());
  // 10,000 jobs of 400 samples × 8 hidden units at 1 ns per unit: 32 µs of training each
  const seconds = estimateSeconds(plan, 1e-9, 400, 2);
  assert.ok(seconds > 10000 * 0.01 / 2, `${seconds} s: at least 10 ms per job on 2 workers`);
});

test.run();
