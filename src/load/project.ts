/**
 * Loads one environment of a bundle the way `docker compose config` does (compose-go
 * loader/loader.go): per file and per YAML document: interpolate, include, !reset, extends, merge,
 * unicity, schema, canonical form; then defaults, consistency checks, environment resolution,
 * normalization and profiles. Content problems never throw: they come back as Diagnostics.
 */
import type { Diagnostic, Location } from '../diagnostics.js';
import { diagnostic, formatPath, sortDiagnostics } from '../diagnostics.js';
import { parseYaml, type ParsedYaml, type YamlLimits } from '../yaml/parse.js';
import { append, budgets as withDefaults, limitDiagnostic, usage, type Budgets, type Usage } from '../limits.js';
import {
  cloneTree,
  treeSize,
  isObject,
  keyLoc,
  setOwn,
  valueLoc,
  selfLoc,
  setLoc,
  copyLoc,
  locate,
  selfLoc as selfLocOf,
  setSelfLoc,
  type Tree,
  type TreeObject,
} from '../yaml/located.js';
import { dirname, resolveInBundle, type Bundle, type EnvironmentSpec } from '../bundle/bundle.js';
import { interpolateTree } from '../interpolate/tree.js';
import { parseDotenvInto, parseRawEnvInto, envFromFiles, DotenvError } from '../interpolate/dotenv.js';
import type { Growth } from '../interpolate/template.js';
import { mergeModels, extendService as mergeExtended } from '../merge/merge.js';
import { MergeError } from '../merge/types.js';
import { NormalizeError } from '../normalize/errors.js';
import type { TagMark } from '../yaml/parse.js';
import { enforceUnicity } from '../merge/unicity.js';
import { applyResets } from '../merge/reset.js';
import { canonical, setDefaultValues, omitEmpty } from '../normalize/canonical.js';
import { normalize } from '../normalize/normalize.js';
import { validateSchema } from '../validate/schema.js';
import { validateSemantics } from '../validate/semantic.js';
import { toConfigShape } from './shape.js';

export interface LoadOptions {
  /** `--no-interpolate` */
  noInterpolate?: boolean;
  /** `-p`: wins over `name:` and COMPOSE_PROJECT_NAME */
  projectName?: string;
  /** name used when nothing else names the project (Compose uses the directory name) */
  defaultProjectName?: string;
  /** skip JSON-schema validation of each file (the validate route runs it itself, once per file) */
  skipSchema?: boolean;
  /** work budgets (src/limits.ts); the defaults for those not given */
  budgets?: Partial<Budgets>;
  /** the YAML budgets under their former names (`budgets` wins) */
  yamlLimits?: YamlLimits;
  /** compose-go SkipNormalization: no default network, no project-prefixed names */
  skipNormalization?: boolean;
  /** compose-go SkipConsistencyCheck: no checks of references between resources */
  skipConsistencyCheck?: boolean;
  /** active profiles (overrides the environment spec and COMPOSE_PROFILES) */
  profiles?: string[];
  /** `docker compose config SERVICE...`: only these services, their dependencies and the resources they use */
  services?: string[];
  /** keep `env_file` in the model (compose-go's library default); `docker compose config` drops it */
  keepEnvFiles?: boolean;
  /**
   * keep networks, volumes, secrets, configs and models no enabled service uses (compose-go's library
   * default, `docker compose --all-resources`); by default they are dropped as `docker compose` does
   */
  allResources?: boolean;
  /** bundle directory that relative paths resolve against (default: the first file's directory) */
  workingDir?: string;
  /** honour COMPOSE_PROJECT_NAME from the environment, as the docker compose CLI does (default true) */
  projectNameFromEnv?: boolean;
  /**
   * 'model': stop after the merge (compose-go loadYamlModel), before environment resolution and shapes;
   * 'raw': compose-go's LoadModel, what `docker compose config --no-interpolate` prints: the model
   * checked (without the consistency checks) and normalized, never made a project (no profiles, no
   * env_file reading, no Go shapes), and without secret values
   */
  stage?: 'model' | 'raw' | 'project';
}

export interface LoadedProject {
  name: string;
  /** canonical model; undefined when the project cannot be loaded (see diagnostics) */
  model?: TreeObject;
  files: string[];
  /** the variables the project was interpolated with (env over env files) */
  environment: Record<string, string>;
  profiles: string[];
  /** services not enabled by the active profiles */
  disabledServices: string[];
  /** every bundle file merged into the model: the -f files and what they include or extend */
  sources: string[];
  diagnostics: Diagnostic[];
}

/** Parse each file of a request once, whatever the number of environments using it. */
export class ParseCache {
  private readonly parsed = new Map<string, ParsedYaml>();
  private readonly fileMarks = new Map<string, TagMark[]>();
  constructor(
    readonly bundle: Bundle,
    readonly limits: Partial<Budgets> | Partial<YamlLimits> = {},
  ) {}
  get(path: string): ParsedYaml | undefined {
    let p = this.parsed.get(path);
    if (!p && Object.hasOwn(this.bundle.files, path)) {
      p = parseYaml(this.bundle.files[path], path, this.limits);
      this.parsed.set(path, p);
    }
    return p;
  }
  /** All the !reset / !override marks of a file (one array per file, so that they are compiled once). */
  marks(path: string): TagMark[] {
    let m = this.fileMarks.get(path);
    if (!m) {
      m = this.get(path)?.documents.flatMap((d) => d.marks) ?? [];
      this.fileMarks.set(path, m);
    }
    return m;
  }
  files(): string[] {
    return [...this.parsed.keys()];
  }
  private readonly lineCounts = new Map<string, number>();
  /** Lines of a bundle file (env and label files are read once per service: their size is counted each time). */
  lines(path: string): number {
    let n = this.lineCounts.get(path);
    if (n === undefined) {
      const text = Object.hasOwn(this.bundle.files, path) ? this.bundle.files[path] : '';
      n = 1;
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
      this.lineCounts.set(path, n);
    }
    return n;
  }
}

