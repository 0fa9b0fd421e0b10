/**
 * The CLI's bundle: a lazy, read-only view of the local disk under one root directory, so the
 * same loader that serves virtual bundles reads local projects (files are read on first use).
 * Every read goes through LocalReads (src/cli/io.ts): regular files only, capped, remembered.
 */
import { lstatSync, statSync } from 'node:fs';
import { resolve, relative, sep, dirname, join, basename } from 'node:path';
import type { Bundle, EnvironmentSpec } from '../bundle/bundle.js';
import {
  DEFAULT_COMPOSE_NAMES,
  DEFAULT_OVERRIDE_NAMES,
  markOutside,
  markRoot,
  type PassedOver,
} from '../bundle/bundle.js';
import { isRole, ROLES, type Role } from '../bundle/roles.js';
import { LocalReads, STDIN, unreadable, UsageError } from './io.js';
import type { CliValues } from './options.js';
import { emptyRecord } from '../records.js';
import { POLICY_NAMES } from '../audit/project.js';
import { bundleRoot, isUnder, leadsTo, refuseLinkedPolicies, underRoot } from './root.js';
import { composeVarsFromDotenv, disableDefaultEnvFile, firstEnvPaths, firstPassEnv, placeOf } from './first-env.js';

export { UsageError };

/** How a path the root's check found outside leads there: itself a link, or a directory of its path. */
function linkedHow(abs: string): string | undefined {
  try {
    if (lstatSync(abs).isSymbolicLink()) return undefined; // the bundle's words: a symbolic link that points outside
  } catch {
    return undefined;
  }
  return 'leads outside the bundle through a symbolic link to a directory in its path';
}

/**
 * `extra`: files that are not on the disk (the Compose file read from standard input, as `-`).
 * A file over the per-file limit is a usage error; a missing one, or one that is not a regular
 * file, is absent from the bundle (the loader reports it where it is referenced). `limits`: the
 * directory under `root` the files are read from (`dir`), but for the env files the user named
 * (`named`, absolute), read wherever they are under `root`.
 */
export function diskFiles(
  root: string,
  known: string[],
  reads = new LocalReads(),
  extra: Record<string, string> = {},
  policyCeiling = root,
  limits: { dir: string; named: readonly string[] } = { dir: root, named: [] },
): Record<string, string> {
  const cache = new Map<string, string | null>(Object.entries(extra));
  const where = leadsTo(root);
  const whereIn = limits.dir === root ? where : leadsTo(limits.dir);
  const read = (p: string): string | null => {
    const cached = cache.get(p);
    if (cached !== undefined) return cached;
    const abs = resolve(root, p);
    // a policy is looked for up to a directory the user chose (readPolicy): not above it
    if (POLICY_NAMES.includes(basename(abs)) && !isUnder(policyCeiling, dirname(abs))) {
      cache.set(p, null);
      return null;
    }
    const named = limits.named.includes(abs);
    const dir = named ? root : limits.dir;
    // under the root as written and where its links lead: a link out of it is not read (absent)
    const under = isUnder(dir, abs);
    const out = under && (named ? where : whereIn)(abs).at === 'outside';
    const v = under && !out ? (reads.readOptional(abs) ?? null) : null;
    // the loader says so where the file is named (path-outside-bundle)
    if (out) markOutside(files, p, linkedHow(abs));
    else if (!under && isUnder(root, abs)) markOutside(files, p, `is outside the root (${dir}): not read`);
    cache.set(p, v);
    return v;
  };
  const files: Record<string, string> = new Proxy(emptyRecord<string>(), {
    get: (_t, p) => (typeof p === 'string' ? (read(p) ?? undefined) : undefined),
    has: (_t, p) => typeof p === 'string' && read(p) !== null,
    getOwnPropertyDescriptor: (_t, p) => {
      if (typeof p !== 'string') return undefined;
      const v = read(p);
      return v === null ? undefined : { value: v, writable: false, enumerable: true, configurable: true };
    },
    ownKeys: () => [...cache.entries()].filter(([, v]) => v !== null).map(([k]) => k),
  });
  // an absolute path a Compose file names is read under the root, as compose-go reads it (bundle.ts)
  markRoot(files, root);
  for (const k of known) read(k);
  return files;
}

