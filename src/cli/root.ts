/**
 * The CLI's root: the directory no file a project refers to may be read from outside of. compose-go
 * reads any path (an `include: [../../shared/base.yaml]`, an absolute `env_file`); the CLI reads
 * what lies under the root, as linters and CI tools bound a run to the repository: the top of the
 * git work tree holding the project directory (a `.git` directory or file, found walking up, no git
 * process), else the current directory when it holds the project, else the project directory;
 * `--root DIR` chooses it. A file is inside the root by where it is, symbolic links resolved: a link
 * committed in a project (`leak.env -> /proc/self/environ`) reads nothing outside.
 */
import { realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';

/** `abs` is `root` or under it (both absolute, as written: no link resolved). */
export function isUnder(root: string, abs: string): boolean {
  const rel = relative(root, abs);
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`));
}

/** The top of the git work tree holding `dir` (the nearest directory with a `.git` entry), if any. */
export function gitTop(dir: string): string | undefined {
  for (let d = resolve(dir); ; d = dirname(d)) {
    try {
      statSync(resolve(d, '.git'));
      return d;
    } catch {
      // none here
    }
    if (dirname(d) === d) return undefined;
  }
}

/** The root of a run on the project in `projectDir` (see above); `explicit`: `--root`, from `cwd`. */
export function chooseRoot(projectDir: string, cwd: string, explicit?: string): string {
  if (explicit !== undefined) return resolve(cwd, explicit);
  const project = resolve(projectDir);
  return gitTop(project) ?? (isUnder(resolve(cwd), project) ? resolve(cwd) : project);
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
