// history.csv's columns and rows (src/store/history.ts): run_id, epoch, loss, then a column per tracked metric that any
// record holds, in the order of TRACKABLE, empty where a trial did not track it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { historyRowsOf, historyTable, trackedIn } from '../src/store/history.js';
import { record } from './helpers/records.js';

const plain = record({ runId: 'aaaaaaaaaaaa', losses: [2.5, 2] });
const tracked = record({ runId: 'bbbbbbbbbbbb', losses: [2.25, 1.5], metrics: { val_loss: [2.5, 1.75], grad_norm: [0.5, 0.25] } });
const partial = record({ runId: 'cccccccccccc', losses: [3, 2, 1], metrics: { val_loss: [3.5] } });

test('trackedIn should list the metrics any record holds, in TRACKABLE\'s order', () => {
  assert.equal(trackedIn([]), []);
  assert.equal(trackedIn([plain]), []);
  assert.equal(trackedIn([plain, tracked]), ['val_loss', 'grad_norm']);
  assert.equal(trackedIn([partial, plain]), ['val_loss']);
});

test('historyRowsOf should give one row per epoch, the tracked columns empty where a series is missing or short', () => {
  assert.equal(historyRowsOf(plain, []), [
    { run_id: 'aaaaaaaaaaaa', epoch: '1', loss: '2.5' },
    { run_id: 'aaaaaaaaaaaa', epoch: '2', loss: '2' },
  ]);
  assert.equal(historyRowsOf(plain, ['val_loss']), [
    { run_id: 'aaaaaaaaaaaa', epoch: '1', loss: '2.5', val_loss: '' },
    { run_id: 'aaaaaaaaaaaa', epoch: '2', loss: '2', val_loss: '' },
  ]);
  assert.equal(historyRowsOf(partial, ['val_loss', 'grad_norm']), [
    { run_id: 'cccccccccccc', epoch: '1', loss: '3', val_loss: '3.5', grad_norm: '' },
    { run_id: 'cccccccccccc', epoch: '2', loss: '2', val_loss: '', grad_norm: '' },
    { run_id: 'cccccccccccc', epoch: '3', loss: '1', val_loss: '', grad_norm: '' },
  ]);
});

test('historyTable should give the columns and every record\'s rows, in the records\' order', () => {
  assert.equal(historyTable([]), { columns: ['run_id', 'epoch', 'loss'], rows: [] });
  assert.equal(historyTable([tracked, plain]), {
    columns: ['run_id', 'epoch', 'loss', 'val_loss', 'grad_norm'],
    rows: [
      { run_id: 'bbbbbbbbbbbb', epoch: '1', loss: '2.25', val_loss: '2.5', grad_norm: '0.5' },
      { run_id: 'bbbbbbbbbbbb', epoch: '2', loss: '1.5', val_loss: '1.75', grad_norm: '0.25' },
      { run_id: 'aaaaaaaaaaaa', epoch: '1', loss: '2.5', val_loss: '', grad_norm: '' },
      { run_id: 'aaaaaaaaaaaa', epoch: '2', loss: '2', val_loss: '', grad_norm: '' },
    ],
  });
});

test.run();