/** The budgets a load works under: `budgets`, then the former `yamlLimits` names, then the defaults. */
export function loadBudgets(options: Pick<LoadOptions, 'budgets' | 'yamlLimits'>): Budgets {
  const y = options.yamlLimits;
  return withDefaults({
    ...(y
      ? {
          fileBytes: y.maxFileBytes,
          yamlDepth: y.maxDepth,
          yamlNodes: y.maxNodes,
          aliasNodes: y.maxNodes,
          yamlAliases: y.maxAliases,
        }
      : {}),
    ...options.budgets,
  });
}

/** What an include entry loaded: kept to be reused by the environment's other references to it. */
interface IncludedModel {
  /** the included files' merged model, never handed out (each use gets a copy) */
  model: TreeObject;
  size: number;
  /** every file loaded for it, for the environment's sources and for cycle checks */
  files: Set<string>;
}

/** Thrown inside the loader to stop loading one environment; caught in loadProject. */
class LoadFailure extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics[0]?.message ?? 'load failed');
  }
}

type Lookup = (name: string) => string | undefined;

interface FileContext {
  cache: ParseCache;
  lookup: Lookup;
  env: Record<string, string>;
  options: LoadOptions;
  diagnostics: Diagnostic[];
  /** files being included, for cycle detection */
  including: string[];
  /** the project directory relative paths (extends.file, include) are resolved against */
  workingDir: string;
  /** files loaded so far (shared by the whole environment) */
  loaded: Set<string>;
  /** the environment's work against its budgets (shared by the whole environment) */
  usage: Usage;
  /** the variables' identity: two contexts with the same variables load a file the same way */
  envKey: string;
  /** include entries already loaded, by paths, project directory and variables (shared by the environment) */
  included: Map<string, IncludedModel>;
  /** files loaded for `extends`, by file and variables (shared by the environment) */
  extended: Map<string, TreeObject>;
  skipInclude?: boolean;
  skipExtends?: boolean;
}

const fail = (code: string, message: string, where: Location | undefined, path = ''): never => {
  throw new LoadFailure([diagnostic(code, 'error', message, where, path)]);
};

export function normalizeProjectName(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/^[_-]+/, '');
}

function makeLookup(env: Record<string, string>): Lookup {
  return (name) => (Object.hasOwn(env, name) ? env[name] : undefined);
}

/** The variables as a cache key: what they are, not which object holds them. */
function envKeyOf(env: Record<string, string>): string {
  return JSON.stringify(
    Object.keys(env)
      .sort()
      .map((k) => [k, env[k]]),
  );
}

/**
 * Reads env files of the bundle into one map (compose-go dotenv.GetEnvFromFile): later files override
 * earlier ones; `${VAR}` inside them resolves from the environment first, then earlier files.
 */
function readEnvFiles(
  bundle: Bundle,
  paths: string[],
  base: Lookup,
  diagnostics: Diagnostic[],
  from: Location | undefined,
  growth: Growth,
): Record<string, string> {
  const files: { path: string; content: string }[] = [];
  for (const p of paths) {
    if (!Object.hasOwn(bundle.files, p))
      diagnostics.push(
        diagnostic(
          'env-file-missing',
          'error',
          `env file ${p} not found in the bundle`,
          from ?? { file: p, line: 1, column: 1 },
          '',
        ),
      );
    else files.push({ path: p, content: bundle.files[p] });
  }
  try {
    return envFromFiles(files, base, { growth });
  } catch (e) {
    if (!(e instanceof DotenvError)) throw e;
    diagnostics.push(dotenvDiagnostic(e, { file: e.file ?? paths[0] ?? '', line: e.line ?? 1, column: 1 }));
    return Object.create(null);
  }
}

/** A .env problem: its syntax, or substitution past the interpolationChars budget. */
function dotenvDiagnostic(e: DotenvError, where: Location | undefined, path = ''): Diagnostic {
  return e.code === 'interpolation-size-limit'
    ? limitDiagnostic(e.code, 'interpolationChars', e.message, where, path)
    : diagnostic('dotenv-syntax', 'error', e.message, where, path);
}

/**
 * The variables of an environment: the request's/CLI's process-level env wins over the env files
 * (default `.env` in the project directory), like `docker compose`.
 */
export function projectEnvironment(
  bundle: Bundle,
  spec: EnvironmentSpec,
  diagnostics: Diagnostic[],
  growth: Growth = { max: loadBudgets({}).interpolationChars, used: 0 },
): Record<string, string> {
  const processEnv: Record<string, string> = Object.assign(Object.create(null), spec.env ?? {});
  const projectDir = dirname(spec.files[0]);
  const dotenv = resolveInBundle(projectDir, '.env') ?? '.env';
  const envFiles = spec.envFiles ?? (Object.hasOwn(bundle.files, dotenv) ? [dotenv] : []);
  const fromFiles = readEnvFiles(bundle, envFiles, makeLookup(processEnv), diagnostics, undefined, growth);
  return Object.assign(Object.create(null), fromFiles, processEnv);
}

