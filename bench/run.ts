// `make bench`: the notebook config's epoch (56,000 × 784 → 128 → 10, all the data) part by part with the ts and the
// wasm kernels and in NumPy, on one thread and on two, with each process's peak RSS; then the wall time of the
// lr × epochs grid (`sweep run experiments/lr-epochs-grid.yaml --workers 2`, wasm and ts) against the notebook's NumPy
// code training its nine trials one after another. The machine drifts, so the configurations are taken side by side:
// in rounds, each round running ts, wasm and NumPy one after another, and the medians over the rounds reported.
// `BENCH=epoch` (or `steps`, `grid`, or `epoch,grid`; the default is all) picks the groups to run: the grid takes
// minutes; `steps` times each step of the epoch with both kernels.
// `BENCH_ROUNDS` (default 3) and `BENCH_GRID_ROUNDS` (default 1) set the rounds. A new figure is one more Benchmark.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mnistFolder } from '../src/data/mnist.js';
import { KERNELS_NAMES, type KernelsName } from '../src/train/kernels/index.js';
import type { EpochTiming } from './epoch.js';
import { STEPS, type StepTimes } from './steps.js';

/** Epochs timed after one warm-up epoch, in each process; their median is the process's figure. */
const EPOCHS = 5;
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PARTS = ['forward', 'backward', 'update', 'epoch', 'epochCpu'] as const;

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
  group: 'epoch' | 'steps' | 'grid';
  run: (before: Figure[]) => Figure[];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** The machine's load averages, as `uptime` prints them: the figures mean little beside a high load. */
function uptimeLoad(): string {
  return `load ${loadavg().map((x) => x.toFixed(2)).join(', ')}`;
}

function rounds(variable: string, fallback: number): number {
  const n = Number(process.env[variable] ?? fallback);
  if (!Number.isInteger(n) || n < 1) throw new Error(`Expected ${variable} to be an integer of 1 and up, got ${process.env[variable]}`);
  return n;
}

