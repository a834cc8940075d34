// Which accuracy and loss charts a report draws, and their data (src/report/trial-charts.ts), from records made up
// here: the chart kind by varying axes, panels and trials; parallel coordinates' positions, ticks and labels worked
// out by hand; the notes that say what a chart leaves out, or why it could not be drawn (a 1,100-trial chart:
// scale.test.ts).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { TrialRecord } from '../src/store/record.js';
import { accuracyCells, accuracyChart, accuracyChartKind, draw, heatmapAxes, heatmapTitle, lossChart, MAX_MULTIPLE_CELLS, MAX_PANELS, MAX_PARALLEL_LINES, parallelData, parallelLines } from '../src/report/trial-charts.js';
import { record } from './helpers/records.js';

/** The descriptions (aria-label) vega writes for what it drew. */
const described = (svg: string) => [...svg.matchAll(/aria-label="([^"]*)"/g)].map((m) => m[1]);

type Axes = { lr: number; epochs: number; hidden: number; seed: number };
const grid = (lrs: number[], epochs: number[], seeds: number[], hidden = [128]): Axes[] =>
  lrs.flatMap((lr) => epochs.flatMap((e) => hidden.flatMap((h) => seeds.map((seed) => ({ lr, epochs: e, hidden: h, seed })))));

test('the accuracy chart should be a line for one axis, a heatmap for two, small multiples while they stay few, else parallel coordinates', () => {
  assert.equal(accuracyChartKind(grid([0.1, 0.2], [1], [1])), { kind: 'line', axis: 'lr' });
  assert.equal(accuracyChartKind(grid([0.1], [1, 2], [1])), { kind: 'line', axis: 'epochs' });
  assert.equal(accuracyChartKind(grid([0.1, 0.2], [1, 2], [1])), { kind: 'heatmap', axes: { down: 'lr', across: 'epochs', panels: [] } });
  assert.equal(accuracyChartKind(grid([0.1], [1], [1])), { kind: 'heatmap', axes: { down: undefined, across: undefined, panels: [] } });
  assert.equal([MAX_PANELS, MAX_MULTIPLE_CELLS, MAX_PARALLEL_LINES], [4, 200, 1000]);
  // three axes: 4 panels of seeds are small multiples, 5 are too many
  assert.equal(accuracyChartKind(grid([0.1, 0.2, 0.3, 0.4, 0.5], [1, 2, 3, 4, 5], [1, 2, 3, 4])), { kind: 'heatmap', axes: { down: 'lr', across: 'epochs', panels: ['seed'] } });
  assert.equal(accuracyChartKind(grid([0.1, 0.2, 0.3, 0.4, 0.5], [1, 2, 3, 4, 5], [1, 2, 3, 4, 5])), { kind: 'parallel', axes: ['lr', 'epochs', 'seed'] });
  // 200 cells are small multiples, 201 are not (2 panels)
  const lrs = (n: number) => Array.from({ length: n }, (_, i) => (i + 1) / 1000);
  assert.is(accuracyChartKind(grid(lrs(50), [1, 2], [1, 2])).kind, 'heatmap');
  assert.is(accuracyChartKind([...grid(lrs(50), [1, 2], [1, 2]), { lr: 0.5, epochs: 1, hidden: 128, seed: 1 }]).kind, 'parallel');
});

test('heatmapTitle should name the axes down and across, or none', () => {
  assert.is(heatmapTitle('Test accuracy', { down: 'lr', across: 'epochs', panels: ['seed'] }), 'Test accuracy (lr × epochs)');
  assert.is(heatmapTitle('Test accuracy', { down: 'hidden', panels: [] }), 'Test accuracy (hidden)');
  assert.is(heatmapTitle('Test accuracy', { panels: [] }), 'Test accuracy');
  assert.equal(heatmapAxes(grid([0.1, 0.2], [1, 2, 3], [1])), { down: 'lr', across: 'epochs', panels: [] }, 'down and across in axis order, whichever has more values');
});

