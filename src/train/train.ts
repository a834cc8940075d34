// The epoch loop: full-batch gradient descent from RandomState(seed), the loss of each epoch's forward pass recorded
// before its update, test accuracy measured after the last update. Trials that differ only in epochs share one run:
// `checkpoints` lists the epoch counts at which to measure, and each measurement is exactly what a run stopped there
// would give (measuring reads the weights, never changes them).
import { allocateActivations, backward, forward, forwardLoss, initParams, update, weightsSha256, zeroGradients, type Params } from './mlp.js';
import { countCorrect } from './kernels.js';
import type { PreparedData } from './prepared.js';

/** The trainer's version: part of every run id, bumped whenever a change could alter any result bit. */
export const TRAINER_VERSION = 1;

export interface Hyperparams {
  lr: number;
  epochs: number;
  hidden: number;
  seed: number;
}

export interface Checkpoint {
  epochs: number;
  status: 'ok' | 'diverged';
  /** loss of the last epoch's forward pass (NaN or ±Infinity when diverged) */
  finalLoss: number;
  testCorrect: number;
  testTotal: number;
  testAccuracy: number;
  weightsSha256: string;
  /** seconds of training up to this checkpoint (measurement only: never feeds back into the arithmetic) */
  trainSeconds: number;
}

export interface TrainResult {
  /** loss of every epoch run, epoch 1 first */
  losses: number[];
  checkpoints: Checkpoint[];
}

export interface TrainOptions {
  /** epoch counts to measure at (default: just `epochs`); the run goes to the largest */
  checkpoints?: number[];
  onEpoch?: (epoch: number, loss: number) => void;
  /** called as each checkpoint is measured, so a trial's result can be saved before the longer ones finish */
  onCheckpoint?: (checkpoint: Checkpoint) => void;
}

/** Test-set correct count of the current weights. */
export function evaluate(p: Params, data: PreparedData): number {
  const act = allocateActivations(p.shape, data.test.rows);
  forward(p, data.test, act);
  return countCorrect(act.output, data.testLabels, data.test.rows, p.shape.outputs);
}

export function train(data: PreparedData, hp: Omit<Hyperparams, 'epochs'> & { epochs?: number }, options: TrainOptions = {}): TrainResult {
  const targets = [...new Set(options.checkpoints ?? [hp.epochs ?? 0])].sort((a, b) => a - b);
  if (targets.length === 0 || targets.some((e) => !Number.isInteger(e) || e < 1)) {
    throw new RangeError(`Expected epoch counts of 1 and up, got ${targets.join(', ')}`);
  }
  const shape = { inputs: data.features, hidden: hp.hidden, outputs: data.classes };
  const params = initParams(shape, hp.seed);
  const grads = zeroGradients(shape);
  const act = allocateActivations(shape, data.train.rows);
  const losses: number[] = [];
  const checkpoints: Checkpoint[] = [];
  const reached = (c: Checkpoint) => {
    checkpoints.push(c);
    options.onCheckpoint?.(c);
  };
  const last = targets[targets.length - 1];
  const started = performance.now();
  for (let epoch = 1; epoch <= last; epoch++) {
    forward(params, data.train, act);
    const loss = forwardLoss(params, act, data.trainLabels);
    losses.push(loss);
    options.onEpoch?.(epoch, loss);
    if (!Number.isFinite(loss)) {
      // Diverged: this and every later checkpoint stop here.
      const seconds = (performance.now() - started) / 1000;
      for (const e of targets.filter((t) => t >= epoch)) {
        reached(measure(params, data, e, 'diverged', loss, seconds, false));
      }
      break;
    }
    backward(params, data.trainT, data.trainLabels, act, grads);
    update(params, grads, hp.lr);
    if (targets.includes(epoch)) {
      reached(measure(params, data, epoch, 'ok', loss, (performance.now() - started) / 1000, true));
    }
  }
  return { losses, checkpoints };
}

function measure(p: Params, data: PreparedData, epochs: number, status: Checkpoint['status'], finalLoss: number, trainSeconds: number, test: boolean): Checkpoint {
  const testTotal = data.test.rows;
  const testCorrect = test ? evaluate(p, data) : 0;
  return {
    epochs,
    status,
    finalLoss,
    testCorrect,
    testTotal,
    testAccuracy: testCorrect / testTotal,
    weightsSha256: weightsSha256(p),
    trainSeconds,
  };
}
