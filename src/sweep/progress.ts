// What a running sweep shows: on a terminal, a live view (trials done/total with ETA, each worker's trial and
// epoch); otherwise plain log lines, one per event that matters.
import logUpdate from 'log-update';
import type { TrainJob } from './jobs.js';
import type { TrialRecord } from '../store/record.js';

export interface SweepProgress {
  begin(totalTrials: number, totalEpochs: number): void;
  /** `worker`: the worker's name (host:pid) when the job runs elsewhere; else the slot's number is shown */
  jobStarted(slot: number, job: TrainJob, worker?: string): void;
  epoch(slot: number, job: TrainJob, epoch: number, loss: number): void;
  trialFinished(record: TrialRecord, logFile?: string): void;
  message(line: string): void;
  end(): void;
}

export function describeTrial(t: { lr: number; epochs: number; hidden: number; seed: number }): string {
  return `lr=${t.lr} epochs=${t.epochs} hidden=${t.hidden} seed=${t.seed}`;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

function outcome(r: TrialRecord): string {
  if (r.status === 'ok') return `ok   test accuracy ${((r.testAccuracy ?? 0) * 100).toFixed(2)}%  loss ${r.finalLoss?.toFixed(4)}`;
  if (r.status === 'diverged') return `diverged at epoch ${r.losses.length} (loss ${r.finalLoss})`;
  return `FAILED: ${r.error}`;
}

/** Milliseconds from a fixed origin: performance.now, or a clock a test sets. */
export type Clock = () => number;

/** Counts for the ETA: epochs trained so far against epochs left, at the speed seen so far. */
class Tally {
  trials = 0;
  done = 0;
  epochsTotal = 0;
  epochsDone = 0;
  readonly started: number;
  constructor(private readonly now: Clock) {
    this.started = now();
  }
  eta(): number {
    const elapsed = (this.now() - this.started) / 1000;
    if (this.epochsDone === 0) return NaN;
    return (elapsed / this.epochsDone) * (this.epochsTotal - this.epochsDone);
  }
}

export class LogProgress implements SweepProgress {
  protected readonly tally: Tally;
  constructor(
    protected readonly write: (line: string) => void = (l) => process.stdout.write(l + '\n'),
    now: Clock = () => performance.now(),
  ) {
    this.tally = new Tally(now);
  }
  begin(trials: number, epochs: number): void {
    this.tally.trials = trials;
    this.tally.epochsTotal = epochs;
  }
  jobStarted(slot: number, job: TrainJob, worker?: string): void {
    const epochs = job.trials.map((t) => t.epochs).join('/');
    this.write(`worker ${worker ?? slot + 1}: start lr=${job.lr} epochs=${epochs} hidden=${job.hidden} seed=${job.seed}`);
  }
  epoch(_slot: number, _job: TrainJob, _epoch: number, _loss: number): void {
    this.tally.epochsDone++;
  }
  trialFinished(r: TrialRecord, logFile?: string): void {
    this.tally.done++;
    const where = r.status === 'failed' && logFile ? ` (log: ${logFile})` : '';
    this.write(`[${this.tally.done}/${this.tally.trials}] ${r.runId} ${describeTrial(r)}  ${outcome(r)}${where}`);
  }
  message(line: string): void {
    this.write(line);
  }
  end(): void {}
}

export class LiveProgress extends LogProgress {
  private readonly workers = new Map<number, { name: string; text: string }>();
  private timer?: NodeJS.Timeout;
  /** after end(): lines are printed plainly and the view is never drawn again */
  private closed = false;
  /** a process that exits without end() (a third Ctrl-C) still gets its cursor back */
  private readonly restoreCursor = () => this.end();

  constructor(now?: Clock) {
    super((line) => {
      logUpdate.clear();
      process.stdout.write(line + '\n');
      this.render();
    }, now);
  }
  override begin(trials: number, epochs: number): void {
    super.begin(trials, epochs);
    this.timer = setInterval(() => this.render(), 250);
    process.once('exit', this.restoreCursor);
  }
  override jobStarted(slot: number, job: TrainJob, worker?: string): void {
    this.workers.set(slot, { name: worker ?? String(slot + 1), text: `lr=${job.lr} hidden=${job.hidden} seed=${job.seed}  starting` });
    this.render();
  }
  override epoch(slot: number, job: TrainJob, epoch: number, loss: number): void {
    super.epoch(slot, job, epoch, loss);
    const last = job.trials[job.trials.length - 1].epochs;
    const name = this.workers.get(slot)?.name ?? String(slot + 1);
    this.workers.set(slot, { name, text: `lr=${job.lr} hidden=${job.hidden} seed=${job.seed}  epoch ${epoch}/${last}  loss ${loss.toFixed(4)}` });
  }
  private render(): void {
    if (this.closed) return;
    const t = this.tally;
    const lines = [`trials ${t.done}/${t.trials}  epochs ${t.epochsDone}/${t.epochsTotal}  ETA ${formatDuration(t.eta())}`];
    for (const [, { name, text }] of [...this.workers].sort((a, b) => a[0] - b[0])) lines.push(`  worker ${name}: ${text}`);
    logUpdate(lines.join('\n'));
  }
  override end(): void {
    if (this.closed) return;
    this.closed = true;
    process.off('exit', this.restoreCursor);
    clearInterval(this.timer);
    logUpdate.clear();
    logUpdate.done(); // shows the cursor again
  }
}
