/**
 * Semantic diff of two environments' canonical models (default development -> production). One
 * walker, rules as data: a table from model path pattern to how that node compares (a keyed set, a
 * KEY=VALUE map, a unit-aware scalar); everything else compares structurally, lists in order.
 *
 * Path convention: object keys as `formatPath` writes them (`services.api.environment.DEBUG`,
 * `labels["com.example.x"]`); an element of a set-like list by its identity in unquoted brackets:
 * `ports[127.0.0.1:8080:80/tcp]`, `volumes[/app]`, `secrets[db_password]`, `cap_add[NET_ADMIN]`.
 * Indexes never appear, so adding one port does not shift every later one.
 */
import type { Location } from '../diagnostics.js';
import { goJsonText } from '../utf8.js';
import type { LoadedEnvironment } from '../load/bundle.js';
import { isObject, keyLoc, setOwn, selfLoc, setLoc, valueLoc, type Tree, type TreeObject } from '../yaml/located.js';
import { nextPath, type PathState } from '../yaml/treepath.js';
import { DIFF_RULES, deepEqual, ruleAt, scalarEqual, str, type DiffRule, type SetRule } from './rules.js';

export type DiffKind = 'added' | 'removed' | 'changed';
export type Section = 'services' | 'networks' | 'volumes' | 'secrets' | 'configs' | 'models';
export const SECTIONS: readonly Section[] = ['services', 'networks', 'volumes', 'secrets', 'configs', 'models'];

/**
 * On a service's `command` entry: the entrypoint each side runs it after. Under a symbol, out of
 * the answer's JSON: the masking reads a command of options with it (report/diff.ts `shown`).
 */
export const ENTRYPOINTS = Symbol('entrypoints');

/** On an entry, out of its JSON: its field's keys and set items' identities (`item`), read by the masking (report/diff.ts). */
export const SEGMENTS = Symbol('segments');
export type Segment = readonly [key: string, item: boolean];
const segmentsOf = (e: DiffEntry, s: readonly Segment[]): DiffEntry =>
  Object.defineProperty(e, SEGMENTS, { value: s, enumerable: false });

export interface DiffEntry {
  /** full model path in the convention above */
  path: string;
  section: Section;
  /** the service (network, volume…) name */
  name: string;
  /** path below the entity (`environment.DEBUG`, `volumes[/app]`); '' when the whole entity is on one side */
  field: string;
  /** added: only in `to`; removed: only in `from` */
  kind: DiffKind;
  from?: Tree;
  to?: Tree;
  fromLocation?: Location;
  toLocation?: Location;
  [ENTRYPOINTS]?: { from?: Tree; to?: Tree };
  [SEGMENTS]?: readonly Segment[];
}

export interface EnvironmentDiff {
  from: string;
  to: string;
  entries: DiffEntry[];
  /** false when a side has no model (load failed): that side was compared as empty */
  complete: boolean;
}

export interface DiffOptions {
  /** only these services (networks, volumes… are always compared) */
  services?: readonly string[];
}

// ---- paths ------------------------------------------------------------------------------------

const IDENT = /^[A-Za-z0-9_-]+$/;
export const childPath = (path: string, key: string): string =>
  IDENT.test(key) ? (path === '' ? key : `${path}.${key}`) : `${path}[${goJsonText(JSON.stringify(key))}]`;
export const elementPath = (path: string, key: string): string => `${path}[${key}]`;

/** A list item with its identity and location. */
interface Item {
  key: string;
  value: Tree;
  loc?: Location;
}

/** Items of a set-like list by identity; a repeated identity gets `#2`, `#3`… so nothing is lost. */
function keyed(list: Tree[], rule: SetRule, inherited: Location | undefined): Map<string, Item> {
  const out = new Map<string, Item>();
  list.forEach((raw, i) => {
    const loc = valueLoc(list, i) ?? selfLoc(raw) ?? inherited;
    for (const v of rule.norm ? rule.norm(raw) : [raw]) {
      let key = rule.set(v);
      for (let n = 2; out.has(key); n++) key = `${rule.set(v)}#${n}`;
      out.set(key, { key, value: v, loc });
    }
  });
  return out;
}

