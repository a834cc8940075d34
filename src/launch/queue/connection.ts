// Where the queue lives: a `redis://[:password@]host:port[/db]` URL, parsed once, shown with its password masked, and
// checked before a sweep or a worker starts, so a wrong URL fails in seconds with one line instead of retrying forever.
import { Redis } from 'ioredis';
import { UserError } from '../../errors.js';

/** The one queue every sweep and worker uses (per Redis database; pick another `/db` in the URL to separate teams). */
export const QUEUE_NAME = 'mlp-sweep';

/** How long the first connection may take, and each command of the check, before the URL is declared unusable. */
const CONNECT_TIMEOUT_MS = 1200;
/** The whole check (connect, authenticate, select the database, ping, version) ends within this, whatever the server does. */
export const CHECK_DEADLINE_MS = 1500;
/** After the check, the queue's own connections (BullMQ's) must be ready within this. */
const READY_DEADLINE_MS = 5000;

/** Environment variable read when `--queue` is not given. */
export const QUEUE_ENV = 'SWEEP_QUEUE';

export interface QueueUrl {
  /** the URL as given */
  url: string;
  /** the URL with its password replaced by *** (for messages and logs) */
  masked: string;
  host: string;
  port: number;
  username?: string;
  password?: string;
  db: number;
}

export function maskUrl(url: string): string {
  return url.replace(/^(rediss?:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}

/** Parses `redis://[[user]:password@]host[:port][/db]`; a UserError names what is wrong and what is allowed. */
export function parseQueueUrl(url: string): QueueUrl {
  const masked = maskUrl(url);
  const expected = 'expected redis://[:password@]host:port[/db]';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UserError(`--queue ${masked}: not a URL; ${expected}`);
  }
  if (parsed.protocol !== 'redis:') throw new UserError(`--queue ${masked}: scheme "${parsed.protocol}" is not supported; ${expected}`);
  if (parsed.hostname === '') throw new UserError(`--queue ${masked}: no host; ${expected}`);
  const port = parsed.port === '' ? 6379 : Number(parsed.port);
  const dbText = parsed.pathname.replace(/^\//, '');
  if (!/^\d*$/.test(dbText) || Number(dbText) > 65535) throw new UserError(`--queue ${masked}: database "${dbText}" must be a number; ${expected}`);
  return {
    url,
    masked,
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    username: parsed.username === '' ? undefined : decodeURIComponent(parsed.username),
    password: parsed.password === '' ? undefined : decodeURIComponent(parsed.password),
    db: dbText === '' ? 0 : Number(dbText),
  };
}

/** The URL from `--queue` or, failing that, $SWEEP_QUEUE; undefined when neither is set. */
export function queueUrlFrom(flag: string | undefined): string | undefined {
  return flag ?? (process.env[QUEUE_ENV] || undefined);
}

/**
 * ioredis options for BullMQ's long-lived connections: after the first connection, a lost server is retried with
 * backoff (0.2 s, 0.4 s, … up to 2 s) for ever, and commands wait for it (maxRetriesPerRequest null), so a Redis
 * restart pauses a sweep instead of ending it.
 */
export interface ConnectionSettings {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db: number;
  connectTimeout: number;
  maxRetriesPerRequest: null;
  retryStrategy: (times: number) => number;
}

export function connectionOptions(q: QueueUrl): ConnectionSettings {
  return {
    host: q.host,
    port: q.port,
    username: q.username,
    password: q.password,
    db: q.db,
    connectTimeout: CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: null,
    retryStrategy: (times: number) => Math.min(times * 200, 2000),
  };
}

function describeConnectError(err: Error & { code?: string }, db: number): string {
  const text = err.message.split('\n')[0];
  if (/WRONGPASS|invalid username-password|AUTH <password> called without any password/i.test(text)) {
    return 'authentication failed: wrong password (or user); check the password in the URL';
  }
  if (/NOAUTH/.test(text)) return 'authentication failed: the server needs a password; give it as redis://:password@host:port';
  if (/DB index is out of range|invalid DB index/i.test(text)) {
    return `the server has no database ${db} (${text}); pick one below its "databases" setting (16 by default)`;
  }
  if (/Protocol error|Unknown RESP type/i.test(text)) return `the server there does not speak Redis's protocol (${text.replace(/\. Please report this\.?$/, '')})`;
  if (err.code === 'ECONNREFUSED') return 'connection refused; is redis-server running there?';
  if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') return 'unknown host';
  if (err.code === 'ETIMEDOUT' || /timed? ?out/i.test(text)) return `no answer within ${CHECK_DEADLINE_MS / 1000} s; is a Redis server listening there?`;
  return text;
}

class Deadline extends Error {}

/**
 * Connects once without retrying, authenticates, selects the database and pings; throws a one-line UserError naming
 * the (masked) URL when Redis cannot be reached, refuses the password, has no such database, is not Redis or does
 * not answer — within CHECK_DEADLINE_MS whatever the server does. Also checks it is Redis ≥ 5 (BullMQ's minimum).
 */
export async function checkQueueReachable(q: QueueUrl): Promise<void> {
  const client = new Redis({
    ...connectionOptions(q),
    db: 0, // selected below, so that a missing database is an answer to one command, not a reconnect loop
    lazyConnect: true,
    enableOfflineQueue: false,
    enableReadyCheck: false,
    maxRetriesPerRequest: 0,
    commandTimeout: CONNECT_TIMEOUT_MS,
    retryStrategy: () => null,
    disconnectTimeout: 50, // a server that never answers never closes its end either: do not wait for it (default 2 s)
  });
  // The rejected promise of a failed connection only says "Connection is closed"; the cause comes as an 'error' event.
  let cause: (Error & { code?: string }) | undefined;
  client.on('error', (err: Error) => (cause ??= err));
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Deadline(`timed out after ${CHECK_DEADLINE_MS} ms`)), CHECK_DEADLINE_MS);
  });
  const check = async () => {
    await client.connect();
    await client.ping();
    if (q.db !== 0) await client.select(q.db);
    const info = await client.info('server');
    const version = /redis_version:(\d+)/.exec(info)?.[1];
    if (version !== undefined && Number(version) < 5) {
      throw new UserError(`cannot use the queue at ${q.masked}: Redis ${version} is too old; BullMQ needs Redis 5 or later`);
    }
  };
  const checked = check();
  checked.catch(() => {}); // still pending when the deadline wins; it fails once the client is disconnected
  try {
    await Promise.race([checked, deadline]);
  } catch (err) {
    if (err instanceof UserError) throw err;
    const closed = /Connection is closed|Command timed out/i.test((err as Error).message) || err instanceof Deadline;
    throw new UserError(`cannot use the queue at ${q.masked}: ${describeConnectError(closed && cause ? cause : (err as Error), q.db)}`);
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}

/** Rejects with a one-line UserError naming the URL when `ready` (a queue's or worker's first connection) takes too long. */
export async function readyWithin<T>(q: QueueUrl, ready: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new UserError(`cannot use the queue at ${q.masked}: ${what} not ready within ${READY_DEADLINE_MS / 1000} s`)), READY_DEADLINE_MS);
  });
  try {
    return await Promise.race([ready, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
