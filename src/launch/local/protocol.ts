// Messages between the sweep and a trial's child process (over Node's IPC channel, JSON-serialised).
import type { Checkpoint } from '../../train/train.js';
import type { TrainJob } from '../../sweep/jobs.js';
import type { KernelsName } from '../../train/kernels/index.js';

/** parent → child: a job, and the kernels to train it with */
export type ToWorker = { type: 'train'; job: TrainJob; kernels: KernelsName };

/** child → parent */
export type FromWorker =
  /** the job's data is prepared and its training starts: --trial-timeout counts from here (a fresh child's start-up
   *  and the data's loading have had a timeout of their own) */
  | { type: 'training'; jobId: string }
  | { type: 'epoch'; jobId: string; epoch: number; loss: number }
  /** one trial of the job is finished: its checkpoint and the losses of its epochs */
  | { type: 'trial'; jobId: string; runId: string; checkpoint: Checkpoint; losses: number[] }
  | { type: 'done'; jobId: string; prepareSeconds: number }
  /** the job failed inside the child; the child stays usable */
  | { type: 'error'; jobId: string; message: string };
