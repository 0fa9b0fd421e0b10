/**
 * compose-go loader/normalize.go: implicit parts of the model made explicit. Services without
 * networks join `default` (declared only when used), resources get their engine name (`<project>_<key>`
 * unless named or external), builds get their default context and Dockerfile, variables without a
 * value take it from the environment, links / `service:` namespaces / volumes_from become depends_on
 * entries, pre_start hooks inherit the service image.
 *
 * `dict` is not modified. Where a value comes from elsewhere in the model (a link, the service
 * image, a resource key) it sits where that comes from; plain defaults sit at the key of what they
 * complete. Go panics on shapes the schema rejects; we leave those parts alone.
 */
import type { Location } from '../diagnostics.js';
import type { Tree, TreeObject } from '../yaml/located.js';
import { cloneTree, isObject, keyLoc, setSelfLoc, valueLoc } from '../yaml/located.js';
import { goS, goV } from '../compat/go.js';
import { remove } from '../merge/slots.js';
import { built, put, reindexed, setDefault } from './walk.js';
import { cleanPath } from '../syntax/volumes.js';

type Env = Record<string, string>;
type Lookup = (name: string) => string | undefined;

export function normalize(dict: TreeObject, env: Env = {}, opts: { mutate?: boolean } = {}): TreeObject {
  const model = opts.mutate ? dict : cloneTree(dict);
  const lookup: Lookup = (k) => (Object.hasOwn(env, k) ? env[k] : undefined);
  normalizeNetworks(model);
  const services = model.services;
  if (isObject(services)) {
    for (const name of Object.keys(services)) {
      const service = services[name];
      if (isObject(service)) normalizeService(service, keyLoc(services, name), lookup);
    }
  }
  setNameFromKey(model);
  return model;
}

/** The namespaces a service may share with another (`service:name`): each makes a dependency. */
const NAMESPACES = ['network_mode', 'ipc', 'pid', 'uts', 'cgroup'];

function normalizeService(service: TreeObject, at: Location | undefined, lookup: Lookup): void {
  if (service.pull_policy === 'if_not_present') service.pull_policy = 'missing';
  const build = service.build;
  if (isObject(build)) {
    const buildAt = keyLoc(service, 'build') ?? at;
    // Go tests `== nil`: an explicit null is replaced too
    if (build.context === null || build.context === undefined) put(build, 'context', '.', buildAt);
    if ((build.dockerfile ?? null) === null && (build.dockerfile_inline ?? null) === null)
      put(build, 'dockerfile', 'Dockerfile', buildAt);
    if (Object.hasOwn(build, 'args')) build.args = resolve(build.args, lookup, false).value;
  }
  if (Object.hasOwn(service, 'environment')) service.environment = resolve(service.environment, lookup, true).value;
  // a service that links to, shares a namespace with or takes volumes from none other depends on
  // no other implicitly: none of the per-service map and closure below (10,000 services: 1.8 MB)
  if (Array.isArray(service.links) || Array.isArray(service.volumes_from) || sharesNamespace(service))
    implicitDependencies(service);
  const volumes = service.volumes;
  if (Array.isArray(volumes)) {
    for (const vol of volumes) if (isObject(vol) && typeof vol.target === 'string') vol.target = cleanPath(vol.target);
  }
  inheritPreStartImage(service);
}

function sharesNamespace(service: TreeObject): boolean {
  for (const ns of NAMESPACES) {
    const ref = service[ns];
    if (typeof ref === 'string' && ref.startsWith('service:')) return true;
  }
  return false;
}

/** links, `service:` namespaces and volumes_from as depends_on entries (loader/normalize.go). */
function implicitDependencies(service: TreeObject): void {
  const had = isObject(service.depends_on);
  const dependsOn: TreeObject = had ? (service.depends_on as TreeObject) : {};
  let firstLoc: Location | undefined;
  const implicit = (name: string, restart: boolean, loc: Location | undefined): void => {
    if (Object.hasOwn(dependsOn, name)) return;
    put(
      dependsOn,
      name,
      built(
        [
          ['condition', 'service_started'],
          ['restart', restart],
          ['required', true],
        ],
        loc,
      ),
      loc,
    );
    firstLoc ??= loc;
  };
  const links = service.links;
  if (Array.isArray(links)) {
    links.forEach((l, i) => {
      if (typeof l !== 'string') return;
      const parts = l.split(':');
      implicit(parts.length === 2 ? parts[0] : l, true, valueLoc(links, i));
    });
  }
  for (const ns of NAMESPACES) {
    const ref = service[ns];
    if (typeof ref === 'string' && ref.startsWith('service:'))
      implicit(ref.slice('service:'.length), true, valueLoc(service, ns));
  }
  const volumesFrom = service.volumes_from;
  if (Array.isArray(volumesFrom)) {
    volumesFrom.forEach((v, i) => {
      if (typeof v === 'string' && !v.startsWith('container:'))
        implicit(v.split(':')[0], false, valueLoc(volumesFrom, i));
    });
  }
  if (!had && Object.keys(dependsOn).length > 0) {
    setSelfLoc(dependsOn, firstLoc);
    put(service, 'depends_on', dependsOn, firstLoc);
  }
}

