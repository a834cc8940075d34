// `sweep ls` and `sweep show <folder of results folders>`: one line per experiment — trials recorded of the file's,
// how many ok and failed, the best test accuracy and where, and when it last ran.
import type { Experiment } from '../config/types.js';
import type { TrialRecord } from '../store/record.js';
import { experimentRecords, percent, sortedBy, varyingAxes } from './tables.js';
import { textTable, type Column } from './text-table.js';

export interface ExperimentEntry {
  /** the results folder's name */
  name: string;
  exp?: Experiment;
  records: Map<string, TrialRecord>;
  /** why the folder could not be read, if it could not */
  problem?: string;
}

interface Line {
  name: string;
  trials: string;
  ok: string;
  failed: string;
  best: string;
  lastRun: string;
}

function lineOf(e: ExperimentEntry): Line {
  if (e.exp === undefined) return { name: e.name, trials: '', ok: '', failed: '', best: e.problem ?? 'unreadable', lastRun: '' };
  const rows = experimentRecords(e.exp, e.records);
  const ok = rows.filter((r) => r.status === 'ok');
  const [top] = sortedBy(ok, 'test_accuracy');
  const axes = varyingAxes(rows);
  // where the best trial is: the axes that vary, or lr and epochs when none does
  const where = (top: TrialRecord) => (axes.length === 0 ? (['lr', 'epochs'] as const) : axes).map((a) => `${a}=${top[a]}`).join(' ');
  const last = [...e.records.values()].map((r) => r.finishedAt).sort().at(-1);
  return {
    name: e.name,
    trials: `${rows.length}/${e.exp.trials.length}`,
    ok: String(ok.length),
    failed: String(rows.length - ok.length),
    best: top === undefined ? '—' : `${percent(top.testAccuracy)} (${where(top)})`,
    lastRun: last === undefined ? '—' : last.slice(0, 16).replace('T', ' '),
  };
}

export function experimentsTable(root: string, entries: ExperimentEntry[], width: number): string {
  const columns: Column<Line>[] = [
    { head: 'experiment', cell: (l) => l.name, shrinkTo: 12 },
    { head: 'trials', cell: (l) => l.trials, align: 'right' },
    { head: 'ok', cell: (l) => l.ok, align: 'right', drop: 1 },
    { head: 'failed', cell: (l) => l.failed, align: 'right' },
    { head: 'best test acc', cell: (l) => l.best, shrinkTo: 6 },
    { head: 'last run (UTC)', cell: (l) => l.lastRun, drop: 2 },
  ];
  return textTable(`Experiments in ${root} (${entries.length}), by name`, columns, entries.map(lineOf), width);
}
