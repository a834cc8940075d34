// The queue's payload and result checks (src/launch/queue/payload.ts): a well-formed job passes, and every rule has a
// hostile job that breaks it and is refused with a reason naming the field. Nothing here needs Redis.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LIMITS, parsePayload, parseResult, queueJobId } from '../src/launch/queue/payload.js';

const SHA = 'a'.repeat(64);

/** A job as the coordinator sends it: two trials of one run, by increasing epochs, id = the longest's run id. */
function payload(): Record<string, any> {
  return {
    job: {
      id: '0000000000b2',
      data: { testSize: 0.2, splitSeed: 42, limit: 600, path: '/data/mnist' },
      lr: 0.1,
      hidden: 7,
      seed: 3,
      trials: [{ runId: '0000000000a1', epochs: 2 }, { runId: '0000000000b2', epochs: 4 }],
    },
    trainerVersion: 1,
    dataSha256: SHA,
  };
}

test('parsePayload should accept a well-formed job and return it unchanged', () => {
  assert.equal(parsePayload(payload()), payload());
  const minimal = payload();
  delete minimal.job.data.limit;
  delete minimal.job.data.path;
  minimal.job.trials = [{ runId: '0000000000b2', epochs: 1 }];
  assert.equal(parsePayload(minimal), minimal);
  const largest = payload();
  Object.assign(largest.job, { hidden: LIMITS.hidden, seed: 4294967295 });
  largest.job.trials[1].epochs = LIMITS.epochs;
  Object.assign(largest.job.data, { limit: LIMITS.limit, splitSeed: 0, path: 'p'.repeat(LIMITS.pathLength) });
  assert.equal(parsePayload(largest), largest);
});

