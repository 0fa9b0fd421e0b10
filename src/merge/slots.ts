/**
 * Helpers shared by merge, unicity and reset: moving values between containers together with
 * their locations (see src/yaml/located.ts), and Go's fmt rendering, which compose-go uses to
 * build the strings it compares (`KEY=value` items, unicity keys, error messages).
 */
import type { Location } from '../diagnostics.js';
import { ensureLocs, isObject, locsOf, selfLoc, setOwn, setSelfLoc } from '../yaml/located.js';
import type { Tree, TreeObject } from '../yaml/located.js';
import { ruleTable } from '../yaml/treepath.js';
import type { TreePath } from '../yaml/treepath.js';
import type { Slot } from './types.js';

/** The value at `key` of a container, with its locations. */
export function slotAt(node: TreeObject | Tree[], key: string | number): Slot {
  const l = locsOf(node);
  const k = String(key);
  return { value: (node as Record<string, Tree>)[k], loc: l?.values[k], key: l?.keys[k] };
}

/** Sets `node[key]` and its locations; a missing location erases the old one so none goes stale. */
export function place(node: TreeObject, key: string, slot: Slot): void {
  // A list item turned into a key (depends_on: [__proto__]) must not reach the prototype.
  setOwn(node, key, slot.value);
  if (!slot.loc && !slot.key && !locsOf(node)) return;
  const l = ensureLocs(node);
  if (slot.loc) l.values[key] = slot.loc;
  else delete l.values[key];
  if (slot.key) l.keys[key] = slot.key;
  else delete l.keys[key];
}

export function remove(node: TreeObject, key: string): void {
  delete node[key];
  const l = locsOf(node);
  if (l) {
    delete l.values[key];
    delete l.keys[key];
  }
}

export function itemsOf(list: Tree[]): Slot[] {
  return list.map((_, i) => slotAt(list, i));
}

/** A new sequence of `items`, each keeping its own location; `self` is the node's own position. */
export function makeSeq(items: readonly Slot[], self?: Location): Tree[] {
  const out: Tree[] = items.map((s) => s.value);
  if (self || items.some((s) => s.loc)) {
    const l = ensureLocs(out);
    items.forEach((s, i) => {
      if (s.loc) l.values[String(i)] = s.loc;
    });
    setSelfLoc(out, self);
  }
  return out;
}

/** A new mapping from slots, keeping their locations. */
export function makeMap(entries: Iterable<[string, Slot]>, self?: Location): TreeObject {
  const out: TreeObject = {};
  for (const [k, s] of entries) place(out, k, s);
  setSelfLoc(out, self);
  return out;
}

export function selfOf(slot: Slot): Location | undefined {
  return selfLoc(slot.value) ?? slot.loc;
}

export { isObject };

/** tree.Path.String(): escaped dots inside keys become dots again. */
export function pathString(p: TreePath): string {
  return p.split('\u{1F47B}').join('.');
}

/** A compose-go path as model path segments (`[3]` parts are sequence indexes). */
export function pathSegments(p: TreePath): (string | number)[] {
  if (p === '') return [];
  return p.split('.').map((s) => (/^\[\d+\]$/.test(s) ? Number(s.slice(1, -1)) : s.split('\u{1F47B}').join('.')));
}

/** Go's %T for values decoded by go-yaml into `any`. */
export function goType(v: Tree): string {
  if (v === null) return '<nil>';
  if (Array.isArray(v)) return '[]interface {}';
  if (isObject(v)) return 'map[string]interface {}';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float64';
  return typeof v === 'boolean' ? 'bool' : 'string';
}

/** Go's %v. JS cannot tell `1.0` from `1`, so integral numbers print as Go ints. */
export function goV(v: Tree): string {
  if (v === null) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : goFloat(v);
  if (Array.isArray(v)) return `[${v.map(goV).join(' ')}]`;
  return `map[${Object.keys(v)
    .sort(compareGo)
    .map((k) => `${k}:${goV(v[k])}`)
    .join(' ')}]`;
}

/** Go's %s: strings as they are, anything else as `%!s(type=value)`. */
export function goS(v: Tree): string {
  if (typeof v === 'string') return v;
  return v === null ? '%!s(<nil>)' : `%!s(${goType(v)}=${goV(v)})`;
}

/** Go's %d. */
export function goD(v: Tree): string {
  if (typeof v === 'number' && Number.isInteger(v)) return String(v);
  return v === null ? '%!d(<nil>)' : `%!d(${goType(v)}=${goV(v)})`;
}

/** strconv.FormatFloat(f, 'g', -1, 64): exponent form below 1e-4 or from 1e6 on (JS switches at 1e21). */
function goFloat(f: number): string {
  if (!Number.isFinite(f)) return Number.isNaN(f) ? 'NaN' : f > 0 ? '+Inf' : '-Inf';
  const [mant, e] = f.toExponential().split('e');
  const exp = Number(e);
  if (exp >= -4 && exp < 6) return String(f);
  const abs = Math.abs(exp);
  return `${mant}e${exp < 0 ? '-' : '+'}${abs < 10 ? '0' : ''}${abs}`;
}

/** cmp.Compare on Go strings: byte order of UTF-8, i.e. code point order (not UTF-16 order). */
export function compareGo(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/**
 * A rule table (compose-go's `map[tree.Path]...`) as a lookup: the rule whose pattern matches `path`.
 * Patterns only match paths with as many parts, so rules are grouped by part count first.
 */
export { ruleTable };
