// `sweep show DIR`: the tables of a finished (or partly finished) sweep, from its saved results; a folder of results
// folders (results/) lists its experiments instead, as `sweep ls` does.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadExperiment } from '../config/load.js';
import { AXES, type Axis } from '../config/types.js';
import { EXIT_FAILED, EXIT_OK, UserError } from '../errors.js';
import { experimentsTable, type ExperimentEntry } from '../report/experiments-list.js';
import { checkExpectations, experimentRecords, SORT_KEYS, sortedBy, sweepSummary, type SortKey } from '../report/tables.js';
import { terminalWidth } from '../report/text-table.js';
import type { TrialRecord } from '../store/record.js';
import { csv, EXPERIMENT_COPY, RUNS_COLUMNS, runsRow, ResultsStore } from '../store/store.js';

export const FORMATS = ['table', 'csv', 'json', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];

export interface ShowFlags {
  format?: Format;
  sort?: string;
  top?: number;
  /** KEY=VALUE filters (every one must hold): an axis (lr=0.1) or status (status=failed) */
  where?: string[];
}

/** The filter of `--where lr=0.1 --where status=ok`; a key or value that cannot match is a UserError. */
export function whereFilter(terms: string[]): (r: TrialRecord) => boolean {
  const tests = terms.map((term) => {
    const m = /^([a-z_]+)=(.+)$/.exec(term.trim());
    if (m === null) throw new UserError(`--where ${term}: write KEY=VALUE, e.g. --where lr=0.1`);
    const [, key, value] = m;
    if (key === 'status') return (r: TrialRecord) => r.status === value;
    if (!(AXES as readonly string[]).includes(key)) throw new UserError(`--where ${term}: unknown key "${key}"; keys are ${[...AXES, 'status'].join(', ')}`);
    const x = Number(value);
    if (!Number.isFinite(x)) throw new UserError(`--where ${term}: ${key} must be a number, got "${value}"`);
    return (r: TrialRecord) => r[key as Axis] === x;
  });
  return (r) => tests.every((t) => t(r));
}

function sortKey(raw: string | undefined): SortKey | undefined {
  if (raw === undefined) return undefined;
  if (!(raw in SORT_KEYS)) throw new UserError(`--sort ${raw}: unknown key; keys are ${Object.keys(SORT_KEYS).join(', ')}`);
  return raw as SortKey;
}

/** The results folders directly inside `root`, each read (an unreadable one says why). */
export function experimentsIn(root: string): ExperimentEntry[] {
  if (!existsSync(root)) throw new UserError(`${root}: no such folder`);
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && ResultsStore.isResultsFolder(join(root, d.name)))
    .map((d) => d.name)
    .sort()
    .map((name): ExperimentEntry => {
      const store = ResultsStore.open(join(root, name));
      try {
        return { name, exp: loadExperiment(store.experimentCopy()), records: store.readRecords() };
      } catch (err) {
        if (!(err instanceof UserError)) throw err;
        return { name, records: new Map(), problem: err.message };
      }
    });
}

/** `sweep ls [ROOT]` */
export async function lsCommand(root: string): Promise<number> {
  const entries = experimentsIn(root);
  if (entries.length === 0) throw new UserError(`${root}: holds no results folders (folders with trials/ or ${EXPERIMENT_COPY})`);
  process.stdout.write(`${experimentsTable(root, entries, terminalWidth())}\n`);
  return EXIT_OK;
}

export async function showCommand(dir: string, flags: ShowFlags = {}): Promise<number> {
  if (!ResultsStore.isResultsFolder(dir) && existsSync(dir) && experimentsIn(dir).length > 0) return lsCommand(dir);
  const store = ResultsStore.open(dir);
  const exp = loadExperiment(store.experimentCopy());
  const records = store.readRecords();
  const sort = sortKey(flags.sort);
  const filter = flags.where === undefined || flags.where.length === 0 ? undefined : whereFilter(flags.where);
  const summary = sweepSummary(exp, records, { markdown: flags.format === 'markdown', sort, top: flags.top, filter });
  const format = flags.format ?? 'table';
  if (format === 'table' || format === 'markdown') {
    process.stdout.write(`${summary.text}\n`);
  } else {
    let rows = experimentRecords(exp, records).filter(filter ?? (() => true));
    if (sort !== undefined) rows = sortedBy(rows, sort);
    if (flags.top !== undefined) rows = rows.slice(0, flags.top);
    if (format === 'csv') {
      process.stdout.write(csv(RUNS_COLUMNS, rows.map(runsRow)));
    } else {
      const trials = rows.map((r) => {
        const { runId, lr, epochs, hidden, seed, status, finalLoss, testAccuracy, testCorrect, testTotal, trainSeconds, weightsSha256, error } = r;
        return { run_id: runId, lr, epochs, hidden, seed, status, final_loss: finalLoss, test_accuracy: testAccuracy, test_correct: testCorrect, test_total: testTotal, train_seconds: trainSeconds, weights_sha256: weightsSha256, error: error ?? null };
      });
      const out = { experiment: exp.name, trials_total: exp.trials.length, trials, expectations: checkExpectations(exp, records), all_ok: summary.allOk, expectations_hold: summary.expectationsHold };
      process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    }
  }
  return summary.allOk && summary.expectationsHold ? EXIT_OK : EXIT_FAILED;
}