/** `KEY=VALUE` lists (short syntax) as maps; a bare `KEY` is null. Locations stay with the items. */
function asMap(v: Tree): Tree {
  if (!Array.isArray(v)) return v;
  const out: TreeObject = {};
  v.forEach((item, i) => {
    const s = str(item);
    const eq = s.indexOf('=');
    const k = eq < 0 ? s : s.slice(0, eq);
    setOwn(out, k, eq < 0 ? null : s.slice(eq + 1));
    setLoc(out, k, valueLoc(v, i));
  });
  return out;
}

// ---- the walker -------------------------------------------------------------------------------

type RuleState = PathState<DiffRule>;

interface Side {
  v: Tree | undefined;
  loc?: Location;
}

/** A side that has a value. */
interface Present extends Side {
  v: Tree;
}

const locAt = (parent: Tree | undefined, key: string, inherited: Location | undefined): Location | undefined =>
  valueLoc(parent, key) ?? keyLoc(parent, key) ?? inherited;

class Walker {
  readonly entries: DiffEntry[] = [];
  /** the segments of the field being compared (SEGMENTS) */
  private readonly trail: Segment[] = [];
  constructor(
    private section: Section,
    private name: string,
  ) {}

  private push(field: string, kind: DiffKind, a: Side, b: Side): void {
    const prefix = childPath(this.section, this.name);
    const e: DiffEntry = {
      path: field === '' ? prefix : field.startsWith('[') ? prefix + field : `${prefix}.${field}`,
      section: this.section,
      name: this.name,
      field,
      kind,
    };
    segmentsOf(e, this.trail.slice());
    if (a.v !== undefined) e.from = a.v;
    if (b.v !== undefined) e.to = b.v;
    if (a.v !== undefined && a.loc) e.fromLocation = a.loc;
    if (b.v !== undefined && b.loc) e.toLocation = b.loc;
    this.entries.push(e);
  }

  /**
   * `st`: the state of the node's pattern path (compose-go tree.Path, `[]` for list items) in the
   * rule table; `item`: whether that path ends in `[]` (a list item, or a key written so).
   */
  compare(a: Side, b: Side, field: string, st: RuleState, item: boolean): void {
    if (a.v === undefined) return b.v === undefined ? undefined : this.oneSided(b.v, b.loc, true, field, st, item);
    if (b.v === undefined) return this.oneSided(a.v, a.loc, false, field, st, item);
    const rule = st.rule;
    if (rule && 'set' in rule && (Array.isArray(a.v) || Array.isArray(b.v)))
      return this.sets({ v: a.v, loc: a.loc }, { v: b.v, loc: b.loc }, rule, field, st);
    const av = rule && 'map' in rule ? asMap(a.v) : a.v;
    const bv = rule && 'map' in rule ? asMap(b.v) : b.v;
    if (isObject(av) && isObject(bv)) {
      for (const k of Object.keys(av)) {
        this.trail.push([k, false]);
        this.compare(
          { v: av[k], loc: locAt(av, k, a.loc) },
          { v: Object.hasOwn(bv, k) ? bv[k] : undefined, loc: locAt(bv, k, b.loc) },
          childPath(field, k),
          st.step(k),
          k.endsWith('[]'),
        );
        this.trail.pop();
      }
      for (const k of Object.keys(bv)) {
        if (Object.hasOwn(av, k)) continue;
        this.trail.push([k, false]);
        this.compare(
          { v: undefined },
          { v: bv[k], loc: locAt(bv, k, b.loc) },
          childPath(field, k),
          st.step(k),
          k.endsWith('[]'),
        );
        this.trail.pop();
      }
      return;
    }
    const same = rule && 'eq' in rule ? scalarEqual(av, bv) || rule.eq(av, bv) : deepEqual(av, bv);
    if (!same) this.push(field, 'changed', a, b);
  }

