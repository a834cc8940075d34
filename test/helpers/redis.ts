// A throwaway redis-server for the queue tests: a free port on 127.0.0.1, no persistence, its own temp folder; stopped
// at the end of the test that started it and, whatever happens, when the test process exits or is interrupted.
// A missing redis-server fails the test loudly (CI installs it with scripts/setup-system.sh), it is never skipped.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RedisServer {
  port: number;
  /** redis://[:password@]127.0.0.1:port */
  url: string;
  /** stops the server (SIGKILL: nothing to save) and removes its folder; safe to call twice */
  stop(): void;
  /** kills the server (its data is lost: no persistence) and starts it again on the same port `downMs` later */
  restart(downMs: number): Promise<void>;
  /** stops (SIGSTOP) or continues (SIGCONT) the server: a Redis that holds its connections but does not answer */
  freeze(on: boolean): void;
}

const running = new Set<ChildProcess>();

function killAll(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    killAll();
    process.kill(process.pid, signal);
  });
}

/** A TCP port nobody listens on now: bind port 0 and let the system pick. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export function requireRedisServer(): void {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error('redis-server is not installed: the queue tests need it (run scripts/setup-system.sh, as CI does)');
  }
}

/** Starts redis-server with `args` and resolves once it accepts connections; it is killed if the test process ends. */
async function spawnRedis(args: string[]): Promise<ChildProcess> {
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let log = '';
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server did not start within 10 s: ${log}`)), 10000);
      child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
        log += chunk;
        if (log.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.on('error', (err) => reject(err));
      child.on('exit', (code) => reject(new Error(`redis-server exited with code ${code}: ${log}`)));
    });
  } catch (err) {
    if (running.delete(child)) child.kill('SIGKILL');
    throw err;
  }
  return child;
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

export async function startRedis(options: { password?: string } = {}): Promise<RedisServer> {
  requireRedisServer();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'mlp-sweep-redis-'));
  const args = ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no', '--dir', dir];
  if (options.password !== undefined) args.push('--requirepass', options.password);
  let child: ChildProcess | undefined;
  let stopped = false;
  const stop = () => {
    stopped = true;
    if (child && running.delete(child)) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    child = await spawnRedis(args);
  } catch (err) {
    stop();
    throw err;
  }
  const restart = async (downMs: number) => {
    const old = child!;
    running.delete(old);
    await killed(old);
    await new Promise((r) => setTimeout(r, downMs));
    if (!stopped) child = await spawnRedis(args);
  };
  const freeze = (on: boolean) => child!.kill(on ? 'SIGSTOP' : 'SIGCONT');
  const auth = options.password === undefined ? '' : `:${encodeURIComponent(options.password)}@`;
  return { port, url: `redis://${auth}127.0.0.1:${port}`, stop, restart, freeze };
}
