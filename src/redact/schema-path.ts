/**
 * Which segments of a model path (`services.web.deploy.restart_policy`) are the Compose schema's own
 * field names there (`services`, `deploy`, `restart_policy`) and which are the bundle's keys (`web`, an
 * environment variable's name, a label's): a secret equal to a field name (`restart`) is our word
 * where the path names that field, and the bundle's where it names a service (src/redact/mask.ts).
 * Read from schemas/compose-spec.json: a segment that is one of the `properties` of the object schema
 * reached so far is a field name; a key matched by `patternProperties` or `additionalProperties` is
 * the bundle's, and so is every segment after one the schema does not place.
 */
import { composeSchema } from '../validate/validators.js';

type Node = Record<string, unknown>;

const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `node` with its `$ref` followed (`#/$defs/service`). */
function resolved(node: Node): Node {
  for (let i = 0; i < 8 && typeof node.$ref === 'string' && node.$ref.startsWith('#/'); i++) {
    let at: unknown = composeSchema();
    for (const part of node.$ref.slice(2).split('/')) at = isNode(at) ? at[part] : undefined;
    if (!isNode(at)) break;
    node = at;
  }
  return node;
}

/** The branches of `node` (itself, and those of its `oneOf`/`anyOf`/`allOf`), refs followed. */
function branches(node: Node): Node[] {
  const out: Node[] = [];
  const stack = [resolved(node)];
  while (stack.length && out.length < 32) {
    const n = stack.pop()!;
    out.push(n);
    for (const k of ['oneOf', 'anyOf', 'allOf'])
      if (Array.isArray(n[k])) for (const b of n[k] as unknown[]) if (isNode(b)) stack.push(resolved(b));
  }
  return out;
}

const patterns = new Map<string, RegExp>();
/** A `patternProperties` key as a RegExp, compiled once (the schema has a few dozen). */
function pattern(p: string): RegExp {
  let re = patterns.get(p);
  if (!re) patterns.set(p, (re = new RegExp(p, 'u')));
  return re;
}

/** The schema under `node` for the key `seg`, and whether `seg` is one of its field names. */
function step(node: Node, seg: string | number): { next?: Node; field: boolean } {
  for (const b of branches(node)) {
    if (typeof seg === 'number') {
      if (isNode(b.items)) return { next: b.items, field: false };
      continue;
    }
    const props = b.properties;
    if (isNode(props) && Object.hasOwn(props, seg) && isNode(props[seg])) return { next: props[seg], field: true };
  }
  if (typeof seg === 'number') return { field: false };
  for (const b of branches(node)) {
    const patterns = b.patternProperties;
    if (isNode(patterns))
      for (const [p, s] of Object.entries(patterns))
        if (isNode(s) && pattern(p).test(seg)) return { next: s, field: false };
    if (isNode(b.additionalProperties)) return { next: b.additionalProperties, field: false };
  }
  return { field: false };
}

/** Per segment of `segments` (a model path from the root), whether it is a field name of the schema there. */
export function fieldSegments(segments: readonly (string | number)[]): boolean[] {
  const out: boolean[] = [];
  let node: Node | undefined = composeSchema();
  for (const seg of segments) {
    if (!node) {
      out.push(false);
      continue;
    }
    const s = step(node, seg);
    out.push(s.field);
    node = s.next;
  }
  return out;
}

/** A path segment as `formatPath` (src/diagnostics.ts) writes it: `.name`, `[0]`, `["a b"]`. */
const SEGMENT = /(?:^|\.)([A-Za-z0-9_-]+)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;

/**
 * The `[start, end)` ranges of `path` (as `formatPath` writes it) that are the schema's field names
 * (fieldSegments), one after the other; none for a text that is not such a path.
 */
export function fieldRanges(path: string): readonly number[] {
  let out = ranges.get(path);
  if (!out) {
    out = rangesOf(path);
    // paths repeat (a finding's, a group's, the same in every format): a bounded memo
    if (ranges.size >= RANGES_KEPT) ranges.clear();
    ranges.set(path, out);
  }
  return out;
}
const ranges = new Map<string, readonly number[]>();
const RANGES_KEPT = 4096;

function rangesOf(path: string): readonly number[] {
  const segments: (string | number)[] = [];
  const at: [number, number][] = [];
  let end = 0;
  for (const m of path.matchAll(SEGMENT)) {
    if (m.index !== end) return [];
    end = m.index + m[0].length;
    if (m[1] !== undefined) {
      segments.push(m[1]);
      at.push([end - m[1].length, end]);
    } else if (m[2] !== undefined) {
      segments.push(Number(m[2]));
      at.push([end, end]);
    } else {
      segments.push(String(JSON.parse(m[3])));
      at.push([end, end]);
    }
  }
  if (end !== path.length) return [];
  const fields = fieldSegments(segments);
  const out: number[] = [];
  fields.forEach((f, i) => f && out.push(...at[i]));
  return out;
}

/** A place in the Compose schema (an object schema, refs not yet followed), as `schemaStep` walks it. */
export type SchemaNode = Node;

/** The schema's root: a model's top level. */
export const schemaRoot = (): SchemaNode => composeSchema();

/**
 * The schema under `node` for the key or index `seg` (none: the schema does not place it), and
 * whether `seg` is one of the field names it defines there (`properties`): a model's structure, not
 * a key the bundle chose (a service's name, a variable's, a label's: `patternProperties`,
 * `additionalProperties`).
 */
export function schemaStep(node: SchemaNode, seg: string | number): Step {
  // a key masked already (`********`, a service's name) is the bundle's: placed as a name of its letters
  if (typeof seg === 'string' && seg.includes('*')) seg = seg.replace(/\*/g, 'x');
  let byKey = steps.get(node);
  if (!byKey) steps.set(node, (byKey = new Map<string | number, Step>()));
  let s = byKey.get(seg);
  if (!s) {
    // a model's keys repeat (every service's `image`); a bundle's own keys need not: a bounded memo
    if (++stepsKept > RANGES_KEPT) [stepsKept, steps] = [0, new WeakMap()];
    byKey.set(seg, (s = step(node, seg)));
  }
  return s;
}
type Step = { next?: SchemaNode; field: boolean };
let steps = new WeakMap<SchemaNode, Map<string | number, Step>>();
let stepsKept = 0;
