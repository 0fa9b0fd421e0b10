/**
 * The CLI's bundle: a lazy, read-only view of the local disk under one root directory, so the
 * same loader that serves virtual bundles reads local projects (files are read on first use).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { resolve, relative, sep, dirname } from 'node:path';
import type { Bundle, EnvironmentSpec } from '../bundle/bundle.js';
import { DEFAULT_COMPOSE_NAMES } from '../bundle/bundle.js';

const MAX_FILE = 8 << 20;

export function diskFiles(root: string, known: string[]): Record<string, string> {
  const cache = new Map<string, string | null>();
  const read = (p: string): string | null => {
    if (cache.has(p)) return cache.get(p)!;
    let v: string | null = null;
    try {
      const abs = resolve(root, p);
      if (!relative(root, abs).startsWith('..')) {
        const st = statSync(abs);
        if (st.isFile() && st.size <= MAX_FILE) v = readFileSync(abs, 'utf8');
      }
    } catch {
      v = null;
    }
    cache.set(p, v);
    return v;
  };
  for (const k of known) read(k);
  return new Proxy(Object.create(null) as Record<string, string>, {
    get: (_t, p) => (typeof p === 'string' ? (read(p) ?? undefined) : undefined),
    has: (_t, p) => typeof p === 'string' && read(p) !== null,
    getOwnPropertyDescriptor: (_t, p) => {
      if (typeof p !== 'string') return undefined;
      const v = read(p);
      return v === null ? undefined : { value: v, writable: false, enumerable: true, configurable: true };
    },
    ownKeys: () => [...cache.entries()].filter(([, v]) => v !== null).map(([k]) => k),
  });
}

export interface LocalProject {
  bundle: Bundle;
  spec: EnvironmentSpec;
  root: string;
}

function toBundlePath(root: string, abs: string): string {
  return relative(root, abs).split(sep).join('/');
}

/**
 * Finds the Compose files the way `docker compose` does: `-f` flags, else COMPOSE_FILE, else the
 * default name in the current directory plus its `.override` file.
 */
export function localProject(opts: { files: string[]; envFiles: string[]; profiles: string[]; env: Record<string, string>; cwd: string }): LocalProject {
  let files = opts.files;
  if (files.length === 0 && opts.env.COMPOSE_FILE) files = opts.env.COMPOSE_FILE.split(opts.env.COMPOSE_PATH_SEPARATOR ?? (process.platform === 'win32' ? ';' : ':')).filter(Boolean);
  if (files.length === 0) {
    const base = DEFAULT_COMPOSE_NAMES.find((n) => exists(resolve(opts.cwd, n)));
    if (!base) throw new UsageError(`no configuration file provided: not found (looked for ${DEFAULT_COMPOSE_NAMES.join(', ')} in ${opts.cwd})`);
    files = [base];
    const stem = base.replace(/\.ya?ml$/, '');
    const override = [`${stem}.override.yaml`, `${stem}.override.yml`].find((n) => exists(resolve(opts.cwd, n)));
    if (override) files.push(override);
  }
  const abs = files.map((f) => resolve(opts.cwd, f));
  for (const a of abs) if (!exists(a)) throw new UsageError(`file not found: ${a}`);
  const envAbs = opts.envFiles.map((f) => resolve(opts.cwd, f));
  // root: the common ancestor of the working directory and every file named on the command line
  let root = opts.cwd;
  for (const a of [...abs, ...envAbs]) while (relative(root, a).startsWith('..')) root = dirname(root);
  const paths = abs.map((a) => toBundlePath(root, a));
  const envPaths = envAbs.map((a) => toBundlePath(root, a));
  const spec: EnvironmentSpec = { files: paths, env: opts.env };
  if (envPaths.length) spec.envFiles = envPaths;
  if (opts.profiles.length) spec.profiles = opts.profiles;
  return { bundle: { files: diskFiles(root, [...paths, ...envPaths]) }, spec, root };
}

function exists(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

export class UsageError extends Error {}

const TOP_LEVEL = /^((docker-)?compose(\.[\w-]+)?\.ya?ml|\.env(\.[\w-]+)?|\.compose-review\.ya?ml)$/;

/**
 * A project directory as a bundle: its Compose files, env files and policy are listed (so that
 * environments can be derived from their names like the API does); anything else they refer to is
 * read lazily.
 */
export function directoryBundle(dir: string): Bundle {
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((n) => TOP_LEVEL.test(n));
  } catch {
    throw new UsageError(`cannot read directory ${dir}`);
  }
  if (!names.some((n) => DEFAULT_COMPOSE_NAMES.includes(n))) throw new UsageError(`no configuration file provided: not found (looked for ${DEFAULT_COMPOSE_NAMES.join(', ')} in ${dir})`);
  return { files: diskFiles(dir, names) };
}
