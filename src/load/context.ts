/**
 * What the loader's steps share while loading one environment: the request's parse, the variables,
 * the diagnostics found so far, the work counted against the budgets, and what was loaded already.
 * Problems stop a step by throwing a LoadFailure, which the pipeline turns into diagnostics.
 */
import type { Diagnostic, Location } from '../diagnostics.js';
import { diagnostic, formatPath } from '../diagnostics.js';
import { limitDiagnostic, type Usage } from '../limits.js';
import { locate, locsOf, type TreeObject } from '../yaml/located.js';
import { MergeError } from '../merge/types.js';
import { NormalizeError } from '../normalize/errors.js';
import type { ParseCache } from './cache.js';
import { leadsOutside, outsideHow } from '../bundle/bundle.js';
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
  /** a variable of the environment by its exact name: `environment: [VAR]`, env files, Go shapes */
  lookup: Lookup;
  /** a variable as interpolation looks it up (compose-go ConfigDetails.LookupEnv, see makeLookup) */
  interpolationLookup: Lookup;
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
  /**
   * where the last document that names each resource (`services.web`) names it (shared by the
   * environment): a merged resource that lacks something is reported there
   */
  lastDefinitions: LastDefinitions;
  /** the schema problems reported for the model being merged (by loadFiles: once each) */
  schemaReported?: Set<string>;
}

type Triples = readonly (string | Location | undefined)[];
/** one document's names of one section, with their [name, value location, key location] triples */
export type Definition = readonly [section: string, names: string[], triples: Triples];

/**
 * Where the last document that names each resource (`services.web`) names it: the place of its key
 * (else of its value) in that document. Each document's names are recorded as they are (its keys and
 * their locations, copied: the merge goes on changing the mapping, which the model may share), and
 * the paths are made the first time one is asked for: only a merged resource that lacks something
 * asks, and a path and a map entry per service made as each document was merged were 8 ms of the
 * 10,000-service load (warm).
 */
export class LastDefinitions {
  private recorded: Definition[] = [];
  private readonly byPath = new Map<string, Location>();

  record(section: string, mapping: TreeObject): void {
    this.recorded.push([section, Object.keys(mapping), locsOf(mapping)?.triples() ?? []]);
  }

  /** How many documents are recorded and not asked about yet: `since` gives those recorded after. */
  mark(): number {
    return this.recorded.length;
  }

  since(mark: number): Definition[] {
    return this.recorded.slice(mark);
  }

  /** Records again what another environment's load recorded (see sharedFirstFile). */
  replay(definitions: readonly Definition[]): void {
    for (const d of definitions) this.recorded.push(d);
  }

  get(path: string): Location | undefined {
    // the documents recorded since the last question, in order: a later one's place wins
    for (const [section, names, triples] of this.recorded) {
      const at = new Map<string, Location>();
      for (let i = 0; i < triples.length; i += 3) {
        const place = (triples[i + 2] ?? triples[i + 1]) as Location | undefined;
        if (typeof triples[i] === 'string' && place) at.set(triples[i] as string, place);
      }
      for (const name of names) {
        const place = at.get(name);
        if (place) this.byPath.set(formatPath([section, name]), place);
      }
    }
    this.recorded = [];
    return this.byPath.get(path);
  }
}

/** Stops loading the environment with one error. */
/**
 * Fails with `path-outside-bundle` when bundle path `p` is a file that leads outside the bundle (a
 * symbolic link the CLI refused: bundle.ts markOutside), as for a path written outside it.
 */
export function failOutside(
  files: object,
  p: string | undefined,
  what: string,
  where: Location | undefined,
  path = '',
): undefined {
  if (p !== undefined && leadsOutside(files, p))
    fail('path-outside-bundle', `${what} ${p} ${outsideHow(files, p)}`, where, path);
  return undefined;
}

export const fail = (code: string, message: string, where: Location | undefined, path = ''): never => {
  throw new LoadFailure([diagnostic(code, 'error', message, where, path)]);
};

/** Stops loading the environment whose errors are already in its diagnostics. */
export const stop = (): never => {
  throw new LoadFailure([]);
};

/**
 * A variable of `env` by its name. With `caseInsensitive` (compose-go ConfigDetails.LookupEnv where
 * isCaseInsensitiveEnvVars holds, on Windows), a name not found as written is found ignoring case:
 * compose-go then takes any of the matching variables ("indefinite"); this takes the first in `env`'s
 * order. The lower-cased names are indexed on the first such miss, so a lookup stays O(1).
 */
export function makeLookup(env: Record<string, string>, caseInsensitive = false): Lookup {
  if (!caseInsensitive) return (name) => (Object.hasOwn(env, name) ? env[name] : undefined);
  let folded: Map<string, string> | undefined;
  return (name) => {
    if (Object.hasOwn(env, name)) return env[name];
    if (folded === undefined) {
      folded = new Map();
      for (const k of Object.keys(env)) {
        const lower = goToLower(k);
        if (!folded.has(lower)) folded.set(lower, env[k]);
      }
    }
    return folded.get(goToLower(name));
  };
}

/**
 * Go's strings.ToLower: each code point lowered on its own (unicode.ToLower). JavaScript's
 * toLowerCase differs on İ (U+0130), which it makes `i̇` where Go makes `i`, and on a final Σ,
 * which it lowers by its context; one code point at a time it is Go's mapping.
 */
function goToLower(s: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(s)) return s.toLowerCase();
  let out = '';
  for (const ch of s) out += ch === '\u0130' ? 'i' : ch.toLowerCase();
  return out;
}

/** Whether interpolation ignores the case of variable names: the option, or Windows as in compose-go. */
export const caseInsensitiveEnv = (options: LoadOptions): boolean =>
  options.caseInsensitiveEnv ?? process.platform === 'win32';

/**
 * The variables as a cache key: what they are, not which object holds them. Each name and value
 * is written after its length, which keeps two sets of variables apart as JSON did, at a fifth of
 * JSON.stringify's cost (1% of the seed's load).
 */
export function envKeyOf(env: Record<string, string>): string {
  let key = '';
  for (const k of Object.keys(env).sort()) key += `${k.length}:${k}${env[k].length}:${env[k]}`;
  return key;
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

/**
 * Counts `n` nodes copied into the model against the copiedNodes budget, which bounds the copies of
 * all the environments of one bundle together (ParseCache.copiedNodes): each environment's model is
 * audited, so k environments each under a per-environment budget would cost k times its work.
 */
export function countCopies(ctx: FileContext, n: number, where: Location | undefined, what: string, path = ''): void {
  const max = ctx.usage.budgets.copiedNodes;
  ctx.usage.copiedNodes += n;
  ctx.cache.copiedNodes += n;
  if (ctx.cache.copiedNodes > max)
    throw new LoadFailure([
      limitDiagnostic(
        'copy-limit',
        'copiedNodes',
        `${what} would copy more than ${max.toLocaleString('en-US')} nodes into the models of this bundle's environments`,
        where,
        path,
      ),
    ]);
}

/** Errors of the stages are values; anything else is a bug and propagates. */
export function asDiagnostics(e: unknown, root?: TreeObject): Diagnostic[] {
  if (e instanceof LoadFailure) return e.diagnostics;
  if (e instanceof NormalizeError) return e.diagnostics;
  if (e instanceof MergeError) {
    // compose-go's own phrase (override/merge.go, uncity.go), but for our budget's refusal
    const compose = e.code === 'merge-limit' ? undefined : e.message;
    const where = root ? locate(root, e.path) : undefined;
    return [diagnostic(e.code, 'error', e.message, where, formatPath(e.path), undefined, compose)];
  }
  throw e;
}
