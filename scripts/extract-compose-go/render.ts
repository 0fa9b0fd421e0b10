// Go values as vector JSON: structs by their yaml tag names with only the fields the test set (Go
// DeepEqual: a missing field is the zero value), pointers transparent, custom scalar types as numbers
// with their Go type noted by path (types.Duration = nanoseconds, types.UnitBytes = bytes, ...).
import type { GoTypes } from './gotypes.js';
import {
  Fn,
  GoMap,
  GoStruct,
  Native,
  Opaque,
  Poison,
  Sym,
  SymCond,
  Tuple,
  Typed,
  TypeRef,
  Unsupported,
  type Val,
} from './values.js';

export interface Rendered {
  json: unknown;
  /** dotted path inside the value ('' = the value itself) -> Go type of a custom scalar */
  types: Record<string, string>;
}

const CUSTOM = /^(types\.(UnitBytes|Duration|FileMode|NanoCPUs)|time\.Duration)$/;

export function render(types: GoTypes, v: Val, declared = ''): Rendered {
  const out: Record<string, string> = {};
  const json = walk(types, v, declared.replace(/^\*+/, ''), '', out);
  return { json, types: out };
}

function walk(types: GoTypes, v: Val, declared: string, path: string, out: Record<string, string>): unknown {
  const join = (k: string | number) => (path === '' ? String(k) : `${path}.${k}`);
  if (v instanceof Typed) {
    if (v.type === '[]byte') return v.v;
    // a document unmarshalled into a generic map: `{$yaml: text}`, parsed by the runner
    if (v.type === '$yaml' || v.type === '$json') return { [v.type]: v.v };
    if (CUSTOM.test(v.type)) out[path] = v.type === 'time.Duration' ? 'types.Duration' : v.type;
    return walk(types, v.v, '', path, out);
  }
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') {
    if (CUSTOM.test(declared)) out[path] = declared === 'time.Duration' ? 'types.Duration' : declared;
    if (!Number.isFinite(v)) throw new Unsupported('non-finite number');
    return v;
  }
  if (Array.isArray(v)) {
    const elem = types.elem(declared) ?? '';
    return v.map((x, i) => walk(types, x, elem.replace(/^\*+/, ''), join(i), out));
  }
  if (v instanceof GoMap) {
    const elem = (types.elem(v.type) ?? types.elem(declared) ?? '').replace(/^\*+/, '');
    const o: Record<string, unknown> = {};
    for (const [k, x] of v.m) o[String(k)] = walk(types, x, elem, join(String(k)), o === null ? out : out);
    return o;
  }
  if (v instanceof GoStruct) {
    const type = v.type || declared;
    const o: Record<string, unknown> = {};
    for (const [name, x] of v.f) {
      const f = types.field(type, name);
      const ftype = (f?.type ?? '').replace(/^\*+/, '');
      if (f && f.tags.length === 0) {
        // inline struct (embedded, `yaml:",inline"`): its fields at this level
        const inner = walk(types, x, ftype, path, out);
        if (inner && typeof inner === 'object' && !Array.isArray(inner)) Object.assign(o, inner);
        continue;
      }
      // yaml:"-": Go-side data of the project (working dir, environment, disabled services, ...), not part
      // of the model: kept under `$go` by Go field name, where a runner can use it or ignore it
      if (f && f.tags.some((t) => t.startsWith('-'))) {
        ((o.$go ??= {}) as Record<string, unknown>)[name] = walk(types, x, ftype, join(`$go.${name}`), out);
        continue;
      }
      const key = f ? f.tags.join('.') : name;
      o[key.startsWith('-') ? key.slice(1).toLowerCase() : key] = walk(types, x, ftype, join(key), out);
    }
    return o;
  }
  if (v instanceof Sym || v instanceof SymCond) throw new Unsupported('a result compared with a result');
  if (v instanceof Poison) throw new Unsupported(v.reason);
  if (v instanceof Fn || v instanceof Native) throw new Unsupported('a Go function value');
  if (v instanceof Opaque) throw new Unsupported(`Go value ${v.what}`);
  if (v instanceof TypeRef) throw new Unsupported(`type ${v.type} as value`);
  if (v instanceof Tuple) throw new Unsupported('multiple values');
  throw new Unsupported('unknown value');
}