export interface LocalProject {
  bundle: Bundle;
  spec: EnvironmentSpec;
  root: string;
  /** the project directory: the first Compose file's directory (compose-go ProjectOptions.GetWorkingDir) */
  workingDir: string;
  /** what docker compose logs as warnings while finding the files */
  warnings: string[];
  /** default-named files passed over for another (compose-go's warning), as bundle paths */
  passedOver: PassedOver[];
}

export function toBundlePath(root: string, abs: string): string {
  return relative(root, abs).split(sep).join('/');
}

/**
 * The CLI's default file names, in compose-go's order of preference (cli/options.go DefaultFileNames
 * and DefaultOverrideFileNames: `.yml` before `.yaml` for docker-compose and for overrides): the
 * lists the API's environment derivation uses too (bundle.ts).
 */
export const CLI_COMPOSE_NAMES = DEFAULT_COMPOSE_NAMES;
export const CLI_OVERRIDE_NAMES = DEFAULT_OVERRIDE_NAMES;

/**
 * compose-go WithDefaultConfigPath: in `dir`, else the nearest parent directory holding one, the first
 * default name found, plus the first override name found in the same directory (whichever base name
 * was found). Absolute paths; undefined when no directory up to the root has one.
 */
export function discoverComposeFiles(
  dir: string,
  warnings: string[] = [],
  passedOver: PassedOver[] = [],
): string[] | undefined {
  for (let pwd = resolve(dir); ;) {
    const candidates = CLI_COMPOSE_NAMES.map((n) => join(pwd, n)).filter(statOk);
    if (candidates.length > 0) {
      // the files passed over, absolute (made bundle paths by the caller): a positioned diagnostic each
      const passed = (found: string[], override: boolean) =>
        found.slice(1).forEach((file) => passedOver.push({ file, found, using: found[0], override }));
      if (candidates.length > 1)
        warnings.push(
          `Found multiple config files with supported names: ${candidates.join(', ')}`,
          `Using ${candidates[0]}`,
        );
      passed(candidates, false);
      const overrides = CLI_OVERRIDE_NAMES.map((n) => join(pwd, n)).filter(statOk);
      if (overrides.length > 1)
        warnings.push(
          `Found multiple override files with supported names: ${overrides.join(', ')}`,
          `Using ${overrides[0]}`,
        );
      passed(overrides, true);
      return overrides.length ? [candidates[0], overrides[0]] : [candidates[0]];
    }
    const parent = dirname(pwd);
    if (parent === pwd) return undefined;
    pwd = parent;
  }
}

/**
 * Finds the Compose files the way `docker compose` does: `-f` flags, else COMPOSE_FILE (also from the
 * current directory's `.env`), else the default names in the current directory or the nearest parent
 * holding one, plus an override file next to it.
 */
