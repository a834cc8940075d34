// The one loader of experiment files: read, parse YAML, validate against experiment.schema.json, expand into trials.
// Every problem is a UserError of one line that starts with `<file>:<line>:<col>: ` where a place in the file applies,
// names the key (`grid.lr[1]`) and says what is allowed.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isAlias, isMap, isNode, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { UserError } from '../errors.js';
import { DEFAULT_DATA, type DataSpec } from '../train/prepared.js';
import { expandTrials, gridSize, MAX_TRIALS, type Grid, type Point } from './expand.js';
import { decimalsOf, matchingTrials } from './expectations.js';
import { rangeParts, rangeValues, type RangeSpec } from './ranges.js';
import { validateExperiment, type SchemaError } from './schema.js';
import { AXES, EXPECTABLE, type AxisRange, type Expectation, type Experiment, type TrackedMetric, type Trial } from './types.js';

/** The file as YAML parses it and the schema accepts it (snake_case, as written). */
interface ExperimentFile {
  name: string;
  description?: string;
  data?: { dataset?: 'mnist'; path?: string; limit?: number; test_size?: number; split_seed?: number; val_size?: number };
  track?: TrackedMetric[];
  save_weights?: boolean;
  grid?: Partial<Record<keyof Point, number | number[] | RangeSpec>>;
  runs?: Point[];
  expect?: Array<{ where?: Point } & Partial<Record<(typeof EXPECTABLE)[number], number>>>;
  replicate?: 'seed';
}

type Segment = string | number;

/** Where things are in one file's text. */
class Locator {
  constructor(
    readonly file: string,
    readonly text: string,
    readonly doc: Document,
    readonly lines: LineCounter,
  ) {}

  /** `<file>:<line>:<col>: ` of a character offset (1-based line and column). */
  at(offset: number): string {
    const { line, col } = this.lines.linePos(offset);
    return `${this.file}:${line}:${col}: `;
  }

  /** The node at a path of keys and indices, following aliases; undefined when the path leaves the document. */
  node(path: readonly Segment[]): Node | undefined {
    let node: unknown = this.doc.contents;
    for (const segment of path) {
      node = this.deref(node);
      if (isMap(node)) {
        node = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment))?.value;
      } else if (isSeq(node)) {
        node = node.items[Number(segment)];
      } else {
        return undefined;
      }
    }
    node = this.deref(node);
    return isNode(node) ? node : undefined;
  }

  /** The key node of `key` in the mapping at `path` (to point at an unknown key itself rather than its value). */
  keyNode(path: readonly Segment[], key: string): Node | undefined {
    const map = this.node(path);
    if (!isMap(map)) return undefined;
    const pair = map.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
    return pair?.key as Node | undefined;
  }

  /** `<file>:<line>:<col>: ` of the node at `path`, or of the nearest enclosing node that exists. */
  atPath(path: readonly Segment[]): string {
    for (let n = path.length; n >= 0; n--) {
      const range = this.node(path.slice(0, n))?.range;
      if (range) return this.at(range[0]);
    }
    return `${this.file}: `;
  }

  /** The source text of a scalar at `path` (e.g. "0.50", not 0.5). */
  sourceOf(path: readonly Segment[]): string | undefined {
    const range = this.node(path)?.range;
    return range ? this.text.slice(range[0], range[1]) : undefined;
  }

  private deref(node: unknown): unknown {
    return isAlias(node) ? node.resolve(this.doc) : node;
  }
}

