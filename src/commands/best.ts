// `sweep best DIR [--metric M] [--json]`: the best trial of a results folder, as a ready-to-paste `runs:` entry or
// JSON. Chosen by val_accuracy when recorded; a test-set metric can be asked for and is flagged as a leak.
import { existsSync } from 'node:fs';
import { loadExperiment } from '../config/load.js';
import { EXIT_OK, UserError } from '../errors.js';
import { bestTrial, defaultMetric, leakNote, leaks, runsEntry, SELECTABLE, type SelectionMetric } from '../report/best.js';
import { experimentRecords } from '../report/tables.js';
import { ResultsStore } from '../store/store.js';

export interface BestFlags {
  metric?: string;
  json: boolean;
}

export async function bestCommand(dir: string, flags: BestFlags): Promise<number> {
  const store = ResultsStore.open(dir);
  const all = store.readRecords();
  // The experiment's own order breaks ties, as in the tables; a folder without its experiment copy: run-id order.
  const records = existsSync(store.experimentCopy()) ? experimentRecords(loadExperiment(store.experimentCopy()), all) : [...all.values()];
  if (flags.metric !== undefined && !(flags.metric in SELECTABLE)) {
    throw new UserError(`--metric must be one of ${Object.keys(SELECTABLE).join(', ')}, got "${flags.metric}"`);
  }
  const metric = (flags.metric as SelectionMetric | undefined) ?? defaultMetric(records);
  const best = bestTrial(records, metric);
  if (!best) {
    const hint = metric.startsWith('val_') ? ' (track it with `track: [val_accuracy]` and data.val_size)' : '';
    throw new UserError(`${dir}: no finished trial recorded ${metric}${hint}`);
  }
  const r = best.record;
  if (flags.json) {
    const out = {
      metric, value: best.value, leaks_test_set: leaks(metric), compared: best.compared,
      run_id: r.runId, lr: r.lr, epochs: r.epochs, hidden: r.hidden, seed: r.seed,
      test_accuracy: r.testAccuracy, val_accuracy: r.metrics?.val_accuracy?.[r.epochs - 1] ?? null,
    };
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } else {
    process.stdout.write(`# best of ${best.compared} trial(s) by ${metric} ${best.value}: ${r.runId} (test_accuracy ${r.testAccuracy})\n${runsEntry(r)}`);
  }
  if (leaks(metric)) process.stderr.write(`sweep: note: ${leakNote(metric)}\n`);
  return EXIT_OK;
}
