/**
 * The findings of one group, for grouping the findings of several environments (groups.ts, its
 * `merge` option): the findings of one rule, place and path are one finding, as mergeEnvironments
 * (src/report/findings.ts) makes them, and the group lists each one's environments in turn.
 */
import type { GroupableFinding } from './groups.js';

/** The environments a finding occurs in: its merged list, or its own environment. */
export const envsOf = (f: GroupableFinding): string[] =>
  f.environments ?? (f.environment !== undefined ? [f.environment] : []);

/** One finding as mergeEnvironments makes it (a rule, a place, a path) and the environments it occurs in. */
export interface Member {
  f: GroupableFinding;
  /** `f.path`, read once (a pending finding writes its path each time it is read) */
  path: string;
  environments: string[];
}

/** The findings of a group in the order they were met, and by path. */
export interface Members {
  list: Member[];
  byPath: Map<string, Member | Member[]>;
}

/** The same finding of another environment: rule (of the group), place and path (`a.path`, `b.path` as read). */
export const isSame = (a: GroupableFinding, aPath: string, b: GroupableFinding, bPath: string): boolean =>
  aPath === bPath && a.line === b.line && a.column === b.column && a.file === b.file;

/** The member that is `f` (its path `path`) of another environment. */
export function sameFinding(members: Members, f: GroupableFinding, path: string): Member | undefined {
  const there = members.byPath.get(path);
  if (there === undefined) return undefined;
  if (!Array.isArray(there)) return isSame(there.f, there.path, f, path) ? there : undefined;
  return there.find((m) => isSame(m.f, m.path, f, path));
}

export function newMembers(first: Member): Members {
  return { list: [first], byPath: new Map([[first.path, first]]) };
}

export function addMember(members: Members, m: Member): void {
  members.list.push(m);
  const there = members.byPath.get(m.path);
  if (there === undefined) members.byPath.set(m.path, m);
  else if (Array.isArray(there)) there.push(m);
  else members.byPath.set(m.path, [there, m]);
}

/** `f`'s environments added to `list` (each once). */
export function addEnvironments(list: string[], f: GroupableFinding): string[] {
  for (const e of envsOf(f)) if (!list.includes(e)) list.push(e);
  return list;
}

/** A group's environments: each finding's in turn, each environment once (mergeEnvironments' order). */
export function environmentsOfMembers(members: Members): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const m of members.list)
    for (const e of m.environments)
      if (!seen.has(e)) {
        seen.add(e);
        out.push(e);
      }
  return out;
}