/** Reads, parses, validates and expands an experiment file. Throws UserError with a one-line message. */
export function loadExperiment(file: string): Experiment {
  const source = readSource(file);
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false });
  const where = new Locator(file, source, doc, lines);
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    const reason =
      err.code === 'MULTIPLE_DOCS'
        ? 'holds more than one YAML document (a second "---"); an experiment is one document'
        : err.code === 'DUPLICATE_KEY'
          ? `key ${JSON.stringify(/^[^:\n]*/.exec(source.slice(err.pos[0]))![0].trim())} appears twice in one mapping; each key may appear once`
          : err.message;
    throw new UserError(`${where.at(err.pos[0])}${oneLine(reason)}`);
  }
  let raw: unknown;
  try {
    // yaml's default maxAliasCount (100) stops a "billion laughs" alias bomb here instead of expanding it.
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw new UserError(`${file}: ${oneLine((err as Error).message)}; an experiment file needs few aliases (*name), if any`);
  }
  if (raw === null || raw === undefined) throw new UserError(`${file}: is empty; an experiment needs at least a name`);
  if (!validateExperiment(raw)) throw new UserError(schemaMessage(where, raw, validateExperiment.errors ?? []));
  const { grid, ranges } = expandRanges(where, (raw as ExperimentFile).grid);
  const expanded = { ...(raw as ExperimentFile), ...(grid === undefined ? {} : { grid }) };
  // A range's values are checked as if written as a list: grid.lr[1] must be a number above 0, ...
  if (!validateExperiment(expanded)) {
    throw new UserError(`${schemaMessage(where, expanded, validateExperiment.errors ?? [])} (a value of the range written there)`);
  }
  return { ...buildExperiment(where, expanded as ExperimentFile & { grid?: Grid }), ...(ranges.length === 0 ? {} : { ranges }) };
}

/** The grid with every range ({logspace: …}) replaced by its values, and what each range gave. */
function expandRanges(where: Locator, grid: ExperimentFile['grid']): { grid?: Grid; ranges: AxisRange[] } {
  if (grid === undefined) return { ranges: [] };
  const ranges: AxisRange[] = [];
  const out: Grid = {};
  for (const axis of AXES) {
    const v = grid[axis];
    if (v === undefined || typeof v === 'number' || Array.isArray(v)) {
      if (v !== undefined) out[axis] = v;
      continue;
    }
    const [kind, args] = rangeParts(v);
    try {
      out[axis] = rangeValues(v);
    } catch (err) {
      throw new UserError(`${where.atPath(['grid', axis, kind])}grid.${axis}.${kind} [${args.join(', ')}]: ${(err as Error).message}`);
    }
    ranges.push({ axis, kind, args, values: out[axis] as number[] });
  }
  return { grid: out, ranges };
}

function readSource(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`${file}: no such file`);
    if (code === 'EISDIR') throw new UserError(`${file}: is a folder, not an experiment file`);
    throw new UserError(`${file}: cannot be read (${code ?? (err as Error).message})`);
  }
}

function buildExperiment(where: Locator, f: ExperimentFile & { grid?: Grid }): Experiment {
  const dataForId: DataSpec = {
    path: f.data?.path,
    limit: f.data?.limit,
    testSize: f.data?.test_size ?? DEFAULT_DATA.testSize,
    splitSeed: f.data?.split_seed ?? DEFAULT_DATA.splitSeed,
    ...(f.data?.val_size ? { valSize: f.data.val_size } : {}),
  };
  const data: DataSpec = { ...dataForId, path: dataForId.path === undefined ? undefined : resolve(dirname(where.file), dataForId.path) };
  const needsVal = f.track?.findIndex((m) => m.startsWith('val_')) ?? -1;
  if (needsVal >= 0 && !dataForId.valSize) {
    throw new UserError(`${where.atPath(['track', needsVal])}track[${needsVal}] ${f.track![needsVal]} needs a validation split: set data.val_size (e.g. 0.1)`);
  }
  checkTrialCount(where, f);
  const trials = expandTrials(dataForId, f.grid, f.runs);
  const expectations = (f.expect ?? []).map((e, i) => expectationOf(where, e, i, trials));
  return {
    file: where.file,
    source: where.text,
    name: f.name,
    ...(f.description === undefined ? {} : { description: f.description }),
    data,
    dataForId,
    trials,
    expectations,
    ...(f.replicate === undefined ? {} : { replicate: f.replicate }),
    ...(f.track?.length ? { track: f.track } : {}),
    ...(f.save_weights ? { saveWeights: true } : {}),
  };
}

type ExpectForm = number | { min?: number; max?: number; value?: number; tolerance?: number };

