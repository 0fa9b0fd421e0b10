/**
 * What compose-go fills in and drops after the canonical form (transform/defaults.go and the
 * loader's OmitEmpty): a build context of `.`, a secret's target under /run/secrets, port and
 * device request defaults, a bind's defaults; empty `dns` entries dropped. Walked like the
 * canonical form (src/normalize/walk.ts): only where a pattern can still match.
 */
import type { Tree, TreeObject } from '../yaml/located.js';
import { cloneTree, isObject, valueLoc } from '../yaml/located.js';
import { pathMatches, pathTable, type PathState, type TreePath } from '../yaml/treepath.js';
import { goS, goType } from '../compat/go.js';
import { remove } from '../merge/slots.js';
import {
  childWalk,
  fail,
  pathText,
  put,
  reindexed,
  rootWalk,
  setDefault,
  stateOf,
  type Transformer,
  type Walk,
} from './walk.js';
import { portDefaults } from './ports.js';
import { defaultVolumeBind } from './volumes.js';

export const defaultBuildContext: Transformer = (data, w) => {
  if (isObject(data)) setDefault(data, 'context', '.', w.at);
  return data;
};

export const defaultSecretMount: Transformer = (data, w) => {
  if (!isObject(data)) return fail(w, `${pathText(w)}: unsupported type ${goType(data)}`);
  const source = Object.hasOwn(data, 'source') ? data.source : null;
  if (!Object.hasOwn(data, 'target'))
    put(data, 'target', `/run/secrets/${goS(source)}`, valueLoc(data, 'source') ?? w.at, w.at);
  return data;
};

// Go prints the %T of its failed type assertion's zero value: always a map type
export const deviceRequestDefaults: Transformer = (data, w) => {
  if (!isObject(data)) return fail(w, `${pathText(w)}: invalid type map[string]interface {} for device request`);
  if (!Object.hasOwn(data, 'count') && !Object.hasOwn(data, 'device_ids')) put(data, 'count', 'all', w.at);
  return data;
};

/** transform.DefaultValues */
const DEFAULTS: [TreePath, Transformer][] = [
  ['services.*.build', defaultBuildContext],
  ['services.*.secrets.*', defaultSecretMount],
  ['services.*.ports.*', portDefaults],
  ['services.*.deploy.resources.reservations.devices.*', deviceRequestDefaults],
  ['services.*.gpus.*', deviceRequestDefaults],
  ['services.*.volumes.*.bind', defaultVolumeBind],
];

const DEFAULT = pathTable(DEFAULTS);

/**
 * A default-value transformer in the shape of compose-go's transform.Func: given the value at a path
 * its pattern matches (`path`: compose-go's tree.Path, keys joined by `.`, `[]` for a sequence item),
 * it returns the value with its defaults; it may change the value it is given. A thrown Error fails
 * the load, its message at the value's place.
 */
export type DefaultValueFunc = (data: Tree, path: string) => Tree;
/** Transformers by path pattern (`services.*.ports.*`), as compose-go's transform.RegisterDefaultValue takes them. */
export type DefaultValues = readonly (readonly [pattern: string, fn: DefaultValueFunc])[];

/**
 * The rule table with `extra` registered (compose-go RegisterDefaultValue: a pattern already there is
 * replaced, a new one added). compose-go keeps the registrations in a package variable; here they are
 * an option of the call, so that one caller's transformers never reach another's load. Where a
 * caller's pattern and a built-in one both match a path (`services.web.ports.*`), compose-go runs
 * either (it ranges over a map); the caller's runs here, the only choice that makes it useful. Built
 * for each call (a handful of rules), so a caller may change its list between calls.
 */
function tableWith(extra: DefaultValues | undefined): PathState<Transformer> {
  if (!extra?.length) return DEFAULT;
  const rules = new Map<TreePath, Transformer>();
  for (const [pattern, fn] of extra)
    rules.set(pattern, (data, w) => {
      try {
        return fn(data, w.path);
      } catch (e) {
        return fail(w, e instanceof Error ? e.message : String(e));
      }
    });
  for (const [pattern, rule] of DEFAULTS) if (!rules.has(pattern)) rules.set(pattern, rule);
  return pathTable([...rules]);
}

function setDefaults(data: Tree, w: Walk): Tree {
  const s = stateOf(w, w.table ?? DEFAULT);
  if (s.rule) return s.rule(data, w, {});
  if (isObject(data)) {
    const only = s.only;
    for (const k of Object.keys(data))
      if ((only === undefined || only.has(k)) && s.step(k).live) {
        // stored only when replaced: a store into the services mapping (a dictionary) costs, cold
        const v = data[k];
        const out = setDefaults(v, childWalk(data, w, k));
        if (out !== v) data[k] = out;
      }
  } else if (Array.isArray(data) && s.step('[]').live)
    for (let i = 0; i < data.length; i++) data[i] = setDefaults(data[i], childWalk(data, w, i));
  return data;
}

/**
 * transform.SetDefaultValues: attributes compose-go fills in when missing, with the transformers of
 * `defaultValues` registered (RegisterDefaultValue). Does not modify `dict`.
 */
export function setDefaultValues(
  dict: TreeObject,
  opts: { mutate?: boolean; defaultValues?: DefaultValues } = {},
): TreeObject {
  const copy = opts.mutate ? dict : cloneTree(dict);
  return setDefaults(copy, rootWalk(copy, tableWith(opts.defaultValues))) as TreeObject;
}

const OMIT_EMPTY: TreePath[] = ['services.*.dns'];
const isEmpty = (e: Tree): boolean => e === null || e === '';

function omit(data: Tree, w: Walk): Tree {
  const must = OMIT_EMPTY.some((p) => pathMatches(w.path, p));
  if (isObject(data)) {
    for (const k of Object.keys(data)) {
      if (must && isEmpty(data[k])) remove(data, k);
      else data[k] = omit(data[k], childWalk(data, w, k));
    }
    return data;
  }
  if (!Array.isArray(data)) return data;
  const kept: Tree[] = [];
  const from: number[] = [];
  data.forEach((e, i) => {
    if (must && isEmpty(e)) return;
    kept.push(omit(e, childWalk(data, w, i)));
    from.push(i);
  });
  return kept.length === data.length ? Object.assign(data, kept) : reindexed(kept, from, data);
}

/** loader.OmitEmpty: drops empty entries where they mean nothing (`dns: [""]`). Does not modify `dict`. */
export function omitEmpty(dict: TreeObject, opts: { mutate?: boolean } = {}): TreeObject {
  const copy = opts.mutate ? dict : cloneTree(dict);
  // compose-go walks the whole model, but only `services.*.dns` can lose entries: go straight there
  const services = copy.services;
  if (!isObject(services)) return copy;
  const sw = childWalk(copy, rootWalk(copy), 'services');
  for (const name of Object.keys(services)) {
    const s = services[name];
    if (isObject(s) && Object.hasOwn(s, 'dns')) s.dns = omit(s.dns, childWalk(s, childWalk(services, sw, name), 'dns'));
  }
  return copy;
}