// [what the hostile job does, how it changes the good one, the reason it must be refused with]
const HOSTILE: [string, (p: Record<string, any>) => void, string][] = [
  ['is not an object', (p) => { for (const k of Object.keys(p)) delete p[k]; Object.assign(p, { 0: 'x' }); }, 'the payload must have required property \'job\''],
  ['has an unknown key', (p) => { p.extra = 1; }, 'the payload must NOT have additional properties "extra"'],
  ['has no trainer version', (p) => { delete p.trainerVersion; }, 'the payload must have required property \'trainerVersion\''],
  ['has no data fingerprint', (p) => { delete p.dataSha256; }, 'the payload must have required property \'dataSha256\''],
  ['has trainer version 0', (p) => { p.trainerVersion = 0; }, 'trainerVersion must be >= 1'],
  ['has a fractional trainer version', (p) => { p.trainerVersion = 1.5; }, 'trainerVersion must be integer'],
  ['has a short data fingerprint', (p) => { p.dataSha256 = 'a'.repeat(63); }, 'dataSha256 must match pattern "^[0-9a-f]{64}$"'],
  ['has an upper-case data fingerprint', (p) => { p.dataSha256 = 'A'.repeat(64); }, 'dataSha256 must match pattern "^[0-9a-f]{64}$"'],
  ['has no job', (p) => { delete p.job; }, 'the payload must have required property \'job\''],
  ['has an unknown job key', (p) => { p.job.command = 'rm -rf /'; }, 'job must NOT have additional properties "command"'],
  ['has a job without an id', (p) => { delete p.job.id; }, 'job must have required property \'id\''],
  ['has a job id that is not 12 hex digits', (p) => { p.job.id = '0000000000b2x'; }, 'job.id must match pattern "^[0-9a-f]{12}$"'],
  ['has no data', (p) => { delete p.job.data; }, 'job must have required property \'data\''],
  ['has an unknown data key', (p) => { p.job.data.url = 'http://x'; }, 'job.data must NOT have additional properties "url"'],
  ['has no test size', (p) => { delete p.job.data.testSize; }, 'job.data must have required property \'testSize\''],
  ['has no split seed', (p) => { delete p.job.data.splitSeed; }, 'job.data must have required property \'splitSeed\''],
  ['has an empty path', (p) => { p.job.data.path = ''; }, 'job.data.path must NOT have fewer than 1 characters'],
  ['has a path too long', (p) => { p.job.data.path = 'p'.repeat(LIMITS.pathLength + 1); }, `job.data.path must NOT have more than ${LIMITS.pathLength} characters`],
  ['has a NUL in its path', (p) => { p.job.data.path = '/data\u0000/x'; }, 'job.data.path must match pattern "^[^\\u0000]*$"'],
  ['has limit 0', (p) => { p.job.data.limit = 0; }, 'job.data.limit must be >= 1'],
  ['has a limit too large', (p) => { p.job.data.limit = LIMITS.limit + 1; }, `job.data.limit must be <= ${LIMITS.limit}`],
  ['has a fractional limit', (p) => { p.job.data.limit = 10.5; }, 'job.data.limit must be integer'],
  ['has test size 0', (p) => { p.job.data.testSize = 0; }, 'job.data.testSize must be > 0'],
  ['has test size 1', (p) => { p.job.data.testSize = 1; }, 'job.data.testSize must be < 1'],
  ['has a negative split seed', (p) => { p.job.data.splitSeed = -1; }, 'job.data.splitSeed must be >= 0'],
  ['has a split seed above 2^32 − 1', (p) => { p.job.data.splitSeed = 4294967296; }, 'job.data.splitSeed must be <= 4294967295'],
  ['has no lr', (p) => { delete p.job.lr; }, 'job must have required property \'lr\''],
  ['has lr 0', (p) => { p.job.lr = 0; }, 'job.lr must be > 0'],
  ['has lr as code', (p) => { p.job.lr = 'process.exit(1)'; }, 'job.lr must be number'],
  ['has no hidden size', (p) => { delete p.job.hidden; }, 'job must have required property \'hidden\''],
  ['has hidden 0', (p) => { p.job.hidden = 0; }, 'job.hidden must be >= 1'],
  ['has a hidden size too large', (p) => { p.job.hidden = LIMITS.hidden + 1; }, `job.hidden must be <= ${LIMITS.hidden}`],
  ['has a fractional hidden size', (p) => { p.job.hidden = 7.5; }, 'job.hidden must be integer'],
  ['has no seed', (p) => { delete p.job.seed; }, 'job must have required property \'seed\''],
  ['has a negative seed', (p) => { p.job.seed = -1; }, 'job.seed must be >= 0'],
  ['has a seed above 2^32 − 1', (p) => { p.job.seed = 4294967296; }, 'job.seed must be <= 4294967295'],
  ['has no trials', (p) => { delete p.job.trials; }, 'job must have required property \'trials\''],
  ['has an empty trial list', (p) => { p.job.trials = []; }, 'job.trials must NOT have fewer than 1 items'],
  ['has too many trials', (p) => {
    p.job.trials = Array.from({ length: LIMITS.trials + 1 }, (_, i) => ({ runId: i.toString(16).padStart(12, '0'), epochs: i + 1 }));
    p.job.id = p.job.trials[LIMITS.trials].runId;
  }, `job.trials must NOT have more than ${LIMITS.trials} items`],
  ['has a trial with an unknown key', (p) => { p.job.trials[0].lr = 5; }, 'job.trials.0 must NOT have additional properties "lr"'],
  ['has a trial without a run id', (p) => { delete p.job.trials[0].runId; }, 'job.trials.0 must have required property \'runId\''],
  ['has a trial without epochs', (p) => { delete p.job.trials[0].epochs; }, 'job.trials.0 must have required property \'epochs\''],
  ['has a trial run id that is not hex', (p) => { p.job.trials[0].runId = 'zzzzzzzzzzzz'; }, 'job.trials.0.runId must match pattern "^[0-9a-f]{12}$"'],
  ['has a trial of 0 epochs', (p) => { p.job.trials[0].epochs = 0; }, 'job.trials.0.epochs must be >= 1'],
  ['has a trial of too many epochs', (p) => { p.job.trials[1].epochs = LIMITS.epochs + 1; }, `job.trials.1.epochs must be <= ${LIMITS.epochs}`],
  ['has a trial of fractional epochs', (p) => { p.job.trials[0].epochs = 1.5; }, 'job.trials.0.epochs must be integer'],
  ['has trials in decreasing order of epochs', (p) => { p.job.trials[0].epochs = 5; }, 'job.trials must be in increasing order of epochs'],
  ['has two trials of the same epochs', (p) => { p.job.trials[0].epochs = 4; }, 'job.trials must be in increasing order of epochs'],
  ['has an id that is the shorter trial\'s', (p) => { p.job.id = '0000000000a1'; }, 'job.id must be the run id of its longest trial'],
  ['has an id of no trial', (p) => { p.job.id = '0000000000ff'; }, 'job.id must be the run id of its longest trial'],
];

for (const [what, change, reason] of HOSTILE) {
  test(`parsePayload should refuse a job that ${what}`, () => {
    const p = payload();
    change(p);
    assert.throws(() => parsePayload(p), (err: Error) => {
      assert.is(err.message, `malformed job: ${reason}`);
      return true;
    });
  });
}

test('parsePayload should refuse what is not an object at all', () => {
  for (const value of [null, 'x', 42, [payload()]]) {
    assert.throws(() => parsePayload(value), (err: Error) => err.message === 'malformed job: the payload must be object');
  }
});

test('queueJobId should put a fixed prefix before the job id', () => {
  assert.is(queueJobId('000000000123'), 'run-000000000123');
});

function result(): Record<string, any> {
  return {
    trials: [{
      runId: '0000000000b2',
      losses: [2.3, null],
      checkpoint: { epochs: 2, status: 'diverged', finalLoss: null, testCorrect: 0, testTotal: 120, testAccuracy: null, weightsSha256: SHA, trainSeconds: 0.5 },
    }],
    output: '',
    worker: 'host:1',
    dataSha256: SHA,
  };
}

