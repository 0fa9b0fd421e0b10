/**
 * What a node of the Compose schema accepts, read from the schema itself: its `$ref`s resolved, the
 * JSON types it (or the first of its alternatives) takes. src/validate/schema.ts uses these to pick
 * the branch of a failed oneOf/anyOf that matches the value, and to word the type message.
 */
import { composeSchema, type Schema } from './validators.js';

/** Resolves a local `$ref` (`#/$defs/...`) chain. */
function deref(s: Schema): Schema {
  for (let i = 0; i < 16 && typeof s.$ref === 'string' && s.$ref.startsWith('#/'); i++) {
    let n: unknown = composeSchema();
    for (const k of s.$ref.slice(2).split('/'))
      n = (n as Schema)[decodeURIComponent(k).replace(/~1/g, '/').replace(/~0/g, '~')];
    if (typeof n !== 'object' || n === null) break;
    s = n as Schema;
  }
  return s;
}

/** JSON types a schema can accept, undefined for any. */
export function typesOf(schema: Schema): string[] | undefined {
  const s = deref(schema);
  if (typeof s.type === 'string') return [s.type];
  if (Array.isArray(s.type)) return s.type as string[];
  if (s.properties || s.patternProperties || s.required) return ['object'];
  if (s.items || s.prefixItems) return ['array'];
  if (Array.isArray(s.oneOf) || Array.isArray(s.anyOf)) {
    const all = ((s.oneOf ?? s.anyOf) as Schema[]).map(typesOf);
    return all.some((t) => t === undefined) ? undefined : [...new Set(all.flat() as string[])];
  }
  return undefined;
}

/** The types of the first alternative a schema offers (the first branch of nested oneOfs). */
export function firstTypes(schema: Schema): string[] | undefined {
  const s = deref(schema);
  if (typeof s.type === 'string') return [s.type];
  if (Array.isArray(s.type)) return s.type as string[];
  if (Array.isArray(s.oneOf) || Array.isArray(s.anyOf)) {
    const first = ((s.oneOf ?? s.anyOf) as Schema[])[0];
    return first ? firstTypes(first) : undefined;
  }
  return typesOf(s);
}

export function accepts(schema: Schema, value: unknown): boolean {
  const types = typesOf(schema);
  if (!types) return true;
  const t = jsonType(value);
  return types.includes(t) || (t === 'integer' && types.includes('number'));
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}
