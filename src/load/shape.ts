/**
 * The last step of loading: the shapes compose-go's Go types give when `docker compose config`
 * marshals them. Mapping-like lists become maps (`- KEY=VALUE` -> `KEY: VALUE`; a bare `- KEY`
 * in `environment`/`build.args` takes its value from the environment, else stays null). Every
 * entry keeps the location of the list item it came from.
 */
import { isObject, valueLoc, setLoc, copyLoc, type Tree, type TreeObject } from '../yaml/located.js';
import { shellSplit, parseGoDuration, goDurationString, ramInBytes } from './gotypes.js';

type Lookup = (name: string) => string | undefined;

/** `bare`: what a `KEY` item without `=` becomes. */
function listToMap(v: Tree, bare: (k: string) => Tree): Tree {
  if (!Array.isArray(v)) {
    if (!isObject(v)) return v;
    for (const k of Object.keys(v)) if (v[k] === null) v[k] = bare(k);
    return v;
  }
  const out: TreeObject = {};
  v.forEach((item, i) => {
    if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean') return;
    const s = String(item);
    const eq = s.indexOf('=');
    const k = eq < 0 ? s : s.slice(0, eq);
    out[k] = eq < 0 ? bare(k) : s.slice(eq + 1);
    setLoc(out, k, valueLoc(v, i));
  });
  return out;
}

function convert(parent: TreeObject, key: string, bare: (k: string) => Tree): void {
  if (!Object.hasOwn(parent, key)) return;
  const before = parent[key];
  parent[key] = listToMap(before, bare);
  if (parent[key] !== before) copyLoc(parent, key, parent, key);
}

/** Rewrites parent[key] with f when present, keeping its location. */
function rewrite(parent: Tree | undefined, key: string, f: (v: Tree) => Tree): void {
  if (!isObject(parent) || !Object.hasOwn(parent, key)) return;
  const loc = valueLoc(parent, key);
  const v = f(parent[key]);
  if (Array.isArray(v) && v !== parent[key]) v.forEach((_, i) => setLoc(v, i, loc));
  parent[key] = v;
}

const command = (v: Tree): Tree => (typeof v === 'string' ? shellSplit(v) : v);
const duration = (v: Tree): Tree => {
  const ns = typeof v === 'string' ? parseGoDuration(v) : typeof v === 'number' ? v * 1e9 : undefined;
  return ns === undefined ? v : goDurationString(ns);
};
const bytes = (v: Tree): Tree => {
  const n = typeof v === 'string' || typeof v === 'number' ? ramInBytes(v) : undefined;
  return n === undefined ? v : String(n);
};
const cpus = (v: Tree): Tree => (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : v);

const DURATIONS = ['interval', 'timeout', 'start_period', 'start_interval'];

/** The Go types' printed forms (types.ShellCommand, Duration, UnitBytes, NanoCPUs). */
function goShapes(s: TreeObject): void {
  rewrite(s, 'command', command);
  rewrite(s, 'entrypoint', command);
  for (const k of ['mem_limit', 'memswap_limit', 'mem_reservation', 'shm_size']) rewrite(s, k, bytes);
  rewrite(s, 'cpus', cpus);
  rewrite(s, 'stop_grace_period', duration);
  const hc = s.healthcheck;
  if (isObject(hc)) {
    rewrite(hc, 'test', (v) => (typeof v === 'string' ? ['CMD-SHELL', v] : v));
    for (const k of DURATIONS) rewrite(hc, k, duration);
  }
  if (isObject(s.build)) rewrite(s.build, 'shm_size', bytes);
  const deploy = s.deploy;
  if (isObject(deploy)) {
    const res = deploy.resources;
    if (isObject(res))
      for (const kind of ['limits', 'reservations']) {
        rewrite(res[kind], 'memory', bytes);
        rewrite(res[kind], 'cpus', cpus);
      }
    for (const k of ['update_config', 'rollback_config']) for (const d of ['delay', 'monitor']) rewrite(deploy[k], d, duration);
    for (const d of ['delay', 'window']) rewrite(deploy.restart_policy, d, duration);
  }
  if (Array.isArray(s.volumes)) for (const v of s.volumes) if (isObject(v) && isObject(v.tmpfs)) rewrite(v.tmpfs, 'size', bytes);
}

export function toConfigShape(dict: TreeObject, lookup: Lookup): TreeObject {
  const resolved = (k: string): Tree => lookup(k) ?? null;
  const empty = (): Tree => '';
  const services = dict.services;
  if (isObject(services)) {
    for (const s of Object.values(services)) {
      if (!isObject(s)) continue;
      convert(s, 'environment', resolved);
      convert(s, 'labels', empty);
      convert(s, 'annotations', empty);
      convert(s, 'sysctls', empty);
      if (isObject(s.build)) {
        convert(s.build, 'args', resolved);
        convert(s.build, 'labels', empty);
      }
      if (isObject(s.deploy)) convert(s.deploy, 'labels', empty);
      goShapes(s);
    }
  }
  for (const kind of ['networks', 'volumes', 'secrets', 'configs']) {
    const defs = dict[kind];
    if (!isObject(defs)) continue;
    for (const d of Object.values(defs)) if (isObject(d)) convert(d, 'labels', empty);
  }
  return dict;
}
