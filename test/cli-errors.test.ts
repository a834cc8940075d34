// Every kind of bad input ends the same way: exit code 2, one line on stderr naming the file and the key or line,
// no stack trace, nothing written.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cpSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mnistFolder } from '../src/data/mnist.js';
import { experimentFile, sweep, tempDir } from './helpers/cli.js';
import { ROOT } from './helpers/fixtures.js';

const BAD = join(ROOT, 'test', 'fixtures', 'experiments');

function expectUsageError(args: string[], ...patterns: RegExp[]): void {
  const results = tempDir();
  const r = sweep([...args, '--results', results]);
  assert.is(r.code, 2, `exit code of ${args.join(' ')}: ${r.stderr}`);
  const lines = r.stderr.trim().split('\n');
  assert.is(lines.length, 1, r.stderr);
  assert.ok(lines[0].startsWith('sweep: '), lines[0]);
  assert.not.match(r.stderr, /\n\s+at /);
  for (const p of patterns) assert.match(lines[0], p);
  assert.equal(readdirSync(results), [], 'nothing written');
}

const cases: [string, RegExp][] = [
  ['bad-yaml-syntax.yaml', /bad-yaml-syntax\.yaml:\d+:\d+: /],
  ['bad-unknown-key.yaml', /bad-unknown-key\.yaml:2:1: unknown key "gird"; did you mean "grid"\?/],
  ['bad-negative-lr.yaml', /bad-negative-lr\.yaml:\d+:\d+: grid\.lr\[1\] must be a number above 0/],
  ['bad-fractional-epochs.yaml', /bad-fractional-epochs\.yaml:\d+:\d+: .*epochs must be an integer/],
  ['bad-non-numeric-hidden.yaml', /bad-non-numeric-hidden\.yaml:\d+:\d+: grid\.hidden must be an integer/],
  ['bad-name-dotdot.yaml', /bad-name-dotdot\.yaml:1:\d+: name "\.\.\/escape" is not allowed/],
  ['bad-empty.yaml', /bad-empty\.yaml: is empty/],
  ['bad-empty-list.yaml', /bad-empty-list\.yaml:\d+:\d+: grid\.lr needs at least one value/],
  ['bad-test-size.yaml', /bad-test-size\.yaml:\d+:\d+: data\.test_size must be a number between 0 and 1/],
  ['bad-alias-bomb.yaml', /bad-alias-bomb\.yaml: .*alias/i],
];

for (const [file, pattern] of cases) {
  test(`sweep run ${file} exits 2 with one line and writes nothing`, () => {
    expectUsageError(['run', join(BAD, file)], pattern);
  });
}

test('a missing experiment file exits 2 naming it', () => {
  expectUsageError(['run', join(BAD, 'no-such-file.yaml')], /no-such-file\.yaml: no such file/);
});

test('a corrupt IDX file under data.path exits 2 naming the file, before anything is written', () => {
  const data = tempDir();
  cpSync(mnistFolder(), data, { recursive: true });
  writeFileSync(join(data, 't10k-labels-idx1-ubyte'), Buffer.from([0, 0, 8, 1, 0, 0, 0, 5, 1, 2]));
  const file = experimentFile(`name: corrupt\ndata: {path: ${JSON.stringify(data)}, limit: 100}\ngrid: {lr: 0.1, epochs: 1, hidden: 4}\n`);
  expectUsageError(['run', file], /t10k-labels-idx1-ubyte: truncated: 10 bytes, expected 13/);
});

test('a data.path folder that does not exist exits 2 naming the missing file', () => {
  const file = experimentFile('name: nodata\ndata: {path: ./nowhere}\n');
  expectUsageError(['run', file], /nowhere\/train-images-idx3-ubyte: cannot read dataset file: no such file/);
});

test('a bad command-line value exits 2', () => {
  const r = sweep(['train', '--lr', '-1']);
  assert.is(r.code, 2);
  assert.match(r.stderr, /--lr must be a number above 0, got "-1"/);
  assert.is(sweep(['run', join(ROOT, 'experiments', 'smoke.yaml'), '--workers', '0']).code, 2);
});

test('sweep train on a corrupt dataset exits 2 with one line', () => {
  const data = tempDir();
  cpSync(mnistFolder(), data, { recursive: true });
  writeFileSync(join(data, 'train-images-idx3-ubyte'), Buffer.from([0, 0, 8, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
  const r = sweep(['train', '--data', data, '--epochs', '1']);
  assert.is(r.code, 2);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.match(r.stderr, /train-images-idx3-ubyte: wrong magic number 2049, expected 2051/);
});

test('help describes every command', () => {
  const r = sweep(['--help']);
  assert.is(r.code, 0);
  for (const command of ['train', 'run', 'validate', 'show', 'compare']) assert.match(r.stdout, new RegExp(`\\n  ${command}\\b`));
  const run = sweep(['run', '--help']);
  for (const option of ['--workers', '--results', '--force', '--trial-timeout', '--fail-fast']) assert.match(run.stdout, new RegExp(option));
  assert.ok(existsSync(join(ROOT, 'bin', 'sweep.js')));
});

test.run();
