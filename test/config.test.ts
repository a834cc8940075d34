// Experiment files: the schema, the loader's one-line located errors, grid expansion, run ids and expectations.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { expandTrials, runIdOf } from '../src/config/expand.js';
import { checkExpectation, decimalsOf, matchingTrials } from '../src/config/expectations.js';
import { loadExperiment } from '../src/config/load.js';
import { validateCommand } from '../src/commands/validate.js';
import { experimentSchema, validateExperiment } from '../src/config/schema.js';
import { NOTEBOOK_HYPERPARAMS, TRACKABLE, type Experiment } from '../src/config/types.js';
import { UserError } from '../src/errors.js';
import { DEFAULT_DATA, type DataSpec } from '../src/train/prepared.js';
import { ROOT } from './helpers/fixtures.js';
import { experimentFile } from './helpers/cli.js';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';

const SHIPPED = ['seed-reproduction', 'lr-epochs-grid', 'smoke'].map((n) => join(ROOT, 'experiments', `${n}.yaml`));
const fixturePath = (name: string) => join(ROOT, 'test', 'fixtures', 'experiments', name);

/** The UserError message loading `file` throws (fails the test if it loads). */
function loadError(file: string): string {
  try {
    loadExperiment(file);
  } catch (err) {
    assert.instance(err, UserError);
    return (err as UserError).message;
  }
  assert.unreachable(`${file} loaded without an error`);
  return '';
}

/** Loads a bad fixture and checks the message is one line, starts with `<file>:<line>:<col>: ` and holds `parts`. */
function assertError(name: string, at: string | null, ...parts: string[]): void {
  const file = fixturePath(name);
  const message = loadError(file);
  assert.not.ok(message.includes('\n'), `message is one line: ${message}`);
  assert.ok(message.startsWith(at === null ? `${file}: ` : `${file}:${at}: `), `message starts with the file and place: ${message}`);
  for (const part of parts) assert.ok(message.includes(part), `message includes ${JSON.stringify(part)}: ${message}`);
}

const mnist: DataSpec = { ...DEFAULT_DATA };
const point = { lr: 0.01, epochs: 20, hidden: 128, seed: 42 };

// ---- the schema and the shipped experiments ----

for (const file of SHIPPED) {
  test(`the schema accepts the shipped ${file.split('/').pop()}`, () => {
    const ok = validateExperiment(parse(readFileSync(file, 'utf8')));
    assert.ok(ok, JSON.stringify(validateExperiment.errors));
  });
}

test('seed-reproduction holds the notebook three runs and their reported accuracies', () => {
  const x = loadExperiment(SHIPPED[0]);
  assert.equal(
    x.trials.map((t) => [t.lr, t.epochs, t.hidden, t.seed]),
    [[0.01, 20, 128, 42], [0.02, 30, 128, 42], [0.03, 40, 128, 42]],
  );
  assert.equal(x.expectations.map((e) => [e.metric, e.value, e.decimals]), [
    ['test_accuracy', 0.2393, 4],
    ['test_accuracy', 0.4811, 4],
    ['test_accuracy', 0.6654, 4],
  ]);
});

test('a file with every key loads into the Experiment with its path resolved and replicate stored', () => {
  const file = fixturePath('good-full.yaml');
  const x = loadExperiment(file);
  assert.is(x.name, 'good-full');
  assert.is(x.description, 'all keys');
  assert.equal(x.data, { path: join(ROOT, 'test', 'fixtures', 'idx'), limit: 500, testSize: 0.25, splitSeed: 3 });
  assert.equal(x.dataForId, { path: '../idx', limit: 500, testSize: 0.25, splitSeed: 3 });
  assert.is(x.replicate, 'seed');
  assert.is(x.source, readFileSync(file, 'utf8'));
  assert.is(x.file, file);
});

test('a file with only a name is the one notebook point on the default data', () => {
  const x = loadExperiment(fixturePath('good-minimal.yaml'));
  assert.equal(x.trials.map(({ runId, ...hp }) => hp), [NOTEBOOK_HYPERPARAMS]);
  assert.equal(x.data, { path: undefined, limit: undefined, testSize: 0.2, splitSeed: 42 });
  assert.equal(x.expectations, []);
});

