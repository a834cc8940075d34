// `sweep plan FILE`: what `sweep run` would do — trains nothing.
import { availableParallelism } from 'node:os';
import Table from 'cli-table3';
import { tableString } from '../report/text-table.js';
import { loadExperiment } from '../config/load.js';
import { EXIT_OK } from '../errors.js';
import { calibrateRate } from '../sweep/calibrate.js';
import { estimateSeconds, makePlan, measuredRate, planSummary } from '../sweep/plan.js';
import { preflight } from '../sweep/preflight.js';
import { describeTrial } from '../sweep/progress.js';
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
  const table = new Table({ head: ['run_id', 'trial', 'state'], style: { head: [], border: [] } });
  for (const e of plan.entries) table.push([e.trial.runId, describeTrial(e.trial), e.state]);
  for (const r of plan.stale) table.push([r.runId, describeTrial(r), 'stale']);
  process.stdout.write(`${exp.name}: results in ${store.dir}\n${tableString(table)}\n`);
  const measured = measuredRate(records.values(), size.trainSamples);
  const rate = plan.jobs.length === 0 ? undefined : (measured ?? calibrateRate(exp.data));
  const estimate = rate === undefined ? undefined : estimateSeconds(plan, rate, size.trainSamples, workers);
  process.stdout.write(`${planSummary(plan, estimate, workers)}${rate !== undefined ? (measured ? ' (speed from this folder’s trials)' : ' (speed from a quick calibration)') : ''}\n`);
  return EXIT_OK;
}
