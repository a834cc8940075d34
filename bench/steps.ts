// Where an epoch's time goes, for `make bench` (bench/run.ts, BENCH=steps): each step of the notebook config's epoch
// on one thread (56,000 × 784 → 128 → 10), timed alone, with the ts and the wasm kernels taken in turn within each
// epoch so both see the same machine; the median over EPOCHS epochs after one warm-up. Both kernels train the same
// parameters from the same start, so every step does the same work for each; their weights must end bit-identical.
// usage: node dist/bench/steps.js EPOCHS   prints one JSON object: {ts: {step: seconds}, wasm: {step: seconds}}
import { TS_KERNELS, WASM_KERNELS } from '../src/train/kernels/index.js';
import { crossEntropy, softmaxRows, tileRowsFor } from '../src/train/kernels/ts.js';
import { allocateActivations, copyParams, initParams, update, weightsSha256, zeroGradients } from '../src/train/mlp.js';
import { outputLayerBackward } from '../src/train/output-layer.js';
import { DEFAULT_DATA, prepareData } from '../src/train/prepared.js';
import { NOTEBOOK } from './epoch.js';

export const STEPS = ['X·W1 + b1, ReLU', 'logits A1·W2 + b2', 'softmax', 'loss', 'output layer backward', 'Xᵀ·dZ1', 'update'] as const;
export type StepTimes = Record<(typeof STEPS)[number], number>;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function timeSteps(epochs: number): { ts: StepTimes; wasm: StepTimes } {
  const data = prepareData(DEFAULT_DATA);
  const shape = { inputs: data.features, hidden: NOTEBOOK.hidden, outputs: data.classes };
  const { hidden: h, outputs: k } = shape;
  const n = data.train.rows;
  const start = initParams(shape, NOTEBOOK.seed);
  const runs = [TS_KERNELS, WASM_KERNELS].map((kernels) => ({
    kernels,
    params: copyParams(start, data.arena),
    grads: zeroGradients(shape, data.arena),
    act: allocateActivations(shape, n, data.arena),
    times: Object.fromEntries(STEPS.map((s) => [s, [] as number[]])) as Record<(typeof STEPS)[number], number[]>,
  }));
  for (let epoch = 0; epoch <= epochs; epoch++) {
    for (const { kernels, params: p, grads: g, act, times } of runs) {
      const step = (name: (typeof STEPS)[number], f: () => void) => {
        const t0 = performance.now();
        f();
        if (epoch > 0) times[name].push((performance.now() - t0) / 1000);
      };
      step('X·W1 + b1, ReLU', () => kernels.sparseTimesDenseBiasRelu(data.train, p.W1, p.b1, h, act.hidden));
      step('logits A1·W2 + b2', () => kernels.outputLogits(act.hidden, p.W2, p.b2, h, k, act.output, act.row, 0, n));
      step('softmax', () => softmaxRows(act.output, n, k));
      step('loss', () => crossEntropy(act.output, data.trainLabels, n, k));
      step('output layer backward', () => outputLayerBackward(act.hidden, act.output, p.W2, data.trainLabels, n, h, k, g.W2, g.b2, g.b1, kernels));
      step('Xᵀ·dZ1', () => kernels.sparseTimesDenseTiled(data.trainT, act.hidden, h, g.W1, act.cursor, tileRowsFor(h)));
      // the division by n that mlp.ts backward does after the products, counted with the update
      step('update', () => {
        for (const x of [g.W1, g.b1, g.W2, g.b2]) for (let i = 0; i < x.length; i++) x[i] = x[i] / n;
        update(p, g, NOTEBOOK.lr);
      });
    }
  }
  const [ts, wasm] = runs.map((r) => weightsSha256(r.params));
  if (ts !== wasm) throw new Error(`the ts and wasm kernels trained different weights (${ts} vs ${wasm})`);
  const medians = (times: Record<string, number[]>) => Object.fromEntries(STEPS.map((s) => [s, median(times[s])])) as StepTimes;
  return { ts: medians(runs[0].times), wasm: medians(runs[1].times) };
}

if (process.argv[1]?.endsWith('steps.js')) {
  process.stdout.write(JSON.stringify(timeSteps(Number(process.argv[2] ?? 5))) + '\n');
}