export function localProject(options: {
  files: string[];
  envFiles: string[];
  profiles: string[];
  env: Record<string, string>;
  cwd: string;
  /** the run's reads (standard input for `-`, every file read remembered) */
  reads?: LocalReads;
  /** `--root`: the directory no file may be read from outside of (default: see src/cli/root.ts) */
  root?: string;
}): LocalProject {
  const reads = options.reads ?? new LocalReads();
  const stdinUses = [...options.files, ...options.envFiles].filter((f) => f === STDIN).length;
  if (stdinUses > 1) throw new UsageError('standard input (-) can be given once: as one -f or one --env-file');
  // --env-file defaults to COMPOSE_ENV_FILES, comma-separated (cmd/compose/compose.go defaultStringArrayVar)
  const fromVar =
    options.envFiles.length === 0 && options.env.COMPOSE_ENV_FILES ? options.env.COMPOSE_ENV_FILES.split(',') : [];
  const explicit = options.envFiles.length ? options.envFiles : fromVar;
  // setEnvWithDotEnv: the current directory's .env may set the COMPOSE_* variables the process lacks
  // (docker compose reads it from the working directory: the first -f file's, else the current one)
  const dotenvDir = options.files.length ? dirname(resolve(options.cwd, options.files[0])) : options.cwd;
  // the root the `.env` files read before the Compose files are found must lead into: --root, else
  // the current directory and the files named (as bundleRoot makes it: the process's COMPOSE_FILE
  // may add to it)
  const named = options.files.filter((f) => f !== STDIN).map((f) => resolve(options.cwd, f));
  const early = bundleRoot(options.cwd, named, options.root);
  const base = explicit.length ? options.env : composeVarsFromDotenv(dotenvDir, options.env, reads, early);
  const disabled = explicit.length === 0 && disableDefaultEnvFile(base);
  const opts = { ...options, envFiles: explicit, env: base };
  const warnings: string[] = [];
  const passedOver: PassedOver[] = [];
  let env = opts.env;
  let files = opts.files;
  let abs: string[];
  let dotenvError: string | undefined;
  // the env files that set COMPOSE_FILE when the process environment does not: the project's .env
  // (or an --env-file's text), not the user's command line or environment
  let setBy: string[] | undefined;
  if (files.length === 0) {
    if (!disabled) ({ env, error: dotenvError } = firstPassEnv(opts, reads, early));
    if (env.COMPOSE_FILE) {
      files = env.COMPOSE_FILE.split(env.COMPOSE_PATH_SEPARATOR || (process.platform === 'win32' ? ';' : ':')).filter(
        Boolean,
      );
      if (!options.env.COMPOSE_FILE) setBy = firstEnvPaths(opts, early);
    }
  }
  // `-f -` is standard input, at `-` in the current directory (compose-go names it `-`)
  if (files.length) abs = files.map((f) => resolve(opts.cwd, f));
  else {
    const found = discoverComposeFiles(opts.cwd, warnings, passedOver);
    if (!found)
      throw new UsageError(
        `no configuration file provided: not found (looked for ${CLI_COMPOSE_NAMES.join(', ')} in ${opts.cwd} and its parent directories)`,
      );
    abs = found;
  }
  const stdinAt = resolve(opts.cwd, STDIN);
  const isStdin = (a: string, i: number) => a === stdinAt && files[i] === STDIN;
  if (setBy)
    refuseOutside(
      abs.filter((a, i) => !isStdin(a, i)),
      setBy,
      opts,
      reads,
    );
  for (const [i, a] of abs.entries()) {
    if (isStdin(a, i)) continue;
    // a device, FIFO or directory named as a Compose file is refused before anything reads it
    let st;
    try {
      st = statSync(a);
    } catch (e) {
      throw new UsageError(unreadable(a, e));
    }
    if (!st.isFile()) reads.read(a);
  }
  // compose-go GetWorkingDir: the first file's directory, standard input's being the current one
  const workingDir = dirname(abs.find((a, i) => !isStdin(a, i)) ?? stdinAt);
  // an unreadable .env of the current directory fails docker compose; the project's own (and the
  // --env-file files) are reported by the loader with their location
  if (dotenvError && opts.envFiles.length === 0 && workingDir !== resolve(opts.cwd)) throw new UsageError(dotenvError);
  const envAbs = opts.envFiles.map((f) => resolve(opts.cwd, f));
  for (const [i, a] of envAbs.entries()) {
    if (opts.envFiles[i] === STDIN) continue;
    try {
      if (!statSync(a).isFile()) reads.read(a);
    } catch (e) {
      if (e instanceof UsageError) throw e; // a missing env file is reported by the loader
    }
  }
  // the env files named (--env-file, COMPOSE_ENV_FILES) are read where they are, and named from a
  // root that holds them too; what the Compose files refer to is read under the root of the Compose
  // files alone (`reach`): an env file in /dev/shm makes no root of / for `env_file: /proc/self/environ`
  const root = bundleRoot(opts.cwd, [...abs, ...envAbs], options.root);
  const reach = bundleRoot(opts.cwd, abs, options.root);
  // a file named through a link to the --root directory: named from the root (as written below the link)
  const rooted = (a: string) => (options.root === undefined ? a : (underRoot(root, a) ?? a));
  const paths = abs.map((a) => toBundlePath(root, rooted(a)));
  const envPaths = envAbs.map((a) => toBundlePath(root, rooted(a)));
  const spec: EnvironmentSpec = { files: paths, env };
  if (envPaths.length) spec.envFiles = envPaths;
  else if (disabled) spec.envFiles = [];
  if (opts.profiles.length) spec.profiles = opts.profiles;
  const extra: Record<string, string> = {};
  if (stdinUses) extra[toBundlePath(root, stdinAt)] = reads.read(STDIN);
  // the policy is the nearest one up to the root (readPolicy): up to --root, else up to the current
  // directory when the project is under it; a root widened to a common ancestor (-f /tmp/x/c.yaml run
  // from $HOME: the root is /) is no directory the user chose, so only the project's own policy is read
  const cwd = resolve(opts.cwd);
  const ceiling = options.root !== undefined ? root : isUnder(cwd, workingDir) ? cwd : workingDir;
  // one there linking outside the root is refused, as a project directory's is (directoryBundle)
  if (abs.some((a, i) => !isStdin(a, i))) refuseLinkedPolicies(rooted(workingDir), ceiling, reach, POLICY_NAMES);
  const limits = { dir: reach, named: envAbs.filter((_, i) => opts.envFiles[i] !== STDIN) };
  return {
    bundle: { files: diskFiles(root, [...paths, ...envPaths], reads, extra, ceiling, limits) },
    spec,
    root,
    workingDir,
    warnings,
    // the files docker compose passes over, as bundle paths (they are not in the bundle: not loaded)
    passedOver: passedOver.map((p) => ({
      ...p,
      file: toBundlePath(root, rooted(p.file)),
      found: p.found.map((f) => toBundlePath(root, rooted(f))),
      using: toBundlePath(root, rooted(p.using)),
    })),
  };
}

