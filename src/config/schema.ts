// The experiment schema (experiment.schema.json, the one contract of an experiment file) compiled once with ajv.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import experimentSchema from './experiment.schema.json' with { type: 'json' };

export { experimentSchema };

// verbose: errors carry the failing subschema and value, which the friendly messages in load.ts are written from.
const ajv = new Ajv({ allErrors: false, verbose: true, strict: true, strictRequired: false });

/** Validates a parsed experiment file; on failure `validateExperiment.errors` holds ajv's errors. */
export const validateExperiment: ValidateFunction = ajv.compile(experimentSchema);

export type SchemaError = ErrorObject;
