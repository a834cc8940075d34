// A quick measurement of this machine's training speed, for time estimates when no finished trial tells it.
import { prepareData, type DataSpec } from '../train/prepared.js';
import { train } from '../train/train.js';

const CALIBRATION_SAMPLES = 2000;
const CALIBRATION_HIDDEN = 32;
const CALIBRATION_EPOCHS = 4;

/** Seconds per (epoch × training sample × hidden unit), from a few epochs on a slice of the data (~0.2 s). */
export function calibrateRate(data: DataSpec): number {
  const prepared = prepareData({ ...data, limit: Math.min(data.limit ?? Infinity, CALIBRATION_SAMPLES) });
  const stamps: number[] = [];
  train(prepared, { lr: 0.01, epochs: CALIBRATION_EPOCHS, hidden: CALIBRATION_HIDDEN, seed: 0 }, { onEpoch: () => stamps.push(performance.now()) });
  // The first epoch includes compilation: time the later ones.
  const seconds = (stamps[stamps.length - 1] - stamps[0]) / 1000 / (stamps.length - 1);
  return seconds / (prepared.train.rows * CALIBRATION_HIDDEN);
}
