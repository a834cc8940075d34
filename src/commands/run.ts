// `sweep run FILE`: train every trial of an experiment, save the results, print the tables.
import { join } from 'node:path';
import { loadExperiment } from '../config/load.js';
import { EXIT_FAILED, EXIT_OK, UserError } from '../errors.js';
import { writeReport } from '../report/html.js';
import { checkExpectations, experimentRecords, sweepSummary } from '../report/tables.js';
import { LocalLauncher } from '../launch/local/pool.js';
import { queueUrlFrom } from '../launch/queue/connection.js';
import { connectQueueLauncher } from '../launch/queue/coordinator.js';
import { checkResultsFolder } from '../store/results-folder.js';
import { WriteError } from '../store/write-error.js';
import { preflight } from '../sweep/preflight.js';
import { LiveProgress, LogProgress } from '../sweep/progress.js';
import { runSweep } from '../sweep/run.js';
import { chooseKernels, type KernelsName } from '../train/kernels/index.js';
import { describeStop, exitLine, resumeCommand, stopExitCode, SweepStop, type SweepCounts } from '../sweep/stop.js';
import { localWorkers } from '../sweep/workers.js';

export interface RunFlags {
  workers?: number;
  /** keep --workers even above the cores or the memory */
  forceWorkers?: boolean;
  results: string;
  force: boolean;
  trialTimeout?: number;
  failFast: boolean;
  /** redis:// URL of a queue served by `sweep worker`s (default: $SWEEP_QUEUE; neither: train here) */
  queue?: string;
  /** as save_weights: true in the file */
  saveWeights?: boolean;
  kernels?: KernelsName;
}

/**
 * `args` are the command's words as given (`run FILE --results DIR …`), for the resume hint. `stop` listens for
 * signals from the start, so a Ctrl-C while the data loads stops the sweep as one during training does.
 */
export async function runCommand(file: string, flags: RunFlags, args: string[], stop = new SweepStop()): Promise<number> {
  const unlisten = stop.listen();
  try {
    return await runAndReport(file, flags, args, stop);
  } finally {
    unlisten();
  }
}

async function runAndReport(file: string, flags: RunFlags, args: string[], stop: SweepStop): Promise<number> {
  const loaded = loadExperiment(file);
  const exp = flags.saveWeights ? { ...loaded, saveWeights: true } : loaded;
  checkResultsFolder(flags.results);
  const size = preflight(exp);
  const queueUrl = queueUrlFrom(flags.queue);
  if (queueUrl !== undefined && (flags.workers !== undefined || flags.trialTimeout !== undefined || flags.kernels !== undefined)) {
    throw new UserError('--workers, --trial-timeout and --kernels are options of `sweep worker` when the sweep runs on a queue (--queue)');
  }
  if (queueUrl !== undefined && exp.saveWeights) {
    throw new UserError(`${file}: save_weights writes into the results folder, which workers on a queue cannot reach; run it without --queue`);
  }
  const kernels = queueUrl === undefined ? chooseKernels(flags.kernels) : undefined;
  const progress = process.stdout.isTTY ? new LiveProgress() : new LogProgress();
  const queued = queueUrl === undefined ? undefined : await connectQueueLauncher(queueUrl, exp.data, { log: (line) => progress.message(line), force: flags.force });
  const connected = queued ? await queued.workerCount() : 0;
  const workers = queued ? Math.max(1, connected) : localWorkers(flags.workers, flags.forceWorkers ?? false, size.samples, (line) => progress.message(line));
  const launcher = queued ?? new LocalLauncher({ workers, trialTimeout: flags.trialTimeout, kernels: kernels?.kernels });
  const where = queued ? `on the queue at ${queued.url.masked} (${connected} worker(s) connected now)` : `${workers} worker(s), ${kernels!.said}`;
  progress.message(`${exp.name}: ${exp.trials.length} trial(s), ${where}, results in ${flags.results}/${exp.name}`);
  const outcome = await runSweep(exp, {
    resultsRoot: flags.results,
    force: flags.force,
    launcher,
    progress,
    failFast: flags.failFast,
    stop,
    trainSamples: size.trainSamples,
    workers,
    savedWeights: queueUrl === undefined,
  });
  const summary = sweepSummary(exp, outcome.records);
  process.stdout.write(`\n${summary.text}\n`);
  try {
    process.stdout.write(`\nReport: ${await writeReport(join(flags.results, exp.name), exp, outcome.records)}\n`);
  } catch (err) {
    if (!(err instanceof WriteError) && typeof (err as NodeJS.ErrnoException).code !== 'string') throw err;
    process.stdout.write(`\nNo report: ${err instanceof WriteError ? err.message : (err as Error).message}\n`);
    stop.request({ kind: 'write-error', message: (err as Error).message });
  }
  const rows = experimentRecords(exp, outcome.records);
  const counts: SweepCounts = {
    trials: exp.trials.length,
    failed: rows.filter((r) => r.status === 'failed').length,
    diverged: rows.filter((r) => r.status === 'diverged').length,
    missing: exp.trials.length - rows.length,
    expectationsMissed: checkExpectations(exp, outcome.records).filter((x) => !x.holds).length,
  };
  const code = stop.cause ? stopExitCode(stop.cause) : summary.allOk && summary.expectationsHold ? EXIT_OK : EXIT_FAILED;
  if (stop.cause) {
    const saved = rows.filter((r) => r.status !== 'failed').length;
    process.stdout.write(`\n${describeStop(stop.cause)}. ${saved} of ${exp.trials.length} trial(s) saved. To resume, run:\n  ${resumeCommand(args)}\n`);
  }
  if (code !== EXIT_OK) process.stdout.write(`${stop.cause ? '' : '\n'}${exitLine(code, counts, stop.cause)}\n`);
  return code;
}
