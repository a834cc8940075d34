// Value ranges of a grid axis: NumPy's logspace, linspace and arange bit for bit (fixtures made by
// scripts/make-range-fixtures.py; 10^y for single y from Python's decimal, by the same script), and a range giving the
// same trials as its values written as a list. The counts and limits below are worked out by hand in comments.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { arange, linspace, logspace, MAX_RANGE_VALUES, pow10, rangeValues } from '../src/config/ranges.js';
import { loadExperiment } from '../src/config/load.js';
import { ROOT } from './helpers/fixtures.js';
import { experimentFile } from './helpers/cli.js';
import { loadError } from './helpers/load-error.js';

interface Case {
  args: [number, number, number];
  values: string[];
}
const fixture = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'numpy-ranges.json'), 'utf8')) as Record<'logspace' | 'linspace' | 'range', Case[]> & {
  pow10: { y: string; value: string }[];
};

/** A float.hex() string ("0x1.0624dd2f1a9fcp-10") as the double it names, exactly. */
function fromHex(h: string): number {
  const m = /^(-?)0x([01])\.([0-9a-f]+)p([-+]\d+)$/.exec(h);
  if (m === null) throw new Error(`not a float.hex(): ${h}`);
  const mantissa = Number.parseInt(m[2] + m[3], 16) / 2 ** (m[3].length * 4);
  return (m[1] === '-' ? -1 : 1) * mantissa * 2 ** Number(m[4]);
}

const functions = { logspace, linspace, range: arange };
for (const kind of ['logspace', 'linspace', 'range'] as const) {
  test(`${kind} gives NumPy's values bit for bit (${fixture[kind].length} cases)`, () => {
    for (const c of fixture[kind]) {
      const got = functions[kind](...c.args);
      assert.equal(got, c.values.map(fromHex), `${kind}(${c.args.join(', ')})`);
    }
  });
}

test("pow10 rounds once where V8's ** is off by an ulp", () => {
  // the C library's pow: 1e-4 and 1e-5 are the doubles nearest to 10^-4 and 10^-5
  assert.is(pow10(-4), 1e-4);
  assert.is(pow10(-5), 1e-5);
  assert.is(pow10(0), 1);
  assert.is(pow10(22), 1e22);
  assert.is(pow10(0.5), 3.1622776601683795);
});

test('pow10 is 10^y correctly rounded, also at a halfway point and just above one (decimal fixtures)', () => {
  // 10^23 is exactly halfway between two doubles (ties to even); the scanned y lie 2^-15 ulp above a halfway point
  for (const c of fixture.pow10) assert.is(pow10(fromHex(c.y)), fromHex(c.value), `10^${c.y}`);
});

test('pow10 of a non-finite or huge exponent is 10^y as IEEE arithmetic has it, without computing 10^k', () => {
  assert.ok(Number.isNaN(pow10(Number.NaN)));
  assert.is(pow10(Number.POSITIVE_INFINITY), Number.POSITIVE_INFINITY);
  assert.is(pow10(Number.NEGATIVE_INFINITY), 0);
  // 10^(1e300) is above the largest double (~1.8e308), 10^(-1e300) below the smallest (~4.9e-324)
  assert.is(pow10(1e300), Number.POSITIVE_INFINITY);
  assert.is(pow10(-1e300), 0);
});

test('a linspace or logspace count must be an integer of 1 and up; 1 gives the start alone', () => {
  assert.throws(() => rangeValues({ linspace: [0, 1, 0] }), /must be an integer of 1 and up, got 0$/);
  assert.throws(() => rangeValues({ logspace: [0, 1, -2] }), /must be an integer of 1 and up, got -2$/);
  assert.equal(rangeValues({ linspace: [0.5, 2, 1] }), [0.5]);
  // 10^-2 is 0.01 (the double nearest to it)
  assert.equal(rangeValues({ logspace: [-2, 3, 1] }), [0.01]);
});

test('a range may hold exactly MAX_RANGE_VALUES (1,000,000) values, not one more', () => {
  assert.is(MAX_RANGE_VALUES, 1_000_000);
  // linspace(0, 999999, 1000000): step 1, the values 0 … 999999
  const lin = rangeValues({ linspace: [0, 999999, 1000000] });
  assert.is(lin.length, 1000000);
  assert.is(lin[123456], 123456);
  assert.throws(() => rangeValues({ linspace: [0, 1000000, 1000001] }), /is 1000001; a grid axis takes at most 1000000 values/);
  // arange(0, 1000000, 1): ceil(1000000 / 1) = 1000000 values, 0 … 999999
  const r = arange(0, 1000000, 1);
  assert.is(r.length, 1000000);
  assert.is(r[999999], 999999);
  assert.throws(() => arange(0, 1000001, 1), /it holds 1000001 values/);
});

