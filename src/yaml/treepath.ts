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

export function pathMatches(path: TreePath, pattern: TreePath): boolean {
  const parts = path.split('.');
  const patternParts = pattern.split('.');
  if (parts.length !== patternParts.length) return false;
  for (let i = 0; i < parts.length; i++) {
    const p = patternParts[i];
    if (p !== '*' && p !== parts[i]) return false;
  }
  return true;
}

export function lastPart(path: TreePath): string {
  const i = path.lastIndexOf('.');
  return (i < 0 ? path : path.slice(i + 1)).split(ESCAPED_DOT).join('.');
}
