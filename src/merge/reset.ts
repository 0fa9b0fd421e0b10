/**
 * `!reset` / `!override` (compose-go loader/reset.go, ResetProcessor.Apply): before a file is merged,
 * whatever its tagged paths designate is removed from the model merged so far, so the file's value
 * (nothing for `!reset`, the tagged value for `!override`) ends up alone.
 */
import type { Tree, TreeObject } from '../yaml/located.js';
import { cloneTree, isObject } from '../yaml/located.js';
import { nextPath, pathMatches } from '../yaml/treepath.js';
import type { TreePath } from '../yaml/treepath.js';
import type { TagMark } from '../yaml/parse.js';
import { remove } from './slots.js';

/** Returns a copy of `base` without the entries that the marks of the next file designate. */
export function applyResets(base: TreeObject, marks: readonly TagMark[], opts: { mutate?: boolean } = {}): TreeObject {
  if (marks.length === 0) return base;
  // Marks become compose-go tree paths, so a key "*" in a tagged path matches any key, as in Go.
  const patterns = marks.map((m) => m.path.reduce<TreePath>((p, seg) => nextPath(p, String(seg)), ''));
  const out = opts.mutate ? base : cloneTree(base);
  prune(out, '', patterns);
  return out;
}

function prune(node: Tree, path: TreePath, patterns: readonly TreePath[]): void {
  if (isObject(node)) {
    for (const k of Object.keys(node)) {
      const next = nextPath(path, k);
      if (patterns.some((p) => pathMatches(next, p))) remove(node, k);
      else prune(node[k], next, patterns);
    }
  } else if (Array.isArray(node)) {
    // Go names items `[i]` here but `i` in the tagged paths, so sequence items are never removed
    // (reset.go: "TODO support removal from sequence"); a matching item is just not descended into.
    node.forEach((item, i) => {
      const next = nextPath(path, `[${i}]`);
      if (!patterns.some((p) => pathMatches(next, p))) prune(item, next, patterns);
    });
  }
}
