// `sweep compare DIR_A DIR_B`: how a user regression-tests determinism against saved results, or compares two sweeps.
import { join } from 'node:path';
import { loadExperiment } from '../config/load.js';
import { EXIT_FAILED, EXIT_OK, UserError } from '../errors.js';
import { compareRecords, comparisonTable, joinKeys, unknownJoinKey } from '../report/compare.js';
import { COMPARE_FILE, writeCompareReport } from '../report/compare-report.js';
import { experimentRecords } from '../report/tables.js';
import { terminalWidth } from '../report/text-table.js';
import type { TrialRecord } from '../store/record.js';
import { ResultsStore } from '../store/store.js';

export interface CompareFlags {
  /** write an HTML comparison: true for <dirB>/compare.html, or the file to write */
  report?: string | boolean;
  /** join on these axes only (comma-separated lists, as given) */
  on?: string;
  /** join on every key but these ("data": the whole data spec) */
  ignore?: string;
  /** include records the folder's experiment file no longer produces */
  stale?: boolean;
}

const list = (flag: string, raw: string | undefined): string[] | undefined => {
  if (raw === undefined) return undefined;
  const names = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const problem = unknownJoinKey(names);
  if (problem !== undefined) throw new UserError(`${flag} ${raw}: ${problem}`);
  return names;
};

/** A folder's records in its experiment's order; stale ones (not in the file any more) after them, when asked for. */
function folderRecords(dir: string, withStale: boolean): { records: TrialRecord[]; stale: number } {
  const store = ResultsStore.open(dir);
  const all = store.readRecords();
  let current: TrialRecord[] = [...all.values()];
  try {
    current = experimentRecords(loadExperiment(store.experimentCopy()), all);
  } catch (err) {
    if (!(err instanceof UserError)) throw err; // no readable experiment.yaml: every record counts
  }
  const ids = new Set(current.map((r) => r.runId));
  const stale = [...all.values()].filter((r) => !ids.has(r.runId));
  return { records: withStale ? [...current, ...stale] : current, stale: stale.length };
}

export async function compareCommand(dirA: string, dirB: string, flags: CompareFlags = {}): Promise<number> {
  const keys = joinKeys({ on: list('--on', flags.on), ignore: list('--ignore', flags.ignore) });
  const a = folderRecords(dirA, flags.stale === true);
  const b = folderRecords(dirB, flags.stale === true);
  const rows = compareRecords(a.records, b.records, keys);
  const staleNote = (x: { stale: number }) => (x.stale === 0 || flags.stale ? '' : ` (${x.stale} stale record(s) left out; --stale includes them)`);
  process.stdout.write(`A: ${dirA}${staleNote(a)}\nB: ${dirB}${staleNote(b)}\njoined on: ${keys.join(', ')}\n\n${comparisonTable(rows, terminalWidth())}\n\n`);
  if (flags.report) {
    const file = typeof flags.report === 'string' ? flags.report : join(dirB, COMPARE_FILE);
    await writeCompareReport(file, { dir: dirA, records: a.records }, { dir: dirB, records: b.records }, rows);
    process.stdout.write(`Report: ${file}\n`);
  }
  const joined = rows.filter((r) => r.a.length > 0 && r.b.length > 0).length;
  const oneSided = rows.length - joined;
  const differ = rows.flatMap((r) => r.weightsDiffer);
  const flagged = rows.filter((r) => r.flag !== undefined);
  if (flagged.length === 0) {
    process.stdout.write(`${rows.length} trial(s) compared: no differences\n`);
    return EXIT_OK;
  }
  process.stdout.write(`${joined} joined, ${oneSided} on one side only${differ.length === 0 ? '; no weights differ' : ''}\n`);
  for (const r of flagged.filter((x) => x.weightsDiffer.length === 0)) process.stdout.write(`  ${r.label}: ${r.flag}\n`);
  if (differ.length === 0) return EXIT_OK;
  process.stdout.write(`${differ.length} trial(s) with the same hyperparameters and data have other weights (a determinism regression):\n`);
  for (const label of differ) process.stdout.write(`  ${label}: weights differ\n`);
  return EXIT_FAILED;
}