export function loadProject(
  bundle: Bundle,
  spec: EnvironmentSpec,
  options: LoadOptions = {},
  cache = new ParseCache(bundle, loadBudgets(options)),
): LoadedProject {
  const diagnostics: Diagnostic[] = [];
  const work = usage(loadBudgets(options));
  const env = projectEnvironment(bundle, spec, diagnostics, work.interpolation);
  const profiles =
    options.profiles ??
    spec.profiles ??
    (env.COMPOSE_PROFILES
      ? env.COMPOSE_PROFILES.split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : []);
  const result: LoadedProject = {
    name: '',
    files: [...spec.files],
    environment: env,
    profiles,
    disabledServices: [],
    sources: [],
    diagnostics,
  };
  const ctx: FileContext = {
    cache,
    lookup: makeLookup(env),
    env,
    options,
    diagnostics,
    including: [],
    workingDir: options.workingDir ?? dirname(spec.files[0]),
    loaded: new Set(),
    usage: work,
    envKey: '',
    included: new Map(),
    extended: new Map(),
  };
  try {
    result.name = projectName(spec.files, ctx);
    env.COMPOSE_PROJECT_NAME = result.name;
    ctx.envKey = envKeyOf(env);
    let dict = loadFiles(spec.files, ctx);
    if (Object.keys(dict).length === 0)
      fail('empty-project', 'empty compose file', { file: spec.files[0], line: 1, column: 1 });
    dict = setDefaultValues(dict, { mutate: true });
    if (diagnostics.some((d) => d.severity === 'error')) throw new LoadFailure([]);
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
        : { consistency: !options.skipConsistencyCheck, disabled: disabledByProfiles(dict, profiles) },
    );
    append(diagnostics, semantic);
    if (semantic.some((d) => d.severity === 'error')) throw new LoadFailure([]);
    resolveEnvironment(dict, ctx.lookup, { secretValues: !raw });
    if (!options.skipNormalization) {
      dict.name = result.name;
      dict = normalize(dict, env, { mutate: true });
    }
    if (raw) {
      result.model = dict;
      return finish(result, ctx);
    }
    const selected = options.services?.length ? options.services : undefined;
    result.disabledServices = applyProfiles(dict, selected ? [...profiles, ...profilesOf(dict, selected)] : profiles);
    if (selected) selectServices(dict, selected, spec.files[0]);
    if (!options.allResources) pruneUnusedResources(dict);
    dict = toConfigShape(dict, ctx.lookup);
    if (!options.skipConsistencyCheck) scaleToReplicas(dict);
    resolveServiceEnvFiles(dict, ctx);
    resolveServiceLabelFiles(dict, ctx);
    result.model = dict;
  } catch (e) {
    append(diagnostics, asDiagnostics(e));
  }
  return finish(result, ctx);
}

/** Errors of the stages are values; anything else is a bug and propagates. */
function asDiagnostics(e: unknown, root?: TreeObject): Diagnostic[] {
  if (e instanceof LoadFailure) return e.diagnostics;
  if (e instanceof NormalizeError) return e.diagnostics;
  if (e instanceof MergeError)
    return [diagnostic(e.code, 'error', e.message, root ? locate(root, e.path) : undefined, formatPath(e.path))];
  throw e;
}

function finish(result: LoadedProject, ctx?: FileContext): LoadedProject {
  if (ctx) result.sources = [...ctx.loaded];
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

/**
 * The project name, as the docker compose CLI chooses it (compose-go cli/options.go + loader.projectName):
 * `-p`, else COMPOSE_PROJECT_NAME (also from .env), else the last `name:` of the files
 * (interpolated), else the directory name. An explicitly given name must already be normalized.
 */
function projectName(files: string[], ctx: FileContext): string {
  const imperative =
    ctx.options.projectName || (ctx.options.projectNameFromEnv !== false ? ctx.env.COMPOSE_PROJECT_NAME : undefined);
  if (imperative) {
    if (normalizeProjectName(imperative) !== imperative)
      fail(
        'invalid-project-name',
        `invalid project name ${JSON.stringify(imperative)}: must consist only of lowercase alphanumeric characters, hyphens, and underscores as well as start with a letter or number`,
        undefined,
      );
    return imperative;
  }
  let fromFile = '';
  let named = false;
  const holder: TreeObject = {};
  for (const f of files) {
    for (const doc of ctx.cache.get(f)?.documents ?? []) {
      const t = doc.tree;
      const raw = isObject(t) ? t.name : undefined;
      if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') {
        if (raw === '') continue;
        fromFile = String(raw);
        named = true;
        copyLoc(t, 'name', holder, 'name');
      }
    }
  }
  if (named && !ctx.options.noInterpolate) {
    // unset variables are blank here as everywhere (the file's own interpolation warns about them);
    // a failing `${VAR?}` fails the load (loader.go projectName)
    holder.name = fromFile;
    const r = interpolateTree(holder, ctx.lookup, { warnings: false, growth: ctx.usage.interpolation });
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length) throw new LoadFailure(errors);
    if (typeof r.tree.name === 'string') fromFile = r.tree.name;
  }
  fromFile = normalizeProjectName(fromFile);
  if (fromFile) return fromFile;
  // a file with a `name:` counts as named: the directory name is not a fallback (cli/options.go
  // withNamePrecedenceLoad), so a name that comes out empty is "project name must not be empty"
  if (named || ctx.options.defaultProjectName === '') return '';
  return normalizeProjectName(ctx.options.defaultProjectName ?? 'project') || 'project';
}

/** Model paths where `cfg` says null and the model merged so far has a value: the merge keeps it. */
function nullsKeepingBase(
  cfg: TreeObject,
  base: TreeObject,
  segs: (string | number)[] = [],
  out = new Set<string>(),
): Set<string> {
  for (const k of Object.keys(cfg)) {
    const v = cfg[k];
    const b = Object.hasOwn(base, k) ? base[k] : undefined;
    if (v === null && b !== undefined && b !== null) out.add(formatPath([...segs, k]));
    else if (isObject(v) && isObject(b)) nullsKeepingBase(v, b, [...segs, k], out);
  }
  return out;
}

/** loadYamlModel: merges the files in order into one canonical dict. */
function loadFiles(files: string[], ctx: FileContext, from?: Location): TreeObject {
  let dict: TreeObject = {};
  let failed: LoadFailure | undefined;
  for (const file of files) {
    try {
      dict = loadFile(file, dict, ctx, from);
    } catch (e) {
      // keep going through the other files so that every file's problems are reported at once
      failed ??= new LoadFailure([]);
      append(ctx.diagnostics, asDiagnostics(e, ctx.cache.get(file)?.documents[0]?.tree as TreeObject | undefined));
    }
  }
  if (failed) throw new LoadFailure([]);
  return dict;
}

/**
 * One file: each YAML document of it is merged in turn (compose-go loadYamlFile). `from` is where
 * the load was asked for (an include or extends entry), for the file-load budget's error.
 */
