// One training run on several threads (worker_threads over the trainer's shared WebAssembly.Memory). Every thread computes disjoint
// output elements, each with the same sum, in the same order, as the one-thread trainer: rows of A1, A2 and dZ1 are
// split by sample; gW2, gb2 and gb1 (sums over samples) by output element, each still summed over samples in
// increasing order; dW1 = Xᵀ·dZ1 by input feature. So the number of threads never changes a bit of the result.
// Threads meet at barriers (Atomics.wait/notify) between the passes; nothing is allocated inside the epoch loop.
// The work is cut into one share per thread; an epoch can also run solo, this thread doing every share in turn while
// the others wait (activeThreads below), which gives the same bits again.
import { availableParallelism, cpus } from 'node:os';
import { Worker } from 'node:worker_threads';
import { kernelsNamed, type KernelsName, type Kernels } from './kernels/index.js';
import { crossEntropy, softmaxRows, tileRowsFor } from './kernels/ts.js';
import { blockOf, float64At, int32At, uint8At, type Block } from './memory.js';
import { allocateRowEntries, outputWeightGradient, subtractLabels, sumRows, type RowEntries } from './output-layer.js';
import type { Activations, Gradients, Params, Shape } from './mlp.js';
import type { PreparedData } from './prepared.js';
import type { SparseRows } from './sparse.js';

/**
 * Where every thread finds the training data, the parameters, their gradients and the activations: blocks of the
 * trainer's one WebAssembly.Memory (memory.ts), which every thread maps.
 */
export interface TeamBuffers {
  memory: WebAssembly.Memory;
  kernels: KernelsName;
  shape: Shape;
  threads: number;
  n: number;
  X: SparseBlocks;
  XT: SparseBlocks;
  labels: Block;
  W1: Block;
  b1: Block;
  W2: Block;
  b2: Block;
  gW1: Block;
  gb1: Block;
  gW2: Block;
  gb2: Block;
  /** (n × hidden) A1, then dZ1 */
  A1: Block;
  /** (n × outputs) A2, then dZ2 */
  A2: Block;
  /** each share's scratch of `inputs` i32 (a position in each row of Xᵀ) */
  cursors: Block[];
  /** Int32 words of CONTROL_WORDS, then ERROR_BYTES of a failing thread's message */
  control: SharedArrayBuffer;
}

interface SparseBlocks {
  rows: number;
  cols: number;
  rowStart: Block;
  colIndex: Block;
  value: Block;
}

// control words
const ARRIVED = 0;
const GENERATION = 1;
const COMMAND = 2;
const FAILED = 3;
const CONTROL_WORDS = 4;
const ERROR_BYTES = 1024;

const FORWARD = 1;
const BACKWARD = 2;
const STOP = 3;

/** One share of an epoch's work: the ranges it computes, and its scratch. */
export interface Share {
  index: number;
  /** training rows [rowFrom, rowTo): forward, dZ2 and dZ1 */
  rowFrom: number;
  rowTo: number;
  /** hidden units [unitFrom, unitTo): gW2 and gb1 */
  unitFrom: number;
  unitTo: number;
  /** input features [featureFrom, featureTo): rows of dW1 */
  featureFrom: number;
  featureTo: number;
  row: RowEntries;
  cursor: Int32Array;
}

/** One thread's view of the team's buffers, and every share of the work (thread i does share i, or thread 0 all). */
export interface ThreadContext {
  index: number;
  kernels: Kernels;
  threads: number;
  shape: Shape;
  n: number;
  X: SparseRows;
  XT: SparseRows;
  labels: Uint8Array;
  params: Params;
  grads: Gradients;
  A1: Float64Array;
  A2: Float64Array;
  control: Int32Array;
  errorText: Uint8Array;
  shares: Share[];
}

/** Boundaries splitting rows [0, rows) into `parts` ranges of about equal weight (CSR rowStart: nonzeros). */
export function splitByWeight(rowStart: ArrayLike<number>, rows: number, parts: number): number[] {
  const total = rowStart[rows] - rowStart[0];
  const bounds = [0];
  let r = 0;
  for (let p = 1; p < parts; p++) {
    const goal = rowStart[0] + (total * p) / parts;
    while (r < rows && rowStart[r] < goal) r++;
    bounds.push(Math.max(bounds[p - 1], r));
  }
  bounds.push(rows);
  return bounds;
}

