// The folders `make mutate` mutates and the unit tests each one's mutants run against; read by stryker.config.mjs,
// scripts/mutate.sh and scripts/mutation-score.mjs.

/**
 * The folders mutated: each with the unit test files its mutants run against (substrings of their names, as
 * test/run.ts takes them), and `files` when only some of its files are (names without .js). A folder whose tests
 * together are slow is split into parts, each some of its files with the tests that read them: src/report's tests
 * that render charts take ~2 s a run, and its table modules' ~0.3 s.
 */
export const FOLDERS = {
  config: { tests: ['config.test', 'expectations', 'config-messages.test', 'ranges.test', 'option-rules.test'] },
  store: {
    tests: ['atomic.test', 'store.test', 'lock.test', 'npz.test', 'weights-file.test', 'history.test', 'provenance.test', 'write-error.test', 'results-folder-checks.test', 'tables-writer.test'],
  },
  sweep: { tests: ['verify-records.test', 'plan-jobs.test', 'scale.test', 'run-sweep.test', 'live-progress.test', 'preflight.test', 'stop-rules.test', 'saved-start.test', 'worker-count.test', 'calibrate.test'] },
  report: {
    parts: {
      tables: {
        files: ['tables', 'text-table', 'linear-table', 'summary', 'best', 'experiments-list', 'compare'],
        tests: ['report-unit.test', 'tables.test', 'text-table.test', 'linear-table.test', 'best.test', 'experiments-list.test', 'compare.test'],
      },
      charts: { files: ['charts', 'trial-charts', 'metric-charts'], tests: ['charts.test', 'chart-specs.test', 'trial-charts.test', 'metric-charts.test', 'report.test'] },
      pages: { files: ['html', 'compare-report'], tests: ['html-escape.test', 'report.test', 'report-page.test', 'compare-page.test'] },
    },
  },
  // the queue folder's other files need Redis: only the payload checks are unit-tested
  'launch/queue': { files: ['payload'], tests: ['payload.test'] },
};

/** The Stryker runs of a folder: one per part, or one for the whole folder; `name` names its report files. */
export function runsOf(folder) {
  const f = FOLDERS[folder];
  if (f === undefined) throw new Error(`MUTATE_FOLDER must be one of ${Object.keys(FOLDERS).join(', ')}, got ${folder}`);
  const base = folder.replace(/\//g, '-');
  if (f.parts === undefined) return [{ part: undefined, name: base, files: f.files, tests: f.tests }];
  return Object.entries(f.parts).map(([part, p]) => ({ part, name: `${base}-${part}`, files: p.files, tests: p.tests }));
}
