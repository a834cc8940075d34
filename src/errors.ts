/**
 * An error caused by the user's input (a file, a flag, a dataset): printed as one line, exit code 2, no stack trace.
 * The message names where the problem is (file, key, line:col) and what is allowed.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
