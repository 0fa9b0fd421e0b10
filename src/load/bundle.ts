/**
 * A whole bundle: every environment loaded (each file parsed once for all of them) and every
 * Compose file validated. This is the entry point the API, the CLI and the library share.
 */
import type { Diagnostic } from '../diagnostics.js';
import { diagnostic, sortDiagnostics } from '../diagnostics.js';
import {
  DEFAULT_COMPOSE_NAMES,
  deriveEnvironments,
  type PassedOver,
  dirname,
  resolveInBundle,
  type Bundle,
  type EnvironmentSpec,
} from '../bundle/bundle.js';
import { chooseRole, type Role, type RoleChoice } from '../bundle/roles.js';
import { isObject } from '../yaml/located.js';
import { validateSchema } from '../validate/schema.js';
import { loadBudgets, loadProject, ParseCache, type LoadOptions, type LoadedProject } from './project.js';
import { append, capDiagnostics, limitDiagnostic, type Budgets } from '../limits.js';
import { emptyRecord } from '../records.js';
import { jsonQuote } from '../utf8.js';

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
  /**
   * every diagnostic of the bundle, sorted, without duplicates, capped to the `diagnostics` budget
   * (the most severe kept, then a `diagnostic-limit` entry saying how many were left out)
   */
  diagnostics: Diagnostic[];
  /** the same before capping: what verdicts and counts are computed from */
  allDiagnostics: Diagnostic[];
  /** no error among all the diagnostics (capped or not) */
  valid: boolean;
  cache: ParseCache;
  budgets: Budgets;
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
  /** default-named files passed over before the bundle was made (the CLI's own discovery, src/cli/files.ts) */
  passedOver?: PassedOver[];
}

/**
 * A bundle that names no environment and has no file with a default Compose name has nothing to
 * check: that is an error of its content (every face then says not valid), not an empty success.
 * It points at the file most likely meant as the Compose file, so annotations have a place to go.
 */
function noComposeFile(bundle: Bundle): Diagnostic {
  const paths = Object.keys(bundle.files).sort();
  const composeLike = paths.find((p) => COMPOSE_NAME.test(p));
  const yaml = composeLike ?? paths.find((p) => /\.ya?ml$/.test(p));
  const names = DEFAULT_COMPOSE_NAMES.join(', ');
  const message = composeLike
    ? `no environment to load: ${composeLike} looks like a Compose file, but the bundle has no base file (${names}) to go with it and names no environments`
    : `no Compose file found: the bundle has none of ${names} and names no environments`;
  const example = jsonQuote({ production: { files: [yaml ?? 'compose.yaml'] } });
  return diagnostic(
    'no-compose-file',
    'error',
    message,
    yaml ? { file: yaml, line: 1, column: 1 } : undefined,
    '',
    `name the Compose files in "environments" (${example}), or give the base file a default name`,
  );
}

/**
 * docker compose's warning for a default-named file passed over for another of its directory
 * (compose-go cli/options.go:164-180 WithDefaultConfigPath), as a diagnostic at that file.
 */
export function passedOverDiagnostic(p: PassedOver): Diagnostic {
  return diagnostic(
    'compose-file-passed-over',
    'warning',
    `Found multiple ${p.override ? 'override' : 'config'} files with supported names: ${p.found.join(', ')}. Using ${p.using}: ${p.file} is not loaded`,
    { file: p.file, line: 1, column: 1 },
    '',
    `keep one of them, or name the environments' files ("environments")`,
  );
}

/** A Compose file of the bundle that no environment loads (nor includes, nor extends from). */
function notLoaded(file: string): Diagnostic {
  return diagnostic(
    'compose-file-not-loaded',
    'warning',
    `${file} looks like a Compose file, but no environment loads it: its services are neither validated with the others nor audited`,
    { file, line: 1, column: 1 },
    '',
    `name the environments and their files ("environments"), or include it from a file that is loaded`,
  );
}

