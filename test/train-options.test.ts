// `sweep train`'s numbers are checked by the experiment schema's rules, with the words an experiment file's errors use:
// one line, exit 2, before any data is read.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sweep } from './helpers/cli.js';

for (const [args, message] of [
  [['--hidden', '1e9'], '--hidden must be an integer from 1 to 65536, got "1e9"'],
  [['--epochs', '1e9'], '--epochs must be an integer from 1 to 100000, got "1e9"'],
  [['--epochs', '2.5'], '--epochs must be an integer from 1 to 100000, got "2.5"'],
  [['--lr', '0'], '--lr must be a number above 0, got "0"'],
  [['--seed', '4294967296'], '--seed must be an integer from 0 to 4294967295, got "4294967296"'],
  [['--split-seed', '-1'], '--split-seed must be an integer from 0 to 4294967295, got "-1"'],
  [['--test-size', '1'], '--test-size must be a number between 0 and 1 (exclusive), got "1"'],
  [['--limit', '1'], '--limit must be an integer of 2 and up, got "1"'],
] as const) {
  test(`sweep train ${args.join(' ')} is refused with the schema's rule`, () => {
    const r = sweep(['train', ...args]);
    assert.is(r.code, 2);
    assert.ok(r.stderr.includes(message), r.stderr);
    assert.not.match(r.stderr, /\n\s+at /);
  });
}

test('a diverged sweep train prints its loss as NaN, in text and in JSON', () => {
  const args = ['train', '--lr', '1e300', '--limit', '600', '--epochs', '3', '--hidden', '7'];
  const text = sweep(args);
  assert.is(text.code, 1);
  assert.match(text.stdout, /Diverged at epoch \d+: loss NaN/);
  const json = JSON.parse(sweep([...args, '--json']).stdout);
  assert.is(json.finalLoss, 'NaN');
  assert.ok((json.losses as unknown[]).includes('NaN'));
});

test.run();
