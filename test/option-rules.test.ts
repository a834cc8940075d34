// The rules `sweep train` checks its numeric options with (src/config/option-rules.ts): taken from the experiment
// schema, `$ref`s resolved, so an option and the same key in a YAML file are refused alike. The expected bounds and
// words below are written out from experiment.schema.json by hand.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { allowedBy, obeys, TRAIN_OPTION_RULES } from '../src/config/option-rules.js';

const R = TRAIN_OPTION_RULES;

test('each option gets its schema type and bounds, a $ref resolved into the definition it names', () => {
  assert.equal(
    Object.fromEntries(Object.entries(R).map(([k, r]) => [k, [r.type, r.minimum, r.maximum, r.exclusiveMinimum, r.exclusiveMaximum]])),
    {
      lr: ['number', undefined, undefined, 0, undefined],
      epochs: ['integer', 1, 100000, undefined, undefined],
      hidden: ['integer', 1, 65536, undefined, undefined],
      seed: ['integer', 0, 4294967295, undefined, undefined],
      testSize: ['number', undefined, undefined, 0, 1],
      splitSeed: ['integer', 0, 4294967295, undefined, undefined],
      limit: ['integer', 2, undefined, undefined, undefined],
    },
  );
});

test('a resolved $ref keeps the description of the key that refers, not the definition', () => {
  assert.is(R.seed.description, 'seed of the weights (NumPy RandomState)');
  assert.is(R.splitSeed.description, "seed of the train/test split, sklearn's random_state (default 42)");
  assert.not.ok('$ref' in R.seed);
});

test('what each rule allows, in the words of the experiment file errors', () => {
  assert.equal(
    Object.fromEntries(Object.entries(R).map(([k, r]) => [k, allowedBy(r)])),
    {
      lr: 'a number above 0',
      epochs: 'an integer from 1 to 100000',
      hidden: 'an integer from 1 to 65536',
      seed: 'an integer from 0 to 4294967295',
      testSize: 'a number between 0 and 1 (exclusive)',
      splitSeed: 'an integer from 0 to 4294967295',
      limit: 'an integer of 2 and up',
    },
  );
});

test('obeys: every bound, inclusive or exclusive, at and beside the edge', () => {
  const cases: [keyof typeof R, number, boolean][] = [
    ['lr', 0, false], ['lr', 5e-324, true], ['lr', -0.1, false], ['lr', 1e300, true],
    ['epochs', 0, false], ['epochs', 1, true], ['epochs', 100000, true], ['epochs', 100001, false], ['epochs', 1.5, false],
    ['hidden', 65536, true], ['hidden', 65537, false],
    ['seed', -1, false], ['seed', 0, true], ['seed', 4294967295, true], ['seed', 4294967296, false],
    ['testSize', 0, false], ['testSize', 0.5, true], ['testSize', 1, false], ['testSize', 0.9999, true],
    ['limit', 1, false], ['limit', 2, true], ['limit', 1e15, true], ['limit', 2.5, false],
  ];
  for (const [k, x, ok] of cases) assert.is(obeys(R[k], x), ok, `${k} ${x}`);
});

test('obeys: NaN and the infinities never pass, even where no bound would catch them', () => {
  for (const x of [NaN, Infinity, -Infinity]) {
    assert.is(obeys(R.lr, x), false, `lr ${x}`);
    assert.is(obeys(R.limit, x), false, `limit ${x}`);
    assert.is(obeys({ type: 'number' }, x), false, `unbounded ${x}`);
  }
  assert.is(obeys({ type: 'number' }, -1e308), true);
});

test('allowedBy words any mix of bounds: an upper bound alone, none at all', () => {
  assert.is(allowedBy({ type: 'number', maximum: 5 }), 'a number at most 5');
  assert.is(allowedBy({ type: 'integer', exclusiveMaximum: 5 }), 'an integer below 5');
  assert.is(allowedBy({ type: 'number' }), 'a number');
  assert.is(allowedBy({ type: 'number', minimum: 0, exclusiveMaximum: 1 }), 'a number of 0 and up and below 1');
});

test.run();
