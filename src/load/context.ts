/**
 * What the loader's steps share while loading one environment: the request's parse, the variables,
 * the diagnostics found so far, the work counted against the budgets, and what was loaded already.
 * Problems stop a step by throwing a LoadFailure, which the pipeline turns into diagnostics.
 */
import type { Diagnostic, Location } from '../diagnostics.js';
import { diagnostic, formatPath } from '../diagnostics.js';
import { limitDiagnostic, type Usage } from '../limits.js';
import { locate, type TreeObject } from '../yaml/located.js';
import { MergeError } from '../merge/types.js';
import { NormalizeError } from '../normalize/errors.js';
import type { ParseCache } from './cache.js';
import type { LoadOptions } from './types.js';

/** What an include entry loaded: kept to be reused by the environment's other references to it. */
export interface IncludedModel {
  /** the included files' merged model, never handed out (each use gets a copy) */
  model: TreeObject;
  size: number;
  /** every file loaded for it, for the environment's sources and for cycle checks */
  files: Set<string>;
}

/** Thrown inside the loader to stop loading one environment; caught in loadProject. */
export class LoadFailure extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics[0]?.message ?? 'load failed');
  }
}

export type Lookup = (name: string) => string | undefined;

export interface FileContext {
  cache: ParseCache;
  lookup: Lookup;
  env: Record<string, string>;
  options: LoadOptions;
  diagnostics: Diagnostic[];
  /** where the files set the obsolete `version` (shared by the whole environment) */
  versions: Location[];
  /** files being included, for cycle detection */
  including: string[];
  /** the project directory relative paths (extends.file, include) are resolved against */
  workingDir: string;
  /** files loaded so far (shared by the whole environment) */
  loaded: Set<string>;
  /** the environment's work against its budgets (shared by the whole environment) */
  usage: Usage;
  /** the variables' identity: two contexts with the same variables load a file the same way */
  envKey: string;
  /** include entries already loaded, by paths, project directory and variables (shared by the environment) */
  included: Map<string, IncludedModel>;
  /** files loaded for `extends`, by file and variables (shared by the environment) */
  extended: Map<string, TreeObject>;
  skipInclude?: boolean;
  skipExtends?: boolean;
}

/** Stops loading the environment with one error. */
export const fail = (code: string, message: string, where: Location | undefined, path = ''): never => {
  throw new LoadFailure([diagnostic(code, 'error', message, where, path)]);
};

/** Stops loading the environment whose errors are already in its diagnostics. */
export const stop = (): never => {
  throw new LoadFailure([]);
};

export function makeLookup(env: Record<string, string>): Lookup {
  return (name) => (Object.hasOwn(env, name) ? env[name] : undefined);
}

/** The variables as a cache key: what they are, not which object holds them. */
export function envKeyOf(env: Record<string, string>): string {
  return JSON.stringify(
    Object.keys(env)
      .sort()
      .map((k) => [k, env[k]]),
  );
}

/** Counts one file load (or include reference) against the fileLoads budget. */
export function countLoad(ctx: FileContext, what: string, where: Location): void {
  const max = ctx.usage.budgets.fileLoads;
  if (++ctx.usage.fileLoads > max)
    throw new LoadFailure([
      limitDiagnostic(
        'file-load-limit',
        'fileLoads',
        `${what} would make more than ${max.toLocaleString('en-US')} file loads for this environment`,
        where,
      ),
    ]);
}

/** Counts `n` nodes copied into the model against the copiedNodes budget. */
export function countCopies(ctx: FileContext, n: number, where: Location | undefined, what: string, path = ''): void {
  const max = ctx.usage.budgets.copiedNodes;
  ctx.usage.copiedNodes += n;
  if (ctx.usage.copiedNodes > max)
    throw new LoadFailure([
      limitDiagnostic(
        'copy-limit',
        'copiedNodes',
        `${what} would copy more than ${max.toLocaleString('en-US')} nodes into this environment's model`,
        where,
        path,
      ),
    ]);
}

/** Errors of the stages are values; anything else is a bug and propagates. */
export function asDiagnostics(e: unknown, root?: TreeObject): Diagnostic[] {
  if (e instanceof LoadFailure) return e.diagnostics;
  if (e instanceof NormalizeError) return e.diagnostics;
  if (e instanceof MergeError)
    return [diagnostic(e.code, 'error', e.message, root ? locate(root, e.path) : undefined, formatPath(e.path))];
  throw e;
}
