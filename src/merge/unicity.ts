/**
 * compose-go override.EnforceUnicity (override/uncity.go): in sequences whose items have an
 * identity (environment by name, ports, volumes by target...), a later item replaces an earlier one
 * with the same key, in the earlier one's place. Items keep their own locations.
 */
import type { Tree, TreeObject } from '../yaml/located.js';
import { cloneTree, isObject, selfLoc } from '../yaml/located.js';
import { nextPath, pathTable } from '../yaml/treepath.js';
import { parseVolumeSpec } from '../syntax/volumes.js';
import type { PathState, TreePath } from '../yaml/treepath.js';
import { MergeError } from './types.js';
import { goD, goS, goType } from '../compat/go.js';
import { makeSeq, pathSegments, pathString, place, slotAt } from './slots.js';

/** The identity of a sequence item; `at` gives the item's path (for messages). */
type Indexer = (item: Tree, at: () => TreePath) => string;

/** Returns a copy of `model` where keyed sequences hold each key once. */
export function enforceUnicity(model: TreeObject, opts: { mutate?: boolean } = {}): TreeObject {
  return unique(opts.mutate ? model : cloneTree(model), [], INDEXED) as TreeObject;
}

/**
 * `parts`: the keys down to `value`, pushed and popped as the walk goes; its path is made only for
 * a message (a path string per service, made twice a document, was a fifth of what this allocated)
 */
function unique(value: Tree, parts: string[], state: PathState<Indexer>): Tree {
  if (isObject(value)) {
    const only = state.only;
    for (const k of Object.keys(value)) {
      // only subtrees that lead to a keyed sequence can change (most of the model cannot)
      if (only !== undefined && !only.has(k)) continue;
      const next = state.step(k);
      if (!next.live) continue;
      const v = value[k];
      parts.push(k);
      const u = unique(v, parts, next);
      parts.pop();
      if (u !== v) place(value, k, { ...slotAt(value, k), value: u });
    }
    return value;
  }
  const indexer = state.rule;
  if (!Array.isArray(value) || !indexer) return value;
  // key -> its position in the result; position -> the index of the item that holds it
  const seen = new Map<string, number>();
  const from: number[] = [];
  let repeated = false;
  for (let i = 0; i < value.length; i++) {
    const key = indexer(value[i], () => nextPath(pathOf(parts), `[${i}]`));
    const j = seen.get(key);
    if (j === undefined) seen.set(key, from.push(i) - 1);
    else {
      from[j] = i;
      repeated = true;
    }
  }
  // a sequence without repeated keys stays as it is (the usual case)
  return repeated
    ? makeSeq(
        from.map((i) => slotAt(value, i)),
        selfLoc(value),
      )
    : value;
}

function pathOf(parts: readonly string[]): TreePath {
  let path = '';
  for (const k of parts) path = nextPath(path, k);
  return path;
}

function fail(message: string, at: () => TreePath, code?: string): never {
  throw new MergeError(message, pathSegments(at()), code);
}

const keyValueIndexer: Indexer = (v, p) =>
  typeof v === 'string' ? v.split('=', 1)[0] : fail(`${pathString(p())}: unexpected type ${goType(v)}`, p);

function targetOf(v: TreeObject, p: () => TreePath, what: string): string {
  return typeof v.target === 'string'
    ? v.target
    : fail(`service ${what} ${pathString(p())} is missing a mount target`, p);
}

const volumeIndexer: Indexer = (v, p) =>
  isObject(v) ? targetOf(v, p, 'volume') : typeof v === 'string' ? volumeTarget(v, p) : '';

const deviceMappingIndexer: Indexer = (v, p) => {
  if (isObject(v)) return targetOf(v, p, 'device');
  if (typeof v !== 'string') return '';
  const parts = v.split(':');
  return parts.length === 1 ? parts[0] : parts[1];
};

const exposeIndexer: Indexer = (v, p) =>
  typeof v === 'string'
    ? v
    : typeof v === 'number' && Number.isInteger(v)
      ? String(v)
      : fail(`${pathString(p())}: unsupported expose value ${goS(v)}`, p);

function mountIndexer(defaultPath: string): Indexer {
  return (v, p) => {
    if (typeof v === 'string') return `${defaultPath}/${v}`;
    if (!isObject(v)) return fail(`${pathString(p())}: unsupported expose value ${goS(v)}`, p);
    return Object.hasOwn(v, 'target') ? goS(v.target) : `${defaultPath}/${goS(v.source ?? null)}`;
  };
}

// compose-go builds the key with fmt "%s:%s:%d/%s", so an int and a string `published` differ.
const portIndexer: Indexer = (v, p) => {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : '';
  if (typeof v === 'string') return v;
  if (!isObject(v)) return '';
  if (!Object.hasOwn(v, 'target')) return fail(`service ports ${pathString(p())} is missing a target port`, p);
  const host = Object.hasOwn(v, 'host_ip') ? v.host_ip : '0.0.0.0';
  const protocol = Object.hasOwn(v, 'protocol') ? v.protocol : 'tcp';
  return `${goS(host)}:${goS(v.published ?? null)}:${goD(v.target)}/${goS(protocol)}`;
};

const envFileIndexer: Indexer = (v, p) => {
  if (typeof v === 'string') return v;
  if (!isObject(v)) return '';
  return Object.hasOwn(v, 'path') ? goS(v.path) : fail(`environment path attribute ${pathString(p())} is missing`, p);
};

/** The target of a short volume spec: compose-go's unicity calls format.ParseVolume, as normalize does. */
function volumeTarget(spec: string, p: () => TreePath): string {
  const { volume, error } = parseVolumeSpec(spec);
  if (error !== undefined) fail(error, p, 'invalid-volume');
  return volume.target ?? '';
}

/** compose-go `unique`: sequences with item identity, and how to compute it. */
const INDEXERS: [TreePath, Indexer][] = [
  ['networks.*.labels', keyValueIndexer],
  ['networks.*.ipam.options', keyValueIndexer],
  ['services.*.annotations', keyValueIndexer],
  ['services.*.build.args', keyValueIndexer],
  ['services.*.build.additional_contexts', keyValueIndexer],
  ['services.*.build.platform', keyValueIndexer],
  ['services.*.build.tags', keyValueIndexer],
  ['services.*.build.labels', keyValueIndexer],
  ['services.*.cap_add', keyValueIndexer],
  ['services.*.cap_drop', keyValueIndexer],
  // uncity.go registers devices twice; the later registration (deviceMappingIndexer) is the one in effect
  ['services.*.devices', deviceMappingIndexer],
  ['services.*.configs', mountIndexer('')],
  ['services.*.deploy.labels', keyValueIndexer],
  ['services.*.dns', keyValueIndexer],
  ['services.*.dns_opt', keyValueIndexer],
  ['services.*.dns_search', keyValueIndexer],
  ['services.*.environment', keyValueIndexer],
  ['services.*.env_file', envFileIndexer],
  ['services.*.expose', exposeIndexer],
  ['services.*.labels', keyValueIndexer],
  ['services.*.links', keyValueIndexer],
  ['services.*.networks.*.aliases', keyValueIndexer],
  ['services.*.networks.*.link_local_ips', keyValueIndexer],
  ['services.*.ports', portIndexer],
  ['services.*.profiles', keyValueIndexer],
  ['services.*.secrets', mountIndexer('/run/secrets')],
  ['services.*.sysctls', keyValueIndexer],
  ['services.*.tmpfs', keyValueIndexer],
  ['services.*.volumes', volumeIndexer],
];
const INDEXED = pathTable<Indexer>(INDEXERS);