// ---- errors: one line, located, saying what is allowed ----

test('a YAML syntax error names the file, line:col and the reason', () => {
  assertError('bad-yaml-syntax.yaml', '4:3', 'Flow sequence');
});

test('an unknown key suggests the nearest allowed key', () => {
  assertError('bad-unknown-key.yaml', '2:1', 'unknown key "gird"; did you mean "grid"?');
});

test('an unknown key inside a section names the section and suggests the nearest key', () => {
  assertError('bad-nested-unknown-key.yaml', '4:3', 'unknown key "hiden" in grid; did you mean "hidden"?');
});

test('an unknown key far from every allowed key lists the allowed keys', () => {
  assertError('bad-unknown-key-far.yaml', '2:1', 'unknown key "zzzzzz"', 'allowed keys are name, description, data, grid, runs, expect, track, save_weights, replicate');
});

test('a negative learning rate is pointed at with its key path and the allowed range', () => {
  assertError('bad-negative-lr.yaml', '3:14', 'grid.lr[1] must be a number above 0', 'got -0.01');
});

test('fractional epochs must be an integer', () => {
  assertError('bad-fractional-epochs.yaml', '3:24', 'runs[0].epochs must be an integer, got 2.5');
});

test('a non-numeric hidden size must be an integer or a list of them', () => {
  assertError('bad-non-numeric-hidden.yaml', '3:11', 'grid.hidden must be an integer or a list of integers, got "abc"');
});

test('a name with ../ is an error on name', () => {
  assertError('bad-name-dotdot.yaml', '1:7', 'name "../escape" is not allowed', 'lowercase letters');
});

test('a name with / is an error on name', () => {
  assertError('bad-name-slash.yaml', '1:7', 'name "a/b" is not allowed');
});

test('a name that is not a string says it must be a string', () => {
  assertError('bad-name-number.yaml', '1:7', 'name must be a string, got 123');
});

test('a key written twice in one mapping is named', () => {
  assertError('bad-duplicate-key.yaml', '4:3', 'key "lr" appears twice');
});

test('an accuracy written as a percentage is pointed at with a hint to write a fraction', () => {
  assertError('bad-accuracy-percent.yaml', '3:21', 'expect[0].test_accuracy must be a number from 0 to 1, got 23.93', 'as a fraction');
});

test('a file of only comments is empty and needs a name', () => {
  assertError('bad-empty.yaml', null, 'is empty; an experiment needs at least a name');
});

test('a file without a name says the name is missing', () => {
  assertError('bad-missing-name.yaml', '1:1', 'missing key "name"');
});

test('an empty list names the key and asks for at least one value', () => {
  assertError('bad-empty-list.yaml', '3:7', 'grid.lr needs at least one value');
});

test('test_size above 1 is an error on data.test_size', () => {
  assertError('bad-test-size.yaml', '3:14', 'data.test_size must be a number between 0 and 1 (exclusive), got 1.5');
});

test('test_size of 0 is an error on data.test_size', () => {
  assertError('bad-test-size-zero.yaml', '2:19', 'data.test_size must be a number between 0 and 1 (exclusive), got 0');
});

test('a data.path that is not a string is a schema error', () => {
  assertError('bad-data-path.yaml', '2:14', 'data.path must be a string, got 12');
});

test('a top level that is not a mapping is an error', () => {
  assertError('bad-top-level-list.yaml', '1:1', 'the top level must be a mapping', 'got a list');
});

test('an alias bomb is refused quickly with the file name instead of expanded', () => {
  const started = performance.now();
  assertError('bad-alias-bomb.yaml', null, 'alias');
  assert.ok(performance.now() - started < 2000, 'refused within 2 s');
});

test('a missing file says there is no such file', () => {
  const file = fixturePath('does-not-exist.yaml');
  assert.is(loadError(file), `${file}: no such file`);
});

