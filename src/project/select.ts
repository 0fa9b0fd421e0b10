/**
 * Selecting services (compose-go types/project.go ForEachService, WithSelectedServices,
 * WithServicesDisabled): what `docker compose config web` keeps, which services `docker compose up
 * web` touches and in which order, what `--no-deps` leaves out.
 */
import { compareGo } from '../compat/go.js';
import { isObject, type TreeObject } from '../yaml/located.js';
import {
  dependsOn,
  matchName,
  pick,
  put,
  ProjectError,
  servicesOf,
  type Project,
  type ProjectResult,
  type Services,
} from './project.js';

/**
 * compose-go's DependencyOption: with each named service, the services it depends on
 * (`dependencies`, IncludeDependencies, the default), the services that depend on it (`dependents`,
 * IncludeDependents), or nothing more (`none`, IgnoreDependencies: `docker compose up --no-deps`).
 */
export type DependencyPolicy = 'dependencies' | 'dependents' | 'none';

export interface SelectOptions {
  dependencies?: DependencyPolicy;
}

const GLOB = /[*?[\\]/;

/**
 * The enabled services the names select (Project.getServicesByNames: each name a filepath.Match
 * pattern; none: every service) and the names that select nothing.
 */
function byNames(services: Services, names: readonly string[] | null): { found: string[]; missing: string[] } {
  if (names === null || names.length === 0) return { found: Object.keys(services).sort(compareGo), missing: [] };
  const found = new Set<string>();
  const missing: string[] = [];
  for (const name of names) {
    let matched = false;
    if (!GLOB.test(name)) {
      if ((matched = Object.hasOwn(services, name))) found.add(name);
    } else
      for (const s of Object.keys(services))
        if (matchName(name, s)) {
          found.add(s);
          matched = true;
        }
    if (!matched) missing.push(name);
  }
  return { found: [...found].sort(compareGo), missing };
}

/** For each service, the services that depend on it, with whether they require it. */
function dependentsIndex(services: Services): Map<string, Map<string, boolean>> {
  const out = new Map<string, Map<string, boolean>>();
  for (const name of Object.keys(services))
    for (const [dep, required] of dependsOn(services[name])) {
      let m = out.get(dep);
      if (!m) out.set(dep, (m = new Map<string, boolean>()));
      m.set(name, required);
    }
  return out;
}

/**
 * Project.ForEachService: the services the names select (patterns; none: all), each after the
 * services it depends on (or, with `dependents`, after the services that depend on it), each once,
 * in the order compose-go visits them. Where compose-go's order is a Go map's (services that do not
 * depend on each other), ours is by name. A name that selects nothing, or a required dependency that
 * is not an enabled service, is a ProjectError `no such service: NAME`.
 */
export function servicesInOrder(
  project: Project,
  names: readonly string[] | null,
  options: SelectOptions = {},
): string[] {
  const services = servicesOf(project.model);
  const policy = options.dependencies ?? 'dependencies';
  const dependents = policy === 'dependents' ? dependentsIndex(services) : undefined;
  const seen = new Set<string>();
  const order: string[] = [];
  /** one level of compose-go's withServices recursion: the services it selected, the service to visit after them */
  interface Frame {
    pending: string[];
    next: number;
    after?: string;
  }
  const level = (list: readonly string[] | null, deps?: Map<string, boolean>, after?: string): Frame => {
    const { found, missing } = byNames(services, list);
    for (const m of missing)
      if (!deps || deps.get(m) !== false) throw new ProjectError('no-such-service', `no such service: ${m}`, m);
    return { pending: found, next: 0, after };
  };
  // a stack of our own: a chain of thousands of dependencies must not overflow JavaScript's
  const stack: Frame[] = [level(names)];
  while (stack.length) {
    const top = stack[stack.length - 1];
    if (top.next >= top.pending.length) {
      stack.pop();
      if (top.after !== undefined) order.push(top.after);
      continue;
    }
    const name = top.pending[top.next++];
    if (seen.has(name)) continue;
    seen.add(name);
    const deps =
      policy === 'dependencies'
        ? dependsOn(services[name])
        : policy === 'dependents'
          ? dependents?.get(name)
          : undefined;
    if (deps && deps.size > 0) stack.push(level([...deps.keys()], deps, name));
    else order.push(name);
  }
  return order;
}

/**
 * Project.WithSelectedServices (`docker compose config web`): the selected services and, by the
 * policy, their dependencies or dependents stay enabled, each keeping only the `depends_on` entries
 * on services that stay; the others are disabled (Project.WithServicesDisabled, in name order). No
 * names: every service.
 */
export function withSelectedServices(
  project: Project,
  names: readonly string[],
  options: SelectOptions = {},
): ProjectResult {
  const profiles = [...(project.profiles ?? [])];
  if (names.length === 0) return { model: pick(project.model), disabled: pick(project.disabled ?? {}), profiles };
  const keep = new Set(servicesInOrder(project, names, options));
  const services = servicesOf(project.model);
  const from = isObject(project.model.services) ? project.model.services : {};
  const enabled = pick(from, () => false);
  const disabled = pick(project.disabled ?? {});
  const dropped = Object.keys(services)
    .filter((n) => !keep.has(n))
    .sort(compareGo);
  // a service disabled later still loses its `depends_on` on one disabled before it (compose-go's loop)
  const position = new Map(dropped.map((n, i) => [n, i]));
  for (const name of Object.keys(from)) {
    const s = from[name];
    if (!isObject(s)) continue;
    const at = position.get(name);
    const keepDep =
      at === undefined ? (d: string) => keep.has(d) : (d: string) => !((position.get(d) ?? Infinity) < at);
    put(at === undefined ? enabled : disabled, name, withDependencies(s, keepDep), from);
  }
  const model = pick(project.model);
  put(model, 'services', enabled, project.model);
  return { model, disabled, profiles };
}

/**
 * Project.WithServicesDisabled: each named service leaves the enabled services for the disabled ones,
 * and the enabled services no longer depend on it.
 */
export function withServicesDisabled(project: Project, names: readonly string[]): ProjectResult {
  const from = isObject(project.model.services) ? project.model.services : {};
  const off = new Map<string, number>();
  names.forEach((n, i) => {
    if (!off.has(n)) off.set(n, i);
  });
  const enabled = pick(from, () => false);
  const disabled = pick(project.disabled ?? {});
  for (const name of Object.keys(from)) {
    const s = from[name];
    if (!isObject(s)) {
      put(enabled, name, s, from);
      continue;
    }
    const at = off.get(name);
    // an enabled service loses every named dependency; a disabled one those disabled before it
    const keepDep = (d: string) => !off.has(d) || (at !== undefined && (off.get(d) ?? -1) > at);
    put(at === undefined ? enabled : disabled, name, withDependencies(s, keepDep), from);
  }
  const model = pick(project.model);
  put(model, 'services', enabled, project.model);
  return { model, disabled, profiles: [...(project.profiles ?? [])] };
}

/** The service with only the `depends_on` entries `keep` accepts (itself when nothing goes). */
function withDependencies(service: TreeObject, keep: (dep: string) => boolean): TreeObject {
  const deps = service.depends_on;
  if (!isObject(deps) || Object.keys(deps).every(keep)) return service;
  const kept = pick(deps, keep);
  // an empty map is omitted from the model (omitempty)
  const out = pick(service, (k) => k !== 'depends_on' || Object.keys(kept).length > 0);
  if (Object.keys(kept).length) put(out, 'depends_on', kept, service);
  return out;
}
