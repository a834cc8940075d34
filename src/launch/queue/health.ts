// Whether Redis answers while a sweep or a worker runs. BullMQ's connections retry for ever and their commands wait
// for the server (so a blip pauses the work instead of ending it), which means a frozen or vanished Redis would look
// like silence. This pings on a connection of its own and says when the queue stops answering and when it is back.
import { Redis } from 'ioredis';
import { connectionOptions, type QueueUrl } from './connection.js';

/** How often Redis is pinged. */
const PING_EVERY_MS = 1000;
/** A ping not answered within this is a queue not answering: reported within PING_EVERY_MS + this (3 s). */
const ANSWER_WITHIN_MS = 2000;

export class QueueHealth {
  private readonly client: Redis;
  private readonly timer: NodeJS.Timeout;
  private inFlight = false;
  /** when the queue stopped answering; undefined while it answers */
  private downSince?: number;
  /** the cause already shown for this outage (one line per kind of error, not one per retry) */
  private causeShown = '';
  private readonly backListeners: ((downSince: number) => void)[] = [];

  constructor(
    private readonly url: QueueUrl,
    private readonly log: (line: string) => void,
  ) {
    this.client = new Redis({ ...connectionOptions(url), disconnectTimeout: 50 });
    this.client.on('error', (err: Error) => this.cause(err));
    this.timer = setInterval(() => this.ping(), PING_EVERY_MS);
  }

  /** An error from any of the queue's connections: shown once per outage and kind. */
  cause(err: Error): void {
    const line = err.message.split('\n')[0];
    if (line === this.causeShown) return;
    this.causeShown = line;
    const lost = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|Connection is closed|connect/i.test(line);
    this.log(`queue ${this.url.masked}: ${line}${lost ? '; retrying' : ''}`);
  }

  /** Calls `listener` with the time the queue stopped answering each time it answers again. */
  whenBack(listener: (downSince: number) => void): void {
    this.backListeners.push(listener);
  }

  /** true while the last ping was answered in time */
  get answering(): boolean {
    return this.downSince === undefined;
  }

  private ping(): void {
    if (this.inFlight) return; // the last one is still waiting: its timer reports it
    this.inFlight = true;
    const sent = Date.now();
    const late = setTimeout(() => this.down(sent), ANSWER_WITHIN_MS);
    this.client
      .ping()
      .then(() => this.up())
      .catch((err: Error) => {
        this.cause(err);
        this.down(sent);
      })
      .finally(() => {
        clearTimeout(late);
        this.inFlight = false;
      });
  }

  private down(since: number): void {
    if (this.downSince !== undefined) return;
    this.downSince = since;
    this.log(`queue ${this.url.masked} not answering; retrying`);
  }

  private up(): void {
    if (this.downSince === undefined) return;
    const since = this.downSince;
    this.downSince = undefined;
    this.causeShown = '';
    this.log(`queue ${this.url.masked} answering again after ${((Date.now() - since) / 1000).toFixed(1)} s`);
    for (const listener of this.backListeners) listener(since);
  }

  close(): void {
    clearInterval(this.timer);
    this.client.disconnect();
  }
}
