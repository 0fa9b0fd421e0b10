/**
 * JSON-schema validation of one Compose file (or a merged model) against the vendored Compose
 * schema (schemas/compose-spec.json, the one compose-go embeds), turned into Diagnostics a person
 * can act on: one per real problem, at the offending key or value, with a did-you-mean hint.
 *
 * ajv with allErrors reports every failing branch of every oneOf (`build: 3` gives "must be string",
 * "must be object", "must match exactly one schema"). compose-go keeps only the deepest error
 * (schema/schema.go getMostSpecificError); we keep one per problem instead: for a failed oneOf/anyOf
 * we pick the branch whose type matches the value, re-validate the value against that branch alone
 * and recurse, or, when no branch takes that type, report "must be a string or a mapping".
 *
 * | code                    | meaning                                                           |
 * |-------------------------|-------------------------------------------------------------------|
 * | schema-unknown-key      | a key the schema does not allow here (hint: the closest allowed)  |
 * | schema-invalid-key      | a name key (service, network...) with characters Compose refuses  |
 * | schema-type             | value of the wrong type (`must be a string or a list`)            |
 * | schema-enum             | value not among the allowed ones (hint: the closest)              |
 * | schema-required         | a required key is missing                                         |
 * | schema-pattern          | string does not match the pattern the schema requires             |
 * | schema-range            | number below minimum / above maximum                              |
 * | schema-duplicate-item   | a list that must hold unique items repeats one                    |
 * | schema-invalid          | anything else (e.g. a value matching several exclusive forms)     |
 */
import type { ErrorObject } from 'ajv';
import { goJsonText } from '../utf8.js';
import type { Diagnostic, Location } from '../diagnostics.js';
import { diagnostic, formatPath, sortDiagnostics } from '../diagnostics.js';
import { isObject, keyLoc, locate, selfLoc, valueLoc } from '../yaml/located.js';
import type { Tree } from '../yaml/located.js';
import { didYouMean } from './suggest.js';
import { goDisplay, goDuplicates, goPath, goSingleQuote, goTypeName } from './gophrases.js';
import { branchValidator, fullValidator, isValid, type Schema } from './validators.js';
import { accepts, firstTypes, typesOf } from './schema-types.js';
type Segment = string | number;

/** A problem before it gets a location: `at` says whether it points at a key or at a value. */
interface Problem {
  code: string;
  message: string;
  segs: Segment[];
  at: 'key' | 'value';
  hint?: string;
  /** required: the missing key; unknown key: the allowed key it is probably a typo of */
  key?: string;
  /** compose-go's message for it (schema/schema.go validationError over jsonschema/v6's kinds) */
  compose?: string;
}

/**
 * `tree` is one file's model or a model merged from several (positions are its provenance: the file
 * and line that set each value). `last` is the document merged last, when `tree` is a merge: a
 * mapping missing a required property points at its definition there, the last file that defines it
 * (the merged mapping sits where the first file put it).
 */
