// A real pseudo-terminal for tests: a bash in a tmux session on a socket of its own (never the user's tmux server).
// Commands are typed into it as a user types them, Ctrl-C is a key press (the terminal signals the foreground
// process group, as it does for a person), and the screen is read back as text.
import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { CLI, sleep } from './cli.js';
import { ROOT } from './fixtures.js';

let sessions = 0;

export function tmuxAvailable(): boolean {
  return spawnSync('tmux', ['-V']).status === 0;
}

export class Terminal {
  private readonly socket = `mlp-sweep-tty-${process.pid}-${++sessions}`;
  private readonly cleanup = () => this.close();
  private readonly socketPath: string;

  /** Starts bash (no rc files) in a 200 × 50 terminal, with `sweep` the compiled CLI and `env` exported. */
  constructor(env: Record<string, string> = {}) {
    this.tmux('-f', '/dev/null', 'new-session', '-d', '-s', 'main', '-x', '200', '-y', '50', '-c', ROOT, 'bash --norc --noprofile');
    process.once('exit', this.cleanup);
    this.socketPath = this.tmux('display-message', '-p', '#{socket_path}').trim();
    const exports = Object.entries(env).map(([k, v]) => `export ${k}='${v}'; `).join('');
    this.type(`${exports}PS1='$ '; sweep() { '${process.execPath}' '${CLI}' "$@"; }; clear`);
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }

  /** Types a line and presses Enter. */
  type(line: string): void {
    this.tmux('send-keys', '-t', 'main', '-l', line);
    this.tmux('send-keys', '-t', 'main', 'Enter');
  }

  /** Presses Ctrl-C. */
  ctrlC(): void {
    this.tmux('send-keys', '-t', 'main', 'C-c');
  }

  /** The whole screen and its scroll-back, wrapped lines joined. */
  screen(): string {
    return this.tmux('capture-pane', '-p', '-J', '-S', '-', '-t', 'main');
  }

  async waitFor(pattern: RegExp, timeoutMs: number, what: string): Promise<RegExpExecArray> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const m = pattern.exec(this.screen());
      if (m) return m;
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}; the screen:\n${this.screen()}`);
      await sleep(100);
    }
  }

  close(): void {
    process.off('exit', this.cleanup);
    spawnSync('tmux', ['-L', this.socket, 'kill-server']);
    rmSync(this.socketPath, { force: true }); // tmux leaves its socket file behind
  }
}
