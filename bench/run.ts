// `make bench`: seconds per epoch of the notebook config (56,000 × 784 → 128 → 10, all the data), part by part, the
// process's peak RSS, and the same epoch in NumPy when python3 has it; then the wall time of the lr × epochs grid
// (`sweep run experiments/lr-epochs-grid.yaml --workers 2`) against the notebook's NumPy code training its nine trials
// one after another. Each figure is one `Benchmark`; a new figure is one more entry in BENCHMARKS.
// `BENCH=epoch` (or `grid`, or `epoch,grid`; the default is all) picks the groups to run: the grid takes minutes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mnistFolder } from '../src/data/mnist.js';
import { DEFAULT_DATA, prepareData } from '../src/train/prepared.js';
import { allocateActivations, backward, forward, forwardLoss, initParams, update, zeroGradients } from '../src/train/mlp.js';
import { train } from '../src/train/train.js';

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
  /** what `BENCH=` selects it by */
  group: 'epoch' | 'grid';
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

/** Whole epochs of train() with its work split over 2 threads (threads.ts), and the speed-up over one thread. */
export function trainerEpochThreads(before: Figure[]): Figure[] {
  const data = prepareData(DEFAULT_DATA);
  const seconds: number[] = [];
  let last = performance.now();
  train(data, { ...NOTEBOOK, epochs: EPOCHS + 1 }, {
    threads: 2,
    onEpoch: () => {
      const now = performance.now();
      seconds.push((now - last) / 1000);
      last = now;
    },
  });
  // onEpoch comes after each forward pass: the time between two calls is one whole epoch (backward, update, forward).
  const epoch = median(seconds.slice(1));
  const one = before.find((f) => f.name === 'TS epoch')?.value;
  return [{ name: 'TS epoch, 2 threads', value: epoch, unit: 's' }, ...(one === undefined ? [] : [{ name: 'TS 1 thread / 2 threads', value: one / epoch, unit: '×' } as Figure])];
}

/** The environment for NumPy, or undefined (and a note) when python3 cannot import it. */
function numpyEnv(): NodeJS.ProcessEnv | undefined {
  const env = { ...process.env };
  // Set on some machines, these make OpenBLAS pick slow kernels; the comparison wants NumPy at its usual speed.
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  if (spawnSync('python3', ['-c', 'import numpy'], { env }).status !== 0) {
    process.stdout.write('NumPy: skipped (python3 -c "import numpy" fails)\n');
    return undefined;
  }
  return env;
}

/** bench/numpy_epoch.py, once on one BLAS thread (as the trainer runs) and once on the default threads. */
export function numpyEpoch(before: Figure[]): Figure[] {
  const env = numpyEnv();
  if (!env) return [];
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

const GRID = 'experiments/lr-epochs-grid.yaml';
const GRID_WORKERS = 2;

/** lr,epochs → test_correct of a results folder's runs.csv. */
function testCorrectByTrial(runsCsv: string): Map<string, number> {
  const [header, ...rows] = readFileSync(runsCsv, 'utf8').trim().split('\n');
  const col = (name: string) => header.split(',').indexOf(name);
  const [lr, epochs, correct] = [col('lr'), col('epochs'), col('test_correct')];
  return new Map(rows.map((line) => line.split(',')).map((f) => [`${Number(f[lr])},${Number(f[epochs])}`, Number(f[correct])]));
}

/**
 * Wall time of `sweep run experiments/lr-epochs-grid.yaml --workers 2` from a fresh process (3 runs of 40 epochs:
 * the trials that differ only in epochs share a run), and of bench/numpy_grid.py (the notebook's code, nine
 * trainings one after another on OpenBLAS's default threads, data loading not counted); each trial's test count
 * must agree between the two.
 */
export function grid(): Figure[] {
  const results = mkdtempSync(join(tmpdir(), 'mlp-sweep-bench-'));
  let tsSeconds: number;
  let tsCorrect: Map<string, number>;
  try {
    const cli = join(ROOT, 'dist', 'src', 'cli.js');
    const started = performance.now();
    const run = spawnSync(process.execPath, [cli, 'run', GRID, '--workers', String(GRID_WORKERS), '--results', results, '--force'], { cwd: ROOT, encoding: 'utf8' });
    tsSeconds = (performance.now() - started) / 1000;
    if (run.status !== 0) throw new Error(`sweep run ${GRID} failed (exit ${run.status}):\n${run.stdout}${run.stderr}`);
    tsCorrect = testCorrectByTrial(join(results, 'lr-epochs-grid', 'runs.csv'));
  } finally {
    rmSync(results, { recursive: true, force: true });
  }
  const figures: Figure[] = [{ name: `TS grid wall (${GRID_WORKERS} workers)`, value: tsSeconds, unit: 's' }];
  const env = numpyEnv();
  if (!env) return figures;
  const numpy = spawnSync('python3', [join(ROOT, 'bench', 'numpy_grid.py'), mnistFolder()], { env, encoding: 'utf8' });
  if (numpy.status !== 0) throw new Error(`bench/numpy_grid.py failed (exit ${numpy.status}):\n${numpy.stderr}`);
  const out = JSON.parse(numpy.stdout) as { seconds: number; trials: { lr: number; epochs: number; test_correct: number }[] };
  const differ = out.trials.filter((t) => tsCorrect.get(`${t.lr},${t.epochs}`) !== t.test_correct);
  for (const t of differ) {
    process.stdout.write(`  note: lr ${t.lr}, ${t.epochs} epochs: NumPy ${t.test_correct} correct, TS ${tsCorrect.get(`${t.lr},${t.epochs}`)}\n`);
  }
  if (differ.length === 0) process.stdout.write(`  test counts of all ${out.trials.length} trials agree with NumPy's\n`);
  figures.push({ name: 'NumPy grid wall (9 trials in turn)', value: out.seconds, unit: 's' });
  figures.push({ name: 'TS / NumPy grid wall', value: tsSeconds / out.seconds, unit: '×' });
  return figures;
}

export const BENCHMARKS: Benchmark[] = [
  { name: `trainer epoch, notebook config, median of ${EPOCHS}`, group: 'epoch', run: trainerEpoch },
  { name: `trainer epoch on 2 threads, median of ${EPOCHS}`, group: 'epoch', run: trainerEpochThreads },
  { name: `NumPy epoch, median of ${EPOCHS}`, group: 'epoch', run: numpyEpoch },
  { name: `grid: ${GRID}, 9 trials, TS with ${GRID_WORKERS} workers vs NumPy in turn`, group: 'grid', run: grid },
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

/** The benchmarks of the groups named in `BENCH` (comma-separated; unset or empty: all). */
export function selectedBenchmarks(selection = process.env.BENCH ?? ''): Benchmark[] {
  const groups = selection.split(',').map((g) => g.trim()).filter((g) => g !== '');
  const known = new Set(BENCHMARKS.map((b) => b.group));
  const unknown = groups.filter((g) => !known.has(g as Benchmark['group']));
  if (unknown.length > 0) throw new Error(`Expected BENCH to name groups among ${[...known].join(', ')}, got ${unknown.join(', ')}`);
  return groups.length === 0 ? BENCHMARKS : BENCHMARKS.filter((b) => groups.includes(b.group));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) runBenchmarks(selectedBenchmarks());
