// How a sweep stops (src/sweep/stop.ts) without a sweep: the exit code and closing words of each cause, the resume
// command, and SweepStop's first-cause-wins and handler rules. The signals themselves, sent to a real process group,
// are in stop.test.ts and terminal.test.ts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { describeStop, exitLine, resumeCommand, shellQuote, stopExitCode, SweepStop, type StopCause } from '../src/sweep/stop.js';

const CAUSES: [StopCause, number, string, string][] = [
  [{ kind: 'signal', signal: 'SIGINT' }, 130, 'Interrupted (Ctrl-C, SIGINT)', 'interrupted'],
  [{ kind: 'signal', signal: 'SIGTERM' }, 143, 'Terminated (SIGTERM)', 'terminated'],
  [{ kind: 'broken-pipe', stream: 'stdout' }, 141, 'Output closed (broken pipe on stdout)', 'output closed'],
  [{ kind: 'fail-fast', trial: 'lr=0.2 epochs=3 hidden=4 seed=1 diverged' }, 1, 'Stopped at the first failed trial (--fail-fast): lr=0.2 epochs=3 hidden=4 seed=1 diverged', 'stopped by --fail-fast'],
  [{ kind: 'write-error', message: 'cannot write r/x.json: no space left on device' }, 1, 'Stopped: cannot write r/x.json: no space left on device', 'a write error stopped the sweep'],
];

/** Runs `body` with no other SIGINT/SIGTERM listeners (other test files' sweeps may have left theirs), then puts them back. */
function aloneWithSignals(body: () => void): void {
  const saved = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  try {
    body();
  } finally {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) for (const l of saved[signal]) process.on(signal, l as () => void);
  }
}

const NONE = { trials: 5, failed: 0, diverged: 0, missing: 0, expectationsMissed: 0 };

test('each cause has its exit code, its sentence and its words in the exit line', () => {
  for (const [cause, code, sentence, words] of CAUSES) {
    assert.is(stopExitCode(cause), code, cause.kind);
    assert.is(describeStop(cause), sentence);
    assert.is(exitLine(code, NONE, cause), `exit ${code}: ${words}`);
  }
  assert.is(describeStop({ kind: 'broken-pipe', stream: 'stderr' }), 'Output closed (broken pipe on stderr)');
});

test('the exit line counts what went wrong, in a fixed order, with one or several expectations', () => {
  assert.is(exitLine(1, { trials: 9, failed: 2, diverged: 1, missing: 3, expectationsMissed: 1 }), 'exit 1: 2 failed, 1 diverged, 3 not trained, 1 expectation missed');
  assert.is(exitLine(1, { ...NONE, expectationsMissed: 2 }), 'exit 1: 2 expectations missed');
  assert.is(exitLine(130, { ...NONE, missing: 4 }, { kind: 'signal', signal: 'SIGINT' }), 'exit 130: interrupted, 4 not trained');
  assert.is(exitLine(0, NONE), 'exit 0: ');
});

test('shellQuote leaves plain words alone and single-quotes the rest, a quote inside included', () => {
  assert.equal(['experiments/a.yaml', '--workers=2', 'x,y:z@1%+', 'A_b-c.d'].map(shellQuote), ['experiments/a.yaml', '--workers=2', 'x,y:z@1%+', 'A_b-c.d']);
  assert.equal(['my file.yaml', "it's", '$HOME', '', 'a*'].map(shellQuote), ["'my file.yaml'", "'it'\\''s'", "'$HOME'", "''", "'a*'"]);
});

test('the resume command repeats every option but --force', () => {
  assert.is(resumeCommand(['run', 'exp s.yaml', '--force', '--workers', '2']), "sweep run 'exp s.yaml' --workers 2");
  assert.is(resumeCommand([]), 'sweep');
});

test('SweepStop: the first cause wins, handlers run once per stop and again (urgent) only by the signal path', () => {
  const stop = new SweepStop();
  const calls: boolean[] = [];
  const off = stop.onStop((urgent) => calls.push(urgent));
  assert.is(stop.cause, undefined);
  stop.request({ kind: 'fail-fast', trial: 't' });
  stop.request({ kind: 'signal', signal: 'SIGINT' });
  assert.equal(stop.cause, { kind: 'fail-fast', trial: 't' });
  assert.equal(calls, [false]);
  off();
  const late = new SweepStop();
  late.onStop((urgent) => calls.push(urgent));
  late.request({ kind: 'signal', signal: 'SIGTERM' });
  assert.equal(calls, [false, false]);
});

test('SweepStop.listen: a signal requests the stop, a second is urgent; unlistening gives the signals back', () => aloneWithSignals(() => {
  const stop = new SweepStop();
  const calls: boolean[] = [];
  stop.onStop((urgent) => calls.push(urgent));
  const before = [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')];
  const unlisten = stop.listen();
  assert.is(stop.listening, true);
  assert.equal([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')], [before[0] + 1, before[1] + 1]);
  process.emit('SIGTERM', 'SIGTERM');
  assert.equal(stop.cause, { kind: 'signal', signal: 'SIGTERM' });
  process.emit('SIGINT', 'SIGINT');
  assert.equal(calls, [false, true]);
  assert.equal(stop.cause, { kind: 'signal', signal: 'SIGTERM' }, 'the first signal stays the cause');
  unlisten();
  assert.is(stop.listening, false);
  assert.equal([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')], before);
}));

test('SweepStop: not listening until listen(); a handler removed before the stop is not called', () => {
  const stop = new SweepStop();
  assert.is(stop.listening, false);
  const calls: string[] = [];
  const off = stop.onStop(() => calls.push('removed'));
  stop.onStop(() => calls.push('kept'));
  off();
  stop.request({ kind: 'broken-pipe', stream: 'stdout' });
  assert.equal(calls, ['kept']);
});

test('SweepStop.listen: a third signal exits at once, with the code of the first cause', () => aloneWithSignals(() => {
  for (const [first, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    const stop = new SweepStop();
    const urgent: boolean[] = [];
    stop.onStop((u) => urgent.push(u));
    const exits: (number | undefined)[] = [];
    const exit = process.exit;
    process.exit = ((c?: number) => {
      exits.push(c);
    }) as typeof process.exit;
    const unlisten = stop.listen();
    try {
      process.emit(first, first);
      process.emit('SIGINT', 'SIGINT');
      assert.equal(exits, [], 'two signals: no exit');
      process.emit('SIGTERM', 'SIGTERM');
      assert.equal(exits, [code]);
      assert.equal(urgent, [false, true], 'the third signal runs no handler');
    } finally {
      unlisten();
      process.exit = exit;
    }
  }
}));

test.run();
