/**
 * compose-go's tree.Path: a dotted path of keys, `*` matches any key at that level and `[]` stands
 * for the items of a sequence. Used as the pattern language of merge rules and interpolation casts.
 * Keys containing a dot are escaped so they stay one segment (compose-go tree/path.go).
 */
import { requestMemo } from '../memo.js';

const ESCAPED_DOT = '\u{1F47B}';

export type TreePath = string;

export function nextPath(path: TreePath, part: string): TreePath {
  const p = part.includes('.') ? part.split('.').join(ESCAPED_DOT) : part;
  return path === '' ? p : `${path}.${p}`;
}

const patternParts = new Map<string, string[]>();

/** Hot (every node of every stage asks it): patterns are split once, paths are never split. */
export function pathMatches(path: TreePath, pattern: TreePath): boolean {
  let parts = patternParts.get(pattern);
  if (!parts) {
    parts = pattern.split('.');
    patternParts.set(pattern, parts);
  }
  let start = 0;
  const last = parts.length - 1;
  for (let i = 0; i <= last; i++) {
    let end = path.indexOf('.', start);
    if (end < 0) {
      if (i !== last) return false;
      end = path.length;
    } else if (i === last) return false;
    const p = parts[i];
    if (p !== '*' && (p.length !== end - start || !path.startsWith(p, start))) return false;
    start = end + 1;
  }
  return true;
}

interface TrieNode<R> {
  exact: Map<string, TrieNode<R>>;
  any?: TrieNode<R>;
  /** index in the rule list and the rule, for patterns that end here */
  rule?: [number, R];
}

/**
 * Compiles path patterns into a lookup: the first rule (in list order) whose pattern matches the
 * path, like scanning the list with pathMatches, but one walk down a trie whatever the number of
 * patterns. For lookups by path string (merge rules, config key order, diff rules); walkers that
 * descend a whole model carry a PathState instead (pathTable below).
 */
export function ruleTable<R>(rules: readonly (readonly [TreePath, R])[]): (path: TreePath) => R | undefined {
  const root = buildTrie(rules);
  const find = (node: TrieNode<R>, path: string, start: number): [number, R] | undefined => {
    if (start > path.length) return node.rule;
    let end = path.indexOf('.', start);
    if (end < 0) end = path.length;
    const exact = node.exact.size ? node.exact.get(path.slice(start, end)) : undefined;
    const a = exact ? find(exact, path, end + 1) : undefined;
    const b = node.any ? find(node.any, path, end + 1) : undefined;
    return a && b ? (a[0] <= b[0] ? a : b) : (a ?? b);
  };
  // paths repeat (every environment and stage of a request walks `services.<name>.<key>`): remember
  // answers, in a bounded map so that hostile input cannot grow it without end, for one request (src/memo.ts)
  const memo = requestMemo<string, R | undefined>();
  return (path) => {
    let r = memo.get(path);
    if (r === undefined && !memo.has(path)) {
      r = (path === '' ? root.rule : find(root, path, 0))?.[1];
      if (memo.size >= 20_000) memo.clear();
      memo.set(path, r);
    }
    return r;
  };
}

/**
 * The same tables as a state machine for walkers: a walker carries the state of the node it is at
 * and asks `step(key)` for a child's (`'[]'` for sequence items), so no path string is built or
 * hashed per node. A state is the set of trie nodes its path reaches; its transitions are
 * remembered for the keys the patterns name, and every other key (a service name, say) shares one
 * transition, so a model with many distinct names adds no states.
 */
export class PathState<R> {
  /** the first rule (in list order) whose pattern is this path */
  readonly rule: R | undefined;
  /** whether some pattern is this path or lies below it: false lets a walker skip the subtree */
  readonly live: boolean;
  /**
   * The only keys whose state can be live, when every other key's is dead (no pattern has a `*`
   * here): a walker skips the rest with one look-up instead of a step each (undefined: any key may lead on)
   */
  readonly only: ReadonlySet<string> | undefined;
  private readonly named = new Map<string, PathState<R>>();
  private other: PathState<R> | undefined;

  constructor(private readonly nodes: readonly TrieNode<R>[]) {
    let best: [number, R] | undefined;
    for (const n of nodes) if (n.rule && (!best || n.rule[0] < best[0])) best = n.rule;
    this.rule = best?.[1];
    this.live = nodes.length > 0;
    this.only = nodes.some((n) => n.any) ? undefined : new Set(nodes.flatMap((n) => [...n.exact.keys()]));
  }

  step(key: string): PathState<R> {
    if (!this.live) return this;
    const known = this.named.get(key);
    if (known) return known;
    if (this.names(key)) {
      const next = new PathState(
        this.nodes.flatMap((n) => [n.exact.get(key), n.any].filter((x): x is TrieNode<R> => x !== undefined)),
      );
      this.named.set(key, next);
      return next;
    }
    return (this.other ??= new PathState(this.nodes.flatMap((n) => (n.any ? [n.any] : []))));
  }

  /** Whether a pattern names `key` here (a loop: `some` with a closure made one per key asked, a service name say) */
  private names(key: string): boolean {
    for (const n of this.nodes) if (n.exact.has(key)) return true;
    return false;
  }
}

/** The start state (the empty path) of a rule table; see PathState. */
export function pathTable<R>(rules: readonly (readonly [TreePath, R])[]): PathState<R> {
  return new PathState([buildTrie(rules)]);
}

/** The patterns as a trie: one node per part (`*` under `any`), the empty pattern at the root. */
function buildTrie<R>(rules: readonly (readonly [TreePath, R])[]): TrieNode<R> {
  const root: TrieNode<R> = { exact: new Map() };
  rules.forEach(([pattern, rule], index) => {
    let node = root;
    for (const part of pattern === '' ? [] : pattern.split('.')) {
      if (part === '*') node = node.any ??= { exact: new Map() };
      else {
        let next = node.exact.get(part);
        if (!next) node.exact.set(part, (next = { exact: new Map() }));
        node = next;
      }
    }
    node.rule ??= [index, rule];
  });
  return root;
}

/** The compose-go path (`services.web.ports.[]`) of model segments (sequence indexes as numbers). */
export function treePathOf(segs: readonly (string | number)[]): string {
  return segs.map((s) => (typeof s === 'number' ? '[]' : s)).join('.');
}
