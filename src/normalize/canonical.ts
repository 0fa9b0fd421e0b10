/**
 * The canonical model (compose-go transform/canonical.go, transform/defaults.go,
 * loader/omitEmpty.go): short syntaxes become their long form (`build: .` -> `{context: .}`,
 * `ports: ["80:80"]` -> mappings, lists of names -> mappings...), defaults are filled in, empty
 * `dns` entries dropped. Like compose-go: one table of path patterns to transformers, one walker.
 *
 * Inputs are never modified: each entry point works on a located copy. Values built from a short
 * form sit where that short form sits; defaults sit at the key of the node they complete. The first
 * problem throws a NormalizeError carrying compose-go's message and the offending value's location.
 */
import type { Tree, TreeObject } from '../yaml/located.js';
import { cloneTree, isObject, locsOf, selfLoc, setSelfLoc, valueLoc } from '../yaml/located.js';
import { pathTable, type TreePath } from '../yaml/treepath.js';
import { compareGo, goType, goS, goV } from '../compat/go.js';
import { diagnostic, formatPath } from '../diagnostics.js';
import {
  built,
  childWalk,
  fail,
  listAt,
  pathText,
  put,
  rootWalk,
  setDefault,
  stateOf,
  type TransformOptions,
  type Transformer,
  type Walk,
} from './walk.js';
import { portDefaults, transformPorts } from './ports.js';
import { defaultVolumeBind, transformVolumeMount } from './volumes.js';
import {
  defaultBuildContext,
  defaultSecretMount,
  deviceRequestDefaults,
  omitEmpty,
  setDefaultValues,
} from './defaults.js';
import { jsonQuote } from '../utf8.js';

export { omitEmpty, setDefaultValues };

export type { TransformOptions, Transformer, Walk } from './walk.js';

// Walkers only descend where a rule's pattern can still match (PathState.live): most of a model is
// left untouched. (The tables are defined later in this file.)
function transformMapping(v: TreeObject, w: Walk, o: TransformOptions): TreeObject {
  const s = stateOf(w, TRANSFORM);
  const only = s.only;
  for (const k of Object.keys(v))
    if ((only === undefined || only.has(k)) && s.step(k).live) {
      // stored only when replaced: a store into the services mapping (a dictionary) costs, cold
      const before = v[k];
      const out = transform(before, childWalk(v, w, k), o);
      if (out !== before) v[k] = out;
    }
  return v;
}

function transformSequence(v: Tree[], w: Walk, o: TransformOptions): Tree[] {
  if (!stateOf(w, TRANSFORM).step('[]').live) return v;
  for (let i = 0; i < v.length; i++) v[i] = transform(v[i], childWalk(v, w, i), o);
  return v;
}

/** Go's %s applied through maps and slices (keys sorted, as fmt does). */
function goSDeep(v: Tree): string {
  if (isObject(v))
    return `map[${Object.keys(v)
      .sort(compareGo)
      .map((k) => `${k}:${goSDeep(v[k])}`)
      .join(' ')}]`;
  if (Array.isArray(v)) return `[${v.map(goSDeep).join(' ')}]`;
  return goS(v);
}

const transformService: Transformer = (data, w, o) => (isObject(data) ? transformMapping(data, w, o) : data);

/** `x: value` -> `{field: value}` for a string; mappings pass (and are walked when `walk`). */
const stringTo =
  (field: string, what: string, walk = false): Transformer =>
  (data, w, o) => {
    if (isObject(data)) return walk ? transformMapping(data, w, o) : data;
    if (typeof data === 'string') return built([[field, data]], w.loc);
    return fail(w, `${pathText(w)}: invalid type ${goType(data)} for ${what}`);
  };

const transformBuild = stringTo('context', 'build', true);
const transformExtends = stringTo('service', 'extends', true);
// compose-go says "for external" here: a copy-paste slip we keep, messages are part of the contract
const transformInclude = stringTo('path', 'external');

const transformFileMount: Transformer = (data, w) => {
  if (isObject(data)) return data;
  if (typeof data === 'string') return built([['source', data]], w.loc);
  return fail(w, `${pathText(w)}: unsupported type ${goType(data)}`);
};

const transformStringOrX: Transformer = (data) => (typeof data === 'string' ? data : goV(data));

const transformStringOrList: Transformer = (data, w) => (typeof data === 'string' ? listAt([data], w.loc) : data);

/** `[a, b]` -> `{a: null, b: null}` (services.*.networks, services.*.models) */
const transformStringSliceToMap: Transformer = (data, w) => {
  if (!Array.isArray(data)) return data;
  const out: TreeObject = {};
  data.forEach((name, i) => put(out, typeof name === 'string' ? name : goV(name), null, valueLoc(data, i)));
  setSelfLoc(out, selfLoc(data) ?? w.loc);
  return out;
};

