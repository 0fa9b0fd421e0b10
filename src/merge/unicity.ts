/**
 * compose-go override.EnforceUnicity (override/uncity.go): in sequences whose items have an
 * identity (environment by name, ports, volumes by target...), a later item replaces an earlier one
 * with the same key, in the earlier one's place. Items keep their own locations.
 */
import type { Tree, TreeObject } from '../yaml/located.js';
import { cloneTree, isObject, selfLoc } from '../yaml/located.js';
import { nextPath, prefixTable } from '../yaml/treepath.js';
import { parseVolumeSpec } from '../normalize/volumes.js';
import type { TreePath } from '../yaml/treepath.js';
import { MergeError } from './types.js';
import type { Slot } from './types.js';
import { ruleTable, goD, goS, goType, itemsOf, makeSeq, pathSegments, pathString, place, slotAt } from './slots.js';

type Indexer = (item: Tree, path: TreePath) => string;

/** Returns a copy of `model` where keyed sequences hold each key once. */
export function enforceUnicity(model: TreeObject, opts: { mutate?: boolean } = {}): TreeObject {
  return unique(opts.mutate ? model : cloneTree(model), '') as TreeObject;
}

function unique(value: Tree, path: TreePath): Tree {
  if (isObject(value)) {
    for (const k of Object.keys(value)) {
      const next = nextPath(path, k);
      // only subtrees that lead to a keyed sequence can change (most of the model cannot)
      if (!leadsToIndexed(next)) continue;
      const s = slotAt(value, k);
      place(value, k, { ...s, value: unique(s.value, next) });
    }
    return value;
  }
  if (!Array.isArray(value)) return value;
  const indexer = indexerFor(path);
  if (!indexer) return value;
  const seq: Slot[] = [];
  const seen = new Map<string, number>();
  itemsOf(value).forEach((item, i) => {
    const key = indexer(item.value, nextPath(path, `[${i}]`));
    const j = seen.get(key);
    if (j !== undefined) seq[j] = item;
    else seen.set(key, seq.push(item) - 1);
  });
  return makeSeq(seq, selfLoc(value));
}

function fail(message: string, path: TreePath, code?: string): never {
  throw new MergeError(message, pathSegments(path), code);
}

const keyValueIndexer: Indexer = (v, p) => (typeof v === 'string' ? v.split('=', 1)[0] : fail(`${pathString(p)}: unexpected type ${goType(v)}`, p));

function targetOf(v: TreeObject, p: TreePath, what: string): string {
  return typeof v.target === 'string' ? v.target : fail(`service ${what} ${pathString(p)} is missing a mount target`, p);
}

const volumeIndexer: Indexer = (v, p) => (isObject(v) ? targetOf(v, p, 'volume') : typeof v === 'string' ? volumeTarget(v, p) : '');

const deviceMappingIndexer: Indexer = (v, p) => {
  if (isObject(v)) return targetOf(v, p, 'device');
  if (typeof v !== 'string') return '';
  const parts = v.split(':');
  return parts.length === 1 ? parts[0] : parts[1];
};

const exposeIndexer: Indexer = (v, p) =>
  typeof v === 'string' ? v : typeof v === 'number' && Number.isInteger(v) ? String(v) : fail(`${pathString(p)}: unsupported expose value ${goS(v)}`, p);

function mountIndexer(defaultPath: string): Indexer {
  return (v, p) => {
    if (typeof v === 'string') return `${defaultPath}/${v}`;
    if (!isObject(v)) return fail(`${pathString(p)}: unsupported expose value ${goS(v)}`, p);
    return Object.hasOwn(v, 'target') ? goS(v.target) : `${defaultPath}/${goS(v.source ?? null)}`;
  };
}

// compose-go builds the key with fmt "%s:%s:%d/%s", so an int and a string `published` differ.
const portIndexer: Indexer = (v, p) => {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : '';
  if (typeof v === 'string') return v;
  if (!isObject(v)) return '';
  if (!Object.hasOwn(v, 'target')) return fail(`service ports ${pathString(p)} is missing a target port`, p);
  const host = Object.hasOwn(v, 'host_ip') ? v.host_ip : '0.0.0.0';
  const protocol = Object.hasOwn(v, 'protocol') ? v.protocol : 'tcp';
  return `${goS(host)}:${goS(v.published ?? null)}:${goD(v.target)}/${goS(protocol)}`;
};

const envFileIndexer: Indexer = (v, p) => {
  if (typeof v === 'string') return v;
  if (!isObject(v)) return '';
  return Object.hasOwn(v, 'path') ? goS(v.path) : fail(`environment path attribute ${pathString(p)} is missing`, p);
};

/** The target of a short volume spec: compose-go's unicity calls format.ParseVolume, as normalize does. */
function volumeTarget(spec: string, p: TreePath): string {
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
const indexerFor = ruleTable<Indexer>(INDEXERS);
const leadsToIndexed = prefixTable(INDEXERS.map(([p]) => p));