/** Refuses a file with more than MAX_TRIALS trials, from the axes' lengths alone (nothing is expanded). */
function checkTrialCount(where: Locator, f: ExperimentFile & { grid?: Grid }): void {
  const grid = gridSize(f.grid ?? {});
  const runs = f.runs?.length ?? 0;
  const count = (f.grid !== undefined || runs === 0 ? grid.points : 0) + runs;
  if (count <= MAX_TRIALS) return;
  const axes = grid.axes.filter((a) => a.count > 1).map((a) => `${a.axis} ${grouped(a.count)}`);
  const parts = [...(f.grid !== undefined && axes.length > 0 ? [`grid ${axes.join(' × ')}`] : []), ...(runs > 0 ? [`${grouped(runs)} runs`] : [])];
  throw new UserError(
    `${where.atPath([f.grid !== undefined ? 'grid' : 'runs'])}${grouped(count)} trials (${parts.join(' + ')}), above the limit of ${grouped(MAX_TRIALS)} per experiment; use fewer values or split the sweep into several files`,
  );
}

/** 100000000 → "100,000,000" */
function grouped(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+$)/g, ',');
}

function expectationOf(where: Locator, e: NonNullable<ExperimentFile['expect']>[number], i: number, trials: Trial[]): Expectation {
  // The schema guarantees exactly one metric key.
  const metric = EXPECTABLE.find((m) => e[m] !== undefined)!;
  const form = e[metric] as ExpectForm;
  const at = where.atPath(['expect', i, metric]);
  let test: Pick<Expectation, 'value' | 'decimals' | 'tolerance' | 'min' | 'max'>;
  if (typeof form === 'number') {
    test = { value: form, decimals: decimalsOf(where.sourceOf(['expect', i, metric]) ?? String(form)) };
  } else if (form.value !== undefined || form.tolerance !== undefined) {
    if (form.value === undefined || form.tolerance === undefined || form.min !== undefined || form.max !== undefined) {
      throw new UserError(`${at}expect[${i}].${metric} takes {value, tolerance} together, or {min} and/or {max}; got ${Object.keys(form).join(', ')}`);
    }
    test = { value: form.value, tolerance: form.tolerance };
  } else {
    if (form.min !== undefined && form.max !== undefined && form.min > form.max) {
      throw new UserError(`${at}expect[${i}].${metric} has min ${form.min} above max ${form.max}; nothing could meet it`);
    }
    test = { ...(form.min === undefined ? {} : { min: form.min }), ...(form.max === undefined ? {} : { max: form.max }) };
  }
  const expectation: Expectation = { where: e.where ?? {}, metric, ...test };
  const offset = where.node(['expect', i])?.range?.[0];
  if (offset !== undefined) expectation.line = where.lines.linePos(offset).line;
  const matched = matchingTrials(expectation, trials);
  if (matched.length === 0) {
    throw new UserError(`${where.atPath(['expect', i, 'where'])}expect[${i}].where matches no trial: ${whyNoMatch(expectation.where, trials)}`);
  }
  // One row per expectation: a trial metric must pick one trial, a mean one configuration (its seeds).
  const mean = metric.endsWith('_mean');
  const units = new Set(matched.map((t) => (mean ? JSON.stringify([t.lr, t.epochs, t.hidden]) : t.runId)));
  if (units.size > 1) {
    const open = AXES.filter((a) => (mean ? a !== 'seed' : true) && expectation.where[a] === undefined && new Set(matched.map((t) => t[a])).size > 1);
    const what = mean ? `${units.size} configurations` : `${units.size} trials`;
    const fix = mean ? '' : `, or expect the mean over seeds (${metric}_mean with replicate: seed)`;
    throw new UserError(
      `${where.atPath(['expect', i, 'where'])}expect[${i}].where matches ${what}; name ${open.join(', ')} in it so it picks one${metric === 'test_correct' || mean ? '' : fix}`,
    );
  }
  return expectation;
}

/** Names the first axis value no trial has, or else says the combination is missing. */
function whyNoMatch(wanted: Point, trials: Trial[]): string {
  for (const axis of AXES) {
    const v = wanted[axis];
    if (v !== undefined && !trials.some((t) => t[axis] === v)) {
      const have = [...new Set(trials.map((t) => t[axis]))];
      return `no trial has ${axis} ${v} (the trials have ${axis} ${have.join(', ')})`;
    }
  }
  const named = AXES.filter((a) => wanted[a] !== undefined).map((a) => `${a} ${wanted[a]}`);
  return `no trial has ${named.join(' with ')} together`;
}