/** compose-spec PR #647: a pre_start hook without an image runs the service's image. */
function inheritPreStartImage(service: TreeObject): void {
  const hooks = service.pre_start;
  const image = service.image;
  if (!Array.isArray(hooks) || typeof image !== 'string' || image === '') return;
  for (const hook of hooks) if (isObject(hook)) setDefault(hook, 'image', image, valueLoc(service, 'image'));
}

function normalizeNetworks(dict: TreeObject): void {
  const declared = isObject(dict.networks);
  const networks: TreeObject = declared ? (dict.networks as TreeObject) : {};
  // the implicit `default` network exists only when some service uses it
  let usedBy: Location | undefined;
  let used = false;
  const services = dict.services;
  if (isObject(services)) {
    for (const name of Object.keys(services)) {
      const service = services[name];
      if (!isObject(service) || Object.hasOwn(service, 'provider') || Object.hasOwn(service, 'network_mode')) continue;
      const at = keyLoc(services, name);
      const nets = service.networks;
      if (!isObject(nets) || Object.keys(nets).length === 0) {
        // what built([['default', null]], at) makes, without the entry list and its iteration (a
        // service of 10,000 takes this path: the pass was 70 ms of a cold load)
        const def: TreeObject = {};
        put(def, 'default', null, at);
        setSelfLoc(def, at);
        put(service, 'networks', def, at);
      } else if (!Object.hasOwn(nets, 'default')) continue;
      if (!used) usedBy = at;
      used = true;
    }
  }
  if (used && !Object.hasOwn(networks, 'default')) put(networks, 'default', null, usedBy);
  if (!declared && Object.keys(networks).length > 0) {
    setSelfLoc(networks, usedBy);
    put(dict, 'networks', networks, usedBy);
  }
}

/**
 * loader.resolve: `KEY` entries (list) or `KEY: null` (mapping) take their value from the
 * environment; unresolved ones stay (`keepEmpty`, environment) or go (build args).
 */
function resolve(a: Tree, lookup: Lookup, keepEmpty: boolean): { value: Tree; ok: boolean } {
  if (Array.isArray(a)) {
    const kept: Tree[] = [];
    const from: number[] = [];
    a.forEach((v, i) => {
      const r = resolve(v, lookup, keepEmpty);
      if (r.ok) {
        kept.push(r.value);
        from.push(i);
      }
    });
    return { value: reindexed(kept, from, a), ok: true };
  }
  if (isObject(a)) {
    for (const key of Object.keys(a)) {
      if (a[key] !== null) continue;
      const v = lookup(key);
      if (v !== undefined) a[key] = v;
      else if (!keepEmpty) remove(a, key);
    }
    return { value: a, ok: true };
  }
  if (typeof a === 'string') {
    if (a.includes('=')) return { value: a, ok: true };
    const v = lookup(a);
    if (v !== undefined) return { value: `${a}=${v}`, ok: true };
    return keepEmpty ? { value: a, ok: true } : { value: '', ok: false };
  }
  return { value: a, ok: false };
}

/** Resources without `name` are named `<project>_<key>`, or `<key>` when external. */
function setNameFromKey(dict: TreeObject): void {
  for (const kind of ['networks', 'volumes', 'configs', 'secrets']) {
    const toplevel = dict[kind];
    if (!isObject(toplevel)) continue;
    for (const key of Object.keys(toplevel)) {
      const at = keyLoc(toplevel, key);
      let resource = toplevel[key];
      if (!isObject(resource)) {
        resource = {};
        setSelfLoc(resource, at);
        toplevel[key] = resource;
      }
      if (resource.name === null || resource.name === undefined) {
        const name =
          Object.hasOwn(resource, 'external') && isTrue(resource.external) ? key : `${goS(dict.name ?? null)}_${key}`;
        put(resource, 'name', name, at);
      }
    }
  }
}

/** strconv.ParseBool(fmt.Sprint(x)) */
function isTrue(x: Tree): boolean {
  return ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(goV(x));
}