function sparseView(memory: WebAssembly.Memory, b: SparseBlocks): SparseRows {
  return { rows: b.rows, cols: b.cols, rowStart: int32At(memory, b.rowStart), colIndex: int32At(memory, b.colIndex), value: float64At(memory, b.value) };
}

/** Thread `index`'s view of `b`: typed arrays over the shared memory and its shares, computed from the data alone. */
export function threadContext(b: TeamBuffers, index: number): ThreadContext {
  const m = b.memory;
  const f64 = (block: Block) => float64At(m, block);
  const X = sparseView(m, b.X);
  const XT = sparseView(m, b.XT);
  const rows = splitByWeight(X.rowStart, X.rows, b.threads);
  const features = splitByWeight(XT.rowStart, XT.rows, b.threads);
  const units = Array.from({ length: b.threads + 1 }, (_, p) => Math.floor((b.shape.hidden * p) / b.threads));
  return {
    index,
    kernels: kernelsNamed(b.kernels),
    threads: b.threads,
    shape: b.shape,
    n: b.n,
    X,
    XT,
    labels: uint8At(m, b.labels),
    params: { shape: b.shape, W1: f64(b.W1), b1: f64(b.b1), W2: f64(b.W2), b2: f64(b.b2) },
    grads: { W1: f64(b.gW1), b1: f64(b.gb1), W2: f64(b.gW2), b2: f64(b.gb2) },
    A1: f64(b.A1),
    A2: f64(b.A2),
    control: new Int32Array(b.control, 0, CONTROL_WORDS),
    errorText: new Uint8Array(b.control, CONTROL_WORDS * 4, ERROR_BYTES),
    shares: Array.from({ length: b.threads }, (_, s): Share => ({
      index: s,
      rowFrom: rows[s],
      rowTo: rows[s + 1],
      unitFrom: units[s],
      unitTo: units[s + 1],
      featureFrom: features[s],
      featureTo: features[s + 1],
      row: allocateRowEntries(b.shape.hidden),
      cursor: int32At(m, b.cursors[s]),
    })),
  };
}

/**
 * Waits until all `threads` threads have arrived (a generation counter, so the barrier can be reused at once).
 * Throws when a thread has failed, so no thread waits for ever on one that will not come.
 */
export function barrier(ctx: ThreadContext): void {
  const { control } = ctx;
  const generation = Atomics.load(control, GENERATION);
  if (Atomics.add(control, ARRIVED, 1) === ctx.threads - 1) {
    Atomics.store(control, ARRIVED, 0);
    Atomics.add(control, GENERATION, 1);
    Atomics.notify(control, GENERATION);
    return;
  }
  while (Atomics.load(control, GENERATION) === generation) {
    if (Atomics.load(control, FAILED) !== 0) throw new Error(`a training thread failed: ${failure(ctx)}`);
    Atomics.wait(control, GENERATION, generation, 1000);
  }
}

function failure(ctx: ThreadContext): string {
  const end = ctx.errorText.indexOf(0);
  return new TextDecoder().decode(ctx.errorText.slice(0, end < 0 ? ERROR_BYTES : end));
}

/** Marks the team failed with `message` and wakes every waiting thread. */
export function fail(ctx: ThreadContext, message: string): void {
  if (Atomics.compareExchange(ctx.control, FAILED, 0, 1) === 0) {
    ctx.errorText.set(new TextEncoder().encode(message).subarray(0, ERROR_BYTES - 1));
  }
  Atomics.notify(ctx.control, GENERATION);
}

type Pass = (ctx: ThreadContext, s: Share) => void;

/** The forward pass of a share's rows: A1 = ReLU(X·W1 + b1), A2 = softmax(A1·W2 + b2). */
const FORWARD_PASSES: Pass[] = [
  (ctx, s) => {
    const { params: p, shape } = ctx;
    ctx.kernels.sparseTimesDenseBiasRelu(ctx.X, p.W1, p.b1, shape.hidden, ctx.A1, s.rowFrom, s.rowTo);
    ctx.kernels.outputLogits(ctx.A1, p.W2, p.b2, shape.hidden, shape.outputs, ctx.A2, s.row, s.rowFrom, s.rowTo);
    softmaxRows(ctx.A2, s.rowTo, shape.outputs, s.rowFrom);
  },
];

