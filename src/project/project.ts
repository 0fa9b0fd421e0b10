/**
 * A loaded project as compose-go's types.Project holds it, and the pieces every project operation
 * shares: the error they fail with, copies that keep provenance, service names matched like
 * compose-go matches them.
 */
import { compareGo } from '../compat/go.js';
import { copyLoc, copySelfLoc, isObject, setOwn, type Tree, type TreeObject } from '../yaml/located.js';

/**
 * The project the operations of this folder take and give: the canonical model (`loadProject`'s
 * `model`: its services are the enabled ones), the services the active profiles leave out
 * (compose-go's Project.DisabledServices) and the active profiles. A LoadedProject that has a model
 * is one.
 */
export interface Project {
  model: TreeObject;
  /** the services no active profile enables, by name */
  disabled?: TreeObject;
  /** the active profiles */
  profiles?: string[];
}

/** What an operation gives back: a new project; the parts it did not change are shared with its input. */
export interface ProjectResult {
  model: TreeObject;
  disabled: TreeObject;
  profiles: string[];
}

/**
 * A project operation that cannot be done, with compose-go's message (`no such service: web`,
 * `dependency cycle detected: a -> b -> a`) and the service it is about.
 */
export class ProjectError extends Error {
  constructor(
    readonly code: 'no-such-service' | 'undefined-dependency' | 'disabled-dependency' | 'dependency-cycle',
    message: string,
    readonly service: string,
  ) {
    super(message);
  }
}

export type Services = Record<string, TreeObject>;

/** The enabled services of a model, by name (entries that are not mappings are not services). */
export function servicesOf(model: TreeObject): Services {
  const out: Services = {};
  const services = model.services;
  if (isObject(services)) for (const k of Object.keys(services)) if (isObject(services[k])) out[k] = services[k];
  return out;
}

/** The names of an object in Go's string order (compose-go sorts where its output must be stable). */
export function sortedKeys(o: object | undefined): string[] {
  return o ? Object.keys(o).sort(compareGo) : [];
}

/** A shallow copy of an object with the keys `keep` accepts, each with its provenance. */
export function pick(from: TreeObject, keep: (key: string) => boolean = () => true): TreeObject {
  const out: TreeObject = {};
  copySelfLoc(from, out);
  for (const k of Object.keys(from))
    if (keep(k)) {
      setOwn(out, k, from[k]);
      copyLoc(from, k, out);
    }
  return out;
}

/** `obj[key] = value` with the provenance of `loc[locKey]` (where the value came from). */
export function put(obj: TreeObject, key: string, value: Tree, loc?: TreeObject, locKey = key): void {
  setOwn(obj, key, value);
  if (loc) copyLoc(loc, locKey, obj, key);
}

/** The names listed under a service's `depends_on`, and whether each is `required` (default true). */
export function dependsOn(service: TreeObject): Map<string, boolean> {
  const out = new Map<string, boolean>();
  const deps = service.depends_on;
  if (isObject(deps))
    for (const d of Object.keys(deps)) {
      const entry = deps[d];
      out.set(d, !(isObject(entry) && entry.required === false));
    }
  else if (Array.isArray(deps)) for (const d of deps) if (typeof d === 'string') out.set(d, true);
  return out;
}

/** The string items of a list (profiles, capabilities). */
export function strings(v: Tree | undefined): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * Go's filepath.Match, which compose-go uses to select services (`docker compose up 'web-*'`):
 * `*` any run of characters but `/`, `?` one such character, `[a-z]` / `[^a-z]` a class, `\`
 * escapes. A malformed pattern matches nothing (compose-go ignores Match's ErrBadPattern). Written
 * here because glob libraries add syntax of their own (braces, `**`, extglobs) that Go does not have;
 * it walks the name with the last `*` to retry from, in O(pattern × name).
 */
export function matchName(pattern: string, name: string): boolean {
  const p = [...pattern];
  const s = [...name];
  if (!wellFormed(p)) return false;
  let i = 0;
  let j = 0;
  let star = -1;
  let retry = 0;
  while (j < s.length) {
    if (i < p.length && p[i] === '*') {
      star = i++;
      retry = j;
      continue;
    }
    const step = i < p.length ? matchOne(p, i, s[j]) : -1;
    if (step > 0) {
      i += step;
      j++;
      continue;
    }
    // a `*` matches the character the rest of the pattern could not, unless it is the separator
    if (star < 0 || s[retry] === '/') return false;
    i = star + 1;
    j = ++retry;
  }
  while (i < p.length && p[i] === '*') i++;
  return i === p.length;
}

/** How many pattern characters match `c` at `i` (0: no match). */
function matchOne(p: string[], i: number, c: string): number {
  if (p[i] === '?') return c === '/' ? 0 : 1;
  if (p[i] === '\\') return p[i + 1] === c ? 2 : 0;
  if (p[i] !== '[') return p[i] === c ? 1 : 0;
  let k = i + 1;
  const negated = p[k] === '^';
  if (negated) k++;
  let matched = false;
  for (let n = 0; ; n++) {
    if (p[k] === ']' && n > 0) break;
    let lo = p[k];
    if (lo === '\\') lo = p[++k];
    k++;
    let hi = lo;
    if (p[k] === '-') {
      hi = p[++k];
      if (hi === '\\') hi = p[++k];
      k++;
    }
    const code = (x: string): number => x.codePointAt(0) ?? -1;
    if (code(lo) <= code(c) && code(c) <= code(hi)) matched = true;
  }
  return matched !== negated ? k + 1 - i : 0;
}

/** Go reports ErrBadPattern for an unterminated class, an empty class, a range or escape cut short. */
function wellFormed(p: string[]): boolean {
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '\\') {
      if (++i >= p.length) return false;
    } else if (p[i] === '[') {
      let k = i + 1;
      if (p[k] === '^') k++;
      for (let n = 0; ; n++) {
        if (p[k] === ']' && n > 0) break;
        const one = (): boolean => {
          if (k >= p.length || p[k] === '-' || p[k] === ']') return false;
          if (p[k] === '\\' && ++k >= p.length) return false;
          return ++k < p.length;
        };
        if (!one()) return false;
        if (p[k] === '-') {
          k++;
          if (!one()) return false;
        }
      }
      i = k;
    }
  }
  return true;
}
