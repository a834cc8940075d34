// The best trial, chosen honestly (src/report/best.ts): by val_accuracy when recorded, else test_accuracy (which leaks,
// and says so); higher or lower per metric, ties to the first, NaN and unfinished trials left out; the one-line
// summary and the ready-to-paste runs: entry, against literal text.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { bestLine, bestTrial, defaultMetric, leakNote, leaks, runsEntry, SELECTABLE, valueOf } from '../src/report/best.js';
import { record } from './helpers/records.js';

const tracked = (runId: string, lr: number, val: number[], over = {}) =>
  record({ runId, lr, epochs: val.length, metrics: { val_accuracy: val, val_loss: val.map((v) => 1 - v), train_accuracy: val.map((v) => v / 2) }, ...over });

test('SELECTABLE should say which way is better for each metric, and only test metrics leak', () => {
  assert.equal(SELECTABLE, { val_accuracy: 'higher', val_loss: 'lower', test_accuracy: 'higher', test_loss: 'lower', train_accuracy: 'higher', final_loss: 'lower' });
  assert.equal(Object.keys(SELECTABLE).filter((m) => leaks(m as keyof typeof SELECTABLE)), ['test_accuracy', 'test_loss']);
});

test('valueOf should read the metric at the trial\'s last epoch, and nothing for an unfinished trial or a short series', () => {
  const r = tracked('a', 0.1, [0.25, 0.5, 0.75]);
  assert.is(valueOf(r, 'val_accuracy'), 0.75);
  assert.is(valueOf(r, 'val_loss'), 0.25);
  assert.is(valueOf(r, 'test_accuracy'), 0.5);
  assert.is(valueOf(r, 'final_loss'), 2.2);
  assert.is(valueOf(r, 'test_loss'), undefined, 'not tracked');
  // a longer run that shares its series: the value at this trial's own last epoch
  assert.is(valueOf({ ...r, epochs: 2 }, 'val_accuracy'), 0.5);
  assert.is(valueOf({ ...r, epochs: 4 }, 'val_accuracy'), undefined, 'the series stops short of the last epoch');
  assert.is(valueOf({ ...r, status: 'diverged' }, 'val_accuracy'), undefined);
  assert.is(valueOf({ ...r, status: 'failed' }, 'test_accuracy'), undefined);
  assert.is(valueOf(record({ testAccuracy: null }), 'test_accuracy'), undefined);
  assert.is(valueOf(record({ finalLoss: null }), 'final_loss'), undefined);
});

test('defaultMetric should be val_accuracy when any ok trial recorded it, else test_accuracy', () => {
  assert.is(defaultMetric([record({}), tracked('a', 0.1, [0.5])]), 'val_accuracy');
  assert.is(defaultMetric([record({})]), 'test_accuracy');
  assert.is(defaultMetric([tracked('a', 0.1, [0.5], { status: 'diverged' })]), 'test_accuracy', 'a diverged trial\'s series does not count');
  assert.is(defaultMetric([]), 'test_accuracy');
});

test('bestTrial should take the highest or lowest value, the first of equals, and count the trials compared', () => {
  const rows = [tracked('a', 0.1, [0.5]), tracked('b', 0.2, [0.75]), tracked('c', 0.3, [0.75]), tracked('d', 0.4, [NaN]), record({ runId: 'e', status: 'failed' })];
  const best = bestTrial(rows)!;
  assert.equal([best.record.runId, best.metric, best.value, best.compared], ['b', 'val_accuracy', 0.75, 3]);
  const lowest = bestTrial(rows, 'val_loss')!;
  assert.equal([lowest.record.runId, lowest.value, lowest.compared], ['b', 0.25, 3]);
  const byTest = bestTrial([record({ runId: 'x', testAccuracy: 0.25 }), record({ runId: 'y', testAccuracy: 0.5 }), record({ runId: 'z', testAccuracy: 0.5 })], 'test_accuracy')!;
  assert.equal([byTest.record.runId, byTest.compared], ['y', 3]);
  const byLoss = bestTrial([record({ runId: 'x', finalLoss: 0.5 }), record({ runId: 'y', finalLoss: 0.25 }), record({ runId: 'z', finalLoss: 0.75 })], 'final_loss')!;
  assert.equal([byLoss.record.runId, byLoss.value], ['y', 0.25]);
  assert.is(bestTrial([record({ status: 'failed' })]), undefined);
  assert.is(bestTrial([], 'val_accuracy'), undefined);
});

test('leakNote should say the choice looked at the test set and how to choose honestly', () => {
  assert.is(
    leakNote('test_accuracy'),
    'chosen by test_accuracy, on the test set: the choice leaks it, so its test accuracy overstates what to expect; track val_accuracy with data.val_size to choose honestly',
  );
});

test('bestLine should name the best of two or more, with its test accuracy when chosen by another metric, and the leak', () => {
  const rows = [tracked('aaaaaaaaaaaa', 0.1, [0.5]), tracked('bbbbbbbbbbbb', 0.2, [0.75], { testAccuracy: 0.625 })];
  assert.is(bestLine(rows), 'Best of 2 by val_accuracy: bbbbbbbbbbbb lr=0.2 epochs=1 hidden=128 seed=42 (val_accuracy 0.75, test_accuracy 0.625)');
  const plain = [record({ runId: 'aaaaaaaaaaaa', testAccuracy: 0.5 }), record({ runId: 'bbbbbbbbbbbb', lr: 0.1, testAccuracy: 0.625 })];
  assert.is(bestLine(plain), `Best of 2 by test_accuracy: bbbbbbbbbbbb lr=0.1 epochs=40 hidden=128 seed=42 (test_accuracy 0.625)\n  note: ${leakNote('test_accuracy')}`);
  assert.is(bestLine([plain[0]]), undefined, 'one trial: nothing to choose');
  assert.is(bestLine([plain[0], record({ runId: 'f', status: 'failed' })]), undefined, 'one trial compared');
});

test('runsEntry should be a runs: entry ready to paste into an experiment file', () => {
  assert.is(runsEntry(record({ lr: 0.03, epochs: 40, hidden: 128, seed: 7 })), 'runs:\n  - {lr: 0.03, epochs: 40, hidden: 128, seed: 7}\n');
});

test.run();