test('parseResult should accept a well-formed result, with or without an error', () => {
  assert.equal(parseResult(result()), result());
  const ok = result();
  Object.assign(ok.trials[0].checkpoint, { status: 'ok', finalLoss: 2.2, testCorrect: 60, testAccuracy: 0.5 });
  ok.trials[0].losses = [2.3, 2.2];
  assert.equal(parseResult(ok), ok);
  const failed = { ...result(), trials: [], error: 'child process exited with code 3' };
  assert.equal(parseResult(failed), failed);
});

const BAD_RESULTS: [string, (r: Record<string, any>) => void, string][] = [
  ['has no trials', (r) => { delete r.trials; }, 'the payload must have required property \'trials\''],
  ['has no output', (r) => { delete r.output; }, 'the payload must have required property \'output\''],
  ['has no worker', (r) => { delete r.worker; }, 'the payload must have required property \'worker\''],
  ['has no data fingerprint', (r) => { delete r.dataSha256; }, 'the payload must have required property \'dataSha256\''],
  ['has a bad data fingerprint', (r) => { r.dataSha256 = 'x'; }, 'dataSha256 must match pattern "^[0-9a-f]{64}$"'],
  ['has an error that is not text', (r) => { r.error = 3; }, 'error must be string'],
  ['has output that is not text', (r) => { r.output = 3; }, 'output must be string'],
  ['has a worker that is not text', (r) => { r.worker = 3; }, 'worker must be string'],
  ['has trials that are not a list', (r) => { r.trials = {}; }, 'trials must be array'],
  ['has a trial without a run id', (r) => { delete r.trials[0].runId; }, 'trials.0 must have required property \'runId\''],
  ['has a trial without a checkpoint', (r) => { delete r.trials[0].checkpoint; }, 'trials.0 must have required property \'checkpoint\''],
  ['has a trial without losses', (r) => { delete r.trials[0].losses; }, 'trials.0 must have required property \'losses\''],
  ['has a bad run id', (r) => { r.trials[0].runId = 'x'; }, 'trials.0.runId must match pattern "^[0-9a-f]{12}$"'],
  ['has a loss that is text', (r) => { r.trials[0].losses[0] = '2.3'; }, 'trials.0.losses.0 must be number,null'],
  ['has a checkpoint without weights', (r) => { delete r.trials[0].checkpoint.weightsSha256; }, 'trials.0.checkpoint must have required property \'weightsSha256\''],
  ['has a checkpoint of 0 epochs', (r) => { r.trials[0].checkpoint.epochs = 0; }, 'trials.0.checkpoint.epochs must be >= 1'],
  ['has a checkpoint of fractional epochs', (r) => { r.trials[0].checkpoint.epochs = 1.5; }, 'trials.0.checkpoint.epochs must be integer'],
  ['has status failed', (r) => { r.trials[0].checkpoint.status = 'failed'; }, 'trials.0.checkpoint.status must be equal to one of the allowed values'],
  ['has a text final loss', (r) => { r.trials[0].checkpoint.finalLoss = 'NaN'; }, 'trials.0.checkpoint.finalLoss must be number,null'],
  ['has a negative test count', (r) => { r.trials[0].checkpoint.testCorrect = -1; }, 'trials.0.checkpoint.testCorrect must be >= 0'],
  ['has a fractional test count', (r) => { r.trials[0].checkpoint.testCorrect = 0.5; }, 'trials.0.checkpoint.testCorrect must be integer'],
  ['has a negative test total', (r) => { r.trials[0].checkpoint.testTotal = -1; }, 'trials.0.checkpoint.testTotal must be >= 0'],
  ['has a fractional test total', (r) => { r.trials[0].checkpoint.testTotal = 0.5; }, 'trials.0.checkpoint.testTotal must be integer'],
  ['has a text accuracy', (r) => { r.trials[0].checkpoint.testAccuracy = '0.5'; }, 'trials.0.checkpoint.testAccuracy must be number,null'],
  ['has a bad weights hash', (r) => { r.trials[0].checkpoint.weightsSha256 = 'ab'; }, 'trials.0.checkpoint.weightsSha256 must match pattern "^[0-9a-f]{64}$"'],
  ['has a text training time', (r) => { r.trials[0].checkpoint.trainSeconds = '1'; }, 'trials.0.checkpoint.trainSeconds must be number'],
];

for (const [what, change, reason] of BAD_RESULTS) {
  test(`parseResult should refuse a result that ${what}`, () => {
    const r = result();
    change(r);
    assert.throws(() => parseResult(r), (err: Error) => err.message === `malformed result from the queue: ${reason}` || assert.unreachable(err.message));
  });
}

test.run();
