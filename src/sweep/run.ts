// Runs an experiment: skips trials already recorded (resume), groups the rest into shared-epoch jobs, hands them to
// a launcher, and saves each trial's record the moment it finishes (the tables every few seconds, and whole at the end).
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Experiment } from '../config/types.js';
import { calibrateRate } from './calibrate.js';
import type { TrainJob } from './jobs.js';
import type { Launcher } from '../launch/launcher.js';
import type { SweepProgress } from './progress.js';
import { estimateSeconds, makePlan, measuredRate, planSummary } from './plan.js';
import { failedRecord, finishedRecord, type TrialRecord } from '../store/record.js';
import { ResultsStore } from '../store/store.js';
import { provenance } from '../store/provenance.js';
import { WEIGHTS } from '../store/weights.js';
import { WriteError, writingTo } from '../store/write-error.js';
import { UserError } from '../errors.js';
import { describeStop, type SweepStop } from './stop.js';
import { describeTrial } from './progress.js';
import { TablesWriter } from '../store/tables-writer.js';

export interface SweepOptions {
  resultsRoot: string;
  /** retrain trials that already have a record */
  force: boolean;
  launcher: Launcher;
  progress: SweepProgress;
  /** stop at the first failed or diverged trial */
  failFast?: boolean;
  /** how the sweep stops early (signals, --fail-fast, write errors, a broken pipe): see stop.ts */
  stop: SweepStop;
  /** training samples of the experiment's data, and the number of workers: for the time estimate */
  trainSamples: number;
  workers: number;
  /** continue runs from weights saved in the folder, and save them with save_weights (the local launcher: true) */
  savedWeights?: boolean;
}

export interface SweepOutcome {
  store: ResultsStore;
  /** records of the experiment's trials (finished now or before), by run id */
  records: Map<string, TrialRecord>;
  /** trials trained and saved by this run */
  trained: number;
  skipped: number;
}

export const LOGS = 'logs';

export async function runSweep(exp: Experiment, options: SweepOptions): Promise<SweepOutcome> {
  const { stop, launcher, progress } = options;
  const store = ResultsStore.forExperiment(options.resultsRoot, exp.name);
  store.open();
  const offStop = stop.onStop((urgent) => {
    progress.message(urgent ? 'Stopping now: ending the workers at once…' : `${describeStop(stop.cause!)}: stopping workers…`);
    void launcher.abort();
  });
  /** A write that fails (a full disk) stops the sweep as an interrupt does; what was written before stays whole. */
  const guard = (write: () => void): void => {
    try {
      write();
    } catch (err) {
      if (!(err instanceof WriteError)) throw err;
      stop.request({ kind: 'write-error', message: err.message });
    }
  };
  /** A write that fails before any training (a disk already full) is refused like a bad results folder: exit 2. */
  const beforeTraining = (write: () => void): void => {
    try {
      write();
    } catch (err) {
      throw err instanceof WriteError ? new UserError(err.message) : err;
    }
  };
  const tables = new TablesWriter(store.dir, exp.trials);
  // however the process ends (even without reaching the finally below), the tables list every saved record
  const onExit = () => {
    try {
      tables.flush();
    } catch {
      // a full disk at exit: the records are on disk, and the next run writes the tables whole
    }
  };
  process.on('exit', onExit);
  try {
    beforeTraining(() => store.writeExperiment(exp.source));
    const records = store.readRecords();
    tables.load(records.values());
    const trialById = new Map(exp.trials.map((t) => [t.runId, t]));
    const plan = makePlan(exp, records, options.force, options.savedWeights ? store.dir : undefined);
    const { pending } = plan;
    const weightsDir = options.savedWeights && exp.saveWeights ? join(store.dir, WEIGHTS) : undefined;
    // Stopped already (Ctrl-C while the data loaded): nothing more is started.
    const jobs = stop.cause ? [] : weightsDir ? plan.jobs.map((j) => ({ ...j, weightsDir })) : plan.jobs;
    const origin = provenance(exp.file);
    const skipped = exp.trials.length - pending.length;
    if (skipped > 0) {
      progress.message(`Skipping ${skipped} finished trial(s) recorded in ${store.trialsDir} (--force reruns them)`);
    }
    const rate = jobs.length === 0 ? undefined : (measuredRate(records.values(), options.trainSamples) ?? calibrateRate(exp.data));
    const estimate = rate === undefined ? undefined : estimateSeconds(plan, rate, options.trainSamples, options.workers);
    progress.message(planSummary(plan, estimate, options.workers));
    progress.begin(pending.length, plan.epochsLeft);
    const logsDir = join(store.dir, LOGS);
    beforeTraining(() => writingTo(logsDir, () => mkdirSync(logsDir, { recursive: true })));

    const logFile = (runId: string) => join(logsDir, `${runId}.log`);
    /** Saves a record; false when it could not be written (the sweep is stopping then). */
    const save = (record: TrialRecord): boolean => {
      guard(() => {
        // A failed trial's log holds at least its reason, so the path printed with it exists.
        if (record.status === 'failed') writingTo(logFile(record.runId), () => appendFileSync(logFile(record.runId), `FAILED: ${record.error}\n`));
        store.writeRecord(record);
        records.set(record.runId, record);
        tables.add(record);
      });
      if (stop.cause?.kind === 'write-error') return false;
      progress.trialFinished(record, record.status === 'failed' ? logFile(record.runId) : undefined);
      if (options.failFast && record.status !== 'ok') stop.request({ kind: 'fail-fast', trial: `${describeTrial(record)} ${record.status}` });
      return true;
    };

    let trained = 0;
    const runJob = async (job: TrainJob) => {
      if (stop.cause) return;
      const finished = new Set<string>();
      let slot = -1;
      try {
        await launcher.run(job, {
          started: (s, worker) => {
            slot = s;
            progress.jobStarted(s, job, worker);
          },
          epoch: (epoch, loss) => progress.epoch(slot, job, epoch, loss),
          // The job's output belongs to each of its trials that is still training.
          output: (chunk) => {
            for (const t of job.trials) if (!finished.has(t.runId)) guard(() => writingTo(logFile(t.runId), () => appendFileSync(logFile(t.runId), chunk)));
          },
          trial: (runId, checkpoint, losses) => {
            // A trial that finishes while the sweep stops is kept, unless the results folder can no longer be written.
            if (stop.cause?.kind === 'write-error') return;
            finished.add(runId);
            if (save(finishedRecord(exp.name, trialById.get(runId)!, exp.data, checkpoint, losses, origin))) trained++;
          },
        });
      } catch (err) {
        // A job ended by the stop is not a failed trial: it is trained on resume.
        if (stop.cause) return;
        const reason = (err as Error).message;
        for (const t of job.trials) {
          if (finished.has(t.runId) || stop.cause) continue;
          save(failedRecord(exp.name, trialById.get(t.runId)!, exp.data, reason, origin));
        }
      }
    };
    await Promise.all(jobs.map(runJob));
    // Tables are written even when nothing ran, so they always reflect the file's trials.
    guard(() => tables.write());
    await launcher.close();
    return { store, records, trained, skipped };
  } finally {
    // a stop or an error still leaves the tables of every record saved
    guard(() => tables.flush());
    offStop();
    progress.end();
    process.off('exit', onExit);
    store.close();
  }
}
