// Mutation testing (make mutate): StrykerJS mutates the compiled JavaScript in dist/src/<folder>/ (no rebuild per
// mutant) and runs the folder's fast unit tests, compiled, against each mutant through its command runner; a mutant
// is killed when `node dist/test/run.js FILES` exits non-zero. One run per folder, or per part of a folder:
// MUTATE_FOLDER=config, MUTATE_FOLDER=report MUTATE_PART=charts. scripts/mutate.sh runs them all and prints the score
// of each folder. Which tests each folder's mutants run against: scripts/mutation-folders.mjs.

import { runsOf } from './scripts/mutation-folders.mjs';

const folder = process.env.MUTATE_FOLDER ?? 'config';
const runs = runsOf(folder);
const run = runs.find((r) => r.part === (process.env.MUTATE_PART || undefined));
if (run === undefined) throw new Error(`MUTATE_PART must be one of ${runs.map((r) => r.part).join(', ')} for ${folder}, got ${process.env.MUTATE_PART}`);

export default {
  testRunner: 'command',
  commandRunner: { command: `node dist/test/run.js ${run.tests.join(' ')}` },
  mutate: run.files === undefined ? [`dist/src/${folder}/**/*.js`] : run.files.map((f) => `dist/src/${folder}/${f}.js`),
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
  jsonReporter: { fileName: `reports/mutation/${run.name}.json` },
  // one temp folder per run, so two runs at once never clean up each other's sandboxes
  tempDirName: `.stryker-tmp-${run.name}`,
  ignorePatterns: ['results/*', '!results/smoke', 'reports', 'bench', '.ci'],
  cleanTempDir: true,
};