/** bench/epoch.ts in a fresh process: the trainer's epoch with these kernels on this many threads. */
function trainerEpoch(kernels: KernelsName, threads: number): EpochTiming {
  // --expose-gc as sweep workers run, so the loader's garbage is collected before training (src/train/memory.ts)
  const run = spawnSync(process.execPath, ['--expose-gc', join(ROOT, 'dist', 'bench', 'epoch.js'), kernels, String(threads), String(EPOCHS)], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`bench/epoch.ts ${kernels} ${threads} failed (exit ${run.status}):\n${run.stderr}`);
  return JSON.parse(run.stdout) as EpochTiming;
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

/** bench/numpy_epoch.py on `threads` BLAS threads (NumPy's part timings; no RSS). */
function numpyEpoch(env: NodeJS.ProcessEnv, threads: number): Omit<EpochTiming, 'peakRss'> {
  const script = join(ROOT, 'bench', 'numpy_epoch.py');
  const run = spawnSync('python3', [script, mnistFolder(), String(EPOCHS)], { env: { ...env, OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads) }, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`bench/numpy_epoch.py failed (exit ${run.status}):\n${run.stderr}`);
  return JSON.parse(run.stdout) as EpochTiming;
}

/**
 * The epoch side by side: in each round, for 1 then 2 threads, ts, wasm and NumPy one after another (each a fresh
 * process); the medians over the rounds, as a table, and the ratios.
 */
export function epochSideBySide(): Figure[] {
  const n = rounds('BENCH_ROUNDS', 3);
  const env = numpyEnv();
  const columns: { label: string; threads: number; measure: () => Partial<EpochTiming> }[] = [];
  for (const threads of [1, 2]) {
    for (const kernels of [...KERNELS_NAMES].reverse()) columns.push({ label: `${kernels} ${threads}T`, threads, measure: () => trainerEpoch(kernels, threads) });
    if (env) columns.push({ label: `NumPy ${threads}T`, threads, measure: () => numpyEpoch(env, threads) });
  }
  const seen = columns.map(() => [] as Partial<EpochTiming>[]);
  for (let round = 1; round <= n; round++) {
    columns.forEach((c, i) => seen[i].push(c.measure()));
    const epochs = columns.map((c, i) => `${c.label} ${seen[i][round - 1].epoch!.toFixed(3)} (CPU ${seen[i][round - 1].epochCpu!.toFixed(3)})`);
    process.stdout.write(`  round ${round}/${n}: ${epochs.join(', ')} s per epoch (${uptimeLoad()})\n`);
  }
  const figures: Figure[] = [];
  const rows: string[] = [`  ${'median of rounds'.padEnd(16)}${columns.map((c) => c.label.padStart(10)).join('')}`];
  for (const part of [...PARTS, 'peakRss'] as const) {
    const values = seen.map((runs) => (runs[0][part] === undefined ? undefined : median(runs.map((r) => r[part]!))));
    rows.push(`  ${(part === 'peakRss' ? 'peak RSS (MB)' : part === 'epochCpu' ? 'epoch CPU (s)' : `${part} (s)`).padEnd(16)}${values.map((v) => (v === undefined ? '' : part === 'peakRss' ? v.toFixed(0) : v.toFixed(3)).padStart(10)).join('')}`);
    values.forEach((v, i) => v !== undefined && figures.push({ name: `${columns[i].label} ${part}`, value: v, unit: part === 'peakRss' ? 'MB' : 's' }));
  }
  process.stdout.write(`${rows.join('\n')}\n`);
  const epoch = (label: string) => figures.find((f) => f.name === `${label} epoch`)?.value;
  const ratios: Figure[] = [];
  for (const t of [1, 2]) {
    const ts = epoch(`ts ${t}T`)!, wasm = epoch(`wasm ${t}T`)!, numpy = epoch(`NumPy ${t}T`);
    ratios.push({ name: `ts / wasm epoch, ${t} thread(s)`, value: ts / wasm, unit: '×' });
    if (numpy !== undefined) ratios.push({ name: `wasm / NumPy epoch, ${t} thread(s)`, value: wasm / numpy, unit: '×' }, { name: `ts / NumPy epoch, ${t} thread(s)`, value: ts / numpy, unit: '×' });
    const cpu = (label: string) => figures.find((f) => f.name === `${label} epochCpu`)?.value;
    const wasmCpu = cpu(`wasm ${t}T`), numpyCpu = cpu(`NumPy ${t}T`);
    if (t === 1 && wasmCpu !== undefined && numpyCpu !== undefined) ratios.push({ name: 'wasm / NumPy epoch CPU, 1 thread', value: wasmCpu / numpyCpu, unit: '×' });
  }
  return ratios;
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

/** GNU time, which reports the peak RSS of a command and its children (the sweep's workers), where installed. */
const GNU_TIME = '/usr/bin/time';

/**
 * `sweep run experiments/lr-epochs-grid.yaml --workers 2 --kernels K` from a fresh process (3 runs of 40 epochs: the
 * trials that differ only in epochs share a run): wall seconds, the largest peak RSS of its processes (GNU time), and
 * each trial's test count.
 */
function sweepGrid(kernels: KernelsName): { seconds: number; peakRss?: number; correct: Map<string, number> } {
  const results = mkdtempSync(join(tmpdir(), 'mlp-sweep-bench-'));
  try {
    const cli = join(ROOT, 'dist', 'src', 'cli.js');
    const command = [process.execPath, cli, 'run', GRID, '--workers', String(GRID_WORKERS), '--results', results, '--force', '--kernels', kernels];
    const timed = existsSync(GNU_TIME);
    const rssFile = join(results, 'peak-rss');
    const started = performance.now();
    const run = timed
      ? spawnSync(GNU_TIME, ['-f', '%M', '-o', rssFile, ...command], { cwd: ROOT, encoding: 'utf8' })
      : spawnSync(command[0], command.slice(1), { cwd: ROOT, encoding: 'utf8' });
    const seconds = (performance.now() - started) / 1000;
    if (run.status !== 0) throw new Error(`sweep run ${GRID} failed (exit ${run.status}):\n${run.stdout}${run.stderr}`);
    const peakRss = timed ? Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) / 1024 : undefined;
    return { seconds, peakRss, correct: testCorrectByTrial(join(results, 'lr-epochs-grid', 'runs.csv')) };
  } finally {
    rmSync(results, { recursive: true, force: true });
  }
}

/** bench/numpy_grid.py: the notebook's code training the nine trials in turn on OpenBLAS's default threads. */
function numpyGrid(env: NodeJS.ProcessEnv): { seconds: number; trials: { lr: number; epochs: number; test_correct: number }[] } {
  const numpy = spawnSync('python3', [join(ROOT, 'bench', 'numpy_grid.py'), mnistFolder()], { env, encoding: 'utf8' });
  if (numpy.status !== 0) throw new Error(`bench/numpy_grid.py failed (exit ${numpy.status}):\n${numpy.stderr}`);
  return JSON.parse(numpy.stdout);
}

/**
 * The grid side by side, in rounds of: the sweep with wasm, the sweep with ts, NumPy's nine trainings (data loading
 * not counted). Every trial's test count must agree with NumPy's.
 */
export function grid(): Figure[] {
  const n = rounds('BENCH_GRID_ROUNDS', 1);
  const env = numpyEnv();
  const walls: Record<string, number[]> = { wasm: [], ts: [], NumPy: [] };
  const rss: number[] = [];
  for (let round = 1; round <= n; round++) {
    const line: string[] = [];
    const counts = new Map<KernelsName, Map<string, number>>();
    for (const kernels of KERNELS_NAMES) {
      const r = sweepGrid(kernels);
      walls[kernels].push(r.seconds);
      if (r.peakRss !== undefined) rss.push(r.peakRss);
      counts.set(kernels, r.correct);
      line.push(`${kernels} ${r.seconds.toFixed(1)} s${r.peakRss === undefined ? '' : ` (peak RSS ${r.peakRss.toFixed(0)} MB)`}`);
    }
    if (env) {
      const out = numpyGrid(env);
      walls.NumPy.push(out.seconds);
      line.push(`NumPy ${out.seconds.toFixed(1)} s`);
      for (const [kernels, correct] of counts) {
        const differ = out.trials.filter((t) => correct.get(`${t.lr},${t.epochs}`) !== t.test_correct);
        for (const t of differ) process.stdout.write(`  note: ${kernels}, lr ${t.lr}, ${t.epochs} epochs: NumPy ${t.test_correct} correct, sweep ${correct.get(`${t.lr},${t.epochs}`)}\n`);
        if (differ.length === 0) line.push(`${kernels}: all ${out.trials.length} test counts = NumPy's`);
      }
    }
    process.stdout.write(`  round ${round}/${n}: ${line.join(', ')} (${uptimeLoad()})\n`);
  }
  const figures: Figure[] = [
    { name: `wasm grid wall (${GRID_WORKERS} workers)`, value: median(walls.wasm), unit: 's' },
    { name: `ts grid wall (${GRID_WORKERS} workers)`, value: median(walls.ts), unit: 's' },
  ];
  if (rss.length > 0) figures.push({ name: 'grid peak RSS, largest process', value: Math.max(...rss), unit: 'MB' });
  if (walls.NumPy.length > 0) {
    const numpy = median(walls.NumPy);
    figures.push(
      { name: 'NumPy grid wall (9 trials in turn)', value: numpy, unit: 's' },
      { name: 'wasm / NumPy grid wall', value: median(walls.wasm) / numpy, unit: '×' },
      { name: 'ts / NumPy grid wall', value: median(walls.ts) / numpy, unit: '×' },
    );
  }
  return figures;
}

/** bench/steps.ts in a fresh process: each step of the epoch with ts and wasm, and its share of the wasm epoch. */
function epochSteps(): Figure[] {
  const run = spawnSync(process.execPath, ['--expose-gc', join(ROOT, 'dist', 'bench', 'steps.js'), String(EPOCHS)], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`bench/steps.ts failed (exit ${run.status}):\n${run.stderr}`);
  const { ts, wasm } = JSON.parse(run.stdout) as { ts: StepTimes; wasm: StepTimes };
  const total = (t: StepTimes) => STEPS.reduce((s, step) => s + t[step], 0);
  process.stdout.write(`  ${'step'.padEnd(24)} ${'ts (s)'.padStart(8)} ${'wasm (s)'.padStart(9)} ${'ts / wasm'.padStart(10)} ${'wasm share'.padStart(11)}  (${uptimeLoad()})\n`);
  for (const step of STEPS) {
    const share = `${((100 * wasm[step]) / total(wasm)).toFixed(0)} %`;
    process.stdout.write(`  ${step.padEnd(24)} ${ts[step].toFixed(4).padStart(8)} ${wasm[step].toFixed(4).padStart(9)} ${(ts[step] / wasm[step]).toFixed(2).padStart(10)} ${share.padStart(11)}\n`);
  }
  return [
    { name: 'ts epoch, sum of the steps', value: total(ts), unit: 's' },
    { name: 'wasm epoch, sum of the steps', value: total(wasm), unit: 's' },
  ];
}

export const BENCHMARKS: Benchmark[] = [
  { name: `epoch, notebook config: ts, wasm and NumPy side by side, 1 and 2 threads (medians of ${EPOCHS} epochs per process)`, group: 'epoch', run: epochSideBySide },
  { name: `steps of the epoch, one thread, ts and wasm in turn in one process (medians of ${EPOCHS} epochs)`, group: 'steps', run: epochSteps },
  { name: `grid: ${GRID}, 9 trials, the sweep with ${GRID_WORKERS} workers (wasm, ts) vs NumPy in turn`, group: 'grid', run: grid },
];

function format(f: Figure): string {
  const value = f.unit === 's' ? f.value.toFixed(3) : f.unit === 'MB' ? f.value.toFixed(0) : f.value.toFixed(2);
  return `  ${f.name.padEnd(40)} ${value.padStart(8)} ${f.unit}`;
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
