// runs.csv, history.csv and summary.csv of a sweep, kept up to date as trials finish at a cost that does not grow
// with the trials already recorded: each record's CSV lines are formatted once, when it arrives, and the files are
// rewritten whole (in the experiment's order, atomically) at most every few seconds, and by write() at the end.
import { join } from 'node:path';
import { createObjectCsvStringifier } from 'csv-writer';
import type { Trial } from '../config/types.js';
import { writeFileAtomic } from './atomic.js';
import type { TrialRecord } from './record.js';
import type { TrackedMetric } from '../config/types.js';
import { HISTORY_COLUMNS, historyRowsOf, trackedIn } from './history.js';
import { RUNS_COLUMNS, SUMMARY_COLUMNS, runsRow, summaryRows } from './store.js';

/** Least time between two rewrites during a sweep. */
export const TABLES_INTERVAL_MS = 2000;
/** A rewrite may take at most this share of the time between rewrites (large sweeps rewrite less often). */
const WRITE_SHARE = 0.1;

type Stringifier = ReturnType<typeof createObjectCsvStringifier>;

const stringifierOf = (columns: readonly string[]) => createObjectCsvStringifier({ header: columns.map((id) => ({ id, title: id })) });

/** CSV lines of rows, each ended by a newline; '' for no rows. */
function lines(stringifier: Stringifier, rows: Record<string, string>[]): string {
  return rows.length === 0 ? '' : stringifier.stringifyRecords(rows);
}

/** A whole CSV file: header, then the lines; csv-writer writes an empty line when there are no rows. */
function file(stringifier: Stringifier, body: string[]): string {
  const text = body.join('');
  return stringifier.getHeaderString() + (text === '' ? '\n' : text);
}

export class TablesWriter {
  private readonly runs = stringifierOf(RUNS_COLUMNS);
  /** history.csv's tracked-metric columns, as its cached lines are formatted (they change only when one appears) */
  private tracked: TrackedMetric[] = [];
  private history = stringifierOf(HISTORY_COLUMNS);
  private readonly summary = stringifierOf(SUMMARY_COLUMNS);
  /** per run id: the record and its runs.csv and history.csv lines */
  private readonly entries = new Map<string, { record: TrialRecord; runs: string; history: string }>();
  private lastWrite = -Infinity;
  private interval = TABLES_INTERVAL_MS;
  private dirty = false;
  /** a pending write, so that the last records of a burst reach the files without waiting for the next one */
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly dir: string,
    /** the experiment's trials, in its order: the rows' order */
    private readonly trials: Trial[],
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes the records a folder already holds, without writing (the files on disk may already show them). */
  load(records: Iterable<TrialRecord>): void {
    for (const r of records) this.remember(r);
  }

  /** Takes a record (a new one, or one that replaces the record of its run id) and rewrites the files when due. */
  add(record: TrialRecord): void {
    this.remember(record);
    const wait = this.lastWrite + this.interval - this.now();
    if (wait <= 0) this.write();
    else this.timer ??= setTimeout(() => this.flush(), wait).unref();
  }

  private remember(record: TrialRecord): void {
    this.entries.set(record.runId, {
      record,
      runs: lines(this.runs, [runsRow(record)]),
      history: lines(this.history, historyRowsOf(record, this.tracked)),
    });
    this.dirty = true;
  }

  /** Writes the three files whole now, from every record taken, in the trials' order. */
  write(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const started = this.now();
    const rows = this.trials.map((t) => this.entries.get(t.runId)).filter((e) => e !== undefined);
    const tracked = trackedIn(rows.map((e) => e.record));
    if (tracked.join() !== this.tracked.join()) {
      this.tracked = tracked;
      this.history = stringifierOf([...HISTORY_COLUMNS, ...tracked]);
      for (const e of this.entries.values()) e.history = lines(this.history, historyRowsOf(e.record, tracked));
    }
    writeFileAtomic(join(this.dir, 'runs.csv'), file(this.runs, rows.map((e) => e.runs)));
    writeFileAtomic(join(this.dir, 'history.csv'), file(this.history, rows.map((e) => e.history)));
    const summary = summaryRows(rows.map((e) => e.record));
    writeFileAtomic(join(this.dir, 'summary.csv'), file(this.summary, [lines(this.summary, summary)]));
    this.lastWrite = this.now();
    this.interval = Math.max(TABLES_INTERVAL_MS, (this.lastWrite - started) / WRITE_SHARE);
    this.dirty = false;
  }

  /** Writes the files if a record arrived since the last write; cancels a pending write. */
  flush(): void {
    if (this.dirty) this.write();
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
