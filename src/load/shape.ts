/**
 * The last step of loading: the shapes compose-go's Go types give when `docker compose config`
 * marshals them. Mapping-like lists become maps (`- KEY=VALUE` -> `KEY: VALUE`; a bare `- KEY`
 * in `environment`/`build.args` takes its value from the environment, else stays null). Every
 * entry keeps the location of the list item it came from.
 */
import { isObject, valueLoc, setLoc, copyLoc, type Tree, type TreeObject } from '../yaml/located.js';

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
    }
  }
  for (const kind of ['networks', 'volumes', 'secrets', 'configs']) {
    const defs = dict[kind];
    if (!isObject(defs)) continue;
    for (const d of Object.values(defs)) if (isObject(d)) convert(d, 'labels', empty);
  }
  return dict;
}
