// A file of the results folder that cannot be written, in words (src/store/write-error.ts): each errno a user may meet
// as the phrase the one-line message says, the WriteError naming the file, and writingTo wrapping file-system errors
// only.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fsCause, WriteError, writingTo } from '../src/store/write-error.js';

const fsError = (code: string) => Object.assign(new Error(`${code}: something, open 'x'`), { code });

test('fsCause should say each errno a write may meet in words', () => {
  const words: [string, string][] = [
    ['ENOSPC', 'no space left on device'],
    ['EDQUOT', 'disk quota exceeded'],
    ['EROFS', 'read-only file system'],
    ['EACCES', 'permission denied'],
    ['EPERM', 'operation not permitted'],
    ['ENOTDIR', 'a part of the path is a file, not a folder'],
    ['EISDIR', 'is a folder'],
    ['EEXIST', 'already exists'],
    ['ENOENT', 'no such file or folder'],
    ['EIO', 'input/output error'],
    ['EFBIG', 'file too large'],
    ['EMFILE', 'too many open files'],
    ['ENAMETOOLONG', 'name too long'],
  ];
  for (const [code, text] of words) assert.is(fsCause(fsError(code)), text, code);
});

test('fsCause should fall back to the code, then the message, then the value itself', () => {
  assert.is(fsCause(fsError('EXDEV')), 'EXDEV');
  assert.is(fsCause(new Error('disk on fire')), 'disk on fire');
  assert.is(fsCause('a thrown string'), 'a thrown string');
  assert.is(fsCause(Object.assign(new Error('m'), { code: '' })), '', 'an empty code is the code, not the message');
});

test('a WriteError should name the file and the cause', () => {
  const e = new WriteError('/r/x/runs.csv', fsError('ENOSPC'));
  assert.is(e.name, 'WriteError');
  assert.is(e.message, 'cannot write /r/x/runs.csv: no space left on device');
  assert.is(e.file, '/r/x/runs.csv');
  assert.ok(e instanceof Error);
});

test('writingTo should return the write\'s value, turn a file-system error into a WriteError, and pass other errors on', () => {
  assert.is(writingTo('/f', () => 42), 42);
  assert.throws(() => writingTo('/f', () => { throw fsError('EROFS'); }), (e: Error) => e instanceof WriteError && e.message === 'cannot write /f: read-only file system');
  const bug = new TypeError('not a file-system error');
  assert.throws(() => writingTo('/f', () => { throw bug; }), (e: Error) => e === bug);
  const inner = new WriteError('/inner', fsError('ENOSPC'));
  assert.throws(() => writingTo('/outer', () => { throw inner; }), (e: Error) => e === inner);
  const numbered = Object.assign(new Error('a code that is not a string'), { code: 5 });
  assert.throws(() => writingTo('/f', () => { throw numbered; }), (e: Error) => e === numbered);
});

test.run();
