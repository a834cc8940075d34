// A writer stopped half-way: calls writeFileAtomic(FILE, TEXT) with one fs call replaced by a SIGKILL of this process
// (a writer killed at that point) or by a thrown ENOSPC (a full disk), so a test can see what is left on disk.
// usage: node dist/test/helpers/interrupted-write.js FILE TEXT openSync|writeSync|fsyncSync|closeSync|renameSync kill|throw
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const [file, text, call, action] = process.argv.slice(2);
const original = (fs as unknown as Record<string, (...args: unknown[]) => unknown>)[call];
if (typeof original !== 'function') throw new Error(`no fs.${call}`);
(fs as unknown as Record<string, unknown>)[call] = (...args: unknown[]) => {
  // openSync is called for the temp file only; kill once it exists, so the open itself has happened
  if (call === 'openSync') original(...args);
  if (action === 'kill') {
    process.kill(process.pid, 'SIGKILL');
    for (;;); // the signal lands before this spins for long
  }
  throw Object.assign(new Error(`ENOSPC: no space left on device, ${call}`), { code: 'ENOSPC' });
};
// the named imports of node:fs (as atomic.ts uses them) follow the patched object from here on
syncBuiltinESMExports();
const { writeFileAtomic } = await import('../../src/store/atomic.js');
try {
  writeFileAtomic(file, text);
} catch (err) {
  process.stdout.write(`${(err as Error).message}\n`);
  process.exitCode = 1;
}
