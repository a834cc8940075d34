// Bad input, fuzzed: valid experiment files mutated (test/fuzz/mutate.ts) must be accepted or refused with one line
// naming the file, never crash with a stack trace nor hang. In process (the loader `validate` and `run` share) for
// FUZZ_CASES cases, and through the real CLI (`sweep validate`, and `sweep run` on the files validate refuses) for
// FUZZ_CLI_CASES. `make test` runs a few hundred; `make fuzz` thousands. The seed is fixed (FUZZ_SEED to change it).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { loadExperiment } from '../src/config/load.js';
import { UserError } from '../src/errors.js';
import { CLI, tempDir } from './helpers/cli.js';
import { ROOT } from './helpers/fixtures.js';
import { mutate, mutation } from './fuzz/mutate.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const CASES = Number(process.env.FUZZ_CASES ?? 300);
const CLI_CASES = Number(process.env.FUZZ_CLI_CASES ?? 6);
const SECONDS_PER_CASE = 5;

const bases = [
  ...readdirSync(join(ROOT, 'experiments')).filter((f) => f.endsWith('.yaml')).map((f) => readFileSync(join(ROOT, 'experiments', f), 'utf8')),
  'name: tiny\ndata: {limit: 600, test_size: 0.25, split_seed: 7}\ngrid: {lr: [0.1, 0.2], epochs: [2, 3], hidden: 7, seed: [1, 2]}\nreplicate: seed\n',
  'name: tiny\ndata: {limit: 600}\nruns:\n  - {lr: 0.1, epochs: 2, hidden: 7, seed: 1}\nexpect:\n  - {where: {lr: 0.1}, test_correct: 10}\n',
];

const dir = tempDir('mlp-sweep-fuzz-');
let written = 0;
function writeCase(text: string): string {
  const file = join(dir, `case-${++written}.yaml`);
  writeFileSync(file, text);
  return file;
}

test(`the loader accepts or refuses ${CASES} mutated files with one line naming the file (seed ${SEED})`, () => {
  fc.assert(
    fc.property(mutation(bases.length), (m) => {
      const file = writeCase(mutate(bases[m.base], m));
      const started = performance.now();
      try {
        loadExperiment(file);
      } catch (err) {
        if (!(err instanceof UserError)) throw new Error(`${file}: not a UserError: ${(err as Error).stack}`);
        if (err.message.includes('\n')) throw new Error(`${file}: message of more than one line: ${err.message}`);
        if (!err.message.startsWith(file)) throw new Error(`${file}: the message does not name the file: ${err.message}`);
      }
      const seconds = (performance.now() - started) / 1000;
      if (seconds > SECONDS_PER_CASE) throw new Error(`${file}: took ${seconds.toFixed(1)} s`);
    }),
    { seed: SEED, numRuns: CASES, includeErrorInReport: true },
  );
  process.stdout.write(`  fuzz: ${CASES} mutated experiment files through the loader, seed ${SEED}\n`);
});

test(`sweep validate and sweep run exit 0, 1 or 2 without a stack trace on ${CLI_CASES} mutated files (seed ${SEED})`, () => {
  const results = tempDir();
  // generous: a validate that reads full MNIST takes ~1 s on an idle machine, but 20 s were seen on one at load 29
  const cli = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  fc.assert(
    fc.property(mutation(bases.length), (m) => {
      const file = writeCase(mutate(bases[m.base], m));
      const validate = cli(['validate', file]);
      if (![0, 1, 2].includes(validate.status ?? -1)) throw new Error(`${file}: validate ended with ${validate.status ?? validate.signal}: ${validate.stderr}`);
      if (/\n\s+at /.test(validate.stderr)) throw new Error(`${file}: a stack trace: ${validate.stderr}`);
      if (validate.status !== 2) return; // a valid file would train: run is checked on the files refused
      if (validate.stderr.trimEnd().split('\n').length !== 1) throw new Error(`${file}: more than one line: ${validate.stderr}`);
      const run = cli(['run', file, '--results', results]);
      if (run.status !== 2 || run.stderr !== validate.stderr) throw new Error(`${file}: run ended with ${run.status}: ${run.stderr}`);
    }),
    { seed: SEED + 1, numRuns: CLI_CASES, includeErrorInReport: true },
  );
  process.stdout.write(`  fuzz: ${CLI_CASES} mutated experiment files through sweep validate / run, seed ${SEED + 1}\n`);
});

test.run();
