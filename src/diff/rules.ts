/**
 * How the diff compares each node of the canonical model: a table from model path pattern to a rule
 * (a keyed set, a KEY=VALUE map, a unit-aware scalar), compose-go's identities for set-like lists
 * (ports, volumes, devices, secrets...); everything else compares structurally.
 */
import { isObject, type Tree, type TreeObject } from '../yaml/located.js';
import { pathTable, type PathState, type TreePath } from '../yaml/treepath.js';
import { ruleTable } from '../merge/slots.js';
import { requestMemo } from '../memo.js';
import { parseDuration, toUnitBytes } from '../normalize/units.js';
import { parsePortConfig, type PortConfig } from '../syntax/ports.js';
import { cleanPath } from '../syntax/volumes.js';
import { parseVolume, volumeTree } from '../normalize/volumes.js';

/** A list Compose treats as a set: `key` is an item's identity; `norm` reads a short-syntax item. */
export interface SetRule {
  set: (item: Tree) => string;
  norm?: (item: Tree) => Tree[];
}
type Rule = SetRule | { map: true } | { eq: (a: Tree, b: Tree) => boolean };
export type DiffRule = Rule;

export const str = (v: Tree | undefined): string =>
  v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);

const value: SetRule = { set: str };

/** A port read from the short syntax, as a tree: its keys in the order parsePortConfig sets them. */
function portTree(c: PortConfig): TreeObject {
  const t: TreeObject = { mode: c.mode, protocol: c.protocol };
  if (c.host_ip !== undefined) t.host_ip = c.host_ip;
  if (c.target !== undefined) t.target = c.target;
  if (c.published !== undefined) t.published = c.published;
  return t;
}

// compose-go's port unicity key; an absent host_ip is every interface
const port: SetRule = {
  set: (p) => {
    if (!isObject(p)) return str(p);
    const ip = str(p.host_ip);
    const host = ip === '' || ip === '0.0.0.0' ? '' : `${ip}:`;
    const published = str(p.published);
    return `${host}${published === '' ? '' : `${published}:`}${str(p.target)}/${str(p.protocol ?? 'tcp').toLowerCase()}`;
  },
  norm: (p) => {
    if (typeof p === 'string' || typeof p === 'number') return parsePortConfig(String(p)).map(portTree);
    if (
      !isObject(p) ||
      (p.mode !== undefined &&
        p.protocol !== undefined &&
        typeof p.published !== 'number' &&
        typeof p.target !== 'string')
    )
      return [p];
    // long form as `docker compose config` prints it: mode/protocol defaulted, published a string
    const out: TreeObject = { mode: 'ingress', protocol: 'tcp', ...p };
    if (typeof p.published === 'number') out.published = String(p.published);
    if (typeof p.target === 'string' && /^\d+$/.test(p.target)) out.target = Number(p.target);
    return [out];
  },
};

const mountNorm = (v: Tree): Tree[] => {
  if (typeof v !== 'string') return [v];
  try {
    return [volumeTree(parseVolume(v), undefined)];
  } catch {
    return [v];
  }
};
const volume: SetRule = {
  set: (v) => (isObject(v) && typeof v.target === 'string' ? cleanPath(v.target) : str(v)),
  norm: mountNorm,
};
const device: SetRule = { set: (v) => (isObject(v) ? str(v.target ?? v.source) : (str(v).split(':')[1] ?? str(v))) };

/** secrets/configs by target, a default target (`/run/secrets/<source>`) spelled as the source */
function mountedFile(defaultDir: string): SetRule {
  return {
    set: (v) => {
      if (!isObject(v)) return str(v);
      const source = str(v.source);
      const target = str(v.target);
      return target === '' || target === `${defaultDir}${source}` ? source : target;
    },
  };
}

