// The experiment schema's rules for the numbers `sweep train` takes as options, so `--hidden 1e9` is refused with
// the message `hidden: 1e9` gets in a YAML file ("must be an integer from 1 to 65536").
import { range, type SchemaNode } from './load.js';
import { experimentSchema } from './schema.js';

const definitions = experimentSchema.definitions as Record<string, SchemaNode & { $ref?: string }>;
const dataKeys = experimentSchema.properties.data.properties as Record<string, SchemaNode & { $ref?: string }>;

/** A schema node with its `$ref` (one level, into #/definitions) merged in. */
function resolved(node: SchemaNode & { $ref?: string }): SchemaNode {
  if (!node.$ref) return node;
  const { $ref, ...rest } = node;
  return { ...definitions[$ref.replace('#/definitions/', '')], ...rest };
}

export const TRAIN_OPTION_RULES = {
  lr: resolved(definitions.lr),
  epochs: resolved(definitions.epochs),
  hidden: resolved(definitions.hidden),
  seed: resolved(definitions.seed),
  testSize: resolved(dataKeys.test_size),
  splitSeed: resolved(dataKeys.split_seed),
  limit: resolved(dataKeys.limit),
};

/** Whether a number obeys a schema node's type and bounds. */
export function obeys(rule: SchemaNode, x: number): boolean {
  if (!Number.isFinite(x) || (rule.type === 'integer' && !Number.isInteger(x))) return false;
  if (rule.minimum !== undefined && x < rule.minimum) return false;
  if (rule.maximum !== undefined && x > rule.maximum) return false;
  if (rule.exclusiveMinimum !== undefined && x <= rule.exclusiveMinimum) return false;
  if (rule.exclusiveMaximum !== undefined && x >= rule.exclusiveMaximum) return false;
  return true;
}

/** "an integer from 1 to 100000": what a rule allows, in the words the experiment file's errors use. */
export const allowedBy = range;
