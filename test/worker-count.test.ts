// How many worker processes a local sweep starts (src/sweep/workers.ts): the cap and the one line that says why,
// worked out by hand from workerPeakBytes (150 MB + 3.8 KB a sample), and on this machine from node:os.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { availableParallelism } from 'node:os';
import { fitWorkers, localWorkers } from '../src/sweep/workers.js';

test('a default count capped by memory says so, without a --force-workers hint (nothing was asked for)', () => {
  // 70,000 samples: 150e6 + 266e6 = 416 MB a worker; 2 GB holds 4; 32 × 416 MB = 13.3 GB
  assert.equal(fitWorkers(undefined, false, 70000, { cores: 32, availableBytes: 2e9 }), {
    workers: 4,
    note: 'Using 4 worker(s), not 32: 32 workers would need about 13.3 GB (0.4 GB each for 70000 samples) and 2.0 GB is available',
  });
});

test('when memory would hold exactly as many workers as there are cores, the cores are the reason', () => {
  // 500 samples: 151.9 MB a worker; 4.5 × that holds 4, as many as the cores
  assert.equal(fitWorkers(8, false, 500, { cores: 4, availableBytes: 4.5 * 151.9e6 }), {
    workers: 4,
    note: 'Using 4 worker(s), not 8: this machine has 4 core(s); more workers than cores only share them (--force-workers keeps 8)',
  });
  assert.equal(fitWorkers(3, false, 500, { cores: 4, availableBytes: 4.5 * 151.9e6 }), { workers: 3 });
});

test('localWorkers uses this machine and says its note, or nothing when the count stands', () => {
  const cores = availableParallelism();
  const said: string[] = [];
  // 100 samples: ~150 MB a worker, which this machine's free memory holds for a few more workers than it has cores
  assert.is(localWorkers(cores + 3, false, 100, (l) => said.push(l)), cores);
  assert.equal(said, [`Using ${cores} worker(s), not ${cores + 3}: this machine has ${cores} core(s); more workers than cores only share them (--force-workers keeps ${cores + 3})`]);
  assert.is(localWorkers(1, false, 100, (l) => said.push(l)), 1);
  assert.is(localWorkers(cores + 3, true, 100, (l) => said.push(l)), cores + 3);
  assert.is(said.length, 1);
});

test.run();
