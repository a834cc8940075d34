// Whole-file writes that never leave a half-written file: write a temp file beside the target, then rename over it
// (rename within one folder is atomic on POSIX file systems).
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { writingTo } from './write-error.js';

const TMP_SUFFIX = '.tmp';

/** Throws a WriteError naming `file` when it cannot be written (a full disk); no temp file is left then. */
export function writeFileAtomic(file: string, text: string | Uint8Array): void {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}${TMP_SUFFIX}`);
  writingTo(file, () => {
    try {
      const fd = openSync(tmp, 'w');
      try {
        // write(2) may write less than asked (a disk nearly full): go on until all is written or it fails (ENOSPC).
        const bytes = typeof text === 'string' ? Buffer.from(text) : text;
        for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, file);
    } catch (err) {
      rmSync(tmp, { force: true });
      throw err;
    }
  });
}

/** Removes temp files that a killed writer left in `dir` (their targets are untouched). */
export function removeStaleTempFiles(dir: string): number {
  let removed = 0;
  for (const name of readdirSync(dir)) {
    if (name.startsWith('.') && name.endsWith(TMP_SUFFIX)) {
      rmSync(join(dir, name), { force: true });
      removed++;
    }
  }
  return removed;
}
