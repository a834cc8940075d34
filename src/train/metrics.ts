// Per-epoch metrics (`track:`), measured after each epoch's update and never written into the weights:
//   val_loss, val_accuracy     a forward pass over the validation set with the weights after epoch e's update
//   test_loss, test_accuracy   the same over the test set (the last epoch's test_accuracy is the trial's)
//   train_accuracy, dead_units a forward pass over the training set with those weights; dead units are hidden units
//                              whose ReLU output is 0 for every training sample
//   grad_norm                  ‖∇θ‖₂ of the gradient epoch e applied (W1, b1, W2, b2 as one vector)
//   weight_norm                ‖θ‖₂ of the weights after epoch e's update
// Losses use the notebook's formula, −Σ y·log(p + 1e-8)/m. Every sum runs in index order.
import type { TrackedMetric } from '../config/types.js';
import { countCorrect } from './kernels.js';
import { allocateActivations, forward, forwardLoss, type Activations, type Gradients, type Params, type Shape } from './mlp.js';
import type { PreparedData } from './prepared.js';
import type { SparseRows } from './sparse.js';

/** Each tracked metric's value per epoch, epoch 1 first. */
export type MetricSeries = Partial<Record<TrackedMetric, number[]>>;

/** Square root of the sum of squares of the arrays' elements, in order. */
export function l2Norm(arrays: Float64Array[]): number {
  let s = 0;
  for (const a of arrays) for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s);
}

/** Hidden units (columns of A1, n × hidden) that are 0 in every row. */
export function deadUnits(A1: Float64Array, n: number, hidden: number): number {
  let dead = 0;
  for (let j = 0; j < hidden; j++) {
    let alive = false;
    for (let r = 0; r < n && !alive; r++) alive = A1[r * hidden + j] > 0;
    if (!alive) dead++;
  }
  return dead;
}

/** One evaluation set and its activations, allocated once per run. */
interface Pass {
  X: SparseRows;
  labels: Uint8Array;
  act: Activations;
}

function passOver(shape: Shape, X: SparseRows, labels: Uint8Array): Pass {
  return { X, labels, act: allocateActivations(shape, X.rows) };
}

/**
 * Measures `track`'s metrics after each update; `series` holds them (after `prior`'s epochs, when a run continues).
 * Buffers are allocated here, not per epoch.
 */
export class EpochTracker {
  readonly series: MetricSeries = {};
  private readonly val?: Pass;
  private readonly test?: Pass;
  private readonly train?: Pass;

  constructor(readonly track: readonly TrackedMetric[], data: PreparedData, shape: Shape, prior?: MetricSeries) {
    for (const m of track) this.series[m] = [...(prior?.[m] ?? [])];
    const wants = (...ms: TrackedMetric[]) => ms.some((m) => track.includes(m));
    if (wants('val_loss', 'val_accuracy')) {
      if (!data.val || !data.valLabels) throw new RangeError('val_loss and val_accuracy need a validation split (data.val_size)');
      this.val = passOver(shape, data.val, data.valLabels);
    }
    if (wants('test_loss', 'test_accuracy')) this.test = passOver(shape, data.test, data.testLabels);
    if (wants('train_accuracy', 'dead_units')) this.train = passOver(shape, data.train, data.trainLabels);
  }

  /** After epoch e's update: `params` the weights after it, `grads` the gradient it applied. Reads both, writes neither. */
  measure(params: Params, grads: Gradients): void {
    const k = params.shape.outputs;
    const push = (m: TrackedMetric, x: number) => this.series[m]?.push(x);
    for (const [pass, loss, accuracy] of [[this.val, 'val_loss', 'val_accuracy'], [this.test, 'test_loss', 'test_accuracy']] as const) {
      if (!pass) continue;
      forward(params, pass.X, pass.act);
      push(loss, forwardLoss(params, pass.act, pass.labels));
      push(accuracy, countCorrect(pass.act.output, pass.labels, pass.X.rows, k) / pass.X.rows);
    }
    if (this.train) {
      forward(params, this.train.X, this.train.act);
      push('train_accuracy', countCorrect(this.train.act.output, this.train.labels, this.train.X.rows, k) / this.train.X.rows);
      push('dead_units', deadUnits(this.train.act.hidden, this.train.X.rows, params.shape.hidden));
    }
    push('grad_norm', l2Norm([grads.W1, grads.b1, grads.W2, grads.b2]));
    push('weight_norm', l2Norm([params.W1, params.b1, params.W2, params.b2]));
  }
}

/** The series cut to the first `epochs` epochs. */
export function seriesUpTo(series: MetricSeries, epochs: number): MetricSeries {
  return Object.fromEntries(Object.entries(series).map(([m, xs]) => [m, xs.slice(0, epochs)]));
}
