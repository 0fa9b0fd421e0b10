/**
 * compose-go loader/include.go: the models of `include` entries (each loaded once per environment,
 * files and variables, then copied), imported into the including file's model.
 */
import type { Location } from '../diagnostics.js';
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
  type TreeObject,
} from '../yaml/located.js';
import type { TagMark } from '../yaml/parse.js';
import { dirname, resolveInBundle } from '../bundle/bundle.js';
import { mergeModels } from '../merge/merge.js';
import { applyResets } from '../merge/reset.js';
import { setDefaultValues } from '../normalize/canonical.js';
import { countCopies, countLoad, envKeyOf, fail, makeLookup, type FileContext } from './context.js';
import { readEnvFiles, resolveEnvironment } from './environment.js';
import { loadFiles } from './files.js';
import { rebasePaths } from './paths.js';
import { matchFieldNames } from './fieldnames.js';
import { emptyRecord } from '../records.js';

/** compose-go loader/include.go, with paths resolved inside the bundle only. */
export function applyInclude(cfg: TreeObject, file: string, marks: TagMark[], ctx: FileContext): void {
  const inc = cfg.include;
  if (inc === undefined) return;
  delete cfg.include;
  if (!Array.isArray(inc))
    return fail('include-invalid', '`include` must be a list', keyLoc(cfg, 'include'), 'include');
  // loadIncludeConfig decodes the entries with mapstructure: `Path` is `path`
  matchFieldNames({ include: inc });
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
    lastDefinitions: new Map(), // the import names them again, where the including file imports them
  };
  // loadYamlModel sets the defaults (build.context: .) before resolving the included paths
  const model = setDefaultValues(loadFiles(paths, sub, where), { mutate: true });
  // loadYamlModel ends with ResolveEnvironment: `- VAR` of the included files reads the include's env
  resolveEnvironment(model, sub.lookup, { secretValues: ctx.options.stage !== 'raw' });
  for (const f of loaded) ctx.loaded.add(f);
  ctx.included.set(key, { model: cloneTree(model), size: treeSize(model), files: loaded });
  return model;
}
