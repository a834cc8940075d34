// Runs every compiled test file (dist/test/**/*.test.js) as uvu suites and ends with the line `N passed, M failed`.
// usage: node dist/test/run.js [substring of a test file name ...]
import { readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? testFiles(join(dir, e.name)) : e.name.endsWith('.test.js') ? [join(dir, e.name)] : []))
    .sort();
}

const files = testFiles(here).filter((f) => filters.length === 0 || filters.some((s) => relative(here, f).includes(s)));
(globalThis as { UVU_DEFER?: number }).UVU_DEFER = 1;
const uvu = await import('uvu');
const queue = (globalThis as unknown as { UVU_QUEUE: unknown[][] }).UVU_QUEUE;
for (const [i, file] of files.entries()) {
  (globalThis as { UVU_INDEX?: number }).UVU_INDEX = i;
  queue.push([relative(here, file)]);
  await import(pathToFileURL(file).href);
}

// uvu prints "Total: N" and "Passed: M" at the end; read them to print the one closing line CI looks for.
let printed = '';
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
  printed += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
  return write(chunk, ...rest);
}) as typeof process.stdout.write;
await uvu.exec(false);
process.stdout.write = write;
const plain = printed.replace(/\x1b\[[0-9;]*m/g, '');
const total = Number(/Total:\s+(\d+)/.exec(plain)?.[1] ?? NaN);
const passed = Number(/Passed:\s+(\d+)/.exec(plain)?.[1] ?? NaN);
const skipped = Number(/Skipped:\s+(\d+)/.exec(plain)?.[1] ?? 0);
const failed = total - passed - skipped;
process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
if (files.length === 0 || !Number.isFinite(total) || total === 0 || failed > 0) process.exitCode = 1;
