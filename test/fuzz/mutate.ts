// Mutations of valid experiment files for the fuzz test, as fast-check arbitraries: keys deleted, renamed or
// duplicated, values swapped for other types, huge and tiny numbers, deep nesting, odd Unicode and control bytes,
// long strings; then the YAML text itself cut, spliced and repeated.
import fc from 'fast-check';
import { parse, stringify } from 'yaml';

type Node = unknown;

const NUMBERS = [1e308, -1e308, 5e-324, 0, -0, 2 ** 53 + 1, 1e9, 4294967296, -1, 0.5, 1e-300, NaN, Infinity, -Infinity];
const STRINGS = ['', ' ', 'x'.repeat(100_000), '\u0000', '\u202e', '💥', '\ufeff', '\x1b[31m', '\r\n', '..', '*a', '&a', '---', '{', '%YAML 1.1'];

/** A value of any type, or an odd one. */
const oddValue: fc.Arbitrary<Node> = fc.oneof(
  fc.constantFrom(...NUMBERS),
  fc.constantFrom(...STRINGS),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.integer(), fc.double(), fc.string({ maxLength: 4 })), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.integer(), fc.string({ maxLength: 4 })), { maxKeys: 3 }),
);

type TreeOp =
  | { kind: 'delete'; at: number }
  | { kind: 'replace'; at: number; value: Node }
  | { kind: 'rename'; at: number; key: string }
  | { kind: 'nest'; at: number; depth: number };

type TextOp =
  | { kind: 'duplicate-line'; at: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'truncate'; at: number };

export interface Mutation {
  base: number;
  tree: TreeOp[];
  text: TextOp[];
}

const treeOp: fc.Arbitrary<TreeOp> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: oddValue }),
  fc.record({ kind: fc.constant('rename' as const), at: fc.nat(), key: fc.oneof(fc.string({ unit: 'binary', maxLength: 12 }), fc.constantFrom('lr', 'epochs', 'grid', 'runs', 'data', 'name')) }),
  fc.record({ kind: fc.constant('nest' as const), at: fc.nat(), depth: fc.integer({ min: 1, max: 5000 }) }),
);

const textOp: fc.Arbitrary<TextOp> = fc.oneof(
  fc.record({ kind: fc.constant('duplicate-line' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.string({ unit: 'binary', maxLength: 8 }), fc.constantFrom(...STRINGS.slice(3))) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

export const mutation = (bases: number): fc.Arbitrary<Mutation> =>
  fc.record({
    base: fc.nat({ max: bases - 1 }),
    tree: fc.array(treeOp, { minLength: 0, maxLength: 4 }),
    text: fc.array(textOp, { minLength: 0, maxLength: 2 }),
  });

/** Every [container, key] in a tree, depth first. */
function slots(node: Node, out: [Record<string, Node> | Node[], string | number][] = []): typeof out {
  if (Array.isArray(node)) node.forEach((v, i) => (out.push([node, i]), slots(v, out)));
  else if (node !== null && typeof node === 'object') for (const [k, v] of Object.entries(node)) out.push([node as Record<string, Node>, k]), slots(v, out);
  return out;
}

const NEST = '__nested_';

function applyTree(doc: Node, op: TreeOp): void {
  const all = slots(doc);
  if (all.length === 0) return;
  const [container, key] = all[op.at % all.length];
  if (op.kind === 'delete') {
    if (Array.isArray(container)) container.splice(key as number, 1);
    else delete container[key as string];
  } else if (op.kind === 'replace') (container as Record<string | number, Node>)[key] = op.value;
  else if (op.kind === 'nest') (container as Record<string | number, Node>)[key] = `${NEST}${op.depth}`;
  else if (!Array.isArray(container)) {
    const value = container[key as string];
    delete container[key as string];
    container[op.key] = value;
  }
}

function applyText(text: string, op: TextOp): string {
  const at = op.at % (text.length + 1);
  if (op.kind === 'insert') return text.slice(0, at) + op.text + text.slice(at);
  if (op.kind === 'truncate') return text.slice(0, at);
  const lines = text.split('\n');
  const i = op.at % lines.length;
  return [...lines.slice(0, i + 1), lines[i], ...lines.slice(i + 1)].join('\n');
}

/** The text of a mutated experiment file. */
export function mutate(baseYaml: string, m: Mutation): string {
  const doc = parse(baseYaml) as Node;
  for (const op of m.tree) applyTree(doc, op);
  // deep nesting as YAML flow lists, written as text (a serialiser would recurse as deep)
  let text = stringify(doc).replace(new RegExp(`${NEST}(\\d+)`, 'g'), (_, d: string) => `${'['.repeat(Number(d))}1${']'.repeat(Number(d))}`);
  for (const op of m.text) text = applyText(text, op);
  return text;
}