function loadFile(file: string, dict: TreeObject, ctx: FileContext, from?: Location): TreeObject {
  countLoad(ctx, `loading ${file}`, from ?? { file, line: 1, column: 1 });
  const parsed = ctx.cache.get(file);
  ctx.loaded.add(file);
  if (!parsed) return fail('file-not-found', `file ${file} is not part of the bundle`, undefined);
  if (parsed.diagnostics.length) {
    append(ctx.diagnostics, parsed.diagnostics);
    if (parsed.diagnostics.some((d) => d.severity === 'error')) throw new LoadFailure([]);
  }
  for (const doc of parsed.documents) {
    if (doc.tree === undefined || doc.tree === null) continue;
    if (!isObject(doc.tree)) fail('top-level-not-mapping', 'top-level object must be a mapping', doc.start);
    // interpolation returns a fresh tree; the parsed one is shared by every environment of the request
    let cfg = ctx.options.noInterpolate ? cloneTree(doc.tree as TreeObject) : (doc.tree as TreeObject);
    if (!ctx.options.noInterpolate) {
      const r = interpolateTree(cfg, ctx.lookup, { growth: ctx.usage.interpolation });
      if (r.diagnostics.some((d) => d.severity === 'error')) throw new LoadFailure(r.diagnostics);
      append(ctx.diagnostics, r.diagnostics);
      cfg = r.tree;
    }
    if (!ctx.options.skipSchema) {
      // compose-go validates the model merged so far (processRawYaml): a null in a later file keeps
      // the earlier value, so it is no error there; the file's other problems keep their places
      const kept = nullsKeepingBase(cfg, dict);
      const schema = kept.size ? validateSchema(cfg, file).filter((d) => !kept.has(d.path)) : validateSchema(cfg, file);
      if (schema.some((d) => d.severity === 'error')) throw new LoadFailure(schema);
      append(ctx.diagnostics, schema);
    }
    if (!ctx.skipInclude) applyInclude(cfg, file, doc.marks, ctx);
    dict = applyResets(dict, doc.marks, { mutate: true });
    if (!ctx.skipExtends) applyExtends(cfg, file, ctx);
    // compose-go runs the passes below over the whole model merged so far, once per document and
    // file: quadratic in their number. What the document did not touch was through them already
    // and they leave their own output as it is, so they run on what it touched only.
    const touched = touchedBy(mergeModels(dict, cfg, { mutate: true }), cfg);
    enforceUnicity(touched, { mutate: true });
    if (Object.hasOwn(dict, 'version')) {
      ctx.diagnostics.push(
        diagnostic(
          'obsolete-version',
          'warning',
          'the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion',
          keyLoc(cfg, 'version') ?? keyLoc(dict, 'version'),
          'version',
        ),
      );
      delete dict.version;
      delete touched.version;
    }
    enforceUnicity(
      omitEmpty(
        canonical(touched, {
          mutate: true,
          ignoreParseError: ctx.options.noInterpolate,
          onWarning: (d) => ctx.diagnostics.push(d),
          usage: ctx.usage,
        }),
        { mutate: true },
      ),
      { mutate: true },
    );
    writeBack(touched, dict);
  }
  return dict;
}

/** The resource maps whose entries a document touches one by one (the rest of the model, it touches whole). */
const BY_NAME = new Set(['services', 'networks', 'volumes', 'secrets', 'configs', 'models']);

/**
 * The part of `dict` that merging `cfg` into it changed: a model of the top-level keys `cfg` has,
 * where a resource map holds only the entries `cfg` names. Its values are `dict`'s own (with their
 * locations), so passes that work in place on it work on `dict`; what they replace is written back
 * by writeBack.
 */
function touchedBy(dict: TreeObject, cfg: TreeObject): TreeObject {
  const view: TreeObject = {};
  setSelfLoc(view, selfLocOf(dict));
  for (const key of Object.keys(cfg)) {
    if (!Object.hasOwn(dict, key)) continue;
    const all = dict[key];
    const some = cfg[key];
    if (BY_NAME.has(key) && isObject(all) && isObject(some)) {
      const part: TreeObject = {};
      setSelfLoc(part, selfLocOf(all));
      for (const name of Object.keys(some)) {
        if (!Object.hasOwn(all, name)) continue;
        setOwn(part, name, all[name]);
        copyLoc(all, name, part, name);
      }
      setOwn(view, key, part);
    } else setOwn(view, key, all);
    copyLoc(dict, key, view, key);
  }
  return view;
}

/** Puts what the passes made of the touched part back into `dict`. */
function writeBack(view: TreeObject, dict: TreeObject): void {
  for (const key of Object.keys(view)) {
    const part = view[key];
    const all = dict[key];
    if (BY_NAME.has(key) && isObject(part) && isObject(all) && part !== all)
      for (const name of Object.keys(part)) {
        setOwn(all, name, part[name]);
        copyLoc(part, name, all, name);
      }
    else {
      setOwn(dict, key, part);
      copyLoc(view, key, dict, key);
    }
  }
}

/** compose-go loader/extends.go: services[name] merged on top of the service it extends. */
function applyExtends(cfg: TreeObject, file: string, ctx: FileContext): void {
  const services = cfg.services;
  if (!isObject(services)) return;
  for (const name of Object.keys(services)) extendService(name, services, file, ctx.workingDir, ctx);
}

/** One service of an extends chain, and the service it extends. */
interface ExtendsStep {
  name: string;
  services: TreeObject;
  file: string;
  dir: string;
  service: TreeObject;
  baseDir: string;
}

/**
 * `file` defines `services` (its marks apply to the extended copy); `dir` is the directory its
 * relative `extends.file` paths are resolved against. The chain is followed down to a service that
 * extends nothing, then merged back up (compose-go recurses; a chain of thousands would overflow
 * our stack), each service resolved in place so that it is resolved once.
 */
