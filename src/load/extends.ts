/**
 * compose-go loader/extends.go: a service merged on top of the service it extends, from the same
 * file or another one of the bundle (loaded once per environment), with paths rebased.
 */
import { formatPath, type Location } from '../diagnostics.js';
import {
  cloneTree,
  copyLoc,
  isObject,
  keyLoc,
  setOwn,
  treeSize,
  valueLoc,
  type Tree,
  type TreeObject,
} from '../yaml/located.js';
import { dirname, resolveInBundle } from '../bundle/bundle.js';
import { extendService as mergeExtended } from '../merge/merge.js';
import { applyResets } from '../merge/reset.js';
import { countCopies, fail, failOutside, LastDefinitions, type FileContext } from './context.js';
import { loadFile } from './files.js';
import { rebasePaths } from './paths.js';
import { jsonQuote } from '../utf8.js';

/** compose-go loader/extends.go: services[name] merged on top of the service it extends. */
export function applyExtends(cfg: TreeObject, file: string, ctx: FileContext): void {
  const services = cfg.services;
  if (!isObject(services)) return;
  for (const name of Object.keys(services)) {
    // a service that extends nothing has nothing to resolve (a chain begun for each was 1.5 MB of
    // allocations in a load of 10,000 services)
    const s = services[name];
    if (isObject(s) && Object.hasOwn(s, 'extends')) extendService(name, services, file, ctx.workingDir, ctx);
  }
}

/** One service of an extends chain, and the service it extends. */
interface ExtendsStep {
  name: string;
  services: TreeObject;
  file: string;
  dir: string;
  service: TreeObject;
  baseDir: string;
  /** the service it extends is another file's (`extends.file`), whose paths are resolved */
  fromFile: boolean;
}

/**
 * `file` defines `services` (its marks apply to the extended copy); `dir` is the directory its
 * relative `extends.file` paths are resolved against. The chain is followed down to a service that
 * extends nothing, then merged back up (compose-go recurses; a chain of thousands would overflow
 * our stack), each service resolved in place so that it is resolved once.
 */
function extendService(name: string, services: TreeObject, file: string, dir: string, ctx: FileContext): Tree {
  const tracker = new CycleTracker();
  const steps: ExtendsStep[] = [];
  let at = { name, services, file, dir };
  for (;;) {
    const service = at.services[at.name];
    if (!isObject(service) || !Object.hasOwn(service, 'extends')) break;
    const ext = service.extends;
    const where = keyLoc(service, 'extends');
    // a name holding a dot is quoted (services["api.restart"]): a path read back must not take a
    // part of the bundle's name for a field of ours (the masker keeps field names)
    const path = formatPath(['services', at.name, 'extends']);
    let ref: string;
    let refFile: string | undefined;
    if (typeof ext === 'string') ref = ext;
    else if (isObject(ext)) {
      if (typeof ext.service !== 'string')
        return fail('extends-service-required', `extends.${at.name}.service is required`, where, path);
      ref = ext.service;
      if (typeof ext.file === 'string') {
        refFile = resolveInBundle(at.dir, ext.file, ctx.cache.bundle.files);
        if (refFile === undefined)
          return fail(
            'path-outside-bundle',
            `extends.file ${jsonQuote(ext.file)} points outside the bundle`,
            valueLoc(ext, 'file'),
            `${path}.file`,
          );
      }
    } else break;
    let baseServices = at.services;
    let baseFile = at.file;
    let baseDir = at.dir;
    if (refFile !== undefined) {
      if (!Object.hasOwn(ctx.cache.bundle.files, refFile))
        return (
          failOutside(ctx.cache.bundle.files, refFile, 'extends.file', valueLoc(ext, 'file'), `${path}.file`) ??
          fail(
            'extends-file-missing',
            `cannot read ${refFile}: the file is not part of the bundle`,
            valueLoc(ext, 'file'),
            `${path}.file`,
          )
        );
      const loaded = extendedFile(refFile, ctx, valueLoc(ext, 'file'));
      if (!isObject(loaded.services))
        return fail(
          'extends-not-found',
          `cannot extend service ${jsonQuote(at.name)} in ${refFile}: no services section`,
          where,
          path,
        );
      if (!Object.hasOwn(loaded.services, ref))
        return fail(
          'extends-not-found',
          `cannot extend service ${jsonQuote(at.name)} in ${at.file}: service ${jsonQuote(ref)} not found in ${ext && isObject(ext) ? String(ext.file) : refFile}`,
          where,
          path,
        );
      baseServices = loaded.services;
      baseFile = refFile;
      baseDir = dirname(refFile);
    } else if (!Object.hasOwn(at.services, ref)) {
      return fail(
        'extends-not-found',
        `cannot extend service ${jsonQuote(at.name)} in ${at.file}: service ${jsonQuote(ref)} not found`,
        where,
        path,
      );
    }
    // extends.go applyServiceExtends: tracker.Add(filename, name) once the base is found, with the
    // extending service's name and `extends.file` as written, else the file being loaded (its
    // context's, also for a service of an extended file)
    tracker.add(isObject(ext) && typeof ext.file === 'string' ? ext.file : file, at.name, where, path);
    steps.push({ ...at, service, baseDir, fromFile: refFile !== undefined });
    at = { name: ref, services: baseServices, file: baseFile, dir: baseDir };
  }
  let base = at.services[at.name];
  for (let i = steps.length - 1; i >= 0; i--) {
    const { name: n, services: defs, file: f, dir: d, service, baseDir, fromFile } = steps[i];
    if (!isObject(base)) {
      base = service;
      continue;
    }
    countCopies(ctx, treeSize(base), keyLoc(service, 'extends'), `extending service ${n}`);
    let source = cloneTree(base);
    if (fromFile) {
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

/** compose-go loader.go cycleTracker: the (file, service) pairs of a chain, refused when one comes again. */
class CycleTracker {
  private readonly loaded: [file: string, service: string][] = [];
  private readonly seen = new Set<string>();

  add(file: string, service: string, where: Location | undefined, path: string): void {
    const key = `${file}\0${service}`;
    if (this.seen.has(key)) {
      const [[firstFile, first], ...rest] = this.loaded;
      const lines = ['Circular reference:', `  ${first} in ${firstFile}`];
      for (const [f, s] of [...rest, [file, service]]) lines.push(`  extends ${s} in ${f}`);
      fail('extends-cycle', lines.join('\n'), where, path);
    }
    this.seen.add(key);
    this.loaded.push([file, service]);
  }
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
      {
        ...ctx,
        skipInclude: true,
        skipExtends: true,
        options: { ...ctx.options, skipSchema: true },
        lastDefinitions: new LastDefinitions(), // its services are not the model's
      },
      from,
    );
    ctx.extended.set(key, loaded);
  }
  return loaded;
}
