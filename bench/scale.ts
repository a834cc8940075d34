// `make scale`: a sweep of 10,000 one-epoch trials (500 samples, hidden 8), as a user runs it, from the CLI:
//   1. run on 2 workers: wall time, trials/s, the rate of the last 2,000 trials against the first 2,000 (≥ 0.7×);
//   2. the same file on 1 worker: history.csv and summary.csv byte-identical, runs.csv too but for train_seconds;
//   3. Ctrl-C (SIGINT to the process group, as a terminal sends it) in the middle: exit 130, every finished record
//      kept and listed in runs.csv; running it again finishes the rest, with the same CSVs as (1);
//   4. the plan's estimate against the real time, for these tiny trials and for a few large ones;
//   5. a made-up folder of 100,000 records: the time of show, plan, compare, report and verify --sample 1;
//      and the report of 10,000 trials: time and size.
// Takes ~10 minutes on 2 cores. SCALE_TRIALS=N (a multiple of 100) runs a smaller sweep.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { recordFromJson } from '../src/store/record.js';
import { writeSyntheticResults, yamlRange } from '../test/helpers/synthetic-results.js';

const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'cli.js');
const TRIALS = Number(process.env.SCALE_TRIALS ?? 10000);
const EDGE = Math.min(2000, TRIALS / 5);
const root = mkdtempSync(join(tmpdir(), 'mlp-sweep-scale-'));

function line(name: string, value: string, goal = ''): void {
  process.stdout.write(`${name.padEnd(64)} ${value.padStart(16)}${goal ? `   (${goal})` : ''}\n`);
}

/** Runs the CLI to its end: exit code, seconds, stdout. */
function cli(args: string[]): { code: number | null; seconds: number; stdout: string; stderr: string } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  return { code: r.status, seconds: (performance.now() - t0) / 1000, stdout: r.stdout, stderr: r.stderr };
}