export function validateSchema(tree: Tree, file: string, last?: Tree): Diagnostic[] {
  if (isValid(tree)) return [];
  const { validate } = fullValidator();
  if (validate(tree)) return [];
  const problems = collapse(validate.errors ?? [], tree, []);
  // `{pth: x}` is one typo, not also a missing `path`: the unknown key's hint already says it.
  const typos = new Set(
    problems
      .filter((p) => p.code === 'schema-unknown-key' && p.key)
      .map((p) => `${formatPath(p.segs.slice(0, -1))}\0${p.key}`),
  );
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  const indexes = new WeakMap<unknown[], Map<unknown, number>>();
  for (const p of problems) {
    if (p.code === 'schema-required' && typos.has(`${formatPath(p.segs)}\0${p.key}`)) continue;
    const id = `${p.code}\0${formatPath(p.segs)}\0${p.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const inLast =
      last === undefined || p.code !== 'schema-required' ? undefined : definedIn(tree, last, p.segs, indexes);
    const loc = last !== undefined && inLast ? where(last, { ...p, segs: inLast }, file) : where(tree, p, file);
    out.push(diagnostic(p.code, 'error', p.message, loc, formatPath(p.segs), p.hint, p.compose));
  }
  return sortDiagnostics(out);
}

function where(tree: Tree, p: Problem, file: string): Location {
  const fallback: Location = selfLoc(tree) ?? { file, line: 1, column: 1 };
  if (p.segs.length === 0) return fallback;
  const parent = at(tree, p.segs.slice(0, -1));
  const last = p.segs[p.segs.length - 1];
  const loc =
    p.at === 'key' && typeof last === 'string'
      ? keyLoc(parent, last)
      : (valueLoc(parent, last) ?? keyLoc(parent, String(last)));
  return loc ?? locate(tree, p.segs) ?? fallback;
}

/**
 * The path in `last` of the node at `segs` in the merged `tree`, when `last` defines it: keys are
 * the same in both; a merged sequence appends the later items to the earlier ones (and unicity may
 * replace some), so an item is found in `last` as the same object.
 */
function definedIn(
  tree: Tree,
  last: Tree,
  segs: readonly Segment[],
  indexes: WeakMap<unknown[], Map<unknown, number>>,
): Segment[] | undefined {
  const out: Segment[] = [];
  let m: unknown = tree;
  let l: unknown = last;
  for (const s of segs) {
    if (typeof s === 'number') {
      if (!Array.isArray(m) || !Array.isArray(l)) return undefined;
      // each list indexed once, however many of its items miss a property
      let index = indexes.get(l);
      if (!index) indexes.set(l, (index = new Map(l.map((item: unknown, i) => [item, i]))));
      const j = index.get(m[s]);
      if (j === undefined) return undefined;
      out.push(j);
      m = m[s];
      l = l[j];
    } else {
      if (!isObject(m) || !isObject(l) || !Object.hasOwn(l, s)) return undefined;
      out.push(s);
      m = m[s];
      l = l[s];
    }
  }
  return out;
}

function at(node: unknown, segs: readonly Segment[]): unknown {
  for (const s of segs) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[s as string];
  }
  return node;
}

/** `/services/api/ports/0` → ['services', 'api', 'ports', 0] (numbers where the data is a list). */
function segments(pointer: string, data: unknown): Segment[] {
  if (pointer === '') return [];
  const out: Segment[] = [];
  let node = data;
  for (const raw of pointer.slice(1).split('/')) {
    const k = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const seg: Segment = Array.isArray(node) ? Number(k) : k;
    out.push(seg);
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[k] : undefined;
  }
  return out;
}

const COMBINATORS = new Set(['oneOf', 'anyOf']);
const under = (path: string, prefix: string): boolean => path === prefix || path.startsWith(prefix + '/');

/**
 * One Problem per real problem. Combinators are resolved outermost first; everything ajv reported
 * at or below a resolved combinator is replaced by the result of re-validating its chosen branch.
 */
function collapse(errors: readonly ErrorObject[], data: unknown, base: Segment[]): Problem[] {
  const combinators = errors
    .map((e, i) => ({ e, i }))
    .filter(({ e }) => COMBINATORS.has(e.keyword))
    // ajv reports the inner combinator before the outer one at the same place: outer = emitted last
    .sort((a, b) => a.e.instancePath.length - b.e.instancePath.length || b.i - a.i);
  const handled: string[] = [];
  const out: Problem[] = [];
  for (const { e } of combinators) {
    if (handled.some((h) => under(e.instancePath, h))) continue;
    handled.push(e.instancePath);
    out.push(...resolveCombinator(e, data, base));
  }
  for (const e of errors) {
    if (COMBINATORS.has(e.keyword) || handled.some((h) => under(e.instancePath, h))) continue;
    out.push(leaf(e, [...base, ...segments(e.instancePath, data)]));
  }
  return out;
}

function resolveCombinator(e: ErrorObject, root: unknown, base: Segment[]): Problem[] {
  const rel = segments(e.instancePath, root);
  const segs = [...base, ...rel];
  const value = at(root, rel);
  const branches = (Array.isArray(e.schema) ? e.schema : []) as Schema[];
  const passing: unknown = e.params.passingSchemas;
  if (Array.isArray(passing))
    return [
      {
        code: 'schema-invalid',
        message: `${name(segs)} matches more than one of the allowed forms`,
        segs,
        at: 'value',
        compose: `${goPath(segs)} oneOf failed, subschemas ${passing.slice(0, 2).join(', ')} matched`,
      },
    ];
  const candidates = branches.filter((b) => accepts(b, value));
  if (candidates.length === 0) {
    const types = [...new Set(branches.flatMap((b) => typesOf(b) ?? []))];
    // compose-go keeps the most specific error, the first of equally deep ones: the first branch's type
    const first = branches.length ? firstTypes(branches[0]) : undefined;
    return [
      {
        code: 'schema-type',
        message: `${name(segs)} must be ${humanTypes(types)}`,
        segs,
        at: 'value',
        ...(first ? { compose: `${goPath(segs)} must be a ${goTypeName(first)}` } : {}),
      },
    ];
  }
  let best: Problem[] | undefined;
  for (const b of candidates) {
    const v = branchValidator(b);
    if (!v) continue;
    if (v(value)) return []; // the branch passes on its own: only a sibling branch failed (anyOf)
    const problems = collapse(v.errors ?? [], value, segs);
    if (!best || problems.length < best.length || (problems.length === best.length && depth(problems) > depth(best)))
      best = problems;
  }
  return best ?? [{ code: 'schema-invalid', message: `${name(segs)} is not valid here`, segs, at: 'value' }];
}

const depth = (ps: Problem[]): number => Math.max(...ps.map((p) => p.segs.length));

// compose-go's wording (schema/schema.go humanReadableType): sorted, object is "mapping".
const TYPE_NAMES: Record<string, string> = { object: 'mapping', array: 'list' };

function humanTypes(types: readonly string[]): string {
  const names = [
    ...new Set(types.filter((t) => !(t === 'integer' && types.includes('number'))).map((t) => TYPE_NAMES[t] ?? t)),
  ].sort();
  if (names.length === 0) return 'something else';
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
  return `${/^[aeiou]/.test(list) ? 'an' : 'a'} ${list}`;
}

/** Subject of a message: the model path, or "the file" at the root. */
// compose-go's wording (schema/schema.go): dotted paths with list indexes as segments, `volumes.0.source`
const name = (segs: Segment[]): string => (segs.length ? segs.join('.') : 'the top-level object');

const quote = (v: unknown): string => goJsonText(JSON.stringify(v));

function leaf(e: ErrorObject, segs: Segment[]): Problem {
  // ajv's params by keyword (additionalProperty, type, allowedValues...), read as unknown and checked
  const p: Record<string, unknown> = e.params;
  const parent: Schema = e.parentSchema ?? {};
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const keySegs = [...segs, key];
      const allowed = Object.keys(parent.properties ?? {});
      if (allowed.length === 0) {
        const patterns = Object.keys((parent.patternProperties ?? {}) as Schema).filter((k) => k !== '^x-');
        return {
          code: 'schema-invalid-key',
          message: `invalid name ${quote(key)} in ${name(segs)}: ${patterns.length ? `names must match ${patterns.join(' or ')}` : 'no keys are allowed here'}`,
          segs: keySegs,
          at: 'key',
          compose: `${goPath(segs)} additional properties ${goSingleQuote(key)} not allowed`,
        };
      }
      const close = didYouMean(key, allowed);
      const compose = `${goPath(segs)} additional properties ${goSingleQuote(key)} not allowed`;
      const ext =
        (parent.patternProperties as Schema | undefined)?.['^x-'] !== undefined
          ? ' (custom keys must start with "x-")'
          : '';
      const hint = close
        ? `did you mean ${quote(close)}?`
        : allowed.length <= 16
          ? `allowed keys: ${allowed.join(', ')}${ext}`
          : `see the Compose specification for the keys allowed ${segs.length ? `in ${name(segs)}` : 'at the top level'}${ext}`;
      return {
        code: 'schema-unknown-key',
        message: `unknown key ${quote(key)} ${segs.length ? `in ${name(segs)}` : 'at the top level'}`,
        segs: keySegs,
        at: 'key',
        hint,
        compose,
        ...(close ? { key: close } : {}),
      };
    }
    case 'type': {
      const want = Array.isArray(p.type) ? p.type.map(String) : String(p.type).split(',');
      return {
        code: 'schema-type',
        message: `${name(segs)} must be ${humanTypes(want)}`,
        segs,
        at: 'value',
        compose: `${goPath(segs)} must be a ${goTypeName(want)}`,
      };
    }
    case 'enum': {
      const allowed: unknown[] = Array.isArray(p.allowedValues) ? p.allowedValues : [];
      const words = allowed.filter((a): a is string => typeof a === 'string');
      const data = e.data;
      const close =
        typeof data === 'string'
          ? (didYouMean(data, words) ?? (data.length >= 3 ? words.find((w) => w.includes(data)) : undefined))
          : undefined;
      return {
        code: 'schema-enum',
        message: `${name(segs)} must be one of ${allowed.map(quote).join(', ')}`,
        segs,
        at: 'value',
        compose: `${goPath(segs)} value must be ${allowed.length === 1 ? '' : 'one of '}${allowed.map(goDisplay).join(', ')}`,
        ...(close ? { hint: `did you mean ${quote(close)}?` } : {}),
      };
    }
    case 'const':
      return {
        code: 'schema-enum',
        message: `${name(segs)} must be ${quote(p.allowedValue)}`,
        segs,
        at: 'value',
        compose: `${goPath(segs)} value must be ${goDisplay(p.allowedValue)}`,
      };
    case 'required':
      return {
        code: 'schema-required',
        message: `${name(segs)} missing property '${String(p.missingProperty)}'`,
        segs,
        at: 'key',
        compose: `${goPath(segs)} missing property ${goSingleQuote(String(p.missingProperty))}`,
        key: String(p.missingProperty),
      };
    case 'pattern':
      return {
        code: 'schema-pattern',
        message: `${name(segs)} ${quote(e.data)} does not match the pattern ${String(p.pattern)}`,
        segs,
        at: 'value',
        compose: `${goPath(segs)} ${goSingleQuote(String(e.data))} does not match pattern ${goSingleQuote(String(p.pattern))}`,
      };
    case 'minimum':
    case 'exclusiveMinimum':
      return {
        code: 'schema-range',
        message: `${name(segs)} must be greater than ${e.keyword === 'minimum' ? 'or equal to ' : ''}${String(p.limit)}`,
        segs,
        at: 'value',
        ...(e.keyword === 'minimum'
          ? { compose: `${goPath(segs)} must be greater than or equal to ${String(p.limit)}` }
          : {}),
      };
    case 'maximum':
    case 'exclusiveMaximum':
      return {
        code: 'schema-range',
        message: `${name(segs)} must be less than ${e.keyword === 'maximum' ? 'or equal to ' : ''}${String(p.limit)}`,
        segs,
        at: 'value',
        ...(e.keyword === 'maximum'
          ? { compose: `${goPath(segs)} must be less than or equal to ${String(p.limit)}` }
          : {}),
      };
    case 'uniqueItems': {
      // ajv: i is the later of the two equal items
      const i = Number(p.i);
      const j = Number(p.j);
      const items: unknown[] = Array.isArray(e.data) ? e.data : [];
      const pair = goDuplicates(items);
      return {
        ...(pair ? { compose: `${goPath(segs)} items at ${pair[0]} and ${pair[1]} are equal` } : {}),
        code: 'schema-duplicate-item',
        message: `${name(segs)} lists ${quote(items[Math.max(i, j)])} twice (items ${Math.min(i, j)} and ${Math.max(i, j)})`,
        segs: [...segs, Math.max(i, j)],
        at: 'value',
      };
    }
    default:
      return { code: 'schema-invalid', message: `${name(segs)} ${e.message ?? 'is not valid'}`, segs, at: 'value' };
  }
}
