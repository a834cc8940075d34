// What tracking costs per epoch (`track:`), on the notebook config with data.val_size 0.1: the median seconds of an
// epoch's training and, side by side in the same process, of measuring each group of metrics after it.
// usage: node dist/bench/tracking.js   (run by `make bench`)
import type { TrackedMetric } from '../src/config/types.js';
import { EpochTracker } from '../src/train/metrics.js';
import type { Gradients, Params } from '../src/train/mlp.js';
import { prepareData } from '../src/train/prepared.js';
import { train } from '../src/train/train.js';

const EPOCHS = 5;
const GROUPS: TrackedMetric[][] = [['val_loss', 'val_accuracy'], ['test_loss', 'test_accuracy'], ['train_accuracy', 'dead_units'], ['grad_norm', 'weight_norm']];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const data = prepareData({ testSize: 0.2, splitSeed: 42, valSize: 0.1 });
const shape = { inputs: data.features, hidden: 128, outputs: data.classes };
const trackers = GROUPS.map((g) => new EpochTracker(g, data, shape));
const costs = GROUPS.map(() => [] as number[]);
const epochs: number[] = [];
let last = performance.now();
train(data, { lr: 0.03, epochs: EPOCHS + 1, hidden: 128, seed: 42 }, {
  onUpdate: (epoch: number, p: Params, g: Gradients) => {
    const now = performance.now();
    if (epoch > 1) epochs.push((now - last) / 1000);
    trackers.forEach((t, i) => {
      const start = performance.now();
      t.measure(p, g);
      if (epoch > 1) costs[i].push((performance.now() - start) / 1000);
    });
    last = performance.now();
  },
});
process.stdout.write(`tracking, notebook config, val_size 0.1 (train ${data.train.rows}, val ${data.val!.rows}, test ${data.test.rows}), median of ${EPOCHS}\n`);
process.stdout.write(`  ${'epoch, no tracking'.padEnd(36)} ${median(epochs).toFixed(3).padStart(8)} s\n`);
GROUPS.forEach((g, i) => process.stdout.write(`  ${`+ ${g.join(', ')}`.padEnd(36)} ${median(costs[i]).toFixed(3).padStart(8)} s\n`));