function extendService(name: string, services: TreeObject, file: string, dir: string, ctx: FileContext): Tree {
  const chain: string[] = [];
  const inChain = new Set<string>();
  const steps: ExtendsStep[] = [];
  let at = { name, services, file, dir };
  for (;;) {
    const service = at.services[at.name];
    if (!isObject(service) || !Object.hasOwn(service, 'extends')) break;
    const ext = service.extends;
    const where = keyLoc(service, 'extends');
    const path = `services.${at.name}.extends`;
    let ref: string;
    let refFile: string | undefined;
    if (typeof ext === 'string') ref = ext;
    else if (isObject(ext)) {
      if (typeof ext.service !== 'string')
        return fail('extends-service-required', `extends.${at.name}.service is required`, where, path);
      ref = ext.service;
      if (typeof ext.file === 'string') {
        refFile = resolveInBundle(at.dir, ext.file);
        if (refFile === undefined)
          return fail(
            'path-outside-bundle',
            `extends.file ${JSON.stringify(ext.file)} points outside the bundle`,
            valueLoc(ext, 'file'),
            `${path}.file`,
          );
      }
    } else break;
    const key = `${refFile ?? at.file}:${ref}`;
    if (inChain.has(key) || (refFile === undefined && ref === at.name))
      return fail('extends-cycle', `Circular reference with extends: ${[...chain, key].join(' -> ')}`, where, path);
    chain.push(key);
    inChain.add(key);
    let baseServices = at.services;
    let baseFile = at.file;
    let baseDir = at.dir;
    if (refFile !== undefined) {
      if (!Object.hasOwn(ctx.cache.bundle.files, refFile))
        return fail(
          'extends-file-missing',
          `cannot read ${refFile}: the file is not part of the bundle`,
          valueLoc(ext, 'file'),
          `${path}.file`,
        );
      const loaded = extendedFile(refFile, ctx, valueLoc(ext, 'file'));
      if (!isObject(loaded.services))
        return fail(
          'extends-not-found',
          `cannot extend service ${JSON.stringify(at.name)} in ${refFile}: no services section`,
          where,
          path,
        );
      if (!Object.hasOwn(loaded.services, ref))
        return fail(
          'extends-not-found',
          `cannot extend service ${JSON.stringify(at.name)} in ${at.file}: service ${JSON.stringify(ref)} not found in ${ext && isObject(ext) ? String(ext.file) : refFile}`,
          where,
          path,
        );
      baseServices = loaded.services;
      baseFile = refFile;
      baseDir = dirname(refFile);
    } else if (!Object.hasOwn(at.services, ref)) {
      return fail(
        'extends-not-found',
        `cannot extend service ${JSON.stringify(at.name)} in ${at.file}: service ${JSON.stringify(ref)} not found`,
        where,
        path,
      );
    }
    steps.push({ ...at, service, baseDir });
    at = { name: ref, services: baseServices, file: baseFile, dir: baseDir };
  }
  let base = at.services[at.name];
  for (let i = steps.length - 1; i >= 0; i--) {
    const { name: n, services: defs, file: f, dir: d, service, baseDir } = steps[i];
    if (!isObject(base)) {
      base = service;
      continue;
    }
    countCopies(ctx, treeSize(base), keyLoc(service, 'extends'), `extending service ${n}`);
    let source = cloneTree(base);
    if (baseDir !== d) {
      const wrapped: TreeObject = { services: { [n]: source } };
      rebasePaths(wrapped, baseDir, d);
      source = (wrapped.services as TreeObject)[n] as TreeObject;
    }
    // the extending file's !reset / !override apply to the copy of the base (post.Apply in extends.go)
    source =
      ((applyResets({ services: { [n]: source } }, ctx.cache.marks(f)).services as TreeObject)?.[n] as TreeObject) ??
      {};
    const out = mergeExtended(source, service);
    delete out.extends;
    setOwn(defs, n, out);
    copyLoc(defs, n, defs, n);
    base = out;
  }
  return base;
}

/**
 * A file another one extends a service of, loaded without its includes and extends: once per
 * environment and set of variables, however many services extend it (its services are resolved in
 * place as they are extended, the same way whoever extends them).
 */
function extendedFile(file: string, ctx: FileContext, from: Location | undefined): TreeObject {
  const key = `${ctx.envKey}\0${file}`;
  let loaded = ctx.extended.get(key);
  if (!loaded) {
    loaded = loadFile(
      file,
      {},
      { ...ctx, skipInclude: true, skipExtends: true, options: { ...ctx.options, skipSchema: true } },
      from,
    );
    ctx.extended.set(key, loaded);
  }
  return loaded;
}

/**
 * Relative paths of a model loaded from another directory (an included file, an extended service of
 * another file) are rewritten relative to `toDir`: the paths compose-go's paths/resolve.go
 * ResolveRelativePaths makes absolute, kept relative here as the rest of the model is.
 */
