/**
 * The model is plain JSON-like data (objects, arrays, strings, numbers, booleans, null). Source
 * positions travel with it: every object and array parsed from YAML carries, in a private field
 * (see Located), the location of itself, of each key and of each value. The field is invisible to
 * Object.keys and JSON.stringify, so stages that do not care about positions see plain data; stages that move values
 * (merge, normalize) copy the locations with them (see copyLoc / setLoc), so provenance survives.
 */
import type { Location } from '../diagnostics.js';
import { emptyRecord } from '../records.js';

export type Scalar = string | number | boolean | null;
export type Tree = Scalar | TreeObject | Tree[];
export interface TreeObject {
  [key: string]: Tree;
}

/** Entries a mapping's record searches in place before it indexes them. */
const SMALL = 8;
const EMPTY: (string | Location | undefined)[] = [];
Object.freeze(EMPTY);

/** A canonical array index (`0`, `17`; not `01` or `-1`), as a sequence's keys are written. */
function isIndex(key: string): boolean {
  const n = key.length;
  if (n === 0 || n > 9) return false;
  const c = key.charCodeAt(0);
  if (c === 48) return n === 1;
  for (let i = 0; i < n; i++) {
    const d = key.charCodeAt(i);
    if (d < 48 || d > 57) return false;
  }
  return true;
}

/**
 * The locations of one mapping or sequence: its own, and each key's and value's. Compact, because
 * a large project has one per mapping twice over (the parsed file and the merged model): a
 * mapping's entries are `[name, value location, key location]` triples in one array, searched in
 * place up to SMALL entries and through an index beyond (a services mapping of 10,000 names: a
 * null-prototype dictionary, whose lookups by a key V8 has internalized cost less than a Map's); a
 * sequence's value locations are an array by index. The two null-prototype dictionaries this used
 * to be took about 360 bytes a mapping (V8 keeps such objects as hash tables), 10 MB of the 25 MB
 * model of 10,000 services; a record of two entries is now about 150 bytes.
 */
export class Locs {
  /** where the node itself starts (for a mapping: its first key; for a flow node: the bracket) */
  self?: Location = undefined;
  /** a mapping's [name, value location, key location] triples (names unique) */
  private entries: (string | Location | undefined)[] = EMPTY;
  /** name -> position in `entries`, made past SMALL entries */
  private index?: Record<string, number> = undefined;
  /** a sequence's value locations, by index */
  private items?: (Location | undefined)[] = undefined;

  constructor(sequence = false) {
    if (sequence) this.items = [];
  }

  private find(key: string): number {
    const e = this.entries;
    if (e.length > SMALL * 3) return (this.index ?? this.indexed())[key] ?? -1;
    for (let i = 0; i < e.length; i += 3) if (e[i] === key) return i;
    return -1;
  }

  /** The index of a record past SMALL entries, made when first searched (a copy, a record read, has none yet). */
  private indexed(): Record<string, number> {
    const index = emptyRecord<number>();
    const e = this.entries;
    for (let j = 0; j < e.length; j += 3) if (typeof e[j] === 'string') index[e[j] as string] = j;
    this.index = index;
    return index;
  }

  /** Location of the value at `key` (a mapping's key, or a sequence's index). */
  value(key: string | number): Location | undefined {
    if (this.items) return typeof key === 'number' || isIndex(key) ? this.items[Number(key)] : undefined;
    const i = this.find(String(key));
    return i < 0 ? undefined : (this.entries[i + 1] as Location | undefined);
  }

  /** Location of the key `key` of a mapping. */
  key(key: string): Location | undefined {
    if (this.items) return undefined;
    const i = this.find(key);
    return i < 0 ? undefined : (this.entries[i + 2] as Location | undefined);
  }

  /**
   * Sets the locations of `key`: with `exact`, both as given (a missing one erased, so none goes
   * stale); without it, only the ones given.
   */
  set(key: string | number, value: Location | undefined, keyPos: Location | undefined, exact = false): void {
    if (this.items) {
      if (typeof key === 'number' || isIndex(key)) {
        const i = Number(key);
        if (value || exact) this.items[i] = value;
      }
      return;
    }
    const k = String(key);
    const i = this.find(k);
    if (i >= 0) {
      const e = this.entries;
      if (value || exact) e[i + 1] = value;
      if (keyPos || exact) e[i + 2] = keyPos;
      return;
    }
    this.add(k, value, keyPos);
  }

  /**
   * Sets the locations of a key the record does not hold (the reader's: it refuses a repeated key),
   * without searching for it first.
   */
  add(k: string, value: Location | undefined, keyPos: Location | undefined): void {
    if (!value && !keyPos) return;
    const e = this.entries;
    if (e.length < SMALL * 3) {
      // an array of exactly the room it needs (`push` would reserve 16 more slots)
      const next = new Array<string | Location | undefined>(e.length + 3);
      for (let j = 0; j < e.length; j++) next[j] = e[j];
      next[e.length] = k;
      next[e.length + 1] = value;
      next[e.length + 2] = keyPos;
      this.entries = next;
      return;
    }
    // an index made already is kept up to date; none is made here: the reader's records are
    // rarely searched (the stages search their copies), and the 10,000 names of a services mapping
    // indexed as it was read were 5% of its load
    if (this.index) this.index[k] = e.length;
    e.push(k, value, keyPos);
  }

