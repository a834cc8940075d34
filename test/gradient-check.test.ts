// Backprop against central finite differences of the loss, every entry of every parameter, on a small dense net.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { allocateActivations, backward, forward, initParams, zeroGradients, type Gradients, type Params, type Shape } from '../src/train/mlp.js';
import { denseToRows, transpose, type SparseRows } from '../src/train/sparse.js';
import { RandomState } from '../src/rng/random-state.js';

const SHAPE: Shape = { inputs: 7, hidden: 5, outputs: 3 };
const SAMPLES = 4;
const STEP = 1e-5;
const TOLERANCE = 1e-6;
const KEYS = ['W1', 'b1', 'W2', 'b2'] as const;

interface Problem {
  params: Params;
  X: SparseRows;
  XT: SparseRows;
  labels: Uint8Array;
}

/** Inputs in [0.1, 1) and nonzero biases; a seed whose pre-activations all keep 0.05 away from the ReLU kink. */
function problem(): Problem {
  for (let seed = 0; ; seed++) {
    const rs = new RandomState(seed);
    const params = initParams(SHAPE, seed);
    for (const b of [params.b1, params.b2]) for (let i = 0; i < b.length; i++) b[i] = rs.standardNormal() * 0.3;
    const dense = new Float64Array(SAMPLES * SHAPE.inputs).map(() => 0.1 + 0.9 * rs.randomSample());
    const labels = new Uint8Array(SAMPLES).map((_, i) => i % SHAPE.outputs);
    const X = denseToRows(dense, SAMPLES, SHAPE.inputs);
    let minGap = Infinity;
    let inactive = 0;
    for (let r = 0; r < SAMPLES; r++) {
      for (let j = 0; j < SHAPE.hidden; j++) {
        let z = params.b1[j];
        for (let c = 0; c < SHAPE.inputs; c++) z += dense[r * SHAPE.inputs + c] * params.W1[c * SHAPE.hidden + j];
        minGap = Math.min(minGap, Math.abs(z));
        if (z < 0) inactive++;
      }
    }
    if (minGap > 0.05 && inactive > 0) return { params, X, XT: transpose(X), labels };
  }
}

/**
 * −Σ log P[label] / n: the cross-entropy whose exact gradient backprop computes (A2 − Y). The trainer's reported loss
 * adds 1e-8 inside the log as a guard, which shifts small derivatives by up to ~1e-5 relative, so it is not used here.
 */
function loss(p: Problem): number {
  const act = allocateActivations(SHAPE, SAMPLES);
  forward(p.params, p.X, act);
  let s = 0;
  for (let r = 0; r < SAMPLES; r++) s += Math.log(act.output[r * SHAPE.outputs + p.labels[r]]);
  return -s / SAMPLES;
}

function analytic(p: Problem, backprop: typeof backward): Gradients {
  const act = allocateActivations(SHAPE, SAMPLES);
  const g = zeroGradients(SHAPE);
  forward(p.params, p.X, act);
  backprop(p.params, p.XT, p.labels, act, g);
  return g;
}

/** Every entry whose analytic and numeric derivatives differ by more than TOLERANCE (relative). */
function gradientCheck(p: Problem, g: Gradients): string[] {
  const failures: string[] = [];
  for (const key of KEYS) {
    const w = p.params[key];
    for (let i = 0; i < w.length; i++) {
      const saved = w[i];
      w[i] = saved + STEP;
      const up = loss(p);
      w[i] = saved - STEP;
      const down = loss(p);
      w[i] = saved;
      const numeric = (up - down) / (2 * STEP);
      const a = g[key][i];
      const rel = Math.abs(a - numeric) / Math.max(Math.abs(a), Math.abs(numeric), 1e-12);
      if (rel >= TOLERANCE) failures.push(`${key}[${i}]: analytic ${a}, numeric ${numeric}, relative ${rel.toExponential(2)}`);
    }
  }
  return failures;
}

test('backprop matches central finite differences for every entry of W1, b1, W2 and b2', () => {
  const p = problem();
  const failures = gradientCheck(p, analytic(p, backward));
  assert.equal(failures, []);
});

test('the check covers every parameter entry and the gradients are not trivially zero', () => {
  const p = problem();
  const g = analytic(p, backward);
  for (const key of KEYS) {
    assert.is(g[key].length, p.params[key].length);
    assert.ok(g[key].some((x) => Math.abs(x) > 1e-4), `${key} has a nonzero gradient`);
  }
});

test('the checker rejects a gradient with the hidden bias term dropped', () => {
  const p = problem();
  const withoutBias: typeof backward = (params, XT, labels, act, g) => {
    backward(params, XT, labels, act, g);
    g.b1.fill(0);
  };
  const failures = gradientCheck(p, analytic(p, withoutBias));
  assert.ok(failures.length > 0);
  assert.ok(failures.every((f) => f.startsWith('b1[')), failures.join('; '));
});

test('the checker rejects a gradient that is 1 % off in a single entry', () => {
  const p = problem();
  const g = analytic(p, backward);
  let largest = 0;
  g.W1.forEach((x, i) => (largest = Math.abs(x) > Math.abs(g.W1[largest]) ? i : largest));
  g.W1[largest] *= 1.01;
  const failures = gradientCheck(p, g);
  assert.equal(failures.length, 1);
  assert.ok(failures[0].startsWith(`W1[${largest}]`), failures[0]);
});

test.run();
