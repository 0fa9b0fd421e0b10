/**
 * Project.WithoutUnnecessaryResources (compose-go types/project.go), which `docker compose` applies
 * unless `--all-resources`: the networks, named volumes, secrets (build secrets too), configs and
 * models no enabled service uses are dropped.
 */
import { isObject, type Tree } from '../yaml/located.js';
import { pick, put, type Project, type ProjectResult } from './project.js';

const KINDS = ['networks', 'volumes', 'secrets', 'configs', 'models'];

export function withoutUnnecessaryResources(project: Project): ProjectResult {
  const used: Record<string, Set<string>> = {
    networks: new Set(),
    volumes: new Set(),
    secrets: new Set(),
    configs: new Set(),
    models: new Set(),
  };
  const names = (kind: string, v: Tree | undefined): void => {
    if (isObject(v)) for (const k of Object.keys(v)) used[kind].add(k);
    else if (Array.isArray(v)) for (const k of v) used[kind].add(String(k));
  };
  const sources = (kind: string, list: Tree | undefined): void => {
    if (Array.isArray(list)) for (const x of list) used[kind].add(isObject(x) ? String(x.source) : String(x));
  };
  // the services read in place (a copy of them, servicesOf, was a third of this operation)
  const services = isObject(project.model.services) ? project.model.services : {};
  for (const name of Object.keys(services)) {
    const s = services[name];
    if (!isObject(s)) continue;
    names('networks', s.networks);
    if (Array.isArray(s.volumes))
      for (const v of s.volumes)
        if (isObject(v) && v.type === 'volume' && typeof v.source === 'string' && v.source !== '')
          used.volumes.add(v.source);
    sources('secrets', s.secrets);
    if (isObject(s.build)) sources('secrets', s.build.secrets);
    sources('configs', s.configs);
    names('models', s.models);
  }
  const model = pick(project.model, () => false);
  for (const k of Object.keys(project.model)) {
    const defs = project.model[k];
    if (!KINDS.includes(k) || !isObject(defs)) {
      put(model, k, defs, project.model);
      continue;
    }
    const kept = pick(defs, (name) => used[k].has(name));
    // an empty map is omitted from the model (omitempty)
    if (Object.keys(kept).length) put(model, k, kept, project.model);
  }
  return { model, disabled: pick(project.disabled ?? {}), profiles: [...(project.profiles ?? [])] };
}
