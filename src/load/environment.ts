/**
 * The variables of an environment and what the model reads from them (compose-go
 * loader/environment.go, cli/options.go's env files): the env files and the process environment,
 * an include's own env files, and `- VAR` entries and `environment:` secrets/configs resolved.
 */
import type { Diagnostic, Location } from '../diagnostics.js';
import { diagnostic } from '../diagnostics.js';
import { limitDiagnostic } from '../limits.js';
import { copyLoc, isObject, setOwn, type TreeObject } from '../yaml/located.js';
import { dirname, leadsOutside, resolveInBundle, type Bundle, type EnvironmentSpec } from '../bundle/bundle.js';
import { envFromFiles, parseDotenvInto, DotenvError } from '../interpolate/dotenv.js';
import type { Growth } from '../interpolate/template.js';
import { loadBudgets } from './cache.js';
import { makeLookup, type Lookup } from './context.js';
import { emptyRecord } from '../records.js';

/**
 * Reads env files of the bundle into one map (compose-go dotenv.GetEnvFromFile): later files override
 * earlier ones; `${VAR}` inside them resolves from the environment first, then earlier files.
 */
export function readEnvFiles(
  bundle: Bundle,
  paths: string[],
  base: Lookup,
  diagnostics: Diagnostic[],
  from: Location | undefined,
  growth: Growth,
): Record<string, string> {
  const files: { path: string; content: string }[] = [];
  for (const p of paths) {
    const there = Object.hasOwn(bundle.files, p);
    if (!there && leadsOutside(bundle.files, p))
      diagnostics.push(
        diagnostic(
          'path-outside-bundle',
          'error',
          `env file ${p} is a symbolic link that points outside the bundle`,
          from ?? { file: p, line: 1, column: 1 },
          '',
        ),
      );
    else if (!there)
      diagnostics.push(
        diagnostic(
          'env-file-missing',
          'error',
          `env file ${p} not found in the bundle`,
          from ?? { file: p, line: 1, column: 1 },
          '',
        ),
      );
    else files.push({ path: p, content: bundle.files[p] });
  }
  try {
    return envFromFiles(files, base, { growth });
  } catch (e) {
    if (!(e instanceof DotenvError)) throw e;
    diagnostics.push(dotenvDiagnostic(e, { file: e.file ?? paths[0] ?? '', line: e.line ?? 1, column: 1 }));
    return emptyRecord();
  }
}

/** A .env problem: its syntax, or substitution past the interpolationChars budget. */
export function dotenvDiagnostic(e: DotenvError, where: Location | undefined, path = ''): Diagnostic {
  return e.code === 'interpolation-size-limit'
    ? limitDiagnostic(e.code, 'interpolationChars', e.message, where, path)
    : diagnostic('dotenv-syntax', 'error', e.message, where, path);
}

/**
 * The variables of an environment: the request's/CLI's process-level env wins over the env files
 * (default `.env` in the project directory), like `docker compose`.
 */
export function projectEnvironment(
  bundle: Bundle,
  spec: EnvironmentSpec,
  diagnostics: Diagnostic[],
  growth: Growth = { max: loadBudgets({}).interpolationChars, used: 0 },
): Record<string, string> {
  const processEnv: Record<string, string> = Object.assign(emptyRecord(), spec.env ?? {});
  const envFiles = projectEnvFiles(bundle, spec);
  const fromFiles = readEnvFiles(bundle, envFiles, makeLookup(processEnv), diagnostics, undefined, growth);
  // key by key: Object.assign between two null-prototype records took its generic path (1% of the
  // seed's load)
  const env: Record<string, string> = emptyRecord();
  for (const k of Object.keys(fromFiles)) env[k] = fromFiles[k];
  for (const k of Object.keys(processEnv)) env[k] = processEnv[k];
  return env;
}

/** The env files of an environment: its own list, else the project directory's `.env` when the bundle has one. */
function projectEnvFiles(bundle: Bundle, spec: EnvironmentSpec): string[] {
  const dotenv = resolveInBundle(dirname(spec.files[0]), '.env') ?? '.env';
  // a `.env` that is a link out of the bundle is listed, for readEnvFiles to say so
  return spec.envFiles ?? (Object.hasOwn(bundle.files, dotenv) || leadsOutside(bundle.files, dotenv) ? [dotenv] : []);
}