test('an expectation matching no trial names its line and the missing value', () => {
  assertError('bad-expect-no-match.yaml', '5:13', 'expect[1].where matches no trial', 'no trial has lr 0.05');
});

test('an expectation with two metrics asks for exactly one', () => {
  assertError('bad-expect-two-metrics.yaml', '3:5', 'expect[0] needs exactly one metric', 'got 2: test_accuracy, final_loss');
});

// ---- grid expansion ----

test('the grid expands in axis order lr, epochs, hidden, seed with seed varying fastest', () => {
  const trials = expandTrials(mnist, { seed: [1, 2], lr: [0.2, 0.1], epochs: [3, 1] }, undefined);
  assert.equal(
    trials.map((t) => [t.lr, t.epochs, t.hidden, t.seed]),
    [
      [0.2, 3, 128, 1], [0.2, 3, 128, 2], [0.2, 1, 128, 1], [0.2, 1, 128, 2],
      [0.1, 3, 128, 1], [0.1, 3, 128, 2], [0.1, 1, 128, 1], [0.1, 1, 128, 2],
    ],
  );
});

test('axes left out of the grid and the runs take the notebook values', () => {
  const trials = expandTrials(mnist, { lr: 0.5 }, [{ epochs: 7 }]);
  assert.equal(trials.map(({ runId, ...hp }) => hp), [
    { ...NOTEBOOK_HYPERPARAMS, lr: 0.5 },
    { ...NOTEBOOK_HYPERPARAMS, epochs: 7 },
  ]);
});

test('explicit runs follow the grid in the order written', () => {
  const trials = expandTrials(mnist, { lr: [0.1, 0.2] }, [{ lr: 0.9 }, { lr: 0.3 }]);
  assert.equal(trials.map((t) => t.lr), [0.1, 0.2, 0.9, 0.3]);
});

test('runs alone give only the runs, without the notebook point', () => {
  const trials = expandTrials(mnist, undefined, [{ lr: 0.9 }]);
  assert.equal(trials.map((t) => t.lr), [0.9]);
});

test('neither grid nor runs gives the one notebook point', () => {
  const trials = expandTrials(mnist, undefined, undefined);
  assert.equal(trials.map(({ runId, ...hp }) => hp), [NOTEBOOK_HYPERPARAMS]);
});

test('duplicate points collapse to their first occurrence', () => {
  const trials = expandTrials(mnist, { lr: [0.1, 0.2, 0.1] }, [{ lr: 0.3 }, { lr: 0.2 }, { lr: 0.3, epochs: 40 }]);
  assert.equal(trials.map((t) => t.lr), [0.1, 0.2, 0.3]);
});

test('a run repeating a grid point in the loaded file collapses into it', () => {
  const x = loadExperiment(fixturePath('good-full.yaml'));
  assert.is(x.trials.length, 2 * 2 * 2 + 1);
  assert.is(new Set(x.trials.map((t) => t.runId)).size, x.trials.length);
});

// ---- run ids ----

test('the run id is 12 hex characters, the same on every call', () => {
  const id = runIdOf(mnist, point);
  assert.match(id, /^[0-9a-f]{12}$/);
  assert.is(runIdOf({ ...mnist }, { ...point }), id);
  assert.is(loadExperiment(SHIPPED[0]).trials[0].runId, id);
});

test('the run id is pinned: it changes only when the canonical JSON or TRAINER_VERSION does', () => {
  // sha256('{"trainer":1,"data":{"dataset":"mnist","path":null,"limit":null,"test_size":0.2,"split_seed":42},"lr":0.01,"epochs":20,"hidden":128,"seed":42}')
  assert.is(runIdOf(mnist, point), '1d5109b7be9d');
});

test('the run id of a data folder and of a validation split are pinned too', () => {
  // sha256('{"trainer":1,"data":{"dataset":null,"path":"../idx","limit":null,"test_size":0.2,"split_seed":42},"lr":0.01,"epochs":20,"hidden":128,"seed":42}')
  assert.is(runIdOf({ ...mnist, path: '../idx' }, point), '479f91df9cb8');
  // sha256('{"trainer":1,"data":{"dataset":"mnist","path":null,"limit":null,"test_size":0.2,"split_seed":42,"val_size":0.1},"lr":0.01,"epochs":20,"hidden":128,"seed":42}')
  assert.is(runIdOf({ ...mnist, valSize: 0.1 }, point), '2fd14a5274dd');
});

