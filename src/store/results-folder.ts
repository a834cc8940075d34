// Checks of a results folder before a sweep trains anything: a path that is a file, that cannot be created, that is
// read-only or that lives on a pseudo-filesystem (/proc, /sys) is refused with one line naming it and the cause.
import { accessSync, constants, existsSync, statfsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { fsCause } from './write-error.js';

/** statfs f_type of file systems that hold no files of ours (linux/magic.h). */
const PSEUDO_FILESYSTEMS: Record<number, string> = {
  0x9fa0: 'proc',
  0x62656572: 'sysfs',
  0x1cd1: 'devpts',
  0x27e0eb: 'cgroup',
  0x63677270: 'cgroup2',
  0x64626720: 'debugfs',
  0x74726163: 'tracefs',
  0x73636673: 'securityfs',
  0x6165676c: 'pstore',
  0xcafe4a11: 'bpf',
  0x62656570: 'configfs',
  0x42494e4d: 'binfmt_misc',
};

/** The path itself when it exists, else its nearest existing ancestor. */
function nearestExisting(path: string): string {
  let p = resolve(path);
  while (!existsSync(p) && dirname(p) !== p) p = dirname(p);
  return p;
}

/** Throws a UserError when `dir` cannot serve as a results folder. */
export function checkResultsFolder(dir: string, option = '--results'): void {
  const where = `${option} ${dir}`;
  const existing = nearestExisting(dir);
  const self = existing === resolve(dir);
  let stats;
  try {
    stats = statSync(existing);
  } catch (err) {
    throw new UserError(`${where}: cannot be read: ${fsCause(err)}`);
  }
  if (!stats.isDirectory()) {
    throw new UserError(self ? `${where}: is a file, not a folder` : `${where}: cannot be created: ${existing} is a file, not a folder`);
  }
  const type = PSEUDO_FILESYSTEMS[statfsSync(existing).type];
  if (type !== undefined) throw new UserError(`${where}: is on the ${type} pseudo-filesystem, which cannot hold files; choose another folder`);
  try {
    accessSync(existing, constants.W_OK | constants.X_OK);
  } catch (err) {
    throw new UserError(self ? `${where}: cannot be written: ${fsCause(err)}` : `${where}: cannot be created in ${existing}: ${fsCause(err)}`);
  }
}
