// The results folder (src/store/): the CSV tables written from records, against literal expected text; records as
// JSON, snake_case, and back (NaN and infinities included); what counts as done; the folder's files and errors.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { failedRecord, finishedRecord, isDone, recordFromJson, recordToJson, tracksAll, type TrialRecord } from '../src/store/record.js';
import { csv, formatNumber, ResultsStore } from '../src/store/store.js';
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

test('a record should be written as snake_case JSON, two spaces deep, metric names and non-finite numbers as the README shows', () => {
  const r = record({
    status: 'diverged', losses: [2.5, Infinity], finalLoss: Infinity, testAccuracy: null, testCorrect: null,
    data: { limit: 600, testSize: 0.2, splitSeed: 42, valSize: 0.1 }, kernels: 'wasm', version: '0.1.0',
    git: { commit: 'c0ffee', dirty: true }, metrics: { val_accuracy: [0.5, 0.25], dead_units: [0, 3] }, valTotal: 48,
    continuedFrom: { runId: 'bbbbbbbbbbbb', epochs: 1 },
  });
  const expected = `{
  "run_id": "aaaaaaaaaaaa",
  "experiment": "x",
  "status": "diverged",
  "lr": 0.1,
  "epochs": 2,
  "hidden": 7,
  "seed": 3,
  "data": {
    "limit": 600,
    "test_size": 0.2,
    "split_seed": 42,
    "val_size": 0.1
  },
  "trainer_version": 1,
  "losses": [
    2.5,
    "Infinity"
  ],
  "final_loss": "Infinity",
  "test_accuracy": null,
  "test_correct": null,
  "test_total": 120,
  "weights_sha256": "${'ab'.repeat(32)}",
  "train_seconds": 0.5,
  "finished_at": "2026-11-25T08:00:00.000Z",
  "node": "v20.0.0",
  "machine": "m",
  "kernels": "wasm",
  "version": "0.1.0",
  "git": {
    "commit": "c0ffee",
    "dirty": true
  },
  "metrics": {
    "val_accuracy": [
      0.5,
      0.25
    ],
    "dead_units": [
      0,
      3
    ]
  },
  "val_total": 48,
  "continued_from": {
    "run_id": "bbbbbbbbbbbb",
    "epochs": 1
  }
}
`;
  assert.is(recordToJson(r), expected);
  // "Infinity" alone (no NaN, no -Infinity) must be read back as a number too
  assert.equal(recordFromJson(expected), r);
  assert.is(recordFromJson(expected).finalLoss, Infinity);
});

test('a record in the older camelCase form should read the same, and a string that only looks like a number stays one', () => {
  const camel = '{"runId": "aaaaaaaaaaaa", "testCorrect": 15, "data": {"testSize": 0.2, "splitSeed": 42}, "metrics": {"val_loss": [1]}, "losses": []}';
  assert.equal(recordFromJson(camel), { runId: 'aaaaaaaaaaaa', testCorrect: 15, data: { testSize: 0.2, splitSeed: 42 }, metrics: { val_loss: [1] }, losses: [] } as unknown as TrialRecord);
  // with a "NaN" in it the reviver runs: only the three exact strings become numbers, not a run id or a message
  assert.equal(
    recordFromJson('{"run_id": "67a0ef462fb7", "final_loss": "NaN", "error": "Infinity!", "machine": "-Infinity x"}'),
    { runId: '67a0ef462fb7', finalLoss: NaN, error: 'Infinity!', machine: '-Infinity x' } as unknown as TrialRecord,
  );
});

