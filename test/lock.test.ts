// The results folder's lock (src/store/lock.ts): one sweep at a time per folder; a lock whose process is gone is taken
// over, one whose process lives (ours to signal or not) is refused; only the holder's own lock file is removed, on
// release or at exit.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FolderLock } from '../src/store/lock.js';
import { ROOT } from './helpers/fixtures.js';
import { tempDir } from './helpers/cli.js';

const LOCK_JS = join(ROOT, 'dist', 'src', 'store', 'lock.js');

/**
 * lock.js and the one module it imports, copied where any user may read them: a child run as another user may not
 * read this checkout (a mutation-testing sandbox is private to its owner).
 */
function readableLockModule(): string {
  const root = tempDir();
  chmodSync(root, 0o755);
  mkdirSync(join(root, 'src', 'store'), { recursive: true, mode: 0o755 });
  copyFileSync(LOCK_JS, join(root, 'src', 'store', 'lock.js'));
  copyFileSync(join(ROOT, 'dist', 'src', 'errors.js'), join(root, 'src', 'errors.js'));
  writeFileSync(join(root, 'package.json'), '{"type": "module"}\n');
  return join(root, 'src', 'store', 'lock.js');
}

/** Runs `body` (JavaScript with `FolderLock` and `dir` in scope) in a child node; `uid` runs it as another user. */
function inChild(dir: string, body: string, uid?: number) {
  const module = uid === undefined ? LOCK_JS : readableLockModule();
  const script = `const { FolderLock } = await import(${JSON.stringify(module)}); const dir = ${JSON.stringify(dir)};\n${body}`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', ...(uid === undefined ? {} : { uid, gid: uid }) });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('the lock should refuse a second holder while its owner lives, be taken over from a dead one, and go on release', () => {
  const dir = tempDir();
  const first = new FolderLock(dir);
  first.acquire();
  assert.is(readFileSync(join(dir, '.lock'), 'utf8'), `${process.pid}\n`);
  first.release();
  assert.not.ok(existsSync(join(dir, '.lock')));
  writeFileSync(join(dir, '.lock'), '1\n'); // pid 1 is always alive
  assert.throws(() => new FolderLock(dir).acquire(), /another sweep \(pid 1\) is running on this results folder/);
  writeFileSync(join(dir, '.lock'), '999999999\n'); // no such process
  const taker = new FolderLock(dir);
  taker.acquire();
  assert.is(readFileSync(join(dir, '.lock'), 'utf8'), `${process.pid}\n`);
  taker.release();
  taker.release();
  assert.not.ok(existsSync(join(dir, '.lock')));
});

test('the refusal should name the lock file and the owner in full', () => {
  const dir = tempDir();
  writeFileSync(join(dir, '.lock'), '1\n');
  assert.throws(
    () => new FolderLock(dir).acquire(),
    (e: Error) => e.name === 'UserError' && e.message === `${join(dir, '.lock')}: another sweep (pid 1) is running on this results folder; wait for it or stop it`,
  );
});

test('a live owner that this user may not signal (EPERM) should count as alive', () => {
  const dir = tempDir();
  writeFileSync(join(dir, '.lock'), '1\n');
  // as root every process can be signalled: the check runs as the user nobody, to whom pid 1 answers EPERM
  const root = process.getuid?.() === 0;
  if (root) chmodSync(dir, 0o777);
  const r = inChild(dir, `try { new FolderLock(dir).acquire(); console.log('taken'); } catch (e) { console.log(e.message); }`, root ? 65534 : undefined);
  assert.is(r.stdout, `${join(dir, '.lock')}: another sweep (pid 1) is running on this results folder; wait for it or stop it\n`, r.stderr);
  assert.is(readFileSync(join(dir, '.lock'), 'utf8'), '1\n');
});

test('a lock file holding our own pid, or no pid at all, should be taken over', () => {
  const dir = tempDir();
  for (const left of [`${process.pid}\n`, 'garbage\n', '']) {
    writeFileSync(join(dir, '.lock'), left);
    const lock = new FolderLock(dir);
    lock.acquire();
    assert.is(readFileSync(join(dir, '.lock'), 'utf8'), `${process.pid}\n`, JSON.stringify(left));
    lock.release();
    assert.not.ok(existsSync(join(dir, '.lock')));
  }
});

test('a lock that cannot be read or removed should be given up after a few attempts, naming the file', () => {
  const dir = tempDir();
  mkdirSync(join(dir, '.lock')); // exists (EEXIST) but reads as a folder (EISDIR), every time
  assert.throws(() => new FolderLock(dir).acquire(), (e: Error) => e.name === 'UserError' && e.message === `${join(dir, '.lock')}: could not take the lock`);
});

test('a lock in a folder that does not exist should throw the file system error itself', () => {
  const dir = join(tempDir(), 'gone');
  assert.throws(() => new FolderLock(dir).acquire(), (e: NodeJS.ErrnoException) => e.code === 'ENOENT' && e.name !== 'UserError');
});

test('release should remove only a lock this instance holds and whose file still names this process', () => {
  const dir = tempDir();
  const file = join(dir, '.lock');
  const holder = new FolderLock(dir);
  holder.acquire();
  new FolderLock(dir).release(); // never acquired: leaves the holder's lock
  assert.is(readFileSync(file, 'utf8'), `${process.pid}\n`);
  holder.release();
  const next = new FolderLock(dir);
  next.acquire();
  holder.release(); // released already: must not remove the next holder's lock
  assert.is(readFileSync(file, 'utf8'), `${process.pid}\n`);
  writeFileSync(file, '1\n'); // taken over by another process meanwhile
  next.release();
  assert.is(readFileSync(file, 'utf8'), '1\n');
});

test('a process that exits without release should remove its lock; acquire and release should leave no exit handler', () => {
  const dir = tempDir();
  const r = inChild(dir, 'new FolderLock(dir).acquire(); process.exit(0);');
  assert.is(r.code, 0, r.stderr);
  assert.not.ok(existsSync(join(dir, '.lock')), 'released at exit');
  const before = process.listenerCount('exit');
  for (let i = 0; i < 12; i++) {
    const lock = new FolderLock(dir);
    lock.acquire();
    assert.is(process.listenerCount('exit'), before + 1);
    lock.release();
  }
  assert.is(process.listenerCount('exit'), before);
});

test.run();