const bytes = (a: Tree, b: Tree): boolean => {
  try {
    const x = toUnitBytes(a);
    return x !== undefined && x === toUnitBytes(b);
  } catch {
    return false;
  }
};
const duration = (a: Tree, b: Tree): boolean => {
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  try {
    return parseDuration(a, { days: true }) === parseDuration(b, { days: true });
  } catch {
    return false;
  }
};
const numeric = (a: Tree, b: Tree): boolean => str(a).trim() !== '' && Number(str(a)) === Number(str(b));

const MAP = { map: true } as const;
const BYTES = { eq: bytes };
const DURATION = { eq: duration };
const NUMBER = { eq: numeric };
const svc = (paths: string[], rule: Rule): [TreePath, Rule][] => paths.map((p) => [`services.*.${p}`, rule]);

const RULES: readonly [TreePath, Rule][] = [
  ['services.*.ports', port],
  ['services.*.volumes', volume],
  ['services.*.secrets', mountedFile('/run/secrets/')],
  ['services.*.configs', mountedFile('/')],
  ['services.*.devices', device],
  ...svc(
    [
      'expose',
      'dns',
      'dns_search',
      'dns_opt',
      'cap_add',
      'cap_drop',
      'security_opt',
      'profiles',
      'links',
      'external_links',
      'extra_hosts',
      'tmpfs',
      'group_add',
      'volumes_from',
    ],
    value,
  ),
  ...svc(
    [
      'networks.*.aliases',
      'networks.*.link_local_ips',
      'build.tags',
      'build.platforms',
      'deploy.placement.constraints',
    ],
    value,
  ),
  ...svc(['environment', 'labels', 'annotations', 'sysctls', 'build.args', 'build.labels', 'deploy.labels'], MAP),
  ['*.*.labels', MAP],
  ...svc(
    [
      'mem_limit',
      'memswap_limit',
      'mem_reservation',
      'shm_size',
      'build.shm_size',
      'deploy.resources.limits.memory',
      'deploy.resources.reservations.memory',
      'volumes.[].tmpfs.size',
    ],
    BYTES,
  ),
  ...svc(
    ['stop_grace_period', ...['interval', 'timeout', 'start_period', 'start_interval'].map((k) => `healthcheck.${k}`)],
    DURATION,
  ),
  ...svc(
    [
      'deploy.update_config.delay',
      'deploy.update_config.monitor',
      'deploy.rollback_config.delay',
      'deploy.rollback_config.monitor',
      'deploy.restart_policy.delay',
      'deploy.restart_policy.window',
    ],
    DURATION,
  ),
  ...svc(['cpus', 'deploy.resources.limits.cpus', 'deploy.resources.reservations.cpus'], NUMBER),
];
const ruleTableAt = ruleTable<Rule>(RULES);

/**
 * The table as a state machine (treepath.ts PathState), for the diff's walk: each node's state is
 * its parent's stepped by its key, no pattern path built or looked up per node of both models.
 */
export const DIFF_RULES: PathState<DiffRule> = pathTable<Rule>(RULES);

// The walk keys pattern paths by `<section>.*`, so one lookup serves every service.
// No rule is kept as null, so that one look-up answers (most paths have none: `has` then `get` hashed
// each path twice, and the diff asks for every node of both models)
const ruleCache = requestMemo<TreePath, Rule | null>(); // one request's (src/memo.ts)
export function ruleAt(tp: TreePath): Rule | undefined {
  const known = ruleCache.get(tp);
  if (known !== undefined) return known ?? undefined;
  const r = ruleTableAt(tp);
  if (ruleCache.size < 10_000) ruleCache.set(tp, r ?? null);
  return r;
}

/** Scalars of the model print as Go strings (`8080` and "8080", `true` and "true" are one value); null stays apart. */
export function scalarEqual(a: Tree, b: Tree): boolean {
  return (
    a === b || (a !== null && b !== null && typeof a !== 'object' && typeof b !== 'object' && String(a) === String(b))
  );
}

/** Structural equality, scalars compared as Compose prints them. */
export function deepEqual(a: Tree, b: Tree): boolean {
  if (scalarEqual(a, b)) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (!isObject(a) || !isObject(b)) return false;
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
}