test('finishedRecord should carry the metrics, validation size, continued-from and the provenance given', () => {
  const trial = { runId: 'aaaaaaaaaaaa', lr: 0.1, epochs: 2, hidden: 7, seed: 3 };
  const data = { testSize: 0.2, splitSeed: 42, valSize: 0.1 };
  const checkpoint = {
    epochs: 2, status: 'ok' as const, finalLoss: 2.25, testCorrect: 15, testTotal: 120, testAccuracy: 0.125, weightsSha256: 'ab', trainSeconds: 0.0004,
    kernels: 'wasm' as const, metrics: { val_loss: [2.5, 2.4] }, valTotal: 48, continuedFrom: { runId: 'bbbbbbbbbbbb', epochs: 1 },
  };
  const from = { version: '9.9.9', trainerVersion: 1, node: 'v99.0.0', machine: 'linux-x64, 64 × Big', git: { commit: 'c0ffee', dirty: false } };
  const r = finishedRecord('x', trial, data, checkpoint, [2.5, 2.25], from);
  const { finishedAt, ...rest } = r;
  assert.match(finishedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.equal(rest, {
    runId: 'aaaaaaaaaaaa', experiment: 'x', lr: 0.1, epochs: 2, hidden: 7, seed: 3, data, trainerVersion: 1, status: 'ok', losses: [2.5, 2.25],
    finalLoss: 2.25, testAccuracy: 0.125, testCorrect: 15, testTotal: 120, weightsSha256: 'ab', trainSeconds: 0, metrics: { val_loss: [2.5, 2.4] },
    valTotal: 48, continuedFrom: { runId: 'bbbbbbbbbbbb', epochs: 1 }, kernels: 'wasm', node: 'v99.0.0', machine: 'linux-x64, 64 × Big', version: '9.9.9',
    git: { commit: 'c0ffee', dirty: false },
  });
  const plain = finishedRecord('x', trial, data, { ...checkpoint, metrics: undefined, valTotal: 0, continuedFrom: undefined }, [2.5, 2.25], { ...from, git: undefined });
  for (const key of ['metrics', 'valTotal', 'continuedFrom', 'git']) assert.not.ok(key in plain, key);
});

test('failedRecord should say why and hold no results', () => {
  const from = { version: '9.9.9', trainerVersion: 1, node: 'v99.0.0', machine: 'm' };
  const { finishedAt, ...r } = failedRecord('x', { runId: 'cccccccccccc', lr: 0.2, epochs: 2, hidden: 7, seed: 1 }, { testSize: 0.2, splitSeed: 42 }, 'the worker exited with code 3', from);
  assert.type(finishedAt, 'string');
  assert.equal(r, {
    runId: 'cccccccccccc', experiment: 'x', lr: 0.2, epochs: 2, hidden: 7, seed: 1, data: { testSize: 0.2, splitSeed: 42 }, trainerVersion: 1,
    status: 'failed', error: 'the worker exited with code 3', losses: [], finalLoss: null, testAccuracy: null, testCorrect: null, testTotal: null,
    weightsSha256: null, trainSeconds: null, node: 'v99.0.0', machine: 'm', version: '9.9.9',
  });
});

test('tracksAll should hold when the record has a series of every metric asked for, and for none asked', () => {
  const tracked = record({ metrics: { val_loss: [1, 2], grad_norm: [3, 4] } });
  assert.is(tracksAll(tracked, undefined), true);
  assert.is(tracksAll(tracked, []), true);
  assert.is(tracksAll(tracked, ['val_loss', 'grad_norm']), true);
  assert.is(tracksAll(tracked, ['val_loss', 'dead_units']), false);
  assert.is(tracksAll(record({}), ['val_loss']), false);
  assert.is(tracksAll(record({}), undefined), true);
});

test('csv should write a header line and quote what needs quoting', () => {
  assert.is(csv(['a', 'b'], [{ a: '1', b: 'x, "y"' }, { a: '', b: '2' }]), 'a,b\n1,"x, ""y"""\n,2\n');
});

test('a results folder should name its files, write the experiment copy and records, and close by releasing its lock', () => {
  const root = tempDir();
  const store = ResultsStore.forExperiment(root, 'tiny');
  assert.is(store.dir, join(root, 'tiny'));
  assert.is(store.trialsDir, join(root, 'tiny', 'trials'));
  assert.is(store.recordFile('aaaaaaaaaaaa'), join(root, 'tiny', 'trials', 'aaaaaaaaaaaa.json'));
  assert.is(store.experimentCopy(), join(root, 'tiny', 'experiment.yaml'));
  store.open();
  assert.is(readFileSync(join(root, 'tiny', '.lock'), 'utf8'), `${process.pid}\n`);
  store.writeExperiment('name: tiny\n');
  store.writeRecord(record({}));
  assert.is(readFileSync(join(root, 'tiny', 'experiment.yaml'), 'utf8'), 'name: tiny\n');
  assert.is(readFileSync(join(root, 'tiny', 'trials', 'aaaaaaaaaaaa.json'), 'utf8'), recordToJson(record({})));
  store.close();
  assert.equal(readdirSync(join(root, 'tiny')).sort(), ['experiment.yaml', 'trials']);
  assert.ok(ResultsStore.isResultsFolder(join(root, 'tiny')));
  rmSync(join(root, 'tiny', 'trials'), { recursive: true });
  assert.ok(ResultsStore.isResultsFolder(join(root, 'tiny')), 'experiment.yaml alone is enough');
  assert.equal([...ResultsStore.open(join(root, 'tiny')).readRecords().keys()], [], 'no trials/: no records');
});

test('readRecords should read the records in run-id order, skipping hidden files', () => {
  const dir = join(tempDir(), 'x');
  mkdirSync(join(dir, 'trials'), { recursive: true });
  for (const id of ['cccccccccccc', 'aaaaaaaaaaaa', 'dddddddddddd', 'bbbbbbbbbbbb']) writeFileSync(join(dir, 'trials', `${id}.json`), recordToJson(record({ runId: id })));
  writeFileSync(join(dir, 'trials', '.eeeeeeeeeeee.json'), '{');
  assert.equal([...ResultsStore.open(dir).readRecords().keys()], ['aaaaaaaaaaaa', 'bbbbbbbbbbbb', 'cccccccccccc', 'dddddddddddd']);
});

test('opening a results folder that cannot be created should be one line naming it and the cause; a held lock says who holds it', () => {
  const file = join(tempDir(), 'a-file');
  writeFileSync(file, 'x');
  const under = new ResultsStore(join(file, 'tiny'));
  assert.throws(() => under.open(), (e: Error) => e.name === 'UserError' && e.message === `${join(file, 'tiny')}: cannot open the results folder: a part of the path is a file, not a folder`);
  const dir = join(tempDir(), 'tiny');
  mkdirSync(dir);
  writeFileSync(join(dir, '.lock'), '1\n');
  assert.throws(() => new ResultsStore(dir).open(), (e: Error) => e.name === 'UserError' && e.message === `${join(dir, '.lock')}: another sweep (pid 1) is running on this results folder; wait for it or stop it`);
});

test.run();
