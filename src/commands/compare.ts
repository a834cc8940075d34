// `sweep compare DIR_A DIR_B`: how a user regression-tests determinism against saved results.
import { join } from 'node:path';
import { EXIT_FAILED, EXIT_OK } from '../errors.js';
import { compareRecords, comparisonTable } from '../report/compare.js';
import { COMPARE_FILE, writeCompareReport } from '../report/compare-report.js';
import { ResultsStore } from '../store/store.js';

export interface CompareFlags {
  /** write an HTML comparison: true for <dirB>/compare.html, or the file to write */
  report?: string | boolean;
}

export async function compareCommand(dirA: string, dirB: string, flags: CompareFlags = {}): Promise<number> {
  const a = [...ResultsStore.open(dirA).readRecords().values()];
  const b = [...ResultsStore.open(dirB).readRecords().values()];
  const rows = compareRecords(a, b);
  const flagged = rows.filter((r) => r.flag !== undefined);
  process.stdout.write(`A: ${dirA}\nB: ${dirB}\n${comparisonTable(rows)}\n`);
  if (flags.report) {
    const file = typeof flags.report === 'string' ? flags.report : join(dirB, COMPARE_FILE);
    await writeCompareReport(file, { dir: dirA, records: a }, { dir: dirB, records: b }, rows);
    process.stdout.write(`Report: ${file}\n`);
  }
  if (flagged.length === 0) {
    process.stdout.write(`${rows.length} trial(s) compared: no differences\n`);
    return EXIT_OK;
  }
  process.stdout.write(`${flagged.length} of ${rows.length} trial(s) differ:\n`);
  for (const r of flagged) process.stdout.write(`  ${r.label}: ${r.flag}\n`);
  return EXIT_FAILED;
}
