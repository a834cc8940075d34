// Atomic writes (src/store/atomic.ts): a writer stopped at any point between opening its temp file and the rename
// leaves the target as it was, whole; temp files a killed writer left behind are removed when a sweep opens its folder.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeStaleTempFiles, writeFileAtomic } from '../src/store/atomic.js';
import { ResultsStore } from '../src/store/store.js';
import { ROOT } from './helpers/fixtures.js';
import { tempDir } from './helpers/cli.js';

const WRITER = join(ROOT, 'dist', 'test', 'helpers', 'interrupted-write.js');
const OLD = 'run_id,lr\nold,0.1\n';
const NEW = 'run_id,lr\nnew,0.2\n'.repeat(1000);

function interruptedWrite(file: string, call: string, action: 'kill' | 'throw' | 'short') {
  const r = spawnSync(process.execPath, [WRITER, file, NEW, call, action], { encoding: 'utf8' });
  return { signal: r.signal, code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('writeFileAtomic should replace the file whole and leave no temp file', () => {
  const dir = tempDir();
  const file = join(dir, 'runs.csv');
  writeFileSync(file, OLD);
  writeFileAtomic(file, NEW);
  assert.is(readFileSync(file, 'utf8'), NEW);
  assert.equal(readdirSync(dir), ['runs.csv']);
});

for (const call of ['openSync', 'writeSync', 'fsyncSync', 'closeSync', 'renameSync']) {
  test(`a writer killed at ${call} should leave the old file whole, and its temp file beside it`, () => {
    const dir = tempDir();
    const file = join(dir, 'runs.csv');
    writeFileSync(file, OLD);
    const r = interruptedWrite(file, call, 'kill');
    assert.is(r.signal, 'SIGKILL', r.stderr);
    assert.is(readFileSync(file, 'utf8'), OLD);
    const left = readdirSync(dir).filter((f) => f !== 'runs.csv');
    assert.is(left.length, 1, `left: ${left.join(', ')}`);
    assert.match(left[0], /^\.runs\.csv\.\d+\.tmp$/);
  });
}

for (const call of ['openSync', 'writeSync', 'fsyncSync', 'closeSync', 'renameSync']) {
  test(`a write that fails at ${call} should throw, keep the old file and remove its temp file`, () => {
    const dir = tempDir();
    const file = join(dir, 'runs.csv');
    writeFileSync(file, OLD);
    const r = interruptedWrite(file, call, 'throw');
    assert.is(r.code, 1, r.stderr);
    // the full disk's cause, not a later one (a failed open leaves no temp file: removing it must not fail)
    assert.is(r.stdout, `cannot write ${file}: no space left on device\n`);
    assert.is(readFileSync(file, 'utf8'), OLD);
    assert.equal(readdirSync(dir), ['runs.csv']);
  });
}

test('short writes (at most 1000 bytes per call) should still write the whole file', () => {
  const dir = tempDir();
  const file = join(dir, 'runs.csv');
  writeFileSync(file, OLD);
  const r = interruptedWrite(file, 'writeSync', 'short');
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.is(NEW.length, 18000);
  assert.is(readFileSync(file, 'utf8'), NEW);
  assert.equal(readdirSync(dir), ['runs.csv']);
});

test('writeFileAtomic should write bytes as given, and a string as UTF-8', () => {
  const dir = tempDir();
  const bytes = Uint8Array.from([0, 255, 0x93, 10, 13, 128]);
  writeFileAtomic(join(dir, 'w.npz'), bytes);
  assert.equal([...readFileSync(join(dir, 'w.npz'))], [0, 255, 0x93, 10, 13, 128]);
  writeFileAtomic(join(dir, 'a.txt'), 'λ ± ✓');
  assert.equal([...readFileSync(join(dir, 'a.txt'))], [0xce, 0xbb, 0x20, 0xc2, 0xb1, 0x20, 0xe2, 0x9c, 0x93]);
});

test('a write into a folder that does not exist should throw a WriteError naming the file and the cause', () => {
  const file = join(tempDir(), 'gone', 'runs.csv');
  assert.throws(() => writeFileAtomic(file, OLD), (e: Error) => e.name === 'WriteError' && e.message === `cannot write ${file}: no such file or folder`);
});

test('removeStaleTempFiles should remove only the temp files of writers, and count them', () => {
  const dir = tempDir();
  const keep = ['runs.csv', '.lock', 'notes.tmp', '.hidden'];
  const stale = ['.runs.csv.4242.tmp', '.history.csv.1.tmp'];
  for (const f of [...keep, ...stale]) writeFileSync(join(dir, f), 'x');
  assert.is(removeStaleTempFiles(dir), 2);
  assert.equal(readdirSync(dir).sort(), [...keep].sort());
  assert.is(removeStaleTempFiles(dir), 0);
});

test('opening a results folder should remove the temp files a killed sweep left, in it and in trials/', () => {
  const dir = join(tempDir(), 'tiny');
  mkdirSync(join(dir, 'trials'), { recursive: true });
  writeFileSync(join(dir, 'runs.csv'), OLD);
  writeFileSync(join(dir, 'trials', 'abcdef012345.json'), '{}');
  assert.is(interruptedWrite(join(dir, 'runs.csv'), 'renameSync', 'kill').signal, 'SIGKILL');
  assert.is(interruptedWrite(join(dir, 'trials', 'abcdef012345.json'), 'writeSync', 'kill').signal, 'SIGKILL');
  assert.is(readdirSync(dir).filter((f) => f.endsWith('.tmp')).length, 1);
  const store = new ResultsStore(dir);
  store.open();
  try {
    assert.equal(readdirSync(dir).filter((f) => f !== '.lock').sort(), ['runs.csv', 'trials']);
    assert.equal(readdirSync(join(dir, 'trials')), ['abcdef012345.json']);
    assert.is(readFileSync(join(dir, 'runs.csv'), 'utf8'), OLD);
  } finally {
    store.close();
  }
});

test.run();