  /** Forgets the locations of `key`. */
  delete(key: string | number): void {
    if (this.items) {
      if (typeof key === 'number' || isIndex(key)) this.items[Number(key)] = undefined;
      return;
    }
    const k = String(key);
    const i = this.find(k);
    if (i < 0) return;
    if (this.entries.length > SMALL * 3) {
      // the triple stays as a hole: moving the ones after it would renumber the index
      if (this.index) delete this.index[k];
      this.entries[i] = this.entries[i + 1] = this.entries[i + 2] = undefined;
    } else this.entries = [...this.entries.slice(0, i), ...this.entries.slice(i + 3)];
  }

  /** Every location held: its own, then the keys', then the values'. */
  *all(): Generator<Location> {
    if (this.self) yield this.self;
    const e = this.entries;
    for (let j = 2; j < e.length; j += 3) if (e[j]) yield e[j] as Location;
    for (let j = 1; j < e.length; j += 3) if (e[j]) yield e[j] as Location;
    for (const l of this.items ?? []) if (l) yield l;
  }

  /** A mapping's [name, value location, key location] triples as they are now (a copy; a forgotten name is a hole). */
  triples(): readonly (string | Location | undefined)[] {
    return this.entries.slice();
  }

  /** A copy (the locations themselves are shared: nothing changes a Location once made). */
  clone(): Locs {
    const c = new Locs(this.items !== undefined);
    c.self = this.self;
    if (this.items) c.items = this.items.slice();
    // the index is left to be made when the copy is first searched: copied here (Object.assign of a
    // dictionary of 10,000 names), it took 4 times as long as making it (12 ms against 3), and many
    // copies are never searched
    if (this.entries.length) c.entries = this.entries.slice();
    return c;
  }
}

/** Returns the object it is given from its constructor: a subclass then adds its fields to any object. */
class Stamp {
  constructor(node: object) {
    return node;
  }
}

/**
 * A node's Locs record is a private field its construction adds to the mapping or sequence (the
 * base class hands the node itself to the field initializers): invisible to Object.keys, spread,
 * JSON and structured clones as a non-enumerable symbol property was, but added as a plain store
 * is, where Object.defineProperty took a runtime call (15 against 130-250 ns a node, 134 nodes in
 * the seed's load: its loadBundle 8-10% less CPU, A/B in one process, 303 against 271 µs).
 */
class Located extends Stamp {
  #locs: Locs;
  private constructor(node: object, locs: Locs) {
    super(node);
    this.#locs = locs;
  }
  static get(node: object): Locs | undefined {
    return #locs in node ? node.#locs : undefined;
  }
  /** Gives `node` the record `locs` (a node has one record at most: a second replaces the first). */
  static put(node: object, locs: Locs): void {
    if (#locs in node) node.#locs = locs;
    else new Located(node, locs);
  }
}

/** Only attachLocs (setLoc / ensureLocs / copyLocs / cloneTree, the fast reader) writes a node's record. */
export const attachLocs = (node: object, locs: Locs): void => Located.put(node, locs);

export function isObject(v: unknown): v is TreeObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function locsOf(node: unknown): Locs | undefined {
  return typeof node === 'object' && node !== null ? Located.get(node) : undefined;
}

/** `obj[key] = value`, where a `__proto__` key (user data) stays an own key instead of replacing the prototype. */
export function setOwn(obj: TreeObject, key: string, value: Tree): void {
  if (key === '__proto__')
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** Gets (creating if needed) the Locs record of an object or array. */
export function ensureLocs(node: object): Locs {
  let l = Located.get(node);
  if (!l) {
    l = new Locs(Array.isArray(node));
    attachLocs(node, l);
  }
  return l;
}

/** Location of the value at `key` (object key or array index) of `node`. */
export function valueLoc(node: unknown, key: string | number): Location | undefined {
  return locsOf(node)?.value(key);
}

/** Location of the key `key` of an object (falls back to the value's location). */
export function keyLoc(node: unknown, key: string): Location | undefined {
  const l = locsOf(node);
  return l?.key(key) ?? l?.value(key);
}

export function selfLoc(node: unknown): Location | undefined {
  return locsOf(node)?.self;
}

export function setLoc(node: object, key: string | number, value: Location | undefined, keyPos?: Location): void {
  if (!value && !keyPos) return;
  ensureLocs(node).set(key, value, keyPos);
}

export function setSelfLoc(node: object, loc: Location | undefined): void {
  if (loc) ensureLocs(node).self = loc;
}

/** Copies the key and value locations of `from[fromKey]` to `to[toKey]`. */
export function copyLoc(from: unknown, fromKey: string | number, to: object, toKey: string | number = fromKey): void {
  const l = locsOf(from);
  if (!l) return;
  setLoc(to, toKey, l.value(fromKey), typeof fromKey === 'string' ? l.key(fromKey) : undefined);
}

/**
 * Gives `to`, a copy of `from` with the same keys (or indexes) that has no locations yet, all of
 * `from`'s: its own, each key's and each value's, as one copied record (what copySelfLoc and a
 * copyLoc per key give it, without a record grown entry by entry).
 */
export function copyLocs(from: unknown, to: object): void {
  const l = locsOf(from);
  if (!l) return;
  const mine = Located.get(to);
  if (mine) {
    // `to` has locations of its own already: added one by one, as copyLoc would
    if (l.self) mine.self = l.self;
    for (const k of Array.isArray(to) ? to.keys() : Object.keys(to)) copyLoc(from, k, to, k);
    return;
  }
  attachLocs(to, l.clone());
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
    if (l) attachLocs(out, l.clone());
    return out as T;
  }
  if (isObject(node)) {
    const out: TreeObject = {};
    for (const k of Object.keys(node)) setOwn(out, k, cloneTree(node[k]));
    const l = locsOf(node);
    if (l) attachLocs(out, l.clone());
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
