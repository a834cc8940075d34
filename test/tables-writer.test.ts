// runs.csv, history.csv and summary.csv kept up to date during a sweep (src/store/tables-writer.ts), on a clock the
// test moves: the first record is written at once, later ones at most once per interval (longer when a write is slow),
// a pending write lands by itself, flush writes only what is new; the bytes are the CSV format the README documents.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Trial } from '../src/config/types.js';
import type { TrialRecord } from '../src/store/record.js';
import { TablesWriter, TABLES_INTERVAL_MS } from '../src/store/tables-writer.js';
import { sleep, tempDir } from './helpers/cli.js';
import { syntheticRecord } from './helpers/synthetic-results.js';

const trial = (runId: string, lr: number, seed = 1): Trial => ({ runId, lr, epochs: 2, hidden: 8, seed });
const recordOf = (t: Trial, overrides: Partial<TrialRecord> = {}): TrialRecord => ({ ...syntheticRecord('x', t, 0, { name: 'x', grid: '' }), ...overrides });
const TRIALS = [trial('aaaaaaaaaaaa', 0.1), trial('bbbbbbbbbbbb', 0.2), trial('cccccccccccc', 0.3)];
/** The run ids in runs.csv, in its order; [] when it was not written. */
const runIds = (dir: string) => (existsSync(join(dir, 'runs.csv')) ? readFileSync(join(dir, 'runs.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.slice(0, 12)) : []);

test('TABLES_INTERVAL_MS should be two seconds', () => {
  assert.is(TABLES_INTERVAL_MS, 2000);
});

test('TablesWriter should write the CSVs at most once per interval, then whole in the trials\' order', () => {
  const dir = tempDir();
  let now = 0;
  const trials = [trial('aaaaaaaaaaaa', 0.1), trial('bbbbbbbbbbbb', 0.2), trial('cccccccccccc', 0.3)];
  const tables = new TablesWriter(dir, trials, () => now);
  const runsLines = () => readFileSync(join(dir, 'runs.csv'), 'utf8').trim().split('\n').length - 1;
  tables.add(recordOf(trials[2]));
  assert.is(runsLines(), 1, 'the first record is written at once');
  now = 10;
  tables.add(recordOf(trials[0]));
  assert.is(runsLines(), 1, 'a record soon after waits for the interval');
  now = TABLES_INTERVAL_MS + 1;
  tables.add(recordOf(trials[1]));
  const ids = readFileSync(join(dir, 'runs.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.slice(0, 12));
  assert.equal(ids, ['aaaaaaaaaaaa', 'bbbbbbbbbbbb', 'cccccccccccc'], 'all three, in the experiment\'s order');
  tables.flush();
});

test('TablesWriter should write the same bytes as the CSV format documented in the README', () => {
  const dir = tempDir();
  const ok = trial('aaaaaaaaaaaa', 0.1);
  const failed = trial('bbbbbbbbbbbb', 0.1, 2);
  const tables = new TablesWriter(dir, [ok, failed]);
  tables.load([
    recordOf(ok, { status: 'ok', losses: [2.5, 1.25], finalLoss: 1.25, testAccuracy: 0.5, testCorrect: 1, testTotal: 2, trainSeconds: 0.5, weightsSha256: 'ab' }),
    recordOf(failed, { status: 'failed', error: 'exited, with "code" 1', losses: [], finalLoss: null, testAccuracy: null, testCorrect: null, testTotal: null, trainSeconds: null, weightsSha256: null }),
  ]);
  tables.write();
  const file = (f: string) => readFileSync(join(dir, f), 'utf8');
  assert.is(
    file('runs.csv'),
    'run_id,lr,epochs,hidden,seed,status,final_loss,test_accuracy,test_correct,test_total,train_seconds,weights_sha256,error\n' +
      'aaaaaaaaaaaa,0.1,2,8,1,ok,1.25,0.5,1,2,0.5,ab,\n' +
      'bbbbbbbbbbbb,0.1,2,8,2,failed,,,,,,,"exited, with ""code"" 1"\n',
  );
  assert.is(file('history.csv'), 'run_id,epoch,loss\naaaaaaaaaaaa,1,2.5\naaaaaaaaaaaa,2,1.25\n');
  assert.is(
    file('summary.csv'),
    'lr,epochs,hidden,n,test_accuracy_mean,test_accuracy_std,test_accuracy_min,test_accuracy_max,final_loss_mean,final_loss_std\n0.1,2,8,1,0.5,,0.5,0.5,1.25,\n',
  );
  const empty = tempDir();
  new TablesWriter(empty, [ok]).write();
  assert.is(readFileSync(join(empty, 'history.csv'), 'utf8'), 'run_id,epoch,loss\n\n', 'no rows: the header and an empty line, as csv-writer writes it');
  assert.is(readFileSync(join(empty, 'runs.csv'), 'utf8'), `${file('runs.csv').split('\n')[0]}\n\n`);
});

test('with the real clock the first record should be written at once', () => {
  const dir = tempDir();
  new TablesWriter(dir, TRIALS).add(recordOf(TRIALS[0]));
  assert.equal(runIds(dir), ['aaaaaaaaaaaa']);
});

test('a record that arrives exactly one interval after the last write should be written at once', () => {
  const dir = tempDir();
  let now = 0;
  const tables = new TablesWriter(dir, TRIALS, () => now);
  tables.add(recordOf(TRIALS[0]));
  now = TABLES_INTERVAL_MS;
  tables.add(recordOf(TRIALS[1]));
  assert.equal(runIds(dir), ['aaaaaaaaaaaa', 'bbbbbbbbbbbb']);
});

test('a write that takes long should stretch the interval to ten times its duration', () => {
  const dir = tempDir();
  // the clock's readings, in the order the writer takes them: once per add, then at a write's start and end
  const readings: number[] = [];
  const tables = new TablesWriter(dir, TRIALS, () => readings.shift()!);
  readings.push(5000, 5000, 6000); // written at once, from 5000 to 6000: 1000 ms, so the next write waits 10,000 ms
  tables.add(recordOf(TRIALS[0]));
  readings.push(6000 + TABLES_INTERVAL_MS + 1); // past the plain interval, within the stretched one
  tables.add(recordOf(TRIALS[1]));
  assert.equal(runIds(dir), ['aaaaaaaaaaaa']);
  readings.push(16000, 16000, 16000); // 10,000 ms after the last write's end
  tables.add(recordOf(TRIALS[2]));
  assert.equal(runIds(dir), ['aaaaaaaaaaaa', 'bbbbbbbbbbbb', 'cccccccccccc']);
  assert.equal(readings, []);
});

test('a record that waits should be written by itself when the interval ends, and by flush before that', async () => {
  const dir = tempDir();
  let now = 0;
  const tables = new TablesWriter(dir, TRIALS, () => now);
  tables.add(recordOf(TRIALS[0]));
  now = TABLES_INTERVAL_MS - 20; // the interval ends in 20 ms of real time
  tables.add(recordOf(TRIALS[1]));
  assert.equal(runIds(dir), ['aaaaaaaaaaaa']);
  await sleep(150);
  assert.equal(runIds(dir), ['aaaaaaaaaaaa', 'bbbbbbbbbbbb'], 'the pending write landed');
  now = TABLES_INTERVAL_MS + 100; // within the next interval
  tables.add(recordOf(TRIALS[2]));
  assert.equal(runIds(dir), ['aaaaaaaaaaaa', 'bbbbbbbbbbbb']);
  tables.flush();
  assert.equal(runIds(dir), ['aaaaaaaaaaaa', 'bbbbbbbbbbbb', 'cccccccccccc']);
});

test('flush should write nothing when no record arrived since the last write', () => {
  const dir = tempDir();
  new TablesWriter(dir, TRIALS).flush();
  assert.not.ok(existsSync(join(dir, 'runs.csv')), 'nothing taken, nothing written');
  const tables = new TablesWriter(dir, TRIALS, () => 0);
  tables.load([recordOf(TRIALS[1])]);
  tables.flush();
  assert.equal(runIds(dir), ['bbbbbbbbbbbb'], 'loaded records count as new');
  rmSync(join(dir, 'runs.csv'));
  tables.flush();
  assert.not.ok(existsSync(join(dir, 'runs.csv')), 'written already: flush does not write again');
  tables.add(recordOf(TRIALS[0])); // within the interval: pending
  tables.write();
  rmSync(join(dir, 'runs.csv'));
  tables.flush();
  assert.not.ok(existsSync(join(dir, 'runs.csv')), 'write() wrote it: nothing left for flush');
});

test('history.csv should gain a column when a record with a tracked metric arrives, empty for the records before', () => {
  const dir = tempDir();
  let now = 0;
  const tables = new TablesWriter(dir, TRIALS, () => now);
  tables.add(recordOf(TRIALS[0], { losses: [2.5, 2] }));
  assert.is(readFileSync(join(dir, 'history.csv'), 'utf8'), 'run_id,epoch,loss\naaaaaaaaaaaa,1,2.5\naaaaaaaaaaaa,2,2\n');
  now = TABLES_INTERVAL_MS;
  tables.add(recordOf(TRIALS[1], { losses: [2.25, 1.5], metrics: { val_accuracy: [0.5, 0.75] } }));
  assert.is(
    readFileSync(join(dir, 'history.csv'), 'utf8'),
    'run_id,epoch,loss,val_accuracy\naaaaaaaaaaaa,1,2.5,\naaaaaaaaaaaa,2,2,\nbbbbbbbbbbbb,1,2.25,0.5\nbbbbbbbbbbbb,2,1.5,0.75\n',
  );
});

test.run();