/** The backward pass in four passes, each reading what the one before wrote (sums not yet / n). */
const BACKWARD_PASSES: Pass[] = [
  // dZ2 = A2 − Y (rows)
  (ctx, s) => subtractLabels(ctx.A2, ctx.labels, ctx.shape.outputs, s.rowFrom, s.rowTo),
  // gW2 = A1ᵀ·dZ2 (hidden units), gb2 = Σ_rows dZ2 (share 0)
  (ctx, s) => {
    const { hidden: h, outputs: k } = ctx.shape;
    outputWeightGradient(ctx.A1, ctx.A2, ctx.n, h, k, ctx.grads.W2, s.unitFrom, s.unitTo, ctx.kernels);
    if (s.index === 0) sumRows(ctx.A2, ctx.n, k, ctx.grads.b2, 0, k, ctx.kernels);
  },
  // A1 ← dZ1 = dZ2·W2ᵀ ⊙ [A1 > 0] (rows)
  (ctx, s) => ctx.kernels.hiddenLayerDelta(ctx.A1, ctx.A2, ctx.params.W2, ctx.shape.hidden, ctx.shape.outputs, s.rowFrom, s.rowTo),
  // gb1 = Σ_rows dZ1 (hidden units), gW1 = Xᵀ·dZ1 (input features)
  (ctx, s) => {
    const h = ctx.shape.hidden;
    sumRows(ctx.A1, ctx.n, h, ctx.grads.b1, s.unitFrom, s.unitTo, ctx.kernels);
    ctx.kernels.sparseTimesDenseTiled(ctx.XT, ctx.A1, h, ctx.grads.W1, s.cursor, tileRowsFor(h), s.featureFrom, s.featureTo);
  },
];

/** This thread's share of each pass, with a barrier after each: on return, every thread's results are complete. */
function together(ctx: ThreadContext, passes: Pass[]): void {
  const own = ctx.shares[ctx.index];
  for (const pass of passes) {
    pass(ctx, own);
    barrier(ctx);
  }
}

/** Every share of each pass on this thread, in turn. */
function solo(ctx: ThreadContext, passes: Pass[]): void {
  for (const pass of passes) for (const s of ctx.shares) pass(ctx, s);
}

/** The loop of threads 1 … threads−1: wait for a command, do its share, until STOP. */
export function serve(ctx: ThreadContext): void {
  try {
    barrier(ctx); // started
    for (;;) {
      barrier(ctx);
      const command = Atomics.load(ctx.control, COMMAND);
      if (command === STOP) return;
      together(ctx, command === FORWARD ? FORWARD_PASSES : BACKWARD_PASSES);
    }
  } catch (err) {
    fail(ctx, err instanceof Error ? err.message : String(err));
  }
}

function sparseBlocks(m: SparseRows): SparseBlocks {
  return { rows: m.rows, cols: m.cols, rowStart: blockOf(m.rowStart), colIndex: blockOf(m.colIndex), value: blockOf(m.value) };
}

const WORKER_ENTRY = new URL('./threads-worker.js', import.meta.url);

/** What a run trains with, all in `data.arena`'s memory: a ThreadTeam works on these very arrays. */
export interface RunBuffers {
  params: Params;
  grads: Gradients;
  act: Activations;
}

/**
 * A team of `threads` threads training on `data`: this thread is thread 0 and drives the others, on the run's own
 * buffers (set the parameters, then call forward, loss and backward as the one-thread functions of mlp.ts), so a run
 * can switch between its team and mlp.ts epoch by epoch. close() ends the other threads.
 */
export class ThreadTeam {
  readonly params: Params;
  readonly grads: Gradients;
  /** false: this thread does every share of the next passes itself (the others wait); the same bits either way */
  together = true;
  private readonly ctx: ThreadContext;
  private readonly workers: Worker[];
  private closed = false;

