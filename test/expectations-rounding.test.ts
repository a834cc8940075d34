// Expectations in the rounding form (src/config/expectations.ts): the decimals a number is written with, and rounding
// a measurement to them, against values worked out by hand.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkExpectation, decimalsOf, matchingTrials } from '../src/config/expectations.js';

test('decimalsOf should count the decimals as written, trailing zeros and exponents included', () => {
  const cases: [string, number][] = [
    ['0.2393', 4], ['0.50', 2], ['12', 0], ['+0.25', 2], ['-0.5', 1], ['.5', 1], ['12.5', 1],
    ['2.393e-1', 4], ['0.2393e1', 3], ['0.25e-10', 12], ['12e-1', 1], ['1.25e2', 0], ['1.5E+1', 0],
    [' 0.50 ', 2], ['0.123_4', 4],
    // not a number as YAML writes one: no decimals
    ['abc', 0], ['x0.25', 0], ['0.25x', 0], ['', 0],
  ];
  for (const [text, decimals] of cases) assert.is(decimalsOf(text), decimals, JSON.stringify(text));
});

test('checkExpectation should compare at the decimals written and never hold for a non-finite measurement', () => {
  assert.equal(checkExpectation({ value: 0.2393, decimals: 4 }, 0.23928), { holds: true, measuredRounded: 0.2393 });
  assert.equal(checkExpectation({ value: 0.2393, decimals: 4 }, 0.23935), { holds: false, measuredRounded: 0.2394 });
  assert.equal(checkExpectation({ value: 0.24, decimals: 2 }, 0.2393), { holds: true, measuredRounded: 0.24 });
  assert.equal(checkExpectation({ value: 3350, decimals: 0 }, 3350), { holds: true, measuredRounded: 3350 });
  assert.equal(checkExpectation({ value: 1, decimals: 0 }, NaN), { holds: false, measuredRounded: NaN });
  assert.equal(checkExpectation({ value: 1, decimals: 0 }, Infinity), { holds: false, measuredRounded: Infinity });
});

test('checkExpectation should not hold for an infinite measurement even where the value scaled overflows too', () => {
  // 1e308 · 10^1 is above the largest double (~1.8e308): scaled, both sides would be Infinity
  assert.equal(checkExpectation({ value: 1e308, decimals: 1 }, Infinity), { holds: false, measuredRounded: Infinity });
});

test('matchingTrials should match every axis named and ignore the others', () => {
  const trials = [
    { runId: 'a', lr: 0.1, epochs: 2, hidden: 7, seed: 1 },
    { runId: 'b', lr: 0.1, epochs: 4, hidden: 7, seed: 1 },
    { runId: 'c', lr: 0.2, epochs: 2, hidden: 7, seed: 2 },
  ];
  assert.equal(matchingTrials({ where: { lr: 0.1 } }, trials).map((t) => t.runId), ['a', 'b']);
  assert.equal(matchingTrials({ where: { epochs: 2, seed: 2 } }, trials).map((t) => t.runId), ['c']);
  assert.equal(matchingTrials({ where: {} }, trials).map((t) => t.runId), ['a', 'b', 'c']);
  assert.equal(matchingTrials({ where: { hidden: 9 } }, trials), []);
});

test.run();
