// `sweep report DIR`: (re)write a results folder's report.html, loss.svg and accuracy.svg from its saved records.
import { loadExperiment } from '../config/load.js';
import { EXIT_OK } from '../errors.js';
import { writeReport } from '../report/html.js';
import { ResultsStore } from '../store/store.js';

export async function reportCommand(dir: string): Promise<number> {
  const store = ResultsStore.open(dir);
  const exp = loadExperiment(store.experimentCopy());
  const file = await writeReport(store.dir, exp, store.readRecords());
  process.stdout.write(`Report: ${file}\n`);
  return EXIT_OK;
}