  constructor(data: PreparedData, shape: Shape, threads: number, run: RunBuffers, kernels: KernelsName) {
    if (!Number.isInteger(threads) || threads < 2) throw new RangeError(`Expected a team of 2 threads and up, got ${threads}`);
    const { params: p, grads: g, act } = run;
    const buffers: TeamBuffers = {
      memory: data.arena.memory,
      kernels,
      shape,
      threads,
      n: data.train.rows,
      X: sparseBlocks(data.train),
      XT: sparseBlocks(data.trainT),
      labels: blockOf(data.trainLabels),
      W1: blockOf(p.W1),
      b1: blockOf(p.b1),
      W2: blockOf(p.W2),
      b2: blockOf(p.b2),
      gW1: blockOf(g.W1),
      gb1: blockOf(g.b1),
      gW2: blockOf(g.W2),
      gb2: blockOf(g.b2),
      A1: blockOf(act.hidden),
      A2: blockOf(act.output),
      cursors: Array.from({ length: threads }, (_, s) => blockOf(s === 0 ? act.cursor : data.arena.int32(shape.inputs))),
      control: new SharedArrayBuffer(CONTROL_WORDS * 4 + ERROR_BYTES),
    };
    this.ctx = threadContext(buffers, 0);
    this.params = this.ctx.params;
    this.grads = this.ctx.grads;
    this.workers = [];
    for (let index = 1; index < threads; index++) {
      const worker = new Worker(WORKER_ENTRY, { workerData: { buffers, index } });
      worker.unref();
      this.workers.push(worker);
    }
    this.barrier(); // every thread has started
  }

  private barrier(): void {
    try {
      barrier(this.ctx);
    } catch (err) {
      this.close();
      throw err;
    }
  }

  private passes(command: number, passes: Pass[]): void {
    if (!this.together) {
      solo(this.ctx, passes);
      return;
    }
    Atomics.store(this.ctx.control, COMMAND, command);
    this.barrier();
    try {
      together(this.ctx, passes);
    } catch (err) {
      this.close();
      throw err;
    }
  }

  /** The forward pass of the training set: A1 and A2. */
  forward(): void {
    this.passes(FORWARD, FORWARD_PASSES);
  }

  /** The loss of the last forward pass: −Σ y·log(A2 + 1e-8) / n, summed over samples in order by this thread. */
  loss(): number {
    return crossEntropy(this.ctx.A2, this.ctx.labels, this.ctx.n, this.ctx.shape.outputs);
  }

  /** Mean gradients into `grads`, as mlp.ts's backward (consumes the activations). */
  backward(): void {
    this.passes(BACKWARD, BACKWARD_PASSES);
    const { grads: g, n } = this.ctx;
    for (const a of [g.W1, g.b1, g.W2, g.b2]) for (let i = 0; i < a.length; i++) a[i] = a[i] / n;
  }

  /** Ends the other threads (idempotent). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (Atomics.load(this.ctx.control, FAILED) === 0) {
      Atomics.store(this.ctx.control, COMMAND, STOP);
      try {
        barrier(this.ctx);
      } catch {
        // a thread failed meanwhile: terminate below
      }
    }
    for (const w of this.workers) void w.terminate();
  }
}

/**
 * Threads for one training run in a sweep worker: the machine's cores, at most 2 (the most measured: 2 threads take
 * an epoch from ~2.1 to ~1.1 s on a 2-vCPU EPYC; more were not measured).
 */
export function teamSize(): number {
  return Math.max(1, Math.min(2, availableParallelism()));
}

/**
 * A policy for TrainOptions.activeThreads: after each epoch, use as many threads as there are cores this process
 * could have had during it: its own CPU time plus the machine's idle time, over the epoch's wall time, rounded, from
 * 1 to `threads` (1 for epochs under 0.1 s). A core that frees up (another sweep worker finished) is taken at the next epoch; a core that gets
 * busy (another process) is given back. Measurements choose only who computes which share, never a result bit.
 */
export function idleCoresPolicy(threads: number): (epoch: number) => number {
  let active = 1;
  let last: { wall: number; own: number; idle: number } | undefined;
  const sample = () => {
    const own = process.cpuUsage();
    return { wall: performance.now(), own: (own.user + own.system) / 1000, idle: cpus().reduce((sum, c) => sum + c.times.idle, 0) };
  };
  return () => {
    const now = sample();
    // An epoch under 0.1 s is too short to measure (idle time counts in 10 ms ticks) and to be worth a thread.
    if (last !== undefined && now.wall - last.wall >= 100) {
      const cores = (now.own - last.own + (now.idle - last.idle)) / (now.wall - last.wall);
      active = Math.max(1, Math.min(threads, Math.round(cores)));
    }
    last = now;
    return active;
  };
}
