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
  environments: string[];
}

/** The findings of a group in the order they were met, and by path. */
export interface Members {
  list: Member[];
  byPath: Map<string, Member | Member[]>;
}

/** The same finding of another environment: rule (of the group), place and path. */
export const isSame = (a: GroupableFinding, b: GroupableFinding): boolean =>
  a.path === b.path && a.line === b.line && a.column === b.column && a.file === b.file;

export function sameFinding(members: Members, f: GroupableFinding): Member | undefined {
  const there = members.byPath.get(f.path);
  if (there === undefined) return undefined;
  if (!Array.isArray(there)) return isSame(there.f, f) ? there : undefined;
  return there.find((m) => isSame(m.f, f));
}

export function newMembers(first: Member): Members {
  return { list: [first], byPath: new Map([[first.f.path, first]]) };
}

export function addMember(members: Members, m: Member): void {
  members.list.push(m);
  const there = members.byPath.get(m.f.path);
  if (there === undefined) members.byPath.set(m.f.path, m);
  else if (Array.isArray(there)) there.push(m);
  else members.byPath.set(m.f.path, [there, m]);
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