test('data.val_size is kept in dataForId and so in the run ids', () => {
  const x = loadExperiment(experimentFile('name: v\ndata: {val_size: 0.1}\ngrid: {lr: 0.01, epochs: 20}\n'));
  assert.equal(x.dataForId, { ...mnist, path: undefined, limit: undefined, valSize: 0.1 });
  // the same canonical JSON as above
  assert.is(x.trials[0].runId, '2fd14a5274dd');
});

test('a point written twice keeps its first writing (seed 0 before -0, the same run id)', () => {
  const trials = expandTrials(mnist, undefined, [{ seed: 0 }, { seed: -0 }]);
  assert.is(trials.length, 1);
  assert.ok(Object.is(trials[0].seed, 0), 'seed is +0');
});

test('the run id differs when any hyperparameter or data field changes', () => {
  const base = runIdOf(mnist, point);
  const variants: Array<[DataSpec, typeof point]> = [
    [mnist, { ...point, lr: 0.011 }],
    [mnist, { ...point, epochs: 21 }],
    [mnist, { ...point, hidden: 127 }],
    [mnist, { ...point, seed: 43 }],
    [{ ...mnist, testSize: 0.25 }, point],
    [{ ...mnist, splitSeed: 41 }, point],
    [{ ...mnist, limit: 2000 }, point],
    [{ ...mnist, path: 'data/mnist' }, point],
    [{ ...mnist, path: 'data/other' }, point],
  ];
  const ids = variants.map(([d, hp]) => runIdOf(d, hp));
  assert.not.ok(ids.includes(base));
  assert.is(new Set(ids).size, ids.length);
});

test('the run id hashes data.path as written, not as resolved', () => {
  const x = loadExperiment(fixturePath('good-full.yaml'));
  const t = x.trials[0];
  assert.is(t.runId, runIdOf(x.dataForId!, t));
  assert.is.not(t.runId, runIdOf(x.data, t));
});

test('the optional parts of an Experiment are there only when the file writes them', () => {
  const bare = loadExperiment(experimentFile('name: bare\n'));
  for (const key of ['description', 'replicate', 'track', 'saveWeights', 'ranges']) assert.not.ok(key in bare, `${key} absent`);
  const full = loadExperiment(experimentFile('name: full\ndata: {val_size: 0.1}\ntrack: [val_loss, dead_units]\nsave_weights: true\n'));
  assert.equal(full.track, ['val_loss', 'dead_units']);
  assert.is(full.saveWeights, true);
  assert.not.ok('saveWeights' in loadExperiment(experimentFile('name: off\nsave_weights: false\n')));
});

test('TRACKABLE lists the metrics the schema lets `track` name, in the order history.csv columns take', () => {
  const order = ['val_loss', 'val_accuracy', 'test_loss', 'test_accuracy', 'train_accuracy', 'grad_norm', 'weight_norm', 'dead_units'];
  assert.equal([...TRACKABLE], order);
  assert.equal((experimentSchema.properties.track.items as { enum: string[] }).enum, order);
  const x = loadExperiment(experimentFile(`name: all\ndata: {val_size: 0.1}\ntrack: [${TRACKABLE.join(', ')}]\n`));
  assert.equal(x.track, order);
});

test('an expectation remembers the line it is written on', () => {
  const x = loadExperiment(experimentFile('name: x\ngrid: {lr: [0.1, 0.2]}\nexpect:\n  - {where: {lr: 0.1}, test_accuracy: 0.5}\n  - {where: {lr: 0.2}, final_loss: {min: 0.5, max: 0.5}}\n'));
  assert.equal(x.expectations.map((e) => e.line), [4, 5]);
  // min equal to max is allowed: only min above max could never be met
  assert.equal([x.expectations[1].min, x.expectations[1].max], [0.5, 0.5]);
});

