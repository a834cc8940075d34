// The results folder (src/store/): the CSV tables written from records, against literal expected text; records to
// JSON and back (NaN and infinities included); the lock; what counts as done.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FolderLock } from '../src/store/lock.js';
import { failedRecord, finishedRecord, isDone, recordFromJson, recordToJson, type TrialRecord } from '../src/store/record.js';
import { formatNumber, ResultsStore } from '../src/store/store.js';
import { TablesWriter } from '../src/store/tables-writer.js';
import { tempDir } from './helpers/cli.js';

function record(over: Partial<TrialRecord>): TrialRecord {
  return {
    runId: 'aaaaaaaaaaaa', experiment: 'x', status: 'ok', lr: 0.1, epochs: 2, hidden: 7, seed: 3,
    data: { testSize: 0.2, splitSeed: 42 }, trainerVersion: 1, losses: [2.5, 2.25], finalLoss: 2.25,
    testAccuracy: 0.125, testCorrect: 15, testTotal: 120, weightsSha256: 'ab'.repeat(32), trainSeconds: 0.5,
    finishedAt: '2026-11-25T08:00:00.000Z', node: 'v20.0.0', machine: 'm',
    ...over,
  };
}

test('formatNumber should write the shortest round-trip form, and nothing for a missing value', () => {
  assert.is(formatNumber(0.1), '0.1');
  assert.is(formatNumber(1 / 3), '0.3333333333333333');
  assert.is(formatNumber(1e-7), '1e-7');
  assert.is(formatNumber(0), '0');
  assert.is(formatNumber(NaN), 'NaN');
  assert.is(formatNumber(null), '');
  assert.is(formatNumber(undefined), '');
});

test('the tables writer should write runs.csv, history.csv and summary.csv in the trials\' order, skipping unrecorded trials', () => {
  const dir = join(tempDir(), 'x');
  const store = new ResultsStore(dir);
  store.open();
  try {
    const a = record({ runId: 'aaaaaaaaaaaa', seed: 1 });
    const b = record({ runId: 'bbbbbbbbbbbb', seed: 2, testAccuracy: 0.375, testCorrect: 45, finalLoss: 2, losses: [2.5, 2] });
    const c = failedRecord('x', { runId: 'cccccccccccc', lr: 0.2, epochs: 2, hidden: 7, seed: 1 }, { testSize: 0.2, splitSeed: 42 }, 'child process exited with code 3');
    const trials = [b, a, c, record({ runId: 'dddddddddddd' })].map((r) => ({ runId: r.runId, lr: r.lr, epochs: r.epochs, hidden: r.hidden, seed: r.seed }));
    const tables = new TablesWriter(dir, trials);
    tables.load([a, b, c]);
    tables.write();
    const sha = 'ab'.repeat(32);
    assert.is(readFileSync(join(dir, 'runs.csv'), 'utf8'), [
      'run_id,lr,epochs,hidden,seed,status,final_loss,test_accuracy,test_correct,test_total,train_seconds,weights_sha256,error',
      `bbbbbbbbbbbb,0.1,2,7,2,ok,2,0.375,45,120,0.5,${sha},`,
      `aaaaaaaaaaaa,0.1,2,7,1,ok,2.25,0.125,15,120,0.5,${sha},`,
      'cccccccccccc,0.2,2,7,1,failed,,,,,,,child process exited with code 3',
      '',
    ].join('\n'));
    assert.is(readFileSync(join(dir, 'history.csv'), 'utf8'), 'run_id,epoch,loss\nbbbbbbbbbbbb,1,2.5\nbbbbbbbbbbbb,2,2\naaaaaaaaaaaa,1,2.5\naaaaaaaaaaaa,2,2.25\n');
    // lr 0.1: accuracies 0.375, 0.125 → mean 0.25, sample std √((0.125² + 0.125²)/1) = 0.1767766952966369
    assert.is(readFileSync(join(dir, 'summary.csv'), 'utf8'), [
      'lr,epochs,hidden,n,test_accuracy_mean,test_accuracy_std,test_accuracy_min,test_accuracy_max,final_loss_mean,final_loss_std',
      '0.1,2,7,2,0.25,0.1767766952966369,0.125,0.375,2.125,0.1767766952966369',
      '0.2,2,7,0,,,,,,',
      '',
    ].join('\n'));
  } finally {
    store.close();
  }
});

