// `sweep plan FILE`: what `sweep run` would do — trains nothing.
import { availableParallelism } from 'node:os';
import { loadExperiment } from '../config/load.js';
import { EXIT_OK } from '../errors.js';
import { calibrateRate } from '../sweep/calibrate.js';
import { estimateSeconds, makePlan, measuredRate, planSummary } from '../sweep/plan.js';
import { preflight } from '../sweep/preflight.js';
import { describeTrial } from '../sweep/progress.js';
import { AXES } from '../config/types.js';
import { terminalWidth, textTable } from '../report/text-table.js';
import { ResultsStore } from '../store/store.js';

export interface PlanFlags {
  results: string;
  workers?: number;
}

export async function planCommand(file: string, flags: PlanFlags): Promise<number> {
  const exp = loadExperiment(file);
  const size = preflight(exp);
  const store = ResultsStore.forExperiment(flags.results, exp.name);
  const records = store.readRecords();
  const plan = makePlan(exp, records, false, store.dir);
  const workers = flags.workers ?? availableParallelism();
  // stale records by their hyperparameters (in axis order), not by run id, which is a hash
  const stale = [...plan.stale].sort((a, b) => AXES.map((axis) => a[axis] - b[axis]).find((d) => d !== 0) ?? 0);
  const rows = [...plan.entries.map((e) => ({ trial: e.trial, state: e.state as string })), ...stale.map((r) => ({ trial: r, state: 'stale' }))];
  const table = textTable(
    "Trials in the experiment's order, then stale records by hyperparameters",
    [
      { head: 'run_id', cell: (r) => r.trial.runId, drop: 1 },
      { head: 'trial', cell: (r) => describeTrial(r.trial) },
      { head: 'state', cell: (r) => r.state },
    ],
    rows,
    terminalWidth(),
  );
  process.stdout.write(`${exp.name}: results in ${store.dir}\n${table}\n`);
  const measured = measuredRate(records.values(), size.trainSamples);
  const rate = plan.jobs.length === 0 ? undefined : (measured ?? calibrateRate(exp.data));
  const estimate = rate === undefined ? undefined : estimateSeconds(plan, rate, size.trainSamples, workers);
  process.stdout.write(`${planSummary(plan, estimate, workers)}${rate !== undefined ? (measured ? ' (speed from this folder’s trials)' : ' (speed from a quick calibration)') : ''}\n`);
  return EXIT_OK;
}
