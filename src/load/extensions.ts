/**
 * compose-go's processExtensions (loader/loader.go 765-811, in ModelToProject before Transform):
 * every `x-*` key below the top level (but the names directly under services, a service's
 * depends_on, volumes, networks, secrets, configs: loader.go userDefinedKeys) leaves its mapping for
 * that mapping's `#extensions` key, at any depth. What that leaves in the project depends on the Go
 * type the mapping decodes into (Transform, mapstructure):
 *
 * * a struct with an `Extensions` field (nearly all of types/types.go): the keys are its extensions,
 *   printed where they were; nothing to do;
 * * a struct without one (DeviceRequest for `gpus` and reserved `devices`, EnvFile): mapstructure
 *   has no field for `#extensions`, the keys are gone;
 * * a string map whose DecodeMapstructure formats each value with fmt.Sprint (MappingWithEquals,
 *   Labels, Mapping, Options: types/mapping.go, labels.go, options.go): one entry `#extensions`
 *   whose value is the map of those keys as `%v` prints it, `map[x-a:1 x-b:two]`; MultiOptions
 *   (`provider.options`) appends that text to a list;
 * * a map whose values another decoder reads (`raw`): the `#extensions` entry is the map of those
 *   keys, which src/load/shape.ts decodes as that type does: a `map[string]string` without a
 *   decoder (storage_opt, a secret's or config's driver_opts) refuses it (mapstructure's
 *   decodeString), HostsList (extra_hosts) too, `map[string]*UlimitsConfig` (ulimits) makes it a
 *   ulimit of its soft and hard, none.
 *
 * Other mappings (maps of structs) are left as they are. Only the mappings named below are
 * visited: each is read once, as the model is.
 */
import { isObject, keyLoc, valueLoc, type Tree, type TreeObject } from '../yaml/located.js';
import { goV } from '../compat/go.js';
import { remove } from '../merge/slots.js';
import { put } from '../normalize/walk.js';

const KEY = '#extensions';

type Shape = 'sprint' | 'multi' | 'drop' | 'raw';

/** The mappings of a service (by key path below it) and how their `x-*` keys end. */
const SERVICE: [string[], Shape][] = [
  [['environment'], 'sprint'],
  [['labels'], 'sprint'],
  [['annotations'], 'sprint'],
  [['sysctls'], 'sprint'],
  [['build', 'args'], 'sprint'],
  [['build', 'labels'], 'sprint'],
  [['build', 'additional_contexts'], 'sprint'],
  [['deploy', 'labels'], 'sprint'],
  [['logging', 'options'], 'sprint'],
  [['provider', 'options'], 'multi'],
  [['storage_opt'], 'raw'],
  [['extra_hosts'], 'raw'],
  [['ulimits'], 'raw'],
  [['build', 'extra_hosts'], 'raw'],
  [['build', 'ulimits'], 'raw'],
];
/** Items of a service's lists (`*` for each item, or each value of a map) and their mappings. */
const SERVICE_ITEMS: [string[], Shape][] = [
  [['networks', '*', 'driver_opts'], 'sprint'],
  [['volumes', '*', 'volume', 'labels'], 'sprint'],
  [['pre_start', '*', 'environment'], 'sprint'],
  [['post_start', '*', 'environment'], 'sprint'],
  [['pre_stop', '*', 'environment'], 'sprint'],
  [['develop', 'watch', '*', 'exec', 'environment'], 'sprint'],
  [['gpus', '*'], 'drop'],
  [['deploy', 'resources', 'limits', 'devices', '*'], 'drop'],
  [['deploy', 'resources', 'reservations', 'devices', '*'], 'drop'],
  [['env_file', '*'], 'drop'],
];
/** The mappings of a top-level resource. */
const RESOURCES: Record<string, [string[], Shape][]> = {
  networks: [
    [['labels'], 'sprint'],
    [['driver_opts'], 'sprint'],
    [['ipam', 'options'], 'sprint'],
    [['ipam', 'config', '*', 'aux_addresses'], 'sprint'],
  ],
  volumes: [
    [['labels'], 'sprint'],
    [['driver_opts'], 'sprint'],
  ],
  secrets: [
    [['labels'], 'sprint'],
    [['driver_opts'], 'raw'],
  ],
  configs: [
    [['labels'], 'sprint'],
    [['driver_opts'], 'raw'],
  ],
};

/** `found`: given each `x-` entry taken out of a mapping, its key and value as they were. */
export function processExtensions(dict: TreeObject, found: Found = () => {}): void {
  const services = dict.services;
  if (isObject(services))
    for (const name of Object.keys(services)) {
      const s = services[name];
      if (!isObject(s)) continue;
      for (const [path, shape] of SERVICE) visit(s, path, 0, shape, found);
      for (const [path, shape] of SERVICE_ITEMS) visit(s, path, 0, shape, found);
    }
  for (const kind of Object.keys(RESOURCES)) {
    const top = dict[kind];
    if (!isObject(top)) continue;
    for (const name of Object.keys(top)) {
      const r = top[name];
      if (isObject(r)) for (const [path, shape] of RESOURCES[kind]) visit(r, path, 0, shape, found);
    }
  }
}

type Found = (key: string, value: Tree) => void;

/** Follows `path` from `node` (`*`: every item of a list or value of a map) to the mappings to change. */
function visit(node: Tree, path: string[], at: number, shape: Shape, found: Found): void {
  if (at === path.length) {
    if (isObject(node)) apply(node, shape, found);
    return;
  }
  const step = path[at];
  if (step === '*') {
    const items = Array.isArray(node) ? node : isObject(node) ? Object.values(node) : [];
    for (const item of items) visit(item, path, at + 1, shape, found);
  } else if (isObject(node) && Object.hasOwn(node, step)) visit(node[step], path, at + 1, shape, found);
}

function apply(map: TreeObject, shape: Shape, found: Found): void {
  let extras: TreeObject | undefined;
  let first: string | undefined;
  for (const k of Object.keys(map)) {
    if (!k.startsWith('x-')) continue;
    extras ??= {};
    extras[k] = map[k];
    first ??= k;
    found(k, map[k]);
  }
  if (!extras || first === undefined) return;
  const [value, key] = [valueLoc(map, first), keyLoc(map, first)];
  for (const k of Object.keys(extras)) remove(map, k);
  if (shape === 'drop') return;
  if (shape === 'raw') return put(map, KEY, extras, value, key);
  // fmt.Sprint of the map[string]any of the extracted keys
  const text = goV(extras);
  put(map, KEY, shape === 'multi' ? [text] : text, value, key);
}
