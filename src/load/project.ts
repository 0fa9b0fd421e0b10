/**
 * Loads one environment of a bundle the way `docker compose config` does (compose-go
 * loader/loader.go LoadWithContext, then ModelToProject). The pipeline, top to bottom:
 *
 *   variables (environment.ts) → project name (name.ts) → the files merged, per file and document:
 *   interpolate, include (include.ts), !reset, extends (extends.ts), merge, canonical form
 *   (files.ts) → defaults → semantic checks → `- VAR` resolved (environment.ts) → normalization →
 *   profiles, selected services, unused resources (operations.ts) → Go shapes (shape.ts) →
 *   env_file and label_file (envfiles.ts).
 *
 * Content problems never throw: they come back as Diagnostics.
 */
import type { Diagnostic } from '../diagnostics.js';
import { formatPath, sortDiagnostics } from '../diagnostics.js';
import { append, usage } from '../limits.js';
import { dirname, type Bundle, type EnvironmentSpec } from '../bundle/bundle.js';
import { setDefaultValues } from '../normalize/canonical.js';
import { normalize } from '../normalize/normalize.js';
import { validateSemantics } from '../validate/semantic.js';
import { loadBudgets, ParseCache } from './cache.js';
import {
  asDiagnostics,
  caseInsensitiveEnv,
  envKeyOf,
  fail,
  LastDefinitions,
  makeLookup,
  stop,
  type FileContext,
} from './context.js';
import { decodeSecretValues, envFileLocation, projectEnvironment, resolveEnvironment } from './environment.js';
import { projectName } from './name.js';
import { loadFiles } from './files.js';
import { activeProfiles, disabledByProfiles, projectOperations, scaleToReplicas } from './operations.js';
import { toConfigShape } from './shape.js';
import { matchFieldNames } from './fieldnames.js';
import { resolveServiceEnvFiles, resolveServiceLabelFiles } from './envfiles.js';
import type { LoadedProject, LoadOptions } from './types.js';
import { emptyRecord } from '../records.js';
import { processExtensions } from './extensions.js';

export type { LoadedProject, LoadOptions, ProjectNameSource } from './types.js';
export { loadBudgets, ParseCache } from './cache.js';
export { projectEnvironment } from './environment.js';
export { normalizeProjectName } from './name.js';

export function loadProject(
  bundle: Bundle,
  spec: EnvironmentSpec,
  options: LoadOptions = {},
  cache = new ParseCache(bundle, loadBudgets(options)),
): LoadedProject {
  const diagnostics: Diagnostic[] = [];
  const work = usage(loadBudgets(options));
  const env = projectEnvironment(bundle, spec, diagnostics, work.interpolation);
  const profiles = activeProfiles(options.profiles, spec.profiles, env);
  const result: LoadedProject = {
    name: '',
    files: [...spec.files],
    environment: env,
    profiles,
    disabledServices: [],
    disabled: emptyRecord(),
    sources: [],
    documents: emptyRecord(),
    versions: [],
    nameSource: { from: 'default' },
    diagnostics,
  };
  const ctx: FileContext = {
    cache,
    lookup: makeLookup(env),
    interpolationLookup: makeLookup(env, caseInsensitiveEnv(options)),
    env,
    options,
    diagnostics,
    versions: result.versions,
    including: [],
    workingDir: options.workingDir ?? dirname(spec.files[0]),
    loaded: new Set(),
    usage: work,
    envKey: '',
    included: new Map(),
    extended: new Map(),
    lastDefinitions: new LastDefinitions(),
    schemaReported: undefined,
  };
  try {
    const named = projectName(spec.files, ctx, (key) => envFileLocation(bundle, spec, key));
    result.name = named.name;
    result.nameSource = named.source;
    env.COMPOSE_PROJECT_NAME = result.name;
    ctx.envKey = envKeyOf(env);
    let dict = loadFiles(spec.files, ctx, undefined, true);
    if (Object.keys(dict).length === 0)
      fail('empty-project', 'empty compose file', { file: spec.files[0], line: 1, column: 1 });
    dict = setDefaultValues(dict, { mutate: true, defaultValues: options.defaultValues });
    if (diagnostics.some((d) => d.severity === 'error')) stop();
    if (options.stage === 'model') {
      result.model = dict;
      return finish(result, ctx);
    }
    if (result.name === '' && !options.skipSchema)
      fail('project-name-empty', 'project name must not be empty', { file: spec.files[0], line: 1, column: 1 });
    const raw = options.stage === 'raw';
    // compose-go checks some things on every load; SkipConsistencyCheck only skips the cross-references
    // profiles apply before checkConsistency (loader.go ModelToProject): disabled services are not checked
    const semantic = validateSemantics(
      dict,
      raw
        ? { consistency: false }
        : {
            consistency: !options.skipConsistencyCheck,
            disabled: disabledByProfiles(dict, profiles),
            lastDefinitions: ctx.lastDefinitions,
          },
    );
    append(diagnostics, semantic);
    if (semantic.some((d) => d.severity === 'error')) stop();
    resolveEnvironment(dict, ctx.lookup, { secretValues: !raw });
    if (!options.skipNormalization) {
      dict.name = result.name;
      dict = normalize(dict, env, { mutate: true });
    }
    if (raw) {
      result.model = dict;
      return finish(result, ctx);
    }
    // the x- entries it folds into `#extensions` text (or drops), as interpolated: the masking reads
    // a secret-named one's string value (src/redact/collector.ts)
    processExtensions(dict, (k, v) => {
      if (typeof v === 'string') (result.extensions ??= []).push([k, v]);
    });
    const project = projectOperations(dict, profiles, options.services, options.allResources === true, spec.files[0]);
    result.disabled = project.disabled;
    result.disabledServices = Object.keys(project.disabled);
    decodeSecretValues(project.model);
    matchFieldNames(project.model);
    dict = toConfigShape(project.model, ctx.lookup, diagnostics);
    if (!options.skipConsistencyCheck) scaleToReplicas(dict);
    resolveServiceEnvFiles(dict, ctx);
    resolveServiceLabelFiles(dict, ctx);
    result.model = dict;
  } catch (e) {
    append(diagnostics, asDiagnostics(e));
  }
  return finish(result, ctx);
}

function finish(result: LoadedProject, ctx: FileContext): LoadedProject {
  result.sources = [...ctx.loaded];
  for (const f of result.sources) result.documents[f] = ctx.cache.get(f)?.documents[0]?.tree;
  result.diagnostics = dedupe(sortDiagnostics(result.diagnostics));
  return result;
}

function dedupe(list: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const k = `${d.code}|${d.file}|${d.line}|${d.column}|${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export { formatPath };
