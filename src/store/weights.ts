// A results folder's saved weights: weights/<run_id>.npz (see npz.ts), written atomically at each checkpoint of a
// sweep with save_weights, read back to continue training, and only ever trusted once their SHA-256 matches the record.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { weightsSha256, type Shape } from '../train/mlp.js';
import type { Weights } from '../train/train.js';
import { writeFileAtomic } from './atomic.js';
import { decodeWeightsNpz, encodeWeightsNpz } from './npz.js';

export const WEIGHTS = 'weights';

export function weightsFile(resultsDir: string, runId: string): string {
  return join(resultsDir, WEIGHTS, `${runId}.npz`);
}

export function saveWeights(file: string, shape: Shape, w: Weights): void {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileAtomic(file, encodeWeightsNpz(shape, w));
}

/**
 * The weights in `file` if it exists, holds the network `shape` and hashes to `sha256`; otherwise undefined and why
 * (a missing, damaged or foreign file is never trained from).
 */
export function loadVerifiedWeights(file: string, shape: Shape, sha256: string): { weights?: Weights; problem?: string } {
  if (!existsSync(file)) return { problem: `${file}: no such file` };
  let weights: Weights;
  try {
    weights = decodeWeightsNpz(readFileSync(file), shape);
  } catch (err) {
    return { problem: `${file}: ${(err as Error).message}` };
  }
  const got = weightsSha256({ shape, ...weights });
  if (got !== sha256) return { problem: `${file}: SHA-256 ${got.slice(0, 12)}… is not the record's ${sha256.slice(0, 12)}…` };
  return { weights };
}
