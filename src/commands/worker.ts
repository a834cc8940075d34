// `sweep worker --queue URL`: serve a sweep queue on this machine until stopped (SIGINT/SIGTERM).
import { availableParallelism } from 'node:os';
import { EXIT_OK, UserError } from '../errors.js';
import { checkQueueReachable, parseQueueUrl, queueUrlFrom, QUEUE_ENV } from '../launch/queue/connection.js';
import { serveQueue } from '../launch/queue/worker.js';
import { chooseKernels, type KernelsName } from '../train/kernels/index.js';

export interface WorkerFlags {
  queue?: string;
  concurrency?: number;
  trialTimeout?: number;
  kernels?: KernelsName;
}

export async function workerCommand(flags: WorkerFlags): Promise<number> {
  const raw = queueUrlFrom(flags.queue);
  if (raw === undefined) throw new UserError(`worker: no queue; pass --queue redis://host:port or set ${QUEUE_ENV}`);
  const url = parseQueueUrl(raw);
  const { kernels, said } = chooseKernels(flags.kernels);
  await checkQueueReachable(url);
  const log = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);
  log(said);
  await serveQueue({
    url,
    concurrency: flags.concurrency ?? availableParallelism(),
    trialTimeout: flags.trialTimeout,
    kernels,
    log,
  });
  return EXIT_OK;
}