  private sets(a: Present, b: Present, rule: SetRule, field: string, st: RuleState): void {
    const ia = keyed(Array.isArray(a.v) ? a.v : [a.v], rule, a.loc);
    const ib = keyed(Array.isArray(b.v) ? b.v : [b.v], rule, b.loc);
    const item = st.step('[]');
    for (const [k, x] of ia) {
      const y = ib.get(k);
      this.trail.push([k, true]);
      this.compare(
        { v: x.value, loc: x.loc },
        y ? { v: y.value, loc: y.loc } : { v: undefined },
        elementPath(field, k),
        item,
        true,
      );
      this.trail.pop();
    }
    for (const [k, y] of ib) {
      if (ia.has(k)) continue;
      this.trail.push([k, true]);
      this.compare({ v: undefined }, { v: y.value, loc: y.loc }, elementPath(field, k), item, true);
      this.trail.pop();
    }
  }

  /** A value on one side only: objects and sets report each leaf (or item), so each has its own location. */
  private oneSided(
    value: Tree,
    loc: Location | undefined,
    added: boolean,
    field: string,
    st: RuleState,
    item: boolean,
  ): void {
    const none: Side = { v: undefined };
    const rule = st.rule;
    const v = rule && 'map' in rule ? asMap(value) : value;
    if (rule && 'set' in rule && Array.isArray(v) && v.length > 0) {
      for (const [k, x] of keyed(v, rule, loc)) {
        this.trail.push([k, true]);
        this.oneSided(x.value, x.loc, added, elementPath(field, k), st.step('[]'), true);
        this.trail.pop();
      }
      return;
    }
    // a list item is one thing (one port, one mount): reported whole
    if (isObject(v) && Object.keys(v).length > 0 && !item) {
      for (const k of Object.keys(v)) {
        this.trail.push([k, false]);
        this.oneSided(v[k], locAt(v, k, loc), added, childPath(field, k), st.step(k), k.endsWith('[]'));
        this.trail.pop();
      }
      return;
    }
    if (added) this.push(field, 'added', none, { v, loc });
    else this.push(field, 'removed', { v, loc }, none);
  }
}

/**
 * Whether `a` and `b` are one value written alike (scalars ===, keys in one order, lists item by
 * item), where the walk finds no difference: each of its comparisons is then of equal values, which
 * every rule's equality holds equal, except a rule's `eq` given a list (`cpus: [1]` has no number:
 * never equal, a `changed` entry both sides alike), which is left to the walk. Walked without
 * recursion: no depth of nesting overflows the stack.
 */
function identical(a: Tree, b: Tree, st: RuleState): boolean {
  const stack: [Tree, Tree, RuleState][] = [[a, b, st]];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [x, y, s] = top;
    if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) {
      if (x === y) continue;
      return false;
    }
    if (Array.isArray(x)) {
      if (!Array.isArray(y) || x.length !== y.length || (s.rule && 'eq' in s.rule)) return false;
      const item = s.step('[]');
      for (let i = 0; i < x.length; i++) stack.push([x[i], y[i], item]);
      continue;
    }
    if (Array.isArray(y)) return false;
    const kx = Object.keys(x);
    const ky = Object.keys(y);
    if (kx.length !== ky.length) return false;
    for (let i = 0; i < kx.length; i++) {
      if (kx[i] !== ky[i]) return false;
      stack.push([x[kx[i]], y[ky[i]], s.step(kx[i])]);
    }
  }
  return true;
}

// ---- entry points -----------------------------------------------------------------------------

