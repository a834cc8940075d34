// The epoch loop: full-batch gradient descent from RandomState(seed), the loss of each epoch's forward pass recorded
// before its update, test accuracy measured after the last update. Trials that differ only in epochs share one run:
// `checkpoints` lists the epoch counts at which to measure, and each measurement is exactly what a run stopped there
// would give (measuring reads the weights, never changes them).
import { collectGarbage } from './memory.js';
import { allocateActivations, backward, forward, forwardLoss, initParams, update, weightsSha256, zeroGradients, type Gradients, type Params, type Shape } from './mlp.js';
import { countCorrect } from './kernels.js';
import type { MetricSeries } from './metrics.js';
import type { PreparedData } from './prepared.js';
import { ThreadTeam } from './threads.js';

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
  /** what the caller added: tracked metrics up to here, the validation split's size, the saved weights it started from */
  metrics?: MetricSeries;
  valTotal?: number;
  continuedFrom?: { runId: string; epochs: number };
}

export interface TrainResult {
  /** loss of every epoch run, epoch 1 (or, continuing, `from.epochs` + 1) first */
  losses: number[];
  checkpoints: Checkpoint[];
}

export interface TrainOptions {
  /** epoch counts to measure at (default: just `epochs`); the run goes to the largest */
  checkpoints?: number[];
  onEpoch?: (epoch: number, loss: number) => void;
  /** called as each checkpoint is measured, so a trial's result can be saved before the longer ones finish */
  onCheckpoint?: (checkpoint: Checkpoint) => void;
  /** threads that share each epoch's work (default 1); any number gives the same bits (see threads.ts) */
  threads?: number;
  /**
   * with threads > 1: how many to use for the coming epoch (1: this thread alone; more: all of them), asked before
   * each epoch; default all. threads.ts's idleCoresPolicy uses the cores that are idle. Never changes a bit.
   */
  activeThreads?: (epoch: number) => number;
  /** called after each epoch's update with the weights after it and the gradient it applied; must not write them */
  onUpdate?: (epoch: number, params: Params, grads: Gradients) => void;
  /** start from these weights, saved after `epochs` epochs of this run: training goes on from epoch `epochs` + 1 */
  from?: { epochs: number; weights: Weights };
}

/** W1, b1, W2, b2, laid out as in Params. */
export type Weights = Omit<Params, 'shape'>;

/** An epoch's passes over the training set, on this thread or on a ThreadTeam. */
interface Passes {
  params: Params;
  grads: Gradients;
  /** how many threads the coming epoch may use */
  use(threads: number): void;
  forward(): void;
  loss(): number;
  backward(): void;
  close(): void;
}

function onePass(data: PreparedData, shape: Shape, params: Params): Passes {
  const grads = zeroGradients(shape);
  const act = allocateActivations(shape, data.train.rows);
  return {
    params,
    grads,
    use: () => {},
    forward: () => forward(params, data.train, act),
    loss: () => forwardLoss(params, act, data.trainLabels),
    backward: () => backward(params, data.trainT, data.trainLabels, act, grads),
    close: () => {},
  };
}

/**
 * Passes on a ThreadTeam of `threads`, started at once (eager) or the first time all of them are wanted: a run on a
 * busy machine, or too short to measure, never pays for starting threads. Fewer wanted: the team's solo passes.
 */
class TeamPasses implements Passes {
  private team?: ThreadTeam;
  private alone?: Passes;

  constructor(private readonly data: PreparedData, private readonly shape: Shape, initial: Params, private readonly threads: number, eager: boolean) {
    if (eager) this.start(initial);
    else this.alone = onePass(data, shape, initial);
  }

  private start(from: Params): void {
    const team = new ThreadTeam(this.data, this.shape, this.threads);
    team.params.W1.set(from.W1);
    team.params.b1.set(from.b1);
    team.params.W2.set(from.W2);
    team.params.b2.set(from.b2);
    this.team = team;
    this.alone = undefined;
    collectGarbage(); // the one-thread activations, now replaced by the team's
  }