/**
 * The files an env file names through COMPOSE_FILE (the project's `.env`, not the user's command line
 * or environment) lie under the root the run has without them: --root, else the current directory
 * and the project found from it (the Compose files docker compose finds there). One outside it is
 * refused at the env file's line: it would widen the root to a common ancestor (the project's
 * `COMPOSE_FILE=compose.yaml:/home/me/.config/x.yaml` read that file, then what the project names
 * anywhere under /home/me).
 */
function refuseOutside(
  abs: string[],
  setBy: string[],
  opts: { cwd: string; root?: string; env: Record<string, string> },
  reads: LocalReads,
): void {
  const limit =
    opts.root !== undefined ? resolve(opts.cwd, opts.root) : bundleRoot(opts.cwd, discoverComposeFiles(opts.cwd) ?? []);
  const out = abs.find((a) => (opts.root !== undefined ? underRoot(limit, a) === undefined : !isUnder(limit, a)));
  if (out === undefined) return;
  throw new UsageError(
    `${placeOf(setBy, 'COMPOSE_FILE', opts.env, reads)}: error file ${out} (COMPOSE_FILE) is outside the root (${limit}): not read; --root with a directory holding it reads it [path-outside-bundle]`,
  );
}

/** findFiles tests os.Stat: any entry with the name counts */
export function statOk(p: string): boolean {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
}

/** --role: the role every environment gets, checked. */
export function roleFlag(values: CliValues): { role?: Role } {
  const role = values.role;
  if (role === undefined) return {};
  if (!isRole(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}, not ${role}`);
  return { role };
}