/**
 * Where the env file line that gave `key` its value is: the last env file that sets it, at the key;
 * undefined when the request's own variables set it (they win over env files) or no env file does.
 * Asked only to place a problem with a variable's value, so the files are read again then rather
 * than every variable's place kept on every load.
 */
export function envFileLocation(bundle: Bundle, spec: EnvironmentSpec, key: string): Location | undefined {
  if (spec.env && Object.hasOwn(spec.env, key)) return undefined;
  const base = makeLookup(Object.assign(emptyRecord(), spec.env ?? {}));
  const out: Record<string, string> = emptyRecord();
  const lookup = (k: string) => base(k) ?? (Object.hasOwn(out, k) ? out[k] : undefined);
  let file: string | undefined;
  let line = 0;
  let offset = 0;
  for (const f of projectEnvFiles(bundle, spec)) {
    if (!Object.hasOwn(bundle.files, f)) continue;
    try {
      parseDotenvInto(bundle.files[f], out, lookup, (k, n, at) => {
        if (k !== key) return;
        file = f;
        line = n;
        offset = at;
      });
    } catch {
      break; // the load read these files without a problem; a problem here leaves the place found so far
    }
  }
  if (file === undefined) return undefined;
  // from where its statement starts, past `export `: a value quoted before it on the same line may
  // hold the key's text
  const text = bundle.files[file];
  const exported = /^export[ \t]+/.exec(text.slice(offset, offset + 64))?.[0].length ?? 0;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1 || (text.startsWith('\uFEFF') ? 1 : 0); // an editor shows no BOM
  return { file, line, column: offset + exported - lineStart + 1 };
}

/** compose-go loader/environment.go ResolveEnvironment: `- VAR` entries take the value from the environment. */
export function resolveEnvironment(dict: TreeObject, lookup: Lookup, opts: { secretValues?: boolean } = {}): void {
  // list entries only: a mapping's `VAR:` (null) is left to normalize
  const services = isObject(dict.services) ? dict.services : {};
  for (const name of Object.keys(services)) {
    const s = services[name];
    const list = isObject(s) ? s.environment : undefined;
    if (!Array.isArray(list)) continue;
    list.forEach((item, i) => {
      if (typeof item !== 'string' || item.includes('=')) return;
      const v = lookup(item);
      if (v !== undefined) list[i] = `${item}=${v}`;
    });
  }
  for (const kind of ['secrets', 'configs'] as const) {
    const defs = dict[kind];
    if (!isObject(defs) || (kind === 'secrets' && opts.secretValues === false)) continue;
    for (const def of Object.values(defs)) {
      if (!isObject(def) || typeof def.environment !== 'string') continue;
      const v = lookup(def.environment);
      // a secret's value waits under an extension key (compose-go's x-#value, which the schema lets
      // through when the model is merged and validated again, as an included one is): the decoder
      // makes it `content` (decodeSecretValues)
      const key = kind === 'secrets' ? SECRET_VALUE : 'content';
      if (v !== undefined) {
        setOwn(def, key, v);
        copyLoc(def, 'environment', def, key);
      }
    }
  }
}

/** types.SecretConfigXValue: where ResolveEnvironment keeps a secret's value until the model is decoded. */
const SECRET_VALUE = 'x-#value';

/** compose-go loader.go secretConfigDecoderHook: a secret's x-#value becomes its content. */
export function decodeSecretValues(dict: TreeObject): void {
  const secrets = dict.secrets;
  if (!isObject(secrets)) return;
  for (const def of Object.values(secrets)) {
    if (!isObject(def) || !Object.hasOwn(def, SECRET_VALUE)) continue;
    const v = def[SECRET_VALUE];
    delete def[SECRET_VALUE];
    if (typeof v !== 'string') continue;
    def.content = v;
    copyLoc(def, 'environment', def, 'content');
  }
}