test('records should go to JSON and back unchanged, NaN and infinities included', () => {
  const r = record({ status: 'diverged', losses: [2.5, Infinity, NaN, -Infinity], finalLoss: NaN, testAccuracy: null });
  const text = recordToJson(r);
  assert.ok(text.includes('"NaN"') && text.includes('"Infinity"') && text.includes('"-Infinity"'));
  assert.ok(text.endsWith('}\n'));
  assert.equal(recordFromJson(text), r);
});

test('finishedRecord should keep test counts of an ok trial only, and round the time to milliseconds', () => {
  const trial = { runId: 'aaaaaaaaaaaa', lr: 0.1, epochs: 2, hidden: 7, seed: 3 };
  const checkpoint = { epochs: 2, status: 'ok' as const, finalLoss: 2.25, testCorrect: 15, testTotal: 120, testAccuracy: 0.125, weightsSha256: 'ab', trainSeconds: 1.23456, kernels: 'ts' as const };
  const ok = finishedRecord('x', trial, { testSize: 0.2, splitSeed: 42 }, checkpoint, [2.5, 2.25]);
  assert.equal([ok.status, ok.testCorrect, ok.testAccuracy, ok.testTotal, ok.trainSeconds, ok.losses], ['ok', 15, 0.125, 120, 1.235, [2.5, 2.25]]);
  const diverged = finishedRecord('x', trial, { testSize: 0.2, splitSeed: 42 }, { ...checkpoint, status: 'diverged', finalLoss: NaN }, [2.5, NaN]);
  assert.equal([diverged.status, diverged.testCorrect, diverged.testAccuracy, diverged.testTotal], ['diverged', null, null, 120]);
  assert.equal([ok.experiment, ok.runId, ok.lr, ok.epochs, ok.hidden, ok.seed], ['x', 'aaaaaaaaaaaa', 0.1, 2, 7, 3]);
});

test('isDone should count ok and diverged records as done, failed and missing ones not', () => {
  assert.is(isDone(record({})), true);
  assert.is(isDone(record({ status: 'diverged' })), true);
  assert.is(isDone(record({ status: 'failed' })), false);
  assert.is(isDone(undefined), false);
});

test('readRecords should read every record and name a record that is not valid JSON', () => {
  const dir = join(tempDir(), 'x');
  mkdirSync(join(dir, 'trials'), { recursive: true });
  const store = ResultsStore.open(dir);
  assert.equal([...store.readRecords().keys()], []);
  writeFileSync(join(dir, 'trials', 'aaaaaaaaaaaa.json'), recordToJson(record({})));
  writeFileSync(join(dir, 'trials', 'notes.txt'), 'not a record');
  writeFileSync(join(dir, 'trials', '.aaaaaaaaaaaa.json.1.tmp'), '{');
  assert.equal([...store.readRecords().keys()], ['aaaaaaaaaaaa']);
  writeFileSync(join(dir, 'trials', 'bbbbbbbbbbbb.json'), '{"runId": ');
  assert.throws(() => store.readRecords(), (e: Error) => e.message.startsWith(`${join(dir, 'trials', 'bbbbbbbbbbbb.json')}: not a valid trial record: `));
  assert.throws(() => ResultsStore.open(tempDir()), /not a results folder \(no trials\/ or experiment\.yaml\)/);
});

test('the lock should refuse a second holder while its owner lives, be taken over from a dead one, and go on release', () => {
  const dir = tempDir();
  const first = new FolderLock(dir);
  first.acquire();
  assert.is(readFileSync(join(dir, '.lock'), 'utf8'), `${process.pid}\n`);
  first.release();
  assert.not.ok(existsSync(join(dir, '.lock')));
  writeFileSync(join(dir, '.lock'), '1\n'); // pid 1 is always alive
  assert.throws(() => new FolderLock(dir).acquire(), /another sweep \(pid 1\) is running on this results folder/);
  writeFileSync(join(dir, '.lock'), '999999999\n'); // no such process
  const taker = new FolderLock(dir);
  taker.acquire();
  assert.is(readFileSync(join(dir, '.lock'), 'utf8'), `${process.pid}\n`);
  taker.release();
  taker.release();
  assert.not.ok(existsSync(join(dir, '.lock')));
});

test.run();