function records(dir: string) {
  return readdirSync(join(dir, 'trials'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => recordFromJson(readFileSync(join(dir, 'trials', f), 'utf8')));
}

/** runs.csv without its train_seconds column (the one column that depends on the machine's speed). */
function runsWithoutSeconds(dir: string): string {
  const lines = readFileSync(join(dir, 'runs.csv'), 'utf8').split('\n');
  const col = lines[0].split(',').indexOf('train_seconds');
  return lines.map((l) => l.split(',').filter((_, i) => i !== col).join(',')).join('\n');
}

function sameCsvs(a: string, b: string): boolean {
  return ['history.csv', 'summary.csv'].every((f) => readFileSync(join(a, f), 'utf8') === readFileSync(join(b, f), 'utf8')) && runsWithoutSeconds(a) === runsWithoutSeconds(b);
}

/** "about 1m40s on 2 worker(s)" → 100 */
function plannedSeconds(stdout: string): number {
  const m = /about (?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)? on/.exec(stdout);
  if (!m) return NaN;
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

const file = join(root, 'scale.yaml');
writeFileSync(file, `name: scale\ndata: {limit: 500}\ngrid: {lr: ${yamlRange(TRIALS / 100, 0.01, 0.001)}, epochs: 1, hidden: 8, seed: ${yamlRange(100, 1, 1, 0)}}\n`);
try {
  // 4 (first half): the plan of a fresh folder, before anything ran
  const planned = plannedSeconds(cli(['plan', file, '--results', join(root, 'a'), '--workers', '2']).stdout);

  // 1. the sweep on 2 workers
  const a = cli(['run', file, '--results', join(root, 'a'), '--workers', '2']);
  const dirA = join(root, 'a', 'scale');
  if (a.code !== 0) throw new Error(`run on 2 workers exited ${a.code}: ${a.stderr}`);
  const finished = records(dirA).map((r) => Date.parse(r.finishedAt)).sort((x, y) => x - y);
  const rate = (from: number, to: number) => (to - from) / ((finished[to - 1] - finished[from]) / 1000);
  const first = rate(0, EDGE);
  const last = rate(TRIALS - EDGE, TRIALS);
  line(`${TRIALS} one-epoch trials on 2 workers: wall time`, `${a.seconds.toFixed(1)} s`);
  line('  trials per second, over the whole run', `${(TRIALS / a.seconds).toFixed(1)}`);
  line(`  trials/s of the first ${EDGE} / of the last ${EDGE}`, `${first.toFixed(1)} / ${last.toFixed(1)}`);
  line('  last / first', `${(last / first).toFixed(2)}×`, 'goal ≥ 0.7×');
  line('  the plan said / took', `${planned} s / ${a.seconds.toFixed(0)} s`, 'goal within 2×');

  // 2. another worker count, the same CSVs
  const b = cli(['run', file, '--results', join(root, 'b'), '--workers', '1']);
  if (b.code !== 0) throw new Error(`run on 1 worker exited ${b.code}: ${b.stderr}`);
  line('the same file on 1 worker: wall time', `${b.seconds.toFixed(1)} s`);
  line('  CSVs byte-identical to 2 workers (runs.csv but train_seconds)', sameCsvs(dirA, join(root, 'b', 'scale')) ? 'yes' : 'NO');

  // 3. Ctrl-C in the middle
  const dirC = join(root, 'c', 'scale');
  const child = spawn(process.execPath, [CLI, 'run', file, '--results', join(root, 'c'), '--workers', '2'], { detached: true, stdio: 'ignore' });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const count = () => {
    try {
      return readdirSync(join(dirC, 'trials')).length;
    } catch {
      return 0;
    }
  };
  while (count() < TRIALS / 3) await new Promise((r) => setTimeout(r, 100));
  const signalled = performance.now();
  process.kill(-child.pid!, 'SIGINT');
  const killer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 60000);
  const code = await exit;
  clearTimeout(killer);
  const kept = records(dirC);
  const listed = readFileSync(join(dirC, 'runs.csv'), 'utf8').trim().split('\n').length - 1;
  line('Ctrl-C after a third: exit code, seconds to exit', `${code}, ${((performance.now() - signalled) / 1000).toFixed(1)} s`, 'goal 130');
  line('  records kept / listed in runs.csv', `${kept.length} / ${listed}`);
  const resumed = cli(['run', file, '--results', join(root, 'c'), '--workers', '2']);
  line('  run again: exit code; CSVs the same as the uninterrupted run', `${resumed.code}; ${resumed.code === 0 && sameCsvs(dirA, dirC) ? 'yes' : 'NO'}`);

  // 4 (second half): a few large trials, planned then run
  const large = join(root, 'large.yaml');
  writeFileSync(large, 'name: large\ndata: {limit: 20000}\ngrid: {lr: [0.05, 0.1], epochs: 3, hidden: 128, seed: [1, 2]}\n');
  const plannedLarge = plannedSeconds(cli(['plan', large, '--results', join(root, 'a'), '--workers', '2']).stdout);
  const runLarge = cli(['run', large, '--results', join(root, 'a'), '--workers', '2']);
  line('4 trials of 3 epochs on 20,000 samples, hidden 128: plan / took', `${plannedLarge} s / ${runLarge.seconds.toFixed(0)} s`, 'goal within 2×');

  // 5. reading big folders
  const reportA = cli(['report', dirA]);
  line(`report of the ${TRIALS}-trial run: seconds, report.html size`, `${reportA.seconds.toFixed(1)} s, ${(statSync(join(dirA, 'report.html')).size / 1e6).toFixed(2)} MB`);
  const big = writeSyntheticResults(join(root, 'big'), {
    name: 'big',
    grid: `{lr: ${yamlRange(10, 0.01, 0.05)}, epochs: ${yamlRange(10, 1, 1, 0)}, hidden: ${yamlRange(10, 8, 16, 0)}, seed: ${yamlRange(100, 1, 1, 0)}}`,
    divergeEvery: 97,
    failEvery: 211,
  });
  for (const args of [['show', big], ['plan', join(big, 'experiment.yaml'), '--results', join(root, 'big')], ['compare', big, big], ['report', big], ['verify', big, '--sample', '1']]) {
    const r = cli(args);
    line(`100,000 records: sweep ${args[0]}${args[0] === 'verify' ? ' --sample 1' : ''} (exit ${r.code})`, `${r.seconds.toFixed(1)} s`);
  }
  line('  report.html of 100,000 records', `${(statSync(join(big, 'report.html')).size / 1e6).toFixed(2)} MB`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