// ---- schema errors → messages for a person ----

/** ajv reports the failing branches of a combinator before the combinator: prefer the one that explains most. */
function mostRelevant(errors: SchemaError[]): SchemaError {
  return errors.find((e) => e.keyword === 'oneOf') ?? errors.find((e) => e.keyword !== 'if') ?? errors[0];
}

function schemaMessage(where: Locator, raw: unknown, errors: SchemaError[]): string {
  const e = mostRelevant(errors);
  const path = e.instancePath === '' ? [] : e.instancePath.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const key = keyPath(raw, path);
  const got = describe(e.data);
  const s = (e.parentSchema ?? {}) as SchemaNode;
  switch (e.keyword) {
    case 'additionalProperties': {
      const unknown = String((e.params as { additionalProperty: string }).additionalProperty);
      const allowed = Object.keys(s.properties ?? {});
      const near = nearest(unknown, allowed);
      const inside = key === '' ? '' : ` in ${key}`;
      const hint = near === undefined ? `allowed keys are ${allowed.join(', ')}` : `did you mean "${near}"?`;
      const node = where.keyNode(path, unknown);
      const at = node?.range ? where.at(node.range[0]) : where.atPath(path);
      return `${at}unknown key ${JSON.stringify(unknown)}${inside}; ${hint}`;
    }
    case 'required': {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      const why = key === '' && missing === 'name' ? '; an experiment needs a name' : '';
      return `${where.atPath(path)}missing key "${missing}"${key === '' ? '' : ` in ${key}`}${why}`;
    }
    case 'oneOf': {
      // an expectation that is not a mapping passes every "required" branch, so oneOf is what fails
      const data = e.data;
      if (data === null || typeof data !== 'object' || Array.isArray(data)) return `${where.atPath(path)}${subject(key)} must be a mapping, got ${describe(data)}`;
      const unknownKey = Object.keys(e.data as object).find((k) => k !== 'where' && !(EXPECTABLE as readonly string[]).includes(k));
      if (unknownKey !== undefined) {
        const near = nearest(unknownKey, [...EXPECTABLE]);
        const node = where.keyNode(path, unknownKey);
        const at = node?.range ? where.at(node.range[0]) : where.atPath(path);
        return `${at}unknown metric ${JSON.stringify(unknownKey)} in ${key}; ${near === undefined ? '' : `did you mean "${near}"? `}metrics are ${EXPECTABLE.join(', ')}`;
      }
      const present = EXPECTABLE.filter((m) => (e.data as Record<string, unknown>)[m] !== undefined);
      const has = present.length === 0 ? 'got none' : `got ${present.length}: ${present.join(', ')}`;
      return `${where.atPath(path)}${key} needs exactly one metric (${EXPECTABLE.join(', ')}), ${has}`;
    }
    case 'uniqueItems': {
      // the later of the two equal items: the repeat
      const { i, j: other } = e.params as { i: number; j: number };
      const j = Math.max(i, other);
      return `${where.atPath([...path, j])}${key} lists ${describe((e.data as unknown[])[j])} twice; name each once`;
    }
    case 'minItems':
    case 'maxItems':
      if (s.description === 'a list of three numbers') {
        const kind = String(path.at(-1));
        const args = kind === 'range' ? '[start, stop, step]' : kind === 'logspace' ? '[from_exp, to_exp, count]' : '[from, to, count]';
        return `${where.atPath(path)}${key} must be a list of three numbers ${args}, got ${Array.isArray(e.data) ? `${e.data.length}` : got}`;
      }
      return `${where.atPath(path)}${key} needs at least one value, got an empty list`;
    case 'type': {
      const list = path.length === 2 && path[0] === 'grid';
      const wanted = typeName(String((e.params as { type: string }).type), list);
      const orRange = list ? ' (or a range: {logspace: [from_exp, to_exp, count]}, {linspace: [from, to, count]}, {range: [start, stop, step]})' : '';
      return `${where.atPath(path)}${subject(key)} must be ${wanted}, got ${got}${orRange}`;
    }
    case 'minProperties':
    case 'maxProperties':
      // a range takes one kind; an expectation's bounds ({min}, {max}, {min, max}, {value, tolerance}) one or more keys
      return `${where.atPath(path)}${key} must hold ${s.maxProperties === 1 ? 'exactly' : 'at least'} one of ${Object.keys(s.properties ?? {}).join(', ')}, got ${e.data instanceof Uint8Array ? describe(e.data) : Object.keys(e.data as object).join(', ') || 'an empty mapping'}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `${where.atPath(path)}${subject(key)} must be ${range(s)}, got ${got}${String(path.at(-1)).startsWith('test_accuracy') ? ' (write accuracy as a fraction: 0.2393 for 23.93%)' : ''}`;
    case 'enum': {
      const values = ((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v));
      const other = key === 'data.dataset' ? '; for another dataset in IDX files (e.g. Fashion-MNIST) leave out data.dataset and set data.path to their folder' : '';
      return `${where.atPath(path)}${subject(key)} must be ${values.length === 1 ? values[0] : `one of ${values.join(', ')}`}, got ${got}${other}`;
    }
    case 'minLength':
      return `${where.atPath(path)}${subject(key)} must not be empty`;
    case 'pattern':
    case 'not':
    case 'maxLength':
      return `${where.atPath(path)}${subject(key)} ${got} is not allowed; use ${s.description ?? 'another value'}`;
    default:
      return `${where.atPath(path)}${subject(key)} ${e.message ?? 'is not valid'}, got ${got}`;
  }
}

export interface SchemaNode {
  type?: string;
  description?: string;
  properties?: Record<string, unknown>;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  maxProperties?: number;
}

/** "grid.lr[1]" from ["grid", "lr", "1"], using the data to tell list indices from keys. */
function keyPath(raw: unknown, path: string[]): string {
  let out = '';
  let node = raw;
  for (const segment of path) {
    out += Array.isArray(node) ? `[${segment}]` : out === '' ? segment : `.${segment}`;
    node = (node as Record<string, unknown> | undefined)?.[segment];
  }
  return out;
}

function subject(key: string): string {
  return key === '' ? 'the top level' : key;
}

function typeName(type: string, orList: boolean): string {
  const names: Record<string, [string, string]> = {
    number: ['a number', 'numbers'],
    integer: ['an integer', 'integers'],
    string: ['a string', 'strings'],
    object: ['a mapping of keys to values', 'mappings'],
    array: ['a list', 'lists'],
    boolean: ['true or false', 'booleans'],
  };
  const [one, many] = names[type] ?? [type, type];
  return orList ? `${one} or a list of ${many}` : one;
}

/** "a number above 0 and at most 1000", "an integer from 1 to 100000", "a number between 0 and 1 (exclusive)" */
export function range(s: SchemaNode): string {
  const kind = s.type === 'integer' ? 'an integer' : 'a number';
  const { minimum: min, maximum: max, exclusiveMinimum: xmin, exclusiveMaximum: xmax } = s;
  if (xmin !== undefined && xmax !== undefined) return `${kind} between ${xmin} and ${xmax} (exclusive)`;
  if (min !== undefined && max !== undefined) return `${kind} from ${min} to ${max}`;
  const low = xmin !== undefined ? `above ${xmin}` : min !== undefined ? `of ${min} and up` : undefined;
  const high = xmax !== undefined ? `below ${xmax}` : max !== undefined ? `at most ${max}` : undefined;
  return [kind, [low, high].filter((x) => x !== undefined).join(' and ')].filter((x) => x !== '').join(' ');
}

/** A value as a person reading the YAML would name it. */
function describe(v: unknown): string {
  if (v === null || v === undefined) return 'nothing (null)';
  if (Array.isArray(v)) return v.length === 0 ? 'an empty list' : 'a list';
  if (v instanceof Uint8Array) return 'binary data';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return JSON.stringify(v);
  return String(v);
}

/** The allowed key nearest to `word` by edit distance, if within 2 edits. */
function nearest(word: string, allowed: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of allowed) {
    const d = editDistance(word.toLowerCase(), candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

/** Levenshtein distance (insert, delete, substitute), one row at a time. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}

function oneLine(s: string): string {
  return s.split('\n')[0].trim();
}
