// `sweep show DIR`: the tables of a finished (or partly finished) sweep, from its saved results.
import { loadExperiment } from '../config/load.js';
import { EXIT_FAILED, EXIT_OK } from '../errors.js';
import { sweepSummary } from '../report/tables.js';
import { ResultsStore } from '../store/store.js';

export async function showCommand(dir: string): Promise<number> {
  const store = ResultsStore.open(dir);
  const exp = loadExperiment(store.experimentCopy());
  const summary = sweepSummary(exp, store.readRecords());
  process.stdout.write(`${summary.text}\n`);
  return summary.allOk && summary.expectationsHold ? EXIT_OK : EXIT_FAILED;
}