test('keys not in the text as written (an alias as a key, YAML 1.1 "<<" merges) still load', () => {
  // the metric key is an alias: its decimals come from the number itself (0.5: 1 decimal)
  const alias = loadExperiment(experimentFile('name: x\ndescription: &m test_accuracy\nexpect: [{*m : 0.5}]\n'));
  assert.equal(alias.expectations.map(({ metric, value, decimals, line }) => [metric, value, decimals, line]), [['test_accuracy', 0.5, 1, 3]]);
  // the whole expect list merged in: no node of its own in the file, so no line
  const merged = loadExperiment(experimentFile('%YAML 1.1\n---\nname: x\n<<: {expect: [{test_accuracy: 0.25}]}\n'));
  assert.equal(merged.expectations, [{ where: {}, metric: 'test_accuracy', value: 0.25, decimals: 2 }]);
});

// ---- expectations ----

test('decimals come from the source text, trailing zeros included', () => {
  const x = loadExperiment(fixturePath('good-full.yaml'));
  assert.equal(x.expectations.map((e) => [e.metric, e.value, e.decimals]), [
    ['test_accuracy', 0.5, 2],
    ['final_loss', 2.3, 2],
    ['test_correct', 42, 0],
  ]);
});

test('decimals of a number written with an exponent count the exponent', () => {
  assert.is(decimalsOf('2.393e-1'), 4);
  assert.is(decimalsOf('1.5E2'), 0);
  assert.is(decimalsOf('0.2393'), 4);
});

test('an expectation holds when the measured value rounds to the written value', () => {
  assert.equal(checkExpectation({ value: 0.2393, decimals: 4 }, 0.23928), { holds: true, measuredRounded: 0.2393 });
  assert.equal(checkExpectation({ value: 0.2393, decimals: 4 }, 3350 / 14000), { holds: true, measuredRounded: 0.2393 });
  assert.equal(checkExpectation({ value: 0.2393, decimals: 4 }, 0.23934999), { holds: true, measuredRounded: 0.2393 });
});

test('an expectation fails when the measured value rounds elsewhere', () => {
  assert.equal(checkExpectation({ value: 0.2393, decimals: 4 }, 0.23936), { holds: false, measuredRounded: 0.2394 });
  assert.equal(checkExpectation({ value: 0.5, decimals: 2 }, 0.4949), { holds: false, measuredRounded: 0.49 });
});

test('an expectation never holds for a diverged (non-finite) measurement', () => {
  assert.is(checkExpectation({ value: 2.3, decimals: 1 }, Number.NaN).holds, false);
  assert.is(checkExpectation({ value: 2.3, decimals: 1 }, Number.POSITIVE_INFINITY).holds, false);
});

test('an expectation matches the trials equal on every axis its where names', () => {
  const x: Experiment = loadExperiment(SHIPPED[1]);
  assert.equal(matchingTrials({ where: { lr: 0.02 } }, x.trials).map((t) => t.epochs), [20, 30, 40]);
  assert.equal(matchingTrials({ where: { lr: 0.02, epochs: 30 } }, x.trials).length, 1);
  assert.equal(matchingTrials({ where: {} }, x.trials).length, 9);
});

// ---- the validate command ----

test('validate prints the name, data, one line per trial and the expectations, and returns 0', async () => {
  let printed = '';
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string) => ((printed += chunk), true)) as typeof process.stdout.write;
  let code: number;
  try {
    code = await validateCommand(SHIPPED[0]);
  } finally {
    process.stdout.write = write;
  }
  assert.is(code, 0);
  assert.ok(printed.startsWith("seed-reproduction: The notebook's three reported runs"));
  assert.match(printed, /test_size 0\.2, split_seed 42/);
  assert.match(printed, /3 trials:/);
  assert.match(printed, /1d5109b7be9d {2}0\.01 +20 +128 +42/);
  assert.match(printed, /test_accuracy = 0\.2393 \(to 4 decimals\) where lr 0\.01, epochs 20 → 1d5109b7be9d/);
});

test.run();
