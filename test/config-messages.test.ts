// The loader's one-line errors (src/config/load.ts), each in full: for every kind of mistake an experiment file can
// hold, the place (line:col) and the exact words a user reads. The wording is the contract; a change to it shows here.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadExperiment } from '../src/config/load.js';
import { UserError } from '../src/errors.js';
import { tempDir } from './helpers/cli.js';

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

test('a folder given as the experiment file says so', () => {
  const dir = tempDir();
  assert.throws(() => loadExperiment(dir), (err: Error) => err.message === `${dir}: is a folder, not an experiment file`);
});

test.run();
