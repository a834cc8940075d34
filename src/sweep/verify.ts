// Retrains recorded trials from their records alone, in fresh processes, and checks that the weights, every epoch's
// loss and the test count come out identical: determinism checked, not assumed.
import type { Trial } from '../config/types.js';
import type { Checkpoint } from '../train/train.js';
import { groupIntoJobs } from './jobs.js';
import type { Launcher } from '../launch/launcher.js';
import type { TrialRecord } from '../store/record.js';

export interface Verification {
  record: TrialRecord;
  /** what differs; empty when the retrained trial is identical */
  differences: string[];
}

/** `count` records chosen deterministically: the first by run id (run ids are hashes, so this is a fair sample). */
export function sampleRecords(records: TrialRecord[], count?: number): TrialRecord[] {
  const checkable = records.filter((r) => r.status !== 'failed').sort((a, b) => (a.runId < b.runId ? -1 : 1));
  return count === undefined ? checkable : checkable.slice(0, count);
}

function sameBits(a: number, b: number): boolean {
  return Object.is(a, b);
}

export function differences(record: TrialRecord, checkpoint: Checkpoint, losses: number[]): string[] {
  const out: string[] = [];
  if (checkpoint.status !== record.status) out.push(`status ${record.status} → ${checkpoint.status}`);
  if (checkpoint.weightsSha256 !== record.weightsSha256) out.push('weights_sha256 differs');
  const firstLoss = record.losses.findIndex((l, i) => !sameBits(l, losses[i]));
  if (losses.length !== record.losses.length) out.push(`${losses.length} losses instead of ${record.losses.length}`);
  else if (firstLoss >= 0) out.push(`loss differs from epoch ${firstLoss + 1} (${record.losses[firstLoss]} → ${losses[firstLoss]})`);
  if (record.status === 'ok' && checkpoint.testCorrect !== record.testCorrect) {
    out.push(`test_correct ${record.testCorrect} → ${checkpoint.testCorrect}`);
  }
  return out;
}

/** Retrains `records` through `launcher` (epoch-sharing as a sweep does) and compares each with its record. */
export async function verifyRecords(records: TrialRecord[], launcher: Launcher, onChecked?: (v: Verification) => void): Promise<Verification[]> {
  const byData = new Map<string, TrialRecord[]>();
  for (const r of records) {
    const key = JSON.stringify(r.data);
    byData.set(key, [...(byData.get(key) ?? []), r]);
  }
  const results = new Map<string, Verification>();
  const byId = new Map(records.map((r) => [r.runId, r]));
  const check = (v: Verification) => {
    results.set(v.record.runId, v);
    onChecked?.(v);
  };
  const runs = [...byData.values()].flatMap((group) => {
    const trials: Trial[] = group.map((r) => ({ runId: r.runId, lr: r.lr, epochs: r.epochs, hidden: r.hidden, seed: r.seed }));
    return groupIntoJobs(trials, group[0].data).map(async (job) => {
      try {
        await launcher.run(job, {
          started: () => {},
          epoch: () => {},
          output: () => {},
          trial: (runId, checkpoint, losses) => {
            const record = byId.get(runId)!;
            check({ record, differences: differences(record, checkpoint, losses) });
          },
        });
      } catch (err) {
        for (const t of job.trials) {
          if (!results.has(t.runId)) check({ record: byId.get(t.runId)!, differences: [`retraining failed: ${(err as Error).message}`] });
        }
      }
    });
  });
  await Promise.all(runs);
  await launcher.close();
  return records.map((r) => results.get(r.runId)!);
}