/** `[KEY=value]` -> `{KEY: value}` (build.additional_contexts) */
const transformKeyValue: Transformer = (data, w, o) => {
  if (isObject(data)) return data;
  if (!Array.isArray(data)) return fail(w, `${pathText(w)}: invalid type ${goType(data)}`);
  const out: TreeObject = {};
  for (let i = 0; i < data.length; i++) {
    const e = data[i];
    const s = typeof e === 'string' ? e : goV(e);
    const eq = s.indexOf('=');
    if (eq < 0) {
      if (o.ignoreParseError) return data;
      return fail(childWalk(data, w, i), `${pathText(w)}: invalid value ${goS(e)}, expected key=value`);
    }
    put(out, s.slice(0, eq), s.slice(eq + 1), valueLoc(data, i));
  }
  setSelfLoc(out, selfLoc(data) ?? w.loc);
  return out;
};

/** depends_on: a list of names or a mapping, every dependency with `condition` and `required`. */
const transformDependsOn: Transformer = (data, w) => {
  if (isObject(data)) {
    for (const name of Object.keys(data)) {
      const d = data[name];
      if (!isObject(d))
        return fail(childWalk(data, w, name), `${pathText(w)}.${name}: unsupported value ${goSDeep(data)}`);
      const at = childWalk(data, w, name).at;
      setDefault(d, 'condition', 'service_started', at);
      setDefault(d, 'required', true, at);
    }
    return data;
  }
  if (Array.isArray(data)) {
    const out: TreeObject = {};
    data.forEach((name, i) => {
      const loc = valueLoc(data, i);
      put(
        out,
        typeof name === 'string' ? name : goV(name),
        built(
          [
            ['condition', 'service_started'],
            ['required', true],
          ],
          loc,
        ),
        loc,
      );
    });
    setSelfLoc(out, selfLoc(data) ?? w.loc);
    return out;
  }
  return fail(w, `${pathText(w)}: invalid type ${goType(data)} for depend_on`);
};

/** env_file: a path or a list of paths / `{path, required}`; paths are required by default. */
const transformEnvFile: Transformer = (data, w) => {
  const entry = (e: Tree, ew: Walk): Tree => {
    if (typeof e === 'string')
      return built(
        [
          ['path', e],
          ['required', true],
        ],
        ew.loc,
      );
    if (isObject(e)) {
      setDefault(e, 'required', true, ew.at);
      return e;
    }
    return null;
  };
  if (typeof data === 'string') return listAt([entry(data, w)], w.loc);
  if (Array.isArray(data)) {
    for (let i = 0; i < data.length; i++) data[i] = entry(data[i], childWalk(data, w, i));
    return data;
  }
  return fail(w, `${pathText(w)}: invalid type ${goType(data)} for env_file`);
};

/** gpus: `all` -> `[{count: all}]` */
const transformGpus: Transformer = (data, w, o) => {
  if (Array.isArray(data)) return transformSequence(data, w, o);
  if (typeof data === 'string') return listAt([built([['count', 'all']], w.loc)], w.loc);
  return fail(w, `${pathText(w)}: invalid type ${goType(data)} for gpus`);
};

/** devices: `src[:dst[:permissions]]` */
const transformDeviceMapping: Transformer = (data, w, o) => {
  if (isObject(data)) return data;
  if (typeof data !== 'string') return fail(w, `${pathText(w)}: invalid type ${goType(data)} for service volume mount`);
  const arr = data.split(':');
  let [src, dst, permissions] = ['', '', 'rwm'];
  if (arr.length <= 3) [src, dst, permissions] = [arr[0], arr[1] ?? '', arr[2] ?? 'rwm'];
  else if (!o.ignoreParseError) return fail(w, `confusing device mapping, please use long syntax: ${data}`);
  if (dst === '') dst = src;
  return built(
    [
      ['source', src],
      ['target', dst],
      ['permissions', permissions],
    ],
    w.loc,
  );
};

/** build.ssh: `[default, id=path]` -> `{default: null, id: path}` */
const transformSSH: Transformer = (data, w) => {
  if (isObject(data)) return data;
  if (!Array.isArray(data)) return fail(w, `${pathText(w)}: invalid type ${goType(data)} for ssh`);
  const out: TreeObject = {};
  for (let i = 0; i < data.length; i++) {
    const s = data[i];
    const loc = valueLoc(data, i);
    if (typeof s !== 'string') return fail(childWalk(data, w, i), `invalid ssh key type ${goType(s)}`);
    const eq = s.indexOf('=');
    if (eq < 0) {
      if (s !== 'default') return fail(childWalk(data, w, i), `invalid ssh key ${jsonQuote(s)}`);
      put(out, s, null, loc);
    } else put(out, s.slice(0, eq), s.slice(eq + 1), loc);
  }
  setSelfLoc(out, selfLoc(data) ?? w.loc);
  return out;
};

