/**
 * compose-go's tree.Path: a dotted path of keys, `*` matches any key at that level and `[]` stands
 * for the items of a sequence. Used as the pattern language of merge rules and interpolation casts.
 * Keys containing a dot are escaped so they stay one segment (compose-go tree/path.go).
 */
const ESCAPED_DOT = '\u{1F47B}';

export type TreePath = string;

export function nextPath(path: TreePath, part: string): TreePath {
  return path === '' ? part : `${path}.${part.split('.').join(ESCAPED_DOT)}`;
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

export function lastPart(path: TreePath): string {
  const i = path.lastIndexOf('.');
  return (i < 0 ? path : path.slice(i + 1)).split(ESCAPED_DOT).join('.');
}
