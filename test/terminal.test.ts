// Ctrl-C on a real terminal (tmux), pressed as a user does: while the data loads, with jobs queued, with every job
// running. Each ends with 130 within 10 s, no process left and a resume hint with --results; pasting the hint into
// the same shell finishes the sweep without retraining what finished.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { experimentFile, processesTagged, readCsv, tempDir } from './helpers/cli.js';
import { resumeHint } from './helpers/stop.js';
import { Terminal, tmuxAvailable } from './helpers/terminal.js';

const QUEUED = `name: tiny
data: {limit: 600}
runs:
  - {lr: 0.1, epochs: 3, hidden: 7, seed: 1}
  - {lr: 0.1, epochs: 2000, hidden: 7, seed: 2}
  - {lr: 0.1, epochs: 3, hidden: 7, seed: 3}
  - {lr: 0.1, epochs: 2000, hidden: 7, seed: 4}
`;

let runs = 0;

/** Runs `sweep ARGS` in the terminal, presses Ctrl-C once `ready` shows, and checks how it ended. */
async function ctrlC(args: string, ready: RegExp, what: string, resume?: { trialsDir: string }) {
  const tag = `SWEEP_TEST_TAG_${process.pid}_tty${++runs}`;
  const term = new Terminal({ [tag]: '1' });
  try {
    term.type(`sweep ${args}; echo "EXIT=$?"`);
    await term.waitFor(ready, 60000, what);
    const pressed = Date.now();
    term.ctrlC();
    const exit = await term.waitFor(/^EXIT=(\d+)$/m, 20000, 'the sweep to exit');
    const seconds = (Date.now() - pressed) / 1000;
    const screen = term.screen();
    assert.is(Number(exit[1]), 130, screen);
    assert.ok(seconds < 10, `took ${seconds} s`);
    assert.equal(processesTagged(tag), []);
    assert.match(screen, /Interrupted \(Ctrl-C, SIGINT\)/);
    // the live view was closed: its lines are not left under the closing ones
    assert.not.match(screen.slice(screen.indexOf('Interrupted')), /ETA/);
    const hint = resumeHint(screen);
    assert.match(hint, / --results /);
    if (!resume) return;
    const saved = readdirSync(resume.trialsDir).length;
    assert.ok(saved >= 1 && saved < 4, `${saved} saved`);
    term.type('clear');
    term.type(`${hint}; echo "RESUMED=$?"`);
    const resumed = await term.waitFor(/^RESUMED=(\d+)$/m, 60000, 'the resumed sweep');
    assert.is(Number(resumed[1]), 0, term.screen());
    assert.match(term.screen(), new RegExp(`Skipping ${saved} finished trial`));
  } finally {
    term.close();
  }
}

if (!tmuxAvailable()) {
  test('tmux is not installed: the terminal tests are skipped (scripts/setup-system.sh installs it)', () => {});
} else {
  test('Ctrl-C on a terminal while the workers load the data exits 130', async () => {
    const file = experimentFile('name: full\nruns: [{lr: 0.1, epochs: 1, hidden: 2, seed: 1}]\n');
    await ctrlC(`run '${file}' --results '${tempDir()}' --workers 1`, /worker 1: lr=0\.1 hidden=2 seed=1 {2}starting/, 'the worker to start');
  });

  test('Ctrl-C on a terminal with jobs queued exits 130; the hint, pasted, trains only the rest', async () => {
    const results = tempDir();
    const trialsDir = join(results, 'tiny', 'trials');
    await ctrlC(`run '${experimentFile(QUEUED)}' --results '${results}' --workers 1`, /\[1\/4\][^]*seed=2 {2}epoch \d+\/2000/, 'the long trial', { trialsDir });
    assert.is(readCsv(join(results, 'tiny', 'runs.csv')).filter((r) => r.status === 'ok').length, 4);
  });

  test('Ctrl-C on a terminal with every job running exits 130', async () => {
    await ctrlC(`run '${experimentFile(QUEUED)}' --results '${tempDir()}' --workers 2`, /worker \d: .*epoch \d+\/2000.*\n.*worker \d: .*epoch \d+\/2000/, 'both long trials');
  });
}

test.run();
