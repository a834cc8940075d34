// Mutation testing (make mutate): StrykerJS mutates the compiled JavaScript in dist/src/<folder>/ (no rebuild per
// mutant) and runs the folder's fast unit tests, compiled, against each mutant through its command runner; a mutant
// is killed when `node dist/test/run.js FILES` exits non-zero. One folder per run: MUTATE_FOLDER=config (etc.).
// scripts/mutate.sh runs every folder and prints the score of each.

/** The folders mutated and, for each, the unit test files (substrings of their names, as test/run.ts takes them). */
export const FOLDERS = {
  config: ['config.test', 'expectations.test', 'config-messages.test'],
  store: ['atomic.test', 'store.test'],
  sweep: ['verify-records.test', 'plan-jobs.test'],
  report: ['html-escape.test', 'report-unit.test'],
  'launch/queue': ['payload.test'],
};

const folder = process.env.MUTATE_FOLDER ?? 'config';
if (!(folder in FOLDERS)) throw new Error(`MUTATE_FOLDER must be one of ${Object.keys(FOLDERS).join(', ')}, got ${folder}`);

export default {
  testRunner: 'command',
  commandRunner: { command: `node dist/test/run.js ${FOLDERS[folder].join(' ')}` },
  // the queue folder's other files need Redis: only the payload checks are unit-tested
  mutate: folder === 'launch/queue' ? ['dist/src/launch/queue/payload.js'] : [`dist/src/${folder}/**/*.js`],
  coverageAnalysis: 'off',
  // the tests run compiled JavaScript: nothing to type-check, and no tsconfig.json for Stryker to rewrite (its
  // rewriting needs TypeScript's JS API, which TypeScript 7 no longer has)
  disableTypeChecks: false,
  tsconfigFile: 'no-tsconfig-for-stryker.json',
  // the machine is shared: two mutants at a time
  concurrency: Number(process.env.MUTATE_CONCURRENCY ?? 2),
  timeoutMS: 20000,
  reporters: ['clear-text', 'json'],
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  jsonReporter: { fileName: `reports/mutation/${folder.replace('/', '-')}.json` },
  // one temp folder per folder mutated, so runs of two folders at once never clean up each other's sandboxes
  tempDirName: `.stryker-tmp-${folder.replace('/', '-')}`,
  ignorePatterns: ['results/*', '!results/smoke', 'reports', 'bench', '.ci'],
  cleanTempDir: true,
};
