// The loader's one-line errors (src/config/load.ts), each in full: for every kind of mistake an experiment file can
// hold, the place (line:col) and the exact words a user reads. The wording is the contract; a change to it shows here.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadExperiment } from '../src/config/load.js';
import { UserError } from '../src/errors.js';
import { TRACKABLE } from '../src/config/types.js';
import { experimentSchema } from '../src/config/schema.js';
import { tempDir } from './helpers/cli.js';

const GRID = 'name: x\ndata: {limit: 300}\ngrid: {lr: [0.1, 0.2], epochs: 2, seed: [1, 2]}\n';

// [the file's text, the message after "<file>:"]
const CASES: [string, string][] = [
  ["name: x\n---\nname: y\n", "2:1: holds more than one YAML document (a second \"---\"); an experiment is one document"],
  ["name: x\ngrid: {lr: null}\n", "2:12: grid.lr must be a number or a list of numbers, got nothing (null) (or a range: {logspace: [from_exp, to_exp, count]}, {linspace: [from, to, count]}, {range: [start, stop, step]})"],
  ["name: x\ngrid: {lr: true}\n", "2:12: grid.lr must be a number or a list of numbers, got true (or a range: {logspace: [from_exp, to_exp, count]}, {linspace: [from, to, count]}, {range: [start, stop, step]})"],
  ["name: x\ngrid: {lr: \"fast\"}\n", "2:12: grid.lr must be a number or a list of numbers, got \"fast\" (or a range: {logspace: [from_exp, to_exp, count]}, {linspace: [from, to, count]}, {range: [start, stop, step]})"],
  ["name: x\ngrid: {lr: {a: 1}}\n", "2:13: unknown key \"a\" in grid.lr; allowed keys are logspace, linspace, range"],
  ["name: x\ngrid: {lr: [0.1, \"a\"]}\n", "2:18: grid.lr[1] must be a number, got \"a\""],
  ["name: x\ngrid: {epochs: 0}\n", "2:16: grid.epochs must be an integer from 1 to 100000, got 0"],
  ["name: x\ngrid: {epochs: 100001}\n", "2:16: grid.epochs must be an integer from 1 to 100000, got 100001"],
  ["name: x\ngrid: {hidden: [0]}\n", "2:17: grid.hidden[0] must be an integer from 1 to 65536, got 0"],
  ["name: x\ngrid: {seed: -1}\n", "2:14: grid.seed must be an integer from 0 to 4294967295, got -1"],
  ["name: x\ndata: {test_size: 1}\n", "2:19: data.test_size must be a number between 0 and 1 (exclusive), got 1"],
  ["name: x\ndata: {dataset: cifar}\n", "2:17: data.dataset must be \"mnist\", got \"cifar\"; for another dataset in IDX files (e.g. Fashion-MNIST) leave out data.dataset and set data.path to their folder"],
  ["name: x\ndata: {limit: 0}\n", "2:15: data.limit must be an integer of 2 and up, got 0"],
  ["name: x\nreplicate: lr\n", "2:12: replicate must be \"seed\", got \"lr\""],
  ["name: x\nruns: [{lr: 0.1, gird: 1}]\n", "2:18: unknown key \"gird\" in runs[0]; allowed keys are lr, epochs, hidden, seed"],
  ["name: x\nruns: {lr: 0.1}\n", "2:7: runs must be a list, got a mapping"],
  ["name: x\nexpect: [{where: {lr: 0.03}}]\n", "2:10: expect[0] needs exactly one metric (test_accuracy, final_loss, test_correct, test_accuracy_mean, final_loss_mean), got none"],
  ["name: x\nexpect: [{where: {lr: 0.5}, test_accuracy: 0.5}]\n", "2:18: expect[0].where matches no trial: no trial has lr 0.5 (the trials have lr 0.03)"],
  ["name: x\nexpect: [{test_accuracy: 0.5, final_loss: 1}]\n", "2:10: expect[0] needs exactly one metric (test_accuracy, final_loss, test_correct, test_accuracy_mean, final_loss_mean), got 2: test_accuracy, final_loss"],
  ["name: x\ndescription: 5\n", "2:14: description must be a string, got 5"],
  ["name: X\n", "1:7: name \"X\" is not allowed; use a name of lowercase letters, digits, '.', '_' and '-' that starts with a letter or digit, has at most 64 characters and no \"..\" (results go to <results>/<name>/)"],
  ["grid: {lr: 0.1}\n", "1:1: missing key \"name\"; an experiment needs a name"],
  ["name: x\ndata: {path: 5}\n", "2:14: data.path must be a string, got 5"],
  ["name: x\nexpect: [{where: {lr: 0.03, epochs: 7}, test_accuracy: 0.5}]\n", "2:18: expect[0].where matches no trial: no trial has epochs 7 (the trials have epochs 40)"],
  ["- a\n- b\n", "1:1: the top level must be a mapping of keys to values, got a list"],
  ["name: x\ngrid: {lr: []}\n", "2:12: grid.lr needs at least one value, got an empty list"],
  ["name: x\ngrid: {lr: [0.1, 0.1]}\nfoo: 1\n", "3:1: unknown key \"foo\"; allowed keys are name, description, data, grid, runs, expect, track, save_weights, replicate"],
  ["name: x\nexpect: [{where: {lr: 0.03}, test_accuracy: 66.54}]\n", "2:45: expect[0].test_accuracy must be a number from 0 to 1, got 66.54 (write accuracy as a fraction: 0.2393 for 23.93%)"],
  ["name: x\ngrid: {lr: {linspace: [0.001, 0.1, 1000]}, hidden: {range: [1, 1002, 1]}}\n", "2:7: 1,001,000 trials (grid lr 1,000 \u00d7 hidden 1,001), above the limit of 1,000,000 per experiment; use fewer values or split the sweep into several files"],
  ["name: x\ngrid: {lr: {linspace: [0.001, 0.1, 1000]}, hidden: {range: [1, 1001, 1]}, seed: [1, 2]}\nruns: [{lr: 0.5}]\n", "2:7: 2,000,001 trials (grid lr 1,000 \u00d7 hidden 1,000 \u00d7 seed 2 + 1 runs), above the limit of 1,000,000 per experiment; use fewer values or split the sweep into several files"],
  ["name: x\nexpect: [{test_accuracy: {value: 0.5}}]\n", "2:26: expect[0].test_accuracy takes {value, tolerance} together, or {min} and/or {max}; got value"],
  ["name: x\nexpect: [{test_accuracy: {tolerance: 0.1}}]\n", "2:26: expect[0].test_accuracy takes {value, tolerance} together, or {min} and/or {max}; got tolerance"],
  ["name: x\nexpect: [{test_accuracy: {min: 0.6, max: 0.5}}]\n", "2:26: expect[0].test_accuracy has min 0.6 above max 0.5; nothing could meet it"],
  ["name: x\nexpect: [{test_accuracy: {value: 0.5, tolerance: 0.1, min: 0.2}}]\n", "2:26: expect[0].test_accuracy takes {value, tolerance} together, or {min} and/or {max}; got value, tolerance, min"],
  ["name: x\nexpect: [{test_accuracy: {value: 0.5, tolerance: 0.1, max: 0.2}}]\n", "2:26: expect[0].test_accuracy takes {value, tolerance} together, or {min} and/or {max}; got value, tolerance, max"],
  ["name: x\nexpect: [{test_accuracy: {}}]\n", "2:26: expect[0].test_accuracy must hold at least one of min, max, value, tolerance, got an empty mapping"],
  ["name: x\nruns: [{lr: 0.1, hidden: 8}, {lr: 0.2, hidden: 16}]\nexpect: [{where: {lr: 0.1, hidden: 16}, test_accuracy: 0.5}]\n", "3:18: expect[0].where matches no trial: no trial has lr 0.1 with hidden 16 together"],
  ["name: x\ngrid: {lr: [0.1, 0.2]}\nexpect: [{test_accuracy: 0.5}]\n", "3:10: expect[0].where matches 2 trials; name lr in it so it picks one, or expect the mean over seeds (test_accuracy_mean with replicate: seed)"],
  ["name: x\ngrid: {lr: [0.1, 0.2]}\nexpect: [{test_correct: 5}]\n", "3:10: expect[0].where matches 2 trials; name lr in it so it picks one"],
  ["name: x\ngrid: {lr: [0.1, 0.2], seed: [1, 2]}\nreplicate: seed\nexpect: [{where: {seed: 1}, final_loss_mean: 0.5}]\n", "4:18: expect[0].where matches 2 configurations; name lr in it so it picks one"],
  ["name: x\ngrid: {lr: [0.1, 0.2], hidden: [8, 16]}\nexpect: [{where: {hidden: 8}, final_loss: 0.5}]\n", "3:18: expect[0].where matches 2 trials; name lr in it so it picks one, or expect the mean over seeds (final_loss_mean with replicate: seed)"],
  ["name: x\ngrid: {lr: {linspace: [1, 2]}}\n", "2:23: grid.lr.linspace must be a list of three numbers [from, to, count], got 2"],
  ["name: x\ngrid: {lr: {range: [1, 2]}}\n", "2:20: grid.lr.range must be a list of three numbers [start, stop, step], got 2"],
  ["name: x\ngrid: {lr: {logspace: [1, 2, 3, 4]}}\n", "2:23: grid.lr.logspace must be a list of three numbers [from_exp, to_exp, count], got 4"],
  ["name: x\ngrid: {lr: {linspace: [0.1, 0.2, 2], range: [1, 2, 1]}}\n", "2:12: grid.lr must hold exactly one of logspace, linspace, range, got linspace, range"],
  ["name: x\ngrid: {lr: {}}\n", "2:12: grid.lr must hold exactly one of logspace, linspace, range, got an empty mapping"],
  ["name: x\ngrid: {lr: !!binary aGVsbG8=}\n", "2:21: grid.lr must hold exactly one of logspace, linspace, range, got binary data"],
  ["name: \"\"\n", "1:7: name \"\" is not allowed; use a name of lowercase letters, digits, '.', '_' and '-' that starts with a letter or digit, has at most 64 characters and no \"..\" (results go to <results>/<name>/)"],
  ["name: x\ndescription: []\n", "2:14: description must be a string, got an empty list"],
  ["name: x\ndescription: [1]\n", "2:14: description must be a string, got a list"],
  ["name: x\ndescription: {a: 1}\n", "2:14: description must be a string, got a mapping"],
  ["name: !!binary aGVsbG8=\n", "1:16: name must be a string, got binary data"],
  ["name: x\ngrid: {lr: .nan}\n", "2:12: grid.lr must be a number or a list of numbers, got NaN (or a range: {logspace: [from_exp, to_exp, count]}, {linspace: [from, to, count]}, {range: [start, stop, step]})"],
  ["name: x\ngrid: {epochs: 1.5}\n", "2:16: grid.epochs must be an integer or a list of integers, got 1.5 (or a range: {logspace: [from_exp, to_exp, count]}, {linspace: [from, to, count]}, {range: [start, stop, step]})"],
  ["name: x\ngrid: {lr: [1e400]}\n", "2:13: grid.lr[0] must be a number, got Infinity"],
  ["name: x\ntrack: 5\n", "2:8: track must be a list, got 5"],
  ["name: x\ntrack: [5]\n", "2:9: track[0] must be one of \"val_loss\", \"val_accuracy\", \"test_loss\", \"test_accuracy\", \"train_accuracy\", \"grad_norm\", \"weight_norm\", \"dead_units\", got 5"],
  ["name: x\ntrack: [val_loss]\n", "2:9: track[0] val_loss needs a validation split: set data.val_size (e.g. 0.1)"],
  ["name: x\ntrack: [train_accuracy, val_accuracy]\n", "2:25: track[1] val_accuracy needs a validation split: set data.val_size (e.g. 0.1)"],
  ["name: x\ntrack: [grad_norm, grad_norm]\n", "2:20: track lists \"grad_norm\" twice; name each once"],
  ["name: x\nsave_weights: 1\n", "2:15: save_weights must be true or false, got 1"],
  ["name: x\ndata: {val_size: 1}\n", "2:18: data.val_size must be a number of 0 and up and below 1, got 1"],
  ["name: x\ndata: 5\n", "2:7: data must be a mapping of keys to values, got 5"],
  ["name: x\ngrid: [1]\n", "2:7: grid must be a mapping of keys to values, got a list"],
  ["name: x\ngrid: {lrr: 0.1}\n", "2:8: unknown key \"lrr\" in grid; did you mean \"lr\"?"],
  ["name: x\ngrid: {Lr: 0.1}\n", "2:8: unknown key \"Lr\" in grid; did you mean \"lr\"?"],
  ["name: x\nruns: [5]\n", "2:8: runs[0] must be a mapping of keys to values, got 5"],
  ["name: x\nexpect: [5]\n", "2:10: expect[0] must be a mapping, got 5"],
  ["name: x\nexpect: [{where: 5, test_accuracy: 0.5}]\n", "2:18: expect[0].where must be a mapping of keys to values, got 5"],
  ["name: x\nexpect: [{where: {lr: 0.03}, test_correct: 0.5}]\n", "2:44: expect[0].test_correct must be an integer, got 0.5"],
  ["name: x\nexpect: [{final_loss: -1}]\n", "2:23: expect[0].final_loss must be a number of 0 and up, got -1"],
  ["name: x\n: 5\n", "1:1: unknown key \"\"; allowed keys are name, description, data, grid, runs, expect, track, save_weights, replicate"],
  ["name: x\ngrid: {lr: &a [0.1]}\nruns: *a\n", "2:16: runs[0] must be a mapping of keys to values, got 0.1"],
  ["name: x\nfoo: *nope\n", " Unresolved alias (the anchor must be set before the alias): nope; an experiment file needs few aliases (*name), if any"],
  ["\n", " is empty; an experiment needs at least a name"],
  ["name: x\ngrid:\n  lr: 0.1\n  lr: 0.2\n", "4:3: key \"lr\" appears twice in one mapping; each key may appear once"],
  ["name: x\ngrid: {lr: {linspace: [0.1, 0.2, 0]}}\n", "2:23: grid.lr.linspace [0.1, 0.2, 0]: its count (the third number) must be an integer of 1 and up, got 0"],
  ["name: x\ngrid: {lr: {linspace: [0.1, 0.2, 1.5]}}\n", "2:23: grid.lr.linspace [0.1, 0.2, 1.5]: its count (the third number) must be an integer of 1 and up, got 1.5"],
  // YAML itself: a duplicate key written with a blank before its colon, a flow list left open, an alias bomb
  ["name: x\nname : y\n", "2:1: key \"name\" appears twice in one mapping; each key may appear once"],
  ["name: x\ngrid: {lr: [0.1\n", "3:1: Flow sequence in block collection must be sufficiently indented and end with a ]"],
  ["a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n", " Excessive alias count indicates a resource exhaustion attack; an experiment file needs few aliases (*name), if any"],
  // keys that are not in the text as written: merged in (YAML 1.1 "<<"), or an alias used as a key
  ["%YAML 1.1\n---\nname: x\ngrid: {<<: {lr: [0.1, -1]}}\n", "4:7: grid.lr[1] must be a number above 0, got -1"],
  ["%YAML 1.1\n---\nname: x\ngrid: {<<: {lr: {a: 1}}}\n", "4:7: unknown key \"a\" in grid.lr; allowed keys are logspace, linspace, range"],
  ["name: x\ndescription: &k foo\n*k : 1\n", "1:1: unknown key \"foo\"; allowed keys are name, description, data, grid, runs, expect, track, save_weights, replicate"],
  ["description: &k name\n*k : x\nundefined: 1\n", "3:1: unknown key \"undefined\"; allowed keys are name, description, data, grid, runs, expect, track, save_weights, replicate"],
  ["name: x\ndescription: &k test_acc\nexpect: [{*k : 0.5}]\n", "3:10: unknown metric \"test_acc\" in expect[0]; metrics are test_accuracy, final_loss, test_correct, test_accuracy_mean, final_loss_mean"],
  // the first error in the file is the one told, even when a later one is of a kind preferred among branches
  ["foo: 1\nname: x\nexpect: [{}]\n", "1:1: unknown key \"foo\"; allowed keys are name, description, data, grid, runs, expect, track, save_weights, replicate"],
  // ranges
  ["name: x\ngrid: {lr: {range: [1, 0, 1]}}\n", "2:20: grid.lr.range [1, 0, 1]: it holds no value (from 1 up to, not including, 0 by 1)"],
  ["name: x\ngrid: {lr: {logspace: [-3, 0, 4, 5]}}\n", "2:23: grid.lr.logspace must be a list of three numbers [from_exp, to_exp, count], got 4"],
  ["name: x\ngrid: {lr: {range: [1, 2]}}\n", "2:20: grid.lr.range must be a list of three numbers [start, stop, step], got 2"],
  ["name: x\ngrid: {lr: {linspace: [1, 2]}}\n", "2:23: grid.lr.linspace must be a list of three numbers [from, to, count], got 2"],
  ["name: x\ngrid: {lr: {logspace: [-3, 0, 4], linspace: [0, 1, 2]}}\n", "2:12: grid.lr must hold exactly one of logspace, linspace, range, got logspace, linspace"],
  ["name: x\ngrid: {lr: {}}\n", "2:12: grid.lr must hold exactly one of logspace, linspace, range, got an empty mapping"],
  // the trial limit: 1001 × 1000 = 1,001,000 grid points; 1000 × 1000 = 1,000,000 points and one run = 1,000,001
  ["name: x\ngrid: {lr: {linspace: [0.1, 1, 1001]}, epochs: {range: [1, 1001, 1]}}\n", "2:7: 1,001,000 trials (grid lr 1,001 × epochs 1,000), above the limit of 1,000,000 per experiment; use fewer values or split the sweep into several files"],
  ["name: x\ngrid: {lr: {linspace: [0.1, 1, 1000]}, epochs: {range: [1, 1001, 1]}}\nruns: [{lr: 2}]\n", "2:7: 1,000,001 trials (grid lr 1,000 × epochs 1,000 + 1 runs), above the limit of 1,000,000 per experiment; use fewer values or split the sweep into several files"],
  // track
  ["name: x\ntrack: [test_loss, val_loss]\n", "2:20: track[1] val_loss needs a validation split: set data.val_size (e.g. 0.1)"],
  ["name: x\ntrack: [val_accuracy]\n", "2:9: track[0] val_accuracy needs a validation split: set data.val_size (e.g. 0.1)"],
  ["name: x\ndata: {val_size: 0}\ntrack: [val_loss]\n", "3:9: track[0] val_loss needs a validation split: set data.val_size (e.g. 0.1)"],
  ["name: x\ntrack: [test_loss, test_loss]\n", "2:20: track lists \"test_loss\" twice; name each once"],
  ["name: x\ntrack: [foo]\n", "2:9: track[0] must be one of \"val_loss\", \"val_accuracy\", \"test_loss\", \"test_accuracy\", \"train_accuracy\", \"grad_norm\", \"weight_norm\", \"dead_units\", got \"foo\""],
  // expectation forms
  ["name: x\nexpect: [{test_accuracy: {min: 0.1, tolerance: 0.1}}]\n", "2:26: expect[0].test_accuracy takes {value, tolerance} together, or {min} and/or {max}; got min, tolerance"],
  ["name: x\nexpect: [{test_accuracy: {value: 0.5}}]\n", "2:26: expect[0].test_accuracy takes {value, tolerance} together, or {min} and/or {max}; got value"],
  ["name: x\nexpect: [{test_accuracy: {tolerance: 0.1}}]\n", "2:26: expect[0].test_accuracy takes {value, tolerance} together, or {min} and/or {max}; got tolerance"],
  ["name: x\nexpect: [{test_accuracy: {value: 0.5, tolerance: 0.1, min: 0.2}}]\n", "2:26: expect[0].test_accuracy takes {value, tolerance} together, or {min} and/or {max}; got value, tolerance, min"],
  ["name: x\nexpect: [{test_accuracy: {value: 0.5, tolerance: 0.1, max: 0.9}}]\n", "2:26: expect[0].test_accuracy takes {value, tolerance} together, or {min} and/or {max}; got value, tolerance, max"],
  ["name: x\nexpect: [{final_loss: {min: 2, max: 1}}]\n", "2:23: expect[0].final_loss has min 2 above max 1; nothing could meet it"],
  ["name: x\nexpect: [{test_accuracy: {}}]\n", "2:26: expect[0].test_accuracy must hold at least one of min, max, value, tolerance, got an empty mapping"],
  ["name: x\nexpect: [5]\n", "2:10: expect[0] must be a mapping, got 5"],
  ["name: x\nexpect: [null]\n", "2:10: expect[0] must be a mapping, got nothing (null)"],
  ["name: x\nexpect: [[1]]\n", "2:10: expect[0] must be a mapping, got a list"],
  ["name: x\nexpect: [{test_accuracy_mean: 66.54}]\n", "2:31: expect[0].test_accuracy_mean must be a number from 0 to 1, got 66.54 (write accuracy as a fraction: 0.2393 for 23.93%)"],
  // which trials an expectation is about (GRID: lr 0.1, 0.2 × seed 1, 2: four trials)
  [`${GRID}expect: [{test_accuracy: {min: 0.1}}]\n`, "4:10: expect[0].where matches 4 trials; name lr, seed in it so it picks one, or expect the mean over seeds (test_accuracy_mean with replicate: seed)"],
  [`${GRID}expect: [{where: {lr: 0.1}, test_correct: {min: 1}}]\n`, "4:18: expect[0].where matches 2 trials; name seed in it so it picks one"],
  [`${GRID}replicate: seed\nexpect: [{test_accuracy_mean: {min: 0.1}}]\n`, "5:10: expect[0].where matches 2 configurations; name lr in it so it picks one"],
  [`${GRID}expect: [{where: {lr: 0.5}, test_accuracy: 0.5}]\n`, "4:18: expect[0].where matches no trial: no trial has lr 0.5 (the trials have lr 0.1, 0.2)"],
  [`${GRID}expect: [{where: {lr: 0.1, epochs: 7}, test_accuracy: 0.5}]\n`, "4:18: expect[0].where matches no trial: no trial has epochs 7 (the trials have epochs 2)"],
  ["name: x\nexpect: [{where: {seed: 7}, test_accuracy: 0.5}]\n", "2:18: expect[0].where matches no trial: no trial has seed 7 (the trials have seed 42)"],
  ["name: x\nruns: [{lr: 0.1, seed: 1}, {lr: 0.2, seed: 2}]\nexpect: [{where: {lr: 0.1, seed: 2}, test_accuracy: 0.5}]\n", "3:18: expect[0].where matches no trial: no trial has lr 0.1 with seed 2 together"],
  // values of other types and bounds
  ["name: x\ndata: {val_size: 1}\n", "2:18: data.val_size must be a number of 0 and up and below 1, got 1"],
  ["name: x\ndata: {path: \"\"}\n", "2:14: data.path must not be empty"],
  [`name: ${'a'.repeat(65)}\n`, `1:7: name "${'a'.repeat(65)}" is not allowed; use a name of lowercase letters, digits, '.', '_' and '-' that starts with a letter or digit, has at most 64 characters and no ".." (results go to <results>/<name>/)`],
  ["name: x\nsave_weights: 5\n", "2:15: save_weights must be true or false, got 5"],
  ["name: x\ndescription: []\n", "2:14: description must be a string, got an empty list"],
  ["name: x\ndescription: [a]\n", "2:14: description must be a string, got a list"],
  ["name: x\ndescription: .nan\n", "2:14: description must be a string, got NaN"],
  // a tagged value's place is the value's, after its tag
  ["name: !!binary aGVsbG8=\n", "1:16: name must be a string, got binary data"],
];

