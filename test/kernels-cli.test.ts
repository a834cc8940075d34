// --kernels through the CLI: both kernels give the same trials (run ids, weights), the records say which trained
// them, the choice is said once, and a wrong name is refused.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { experimentFile, readCsv, sweep, tempDir } from './helpers/cli.js';

const GRID = `name: tiny
data: {limit: 500}
grid: {lr: [0.1, 0.3], epochs: [2, 3], hidden: 9, seed: 5}
`;

function records(results: string): Map<string, { kernels?: string; weightsSha256: string }> {
  const dir = join(results, 'tiny', 'trials');
  return new Map(readdirSync(dir).map((f) => [f, JSON.parse(readFileSync(join(dir, f), 'utf8'))]));
}

test('sweep run --kernels ts and --kernels wasm give the same trials, and each record names its kernels', () => {
  const file = experimentFile(GRID);
  const byKernels = new Map<string, ReturnType<typeof records>>();
  for (const kernels of ['ts', 'wasm']) {
    const results = tempDir();
    const r = sweep(['run', file, '--workers', '2', '--results', results, '--kernels', kernels]);
    assert.is(r.code, 0, r.stderr);
    assert.is(r.stdout.split(`kernels: ${kernels}`).length - 1, 1, `said once:\n${r.stdout}`);
    const recs = records(results);
    assert.is(recs.size, 4);
    for (const rec of recs.values()) assert.is(rec.kernels, kernels);
    assert.equal(readCsv(join(results, 'tiny', 'runs.csv')).map((row) => row.weights_sha256).length, 4);
    byKernels.set(kernels, recs);
  }
  const [ts, wasm] = [byKernels.get('ts')!, byKernels.get('wasm')!];
  // the same run ids (record file names) and weights
  assert.equal([...wasm.keys()], [...ts.keys()]);
  for (const [id, rec] of ts) assert.is(wasm.get(id)!.weightsSha256, rec.weightsSha256, id);
});

test('sweep train --json names the kernels, and both kernels print the same run', () => {
  const out = ['ts', 'wasm'].map((kernels) => {
    const r = sweep(['train', '--limit', '400', '--epochs', '2', '--hidden', '5', '--json', '--kernels', kernels]);
    assert.is(r.code, 0, r.stderr);
    assert.is(r.stderr, `kernels: ${kernels} (${kernels === 'ts' ? 'TypeScript' : 'WebAssembly SIMD'})\n`);
    return JSON.parse(r.stdout);
  });
  assert.is(out[0].kernels, 'ts');
  assert.is(out[1].kernels, 'wasm');
  assert.is(out[1].weightsSha256, out[0].weightsSha256);
  assert.equal(out[1].losses, out[0].losses);
});

test('an unknown --kernels name exits 2 naming the choices', () => {
  const r = sweep(['train', '--kernels', 'gpu']);
  assert.is(r.code, 2);
  assert.match(r.stderr, /argument 'gpu' is invalid\. Allowed choices are wasm, ts/);
});

test('--kernels with --queue is refused: the workers choose their kernels', () => {
  const r = sweep(['run', experimentFile(GRID), '--queue', 'redis://127.0.0.1:1', '--kernels', 'ts']);
  assert.is(r.code, 2);
  assert.match(r.stderr, /--kernels are options of `sweep worker`/);
});

test.run();
