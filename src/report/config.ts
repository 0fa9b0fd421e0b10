/** `docker compose config`-like rendering of a canonical model (YAML or JSON). */
import { stringify } from 'yaml';
import { isObject, type Tree, type TreeObject } from '../yaml/located.js';

const TOP_ORDER = ['name', 'include', 'services', 'networks', 'volumes', 'secrets', 'configs', 'models'];

/** Plain copy with Compose's key order: top level as Compose prints it, everything else sorted. */
export function orderedModel(model: TreeObject): TreeObject {
  const sortDeep = (v: Tree): Tree => {
    if (Array.isArray(v)) return v.map(sortDeep);
    if (!isObject(v)) return v;
    const out: TreeObject = {};
    for (const k of Object.keys(v).sort()) out[k] = sortDeep(v[k]);
    return out;
  };
  const out: TreeObject = {};
  const keys = Object.keys(model);
  for (const k of [...TOP_ORDER.filter((k) => keys.includes(k)), ...keys.filter((k) => !TOP_ORDER.includes(k)).sort()]) out[k] = sortDeep(model[k]);
  return out;
}

export function renderConfig(model: TreeObject, format: 'yaml' | 'json' = 'yaml'): string {
  const m = orderedModel(model);
  return format === 'json' ? JSON.stringify(m, null, 2) + '\n' : stringify(m, { lineWidth: 0, aliasDuplicateObjects: false });
}
