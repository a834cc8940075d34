// Tracking on a queue: workers measure the tracked metrics as a local run does, and a result the queue holds from an
// untracked run of the same trials is not taken for a tracked one.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { exited, experimentFile, readCsv, sweep, sweepAsync, tempDir, waitFor } from './helpers/cli.js';
import { startRedis } from './helpers/redis.js';

const PLAIN = 'name: tiny\ndata: {limit: 600, val_size: 0.2}\ngrid: {lr: 0.2, epochs: [2, 3], hidden: 7, seed: 3}\n';
const TRACKED = `${PLAIN}track: [val_loss, val_accuracy, grad_norm]\n`;

test('a tracked sweep on the queue, after an untracked one of the same trials, records the same metrics as a local run', async () => {
  const redis = await startRedis();
  const worker = sweepAsync(['worker', '--queue', redis.url, '--concurrency', '1']);
  let log = '';
  worker.stdout!.setEncoding('utf8').on('data', (d: string) => (log += d));
  try {
    await waitFor(() => log.includes('serving queue'), 20000, `a worker to start: ${log}`);
    const results = tempDir();
    assert.is(sweep(['run', experimentFile(PLAIN), '--queue', redis.url, '--results', results]).code, 0);
    const queued = sweep(['run', experimentFile(TRACKED), '--queue', redis.url, '--results', results]);
    assert.is(queued.code, 0, queued.stdout + queued.stderr);
    const local = tempDir();
    assert.is(sweep(['run', experimentFile(TRACKED), '--results', local, '--workers', '1']).code, 0);
    const history = readCsv(join(results, 'tiny', 'history.csv'));
    assert.equal(Object.keys(history[0]), ['run_id', 'epoch', 'loss', 'val_loss', 'val_accuracy', 'grad_norm']);
    assert.equal(history, readCsv(join(local, 'tiny', 'history.csv')));
    const refused = sweep(['run', experimentFile(`${TRACKED}save_weights: true\n`), '--queue', redis.url, '--results', results]);
    assert.is(refused.code, 2);
    assert.match(refused.stderr, /save_weights writes into the results folder, which workers on a queue cannot reach/);
  } finally {
    worker.kill('SIGKILL');
    await exited(worker);
    redis.stop();
  }
});

test.run();