export function loadBundle(bundle: Bundle, options: BundleOptions = {}): BundleResult {
  const derived = deriveEnvironments(bundle);
  const specs = derived.environments;
  const passedOver = [...(options.passedOver ?? []), ...(derived.passedOver ?? [])];
  const budgets = loadBudgets(options);
  const cache = new ParseCache(bundle, budgets);
  const environments: Record<string, LoadedEnvironment> = emptyRecord();
  const all: Diagnostic[] = [];
  if (Object.keys(specs).length === 0) all.push(noComposeFile(bundle));
  // `only` narrows the load to environments the bundle has: one it lacks is refused by the caller
  // (usecases/answer.ts requireEnvironments) quoting the name asked for, masked with the secrets of
  // the whole bundle, which a load of nothing would not know (attack21: `?environment=<secret>`)
  const only = options.only?.every((n) => Object.hasOwn(specs, n)) ? new Set(options.only) : undefined;
  const names = Object.keys(specs).filter((n) => !only || only.has(n));
  if (names.length > budgets.environments) {
    const first = specs[names[budgets.environments]];
    all.push(
      limitDiagnostic(
        'environment-limit',
        'environments',
        `the bundle makes ${names.length} environments: only the first ${budgets.environments} are loaded (${names
          .slice(budgets.environments)
          .join(', ')} are not)`,
        { file: first.files[first.files.length - 1] ?? '', line: 1, column: 1 },
      ),
    );
    names.length = budgets.environments;
  }
  // one object for every environment: the cache shares the loads of environments with the same options
  cache.expectFirstFiles(names.map((n) => specs[n].files[0]));
  const loadOptions = { defaultProjectName: bundle.projectName, projectName: bundle.projectName, ...options, budgets };
  for (const name of names) {
    const spec = options.env ? { ...specs[name], env: { ...options.env, ...(specs[name].env ?? {}) } } : specs[name];
    // the loaded project becomes the environment: its own fields added in place, in the order a
    // spread copy had them (`{...loaded, environment_name, ..., ...chooseRole()}`, whose spread after
    // other fields copied key by key at runtime, was 4% of the seed's loadBundle)
    const loaded = loadProject(bundle, spec, loadOptions, cache) as LoadedEnvironment;
    loaded.environment_name = name;
    loaded.envFiles = envFilesOf(bundle, spec);
    loaded.processVariables = Object.keys(spec.env ?? {});
    const role = chooseRole({
      name,
      files: specs[name].files,
      flag: options.role,
      bundle: specs[name].role,
      policy: options.policyRoles && Object.hasOwn(options.policyRoles, name) ? options.policyRoles[name] : undefined,
    });
    loaded.role = role.role;
    loaded.roleSource = role.roleSource;
    loaded.roleReason = role.roleReason;
    environments[name] = loaded;
    append(all, loaded.diagnostics);
  }
  // a default-named file passed over for another: docker compose's warning, at that file
  for (const p of passedOver) all.push(passedOverDiagnostic(p));
  // Compose files no environment uses are still validated on their own (schema, no interpolation),
  // and said to be left out: their services are neither merged nor audited
  const used = new Set([...cache.files(), ...Object.values(specs).flatMap((spec) => spec.files)]);
  const reported = new Set(passedOver.map((p) => p.file));
  // the project directories (each environment's first file's): a Compose file in another folder is
  // another project, which docker compose run here would not load either
  const projectDirs = new Set(Object.values(specs).map((spec) => dirname(spec.files[0] ?? '')));
  for (const path of Object.keys(bundle.files).sort()) {
    if (used.has(path) || !COMPOSE_NAME.test(path)) continue;
    if (projectDirs.has(dirname(path)) && !reported.has(path)) all.push(notLoaded(path));
    const parsed = cache.get(path);
    if (!parsed) continue;
    append(all, parsed.diagnostics);
    for (const doc of parsed.documents) if (isObject(doc.tree)) append(all, validateSchema(doc.tree, path));
  }
  const seen = new Set<string>();
  const allDiagnostics = sortDiagnostics(all).filter((d) => {
    const k = `${d.code}|${d.file}|${d.line}|${d.column}|${d.message}`;
    return seen.has(k) ? false : (seen.add(k), true);
  });
  return {
    environments,
    specs,
    diagnostics: capDiagnostics(allDiagnostics, budgets.diagnostics),
    allDiagnostics,
    valid: !allDiagnostics.some((d) => d.severity === 'error'),
    cache,
    budgets,
  };
}
