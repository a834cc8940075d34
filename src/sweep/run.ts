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
import { TablesWriter } from '../store/tables-writer.js';

export interface SweepOptions {
  resultsRoot: string;
  /** retrain trials that already have a record */
  force: boolean;
  launcher: Launcher;
  progress: SweepProgress;
  /** stop at the first failed trial */
  failFast?: boolean;
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
  trained: number;
  skipped: number;
  /** why the sweep stopped before its end: Ctrl-C / SIGTERM, or the first failure under --fail-fast */
  stopped?: 'signal' | 'failure';
}

export const LOGS = 'logs';

export async function runSweep(exp: Experiment, options: SweepOptions): Promise<SweepOutcome> {
  const store = ResultsStore.forExperiment(options.resultsRoot, exp.name);
  store.open();
  const tables = new TablesWriter(store.dir, exp.trials);
  let stopped: SweepOutcome['stopped'];
  const onSignal = () => {
    if (stopped) return;
    stopped = 'signal';
    options.progress.message('Interrupted: stopping workers…');
    void options.launcher.abort();
  };
  // however the process ends (even without reaching the finally below), the tables list every saved record
  const onExit = () => tables.flush();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('exit', onExit);
  try {
    store.writeExperiment(exp.source);
    const records = store.readRecords();
    tables.load(records.values());
    const trialById = new Map(exp.trials.map((t) => [t.runId, t]));
    const plan = makePlan(exp, records, options.force, options.savedWeights ? store.dir : undefined);
    const { pending } = plan;
    const weightsDir = options.savedWeights && exp.saveWeights ? join(store.dir, WEIGHTS) : undefined;
    const jobs = weightsDir ? plan.jobs.map((j) => ({ ...j, weightsDir })) : plan.jobs;
    const origin = provenance(exp.file);
    const skipped = exp.trials.length - pending.length;
    if (skipped > 0) {
      options.progress.message(`Skipping ${skipped} finished trial(s) recorded in ${store.trialsDir} (--force reruns them)`);
    }
    const rate = jobs.length === 0 ? undefined : (measuredRate(records.values(), options.trainSamples) ?? calibrateRate(exp.data));
    const estimate = rate === undefined ? undefined : estimateSeconds(plan, rate, options.trainSamples, options.workers);
    options.progress.message(planSummary(plan, estimate, options.workers));
    options.progress.begin(pending.length, plan.epochsLeft);
    const logsDir = join(store.dir, LOGS);
    mkdirSync(logsDir, { recursive: true });

    const logFile = (runId: string) => join(logsDir, `${runId}.log`);
    const save = (record: TrialRecord) => {
      records.set(record.runId, record);
      store.writeRecord(record);
      tables.add(record);
      options.progress.trialFinished(record, logFile(record.runId));
    };

    let trained = 0;
    const runJob = async (job: TrainJob) => {
      const finished = new Set<string>();
      let slot = -1;
      try {
        await options.launcher.run(job, {
          started: (s) => {
            slot = s;
            options.progress.jobStarted(s, job);
          },
          epoch: (epoch, loss) => options.progress.epoch(slot, job, epoch, loss),
          // The job's output belongs to each of its trials that is still training.
          output: (chunk) => {
            for (const t of job.trials) if (!finished.has(t.runId)) appendFileSync(logFile(t.runId), chunk);
          },
          trial: (runId, checkpoint, losses) => {
            finished.add(runId);
            trained++;
            save(finishedRecord(exp.name, trialById.get(runId)!, exp.data, checkpoint, losses, origin));
          },
        });
      } catch (err) {
        if (stopped) return;
        const reason = (err as Error).message;
        for (const t of job.trials) {
          if (finished.has(t.runId)) continue;
          save(failedRecord(exp.name, trialById.get(t.runId)!, exp.data, reason, origin));
        }
        if (options.failFast && !stopped) {
          options.progress.message(`Stopping at the first failure (--fail-fast)`);
          stopped = 'failure';
          await options.launcher.abort();
        }
      }
    };
    await Promise.all(jobs.map(runJob));
    // Tables are written even when nothing ran, so they always reflect the file's trials.
    tables.write();
    await options.launcher.close();
    return { store, records, trained, skipped, stopped };
  } finally {
    // a stop or an error still leaves the tables of every record saved
    tables.flush();
    options.progress.end();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('exit', onExit);
    store.close();
  }
}