test('parallelData should place each value evenly along its axis, accuracy from the lowest to the highest, with ticks', () => {
  const rows = [
    record({ runId: 'a', lr: 0.1, hidden: 8, testAccuracy: 0.5 }),
    record({ runId: 'b', lr: 0.2, hidden: 16, testAccuracy: 0.75 }),
    record({ runId: 'c', lr: 0.3, hidden: 8, testAccuracy: 0.25 }),
    record({ runId: 'd', lr: 0.4, hidden: 32, testAccuracy: null, status: 'failed' }),
  ];
  assert.equal(parallelData(rows, ['lr', 'hidden']), {
    axes: [
      { name: 'lr', ticks: [{ position: 0, label: '0.1' }, { position: 0.5, label: '0.2' }, { position: 1, label: '0.3' }] },
      { name: 'hidden', ticks: [{ position: 0, label: '8' }, { position: 1, label: '16' }] },
      { name: 'test accuracy', ticks: [{ position: 0, label: '25.00%' }, { position: 0.25, label: '37.50%' }, { position: 0.5, label: '50.00%' }, { position: 0.75, label: '62.50%' }, { position: 1, label: '75.00%' }] },
    ],
    lines: [
      { positions: [0, 0, 0.5], accuracy: 0.5 },
      { positions: [0.5, 1, 1], accuracy: 0.75 },
      { positions: [1, 0, 0], accuracy: 0.25 },
    ],
  });
});

test('parallelData should put a single value, or equal accuracies, in the middle, and label at most eight values an axis', () => {
  const same = [record({ runId: 'a', lr: 0.1, testAccuracy: 0.5 }), record({ runId: 'b', lr: 0.1, testAccuracy: 0.5 })];
  assert.equal(parallelData(same, ['lr']), {
    axes: [{ name: 'lr', ticks: [{ position: 0.5, label: '0.1' }] }, { name: 'test accuracy', ticks: [{ position: 0.5, label: '50.00%' }] }],
    lines: [{ positions: [0.5, 0.5], accuracy: 0.5 }, { positions: [0.5, 0.5], accuracy: 0.5 }],
  });
  assert.equal(parallelData([record({ testAccuracy: null })], ['lr']).axes[1].ticks, [], 'no accuracy: no ticks');
  // 20 values: ticks at round(i · 19/7), i = 0..7
  const twenty = Array.from({ length: 20 }, (_, i) => record({ runId: `r${i}`, seed: i, testAccuracy: 0.5 }));
  assert.equal(parallelData(twenty, ['seed']).axes[0].ticks.map((t) => t.label), ['0', '3', '5', '8', '11', '14', '16', '19']);
  const eight = twenty.slice(0, 8);
  assert.equal(parallelData(eight, ['seed']).axes[0].ticks.map((t) => t.label), ['0', '1', '2', '3', '4', '5', '6', '7']);
});

/** n trials over lr, accuracies 0.5 + i/100 in reverse; one diverged, one failed at the end when asked. */
function overLr(n: number, extra = false): TrialRecord[] {
  const rows = Array.from({ length: n }, (_, i) => record({ runId: `r${i}`, lr: (i + 1) / 100, losses: [2, 1.5 - i / 100], testAccuracy: 0.5 + (n - i) / 100 }));
  if (extra) rows.push(record({ runId: 'div', lr: 0.9, status: 'diverged', losses: [2, NaN], testAccuracy: null }), record({ runId: 'fail', lr: 0.95, status: 'failed', losses: [], testAccuracy: null }));
  return rows;
}

test('the loss chart of up to twelve trials should name each; of more, the best five over the band of the rest, with a note', async () => {
  const few = await lossChart(overLr(12));
  assert.ok(few.svg?.startsWith('<svg'), few.note);
  assert.is(few.note, undefined);
  assert.ok(few.svg!.includes('lr=0.12'));
  const many = await lossChart(overLr(13, true));
  assert.is(many.note, 'The 5 trials with the best test accuracy are named; the other 8 ok trial(s) are the grey band (their range at each epoch) and its dashed median. A red × marks where each of the 1 diverged trial(s) stopped.');
  // the best (highest accuracy) are the first five by lr, named with their accuracy
  for (const name of ['lr=0.01 (63.00%)', 'lr=0.05 (59.00%)', 'other 8 trial(s): median and range', 'diverged (1): where each stopped']) assert.ok(many.svg!.includes(name), name);
  assert.not.ok(many.svg!.includes('lr=0.06'), 'the sixth is in the band');
  const none = await lossChart(overLr(13));
  assert.is(none.note, 'The 5 trials with the best test accuracy are named; the other 8 ok trial(s) are the grey band (their range at each epoch) and its dashed median.');
});

