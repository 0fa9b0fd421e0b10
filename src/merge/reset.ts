/**
 * `!reset` / `!override` (compose-go loader/reset.go, ResetProcessor.Apply): before a file is merged,
 * whatever its tagged paths designate is removed from the model merged so far, so the file's value
 * (nothing for `!reset`, the tagged value for `!override`) ends up alone.
 */
import type { Tree, TreeObject } from '../yaml/located.js';
import { cloneTree, isObject } from '../yaml/located.js';
import { nextPath, pathTable, type PathState, type TreePath } from '../yaml/treepath.js';
import type { TagMark } from '../yaml/parse.js';
import { remove } from './slots.js';

type Patterns = PathState<true>;

/** The marks of one file, compiled once (a file's marks apply to every service that extends one of it). */
const compiled = new WeakMap<readonly TagMark[], Patterns>();

function patternsOf(marks: readonly TagMark[]): Patterns {
  let p = compiled.get(marks);
  if (!p) {
    // Marks become compose-go tree paths, so a key "*" in a tagged path matches any key, as in Go.
    p = pathTable(
      marks.map((m): [TreePath, true] => [m.path.reduce<TreePath>((q, seg) => nextPath(q, String(seg)), ''), true]),
    );
    compiled.set(marks, p);
  }
  return p;
}

/** Returns a copy of `base` without the entries that the marks of the next file designate. */
export function applyResets(base: TreeObject, marks: readonly TagMark[], opts: { mutate?: boolean } = {}): TreeObject {
  if (marks.length === 0) return base;
  const out = opts.mutate ? base : cloneTree(base);
  prune(out, patternsOf(marks));
  return out;
}

/** One step down the patterns, for a key as compose-go's tree.Path writes it (dots escaped). */
const step = (state: Patterns, key: string): Patterns => state.step(nextPath('', key));

/**
 * compose-go checks every node against every tagged path; the patterns as a trie (PathState) say
 * the same at each node in one step, and which subtrees no pattern reaches (they are skipped).
 */
function prune(node: Tree, state: Patterns): void {
  if (isObject(node)) {
    for (const k of Object.keys(node)) {
      const next = step(state, k);
      if (next.rule) remove(node, k);
      else if (next.live) prune(node[k], next);
    }
  } else if (Array.isArray(node)) {
    // Go names items `[i]` here but `i` in the tagged paths, so sequence items are never removed
    // (reset.go: "TODO support removal from sequence"); a matching item is just not descended into.
    node.forEach((item, i) => {
      const next = step(state, `[${i}]`);
      if (!next.rule && next.live) prune(item, next);
    });
  }
}
