// What travels through the queue: a job's payload (coordinator → worker) and its result (worker → coordinator), both
// JSON, both checked against an ajv schema on arrival. Anyone who can write to the Redis can add a job, so a worker
// validates every payload before it touches anything, and nothing from the queue is ever evaluated as code.
import { Ajv, type ErrorObject } from 'ajv';
import type { Checkpoint } from '../../train/train.js';
import type { TrainJob } from '../../sweep/jobs.js';
import { TRACKABLE } from '../../config/types.js';

/** BullMQ job name of every training job. */
export const JOB_NAME = 'train';

/**
 * BullMQ job id of a TrainJob: its id (the run id of its longest trial) behind a fixed prefix, because BullMQ refuses
 * custom ids that read as integers, which about 1 in 300 twelve-hex-digit ids do.
 */
export function queueJobId(jobId: string): string {
  return `run-${jobId}`;
}

export interface QueuePayload {
  job: TrainJob;
  /** TRAINER_VERSION of the coordinator: a worker on another version refuses the job */
  trainerVersion: number;
  /** SHA-256 of the dataset's four IDX files (see fingerprint.ts): a worker whose data differs refuses the job */
  dataSha256: string;
}

export interface QueueTrialResult {
  runId: string;
  checkpoint: Checkpoint;
  /** losses of the trial's epochs; a non-finite loss arrives as null (JSON), as over the local launcher's IPC */
  losses: number[];
}

export interface QueueResult {
  /** the trials that finished, in the order they finished */
  trials: QueueTrialResult[];
  /** why the job stopped before its last trial (child crashed, timed out…); absent when every trial finished */
  error?: string;
  /** the tail of what the training process printed */
  output: string;
  /** host name and pid of the worker that trained it */
  worker: string;
  /** the fingerprint of the data it was trained on (the payload's, checked by the worker) */
  dataSha256: string;
}

const RUN_ID = { type: 'string', pattern: '^[0-9a-f]{12}$' } as const;
const UINT32 = { type: 'integer', minimum: 0, maximum: 4294967295 } as const;

/** Limits of a job a worker accepts: generous for real sweeps, small enough that no job can be absurd. */
export const LIMITS = { epochs: 100000, hidden: 65536, limit: 1000000000, trials: 10000, pathLength: 4096 } as const;

const payloadSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['job', 'trainerVersion', 'dataSha256'],
  properties: {
    trainerVersion: { type: 'integer', minimum: 1 },
    dataSha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    job: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'data', 'lr', 'hidden', 'seed', 'trials'],
      properties: {
        id: RUN_ID,
        data: {
          type: 'object',
          additionalProperties: false,
          required: ['testSize', 'splitSeed'],
          properties: {
            // a folder on the worker: any characters but NUL (which no file system path can hold)
            path: { type: 'string', minLength: 1, maxLength: LIMITS.pathLength, pattern: '^[^\\u0000]*$' },
            limit: { type: 'integer', minimum: 1, maximum: LIMITS.limit },
            testSize: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
            splitSeed: UINT32,
            valSize: { type: 'number', minimum: 0, exclusiveMaximum: 1 },
          },
        },
        // JSON has no NaN or Infinity, so a number here is finite
        lr: { type: 'number', exclusiveMinimum: 0 },
        hidden: { type: 'integer', minimum: 1, maximum: LIMITS.hidden },
        seed: UINT32,
        track: { type: 'array', uniqueItems: true, items: { enum: [...TRACKABLE] } },
        trials: {
          type: 'array',
          minItems: 1,
          maxItems: LIMITS.trials,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['runId', 'epochs'],
            properties: { runId: RUN_ID, epochs: { type: 'integer', minimum: 1, maximum: LIMITS.epochs } },
          },
        },
      },
    },
  },
} as const;

const nullableNumber = { type: ['number', 'null'] } as const;

const resultSchema = {
  type: 'object',
  required: ['trials', 'output', 'worker', 'dataSha256'],
  properties: {
    dataSha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    error: { type: 'string' },
    output: { type: 'string' },
    worker: { type: 'string' },
    trials: {
      type: 'array',
      items: {
        type: 'object',
        required: ['runId', 'checkpoint', 'losses'],
        properties: {
          runId: RUN_ID,
          losses: { type: 'array', items: nullableNumber },
          checkpoint: {
            type: 'object',
            required: ['epochs', 'status', 'finalLoss', 'testCorrect', 'testTotal', 'testAccuracy', 'weightsSha256', 'trainSeconds'],
            properties: {
              epochs: { type: 'integer', minimum: 1 },
              status: { enum: ['ok', 'diverged'] },
              finalLoss: nullableNumber,
              testCorrect: { type: 'integer', minimum: 0 },
              testTotal: { type: 'integer', minimum: 0 },
              testAccuracy: nullableNumber,
              weightsSha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
              trainSeconds: { type: 'number' },
            },
          },
        },
      },
    },
  },
} as const;

const ajv = new Ajv({ allErrors: false, strict: true, allowUnionTypes: true });
const validatePayloadShape = ajv.compile(payloadSchema);
const validateResultShape = ajv.compile(resultSchema);

function describe(errors: ErrorObject[] | null | undefined): string {
  const e = errors?.[0];
  if (!e) return 'invalid';
  const where = e.instancePath === '' ? 'the payload' : e.instancePath.slice(1).replace(/\//g, '.');
  const extra = e.keyword === 'additionalProperties' ? ` "${(e.params as { additionalProperty: string }).additionalProperty}"` : '';
  return `${where} ${e.message}${extra}`;
}

/** The payload of a queue job, checked; throws an Error whose message says what is wrong (for the job's failedReason). */
export function parsePayload(data: unknown): QueuePayload {
  if (!validatePayloadShape(data)) throw new Error(`malformed job: ${describe(validatePayloadShape.errors)}`);
  const payload = data as unknown as QueuePayload;
  const { trials, id } = payload.job;
  for (let i = 1; i < trials.length; i++) {
    if (trials[i].epochs <= trials[i - 1].epochs) throw new Error('malformed job: job.trials must be in increasing order of epochs');
  }
  if (trials[trials.length - 1].runId !== id) throw new Error('malformed job: job.id must be the run id of its longest trial');
  return payload;
}

/** The result of a completed queue job, checked (a result that fails this is reported as the job's failure). */
export function parseResult(value: unknown): QueueResult {
  if (!validateResultShape(value)) throw new Error(`malformed result from the queue: ${describe(validateResultShape.errors)}`);
  return value as unknown as QueueResult;
}