function rebasePaths(model: TreeObject, fromDir: string, toDir: string): void {
  if (fromDir === toDir) return;
  const rebase = (p: unknown): unknown => {
    // absolute (Unix or Windows), home-relative (`~`, ExpandUser needs a home) or empty: as written
    if (
      typeof p !== 'string' ||
      p === '' ||
      p.startsWith('/') ||
      p.startsWith('~') ||
      p.startsWith('\\') ||
      /^[A-Za-z]:[\\/]/.test(p)
    )
      return p;
    const abs = resolveInBundle(fromDir, p);
    if (abs === undefined) return p;
    const from = toDir === '' ? [] : toDir.split('/');
    const to = abs === '' ? [] : abs.split('/');
    let i = 0;
    while (i < from.length && i < to.length && from[i] === to[i]) i++;
    const rel = [...from.slice(i).map(() => '..'), ...to.slice(i)].join('/');
    return rel === '' ? '.' : rel.startsWith('..') ? rel : `./${rel}`;
  };
  // paths/context.go absContextPath: builder URLs, `service:` and remote contexts stay
  const context = (p: unknown): unknown =>
    typeof p === 'string' &&
    (p.includes('://') || p.startsWith('service:') || /^(https?:\/\/|git:\/\/|ssh:\/\/|github\.com\/|git@)/.test(p))
      ? p
      : rebase(p);
  const each = (o: unknown, f: (p: unknown) => unknown): void => {
    if (isObject(o)) for (const k of Object.keys(o)) o[k] = f(o[k]) as Tree;
    else if (Array.isArray(o)) o.forEach((v, i) => (o[i] = f(v) as Tree));
  };
  const services = isObject(model.services) ? model.services : {};
  for (const s of Object.values(services)) {
    if (!isObject(s)) continue;
    if (isObject(s.build)) {
      if (Object.hasOwn(s.build, 'context')) s.build.context = context(s.build.context) as Tree;
      each(s.build.additional_contexts, context);
      each(s.build.ssh, rebase);
    }
    if (Array.isArray(s.env_file))
      for (const e of s.env_file) if (isObject(e) && Object.hasOwn(e, 'path')) e.path = rebase(e.path) as Tree;
    if (typeof s.label_file === 'string') s.label_file = rebase(s.label_file) as Tree;
    else each(s.label_file, rebase);
    if (isObject(s.extends) && typeof s.extends.file === 'string') s.extends.file = rebase(s.extends.file) as Tree;
    if (isObject(s.develop) && Array.isArray(s.develop.watch))
      for (const w of s.develop.watch) if (isObject(w) && Object.hasOwn(w, 'path')) w.path = rebase(w.path) as Tree;
    // absVolumeMount: every bind source, `data` as much as `./data`
    if (Array.isArray(s.volumes))
      for (const v of s.volumes)
        if (isObject(v) && v.type === 'bind' && Object.hasOwn(v, 'source')) v.source = rebase(v.source) as Tree;
  }
  for (const kind of ['secrets', 'configs']) {
    const defs = model[kind];
    if (isObject(defs))
      for (const d of Object.values(defs)) if (isObject(d) && Object.hasOwn(d, 'file')) d.file = rebase(d.file) as Tree;
  }
  // volumeDriverOpts: a local volume with `o: bind` is a bind mount of `device`
  if (isObject(model.volumes))
    for (const v of Object.values(model.volumes)) {
      const opts = isObject(v) && v.driver === 'local' && isObject(v.driver_opts) ? v.driver_opts : undefined;
      if (opts && opts.o === 'bind' && Object.hasOwn(opts, 'device')) opts.device = rebase(opts.device) as Tree;
    }
}

/** compose-go loader/include.go, with paths resolved inside the bundle only. */
function applyInclude(cfg: TreeObject, file: string, marks: TagMark[], ctx: FileContext): void {
  const inc = cfg.include;
  if (inc === undefined) return;
  delete cfg.include;
  if (!Array.isArray(inc))
    return fail('include-invalid', '`include` must be a list', keyLoc(cfg, 'include'), 'include');
  const dir = ctx.workingDir;
  inc.forEach((entry, i) => {
    const where = valueLoc(inc, i);
    const path = `include[${i}]`;
    const e: TreeObject = typeof entry === 'string' ? { path: entry } : isObject(entry) ? entry : {};
    const rawPaths =
      typeof e.path === 'string'
        ? [e.path]
        : Array.isArray(e.path)
          ? e.path.filter((p): p is string => typeof p === 'string')
          : [];
    if (rawPaths.length === 0) fail('include-invalid', 'include entry needs a path', where, path);
    const paths = rawPaths.map(
      (p) =>
        resolveInBundle(dir, p) ??
        fail('path-outside-bundle', `include path ${JSON.stringify(p)} points outside the bundle`, where, path),
    );
    for (const p of paths)
      if (!Object.hasOwn(ctx.cache.bundle.files, p))
        fail('include-file-missing', `included file ${p} is not part of the bundle`, where, path);
    const projectDir =
      typeof e.project_directory === 'string'
        ? (resolveInBundle(dir, e.project_directory) ??
          fail('path-outside-bundle', 'project_directory points outside the bundle', where, path))
        : dirname(paths[0]);
    if (ctx.including.includes(paths[0]) || paths[0] === file)
      fail(
        'include-cycle',
        `include cycle detected:\n${[...ctx.including, file, paths[0]].join('\n include ')}`,
        where,
        path,
      );
    let envFiles: string[] = [];
    const declared =
      typeof e.env_file === 'string'
        ? [e.env_file]
        : Array.isArray(e.env_file)
          ? e.env_file.filter((x): x is string => typeof x === 'string')
          : [];
    if (declared.length === 0) {
      const dotenv = resolveInBundle(projectDir, '.env');
      if (dotenv !== undefined && Object.hasOwn(ctx.cache.bundle.files, dotenv)) envFiles = [dotenv];
    } else {
      for (const f of declared) {
        if (f === '/dev/null') continue;
        const r = resolveInBundle(dir, f);
        if (r === undefined || !Object.hasOwn(ctx.cache.bundle.files, r))
          fail('env-file-missing', `env file ${f} not found in the bundle`, where, path);
        envFiles.push(r as string);
      }
    }
    const fromFiles = readEnvFiles(
      ctx.cache.bundle,
      envFiles,
      ctx.lookup,
      ctx.diagnostics,
      where,
      ctx.usage.interpolation,
    );
    const env = Object.assign(Object.create(null), fromFiles, ctx.env) as Record<string, string>;
    const imported = includedModel(paths, projectDir, env, file, ctx, where);
    rebasePaths(imported, projectDir, dir);
    for (const key of ['services', 'volumes', 'networks', 'secrets', 'configs', 'models']) {
      const from = imported[key];
      if (!isObject(from)) continue;
      const to = isObject(cfg[key]) ? (cfg[key] as TreeObject) : {};
      for (const name of Object.keys(from)) {
        if (!Object.hasOwn(to, name)) {
          setOwn(to, name, from[name]);
          copyLoc(from, name, to, name);
          continue;
        }
        // compose-go importResource: the including file's definition wins over the included one,
        // after its own !reset / !override marks are applied to the imported definition
        const imported1 = applyResets({ [key]: { [name]: from[name] } }, marks);
        const merged = mergeModels(imported1, { [key]: { [name]: to[name] } })[key] as TreeObject;
        setOwn(to, name, merged[name]);
      }
      if (!isObject(cfg[key])) {
        cfg[key] = to;
        setLoc(cfg, key, selfLoc(from), keyLoc(imported, key));
      }
    }
  });
}

