/**
 * `docker compose config`-like rendering of a canonical model (YAML or JSON). Compose marshals Go
 * structs, so struct fields come in their declaration order and map keys sorted; config-structs.ts
 * holds compose-go's types as tables (struct orders, field kinds, marshallers), this file walks the
 * model with them and writes the document as go-yaml or encoding/json would.
 */
import { Document, Scalar, isScalar, visit, type ScalarTag, type Tags } from 'yaml';
import { stringTag } from 'yaml/util';
import {
  goDoubleQuoted,
  goDoubleQuotedSafe,
  goSimpleKey,
  goSingleQuoted,
  goStringStyle,
  runnerUnsafe,
} from './go-yaml-style.js';
import { runnerJson } from './escape.js';
import type { Location } from '../diagnostics.js';
import { exactInt, readAsFloat } from '../compat/go-int.js';
import { timeText } from '../compat/go-time.js';
import { float32Digits, goFloat } from '../compat/go.js';
import { isObject, setOwn, valueLoc, type Tree, type TreeObject } from '../yaml/located.js';
import { nextPath, pathMatches } from '../yaml/treepath.js';
import { goBytes, goJsonText, notUtf8 } from '../utf8.js';
import {
  goKinds,
  jsonNames,
  marshallers,
  omitted,
  renamed,
  structOrder,
  unitBytes,
  unset,
  type Format,
} from './config-structs.js';

const NO_FIELDS: ReadonlySet<string> = new Set();
/** compose-go's float32 fields (types.go CPUPercent, CPUS, MaxFailureRatio; cpus.go NanoCPUs) */
const FLOAT_FIELDS = [
  'services.*.cpu_percent',
  'services.*.cpus',
  'services.*.deploy.*.max_failure_ratio',
  'services.*.deploy.resources.*.cpus',
];
const FLOAT_KEYS: ReadonlySet<string | number> = new Set(['cpu_percent', 'cpus', 'max_failure_ratio']);

/**
 * A float as go-yaml's encoder prints it (representer.go floatv: strconv 'g', -1, the field's bits):
 * a float32 field's value, or a float64 read with an integral value from 1e6 on (`1e+06`).
 */
class GoFloat {
  constructor(
    readonly value: number,
    readonly bits: 32 | 64,
  ) {}
}
/** A time.Time as go-yaml's encoder writes it: its RFC 3339 text, plain (representer.go timev). */
class GoTime {
  constructor(readonly text: string) {}
}
const asTree = (v: GoFloat | GoTime | bigint): Tree => v as unknown as Tree;
/** `x` written by toGoYaml as a float64 (for one read as a float of an integral value). */
export const yamlFloat64 = (x: number): Tree => asTree(new GoFloat(x, 64));
/** A time.Time's RFC 3339 `text` written by toGoYaml as go-yaml writes the time.Time: plain. */
export const yamlTime = (text: string): Tree => asTree(new GoTime(text));

/** go-yaml's float text; `.inf`, `-.inf` and `.nan` as its encoder names them. */
function yamlFloat(f: number, bits: 32 | 64): string {
  const s = goFloat(f, bits);
  return s === '+Inf' ? '.inf' : s === '-Inf' ? '-.inf' : s === 'NaN' ? '.nan' : s;
}
const fieldSets = new WeakMap<readonly string[], ReadonlySet<string>>();

/** A struct's fields as a set, made once per struct (its order is one table's array). */
function fieldSet(fields: readonly string[]): ReadonlySet<string> {
  let set = fieldSets.get(fields);
  if (!set) {
    set = new Set(fields);
    fieldSets.set(fields, set);
  }
  return set;
}

/**
 * An ordered copy of the model; with a format, marshalled as compose-go does: marshallers, then
 * the struct fields Go leaves out removed (and, in JSON, the ones it always prints added, and the
 * `x-*` extensions of every struct but the project dropped: `Extensions` are `json:"-"`).
 */
