/**
 * Profiles (compose-go types/project.go WithProfiles, WithServicesEnabled; types/services.go
 * GetProfiles): which services `docker compose --profile P` runs.
 */
import { compareGo } from '../compat/go.js';
import { isObject, type TreeObject } from '../yaml/located.js';
import { pick, put, strings, type Project, type ProjectResult } from './project.js';

/** ServiceConfig.HasProfile: a service without profiles is always enabled; `*` enables every profile. */
export function hasProfile(service: TreeObject, profiles: readonly string[]): boolean {
  if (service.profiles === undefined) return true;
  const own = strings(service.profiles);
  return own.length === 0 || profiles.includes('*') || own.some((p) => profiles.includes(p));
}

/** The services of a model that the profiles disable, with their own profiles (for the messages). */
export function disabledByProfiles(model: TreeObject, profiles: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const services = model.services;
  if (!isObject(services)) return out;
  // read in place: a copy of the services (servicesOf) was most of this pass on 10,000 services
  for (const name of Object.keys(services)) {
    const s = services[name];
    if (isObject(s) && !hasProfile(s, profiles)) out.set(name, strings(s.profiles));
  }
  return out;
}

/**
 * Project.WithProfiles: of all the services, enabled and disabled, those the profiles enable are the
 * model's services, the others are disabled.
 */
export function withProfiles(project: Project, profiles: readonly string[]): ProjectResult {
  const model = pick(project.model);
  const services = project.model.services;
  // every service enabled, none disabled before: the services are the input's, unchanged (copied
  // entry by entry with their provenance, they were 16 ms of a load of 10,000 services, warm)
  if (isObject(services) && (!project.disabled || Object.keys(project.disabled).length === 0) && allEnabled(services, profiles))
    return { model, disabled: {}, profiles: [...profiles] };
  const enabled: TreeObject = isObject(services) ? pick(services, () => false) : {};
  const disabled: TreeObject = {};
  const from = [services, project.disabled];
  for (const group of from) {
    if (!isObject(group)) continue;
    for (const name of Object.keys(group)) {
      const s = group[name];
      put(isObject(s) && !hasProfile(s, profiles) ? disabled : enabled, name, s, group);
    }
  }
  put(model, 'services', enabled, project.model);
  return { model, disabled, profiles: [...profiles] };
}

function allEnabled(services: TreeObject, profiles: readonly string[]): boolean {
  for (const name of Object.keys(services)) {
    const s = services[name];
    if (isObject(s) && !hasProfile(s, profiles)) return false;
  }
  return true;
}

/**
 * Project.WithServicesEnabled: the profiles of the named services that are disabled are added to
 * the active ones, which enables them (and every other service of those profiles).
 */
export function withServicesEnabled(project: Project, names: readonly string[]): ProjectResult {
  const profiles = [...(project.profiles ?? [])];
  const enabled = isObject(project.model.services) ? project.model.services : {};
  const disabled = project.disabled ?? {};
  for (const name of names) {
    if (Object.hasOwn(enabled, name)) continue;
    const s = Object.hasOwn(disabled, name) ? disabled[name] : undefined;
    if (isObject(s)) profiles.push(...strings(s.profiles));
  }
  if (names.length === 0)
    return { model: pick(project.model), disabled: pick(disabled), profiles: [...(project.profiles ?? [])] };
  return withProfiles(project, profiles);
}

/** Services.GetProfiles: the profiles the services name, each once (sorted: Go's map order is random). */
export function profilesOf(services: Record<string, unknown>): string[] {
  const set = new Set<string>();
  for (const s of Object.values(services)) if (isObject(s)) for (const p of strings(s.profiles)) set.add(p);
  return [...set].sort(compareGo);
}
