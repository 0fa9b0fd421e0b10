/**
 * Source order for the style rules. The canonical model's key order is the merge's (or sorted),
 * not the author's, so order is read from the locations: keys are grouped by the file that wrote
 * them and sorted by line and column there.
 */
import type { Location } from '../diagnostics.js';
import { keyLoc, valueLoc } from '../yaml/located.js';

export interface Placed<K> {
  key: K;
  loc: Location;
}

function bySource<K>(items: Placed<K>[]): Placed<K>[][] {
  const files = new Map<string, Placed<K>[]>();
  for (const it of items) {
    const group = files.get(it.loc.file);
    if (group) group.push(it);
    else files.set(it.loc.file, [it]);
  }
  return [...files.values()].map((g) => g.sort((a, b) => a.loc.line - b.loc.line || a.loc.column - b.loc.column));
}

/** Keys of a mapping, one list per file, in the order the author wrote them. */
export function keysBySource(node: unknown, keys: string[]): Placed<string>[][] {
  // a loop: flatMap is V8's generic code, several times slower (src/audit/model.ts services)
  const items: Placed<string>[] = [];
  for (const key of keys) {
    const loc = keyLoc(node, key);
    if (loc) items.push({ key, loc });
  }
  return bySource(items);
}

/** Indices of a sequence, one list per file, in source order. */
export function itemsBySource(node: unknown, length: number): Placed<number>[][] {
  const items: Placed<number>[] = [];
  for (let i = 0; i < length; i++) {
    const loc = valueLoc(node, i);
    if (loc) items.push({ key: i, loc });
  }
  return bySource(items);
}

/** Each item whose rank is lower than the highest rank before it (ESLint's sort-keys reporting). */
export function outOfOrder<K>(
  items: Placed<K>[],
  rank: (k: K) => number | string,
): { item: Placed<K>; after: Placed<K> }[] {
  const out: { item: Placed<K>; after: Placed<K> }[] = [];
  let max: Placed<K> | undefined;
  for (const it of items) {
    if (max && rank(it.key) < rank(max.key)) out.push({ item: it, after: max });
    else max = it;
  }
  return out;
}
