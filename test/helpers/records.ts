// Trial records and experiments made up in a test, for the report and table modules (no training).
import type { Experiment } from '../../src/config/types.js';
import type { TrialRecord } from '../../src/store/record.js';

export function record(over: Partial<TrialRecord>): TrialRecord {
  return {
    runId: 'r', experiment: 'x', status: 'ok', lr: 0.03, epochs: 40, hidden: 128, seed: 42,
    data: { testSize: 0.2, splitSeed: 42 }, trainerVersion: 1, losses: [2.3, 2.2], finalLoss: 2.2,
    testAccuracy: 0.5, testCorrect: 200, testTotal: 400, weightsSha256: 'ab', trainSeconds: 1,
    finishedAt: '2026-11-25T08:00:00.000Z', node: 'v20.0.0', machine: 'linux-x64, 2 × CPU',
    ...over,
  };
}

export function experiment(records: TrialRecord[], over: Partial<Experiment> = {}): Experiment {
  return {
    file: 'x.yaml', source: 'name: x\n', name: 'x', data: { testSize: 0.2, splitSeed: 42 },
    trials: records.map((r) => ({ runId: r.runId, lr: r.lr, epochs: r.epochs, hidden: r.hidden, seed: r.seed })),
    expectations: [],
    ...over,
  };
}
