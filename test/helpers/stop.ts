// What the stop tests share: a sweep started with a tag (to find its processes), its output as it comes, the resume
// hint it prints, and that hint pasted into a real shell.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { CLI, exited, sweepAsync, waitFor, type CliResult } from './cli.js';
import { ROOT } from './fixtures.js';

export interface RunningSweep {
  child: ChildProcess;
  tag: string;
  /** stdout and stderr so far */
  output(): string;
}

let sweeps = 0;

/** Starts `sweep ARGS` with a tag in its environment (inherited by its workers). */
export function startSweep(args: string[], env: Record<string, string> = {}): RunningSweep {
  const tag = `SWEEP_TEST_TAG_${process.pid}_stop${++sweeps}`;
  const child = sweepAsync(args, { ...env, [tag]: '1' });
  let text = '';
  child.stdout!.on('data', (d) => (text += d));
  child.stderr!.on('data', (d) => (text += d));
  return { child, tag, output: () => text };
}

/**
 * Sends `signal` once `ready` holds (and `again` 300 ms later, as a second Ctrl-C); resolves with the exit code and
 * the seconds from the first signal to the exit.
 */
export async function stopWhen(s: RunningSweep, ready: (output: string) => boolean, signal: NodeJS.Signals, what: string, again?: NodeJS.Signals) {
  await waitFor(() => ready(s.output()), 60000, what);
  const sentAt = Date.now();
  s.child.kill(signal);
  if (again) setTimeout(() => s.child.exitCode === null && s.child.signalCode === null && s.child.kill(again), 300);
  const { code } = await exited(s.child);
  return { code, seconds: (Date.now() - sentAt) / 1000, output: s.output() };
}

/** The command the sweep said to run to resume. */
export function resumeHint(output: string): string {
  const m = /To resume, run:\n {2}(.+)\n/.exec(output);
  if (!m) throw new Error(`no resume hint in:\n${output}`);
  return m[1];
}

/** Runs a command line as a user pastes it into bash, where `sweep` is this repository's compiled CLI. */
export function pasteIntoShell(line: string): CliResult {
  const script = `sweep() { '${process.execPath}' '${CLI}' "$@"; }\n${line}`;
  const r = spawnSync('bash', ['-c', script], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
