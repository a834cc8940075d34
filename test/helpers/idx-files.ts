// Writes small IDX datasets into a temp folder, for tests of the reader and of bad data.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IDX_FILES } from '../../src/data/mnist.js';

export function idxImages(count: number, rows: number, cols: number, pixel: (i: number) => number, magic = 2051): Buffer {
  const head = Buffer.alloc(16);
  head.writeUInt32BE(magic, 0);
  head.writeUInt32BE(count, 4);
  head.writeUInt32BE(rows, 8);
  head.writeUInt32BE(cols, 12);
  const body = Buffer.alloc(count * rows * cols);
  for (let i = 0; i < body.length; i++) body[i] = pixel(i);
  return Buffer.concat([head, body]);
}

export function idxLabels(labels: number[], magic = 2049): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(magic, 0);
  head.writeUInt32BE(labels.length, 4);
  return Buffer.concat([head, Buffer.from(labels)]);
}

/** A folder with the four IDX files of a tiny dataset: `train` then `test` samples of 2×2 pixels. */
export function tinyDataset(train = 6, test = 4, overrides: Partial<Record<keyof typeof IDX_FILES, Buffer>> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlp-sweep-idx-'));
  const files: Record<keyof typeof IDX_FILES, Buffer> = {
    trainImages: idxImages(train, 2, 2, (i) => (i * 7) % 256),
    trainLabels: idxLabels(Array.from({ length: train }, (_, i) => i % 10)),
    testImages: idxImages(test, 2, 2, (i) => 255 - (i % 256)),
    testLabels: idxLabels(Array.from({ length: test }, (_, i) => (9 - i) % 10)),
    ...overrides,
  };
  for (const [key, bytes] of Object.entries(files)) writeFileSync(join(dir, IDX_FILES[key as keyof typeof IDX_FILES]), bytes);
  return dir;
}
