/**
 * compose-go loader/include.go: the models of `include` entries (each loaded once per environment,
 * files and variables, then copied), imported into the including file's model.
 */
import { diagnostic, type Diagnostic, type Location } from '../diagnostics.js';
import { compareGo, goQuote, goS, goType } from '../compat/go.js';
import {
  cloneTree,
  copyLoc,
  isObject,
  keyLoc,
  selfLoc,
  setLoc,
  setOwn,
  treeSize,
  valueLoc,
  type Tree,
  type TreeObject,
} from '../yaml/located.js';
import type { TagMark } from '../yaml/parse.js';
import { dirname, resolveInBundle } from '../bundle/bundle.js';
import { mergeAt } from '../merge/merge.js';
import { applyResets } from '../merge/reset.js';
import { setDefaultValues } from '../normalize/canonical.js';
import {
  caseInsensitiveEnv,
  countCopies,
  countLoad,
  envKeyOf,
  fail,
  failOutside,
  LastDefinitions,
  LoadFailure,
  makeLookup,
  type FileContext,
} from './context.js';
import { readEnvFiles, resolveEnvironment } from './environment.js';
import { loadFiles } from './files.js';
import { rebasePaths } from './paths.js';
import { matchFieldNames } from './fieldnames.js';
import { emptyRecord } from '../records.js';
import { jsonQuote } from '../utf8.js';

/** One `include` entry as compose-go decodes it (types.IncludeConfig). */
interface IncludeEntry {
  path: string[];
  env_file: string[];
  project_directory?: string;
}

/**
 * compose-go loadIncludeConfig: `include` is a list (null: none) whose string items are `{path: s}`,
 * decoded by mapstructure into types.IncludeConfig. That decoding is the only check compose-go makes
 * of an entry (ApplyInclude deletes `include` before the schema sees the model): unknown keys are
 * ignored, `path` and `env_file` are a string or a list of strings (StringList), `project_directory`
 * a string (an integer is cast to one), a null entry or field is absent; every refused entry and
 * field is reported, as mapstructure joins its errors, with mapstructure's phrase as composeMessage.
 * An entry without a path includes nothing in compose-go: a warning here.
 */
function decodeEntries(cfg: TreeObject, ctx: FileContext): IncludeEntry[] | undefined {
  const inc = cfg.include;
  delete cfg.include;
  if (inc === null || inc === undefined) return undefined;
  if (!Array.isArray(inc))
    throw new LoadFailure([
      diagnostic(
        'include-invalid',
        'error',
        `\`include\` must be a list, not ${typeWord(inc)}`,
        keyLoc(cfg, 'include'),
        'include',
        undefined,
        `\`include\` must be a list, got ${goSprintS(inc)}`,
      ),
    ]);
  // mapstructure matches field names without regard to case: `Path` is `path`
  matchFieldNames({ include: inc });
  const refused: Diagnostic[] = [];
  const refuse = (message: string, where: Location | undefined, path: string, compose: string): void => {
    refused.push(diagnostic('include-invalid', 'error', message, where, path, undefined, compose));
  };
  const entries: IncludeEntry[] = [];
  inc.forEach((item, i) => {
    const at = `include[${i}]`;
    const entry: IncludeEntry = { path: [], env_file: [] };
    entries.push(entry);
    if (typeof item === 'string') return void (entry.path = [item]);
    if (item !== null && !isObject(item))
      return refuse(
        `include entry must be a path or a mapping (path, env_file, project_directory), not ${typeWord(item)}`,
        valueLoc(inc, i),
        at,
        `'[${i}]' expected a map or struct, got ${goQuote(goKind(item))}`,
      );
    const fields: TreeObject = item ?? {};
    for (const field of ['path', 'env_file'] as const) {
      const v = fields[field];
      if (typeof v === 'string') entry[field] = [v];
      else if (Array.isArray(v) && v.every((x): x is string => typeof x === 'string')) entry[field] = v;
      else if (v !== null && v !== undefined)
        refuse(
          `include entry's ${field} must be a string or a list of strings`,
          valueLoc(fields, field),
          `${at}.${field}`,
          `'[${i}].${field}' invalid type ${goType(v)} for string list`,
        );
    }
    const dir = fields.project_directory;
    if (typeof dir === 'string') entry.project_directory = dir;
    else if (typeof dir === 'number' && Number.isSafeInteger(dir)) entry.project_directory = String(dir);
    else if (dir !== null && dir !== undefined)
      refuse(
        "include entry's project_directory must be a string",
        valueLoc(fields, 'project_directory'),
        `${at}.project_directory`,
        `'[${i}].project_directory' expected type 'string', got unconvertible type '${goType(dir)}'`,
      );
    for (const key of Object.keys(fields))
      if (!INCLUDE_FIELDS.has(key))
        ctx.diagnostics.push(
          diagnostic(
            'include-ignored-key',
            'warning',
            `include entry key ${jsonQuote(key)} is not path, env_file or project_directory: Docker Compose ignores it`,
            keyLoc(fields, key),
            `${at}.${key}`,
          ),
        );
    if (entry.path.length === 0 && !refused.some((d) => d.path === at || d.path.startsWith(`${at}.`)))
      ctx.diagnostics.push(
        diagnostic(
          'include-empty',
          'warning',
          'include entry names no file (no `path`): Docker Compose includes nothing for it',
          valueLoc(inc, i),
          at,
        ),
      );
  });
  if (refused.length) throw new LoadFailure(refused);
  return entries;
}

