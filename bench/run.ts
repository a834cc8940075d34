// `make bench`: seconds per epoch of the notebook config (56,000 × 784 → 128 → 10, all the data), part by part, the
// process's peak RSS, and the same epoch in NumPy when python3 has it. Each figure is one `Benchmark`; a new figure
// (say the wall time of a whole grid, once `sweep run` exists) is one more entry in BENCHMARKS.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mnistFolder } from '../src/data/mnist.js';
import { DEFAULT_DATA, prepareData } from '../src/train/prepared.js';
import { allocateActivations, backward, forward, forwardLoss, initParams, update, zeroGradients } from '../src/train/mlp.js';

/** Epochs timed after one warm-up epoch; the medians are reported. */
const EPOCHS = 5;
const NOTEBOOK = { lr: 0.03, hidden: 128, seed: 42 };
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** One measured figure: a name, a value and its unit. */
export interface Figure {
  name: string;
  value: number;
  unit: 's' | 'MB' | '×';
}

/** A benchmark gets the figures measured before it (to compare against) and returns its own. */
export interface Benchmark {
  name: string;
  run: (before: Figure[]) => Figure[];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** The trainer's epoch, timed as forward (with the loss), backward and update. */
export function trainerEpoch(): Figure[] {
  const data = prepareData(DEFAULT_DATA);
  const shape = { inputs: data.features, hidden: NOTEBOOK.hidden, outputs: data.classes };
  const params = initParams(shape, NOTEBOOK.seed);
  const grads = zeroGradients(shape);
  const act = allocateActivations(shape, data.train.rows);
  const parts = { forward: [] as number[], backward: [] as number[], update: [] as number[], epoch: [] as number[] };
  for (let epoch = 0; epoch <= EPOCHS; epoch++) {
    const t0 = performance.now();
    forward(params, data.train, act);
    forwardLoss(params, act, data.trainLabels);
    const t1 = performance.now();
    backward(params, data.trainT, data.trainLabels, act, grads);
    const t2 = performance.now();
    update(params, grads, NOTEBOOK.lr);
    const t3 = performance.now();
    if (epoch === 0) continue;
    parts.forward.push((t1 - t0) / 1000);
    parts.backward.push((t2 - t1) / 1000);
    parts.update.push((t3 - t2) / 1000);
    parts.epoch.push((t3 - t0) / 1000);
  }
  return [
    ...Object.entries(parts).map(([part, xs]): Figure => ({ name: `TS ${part}`, value: median(xs), unit: 's' })),
    { name: 'TS peak RSS', value: process.resourceUsage().maxRSS / 1024, unit: 'MB' },
  ];
}

/** bench/numpy_epoch.py, once on one BLAS thread (as the trainer runs) and once on the default threads. */
export function numpyEpoch(before: Figure[]): Figure[] {
  const env = { ...process.env };
  // Set on some machines, these make OpenBLAS pick slow kernels; the comparison wants NumPy at its usual speed.
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  if (spawnSync('python3', ['-c', 'import numpy'], { env }).status !== 0) {
    process.stdout.write('NumPy: skipped (python3 -c "import numpy" fails)\n');
    return [];
  }
  const script = join(ROOT, 'bench', 'numpy_epoch.py');
  const tsEpoch = before.find((f) => f.name === 'TS epoch')?.value;
  const figures: Figure[] = [];
  for (const [label, threads] of [['1 thread', '1'], ['default threads', undefined]] as const) {
    const run = spawnSync('python3', [script, mnistFolder(), String(EPOCHS)], { env: threads ? { ...env, OPENBLAS_NUM_THREADS: threads, OMP_NUM_THREADS: threads } : env, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`bench/numpy_epoch.py failed (exit ${run.status}):\n${run.stderr}`);
    const parts = JSON.parse(run.stdout) as Record<'forward' | 'backward' | 'update' | 'epoch', number>;
    for (const part of ['forward', 'backward', 'update', 'epoch'] as const) figures.push({ name: `NumPy (${label}) ${part}`, value: parts[part], unit: 's' });
    if (tsEpoch !== undefined) figures.push({ name: `TS / NumPy (${label}) epoch`, value: tsEpoch / parts.epoch, unit: '×' });
  }
  return figures;
}

export const BENCHMARKS: Benchmark[] = [
  { name: `trainer epoch, notebook config, median of ${EPOCHS}`, run: trainerEpoch },
  { name: `NumPy epoch, median of ${EPOCHS}`, run: numpyEpoch },
];

function format(f: Figure): string {
  const value = f.unit === 's' ? f.value.toFixed(3) : f.unit === 'MB' ? f.value.toFixed(0) : f.value.toFixed(2);
  return `  ${f.name.padEnd(36)} ${value.padStart(8)} ${f.unit}`;
}

export function runBenchmarks(benchmarks: Benchmark[] = BENCHMARKS): Figure[] {
  const all: Figure[] = [];
  for (const b of benchmarks) {
    process.stdout.write(`${b.name}\n`);
    const figures = b.run(all);
    for (const f of figures) process.stdout.write(`${format(f)}\n`);
    all.push(...figures);
  }
  return all;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) runBenchmarks();
