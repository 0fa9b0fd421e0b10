/** compose-go paths/: relative paths of a model moved to another directory. */
import { resolveInBundle } from '../bundle/bundle.js';
import { isObject, type Tree, type TreeObject } from '../yaml/located.js';

/**
 * Relative paths of a model loaded from another file (an included file, an extended service of
 * another file) are rewritten relative to `toDir`: the paths compose-go's paths/resolve.go
 * ResolveRelativePaths makes absolute, kept relative here as the rest of the model is. compose-go
 * resolves them whatever the directory (an include always loads with ResolvePaths, an extended file
 * is always resolved), with filepath.Join, which cleans them: `./` in a file of the same directory
 * is `.`, `./data/` is `./data`.
 */
export function rebasePaths(model: TreeObject, fromDir: string, toDir: string): void {
  const rebase = (p: Tree): Tree => {
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
  const context = (p: Tree): Tree =>
    typeof p === 'string' &&
    (p.includes('://') || p.startsWith('service:') || /^(https?:\/\/|git:\/\/|ssh:\/\/|github\.com\/|git@)/.test(p))
      ? p
      : rebase(p);
  const each = (o: Tree | undefined, f: (p: Tree) => Tree): void => {
    if (isObject(o)) for (const k of Object.keys(o)) o[k] = f(o[k]);
    else if (Array.isArray(o)) o.forEach((v, i) => (o[i] = f(v)));
  };
  const services = isObject(model.services) ? model.services : {};
  for (const s of Object.values(services)) {
    if (!isObject(s)) continue;
    if (isObject(s.build)) {
      if (Object.hasOwn(s.build, 'context')) s.build.context = context(s.build.context);
      each(s.build.additional_contexts, context);
      each(s.build.ssh, rebase);
    }
    if (Array.isArray(s.env_file))
      for (const e of s.env_file) if (isObject(e) && Object.hasOwn(e, 'path')) e.path = rebase(e.path);
    if (typeof s.label_file === 'string') s.label_file = rebase(s.label_file);
    else each(s.label_file, rebase);
    if (isObject(s.extends) && typeof s.extends.file === 'string') s.extends.file = rebase(s.extends.file);
    if (isObject(s.develop) && Array.isArray(s.develop.watch))
      for (const w of s.develop.watch) if (isObject(w) && Object.hasOwn(w, 'path')) w.path = rebase(w.path);
    // absVolumeMount: every bind source, `data` as much as `./data`
    if (Array.isArray(s.volumes))
      for (const v of s.volumes)
        if (isObject(v) && v.type === 'bind' && Object.hasOwn(v, 'source')) v.source = rebase(v.source);
  }
  for (const kind of ['secrets', 'configs']) {
    const defs = model[kind];
    if (isObject(defs))
      for (const d of Object.values(defs)) if (isObject(d) && Object.hasOwn(d, 'file')) d.file = rebase(d.file);
  }
  // volumeDriverOpts: a local volume with `o: bind` is a bind mount of `device`
  if (isObject(model.volumes))
    for (const v of Object.values(model.volumes)) {
      const opts = isObject(v) && v.driver === 'local' && isObject(v.driver_opts) ? v.driver_opts : undefined;
      if (opts && opts.o === 'bind' && Object.hasOwn(opts, 'device')) opts.device = rebase(opts.device);
    }
}
