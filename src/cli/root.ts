/**
 * The CLI's root: the directory no file a project refers to may be read from outside of. compose-go
 * reads any path (an `include: [../../shared/base.yaml]`, an absolute `env_file`); the CLI reads
 * what lies under the root: with `-f`, the current directory and the files named (`--root DIR`
 * chooses it), for `audit DIR`, `diff` and `review` the project directory. A file is inside the
 * root by where it is, symbolic links resolved: a link committed in a project
 * (`leak.env -> /proc/self/environ`) reads nothing outside.
 */
import { realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UsageError } from './io.js';

/** `abs` is `root` or under it (both absolute, as written: no link resolved). */
export function isUnder(root: string, abs: string): boolean {
  const rel = relative(root, abs);
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`));
}

/**
 * Where a path under `root` leads, its links resolved: `inside`, `outside` the root (resolved too),
 * or `missing` (nothing there, a dangling link, a loop: the read says which).
 */
export function leadsTo(root: string): (abs: string) => { at: 'inside' | 'outside' | 'missing'; real?: string } {
  let realRoot: string | undefined;
  return (abs) => {
    let real: string;
    try {
      real = realpathSync.native(abs);
    } catch {
      return { at: 'missing' };
    }
    realRoot ??= realOr(root);
    return { at: isUnder(realRoot, real) ? 'inside' : 'outside', real };
  };
}

function realOr(p: string): string {
  try {
    return realpathSync.native(p);
  } catch {
    return p;
  }
}

/**
 * The root of a run on files named on the command line (`-f`, `--env-file`): the common ancestor of
 * the current directory and every file named (the user named them), or `--root` (from `cwd`): then a
 * file named outside it is a usage error. Every bundle path is relative to it: it names the places
 * of a run, so that a run from the project's directory names them from there.
 */
export function bundleRoot(cwd: string, named: string[], explicit?: string): string {
  if (explicit !== undefined) {
    const root = resolve(cwd, explicit);
    const out = named.find((a) => underRoot(root, a) === undefined);
    if (out !== undefined) throw new UsageError(`${out} is outside the root ${root} (--root): not read`);
    return root;
  }
  let root = resolve(cwd);
  for (const a of named) while (!isUnder(root, a)) root = dirname(root);
  return root;
}

/**
 * Where a file named on the command line lies under `root`: as written, or through a directory of
 * its path that is a link to the root itself (`--root real -f reallink/c.yaml`, reallink -> real):
 * the file's path below that directory is kept as written, so that its relative references resolve
 * as compose-go resolves them (filepath.Join from the file's directory as written, cli/options.go
 * GetWorkingDir: filepath.Abs, no link resolved), `../` out of it leaving the root. Undefined when
 * it does not lie under the root (a link to a directory inside the root but not the root itself
 * would make `../` another directory than Compose's: refused).
 */
export function underRoot(root: string, abs: string): string | undefined {
  if (isUnder(root, abs)) return abs;
  const link = rootLink(root, abs);
  return link === undefined ? undefined : resolve(root, relative(link, abs));
}

/**
 * The directory of `abs` (itself, or one of its parents, as written) that is the root through a
 * symbolic link (`reallink` for `reallink/c.yaml`, reallink -> root), if any.
 */
export function rootLink(root: string, abs: string): string | undefined {
  const realRoot = realOr(root);
  for (let dir = abs; ; dir = dirname(dir)) {
    let real: string | undefined;
    try {
      real = realpathSync.native(dir);
    } catch {
      // a missing directory: its parents may still lead to the root
    }
    if (real === realRoot) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * A policy file (`names`) in `dir` or a directory above it up to `ceiling` (readPolicy's lookup)
 * that links outside the root is a usage error, as a project's listed file is: passed over, the
 * lookup would take one further up instead of the one the user placed there.
 */
export function refuseLinkedPolicies(dir: string, ceiling: string, root: string, names: readonly string[]): void {
  const where = leadsTo(root);
  for (let up = dir; ; up = dirname(up)) {
    for (const n of names) {
      const to = where(join(up, n));
      if (to.at === 'outside')
        throw new UsageError(`${join(up, n)} is a symbolic link to ${to.real}, outside the root ${root}: not read`);
    }
    if (up === ceiling || !isUnder(ceiling, up) || dirname(up) === up) return;
  }
}
