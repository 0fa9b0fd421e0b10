/**
 * What the loader does with the project once the model is loaded: the active profiles, the project
 * operations of src/project that `docker compose config` applies (profiles, the selected services,
 * unused resources pruned), and `scale` copied into `deploy.replicas` (loader/validate.go).
 */
import { copyLoc, isObject, setOwn, type TreeObject } from '../yaml/located.js';
import { fail } from './context.js';
import {
  ProjectError,
  withoutUnnecessaryResources,
  withProfiles,
  withSelectedServices,
  withServicesEnabled,
  type ProjectResult,
} from '../project/index.js';

export { disabledByProfiles } from '../project/profiles.js';

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

/**
 * ModelToProject's operations after the consistency checks (compose-go loader/loader.go): profiles,
 * then the selected services (`docker compose config web`: WithServicesEnabled, then
 * WithSelectedServices), then, unless `--all-resources`, WithoutUnnecessaryResources. A selected
 * name that is no service stops the load at the first file.
 */
export function projectOperations(
  dict: TreeObject,
  profiles: readonly string[],
  selected: readonly string[] | undefined,
  allResources: boolean,
  file: string,
): ProjectResult {
  let project = withProfiles({ model: dict }, profiles);
  if (selected?.length)
    try {
      project = withSelectedServices(withServicesEnabled(project, selected), selected);
    } catch (e) {
      if (e instanceof ProjectError) fail(e.code, e.message, { file, line: 1, column: 1 });
      throw e;
    }
  return allResources ? project : withoutUnnecessaryResources(project);
}