/**
 * The model of an include entry's files, loaded with the entry's variables from its project
 * directory (compose-go loads it again for every reference: twenty files that each include the next
 * twice made a million loads). Loaded once per environment for the same files, directory and
 * variables, then copied for each reference; every reference still counts against the file-load
 * budget, since merging the copy costs as much as the model is big.
 */
function includedModel(
  paths: string[],
  projectDir: string,
  env: Record<string, string>,
  file: string,
  ctx: FileContext,
  where: Location | undefined,
): TreeObject {
  const envKey = envKeyOf(env);
  const key = `${JSON.stringify(paths)}\0${projectDir}\0${envKey}`;
  const known = ctx.included.get(key);
  // a model that loaded a file of the current include chain would close a cycle: load it to report it
  if (known && !known.files.has(file) && !ctx.including.some((f) => known.files.has(f))) {
    countLoad(ctx, `including ${paths[0]} again`, where ?? { file, line: 1, column: 1 });
    for (const f of known.files) ctx.loaded.add(f);
    countCopies(ctx, known.size, where, `including ${paths[0]} again`);
    return cloneTree(known.model);
  }
  const loaded = new Set<string>();
  const sub: FileContext = {
    ...ctx,
    env,
    envKey,
    lookup: makeLookup(env),
    including: [...ctx.including, file],
    workingDir: projectDir,
    loaded,
  };
  // loadYamlModel sets the defaults (build.context: .) before resolving the included paths
  const model = setDefaultValues(loadFiles(paths, sub, where), { mutate: true });
  // loadYamlModel ends with ResolveEnvironment: `- VAR` of the included files reads the include's env
  resolveEnvironment(model, sub.lookup, { secretValues: ctx.options.stage !== 'raw' });
  for (const f of loaded) ctx.loaded.add(f);
  ctx.included.set(key, { model: cloneTree(model), size: treeSize(model), files: loaded });
  return model;
}

/** compose-go loader/environment.go ResolveEnvironment: `- VAR` entries take the value from the environment. */
function resolveEnvironment(dict: TreeObject, lookup: Lookup, opts: { secretValues?: boolean } = {}): void {
  // list entries only: a mapping's `VAR:` (null) is left to normalize
  const services = isObject(dict.services) ? dict.services : {};
  for (const name of Object.keys(services)) {
    const s = services[name];
    const list = isObject(s) ? s.environment : undefined;
    if (!Array.isArray(list)) continue;
    list.forEach((item, i) => {
      if (typeof item !== 'string' || item.includes('=')) return;
      const v = lookup(item);
      if (v !== undefined) list[i] = `${item}=${v}`;
    });
  }
  for (const kind of ['secrets', 'configs'] as const) {
    const defs = dict[kind];
    if (!isObject(defs) || (kind === 'secrets' && opts.secretValues === false)) continue;
    for (const def of Object.values(defs)) {
      if (!isObject(def) || typeof def.environment !== 'string') continue;
      const v = lookup(def.environment);
      // secrets: compose-go keeps it as x-#secret-value, which its decoder turns into `content`
      if (v !== undefined) {
        def.content = v;
        copyLoc(def, 'environment', def, 'content');
      }
    }
  }
}

/**
 * Project.WithProfiles: a service is enabled when it has no profiles or one of them is active
 * (`*` enables all). Disabled services are removed from the model and returned.
 */
/**
 * checkConsistency (loader/validate.go) writes `scale` into a service's `deploy.replicas` when it has
 * a `deploy` section: the check works on a copy of the service, but `deploy` is a pointer.
 */
function scaleToReplicas(dict: TreeObject): void {
  const services = isObject(dict.services) ? dict.services : {};
  for (const name of Object.keys(services)) {
    const s = services[name];
    if (!isObject(s) || s.scale === undefined || s.scale === null || !isObject(s.deploy)) continue;
    setOwn(s.deploy, 'replicas', s.scale);
    copyLoc(s, 'scale', s.deploy, 'replicas');
  }
}

