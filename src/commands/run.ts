// `sweep run FILE`: train every trial of an experiment, save the results, print the tables.
import { join } from 'node:path';
import { loadExperiment } from '../config/load.js';
import { EXIT_FAILED, EXIT_OK, UserError } from '../errors.js';
import { writeReport } from '../report/html.js';
import { experimentRecords, sweepSummary } from '../report/tables.js';
import { LocalLauncher } from '../launch/local/pool.js';
import { queueUrlFrom } from '../launch/queue/connection.js';
import { connectQueueLauncher } from '../launch/queue/coordinator.js';
import { preflight } from '../sweep/preflight.js';
import { LiveProgress, LogProgress } from '../sweep/progress.js';
import { runSweep } from '../sweep/run.js';
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
}

export const EXIT_INTERRUPTED = 130;

export async function runCommand(file: string, flags: RunFlags): Promise<number> {
  const loaded = loadExperiment(file);
  const exp = flags.saveWeights ? { ...loaded, saveWeights: true } : loaded;
  const size = preflight(exp);
  const queueUrl = queueUrlFrom(flags.queue);
  if (queueUrl !== undefined && (flags.workers !== undefined || flags.trialTimeout !== undefined)) {
    throw new UserError('--workers and --trial-timeout are options of `sweep worker` when the sweep runs on a queue (--queue)');
  }
  if (queueUrl !== undefined && exp.saveWeights) {
    throw new UserError(`${file}: save_weights writes into the results folder, which workers on a queue cannot reach; run it without --queue`);
  }
  const progress = process.stdout.isTTY ? new LiveProgress() : new LogProgress();
  const queued = queueUrl === undefined ? undefined : await connectQueueLauncher(queueUrl, exp.data, { log: (line) => progress.message(line), force: flags.force });
  const connected = queued ? await queued.workerCount() : 0;
  const workers = queued ? Math.max(1, connected) : localWorkers(flags.workers, flags.forceWorkers ?? false, size.samples, (line) => progress.message(line));
  const launcher = queued ?? new LocalLauncher({ workers, trialTimeout: flags.trialTimeout });
  const where = queued ? `on the queue at ${queued.url.masked} (${connected} worker(s) connected now)` : `${workers} worker(s)`;
  progress.message(`${exp.name}: ${exp.trials.length} trial(s), ${where}, results in ${flags.results}/${exp.name}`);
  const outcome = await runSweep(exp, {
    resultsRoot: flags.results,
    force: flags.force,
    launcher,
    progress,
    failFast: flags.failFast,
    trainSamples: size.trainSamples,
    workers,
    savedWeights: queueUrl === undefined,
  });
  const summary = sweepSummary(exp, outcome.records);
  process.stdout.write(`\n${summary.text}\n`);
  process.stdout.write(`\nReport: ${await writeReport(join(flags.results, exp.name), exp, outcome.records)}\n`);
  if (outcome.stopped) {
    const done = experimentRecords(exp, outcome.records).filter((r) => r.status !== 'failed').length;
    const why = outcome.stopped === 'signal' ? 'Interrupted' : 'Stopped at the first failed trial';
    process.stdout.write(`\n${why} with ${done} finished trial(s) saved. Run the same command again to resume: sweep run ${file}\n`);
    return outcome.stopped === 'signal' ? EXIT_INTERRUPTED : EXIT_FAILED;
  }
  return summary.allOk && summary.expectationsHold ? EXIT_OK : EXIT_FAILED;
}
