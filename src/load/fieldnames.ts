/**
 * mapstructure, compose-go's decoder (loader.go Transform), fills a struct field from the key equal
 * to its name (the yaml tag, else the Go field name), and when there is none, from a key equal to it
 * ignoring case (its default MatchName, strings.EqualFold): `Path` fills WeightDevice.Path as `path`
 * does. The schema's objects with `properties` are those structs. With the schema checked, only the
 * objects that allow other keys (gpus device requests, `external`) can hold such a key; a load
 * without it (the JSON `config` prints, where Go's untagged fields are `Path` and `Weight`, loaded
 * again) can hold one in any struct. This is that decoding step, run before the Go shapes.
 */
import { copyLoc, isObject, setOwn, type Tree, type TreeObject } from '../yaml/located.js';
import { composeSchema, schemaFieldNames, type Schema } from '../validate/validators.js';

/** Renames, in place, every key that mapstructure would match to a field of another spelling. */
export function matchFieldNames(model: TreeObject): void {
  // the schema is read only for a model with a key that is some field's name in another case
  if (spelledOtherwise(model, schemaFieldNames())) visit(model, composeSchema());
}

function spelledOtherwise(model: TreeObject, names: ReadonlySet<string>): boolean {
  const stack: Tree[] = [model];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (Array.isArray(node)) for (const item of node) stack.push(item);
    else if (isObject(node))
      for (const k of Object.keys(node)) {
        const f = folded(k);
        if (f !== k && names.has(f)) return true;
        stack.push(node[k]);
      }
  }
  return false;
}

/** What an object schema says about its keys, compiled once per schema node. */
interface ObjectShape {
  /** the fields, by their folded spelling */
  fields: Map<string, string>;
  properties: Record<string, Schema>;
  patterns: [RegExp, Schema][];
  additional?: Schema;
}

const objectShapes = new Map<Schema, ObjectShape | null>();
const itemSchemas = new Map<Schema, Schema | null>();

function visit(node: Tree, schema: Schema): void {
  if (Array.isArray(node)) {
    const items = itemsOf(schema);
    if (items) for (const item of node) visit(item, items);
    return;
  }
  if (!isObject(node)) return;
  const shape = objectShapeOf(schema);
  if (!shape) return;
  if (shape.fields.size) matchKeys(node, shape.fields);
  for (const k of Object.keys(node)) {
    const child = Object.hasOwn(shape.properties, k)
      ? shape.properties[k]
      : (shape.patterns.find(([re]) => re.test(k))?.[1] ?? shape.additional);
    if (child) visit(node[k], child);
  }
}

/**
 * Whether `folded` changes the key: an ASCII capital, ſ or the Kelvin sign. Most keys have none,
 * and are their own folded spelling; a loop over the code units, not a regular expression, as
 * every key of every model is asked (the expression was 2% of the seed's load).
 */
function folds(key: string): boolean {
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if ((c >= 65 && c <= 90) || c === 0x17f || c === 0x212a) return true;
  }
  return false;
}

function ascii(key: string): boolean {
  for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) >= 0x80) return false;
  return true;
}

/**
 * strings.EqualFold against an ASCII field name: ASCII letters in either case, and the two
 * non-ASCII letters whose Unicode simple case folding reaches an ASCII one (ſ to s, the Kelvin sign
 * to k). Written out because JavaScript's case mappings are not Go's folding (`ß` upper-cases to `SS`).
 */
function folded(key: string): string {
  if (!folds(key)) return key;
  // an ASCII key (most: an environment variable's name) is its lower case, which changes A-Z only;
  // built character by character it was most of matchFieldNames over the seed's models
  if (ascii(key)) return key.toLowerCase();
  let out = '';
  for (const c of key) out += c === '\u017f' ? 's' : c === '\u212a' ? 'k' : c < '\u0080' ? c.toLowerCase() : c;
  return out;
}

/** The keys of `node` that name no field but one field ignoring case, when that field's own key is absent. */
function matchKeys(node: TreeObject, fields: Map<string, string>): void {
  const keys = Object.keys(node);
  const renamed = new Map<string, string>();
  const taken = new Set<string>();
  for (const k of keys) {
    const field = fields.get(folded(k));
    // mapstructure takes one key per field; the others stay unused
    if (field === undefined || field === k || Object.hasOwn(node, field) || taken.has(field)) continue;
    renamed.set(k, field);
    taken.add(field);
  }
  if (renamed.size === 0) return;
  // rebuilt in the same order, each value with its locations
  const values = keys.map((k) => node[k]);
  for (const k of keys) delete node[k];
  keys.forEach((k, i) => {
    const name = renamed.get(k) ?? k;
    setOwn(node, name, values[i]);
    if (name !== k) copyLoc(node, k, node, name);
  });
}

const isSchema = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Resolves a local `$ref` (`#/$defs/...`) chain. */
function deref(s: Schema): Schema {
  for (let i = 0; i < 16 && typeof s.$ref === 'string' && s.$ref.startsWith('#/'); i++) {
    let n: unknown = composeSchema();
    for (const k of s.$ref.slice(2).split('/')) n = isSchema(n) ? n[k] : undefined;
    if (!isSchema(n)) break;
    s = n;
  }
  return s;
}

/** The branches of a oneOf / anyOf. */
function branches(s: Schema): Schema[] {
  const list = s.oneOf ?? s.anyOf;
  return Array.isArray(list) ? list.filter(isSchema).map(deref) : [];
}

function objectShapeOf(schema: Schema): ObjectShape | null {
  let shape = objectShapes.get(schema);
  if (shape !== undefined) return shape;
  const s = deref(schema);
  shape = null;
  const { properties: props, patternProperties: patternProps, additionalProperties: additional } = s;
  if (isSchema(props) || isSchema(patternProps) || isSchema(additional)) {
    const properties: Record<string, Schema> = {};
    if (isSchema(props)) for (const [k, v] of Object.entries(props)) if (isSchema(v)) properties[k] = v;
    const patterns: [RegExp, Schema][] = [];
    if (isSchema(patternProps))
      for (const [p, v] of Object.entries(patternProps)) if (isSchema(v)) patterns.push([new RegExp(p, 'u'), v]);
    const fields = new Map(Object.keys(properties).map((p) => [folded(p), p]));
    shape = { fields, properties, patterns, additional: isSchema(additional) ? additional : undefined };
  } else
    for (const b of branches(s)) {
      shape = objectShapeOf(b);
      if (shape) break; // the schema has one object branch at most
    }
  objectShapes.set(schema, shape);
  return shape;
}

function itemsOf(schema: Schema): Schema | null {
  let items = itemSchemas.get(schema);
  if (items !== undefined) return items;
  const s = deref(schema);
  items = isSchema(s.items) ? s.items : null;
  if (!items)
    for (const b of branches(s)) {
      items = itemsOf(b);
      if (items) break;
    }
  itemSchemas.set(schema, items);
  return items;
}
