// The small things a user meets first: --version, one default per option in help, gzipped IDX files, validate
// checking data.path, and data.dataset pointing at data.path for other datasets.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadDataset } from '../src/data/mnist.js';
import { ROOT } from './helpers/fixtures.js';
import { experimentFile, sweep, tempDir } from './helpers/cli.js';
import { tinyDataset } from './helpers/idx-files.js';

test('--version prints the version in package.json', () => {
  const r = sweep(['--version']);
  assert.is(r.code, 0);
  assert.is(r.stdout.trim(), JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
});

test('every option of every command shows at most one "(default …)"', () => {
  const commands = ['train', 'run', 'worker', 'validate', 'plan', 'verify', 'show', 'ls', 'compare', 'report'];
  for (const command of commands) {
    const help = sweep([command, '--help'], { COLUMNS: '400' }).stdout;
    // an option's text runs from its flags to the next option (help wraps long lines)
    const options = help.split(/\n(?=  -)/).filter((block) => block.startsWith('  -'));
    for (const block of options) assert.ok((block.match(/\(default/g) ?? []).length <= 1, `${command}: ${block}`);
  }
});

test('a folder of gzipped IDX files (.gz beside the plain names) reads as the plain files do', () => {
  const plain = tinyDataset();
  const zipped = tinyDataset();
  for (const name of readdirSync(zipped)) {
    writeFileSync(join(zipped, `${name}.gz`), gzipSync(readFileSync(join(zipped, name))));
    unlinkSync(join(zipped, name));
  }
  const a = loadDataset(plain);
  const b = loadDataset(zipped);
  assert.equal([b.count, b.features], [a.count, a.features]);
  assert.equal(b.pixels, a.pixels);
  assert.equal(b.labels, a.labels);
});

test('a gzipped file under the plain name is read too', () => {
  const dir = tinyDataset();
  const file = join(dir, 'train-images-idx3-ubyte');
  writeFileSync(`${file}.tmp`, gzipSync(readFileSync(file)));
  renameSync(`${file}.tmp`, file);
  assert.is(loadDataset(dir).count, 10);
});

test('validate checks data.path: a missing folder or missing files is one line with exit 2', () => {
  const missing = sweep(['validate', experimentFile('name: x\ndata: {path: nowhere-16}\n')]);
  assert.is(missing.code, 2);
  assert.match(missing.stderr, /data\.path nowhere-16 \(.*nowhere-16\): no such folder/);
  const dir = tinyDataset();
  unlinkSync(join(dir, 't10k-labels-idx1-ubyte'));
  const partial = sweep(['validate', experimentFile(`name: x\ndata: {path: ${dir}}\n`)]);
  assert.is(partial.code, 2);
  assert.match(partial.stderr, /has no t10k-labels-idx1-ubyte \(or \.gz\)/);
  assert.is(sweep(['validate', experimentFile(`name: x\ndata: {path: ${tinyDataset()}}\n`)]).code, 0);
});

test('data.dataset: fashion is refused with a pointer to data.path', () => {
  const r = sweep(['validate', experimentFile('name: x\ndata: {dataset: fashion}\n', tempDir())]);
  assert.is(r.code, 2);
  assert.match(r.stderr, /data\.dataset must be "mnist", got "fashion"; for another dataset in IDX files \(e\.g\. Fashion-MNIST\) leave out data\.dataset and set data\.path/);
});

test.run();
