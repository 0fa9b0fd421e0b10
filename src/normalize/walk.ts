/**
 * The tree walk shared by the canonical transformers and the default setters: like compose-go's
 * (data, tree.Path) pair, plus what provenance needs: the model path as segments, the location of
 * the current value and of its key. New nodes built from a value sit where that value sits; added
 * defaults sit at the key of the node they are added to.
 */
import { quotedParts, quoting, type Diagnostic, type Location } from '../diagnostics.js';
import {
  ensureLocs,
  keyLoc,
  locsOf,
  selfLoc,
  setLoc,
  setOwn,
  setSelfLoc,
  valueLoc,
  type Tree,
  type TreeObject,
} from '../yaml/located.js';
import { nextPath, type PathState, type TreePath } from '../yaml/treepath.js';
import { NormalizeError } from './errors.js';
import type { Usage } from '../limits.js';

export interface Walk {
  /** compose-go tree.Path: keys, `[]` for sequence items, dots inside keys escaped */
  path: TreePath;
  /** the model path, with sequence indexes, for diagnostics */
  segs: (string | number)[];
  /** where the current value sits */
  loc?: Location;
  /** where its key sits (for a sequence item: the item) */
  at?: Location;
  /** the walk's state in the rule table `table` (see stateOf) */
  state?: PathState<Transformer>;
  table?: PathState<Transformer>;
}

export interface TransformOptions {
  /** compose-go `ignoreParseError` (set when interpolation is skipped): unparsable short syntax stays a string */
  ignoreParseError?: boolean;
  /** the environment's work so far against its budgets: expanded ports are counted here */
  usage?: Usage;
  /** receives deprecation warnings compose-go logs (e.g. `external.name`) */
  onWarning?: (d: Diagnostic) => void;
}

export type Transformer = (data: Tree, w: Walk, options: TransformOptions) => Tree;

/** A walk from the root; `table` (the start state of a rule table) lets it carry its state in it. */
export function rootWalk(root: Tree, table?: PathState<Transformer>): Walk {
  return { path: '', segs: [], loc: selfLoc(root), at: selfLoc(root), state: table, table };
}

/**
 * A child's walk. Its model path is made from its parent's when something reads it (an error, a
 * warning), not for every node walked: a copy of the path per node was the largest allocation of
 * the canonical and default walks.
 */
class ChildWalk implements Walk {
  private made: (string | number)[] | undefined = undefined;
  private madePath: TreePath | undefined = undefined;
  constructor(
    private readonly parent: Walk,
    private readonly key: string | number,
    readonly loc: Location | undefined,
    readonly at: Location | undefined,
    readonly state: PathState<Transformer> | undefined,
    readonly table: PathState<Transformer> | undefined,
  ) {}
  get segs(): (string | number)[] {
    return (this.made ??= [...this.parent.segs, this.key]);
  }
  /** made when read, like segs: the walkers carry their state, and only messages and callers' rules read it */
  get path(): TreePath {
    return (this.madePath ??= nextPath(this.parent.path, typeof this.key === 'number' ? '[]' : this.key));
  }
}

export function childWalk(parent: TreeObject | Tree[], w: Walk, key: string | number): Walk {
  const k = String(key);
  return new ChildWalk(
    w,
    key,
    valueLoc(parent, k) ?? w.loc,
    keyLoc(parent, k) ?? w.at,
    w.state?.step(typeof key === 'number' ? '[]' : key),
    w.table,
  );
}

/** The walk's state in the rule table starting at `table`: carried along, or found from its path. */
export function stateOf(w: Walk, table: PathState<Transformer>): PathState<Transformer> {
  if (w.table === table && w.state) return w.state;
  let s = table;
  if (w.path !== '') for (const part of w.path.split('.')) s = s.step(part);
  return s;
}

/** A walk for an arbitrary compose-go path (conformance vectors, callers starting mid-tree). */
export function walkAt(path: string, node?: Tree): Walk {
  const loc = node === undefined ? undefined : selfLoc(node);
  return { path, segs: path === '' ? [] : path.split('.'), loc, at: loc };
}

/** tree.Path.String(): escaped dots become dots again. */
export function pathText(w: Walk): string {
  return w.path.split('\u{1F47B}').join('.');
}

export function fail(w: Walk, message: string, code?: string): never {
  throw new NormalizeError(message, code, w.segs, w.at ?? w.loc);
}

/** Rethrows a parser's NormalizeError placed at the walk's value. */
export function placeError(e: unknown, w: Walk, code?: string): never {
  if (e instanceof NormalizeError)
    throw e.location
      ? e
      : quoting(new NormalizeError(e.message, code ?? e.code, w.segs, w.loc ?? w.at, e.hint), quotedParts(e));
  throw e;
}

/** A new mapping whose fields, and itself, all come from the one value at `loc`. */
export function built(entries: Iterable<[string, Tree]>, loc: Location | undefined): TreeObject {
  const out: TreeObject = {};
  for (const [k, v] of entries) put(out, k, v, loc, loc);
  setSelfLoc(out, loc);
  return out;
}

/** Sets `obj[key]` with its locations (`__proto__` from user data stays an own key). */
export function put(
  obj: TreeObject,
  key: string,
  value: Tree,
  loc: Location | undefined,
  keyPos: Location | undefined = loc,
): void {
  // what place(obj, key, {value, loc, key: keyPos}) does, without the slot made for it (the
  // default network of 10,000 services: 3 MB of slots)
  setOwn(obj, key, value);
  if (!loc && !keyPos && !locsOf(obj)) return;
  ensureLocs(obj).set(key, loc, keyPos, true);
}

/** compose-go's `if _, ok := v[key]; !ok { v[key] = value }`, the default placed at `loc`. */
export function setDefault(obj: TreeObject, key: string, value: Tree, loc: Location | undefined): void {
  if (!Object.hasOwn(obj, key)) put(obj, key, value, loc);
}

/** A new sequence whose items, and itself, all come from the one value at `loc` (`x` -> `[x]`). */
export function listAt(items: Tree[], loc: Location | undefined): Tree[] {
  items.forEach((_, i) => setLoc(items, i, loc));
  setSelfLoc(items, loc);
  return items;
}

/** Replaces a sequence's items, keeping each item's location (`from` = source index per item). */
export function reindexed(items: Tree[], from: number[], source: Tree[]): Tree[] {
  items.forEach((_, i) => setLoc(items, i, valueLoc(source, from[i])));
  setSelfLoc(items, selfLoc(source));
  return items;
}
