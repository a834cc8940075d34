// How many worker processes a local sweep starts: what was asked for (default: one per core), capped at the number of
// cores and at what the available memory holds — each worker keeps its own prepared copy of the data — unless the
// user insists (--force-workers). A cap is said in one line.
import { availableParallelism, freemem } from 'node:os';

/**
 * Peak resident memory of one worker preparing `samples` samples and training on them (VmHWM, measured on Node 20
 * with `sweep train --hidden 128 --epochs 1`: 143 MB at 500 samples, 186 MB at 20,000, 402 MB at 70,000): the Node
 * process and the IDX files as read, plus about 3.8 KB a sample for the split and the sparse layouts.
 */
export function workerPeakBytes(samples: number): number {
  return 150e6 + 3.8e3 * samples;
}

export interface Machine {
  cores: number;
  /** memory available to new processes (Linux: MemAvailable) */
  availableBytes: number;
}

export function thisMachine(): Machine {
  return { cores: availableParallelism(), availableBytes: freemem() };
}

const gb = (bytes: number) => `${(bytes / 1e9).toFixed(1)} GB`;

/** The worker count to use and, when it is not what was asked for, the line that says why. */
export function fitWorkers(requested: number | undefined, force: boolean, samples: number, machine: Machine): { workers: number; note?: string } {
  const wanted = requested ?? machine.cores;
  if (force) return { workers: wanted };
  const perWorker = workerPeakBytes(samples);
  const byMemory = Math.max(1, Math.floor(machine.availableBytes / perWorker));
  const workers = Math.min(wanted, machine.cores, byMemory);
  if (workers === wanted) return { workers };
  const keep = requested === undefined ? '' : ` (--force-workers keeps ${requested})`;
  const why =
    workers === byMemory && byMemory < machine.cores
      ? `${wanted} workers would need about ${gb(wanted * perWorker)} (${gb(perWorker)} each for ${samples} samples) and ${gb(machine.availableBytes)} is available`
      : `this machine has ${machine.cores} core(s); more workers than cores only share them`;
  return { workers, note: `Using ${workers} worker(s), not ${wanted}: ${why}${keep}` };
}

/** fitWorkers on this machine, its note said through `say`. */
export function localWorkers(requested: number | undefined, force: boolean, samples: number, say: (line: string) => void): number {
  const { workers, note } = fitWorkers(requested, force, samples, thisMachine());
  if (note) say(note);
  return workers;
}
