// A sweep's results folder, <results>/<name>/:
//   experiment.yaml        the experiment file as run
//   trials/<run_id>.json   one record per finished trial, written the moment it finishes
//   runs.csv, history.csv, summary.csv   tables of the records, rows in the experiment's order, brought up to
//                                        date every few seconds during a sweep and written whole at its end
// Every write is atomic (temp file + rename), so a killed sweep leaves whole files only.
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createObjectCsvStringifier } from 'csv-writer';
import { summarise } from '../report/summary.js';
import { UserError } from '../errors.js';
import { removeStaleTempFiles, writeFileAtomic } from './atomic.js';
import { FolderLock } from './lock.js';
import { fsCause } from './write-error.js';
import { recordFromJson, recordToJson, type TrialRecord } from './record.js';

export const EXPERIMENT_COPY = 'experiment.yaml';
const TRIALS = 'trials';

export const RUNS_COLUMNS = [
  'run_id', 'lr', 'epochs', 'hidden', 'seed', 'status', 'final_loss', 'test_accuracy', 'test_correct', 'test_total',
  'train_seconds', 'weights_sha256', 'error',
] as const;
export const SUMMARY_COLUMNS = [
  'lr', 'epochs', 'hidden', 'n', 'test_accuracy_mean', 'test_accuracy_std', 'test_accuracy_min', 'test_accuracy_max',
  'final_loss_mean', 'final_loss_std',
] as const;

/** One fixed number format for every CSV: JavaScript's shortest round-trip form; empty for a missing value. */
export function formatNumber(x: number | null | undefined): string {
  return x === null || x === undefined ? '' : String(x);
}

/** CSV text with a header line: the one CSV writer of the results folder and of `sweep show --format csv`. */
export function csv(columns: readonly string[], rows: Record<string, string>[]): string {
  const stringifier = createObjectCsvStringifier({ header: columns.map((id) => ({ id, title: id })) });
  return stringifier.getHeaderString() + stringifier.stringifyRecords(rows);
}

export function runsRow(r: TrialRecord): Record<string, string> {
  return {
    run_id: r.runId,
    lr: formatNumber(r.lr),
    epochs: formatNumber(r.epochs),
    hidden: formatNumber(r.hidden),
    seed: formatNumber(r.seed),
    status: r.status,
    final_loss: formatNumber(r.finalLoss),
    test_accuracy: formatNumber(r.testAccuracy),
    test_correct: formatNumber(r.testCorrect),
    test_total: formatNumber(r.testTotal),
    train_seconds: formatNumber(r.trainSeconds),
    weights_sha256: r.weightsSha256 ?? '',
    error: r.error ?? '',
  };
}

export function summaryRows(rows: TrialRecord[]): Record<string, string>[] {
  return summarise(rows).map((c) => ({
    lr: formatNumber(c.lr),
    epochs: formatNumber(c.epochs),
    hidden: formatNumber(c.hidden),
    n: formatNumber(c.n),
    test_accuracy_mean: formatNumber(c.testAccuracy.mean),
    test_accuracy_std: formatNumber(c.testAccuracy.std),
    test_accuracy_min: formatNumber(c.testAccuracy.min),
    test_accuracy_max: formatNumber(c.testAccuracy.max),
    final_loss_mean: formatNumber(c.finalLoss.mean),
    final_loss_std: formatNumber(c.finalLoss.std),
  }));
}

export class ResultsStore {
  readonly dir: string;
  private readonly lock: FolderLock;

  constructor(dir: string) {
    this.dir = dir;
    this.lock = new FolderLock(dir);
  }

  static forExperiment(resultsRoot: string, name: string): ResultsStore {
    return new ResultsStore(join(resultsRoot, name));
  }

  /** Whether `dir` is a results folder (has trials/ or experiment.yaml). */
  static isResultsFolder(dir: string): boolean {
    return existsSync(join(dir, TRIALS)) || existsSync(join(dir, EXPERIMENT_COPY));
  }

  /** An existing results folder, for reading (show, compare). */
  static open(dir: string): ResultsStore {
    if (!ResultsStore.isResultsFolder(dir)) {
      throw new UserError(`${dir}: not a results folder (no ${TRIALS}/ or ${EXPERIMENT_COPY})`);
    }
    return new ResultsStore(dir);
  }

  get trialsDir(): string {
    return join(this.dir, TRIALS);
  }

  recordFile(runId: string): string {
    return join(this.trialsDir, `${runId}.json`);
  }

  /** Creates the folder, takes the lock and clears temp files a killed sweep left behind. */
  open(): void {
    try {
      mkdirSync(this.trialsDir, { recursive: true });
      this.lock.acquire();
      removeStaleTempFiles(this.dir);
      removeStaleTempFiles(this.trialsDir);
    } catch (err) {
      if (err instanceof UserError || typeof (err as NodeJS.ErrnoException).code !== 'string') throw err;
      throw new UserError(`${this.dir}: cannot open the results folder: ${fsCause(err)}`);
    }
  }

  close(): void {
    this.lock.release();
  }

  readRecords(): Map<string, TrialRecord> {
    const records = new Map<string, TrialRecord>();
    if (!existsSync(this.trialsDir)) return records;
    for (const name of readdirSync(this.trialsDir).sort()) {
      if (!name.endsWith('.json') || name.startsWith('.')) continue;
      const file = join(this.trialsDir, name);
      let record: TrialRecord;
      try {
        record = recordFromJson(readFileSync(file, 'utf8'));
      } catch (err) {
        throw new UserError(`${file}: not a valid trial record: ${(err as Error).message}`);
      }
      records.set(record.runId, record);
    }
    return records;
  }

  experimentCopy(): string {
    return join(this.dir, EXPERIMENT_COPY);
  }

  writeExperiment(source: string): void {
    writeFileAtomic(this.experimentCopy(), source);
  }

  writeRecord(record: TrialRecord): void {
    writeFileAtomic(this.recordFile(record.runId), recordToJson(record));
  }
}
