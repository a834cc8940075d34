// Results folders that cannot hold a sweep: refused before any training with one line and exit 2; a disk that fills
// up mid-sweep stops it as an interrupt does, leaving whole records and no temp file, and the hint resumes it once
// space is freed. The read-only and full-disk cases mount a real tmpfs / read-only bind mount (root only; skipped
// with a message otherwise).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, experimentFile, exited, readCsv, tempDir, waitFor } from './helpers/cli.js';
import { ROOT } from './helpers/fixtures.js';
import { pasteIntoShell, resumeHint, startSweep } from './helpers/stop.js';

const TINY = 'name: tiny\ndata: {limit: 600}\nruns: [{lr: 0.1, epochs: 2, hidden: 7, seed: 1}]\n';

/** One line on stderr, exit 2, nothing trained, no stack trace; within 30 s (`--results /proc/x` used to hang). */
function assertRefused(results: string, cause: RegExp) {
  const r = spawnSync(process.execPath, [CLI, 'run', experimentFile(TINY), '--results', results], { cwd: ROOT, encoding: 'utf8', timeout: 30000 });
  assert.is(r.status, 2, r.stdout + r.stderr);
  assert.is(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
  assert.match(r.stderr.trimEnd(), cause);
  assert.not.match(r.stderr, /\n\s+at /);
  assert.not.match(r.stdout, /worker \d: start/);
}

test('--results on a file is refused: exit 2, one line', () => {
  const file = join(tempDir(), 'a-file');
  writeFileSync(file, 'x');
  assertRefused(file, /^sweep: --results .*a-file: is a file, not a folder$/);
});

test('--results under a file cannot be created: exit 2, one line naming the file', () => {
  const file = join(tempDir(), 'a-file');
  writeFileSync(file, 'x');
  assertRefused(join(file, 'results'), /cannot be created: .*a-file is a file, not a folder/);
});

for (const dir of ['/proc/x', '/sys/x']) {
  test(`--results ${dir} (a pseudo-filesystem) is refused at once`, () => {
    assertRefused(dir, /is on the (proc|sysfs) pseudo-filesystem/);
  });
}

/** Runs `mount ARGS` (root only); false when this machine does not allow it. */
function mount(...args: string[]): boolean {
  return spawnSync('mount', args, { stdio: 'ignore' }).status === 0;
}
function unmount(dir: string): void {
  spawnSync('umount', [dir], { stdio: 'ignore' });
}

const probe = tempDir('mlp-sweep-mount-');
const canMount = mount('-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe);
if (canMount) unmount(probe);

if (!canMount) {
  test('mounting is not allowed here (not root, or no CAP_SYS_ADMIN): the read-only and full-disk cases are skipped', () => {});
} else {
  test('--results on a read-only mount is refused: exit 2, one line, nothing created', () => {
    const source = tempDir();
    const readOnly = tempDir();
    assert.ok(mount('--bind', source, readOnly) && mount('-o', 'remount,bind,ro', readOnly));
    try {
      assertRefused(readOnly, /: cannot be written: read-only file system$/);
      assertRefused(join(readOnly, 'new', 'folder'), /: cannot be created in .*: read-only file system$/);
      assert.equal(readdirSync(source), []);
    } finally {
      unmount(readOnly);
    }
  });

  test('a disk that fills up mid-sweep stops it with one line; records stay whole, no .tmp; freed, the hint resumes', async () => {
    const disk = tempDir('mlp-sweep-tmpfs-');
    assert.ok(mount('-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', disk));
    const onExit = () => unmount(disk);
    process.once('exit', onExit);
    try {
      const lrs = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8];
      const file = experimentFile(`name: tiny\ndata: {limit: 600}\ngrid: {lr: [${lrs.join(', ')}], epochs: 200, hidden: 7, seed: 3}\n`);
      const s = startSweep(['run', file, '--results', disk, '--workers', '1']);
      const trials = join(disk, 'tiny', 'trials');
      await waitFor(() => existsSync(trials) && readdirSync(trials).filter((f) => f.endsWith('.json')).length >= 2, 60000, 'two records');
      // fill the disk to the last byte
      const filler = openSync(join(disk, 'filler'), 'w');
      const chunk = Buffer.alloc(16 * 1024);
      try {
        for (;;) writeSync(filler, chunk);
      } catch (err) {
        assert.is((err as NodeJS.ErrnoException).code, 'ENOSPC');
      } finally {
        closeSync(filler);
      }
      const before = Object.fromEntries(readdirSync(trials).map((f) => [f, readFileSync(join(trials, f), 'utf8')]));
      const { code } = await exited(s.child);
      const out = s.output();
      assert.is(code, 1, out);
      assert.match(out, /Stopped: cannot write .*: no space left on device/);
      assert.not.match(out, /\n\s+at /);
      assert.match(out.trimEnd().split('\n').at(-1)!, /^exit 1: a write error stopped the sweep, \d not trained$/);
      const everything = [disk, join(disk, 'tiny'), trials, join(disk, 'tiny', 'logs')].flatMap((d) => readdirSync(d));
      assert.equal(everything.filter((f) => f.includes('.tmp')), []);
      for (const [f, text] of Object.entries(before)) {
        assert.is(readFileSync(join(trials, f), 'utf8'), text, f);
        JSON.parse(text);
      }
      rmSync(join(disk, 'filler'));
      const resumed = pasteIntoShell(resumeHint(out));
      assert.is(resumed.code, 0, resumed.stdout + resumed.stderr);
      assert.match(resumed.stdout, new RegExp(`Skipping ${Object.keys(before).length} finished trial`));
      assert.is(readCsv(join(disk, 'tiny', 'runs.csv')).filter((r) => r.status === 'ok').length, lrs.length);
    } finally {
      process.off('exit', onExit);
      unmount(disk);
    }
  });
}

test.run();