const transformUlimits: Transformer = (data, w) => {
  if (isObject(data) || (typeof data === 'number' && Number.isInteger(data))) return data;
  return fail(w, `${pathText(w)}: invalid type ${goType(data)} for external`);
};

/** Top-level resources: legacy `external: {name: x}` becomes `external: true` + `name: x`. */
const transformMaybeExternal: Transformer = (data, w, o) => {
  if (data === null) return null;
  // Go's type assertion panics on a non-mapping; we report it instead
  if (!isObject(data)) return fail(w, `${pathText(w)} must be a mapping`);
  const resource = transformMapping(data, w, o);
  const ext = resource.external;
  if (!isObject(ext)) return resource;
  const named = Object.hasOwn(resource, 'name');
  const extWalk = childWalk(resource, w, 'external');
  resource.external = true;
  if (!Object.hasOwn(ext, 'name')) return resource;
  o.onWarning?.(
    diagnostic(
      'external-name-deprecated',
      'warning',
      `${pathText(w)}: external.name is deprecated. Please set name and external: true`,
      extWalk.at,
      formatPath(extWalk.segs),
    ),
  );
  if (named && ext.name !== resource.name)
    return fail(w, `${pathText(w)}: name and external.name conflict; only use name`);
  if (!named) put(resource, 'name', ext.name, valueLoc(ext, 'name'), locsOf(ext)?.key('name'));
  return resource;
};

/** transform.transformers: the first pattern matching the path transforms the value (and its children). */
const TRANSFORMERS: [TreePath, Transformer][] = [
  ['services.*', transformService],
  ['services.*.build.secrets.*', transformFileMount],
  ['services.*.build.provenance', transformStringOrX],
  ['services.*.build.sbom', transformStringOrX],
  ['services.*.build.additional_contexts', transformKeyValue],
  ['services.*.depends_on', transformDependsOn],
  ['services.*.env_file', transformEnvFile],
  ['services.*.label_file', transformStringOrList],
  ['services.*.extends', transformExtends],
  ['services.*.gpus', transformGpus],
  ['services.*.networks', transformStringSliceToMap],
  ['services.*.models', transformStringSliceToMap],
  ['services.*.volumes.*', transformVolumeMount],
  ['services.*.dns', transformStringOrList],
  ['services.*.devices.*', transformDeviceMapping],
  ['services.*.secrets.*', transformFileMount],
  ['services.*.configs.*', transformFileMount],
  ['services.*.ports', transformPorts],
  ['services.*.build', transformBuild],
  ['services.*.build.ssh', transformSSH],
  ['services.*.ulimits.*', transformUlimits],
  ['services.*.build.ulimits.*', transformUlimits],
  ['services.*.develop.watch.*.ignore', transformStringOrList],
  ['services.*.develop.watch.*.include', transformStringOrList],
  ['volumes.*', transformMaybeExternal],
  ['networks.*', transformMaybeExternal],
  ['secrets.*', transformMaybeExternal],
  ['configs.*', transformMaybeExternal],
  ['include.*', transformInclude],
];

const TRANSFORM = pathTable(TRANSFORMERS);

function transform(data: Tree, w: Walk, o: TransformOptions): Tree {
  const fn = stateOf(w, TRANSFORM).rule;
  if (fn) return fn(data, w, o);
  if (isObject(data)) return transformMapping(data, w, o);
  if (Array.isArray(data)) return transformSequence(data, w, o);
  return data;
}

/** transform.Canonical: the long form of every short syntax. Does not modify `dict`. */
export function canonical(dict: TreeObject, options: TransformOptions & { mutate?: boolean } = {}): TreeObject {
  const copy = options.mutate ? dict : cloneTree(dict);
  return transform(copy, rootWalk(copy, TRANSFORM), options) as TreeObject;
}

/** One file's model in canonical form with defaults, in compose-go's order (Canonical, OmitEmpty, SetDefaultValues). */
export function canonicalModel(dict: TreeObject, options: TransformOptions = {}): TreeObject {
  return setDefaultValues(omitEmpty(canonical(dict, options)));
}

/** compose-go's transformer functions by name, for callers (and tests) that start mid-tree. */
export const transformFunctions: Record<string, Transformer> = {
  transformBuild,
  transformEnvFile,
  transformMaybeExternal,
  transformSSH,
  transformPorts,
  transformVolumeMount,
  transformDependsOn,
  transformDeviceMapping,
  transformExtends,
  transformGpus,
  transformInclude,
  transformKeyValue,
  transformFileMount,
  transformStringOrList,
  transformStringSliceToMap,
  transformUlimits,
  portDefaults,
  defaultBuildContext,
  defaultSecretMount,
  deviceRequestDefaults,
  defaultVolumeBind,
};