function copy(model: TreeObject, format: Format | undefined, ints?: { found: boolean }, text = false): TreeObject {
  /**
   * With `ints`, an integer past the safe range read as one (compat/go-int.ts) is the bigint Go
   * prints digit for digit (int64 fields, `x-*` extensions), but in compose-go's float32 fields.
   * With `text` (the YAML to be written by toGoYaml), a float is a GoFloat.
   */
  const exact = (x: number, at: Location | undefined, path: string, key: string | number): Tree => {
    // compose-go's float32 fields: go-yaml and encoding/json print the float32's shortest digits
    // (0 left a number: omitempty leaves it out)
    if (format && x !== 0 && FLOAT_KEYS.has(key) && FLOAT_FIELDS.some((f) => pathMatches(path, f)))
      return text && format === 'yaml' ? asTree(new GoFloat(x, 32)) : float32Digits(x);
    if (text && format === 'yaml' && (!Number.isInteger(x) || readAsFloat(x, at))) return asTree(new GoFloat(x, 64));
    const big = ints ? exactInt(x, at) : undefined;
    if (big === undefined) return x;
    ints!.found = true;
    return asTree(big);
  };
  /** a number that may print otherwise than its JS digits: past the safe range, from 1e6 on, in a float field */
  const odd = (x: Tree, key: string | number): x is number =>
    typeof x === 'number' && (!Number.isSafeInteger(x) || x >= 1e6 || x <= -1e6 || FLOAT_KEYS.has(key));
  /**
   * In an extension (`ext`: below an `x-*` key of a struct, an `any` to Go), a string read as a
   * timestamp is the time.Time, printed RFC 3339 (compat/go-time.ts): in YAML text as a plain GoTime.
   */
  const time = (x: Tree, at: Location | undefined): Tree | undefined => {
    const rfc3339 = format ? timeText(x, at) : undefined;
    return rfc3339 === undefined ? undefined : text && format === 'yaml' ? asTree(new GoTime(rfc3339)) : rfc3339;
  };
  const order = (v: Tree, path: string, ext: boolean): Tree => {
    if (Array.isArray(v)) {
      const item = nextPath(path, '[]');
      return v.map((x, i) =>
        odd(x, i)
          ? exact(x, valueLoc(v, i), item, i)
          : ((ext && typeof x === 'string' ? time(x, valueLoc(v, i)) : undefined) ?? order(x, item, ext)),
      );
    }
    return isObject(v) ? orderObject(v, path, ext) : v;
  };
  const orderObject = (v: TreeObject, path: string, inExt = false): TreeObject => {
    const fields = structOrder(path);
    const kinds = format && fields ? goKinds(path) : undefined;
    const out: TreeObject = {};
    const put = (k: string, x: Tree) => {
      const at = nextPath(path, k);
      const ext = inExt || (fields !== undefined && k.startsWith('x-'));
      setOwn(
        out,
        k,
        odd(x, k)
          ? exact(x, valueLoc(v, k), at, k)
          : ((ext && typeof x === 'string' ? time(x, valueLoc(v, k)) : undefined) ?? order(x, at, ext)),
      );
    };
    const known = fields ? fieldSet(fields) : NO_FIELDS;
    for (const k of fields ?? []) {
      const has = Object.hasOwn(v, k);
      const zero = format && (!has || v[k] === null) ? unset(kinds?.[k], format) : undefined;
      if (zero !== undefined) put(k, zero);
      else if (has) put(k, v[k]);
    }
    const dropExtensions = format === 'json' && fields && path !== '';
    // the map keys sorted, after the struct's fields are left out: a struct's own keys (most objects of
    // a model) leave none or one, which V8 sorts without its work copy of the array
    const rest = Object.keys(v).filter((k) => !known.has(k) && !(dropExtensions && k.startsWith('x-')));
    for (const k of rest.sort()) put(k, v[k]);
    if (!format) return out;
    marshallers(path)?.(out, format);
    if (fields)
      for (const k of fields) {
        if (!Object.hasOwn(out, k)) continue;
        const kind = kinds?.[k];
        // UnitBytes prints "%d"
        if (kind === 'bytes' || kind === 'rate')
          out[k] = typeof out[k] === 'bigint' ? String(out[k]) : unitBytes(out[k]);
        if (omitted(kind, out[k], format)) delete out[k];
      }
    const names = format === 'json' ? jsonNames(path) : undefined;
    return names ? renamed(out, names) : out;
  };
  return orderObject(model, '');
}