/** types.IncludeConfig's fields, by their yaml tags */
const INCLUDE_FIELDS = new Set(['path', 'env_file', 'project_directory']);

/** What a value is, in words, for our messages. */
const typeWord = (v: Tree): string =>
  v === null ? 'null' : Array.isArray(v) ? 'a list' : isObject(v) ? 'a mapping' : `a ${typeof v}`;

/** reflect.Kind of a value go-yaml decoded into `any`, as mapstructure names it. */
const goKind = (v: Tree): string => (Array.isArray(v) ? 'slice' : isObject(v) ? 'map' : goType(v));

/** Go's fmt `%s` of a decoded value: verbs apply inside maps and slices, a nil inside is `<nil>`. */
function goSprintS(v: Tree, top = true): string {
  if (v === null) return top ? '%!s(<nil>)' : '<nil>';
  if (Array.isArray(v)) return `[${v.map((x) => goSprintS(x, false)).join(' ')}]`;
  if (isObject(v))
    return `map[${Object.keys(v)
      .sort(compareGo)
      .map((k) => `${k}:${goSprintS(v[k], false)}`)
      .join(' ')}]`;
  return goS(v);
}

/**
 * An include entry's project_directory, as a directory of the bundle (loader/include.go
 * ApplyInclude: `filepath.Join(workingDir, r.ProjectDirectory)` when relative, else as it is).
 */
function projectDirectory(
  written: string,
  dir: string,
  files: object,
  where: Location | undefined,
  path: string,
): string {
  const r = resolveInBundle(dir, written, files);
  if (r === undefined) return fail('path-outside-bundle', 'project_directory points outside the bundle', where, path);
  failOutside(files, r, 'project_directory', where, path);
  return r;
}

