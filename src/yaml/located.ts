/**
 * The model is plain JSON-like data (objects, arrays, strings, numbers, booleans, null). Source
 * positions travel with it: every object and array parsed from YAML carries, under the LOC symbol,
 * the location of itself, of each key and of each value. Symbols are invisible to Object.keys and
 * JSON.stringify, so stages that do not care about positions see plain data; stages that move values
 * (merge, normalize) copy the locations with them (see copyLoc / setLoc), so provenance survives.
 */
import type { Location } from '../diagnostics.js';
import { emptyRecord } from '../records.js';

export type Scalar = string | number | boolean | null;
export type Tree = Scalar | TreeObject | Tree[];
export interface TreeObject {
  [key: string]: Tree;
}

export interface Locs {
  /** where the node itself starts (for a mapping: its first key; for a flow node: the bracket) */
  self?: Location;
  /** position of each mapping key (objects only) */
  keys: Record<string, Location>;
  /** position of each value: by key for objects, by index (as string) for arrays */
  values: Record<string, Location>;
}

export const LOC: unique symbol = Symbol.for('compose-review.loc');

type Located = { [LOC]?: Locs };

/** Only setLoc / ensureLocs write LOC, always a Locs record: a node that has the key is Located. */
function isLocated(node: object): node is Located {
  return LOC in node;
}

export function isObject(v: unknown): v is TreeObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function locsOf(node: unknown): Locs | undefined {
  if (typeof node !== 'object' || node === null || !isLocated(node)) return undefined;
  return node[LOC];
}

/** `obj[key] = value`, where a `__proto__` key (user data) stays an own key instead of replacing the prototype. */
export function setOwn(obj: TreeObject, key: string, value: Tree): void {
  if (key === '__proto__')
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** Gets (creating if needed) the Locs record of an object or array. */
export function ensureLocs(node: object): Locs {
  let l = isLocated(node) ? node[LOC] : undefined;
  if (!l) {
    l = { keys: emptyRecord(), values: emptyRecord() };
    Object.defineProperty(node, LOC, { value: l, enumerable: false, writable: true, configurable: true });
  }
  return l;
}

/** Location of the value at `key` (object key or array index) of `node`. */
export function valueLoc(node: unknown, key: string | number): Location | undefined {
  return locsOf(node)?.values[String(key)];
}

/** Location of the key `key` of an object (falls back to the value's location). */
export function keyLoc(node: unknown, key: string): Location | undefined {
  const l = locsOf(node);
  return l?.keys[key] ?? l?.values[key];
}

export function selfLoc(node: unknown): Location | undefined {
  return locsOf(node)?.self;
}

export function setLoc(node: object, key: string | number, value: Location | undefined, keyPos?: Location): void {
  if (!value && !keyPos) return;
  const l = ensureLocs(node);
  if (value) l.values[String(key)] = value;
  if (keyPos) l.keys[String(key)] = keyPos;
}

export function setSelfLoc(node: object, loc: Location | undefined): void {
  if (loc) ensureLocs(node).self = loc;
}

/** Copies the key and value locations of `from[fromKey]` to `to[toKey]`. */
export function copyLoc(from: unknown, fromKey: string | number, to: object, toKey: string | number = fromKey): void {
  const l = locsOf(from);
  if (!l) return;
  const k = String(fromKey);
  setLoc(to, toKey, l.values[k], l.keys[k]);
}

/** Copies the node's own location (not its children's). */
export function copySelfLoc(from: unknown, to: object): void {
  setSelfLoc(to, selfLoc(from));
}

/**
 * Deep copy that keeps locations. Use it where a stage must not alias a subtree of its input
 * (e.g. one extended service used by two others).
 */
export function cloneTree<T extends Tree>(node: T): T {
  if (Array.isArray(node)) {
    const out = node.map((v) => cloneTree<Tree>(v));
    const l = locsOf(node);
    if (l)
      Object.defineProperty(out, LOC, {
        value: { self: l.self, keys: { ...l.keys }, values: { ...l.values } },
        enumerable: false,
        writable: true,
        configurable: true,
      });
    return out as T;
  }
  if (isObject(node)) {
    const out: TreeObject = {};
    for (const k of Object.keys(node)) setOwn(out, k, cloneTree(node[k]));
    const l = locsOf(node);
    if (l)
      Object.defineProperty(out, LOC, {
        value: { self: l.self, keys: { ...l.keys }, values: { ...l.values } },
        enumerable: false,
        writable: true,
        configurable: true,
      });
    return out as T;
  }
  return node;
}

/** The number of nodes of a tree (scalars, mappings and sequences), counted up to `stop` at most. */
export function treeSize(node: Tree, stop = Infinity): number {
  let n = 0;
  const stack: Tree[] = [node];
  while (n <= stop) {
    const v = stack.pop();
    if (v === undefined) break;
    n++;
    if (Array.isArray(v)) for (const x of v) stack.push(x);
    else if (isObject(v)) for (const k of Object.keys(v)) stack.push(v[k]);
  }
  return n;
}

/** Best location for a model path: the deepest node on the path that has one. */
export function locate(root: unknown, path: readonly (string | number)[]): Location | undefined {
  let node: unknown = root;
  let best: Location | undefined = selfLoc(root);
  for (const seg of path) {
    if (typeof node !== 'object' || node === null) break;
    const l = (typeof seg === 'string' && !Array.isArray(node) ? keyLoc(node, seg) : undefined) ?? valueLoc(node, seg);
    if (l) best = l;
    node = childOf(node, seg);
  }
  return best;
}

/** `node[seg]` for a node of unknown shape: a key of a mapping, an index of a sequence; undefined under a scalar. */
export function childOf(node: unknown, seg: string | number): unknown {
  return typeof node === 'object' && node !== null ? Reflect.get(node, seg) : undefined;
}