/**
 * The keys of a mapping in the order orderedModel copies them, `fields` the struct's at its path
 * (structOrder's, or a STRUCT_ORDER state's `rule`): the struct's fields it has, in their order, then
 * the other keys sorted (what a walk that shows the model in Compose's order reads, instead of
 * copying it first: src/report/diff.ts redactObject).
 */
export function orderedKeys(v: TreeObject, fields: readonly string[] | undefined): string[] {
  if (!fields) return Object.keys(v).sort();
  const known = fieldSet(fields);
  const keys = fields.filter((k) => Object.hasOwn(v, k));
  const rest = Object.keys(v).filter((k) => !known.has(k));
  for (const k of rest.sort()) keys.push(k);
  return keys;
}

/** Plain copy with Compose's key order (every value kept: audit and previews use it). */
export function orderedModel(model: TreeObject): TreeObject {
  return copy(model, undefined);
}

/**
 * The model as compose-go marshals it (YAML unless told): Compose's key order, the fields Go
 * leaves out (zero values of `omitempty` fields, secrets' `content`, configs' `content` read from
 * `environment`) left out, file modes as octal strings, byte sizes as strings. Data, not yet a
 * Compose file: `$` is not escaped (renderConfig does that).
 */
export function configDocument(model: TreeObject, format: Format = 'yaml', ints?: { found: boolean }): TreeObject {
  return copy(model, format, ints);
}

/** Project.MarshalJSON builds a Go map: `name` always, keys sorted, no `models`. */
function jsonTopLevel(doc: TreeObject): TreeObject {
  const out: TreeObject = {};
  const withName: TreeObject = { name: '', ...doc };
  for (const k of Object.keys(withName).sort()) if (k !== 'models') setOwn(out, k, withName[k]);
  return out;
}

/** encoding/json escapes these inside strings (HTML safety and JavaScript line terminators). */
const GO_JSON_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};
const goJsonEscapes = (json: string): string =>
  runnerJson(goJsonText(json).replace(/[<>&\u2028\u2029]/g, (c) => GO_JSON_ESCAPES[c]));
/** json.MarshalIndent(v, "", "  ") of a document without bigints. */
export const goJson = (v: unknown): string => goJsonEscapes(JSON.stringify(v, null, 2)) + '\n';

/** goJson of a document holding bigints (JSON.stringify refuses them): the same text, integers digit for digit. */
export function jsonWithInts(doc: unknown): string {
  const write = (v: unknown, indent: string): string => {
    if (typeof v === 'bigint') return v.toString();
    if (typeof v !== 'object' || v === null) return JSON.stringify(v) ?? 'null';
    const inner = indent + '  ';
    if (Array.isArray(v))
      return v.length === 0 ? '[]' : `[\n${v.map((x) => inner + write(x, inner)).join(',\n')}\n${indent}]`;
    const keys = Object.keys(v).filter((k) => (v as Record<string, unknown>)[k] !== undefined);
    if (keys.length === 0) return '{}';
    const entries = keys.map((k) => `${inner}${JSON.stringify(k)}: ${write((v as Record<string, unknown>)[k], inner)}`);
    return `{\n${entries.join(',\n')}\n${indent}}`;
  };
  return goJsonEscapes(write(doc, '')) + '\n';
}

/**
 * yaml's string tag, writing each string in the style go-yaml picks (go-yaml-style.ts): plain,
 * single- and double-quoted text written here as go-yaml writes it; literal blocks left to yaml.
 * yaml's indent for a value is two more than go-yaml's (the key's column, the dash's for an item).
 */