for (const [yaml, message] of CASES) {
  test(`${JSON.stringify(yaml)} should be refused with: ${message.slice(0, 60)}`, () => {
    const file = join(tempDir(), 'e.yaml');
    writeFileSync(file, yaml);
    assert.throws(() => loadExperiment(file), (err: Error) => {
      assert.instance(err, UserError);
      assert.is(err.message, `${file}:${message}`);
      return true;
    });
  });
}

test('a file under something that is not a folder cannot be read, and says why (ENOTDIR)', () => {
  const notDir = join(tempDir(), 'plain');
  writeFileSync(notDir, 'name: x\n');
  const file = join(notDir, 'e.yaml');
  assert.throws(() => loadExperiment(file), (err: Error) => err instanceof UserError && err.message === `${file}: cannot be read (ENOTDIR)`);
});

test('a folder given as the experiment file says so', () => {
  const dir = tempDir();
  assert.throws(() => loadExperiment(dir), (err: Error) => err.message === `${dir}: is a folder, not an experiment file`);
});

test('a file that loads keeps the line of each expectation, and an expectation whose min equals its max', () => {
  const file = join(tempDir(), 'e.yaml');
  writeFileSync(file, 'name: x\ngrid: {lr: [0.1, 0.2]}\nexpect:\n  - {where: {lr: 0.1}, test_accuracy: 0.5}\n\n  - where: {lr: 0.2}\n    test_accuracy: {min: 0.5, max: 0.5}\n');
  const exp = loadExperiment(file);
  assert.equal(exp.expectations, [
    { where: { lr: 0.1 }, metric: 'test_accuracy', value: 0.5, decimals: 1, line: 4 },
    { where: { lr: 0.2 }, metric: 'test_accuracy', min: 0.5, max: 0.5, line: 6 },
  ]);
});