/** compose-go loader/include.go, with paths resolved inside the bundle only. */
export function applyInclude(cfg: TreeObject, file: string, marks: TagMark[], ctx: FileContext): void {
  if (cfg.include === undefined) return;
  const inc = cfg.include;
  const entries = decodeEntries(cfg, ctx);
  if (!entries) return;
  const dir = ctx.workingDir;
  entries.forEach((e, i) => {
    const where = valueLoc(inc, i);
    const path = `include[${i}]`;
    const rawPaths = e.path;
    const paths = rawPaths.map(
      (p) =>
        resolveInBundle(dir, p, ctx.cache.bundle.files) ??
        fail('path-outside-bundle', `include path ${jsonQuote(p)} points outside the bundle`, where, path),
    );
    for (const p of paths)
      if (!Object.hasOwn(ctx.cache.bundle.files, p)) {
        // (asked after hasOwn: a lazy bundle knows a link once it looked at it)
        failOutside(ctx.cache.bundle.files, p, 'include path', where, path);
        fail('include-file-missing', `included file ${p} is not part of the bundle`, where, path);
      }
    // compose-go: a relative one joined to the working directory, an absolute one as it is (the
    // CLI's disk reads it under its root, as it reads an absolute path; the API's bundle has no disk)
    const projectDir =
      e.project_directory !== undefined
        ? projectDirectory(e.project_directory, dir, ctx.cache.bundle.files, where, path)
        : paths.length
          ? dirname(paths[0])
          : dir;
    if (paths.length && (ctx.including.includes(paths[0]) || paths[0] === file))
      fail(
        'include-cycle',
        `include cycle detected:\n${[...ctx.including, file, paths[0]].join('\n include ')}`,
        where,
        path,
      );
    let envFiles: string[] = [];
    const declared = e.env_file;
    if (declared.length === 0) {
      const dotenv = resolveInBundle(projectDir, '.env');
      if (dotenv !== undefined && Object.hasOwn(ctx.cache.bundle.files, dotenv)) envFiles = [dotenv];
    } else {
      for (const f of declared) {
        if (f === '/dev/null') continue;
        const r = resolveInBundle(dir, f, ctx.cache.bundle.files);
        if (r === undefined || !Object.hasOwn(ctx.cache.bundle.files, r)) {
          failOutside(ctx.cache.bundle.files, r, 'env file', where, path);
          fail('env-file-missing', `env file ${f} not found in the bundle`, where, path);
        }
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
    // no path: compose-go loads no file for the entry (its env files are still read)
    if (paths.length === 0) return;
    const env = Object.assign(emptyRecord(), fromFiles, ctx.env) as Record<string, string>;
    const imported = includedModel(paths, projectDir, env, file, ctx, where);
    rebasePaths(imported, projectDir, dir);
    for (const key of ['services', 'volumes', 'networks', 'secrets', 'configs', 'models']) {
      const from = imported[key];
      if (!isObject(from)) continue;
      const to = isObject(cfg[key]) ? cfg[key] : {};
      for (const name of Object.keys(from)) {
        if (!Object.hasOwn(to, name)) {
          setOwn(to, name, from[name]);
          copyLoc(from, name, to, name);
          continue;
        }
        // compose-go importResource: the including file's definition wins over the included one,
        // after its own !reset / !override marks are applied to the imported definition
        const reset = applyResets({ [key]: { [name]: from[name] } }, marks)[key] as TreeObject;
        // a mark on the resource itself empties Apply's map only: Go merges its own `a` still
        const imported1 = Object.hasOwn(reset, name) ? reset[name] : from[name];
        const copied = (n: number) => countCopies(ctx, n, where, `including ${paths[0]}`);
        setOwn(to, name, mergeAt(imported1, to[name], `${key}.${name}`, copied));
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
    interpolationLookup: makeLookup(env, caseInsensitiveEnv(ctx.options)),
    including: [...ctx.including, file],
    workingDir: projectDir,
    loaded,
    lastDefinitions: new LastDefinitions(), // the import names them again, where the including file imports them
  };
  // loadYamlModel sets the defaults (build.context: .) before resolving the included paths
  const model = setDefaultValues(loadFiles(paths, sub, where), {
    mutate: true,
    defaultValues: ctx.options.defaultValues,
  });
  // loadYamlModel ends with ResolveEnvironment: `- VAR` of the included files reads the include's env
  resolveEnvironment(model, sub.lookup, { secretValues: ctx.options.stage !== 'raw' });
  for (const f of loaded) ctx.loaded.add(f);
  ctx.included.set(key, { model: cloneTree(model), size: treeSize(model), files: loaded });
  return model;
}
