/**
 * What docker compose reads before it finds the Compose files (cmd/compose toProjectOptions): the
 * current directory's `.env` (or the --env-file files), whose COMPOSE_* variables choose the files,
 * and where one of them set a variable (the place of a refusal).
 */
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { envFromFiles, DotenvError, parseDotenvInto } from '../interpolate/dotenv.js';
import { LocalReads, STDIN, UsageError } from './io.js';
import { emptyRecord } from '../records.js';
import { leadsTo } from './root.js';

/**
 * docker compose reads the env files once before it looks for the Compose files (toProjectOptions:
 * WithEnvFiles + WithDotEnv, then WithConfigFileEnv / WithDefaultConfigPath): without -f that is the
 * current directory's `.env` (or the --env-file files), so it can set COMPOSE_FILE, and its values win
 * over the project directory's `.env` read later (types.Mapping.Merge keeps what is set).
 */
export function firstPassEnv(
  opts: { envFiles: string[]; env: Record<string, string>; cwd: string },
  reads: LocalReads,
  root: string,
): {
  env: Record<string, string>;
  error?: string;
} {
  const { read, error } = readEnvFiles(firstEnvPaths(opts, root), opts.env, reads);
  return read ? { env: Object.assign(emptyRecord<string>(), read, opts.env) } : { env: opts.env, error };
}

/** The env files read before the Compose files are found: the --env-file files, else the current directory's `.env`. */
export function firstEnvPaths(opts: { envFiles: string[]; cwd: string }, root: string): string[] {
  return opts.envFiles.length
    ? opts.envFiles.map((f) => (f === STDIN ? f : resolve(opts.cwd, f)))
    : dotenvOf(opts.cwd, root);
}

/**
 * `FILE:LINE:COLUMN` of the statement of `paths` (env files read in turn, expanded against `env`)
 * that set `key` last, at the key (past `export `), as the loader places a variable
 * (src/load/environment.ts envFileLocation); the last file when none is found.
 */
export function placeOf(paths: string[], key: string, env: Record<string, string>, reads: LocalReads): string {
  const out = emptyRecord<string>();
  const lookup = (k: string) => (Object.hasOwn(env, k) ? env[k] : Object.hasOwn(out, k) ? out[k] : undefined);
  let place = paths[paths.length - 1] ?? '';
  for (const path of paths) {
    try {
      const text = reads.read(path);
      parseDotenvInto(text, out, lookup, (k, line, offset) => {
        if (k !== key) return;
        const exported = /^export[ \t]+/.exec(text.slice(offset, offset + 64))?.[0].length ?? 0;
        const lineStart = text.lastIndexOf('\n', offset - 1) + 1 || (text.startsWith('\uFEFF') ? 1 : 0);
        place = `${path}:${line}:${offset + exported - lineStart + 1}`;
      });
    } catch {
      break; // the files were read without a problem before: a problem now leaves the place found so far
    }
  }
  return place;
}

/**
 * The variables of local env files, expanded against `env` and each other (dotenv.GetEnvFromFile);
 * nothing when a file cannot be read (the loader reports missing --env-file files), the message
 * when one does not parse.
 */
function readEnvFiles(
  paths: string[],
  env: Record<string, string>,
  reads: LocalReads,
): { read?: Record<string, string>; error?: string } {
  const files: { path: string; content: string }[] = [];
  for (const p of paths) {
    try {
      files.push({ path: p, content: reads.read(p) });
    } catch (e) {
      // a device, a FIFO or a file over the limit is refused at once; a missing one the loader reports
      if (e instanceof UsageError) throw e;
      return {};
    }
  }
  if (files.length === 0) return {};
  try {
    return { read: envFromFiles(files, (k) => (Object.hasOwn(env, k) ? env[k] : undefined)) };
  } catch (e) {
    if (!(e instanceof DotenvError)) throw e;
    return { error: e.message };
  }
}

export function composeVarsFromDotenv(
  dir: string,
  env: Record<string, string>,
  reads: LocalReads,
  root: string,
): Record<string, string> {
  // an unreadable .env is reported by the loader or firstPassEnv
  const { read } = readEnvFiles(dotenvOf(dir, root), env, reads);
  if (!read) return env;
  const out = Object.assign(emptyRecord<string>(), env);
  for (const k of Object.keys(read)) if (k.startsWith('COMPOSE_') && !Object.hasOwn(out, k)) out[k] = read[k];
  return out;
}

/**
 * COMPOSE_DISABLE_ENV_FILE (cli/options.go WithEnvFiles): without explicit env files, a true value
 * means no `.env` is read; it may come from the current directory's `.env` itself (setEnvWithDotEnv).
 */
export function disableDefaultEnvFile(env: Record<string, string>): boolean {
  const v = env.COMPOSE_DISABLE_ENV_FILE;
  if (v === undefined) return false;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  throw new UsageError(`COMPOSE_DISABLE_ENV_FILE: strconv.ParseBool: parsing ${JSON.stringify(v)}: invalid syntax`);
}

/**
 * The `.env` of `dir` that docker compose reads before it finds the Compose files, when there is one:
 * a link leading outside the root (`.env -> /proc/self/environ`) is refused, as a project's listed
 * files are (directoryBundle): its variables would be the run's.
 */
export function dotenvOf(dir: string, root: string): string[] {
  const path = join(dir, '.env');
  if (!exists(path)) return [];
  const to = leadsTo(root)(path);
  if (to.at === 'outside')
    throw new UsageError(`${path} is a symbolic link to ${to.real}, outside the root ${root}: not read`);
  return [path];
}

function exists(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}
