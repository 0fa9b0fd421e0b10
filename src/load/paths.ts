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
  // `unix`: compose-go's maybeUnixPath (bind sources, ssh keys, secret and config files, a local
  // volume's bind device), which keeps a Windows absolute path as written (paths.IsWindowsAbs, also on
  // Linux: a Windows client talking to a Unix engine); the other fields (absPath) keep the Windows
  // paths that this bundle's files cannot name either (a drive letter or a leading backslash)
  const rebase = (p: Tree, unix = false): Tree => {
    // absolute (Unix or Windows), home-relative (`~`, ExpandUser needs a home) or empty: as written
    if (
      typeof p !== 'string' ||
      p === '' ||
      p.startsWith('/') ||
      p.startsWith('~') ||
      (unix ? isWindowsAbs(p) : p.startsWith('\\') || /^[A-Za-z]:[\\/]/.test(p))
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
  const unixPath = (p: Tree): Tree => rebase(p, true);
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
      each(s.build.ssh, unixPath);
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
        if (isObject(v) && v.type === 'bind' && Object.hasOwn(v, 'source')) v.source = unixPath(v.source);
  }
  for (const kind of ['secrets', 'configs']) {
    const defs = model[kind];
    if (isObject(defs))
      for (const d of Object.values(defs)) if (isObject(d) && Object.hasOwn(d, 'file')) d.file = unixPath(d.file);
  }
  // volumeDriverOpts: a local volume with `o: bind` is a bind mount of `device`
  if (isObject(model.volumes))
    for (const v of Object.values(model.volumes)) {
      const opts = isObject(v) && v.driver === 'local' && isObject(v.driver_opts) ? v.driver_opts : undefined;
      if (opts && opts.o === 'bind' && Object.hasOwn(opts, 'device')) opts.device = unixPath(opts.device);
    }
}

/**
 * compose-go paths.IsWindowsAbs (paths/windows_path.go, copied there from Go's
 * internal/filepathlite, BSD-style licence, Copyright 2010 The Go Authors): whether `path` is a
 * Windows absolute path (`c:\x`, `c:/x`, `\\host\share\x`, `\\.\UNC\host\share`), on any platform. Read on
 * the path's UTF-8 bytes, as Go reads a string: a drive "letter" is any one byte before `:`.
 */
export function isWindowsAbs(path: string): boolean {
  const b = Buffer.from(path, 'utf8');
  const l = volumeNameLen(b);
  if (l === 0) return false;
  // a volume name that starts with a double slash (UNC, device) is absolute
  if (isSep(b[0]) && isSep(b[1])) return true;
  return l < b.length && isSep(b[l]);
}

const isSep = (c: number | undefined): boolean => c === 0x5c || c === 0x2f;

function volumeNameLen(b: Uint8Array): number {
  if (b.length >= 2 && b[1] === 0x3a) return 2; // a drive letter (any byte, as Go does not check it)
  if (b.length === 0 || !isSep(b[0])) return 0;
  if (hasPrefixFold(b, '\\\\.\\UNC')) return uncLen(b, '\\\\.\\UNC\\'.length);
  if (hasPrefixFold(b, '\\\\.') || hasPrefixFold(b, '\\\\?') || hasPrefixFold(b, '\\??')) {
    if (b.length === 3) return 3;
    // the component after the `\\.\` prefix is part of the volume name
    let i = 4;
    while (i < b.length && !isSep(b[i])) i++;
    return i >= b.length ? b.length : i;
  }
  if (b.length >= 2 && isSep(b[1])) return uncLen(b, 2);
  return 0;
}

/** Whether `b` starts with `prefix` ignoring ASCII case, any separator matching any, then a separator or the end. */
function hasPrefixFold(b: Uint8Array, prefix: string): boolean {
  if (b.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) {
    const p = prefix.charCodeAt(i);
    if (isSep(p)) {
      if (!isSep(b[i])) return false;
    } else if (upper(p) !== upper(b[i])) return false;
  }
  return b.length === prefix.length || isSep(b[prefix.length]);
}

const upper = (c: number): number => (c >= 0x61 && c <= 0x7a ? c - 0x20 : c);

/** The length of a UNC path's volume prefix: up to the second separator after `prefixLen`. */
function uncLen(b: Uint8Array, prefixLen: number): number {
  let count = 0;
  for (let i = prefixLen; i < b.length; i++) if (isSep(b[i]) && ++count === 2) return i;
  return b.length;
}