test('arange and linspace refuse ranges that hold nothing or a bad count', () => {
  assert.throws(() => arange(1, 0, 1), /no value/);
  assert.throws(() => arange(0, 1, 0), /must not be 0/);
});

const yaml = (grid: string) => `name: ranges\ndata: {limit: 200}\ngrid: ${grid}\n`;

test('a logspace axis gives the same trials and run ids as its values written as a list', () => {
  const range = loadExperiment(experimentFile(yaml('{lr: {logspace: [-3, 0, 4]}, epochs: 5}')));
  const list = loadExperiment(experimentFile(yaml('{lr: [0.001, 0.01, 0.1, 1], epochs: 5}')));
  assert.equal(range.trials.map((t) => t.lr), [0.001, 0.01, 0.1, 1]);
  assert.equal(range.trials, list.trials);
  assert.equal(range.ranges, [{ axis: 'lr', kind: 'logspace', args: [-3, 0, 4], values: [0.001, 0.01, 0.1, 1] }]);
});

test('integer ranges on epochs, hidden and seed', () => {
  const x = loadExperiment(experimentFile(yaml('{epochs: {range: [10, 40, 10]}, hidden: {linspace: [16, 64, 4]}, seed: {range: [1, 3, 1]}}')));
  assert.equal([...new Set(x.trials.map((t) => t.epochs))], [10, 20, 30]);
  assert.equal([...new Set(x.trials.map((t) => t.hidden))], [16, 32, 48, 64]);
  assert.equal([...new Set(x.trials.map((t) => t.seed))], [1, 2]);
});

test('a range whose values break the axis rules is refused with the value named', () => {
  assert.match(loadError(yaml('{lr: {linspace: [0, 0.1, 3]}}')), /grid\.lr\[0\] must be a number above 0, got 0/);
  assert.match(loadError(yaml('{epochs: {linspace: [10, 20, 4]}}')), /grid\.epochs\[1\] must be an integer, got 13\.33/);
  assert.match(loadError(yaml('{lr: {logspace: [-3, 0]}}')), /grid\.lr\.logspace must be a list of three numbers \[from_exp, to_exp, count\]/);
  assert.match(loadError(yaml('{lr: {logspce: [-3, 0, 4]}}')), /unknown key "logspce" in grid\.lr; did you mean "logspace"\?/);
  assert.match(loadError(yaml('{lr: {range: [1, 0, 1]}}')), /grid\.lr\.range \[1, 0, 1\]: it holds no value/);
  assert.match(loadError(yaml('{lr: {linspace: [0.1, 1, 2.5]}}')), /count \(the third number\) must be an integer of 1 and up, got 2\.5/);
});

test('a range count too large to run is refused before any value is computed', () => {
  // 10⁹ values would take ~8 GB: computed first, the loader runs out of memory
  assert.match(loadError(yaml('{lr: {logspace: [-3, 0, 1000000000]}}')), /grid\.lr\.logspace \[-3, 0, 1000000000\]: its count \(the third number\) is 1000000000; a grid axis takes at most 1000000 values/);
  assert.match(loadError(yaml('{lr: {linspace: [0.1, 1, 1000001]}}')), /is 1000001; a grid axis takes at most 1000000 values/);
  assert.match(loadError(yaml('{seed: {range: [0, 2000000, 1]}}')), /it holds 2000000 values; a grid axis takes at most 1000000/);
});

test('linspace where the step underflows to 0, or is 0, and of one value, as NumPy gives them', () => {
  // numpy.linspace: [0.5, 0.5, 0.5], [0.0, 0.0, 5e-324], [-1e-323, -5e-324, 0.0], [1.0]
  assert.equal(linspace(0.5, 0.5, 3), [0.5, 0.5, 0.5]);
  assert.equal(linspace(0, 5e-324, 3), [0, 0, 5e-324]);
  assert.equal(linspace(-1e-323, 0, 3), [-1e-323, -5e-324, 0]);
  assert.equal(linspace(1, 2, 1), [1]);
});

test.run();
