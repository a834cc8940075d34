// A writer stopped half-way: calls writeFileAtomic(FILE, TEXT) with one fs call replaced by a SIGKILL of this process
// (a writer killed at that point), by a thrown ENOSPC (a full disk), or — for writeSync — by a short write of at most
// 1000 bytes per call (what write(2) may do on a nearly full disk), so a test can see what is left on disk.
// usage: node dist/test/helpers/interrupted-write.js FILE TEXT openSync|writeSync|fsyncSync|closeSync|renameSync kill|throw|short
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const [file, text, call, action] = process.argv.slice(2);
const original = (fs as unknown as Record<string, (...args: unknown[]) => unknown>)[call];
if (typeof original !== 'function') throw new Error(`no fs.${call}`);
if (action === 'short' && call !== 'writeSync') throw new Error('only writeSync can be short');
(fs as unknown as Record<string, unknown>)[call] = (...args: unknown[]) => {
  if (action === 'short') {
    const [fd, buffer, offset, length] = args as [number, Uint8Array, number, number];
    // asking for bytes beyond the buffer is an error, as fs.writeSync says (ERR_OUT_OF_RANGE), short or not
    if (offset + length > buffer.byteLength) throw new RangeError(`offset ${offset} + length ${length} is beyond the buffer's ${buffer.byteLength} bytes`);
    return original(fd, buffer, offset, Math.min(length, 1000));
  }
  // openSync is called for the temp file only; a kill lands once it exists (the open itself has happened), a full
  // disk refuses the open itself (no temp file)
  if (call === 'openSync' && action === 'kill') original(...args);
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
