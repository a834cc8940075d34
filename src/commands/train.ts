// `sweep train`: one run, printed in the notebook's format so the two can be compared line by line.
import { prepareData } from '../train/prepared.js';
import { idleCoresPolicy, teamSize } from '../train/threads.js';
import { train } from '../train/train.js';
import { chooseKernels, type KernelsName } from '../train/kernels/index.js';
import { EXIT_FAILED, EXIT_OK } from '../errors.js';
import { nonFiniteAsText } from '../store/record.js';

export interface TrainFlags {
  lr: number;
  epochs: number;
  hidden: number;
  seed: number;
  testSize: number;
  splitSeed: number;
  limit?: number;
  data?: string;
  everyEpoch: boolean;
  json: boolean;
  kernels?: KernelsName;
}

export async function trainCommand(f: TrainFlags): Promise<number> {
  const { kernels, said } = chooseKernels(f.kernels);
  const data = prepareData({ path: f.data, limit: f.limit, testSize: f.testSize, splitSeed: f.splitSeed });
  // stderr, once the data is read (bad data: its one line alone): stdout stays line for line the notebook's, or one
  // JSON object, which names the kernels
  process.stderr.write(`${said}\n`);
  // Both cores when they are free, one when another process needs the other: the same bits either way.
  const threads = teamSize();
  const result = train(data, f, {
    threads,
    activeThreads: idleCoresPolicy(threads),
    kernels,
    onEpoch: (epoch, loss) => {
      // The notebook prints epochs 1, 3, 5, … (epoch % 2 == 0, counting from 0).
      if (!f.json && (f.everyEpoch || (epoch - 1) % 2 === 0)) {
        process.stdout.write(`Epoch ${epoch}/${f.epochs}, Loss: ${loss.toFixed(4)}\n`);
      }
    },
  });
  const c = result.checkpoints[0];
  if (f.json) {
    process.stdout.write(JSON.stringify({ lr: f.lr, hidden: f.hidden, seed: f.seed, testSize: f.testSize, splitSeed: f.splitSeed, limit: f.limit ?? null, ...c, losses: result.losses }, nonFiniteAsText) + '\n');
  } else if (c.status === 'diverged') {
    process.stdout.write(`Diverged at epoch ${result.losses.length}: loss ${c.finalLoss}\n`);
  } else {
    process.stdout.write(`Test Accuracy: ${(c.testAccuracy * 100).toFixed(2)}% (${c.testCorrect}/${c.testTotal})\n`);
  }
  return c.status === 'ok' ? EXIT_OK : EXIT_FAILED;
}
