/**
 * Helpers shared by merge, unicity and reset: moving values between containers together with
 * their locations (see src/yaml/located.ts). Go's fmt rendering, which compose-go uses to build the
 * strings it compares (`KEY=value` items, unicity keys, error messages), is in src/compat/go.ts.
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
  return {
    value: (node as Record<string, Tree>)[k],
    loc: l?.value(k),
    key: Array.isArray(node) ? undefined : l?.key(k),
  };
}

/** Sets `node[key]` and its locations; a missing location erases the old one so none goes stale. */
export function place(node: TreeObject, key: string, slot: Slot): void {
  // A list item turned into a key (depends_on: [__proto__]) must not reach the prototype.
  setOwn(node, key, slot.value);
  if (!slot.loc && !slot.key && !locsOf(node)) return;
  ensureLocs(node).set(key, slot.loc, slot.key, true);
}

export function remove(node: TreeObject, key: string): void {
  delete node[key];
  const l = locsOf(node);
  l?.delete(key);
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
      if (s.loc) l.set(i, s.loc, undefined);
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

/**
 * A rule table (compose-go's `map[tree.Path]...`) as a lookup: the rule whose pattern matches `path`.
 * Patterns only match paths with as many parts, so rules are grouped by part count first.
 */
export { ruleTable };