test('the accuracy chart should say which trials it leaves out, and draw one line per configuration over seeds', async () => {
  const line = await accuracyChart(overLr(3, true));
  assert.is(line.note, '2 trial(s) without a test accuracy (failed or diverged) are not drawn.');
  assert.match(line.svg!, /Test accuracy by lr/);
  assert.not.ok('note' in (await accuracyChart(overLr(3))), 'nothing left out, no note');
  const heat = await accuracyChart(grid([0.1, 0.2], [1, 2], [1]).map((a, i) => record({ runId: `h${i}`, ...a })));
  assert.not.ok('note' in heat);
  assert.match(heat.svg!, /Test accuracy \(lr × epochs\)/);
  const trials = grid([0.1, 0.2, 0.3, 0.4, 0.5], [1, 2, 3, 4, 5], [1], [8, 16, 32, 64, 128]).map((a, i) => record({ runId: `p${i}`, ...a, testAccuracy: 0.5 + i / 1000 }));
  const parallel = await accuracyChart([...trials, record({ runId: 'x', lr: 0.6, seed: 1, status: 'failed', testAccuracy: null })]);
  assert.is(parallel.note, 'Each line is a trial, through its value on every varying axis to its test accuracy. 1 trial(s) without a test accuracy (failed or diverged) are not drawn.');
  assert.match(parallel.svg!, /Test accuracy over lr, epochs, hidden \(one line per trial\)/);
  const seeds = grid([0.1, 0.2, 0.3, 0.4, 0.5], [1, 2, 3, 4, 5], [1, 2, 3, 4, 5]).map((a, i) => record({ runId: `s${i}`, ...a }));
  const overSeeds = await accuracyChart(seeds);
  assert.is(overSeeds.note, 'Each line is a configuration (mean test accuracy over its seeds), through its value on every varying axis to its test accuracy.');
  assert.match(overSeeds.svg!, /Test accuracy over lr, epochs \(one line per configuration\)/);
});

test('a chart that cannot be drawn should become a one-line note', async () => {
  const drawn = await draw('loss chart', async () => {
    throw new RangeError('Maximum call stack size exceeded\n    at somewhere');
  });
  assert.is(drawn.svg, undefined);
  assert.is(drawn.note, 'The loss chart could not be drawn (Maximum call stack size exceeded); the tables below and runs.csv hold the same results.');
});

test('heatmapAxes should take the two axes with the most values, whichever comes first, the rest as panels', () => {
  assert.equal(heatmapAxes(grid([0.1, 0.2], [1, 2], [1, 2, 3])), { down: 'lr', across: 'seed', panels: ['epochs'] });
  assert.equal(heatmapAxes(grid([0.1, 0.2, 0.3], [1, 2], [1, 2, 3])), { down: 'lr', across: 'seed', panels: ['epochs'] });
});

test('accuracyCells should place each trial down, across and in its panel', () => {
  const rows = grid([0.1], [1, 2], [1, 2], [8, 16]).map((a, i) => record({ runId: `c${i}`, ...a, testAccuracy: 0.5 }));
  const axes = { down: 'epochs' as const, across: 'seed' as const, panels: ['hidden' as const] };
  assert.equal(accuracyCells(rows.slice(0, 2), axes), [
    { y: 1, x: 1, panel: 'hidden=8', value: 0.5, text: '50.00%' },
    { y: 1, x: 2, panel: 'hidden=8', value: 0.5, text: '50.00%' },
  ]);
  assert.equal(accuracyCells(rows.slice(0, 1), { down: 'epochs', across: 'seed', panels: ['hidden', 'lr'] })[0].panel, 'hidden=8 lr=0.1');
  assert.equal(accuracyCells(rows.slice(0, 1), { down: 'epochs', panels: [] }), [{ y: 1, x: undefined, panel: undefined, value: 0.5, text: '50.00%' }]);
});

test('two varying axes should always give a heatmap, however many trials', () => {
  const values = Array.from({ length: 15 }, (_, i) => i + 1);
  assert.equal(accuracyChartKind(grid(values, values, [1])).kind, 'heatmap', '225 cells, one panel');
});

