/**
 * A whole bundle: every environment loaded (each file parsed once for all of them) and every
 * Compose file validated. This is the entry point the API, the CLI and the library share.
 */
import type { Diagnostic } from '../diagnostics.js';
import { sortDiagnostics } from '../diagnostics.js';
import { deriveEnvironments, dirname, resolveInBundle, type Bundle, type EnvironmentSpec } from '../bundle/bundle.js';
import { chooseRole, type Role, type RoleChoice } from '../bundle/roles.js';
import { isObject } from '../yaml/located.js';
import { validateSchema } from '../validate/schema.js';
import { loadProject, ParseCache, type LoadOptions, type LoadedProject } from './project.js';

export type EnvironmentRole = Role;

export interface LoadedEnvironment extends LoadedProject, RoleChoice {
  environment_name: string;
  /** the env files its variables were read from: `--env-file`, else `.env` beside the first file */
  envFiles: string[];
  /** the variables the process environment (the bundle's `env`) set: they win over env files */
  processVariables: string[];
}

/** The env files of an environment, as the loader picks them (project.ts projectEnvironment). */
export function envFilesOf(bundle: Bundle, spec: EnvironmentSpec): string[] {
  if (spec.envFiles) return spec.envFiles;
  const dotenv = resolveInBundle(dirname(spec.files[0]), '.env') ?? '.env';
  return Object.hasOwn(bundle.files, dotenv) ? [dotenv] : [];
}

export interface BundleResult {
  environments: Record<string, LoadedEnvironment>;
  specs: Record<string, EnvironmentSpec>;
  /** every diagnostic of the bundle, sorted, without duplicates */
  diagnostics: Diagnostic[];
  valid: boolean;
  cache: ParseCache;
}

const COMPOSE_NAME = /(^|\/)(docker-)?compose(\.[^/]+)?\.ya?ml$|[-_.]compose\.ya?ml$/;

export interface BundleOptions extends LoadOptions {
  /** only these environments (by name) */
  only?: string[];
  /** the role of every environment (the CLI's --role); wins over everything else */
  role?: Role;
  /** roles by environment name from the policy (`.compose-review.yaml` environments) */
  policyRoles?: Record<string, Role>;
  /** process environment for every environment (its own `env` wins) */
  env?: Record<string, string>;
}

export function loadBundle(bundle: Bundle, options: BundleOptions = {}): BundleResult {
  const { environments: specs } = deriveEnvironments(bundle);
  const cache = new ParseCache(bundle, options.yamlLimits);
  const environments: Record<string, LoadedEnvironment> = Object.create(null);
  const all: Diagnostic[] = [];
  const names = Object.keys(specs).filter((n) => !options.only || options.only.includes(n));
  for (const name of names) {
    const spec = options.env ? { ...specs[name], env: { ...options.env, ...(specs[name].env ?? {}) } } : specs[name];
    const loaded = loadProject(
      bundle,
      spec,
      { defaultProjectName: bundle.projectName, projectName: bundle.projectName, ...options },
      cache,
    );
    environments[name] = {
      ...loaded,
      environment_name: name,
      envFiles: envFilesOf(bundle, spec),
      processVariables: Object.keys(spec.env ?? {}),
      ...chooseRole({
        name,
        files: specs[name].files,
        flag: options.role,
        bundle: specs[name].role,
        policy: options.policyRoles && Object.hasOwn(options.policyRoles, name) ? options.policyRoles[name] : undefined,
      }),
    };
    all.push(...loaded.diagnostics);
  }
  // Compose files no environment uses are still validated on their own (schema, no interpolation).
  const used = new Set(cache.files());
  for (const path of Object.keys(bundle.files).sort()) {
    if (used.has(path) || !COMPOSE_NAME.test(path)) continue;
    const parsed = cache.get(path);
    if (!parsed) continue;
    all.push(...parsed.diagnostics);
    for (const doc of parsed.documents) if (isObject(doc.tree)) all.push(...validateSchema(doc.tree, path));
  }
  const seen = new Set<string>();
  const diagnostics = sortDiagnostics(all).filter((d) => {
    const k = `${d.code}|${d.file}|${d.line}|${d.column}|${d.message}`;
    return seen.has(k) ? false : (seen.add(k), true);
  });
  return { environments, specs, diagnostics, valid: !diagnostics.some((d) => d.severity === 'error'), cache };
}