/** toGoYaml's text held a key go-yaml writes in the `? key` form (set while it is written) */
let complexKeys = false;
const goString: ScalarTag = {
  ...stringTag,
  stringify(item, ctx, onComment, onChompKeep) {
    const s = String(item.value);
    if (notUtf8(s)) return goBinary(s, ctx.indent);
    if (ctx.implicitKey === true && !goSimpleKey(s)) complexKeys = true;
    if (runnerUnsafe(s)) return goDoubleQuotedSafe(s);
    const style = goStringStyle(s, ctx.implicitKey === true);
    if (style === 'plain') return s;
    if (style === 'double') return goDoubleQuoted(s);
    if (style === 'single') return goSingleQuoted(s, Math.max(0, ctx.indent.length - 2));
    return stringTag.stringify!(item, ctx, onComment, onChompKeep);
  },
};
/**
 * A string Go holds as bytes that are not UTF-8 (src/utf8.ts): go-yaml writes it tagged
 * `!!binary`, base64 (representer.go stringv 465-475), in lines of 70 each ending in a line feed from
 * 70 characters on (resolver.go encodeBase64), then a literal block (`indent`: its lines').
 */
function goBinary(s: string, indent: string): string {
  const b64 = goBytes(s).toString('base64');
  if (b64.length < 70) return `!!binary ${b64}`;
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 70) lines.push(indent + b64.slice(i, i + 70));
  return `!!binary |\n${lines.join('\n')}`;
}
/** Floats as go-yaml writes them (copy makes every number that is no integer a GoFloat). */
const goFloatTag: ScalarTag = {
  identify: (v) => v instanceof GoFloat,
  default: true,
  tag: 'tag:yaml.org,2002:float',
  resolve: (s) => Number(s),
  stringify: ({ value }) => (value instanceof GoFloat ? yamlFloat(value.value, value.bits) : String(value)),
};
const goTimeTag: ScalarTag = {
  identify: (v) => v instanceof GoTime,
  default: true,
  tag: 'tag:yaml.org,2002:timestamp',
  resolve: (s) => s,
  stringify: ({ value }) => (value instanceof GoTime ? value.text : String(value)),
};
const goTags = (tags: Tags): Tags => [goFloatTag, goTimeTag, ...tags.map((t) => (t === stringTag ? goString : t))];

/**
 * YAML as go-yaml writes it: block style, each string in go-yaml's style so that it reads back the
 * same. A key go-yaml does not write as a simple key (emitter.go checkSimpleKey: over 128 bytes or
 * multiline) is written `? key` with `: value` on the next line (emitBlockMappingKey), in the style of
 * a value (selectScalarStyle: not in simple_key_context): yaml's explicit key, which it takes for a
 * block scalar key. Found while the text is written, the text then written again: no pass of its own.
 */
export function toGoYaml(doc: TreeObject): string {
  const d = new Document(doc, { aliasDuplicateObjects: false, customTags: goTags });
  complexKeys = false;
  const text = d.toString({ lineWidth: 0 });
  if (!complexKeys) return text;
  complexKeys = false;
  visit(d, {
    Pair(_key, pair) {
      const k = pair.key;
      if (isScalar(k) && typeof k.value === 'string' && !goSimpleKey(k.value)) k.type = Scalar.BLOCK_LITERAL;
    },
  });
  return d.toString({ lineWidth: 0 });
}

export interface RenderOptions {
  /**
   * The model was loaded without interpolation (`config --no-interpolate`): print `$` as is.
   * Otherwise every `$` of the document is doubled, like docker compose's runConfig, so that the
   * output loads back to the same model.
   */
  noInterpolate?: boolean;
}

export function renderConfig(model: TreeObject, format: 'yaml' | 'json' = 'yaml', options: RenderOptions = {}): string {
  const ints = { found: false };
  const doc = copy(model, format, ints, true);
  const json = ints.found ? (d: unknown) => jsonWithInts(d) : goJson;
  const text = format === 'json' ? json(jsonTopLevel(doc)) : toGoYaml(doc);
  return options.noInterpolate ? text : text.replaceAll('$', () => '$$');
}