/** Diff of two canonical models (short syntax of ports, volumes and KEY=VALUE lists is read too). */
export function diffModels(from: TreeObject, to: TreeObject, options: DiffOptions = {}): DiffEntry[] {
  const entries: DiffEntry[] = [];
  for (const section of SECTIONS) {
    const a = isObject(from[section]) ? from[section] : {};
    const b = isObject(to[section]) ? to[section] : {};
    const names = [...Object.keys(a), ...Object.keys(b).filter((n) => !Object.hasOwn(a, n))];
    for (const name of names) {
      if (section === 'services' && options.services && !options.services.includes(name)) continue;
      const w = new Walker(section, name);
      const sa: Side = { v: Object.hasOwn(a, name) ? a[name] : undefined, loc: locAt(a, name, undefined) };
      const sb: Side = { v: Object.hasOwn(b, name) ? b[name] : undefined, loc: locAt(b, name, undefined) };
      // an entity on one side only is one entry, not one per setting
      if (sa.v === undefined || sb.v === undefined) {
        const prefix = childPath(section, name);
        const kind = sa.v === undefined ? 'added' : 'removed';
        const e: DiffEntry = segmentsOf({ path: prefix, section, name, field: '', kind }, []);
        if (sa.v !== undefined) Object.assign(e, { from: sa.v }, sa.loc && { fromLocation: sa.loc });
        if (sb.v !== undefined) Object.assign(e, { to: sb.v }, sb.loc && { toLocation: sb.loc });
        entries.push(e);
        continue;
      }
      const st = DIFF_RULES.step(section).step('*'); // entity names as `*`
      // most entities of two environments of one project are the same: nothing to walk
      if (identical(sa.v, sb.v, st)) continue;
      w.compare(sa, sb, '', st, false);
      if (section === 'services' && isObject(sa.v) && isObject(sb.v))
        for (const e of w.entries)
          if (e.field === 'command') e[ENTRYPOINTS] = { from: sa.v.entrypoint, to: sb.v.entrypoint };
      entries.push(...w.entries);
    }
  }
  return entries;
}

export function diffEnvironments(
  from: LoadedEnvironment,
  to: LoadedEnvironment,
  options: DiffOptions = {},
): EnvironmentDiff {
  return {
    from: from.environment_name,
    to: to.environment_name,
    entries: diffModels(from.model ?? {}, to.model ?? {}, options),
    complete: from.model !== undefined && to.model !== undefined,
  };
}

/** The default pair: the development environment (by role, else by name) and the production one. */
export function defaultPair(
  environments: Record<string, LoadedEnvironment>,
): [LoadedEnvironment, LoadedEnvironment] | undefined {
  const all = Object.values(environments);
  const pick = (role: 'development' | 'production') => environments[role] ?? all.find((e) => e.role === role);
  const dev = pick('development');
  const prod = pick('production');
  return dev && prod ? [dev, prod] : undefined;
}

// ---- identity across models (for drift) --------------------------------------------------------

export interface Counterpart {
  /** the diff-convention path of the node */
  path: string;
  /** the node at the path in the first model */
  own?: Tree;
  /** the node with the same identity in the other model, if any */
  value?: Tree;
  location?: Location;
}

/**
 * The diff path of `segments` (a path into `model`, with list indexes) and the node with the same
 * identity in `other`: `['services','api','ports',1]` finds the port with the same host/published/
 * target/protocol there, wherever it sits in the list.
 */
export function counterpart(model: TreeObject, segments: readonly (string | number)[], other: TreeObject): Counterpart {
  let node: Tree | undefined = model;
  let there: Tree | undefined = other;
  let loc: Location | undefined;
  let path = '';
  let tp = '';
  for (const seg of segments) {
    if (typeof seg === 'number' && Array.isArray(node)) {
      const rule = ruleAt(tp);
      const item: Tree = node[seg];
      tp = nextPath(tp, '[]');
      if (rule && 'set' in rule) {
        const key = rule.set(rule.norm ? rule.norm(item)[0] : item);
        path = elementPath(path, key);
        const match: Item | undefined = Array.isArray(there) ? keyed(there, rule, loc).get(key) : undefined;
        there = match?.value;
        loc = match?.loc;
      } else {
        path = elementPath(path, String(seg));
        loc = Array.isArray(there) ? (valueLoc(there, seg) ?? loc) : undefined;
        there = Array.isArray(there) ? there[seg] : undefined;
      }
      node = item;
      continue;
    }
    const k = String(seg);
    path = childPath(path, k);
    tp = nextPath(tp, tp !== '' && !tp.includes('.') ? '*' : k); // entity names as `*`, as in the walk
    node = isObject(node) ? node[k] : undefined;
    const parent: Tree | undefined = there;
    there = isObject(parent) && Object.hasOwn(parent, k) ? parent[k] : undefined;
    loc = there === undefined ? undefined : locAt(parent, k, loc);
  }
  const out: Counterpart = { path };
  if (node !== undefined) out.own = node;
  if (there !== undefined) out.value = there;
  if (there !== undefined && loc) out.location = loc;
  return out;
}
