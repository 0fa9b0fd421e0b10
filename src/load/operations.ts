/**
 * The project operations `docker compose config` applies once the model is loaded (compose-go
 * types/project.go): profiles, the selected services, unused resources pruned, and `scale` copied
 * into `deploy.replicas` (loader/validate.go).
 */
import { copyLoc, isObject, setOwn, type TreeObject } from '../yaml/located.js';
import { fail } from './context.js';

/** The active profiles: the option, else the environment spec's, else COMPOSE_PROFILES. */
export function activeProfiles(
  option: string[] | undefined,
  spec: string[] | undefined,
  env: Record<string, string>,
): string[] {
  return (
    option ??
    spec ??
    (env.COMPOSE_PROFILES
      ? env.COMPOSE_PROFILES.split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [])
  );
}

/**
 * checkConsistency (loader/validate.go) writes `scale` into a service's `deploy.replicas` when it has
 * a `deploy` section: the check works on a copy of the service, but `deploy` is a pointer.
 */
export function scaleToReplicas(dict: TreeObject): void {
  const services = isObject(dict.services) ? dict.services : {};
  for (const name of Object.keys(services)) {
    const s = services[name];
    if (!isObject(s) || s.scale === undefined || s.scale === null || !isObject(s.deploy)) continue;
    setOwn(s.deploy, 'replicas', s.scale);
    copyLoc(s, 'scale', s.deploy, 'replicas');
  }
}

/** Project.WithProfiles: the services no active profile enables, with their own profiles. */
export function disabledByProfiles(dict: TreeObject, profiles: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const services = dict.services;
  if (!isObject(services)) return out;
  for (const name of Object.keys(services)) {
    const s = services[name];
    const own =
      isObject(s) && Array.isArray(s.profiles) ? s.profiles.filter((p): p is string => typeof p === 'string') : [];
    if (!(own.length === 0 || profiles.includes('*') || own.some((p) => profiles.includes(p)))) out.set(name, own);
  }
  return out;
}

/**
 * Project.WithProfiles: a service is enabled when it has no profiles or one of them is active
 * (`*` enables all). Disabled services are removed from the model and returned.
 */
export function applyProfiles(dict: TreeObject, profiles: string[]): string[] {
  const disabled = [...disabledByProfiles(dict, profiles).keys()];
  const services = dict.services as TreeObject;
  for (const name of disabled) delete services[name];
  return disabled;
}

/** Project.WithServicesEnabled: selecting a service activates its profiles. */
export function profilesOf(dict: TreeObject, names: string[]): string[] {
  const services = isObject(dict.services) ? dict.services : {};
  return names.flatMap((n) => {
    const s = services[n];
    return isObject(s) && Array.isArray(s.profiles) ? s.profiles.filter((p): p is string => typeof p === 'string') : [];
  });
}

/**
 * Project.WithSelectedServices + WithoutUnnecessaryResources: the selected services and what they
 * depend on (transitively) stay; dependencies on dropped services and unused resources go.
 */
export function selectServices(dict: TreeObject, names: string[], file: string): void {
  const services = isObject(dict.services) ? dict.services : {};
  const keep = new Set<string>();
  // depth first with a stack of our own: a chain of thousands of dependencies must not overflow ours
  const stack: string[] = [];
  for (const name of names) {
    stack.push(name);
    while (stack.length) {
      const n = stack.pop() as string;
      if (keep.has(n)) continue;
      if (!Object.hasOwn(services, n)) fail('no-such-service', `no such service: ${n}`, { file, line: 1, column: 1 });
      keep.add(n);
      const deps = (services[n] as TreeObject).depends_on;
      if (isObject(deps)) for (const d of Object.keys(deps)) if (Object.hasOwn(services, d)) stack.push(d);
    }
  }
  for (const n of Object.keys(services)) if (!keep.has(n)) delete services[n];
  for (const s of Object.values(services))
    if (isObject(s) && isObject(s.depends_on))
      for (const d of Object.keys(s.depends_on)) if (!keep.has(d)) delete s.depends_on[d];
}

/**
 * Project.WithoutUnnecessaryResources, which `docker compose` applies unless `--all-resources`:
 * only the networks, named volumes, secrets (build secrets too), configs and models that an
 * enabled service uses stay.
 */
export function pruneUnusedResources(dict: TreeObject): void {
  const services = isObject(dict.services) ? dict.services : {};
  const used: Record<string, Set<string>> = {
    networks: new Set(),
    volumes: new Set(),
    secrets: new Set(),
    configs: new Set(),
    models: new Set(),
  };
  const sources = (kind: string, list: unknown): void => {
    if (Array.isArray(list)) for (const x of list) used[kind].add(isObject(x) ? String(x.source) : String(x));
  };
  for (const s of Object.values(services)) {
    if (!isObject(s)) continue;
    if (isObject(s.networks)) for (const k of Object.keys(s.networks)) used.networks.add(k);
    else if (Array.isArray(s.networks)) for (const k of s.networks) used.networks.add(String(k));
    if (Array.isArray(s.volumes))
      for (const v of s.volumes)
        if (isObject(v) && v.type === 'volume' && typeof v.source === 'string' && v.source !== '')
          used.volumes.add(v.source);
    sources('secrets', s.secrets);
    if (isObject(s.build)) sources('secrets', s.build.secrets);
    sources('configs', s.configs);
    if (isObject(s.models)) for (const k of Object.keys(s.models)) used.models.add(k);
    else if (Array.isArray(s.models)) for (const k of s.models) used.models.add(String(k));
  }
  for (const kind of Object.keys(used)) {
    const defs = dict[kind];
    if (!isObject(defs)) continue;
    for (const k of Object.keys(defs)) if (!used[kind].has(k)) delete defs[k];
    if (Object.keys(defs).length === 0) delete dict[kind]; // an empty map is omitted (omitempty)
  }
}