test('panels should be counted by their values, not by the values run together', () => {
  // hidden, seed: (1, 12) and (11, 2) are two panels, though "112" both when joined without a space
  const combos = [[1, 12], [11, 2], [3, 4], [5, 6], [7, 8]];
  const rows = Array.from({ length: 10 }, (_, i) => ({ lr: (i + 1) / 100, epochs: i + 1, hidden: combos[i % 5][0], seed: combos[i % 5][1] }));
  assert.equal(accuracyChartKind(rows), { kind: 'parallel', axes: ['lr', 'epochs', 'hidden', 'seed'] }, '5 panels: too many');
});

test('parallelData should order each axis\'s values by value, whatever the trials\' order', () => {
  const rows = [0.3, 0.1, 0.2].map((lr, i) => record({ runId: `p${i}`, lr, testAccuracy: 0.5 }));
  assert.equal(parallelData(rows, ['lr']).axes[0].ticks, [{ position: 0, label: '0.1' }, { position: 0.5, label: '0.2' }, { position: 1, label: '0.3' }]);
  assert.equal(parallelData(rows, ['lr']).lines.map((l) => l.positions[0]), [1, 0, 0.5]);
});

test('the loss chart should name the best by accuracy whatever the order, at most the finished ones, and colour trials differing only in epochs as one', async () => {
  const reversed = overLr(13).reverse();
  const named = await lossChart(reversed);
  for (const name of ['lr=0.01 (63.00%)', 'lr=0.05 (59.00%)']) assert.ok(named.svg!.includes(name), name);
  assert.not.ok(named.svg!.includes('lr=0.06 ('), 'the sixth best is in the band');
  const few = [...overLr(3), ...Array.from({ length: 10 }, (_, i) => record({ runId: `d${i}`, lr: 0.5 + i / 100, status: 'diverged', losses: [2, NaN], testAccuracy: null }))];
  assert.is((await lossChart(few)).note, 'The 3 trials with the best test accuracy are named; the other 0 ok trial(s) are the grey band (their range at each epoch) and its dashed median. A red × marks where each of the 10 diverged trial(s) stopped.');
  const shared = [record({ runId: 'a', lr: 0.1, epochs: 2, losses: [2, 1] }), record({ runId: 'b', lr: 0.1, epochs: 4, losses: [2, 1, 0.75, 0.5] }), record({ runId: 'c', lr: 0.2, epochs: 2, losses: [2, 1.5] })];
  const svg = (await lossChart(shared)).svg!;
  // lr=0.1 is one training run: the shorter its light shade, the longer the full hue; lr=0.2 the next hue
  assert.match(svg, /trial: lr=0\.1, epochs=2"[^>]*stroke="#a6bcd4"/);
  assert.match(svg, /trial: lr=0\.1, epochs=4"[^>]*stroke="#4c78a8"/);
  assert.match(svg, /trial: lr=0\.2, epochs=2"[^>]*stroke="#f58518"/);
});

test('a line chart should draw a dot for each trial with an accuracy, and parallel coordinates each configuration\'s values', async () => {
  const line = await accuracyChart(overLr(3, true));
  // the line (described by its first point), then a dot per trial; the diverged and the failed trial are not drawn
  assert.equal(described(line.svg!).filter((l) => l.startsWith('lr (log scale): ')), [
    'lr (log scale): 0.01; test accuracy: 53%', 'lr (log scale): 0.01; test accuracy: 53%', 'lr (log scale): 0.02; test accuracy: 52%', 'lr (log scale): 0.03; test accuracy: 51%',
  ]);
  const seeds = grid([0.1, 0.2, 0.3, 0.4, 0.5], [1, 2, 3, 4, 5], [1, 2, 3, 4, 5]).map((a, i) => record({ runId: `s${i}`, ...a, testAccuracy: 0.5 }));
  seeds.push(record({ runId: 'f', lr: 0.9, epochs: 1, seed: 1, status: 'failed', testAccuracy: null }));
  const labels = described((await accuracyChart(seeds)).svg!);
  for (const l of ['axis: lr; position: 1; label: 0.5', 'axis: epochs; position: 0; label: 1']) assert.ok(labels.includes(l), `${l}\n${labels.slice(0, 20).join('\n')}`);
  assert.not.ok(labels.some((l) => l.includes('0.9')), 'a configuration whose seeds all failed has no line');
  const trials = grid([0.1, 0.2, 0.3, 0.4, 0.5], [1, 2, 3, 4, 5], [1], [8, 16, 32, 64, 128]).map((a, i) => record({ runId: `p${i}`, ...a, testAccuracy: 0.5 + i / 1000 }));
  assert.ok(described((await accuracyChart(trials)).svg!).includes('axis: hidden; position: 1; label: 128'));
});

test('a heatmap of test accuracy should describe its cells in percent and its legend', async () => {
  const rows = grid([0.1, 0.2], [1, 2], [1]).map((a, i) => record({ runId: `h${i}`, ...a, testAccuracy: 0.25 * (i + 1) }));
  const labels = described((await accuracyChart(rows)).svg!);
  for (const l of ['epochs: 1; lr: 0.1; test accuracy: 25.00%', "Gradient legend titled 'test accuracy' for fill color with values from 25% to 100%"]) assert.ok(labels.includes(l), `${l}\n${labels.join('\n')}`);
});

test('a chart whose data cannot be drawn should say which chart, why in 200 characters at most, and what a thrown nothing was', async () => {
  const loss = await lossChart([record({ runId: 'x', losses: null as unknown as number[] })]);
  assert.is(loss.svg, undefined);
  assert.match(loss.note!, /^The loss chart could not be drawn \(.+\); the tables below and runs\.csv hold the same results\.$/);
  const accuracy = await accuracyChart([null as unknown as TrialRecord]);
  assert.match(accuracy.note!, /^The accuracy chart could not be drawn \(/);
  const long = await draw('x', async () => { throw new Error('e'.repeat(300)); });
  assert.is(long.note, `The x could not be drawn (${'e'.repeat(200)}); the tables below and runs.csv hold the same results.`);
  const nothing = await draw('x', async () => { throw null; });
  assert.is(nothing.note, 'The x could not be drawn (null); the tables below and runs.csv hold the same results.');
});

test('parallelLines should keep the best 1000 of more ok trials, best first, and count them all', () => {
  // 1003 trials over lr and hidden, accuracy i·389 mod 1003 / 1003 (all distinct, scrambled), plus two failed
  const rows = Array.from({ length: 1003 }, (_, i) => record({ runId: `t${i}`, lr: 0.001 * (1 + (i % 17)), hidden: 1 + Math.floor(i / 17), testAccuracy: ((i * 389) % 1003) / 1003 }));
  const failed = [record({ runId: 'f1', lr: 9, status: 'failed', testAccuracy: null }), record({ runId: 'f2', lr: 8, status: 'diverged', testAccuracy: null })];
  const out = parallelLines([failed[0], ...rows, failed[1]], ['lr', 'hidden']);
  assert.equal([out.overSeeds, out.axes, out.cut, out.drawn.length], [false, ['lr', 'hidden'], ' The best 1000 of 1003 are drawn.', MAX_PARALLEL_LINES]);
  // the best accuracy is 1002/1003, then down one 1003rd at a time: the three lowest (0, 1, 2 / 1003) are left out
  assert.equal(out.drawn.slice(0, 2).map((r) => r.testAccuracy), [1002 / 1003, 1001 / 1003]);
  assert.is(out.drawn.at(-1)!.testAccuracy, 3 / 1003);
});

test('parallelLines over seeds should draw a line per configuration with an ok seed, at its mean, without the seed axis', () => {
  const rows = [
    record({ runId: 'a1', lr: 0.1, hidden: 8, seed: 1, testAccuracy: 0.5 }),
    record({ runId: 'a2', lr: 0.1, hidden: 8, seed: 2, status: 'failed', testAccuracy: null }),
    record({ runId: 'a3', lr: 0.1, hidden: 8, seed: 3, testAccuracy: 0.7 }),
    record({ runId: 'b1', lr: 0.2, hidden: 8, seed: 1, status: 'failed', testAccuracy: null }),
    record({ runId: 'b2', lr: 0.2, hidden: 8, seed: 2, status: 'diverged', testAccuracy: null }),
    record({ runId: 'c1', lr: 0.3, hidden: 16, seed: 1, testAccuracy: 0.9 }),
  ];
  const out = parallelLines(rows, ['lr', 'hidden', 'seed']);
  assert.equal([out.overSeeds, out.axes, out.cut], [true, ['lr', 'hidden'], '']);
  assert.equal(out.drawn.map((r) => [r.lr, r.hidden, r.testAccuracy]), [[0.3, 16, 0.9], [0.1, 8, 0.6]]);
});

test.run();