  get params(): Params {
    return this.team?.params ?? this.alone!.params;
  }

  get grads(): Gradients {
    return this.team?.grads ?? this.alone!.grads;
  }

  use(active: number): void {
    if (active >= this.threads && !this.team) this.start(this.alone!.params);
    if (this.team) this.team.together = active >= this.threads;
  }

  forward(): void {
    if (this.team) this.team.forward();
    else this.alone!.forward();
  }

  loss(): number {
    return this.team ? this.team.loss() : this.alone!.loss();
  }

  backward(): void {
    if (this.team) this.team.backward();
    else this.alone!.backward();
  }

  close(): void {
    this.team?.close();
  }
}

function copyOf(shape: Shape, w: Weights): Params {
  const sizes = [shape.inputs * shape.hidden, shape.hidden, shape.hidden * shape.outputs, shape.outputs];
  const arrays = [w.W1, w.b1, w.W2, w.b2];
  if (arrays.some((a, i) => a.length !== sizes[i])) throw new RangeError(`Expected weights of shape ${shape.inputs} → ${shape.hidden} → ${shape.outputs}`);
  const [W1, b1, W2, b2] = arrays.map((a) => new Float64Array(a));
  return { shape, W1, b1, W2, b2 };
}

/** Test-set correct count of the current weights. */
export function evaluate(p: Params, data: PreparedData): number {
  const act = allocateActivations(p.shape, data.test.rows);
  forward(p, data.test, act);
  return countCorrect(act.output, data.testLabels, data.test.rows, p.shape.outputs);
}

export function train(data: PreparedData, hp: Omit<Hyperparams, 'epochs'> & { epochs?: number }, options: TrainOptions = {}): TrainResult {
  const targets = [...new Set(options.checkpoints ?? [hp.epochs ?? 0])].sort((a, b) => a - b);
  const first = (options.from?.epochs ?? 0) + 1;
  if (targets.length === 0 || targets.some((e) => !Number.isInteger(e) || e < first)) {
    throw new RangeError(`Expected epoch counts of ${first} and up, got ${targets.join(', ')}`);
  }
  const threads = options.threads ?? 1;
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`Expected a thread count of 1 and up, got ${threads}`);
  const shape = { inputs: data.features, hidden: hp.hidden, outputs: data.classes };
  const initial = options.from ? copyOf(shape, options.from.weights) : initParams(shape, hp.seed);
  const passes = threads > 1 ? new TeamPasses(data, shape, initial, threads, !options.activeThreads) : onePass(data, shape, initial);
  try {
    return run(data, passes, hp.lr, targets, options);
  } finally {
    passes.close();
  }
}

function run(data: PreparedData, passes: Passes, lr: number, targets: number[], options: TrainOptions): TrainResult {
  const losses: number[] = [];
  const checkpoints: Checkpoint[] = [];
  const reached = (c: Checkpoint) => {
    checkpoints.push(c);
    options.onCheckpoint?.(c);
  };
  const last = targets[targets.length - 1];
  const started = performance.now();
  for (let epoch = (options.from?.epochs ?? 0) + 1; epoch <= last; epoch++) {
    if (options.activeThreads) passes.use(options.activeThreads(epoch));
    passes.forward();
    const loss = passes.loss();
    losses.push(loss);
    options.onEpoch?.(epoch, loss);
    if (!Number.isFinite(loss)) {
      // Diverged: this and every later checkpoint stop here.
      const seconds = (performance.now() - started) / 1000;
      for (const e of targets.filter((t) => t >= epoch)) {
        reached(measure(passes.params, data, e, 'diverged', loss, seconds, false));
      }
      break;
    }
    passes.backward();
    update(passes.params, passes.grads, lr);
    options.onUpdate?.(epoch, passes.params, passes.grads);
    if (targets.includes(epoch)) {
      reached(measure(passes.params, data, epoch, 'ok', loss, (performance.now() - started) / 1000, true));
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
