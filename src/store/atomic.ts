// Whole-file writes that never leave a half-written file: write a temp file beside the target, then rename over it
// (rename within one folder is atomic on POSIX file systems).
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const TMP_SUFFIX = '.tmp';

export function writeFileAtomic(file: string, text: string | Uint8Array): void {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}${TMP_SUFFIX}`);
  const fd = openSync(tmp, 'w');
  try {
    if (typeof text === 'string') writeSync(fd, text);
    else writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

/** Removes temp files that a killed writer left in `dir` (their targets are untouched). */
export function removeStaleTempFiles(dir: string): number {
  let removed = 0;
  for (const name of readdirSync(dir)) {
    if (name.startsWith('.') && name.endsWith(TMP_SUFFIX)) {
      unlinkSync(join(dir, name));
      removed++;
    }
  }
  return removed;
}
