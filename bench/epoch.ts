// One process's timing of the notebook config's epoch (56,000 × 784 → 128 → 10), for `make bench` (bench/run.ts):
// forward (with the loss), backward and update, medians over EPOCHS after one warm-up epoch, and the process's
// peak RSS, with the given kernels on one thread or a ThreadTeam. A process of its own per figure, so each peak RSS
// is that configuration's alone.  usage: node dist/bench/epoch.js wasm|ts THREADS EPOCHS   prints one JSON object.
import { kernelsNamed, type KernelsName } from '../src/train/kernels/index.js';
import { allocateActivations, backward, copyParams, forward, forwardLoss, initParams, update, zeroGradients } from '../src/train/mlp.js';
import { DEFAULT_DATA, prepareData } from '../src/train/prepared.js';
import { ThreadTeam } from '../src/train/threads.js';

export const NOTEBOOK = { lr: 0.03, hidden: 128, seed: 42 };

export interface EpochTiming {
  forward: number;
  backward: number;
  update: number;
  epoch: number;
  /** CPU seconds of the process per epoch (all its threads): on a busy machine, steadier than the wall time */
  epochCpu: number;
  /** MB */
  peakRss: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function timeEpochs(name: KernelsName, threads: number, epochs: number): EpochTiming {
  const data = prepareData(DEFAULT_DATA);
  const shape = { inputs: data.features, hidden: NOTEBOOK.hidden, outputs: data.classes };
  const run = { params: copyParams(initParams(shape, NOTEBOOK.seed), data.arena), grads: zeroGradients(shape, data.arena), act: allocateActivations(shape, data.train.rows, data.arena) };
  const { params, grads, act } = run;
  const kernels = kernelsNamed(name);
  const team = threads > 1 ? new ThreadTeam(data, shape, threads, run, name) : undefined;
  const parts = { forward: [] as number[], backward: [] as number[], update: [] as number[], epoch: [] as number[], epochCpu: [] as number[] };
  const cpuSeconds = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  try {
    for (let epoch = 0; epoch <= epochs; epoch++) {
      const c0 = cpuSeconds();
      const t0 = performance.now();
      if (team) {
        team.forward();
        team.loss();
      } else {
        forward(params, data.train, act, kernels);
        forwardLoss(params, act, data.trainLabels);
      }
      const t1 = performance.now();
      if (team) team.backward();
      else backward(params, data.trainT, data.trainLabels, act, grads, kernels);
      const t2 = performance.now();
      update(params, grads, NOTEBOOK.lr);
      const t3 = performance.now();
      if (epoch === 0) continue;
      parts.forward.push((t1 - t0) / 1000);
      parts.backward.push((t2 - t1) / 1000);
      parts.update.push((t3 - t2) / 1000);
      parts.epoch.push((t3 - t0) / 1000);
      parts.epochCpu.push(cpuSeconds() - c0);
    }
  } finally {
    team?.close();
  }
  return {
    forward: median(parts.forward),
    backward: median(parts.backward),
    update: median(parts.update),
    epoch: median(parts.epoch),
    epochCpu: median(parts.epochCpu),
    peakRss: process.resourceUsage().maxRSS / 1024,
  };
}

if (process.argv[1]?.endsWith('epoch.js')) {
  const [name, threads, epochs] = process.argv.slice(2);
  process.stdout.write(JSON.stringify(timeEpochs(name as KernelsName, Number(threads), Number(epochs))) + '\n');
}