/** Project.WithProfiles: the services no active profile enables, with their own profiles. */
function disabledByProfiles(dict: TreeObject, profiles: readonly string[]): Map<string, string[]> {
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

function applyProfiles(dict: TreeObject, profiles: string[]): string[] {
  const disabled = [...disabledByProfiles(dict, profiles).keys()];
  const services = dict.services as TreeObject;
  for (const name of disabled) delete services[name];
  return disabled;
}

/** Project.WithServicesEnabled: selecting a service activates its profiles. */
function profilesOf(dict: TreeObject, names: string[]): string[] {
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
function selectServices(dict: TreeObject, names: string[], file: string): void {
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
function pruneUnusedResources(dict: TreeObject): void {
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

/**
 * Project.WithServicesEnvironmentResolved(discardEnvFiles=true), as `docker compose config` calls
 * it: env_file values first, the service's own environment over them, then env_file removed.
 */
function resolveServiceEnvFiles(dict: TreeObject, ctx: FileContext): void {
  const services = dict.services;
  if (!isObject(services)) return;
  for (const [name, s] of Object.entries(services)) {
    if (!isObject(s)) continue;
    const environment: TreeObject = isObject(s.environment) ? s.environment : {};
    const files = Array.isArray(s.env_file) ? s.env_file : [];
    if (!files.length) continue;
    // one map for all the files, starting from the service's own values: a later file expands
    // variables an earlier one set (types/project.go WithServicesEnvironmentResolved)
    const shared: Record<string, string> = Object.create(null);
    for (const k of Object.keys(environment))
      if (typeof environment[k] === 'string') shared[k] = environment[k] as string;
    const lookup: Lookup = (k) =>
      ctx.lookup(k) ?? (typeof environment[k] === 'string' ? (environment[k] as string) : undefined);
    const fromFiles: TreeObject = {};
    files.forEach((f, i) => {
      if (!isObject(f) || typeof f.path !== 'string') return;
      const where = valueLoc(s.env_file, i);
      const at = `services.${name}.env_file[${i}]`;
      const p = serviceFile(ctx, f.path);
      if (p === undefined) {
        if (f.required !== false) fail('env-file-missing', `env file ${f.path} not found in the bundle`, where, at);
        return;
      }
      // dotenv/format.go ParseWithFormat: the default parser, or a registered format (docker compose: raw)
      const format = f.format === undefined || f.format === null || f.format === '' ? 'dotenv' : String(f.format);
      if (format !== 'dotenv' && format !== 'raw')
        fail(
          'env-file-format',
          `unsupported env_file format ${JSON.stringify(format)}`,
          valueLoc(f, 'format') ?? where,
          `${at}.format`,
        );
      readServiceFile(
        ctx,
        p,
        format === 'raw' ? parseRawEnvInto : parseDotenvInto,
        shared,
        lookup,
        fromFiles,
        where,
        at,
      );
    });
    for (const k of Object.keys(shared)) if (!Object.hasOwn(environment, k)) setOwn(fromFiles, k, shared[k]);
    underInline(fromFiles, environment);
    // an empty result is left out, as Go's omitempty does
    if (Object.keys(fromFiles).length) {
      s.environment = fromFiles;
      copyLoc(s, 'env_file', s, 'environment');
    } else delete s.environment;
    if (!ctx.options.keepEnvFiles) delete s.env_file;
  }
}

/**
 * types/project.go WithServicesLabelsResolved: each `label_file` is a dotenv file whose variables
 * expand from the labels earlier files set (not from the environment); inline `labels` win.
 */
function resolveServiceLabelFiles(dict: TreeObject, ctx: FileContext): void {
  const services = dict.services;
  if (!isObject(services)) return;
  for (const [name, s] of Object.entries(services)) {
    if (!isObject(s) || s.label_file === undefined) continue;
    const files = Array.isArray(s.label_file) ? s.label_file : [s.label_file];
    const labels: TreeObject = {};
    const read: Record<string, string> = Object.create(null);
    files.forEach((f, i) => {
      if (typeof f !== 'string') return;
      const where = Array.isArray(s.label_file) ? valueLoc(s.label_file, i) : valueLoc(s, 'label_file');
      const at = `services.${name}.label_file[${i}]`;
      const p = serviceFile(ctx, f) ?? fail('label-file-missing', `label file ${f} not found in the bundle`, where, at);
      const own: Record<string, string> = Object.create(null);
      readServiceFile(
        ctx,
        p,
        parseDotenvInto,
        own,
        (k) => (Object.hasOwn(read, k) ? read[k] : undefined),
        labels,
        where,
        at,
      );
      for (const k of Object.keys(own)) read[k] = own[k];
    });
    for (const k of Object.keys(read)) setOwn(labels, k, read[k]);
    underInline(labels, isObject(s.labels) ? s.labels : {});
    if (Object.keys(labels).length) {
      if (!isObject(s.labels)) copyLoc(s, 'label_file', s, 'labels');
      s.labels = labels;
    }
    if (!ctx.options.keepEnvFiles) delete s.label_file;
  }
}

/** A service's env or label file, as a bundle path, when the bundle has it. */
function serviceFile(ctx: FileContext, path: string): string | undefined {
  const p = resolveInBundle(ctx.workingDir, path);
  return p !== undefined && Object.hasOwn(ctx.cache.bundle.files, p) ? p : undefined;
}

type EnvParser = (
  text: string,
  out: Record<string, string>,
  lookup: Lookup,
  onSet?: (key: string, line: number) => void,
  options?: { growth?: Growth },
) => void;

/**
 * Parses bundle file `p` into `into`; every key set gets its line as location in `locs`. Each
 * service reads its files again (their `${VAR}` read its own environment), so each line counts
 * against the copiedNodes budget: a thousand services reading one large env file is a million lines.
 */
function readServiceFile(
  ctx: FileContext,
  p: string,
  parse: EnvParser,
  into: Record<string, string>,
  lookup: Lookup,
  locs: TreeObject,
  where: Location | undefined,
  at: string,
): void {
  const text = ctx.cache.bundle.files[p];
  countCopies(ctx, ctx.cache.lines(p), where, `reading ${p}`, at);
  try {
    parse(text, into, lookup, (k, line) => setLoc(locs, k, { file: p, line, column: 1 }), {
      growth: ctx.usage.interpolation,
    });
  } catch (e) {
    if (e instanceof DotenvError && e.code === 'interpolation-size-limit')
      throw new LoadFailure([dotenvDiagnostic(new DotenvError(`${p}: ${e.message}`, e.line, p, e.code), where, at)]);
    fail('dotenv-syntax', `${p}: ${(e as Error).message}`, where, at);
  }
}

/** Counts one file load (or include reference) against the fileLoads budget. */
function countLoad(ctx: FileContext, what: string, where: Location): void {
  const max = ctx.usage.budgets.fileLoads;
  if (++ctx.usage.fileLoads > max)
    throw new LoadFailure([
      limitDiagnostic(
        'file-load-limit',
        'fileLoads',
        `${what} would make more than ${max.toLocaleString('en-US')} file loads for this environment`,
        where,
      ),
    ]);
}

/** Counts `n` nodes copied into the model against the copiedNodes budget. */
function countCopies(ctx: FileContext, n: number, where: Location | undefined, what: string, path = ''): void {
  const max = ctx.usage.budgets.copiedNodes;
  ctx.usage.copiedNodes += n;
  if (ctx.usage.copiedNodes > max)
    throw new LoadFailure([
      limitDiagnostic(
        'copy-limit',
        'copiedNodes',
        `${what} would copy more than ${max.toLocaleString('en-US')} nodes into this environment's model`,
        where,
        path,
      ),
    ]);
}

/** The service's own values over the ones read from files, with their own locations. */
function underInline(fromFiles: TreeObject, inline: TreeObject): void {
  for (const k of Object.keys(inline)) {
    setOwn(fromFiles, k, inline[k]);
    copyLoc(inline, k, fromFiles, k);
  }
}

export { formatPath };