test('the metrics a file can track are these eight, and the schema allows exactly them', () => {
  const names = ['val_loss', 'val_accuracy', 'test_loss', 'test_accuracy', 'train_accuracy', 'grad_norm', 'weight_norm', 'dead_units'];
  assert.equal([...TRACKABLE], names);
  assert.equal((experimentSchema.properties.track as unknown as { items: { enum: string[] } }).items.enum, names);
});

test('a file that loads carries its optional keys into the experiment, and leaves out the ones it does not set', () => {
  const dir = tempDir();
  const full = join(dir, 'full.yaml');
  writeFileSync(full, 'name: x\ndescription: about\ndata: {val_size: 0.1}\ngrid: {seed: [1, 2]}\nreplicate: seed\ntrack: [val_loss, grad_norm]\nsave_weights: true\n');
  const e = loadExperiment(full);
  assert.equal([e.description, e.data.valSize, e.replicate, e.track, e.saveWeights], ['about', 0.1, 'seed', ['val_loss', 'grad_norm'], true]);
  const bare = join(dir, 'bare.yaml');
  writeFileSync(bare, 'name: x\nsave_weights: false\n');
  const b = loadExperiment(bare);
  for (const key of ['description', 'replicate', 'track', 'saveWeights', 'ranges']) assert.not.ok(key in b, key);
  assert.not.ok('valSize' in b.data);
});

test.run();
