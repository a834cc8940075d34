// The checks of a results folder before a sweep (src/store/results-folder.ts), called directly: a file, a path under a
// file, a pseudo-filesystem (each one this machine mounts, named as /proc/mounts names it) and a read-only mount (root
// only) are refused with the message in full; a folder to be created under a writable one is accepted.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkResultsFolder } from '../src/store/results-folder.js';
import { tempDir } from './helpers/cli.js';

const refusal = (dir: string, option?: string) => {
  try {
    checkResultsFolder(dir, option);
  } catch (err) {
    return `${(err as Error).name}: ${(err as Error).message}`;
  }
  return 'accepted';
};

test('a folder that exists, or can be created under one that does, should be accepted', () => {
  const dir = tempDir();
  assert.is(refusal(dir), 'accepted');
  assert.is(refusal(join(dir, 'new', 'deeper')), 'accepted');
});

test('a file, or a path under a file, should be refused naming the option and the file', () => {
  const file = join(tempDir(), 'a-file');
  writeFileSync(file, 'x');
  assert.is(refusal(file), `UserError: --results ${file}: is a file, not a folder`);
  assert.is(refusal(join(file, 'results', 'x')), `UserError: --results ${join(file, 'results', 'x')}: cannot be created: ${file} is a file, not a folder`);
  assert.is(refusal(file, '--out'), `UserError: --out ${file}: is a file, not a folder`);
});

// the pseudo-filesystems the check knows, as /proc/mounts names them
const PSEUDO = ['proc', 'sysfs', 'devpts', 'cgroup', 'cgroup2', 'debugfs', 'tracefs', 'securityfs', 'pstore', 'bpf', 'configfs', 'binfmt_misc'];
const mounted = new Map<string, string>();
for (const line of readFileSync('/proc/mounts', 'utf8').split('\n')) {
  const [, where, type] = line.split(' ');
  if (PSEUDO.includes(type) && !mounted.has(type) && !where.includes('\\')) mounted.set(type, where);
}

test(`a folder on a pseudo-filesystem should be refused naming it (here: ${[...mounted.keys()].join(', ')})`, () => {
  assert.ok(mounted.has('proc'), 'every Linux machine mounts /proc');
  for (const [type, where] of mounted) {
    const dir = join(where, 'mlp-sweep-results');
    assert.is(refusal(dir), `UserError: --results ${dir}: is on the ${type} pseudo-filesystem, which cannot hold files; choose another folder`, where);
  }
});

const mount = (...args: string[]) => spawnSync('mount', args, { stdio: 'ignore' }).status === 0;
const probe = tempDir('mlp-sweep-mount-');
const canMount = mount('-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe);
if (canMount) spawnSync('umount', [probe], { stdio: 'ignore' });

test(`a read-only folder should be refused, as should a folder to be created in one${canMount ? '' : ' (skipped: mounting is not allowed here)'}`, () => {
  if (!canMount) return;
  const source = tempDir();
  const readOnly = tempDir();
  assert.ok(mount('--bind', source, readOnly) && mount('-o', 'remount,bind,ro', readOnly));
  try {
    assert.is(refusal(readOnly), `UserError: --results ${readOnly}: cannot be written: read-only file system`);
    assert.is(refusal(join(readOnly, 'new')), `UserError: --results ${join(readOnly, 'new')}: cannot be created in ${readOnly}: read-only file system`);
  } finally {
    spawnSync('umount', [readOnly], { stdio: 'ignore' });
  }
});

test.run();
