// How a sweep stops, in one place: Ctrl-C or SIGTERM, the first failed trial under --fail-fast, a write error in the
// results folder, or its output closing (a broken pipe: `| head`, quitting `less`). The first cause wins. Whatever it
// is, the sweep does the same: it ends the running children, keeps every finished record, closes the live view,
// prints the tables of what finished and the exact command that resumes. The cause decides the exit code and the
// closing line.

export type StopCause =
  | { kind: 'signal'; signal: 'SIGINT' | 'SIGTERM' }
  | { kind: 'broken-pipe'; stream: 'stdout' | 'stderr' }
  /** --fail-fast: the first trial that failed or diverged */
  | { kind: 'fail-fast'; trial: string }
  /** a file of the results folder could not be written (a full disk): one line naming the file and the cause */
  | { kind: 'write-error'; message: string };

export const EXIT_INTERRUPTED = 130; // 128 + SIGINT, as a shell reports a process Ctrl-C ended
export const EXIT_TERMINATED = 143; // 128 + SIGTERM
export const EXIT_BROKEN_PIPE = 141; // 128 + SIGPIPE
export const EXIT_STOPPED = 1; // --fail-fast or a write error: the sweep did not finish

export function stopExitCode(cause: StopCause): number {
  if (cause.kind === 'signal') return cause.signal === 'SIGINT' ? EXIT_INTERRUPTED : EXIT_TERMINATED;
  if (cause.kind === 'broken-pipe') return EXIT_BROKEN_PIPE;
  return EXIT_STOPPED;
}

/** "Interrupted (SIGINT)", "Stopped at the first failed trial (--fail-fast): lr=0.2 …", … */
export function describeStop(cause: StopCause): string {
  switch (cause.kind) {
    case 'signal':
      return cause.signal === 'SIGINT' ? 'Interrupted (Ctrl-C, SIGINT)' : 'Terminated (SIGTERM)';
    case 'broken-pipe':
      return `Output closed (broken pipe on ${cause.stream})`;
    case 'fail-fast':
      return `Stopped at the first failed trial (--fail-fast): ${cause.trial}`;
    case 'write-error':
      return `Stopped: ${cause.message}`;
  }
}

/**
 * The stop of one sweep process. `onStop` handlers run once when a cause is first requested, and again with
 * `urgent` on a second Ctrl-C / SIGTERM (end the children at once); a third signal exits on the spot.
 */
export class SweepStop {
  cause?: StopCause;
  /** a sweep is running in this process: signals and a broken pipe stop it rather than end the process */
  listening = false;
  private signals = 0;
  private readonly handlers = new Set<(urgent: boolean) => void>();

  onStop(handler: (urgent: boolean) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  request(cause: StopCause): void {
    if (this.cause) return;
    this.cause = cause;
    for (const handler of this.handlers) handler(false);
  }

  /** SIGINT and SIGTERM stop the sweep from now on, until the returned function is called. */
  listen(): () => void {
    this.listening = true;
    const onSignal = (signal: 'SIGINT' | 'SIGTERM') => {
      this.signals++;
      if (!this.cause) return this.request({ kind: 'signal', signal });
      if (this.signals <= 2) for (const handler of this.handlers) handler(true);
      else process.exit(stopExitCode(this.cause));
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    return () => {
      this.listening = false;
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    };
  }
}

/** Quotes a word for a POSIX shell: as is when it is plainly safe, else in single quotes. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_\-.,/:=@%+]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The command that resumes a sweep: the same invocation with every option given, less --force (it would retrain). */
export function resumeCommand(args: string[]): string {
  return ['sweep', ...args.filter((a) => a !== '--force')].map(shellQuote).join(' ');
}

export interface SweepCounts {
  trials: number;
  failed: number;
  diverged: number;
  /** trials with no record: not trained (yet) */
  missing: number;
  expectationsMissed: number;
}

/** Why the exit code is not 0, as the sweep's last line: "exit 1: 2 failed, 1 diverged, 1 expectation missed". */
export function exitLine(code: number, counts: SweepCounts, cause?: StopCause): string {
  const parts: string[] = [];
  if (cause?.kind === 'signal') parts.push(cause.signal === 'SIGINT' ? 'interrupted' : 'terminated');
  if (cause?.kind === 'broken-pipe') parts.push('output closed');
  if (cause?.kind === 'fail-fast') parts.push('stopped by --fail-fast');
  if (cause?.kind === 'write-error') parts.push('a write error stopped the sweep');
  if (counts.failed) parts.push(`${counts.failed} failed`);
  if (counts.diverged) parts.push(`${counts.diverged} diverged`);
  if (counts.missing) parts.push(`${counts.missing} not trained`);
  if (counts.expectationsMissed) parts.push(`${counts.expectationsMissed} expectation${counts.expectationsMissed > 1 ? 's' : ''} missed`);
  return `exit ${code}: ${parts.join(', ')}`;
}
