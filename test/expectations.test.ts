// Expectations with tolerances and bounds: {min}, {max}, {value, tolerance}, the exact measured value in the table,
// a `where` that must pick one trial (or one configuration for a mean), an unknown metric named.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { expectationHolds, expectationText } from '../src/config/expectations.js';
import { loadExperiment } from '../src/config/load.js';
import { experimentFile } from './helpers/cli.js';
import { loadError } from './helpers/load-error.js';

test('{min} and {max} are inclusive bounds', () => {
  assert.ok(expectationHolds({ min: 0.66 }, 0.66));
  assert.ok(expectationHolds({ min: 0.66 }, 9315 / 14000));
  assert.not.ok(expectationHolds({ min: 0.67 }, 9315 / 14000));
  assert.ok(expectationHolds({ max: 1.2 }, 1.2));
  assert.not.ok(expectationHolds({ max: 1.2 }, 1.2000001));
  assert.ok(expectationHolds({ min: 0.5, max: 0.6 }, 0.55));
  assert.not.ok(expectationHolds({ min: 0.5, max: 0.6 }, 0.61));
});

test('{value, tolerance} holds within the tolerance either way', () => {
  assert.ok(expectationHolds({ value: 0.6654, tolerance: 0.0005 }, 0.6659));
  assert.ok(expectationHolds({ value: 0.6654, tolerance: 0.0005 }, 9315 / 14000));
  assert.not.ok(expectationHolds({ value: 0.6654, tolerance: 0.0001 }, 0.6656));
  assert.not.ok(expectationHolds({ value: 0.6654, tolerance: 0.0005 }, 0.6648));
});

test('{value, tolerance} has a slack of 4 ulps of 1, or of the value when it is above 1', () => {
  // value 0, tolerance 0: the slack is 4·2^-52 = 2^-50, inclusive
  assert.ok(expectationHolds({ value: 0, tolerance: 0 }, 2 ** -50));
  assert.not.ok(expectationHolds({ value: 0, tolerance: 0 }, 2 ** -49));
  // value 1000: the slack is 4·2^-52·1000 ≈ 8.9e-13; 2^-41 ≈ 4.5e-13 is within it, 2^-39 ≈ 1.8e-12 is not
  assert.ok(expectationHolds({ value: 1000, tolerance: 0 }, 1000 + 2 ** -41));
  assert.not.ok(expectationHolds({ value: 1000, tolerance: 0 }, 1000 + 2 ** -39));
});

test('a number with its decimals holds when the measurement rounds to it', () => {
  assert.ok(expectationHolds({ value: 0.2393, decimals: 4 }, 0.23928));
  assert.not.ok(expectationHolds({ value: 0.2393, decimals: 4 }, 0.5));
});

test('no form holds for a diverged (non-finite) value', () => {
  assert.not.ok(expectationHolds({ max: 3 }, Number.NaN));
  assert.not.ok(expectationHolds({ min: 0 }, Number.POSITIVE_INFINITY));
  assert.not.ok(expectationHolds({ value: 1, tolerance: 10 }, Number.NaN));
});

test('each form reads as written', () => {
  assert.is(expectationText({ min: 0.66 }), '≥ 0.66');
  assert.is(expectationText({ max: 1.2 }), '≤ 1.2');
  assert.is(expectationText({ min: 0.5, max: 0.6 }), '0.5 to 0.6');
  assert.is(expectationText({ value: 0.6654, tolerance: 0.0005 }), '0.6654 ± 0.0005');
  assert.is(expectationText({ value: 0.5, decimals: 2 }), '0.50 (to 2 decimals)');
  assert.is(expectationText({ value: 9000, decimals: 0 }), '9000');
});

const GRID = 'name: x\ndata: {limit: 300}\ngrid: {lr: [0.1, 0.2], epochs: 2, seed: [1, 2]}\n';

test('the forms load from an experiment file', () => {
  const x = loadExperiment(
    experimentFile(`${GRID}expect:\n  - {where: {lr: 0.1, seed: 1}, test_accuracy: {min: 0.1}}\n  - {where: {lr: 0.2, seed: 2}, final_loss: {value: 2.2, tolerance: 0.1}}\n  - {where: {lr: 0.2, seed: 1}, test_correct: {max: 50}}\n`),
  );
  assert.equal(
    x.expectations.map(({ line, ...e }) => e),
    [
      { where: { lr: 0.1, seed: 1 }, metric: 'test_accuracy', min: 0.1 },
      { where: { lr: 0.2, seed: 2 }, metric: 'final_loss', value: 2.2, tolerance: 0.1 },
      { where: { lr: 0.2, seed: 1 }, metric: 'test_correct', max: 50 },
    ],
  );
});

test('a where that matches two trials is refused, naming the axes to add', () => {
  const message = loadError(`${GRID}expect: [{where: {lr: 0.1}, test_accuracy: {min: 0.1}}]\n`);
  assert.match(message, /expect\[0\]\.where matches 2 trials; name seed in it so it picks one, or expect the mean over seeds/);
});

test('a mean over the seeds of one configuration is allowed; over two configurations it is refused', () => {
  const ok = loadExperiment(experimentFile(`${GRID}replicate: seed\nexpect: [{where: {lr: 0.1}, test_accuracy_mean: {min: 0.1}}]\n`));
  assert.is(ok.expectations.length, 1);
  assert.match(loadError(`${GRID}replicate: seed\nexpect: [{test_accuracy_mean: {min: 0.1}}]\n`), /matches 2 configurations; name lr in it/);
});

test('an unknown metric is named, with the allowed ones', () => {
  const message = loadError(`${GRID}expect: [{where: {lr: 0.1, seed: 1}, test_acuracy: 0.5}]\n`);
  assert.match(message, /unknown metric "test_acuracy" in expect\[0\]; did you mean "test_accuracy"\? metrics are test_accuracy, final_loss, test_correct/);
});

test('a form mixing tolerance and bounds, a bound out of range and min above max are refused', () => {
  assert.match(loadError(`${GRID}expect: [{where: {lr: 0.1, seed: 1}, test_accuracy: {min: 0.1, tolerance: 0.1}}]\n`), /takes \{value, tolerance\} together/);
  assert.match(loadError(`${GRID}expect: [{where: {lr: 0.1, seed: 1}, test_accuracy: {min: 66}}]\n`), /test_accuracy\.min must be a number from 0 to 1, got 66/);
  assert.match(loadError(`${GRID}expect: [{where: {lr: 0.1, seed: 1}, final_loss: {min: 2, max: 1}}]\n`), /min 2 above max 1/);
  assert.match(loadError(`${GRID}expect: [{where: {lr: 0.1, seed: 1}, test_accuracy: {mn: 0.1}}]\n`), /unknown key "mn" in expect\[0\]\.test_accuracy; did you mean "min"\?/);
});

test.run();
