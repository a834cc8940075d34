// One sweep at a time per results folder: a lock file holding the owner's pid, created exclusively. A lock whose
// process is gone (killed, machine restarted) is taken over.
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';

export const LOCK_FILE = '.lock';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class FolderLock {
  private held = false;
  readonly file: string;

  constructor(dir: string) {
    this.file = join(dir, LOCK_FILE);
  }

  /** Takes the lock or throws a UserError naming the process that holds it. */
  acquire(): void {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        writeFileSync(this.file, `${process.pid}\n`, { flag: 'wx' });
        this.held = true;
        // Also released when the process exits without reaching release() (process.exit from a handler).
        process.once('exit', this.releaseOnExit);
        return;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      let owner = NaN;
      try {
        owner = Number.parseInt(readFileSync(this.file, 'utf8'), 10);
      } catch {
        continue; // released in between: try again
      }
      if (Number.isInteger(owner) && owner !== process.pid && alive(owner)) {
        throw new UserError(`${this.file}: another sweep (pid ${owner}) is running on this results folder; wait for it or stop it`);
      }
      try {
        unlinkSync(this.file); // left by a process that is gone
      } catch {
        // someone else took it over first: the next attempt tells
      }
    }
    throw new UserError(`${this.file}: could not take the lock`);
  }

  private readonly releaseOnExit = () => this.release();

  release(): void {
    if (!this.held) return;
    this.held = false;
    process.off('exit', this.releaseOnExit);
    try {
      if (Number.parseInt(readFileSync(this.file, 'utf8'), 10) === process.pid) unlinkSync(this.file);
    } catch {
      // already gone
    }
  }
}
