// `sweep verify DIR`: retrain recorded trials in fresh processes and check they are bit-identical to their records.
import { availableParallelism } from 'node:os';
import Table from 'cli-table3';
import { tableString } from '../report/linear-table.js';
import { EXIT_FAILED, EXIT_OK, UserError } from '../errors.js';
import { LocalLauncher } from '../launch/local/pool.js';
import { describeTrial } from '../sweep/progress.js';
import { ResultsStore } from '../store/store.js';
import { sampleRecords, verifyRecords } from '../sweep/verify.js';
import { chooseKernels, type KernelsName } from '../train/kernels/index.js';

export interface VerifyFlags {
  sample?: number;
  workers?: number;
  kernels?: KernelsName;
}

export async function verifyCommand(dir: string, flags: VerifyFlags): Promise<number> {
  const records = sampleRecords([...ResultsStore.open(dir).readRecords().values()], flags.sample);
  if (records.length === 0) throw new UserError(`${dir}: no finished trial to verify`);
  const workers = flags.workers ?? availableParallelism();
  const { kernels, said } = chooseKernels(flags.kernels);
  process.stdout.write(`Retraining ${records.length} trial(s) from ${dir} on ${workers} worker(s), ${said}…\n`);
  const results = await verifyRecords(records, new LocalLauncher({ workers, kernels }), (v) => {
    process.stdout.write(`  ${v.record.runId} ${describeTrial(v.record)}: ${v.differences.length === 0 ? 'identical' : v.differences.join('; ')}\n`);
  });
  const table = new Table({ head: ['run_id', 'trial', 'weights', 'losses', 'test_correct', 'result'], style: { head: [], border: [] } });
  for (const v of results) {
    const has = (what: string) => v.differences.some((d) => d.includes(what));
    table.push([
      v.record.runId,
      describeTrial(v.record),
      has('weights') ? 'DIFFER' : 'same',
      has('loss') ? 'DIFFER' : 'same',
      has('test_correct') ? 'DIFFER' : 'same',
      v.differences.length === 0 ? '✓' : '✗',
    ]);
  }
  process.stdout.write(`\n${tableString(table)}\n`);
  const bad = results.filter((v) => v.differences.length > 0);
  if (bad.length === 0) {
    process.stdout.write(`${results.length} trial(s) verified: bit-identical to their records\n`);
    return EXIT_OK;
  }
  process.stdout.write(`${bad.length} of ${results.length} trial(s) differ from their records:\n`);
  for (const v of bad) process.stdout.write(`  ${v.record.runId} (${describeTrial(v.record)}): ${v.differences.join('; ')}\n`);
  return EXIT_FAILED;
}
