// A file of the results folder that could not be written (a full disk, a read-only mount, lost permissions): one line
// for the user naming the file and the cause in words, not an errno.
const CAUSES: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'is a folder',
  EEXIST: 'already exists',
  ENOENT: 'no such file or folder',
  EIO: 'input/output error',
  EFBIG: 'file too large',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'name too long',
};

/** The cause of a file-system error in words: "no space left on device". */
export function fsCause(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code && CAUSES[code]) return CAUSES[code];
  return code ?? (err instanceof Error ? err.message : String(err));
}

export class WriteError extends Error {
  override readonly name = 'WriteError';
  readonly file: string;
  constructor(file: string, cause: unknown) {
    super(`cannot write ${file}: ${fsCause(cause)}`);
    this.file = file;
  }
}

/** Runs a write; a file-system error becomes a WriteError naming `file`. */
export function writingTo<T>(file: string, write: () => T): T {
  try {
    return write();
  } catch (err) {
    if (err instanceof WriteError || typeof (err as NodeJS.ErrnoException).code !== 'string') throw err;
    throw new WriteError(file, err);
  }
}
