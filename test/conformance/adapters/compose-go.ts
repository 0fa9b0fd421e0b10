/**
 * fixtures/compose-go/: vectors extracted from compose-go's whole test suite by
 * scripts/extract-compose-go, one compose-go call each, dispatched by the vector's `function`.
 * Assertions address the call's result with yaml tag names (Go model paths); `value_types` name the
 * custom Go scalars inside an expected value, `apply` the string functions the test applied first.
 */
import { posix } from 'node:path';
import { parse } from 'yaml';
import { loadProject, normalizeProjectName, projectEnvironment } from '../../../src/load/project.js';
import { CLI_COMPOSE_NAMES, CLI_OVERRIDE_NAMES } from '../../../src/cli/files.js';
import { goQuote } from '../../../src/compat/go.js';
import { hostsList } from '../../../src/load/go-values.js';
import { isObject, type Tree, type TreeObject } from '../../../src/yaml/located.js';
import { parseDuration, parseUnitBytes, toUnitBytes } from '../../../src/normalize/units.js';
import { NormalizeError } from '../../../src/normalize/errors.js';
import { ProjectError } from '../../../src/project/index.js';
import { parsePortConfig, PortSpecError } from '../../../src/syntax/ports.js';
import { parseVolumeSpec } from '../../../src/syntax/volumes.js';
import { parseVolume } from '../../../src/normalize/volumes.js';
import { transformFunctions, setDefaultValues, omitEmpty } from '../../../src/normalize/canonical.js';
import { walkAt } from '../../../src/normalize/walk.js';
import { normalize } from '../../../src/normalize/normalize.js';
import { mergeModels } from '../../../src/merge/merge.js';
import { enforceUnicity } from '../../../src/merge/unicity.js';
import {
  substitute,
  substitutionOperator,
  InterpolationError,
  MissingRequiredError,
  type Lookup,
  type SubstituteOptions,
} from '../../../src/interpolate/template.js';
import { extractVariables } from '../../../src/interpolate/variables.js';
import { interpolateTree } from '../../../src/interpolate/tree.js';
import { toInt, toBoolean, toFloat, parseBool, type Cast } from '../../../src/interpolate/casts.js';
import { parseDotenv, readDotenv, envFromFiles, DotenvError } from '../../../src/interpolate/dotenv.js';
import { parseWithFormat, type EnvFileParser } from '../../../src/interpolate/env-formats.js';
import { pathMatches, treePathOf } from '../../../src/yaml/treepath.js';
import { formatPath } from '../../../src/diagnostics.js';
import { validateSchema } from '../../../src/validate/schema.js';
import { validateSemantics } from '../../../src/validate/semantic.js';
import { renderConfig } from '../../../src/report/config.js';
import { goModel, goValue, at, approxEqual, isZero, normPaths, prepare, presence, lengthCheck } from './loader.js';
import { deepEqual, fail, pass, skip, type Adapter, type Vector, type VectorResult } from '../types.js';
import type { Diagnostic } from '../../../src/diagnostics.js';
import type { DefaultValueFunc } from '../../../src/normalize/defaults.js';
import { goCallback, GoError, type GoCallback } from '../go-callbacks.js';

type Assertion = {
  path: (string | number)[];
  op: string;
  value?: unknown;
  go_type?: string;
  value_types?: Record<string, string>;
  apply?: unknown[][];
  /** the assertion holds where the result has this path (a key of a result map the test ranged over) */
  if_present?: (string | number)[];
};

/** A result, or the error the call ended with. */
export type Outcome = { value: unknown } | { error: string; errorType?: string; errorFields?: unknown };

const lookupOf =
  (env: Record<string, string> = {}): Lookup =>
  (k) =>
    Object.hasOwn(env, k) ? env[k] : undefined;

/** `{$yaml: text}` / `{$json: text}`: a document the Go test unmarshalled into a generic map. */
export function doc(v: unknown): unknown {
  if (isObject(v as Tree) && typeof (v as Record<string, unknown>).$yaml === 'string')
    return parse((v as Record<string, string>).$yaml) ?? null;
  if (isObject(v as Tree) && typeof (v as Record<string, unknown>).$json === 'string')
    return JSON.parse((v as Record<string, string>).$json);
  if (Array.isArray(v)) return v.map(doc);
  if (isObject(v as Tree)) return Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, doc(x)]));
  return v;
}

/** The working directory of the vector being judged: relative paths of results resolve against it. */
let workingDir = '';

/** Go DeepEqual of a result with an expected value that lists only the fields the test set. */
function goEqual(actual: unknown, expected: unknown): boolean {
  if (approxEqual(actual, expected)) return true;
  // compose-go resolves paths against the working dir; ours stay relative to the project directory
  if (typeof actual === 'string' && typeof expected === 'string' && workingDir && !actual.startsWith('/'))
    if (posix.normalize(posix.join(workingDir, actual)) === posix.normalize(expected)) return true;
  if ((actual === undefined || actual === null || isZero(actual)) && isZero(expected)) return true;
  if (Array.isArray(actual) && Array.isArray(expected))
    return actual.length === expected.length && actual.every((a, i) => goEqual(a, expected[i]));
  if (isObject(actual as Tree) && isObject(expected as Tree)) {
    const a = actual as Record<string, unknown>;
    const e = expected as Record<string, unknown>;
    for (const k of new Set([...Object.keys(a), ...Object.keys(e)])) {
      // `$go`: Go-side fields (yaml:"-") the model does not carry
      if (k === '$go') continue;
      if (!Object.hasOwn(e, k)) {
        if (!isZero(a[k])) return false;
      } else if (!goEqual(a[k], e[k])) return false;
    }
    return true;
  }
  return false;
}

/** Converts the values at `value_types` paths of a result to the Go scalar they are compared as. */
function withGoTypes(v: unknown, types: Record<string, string> | undefined): unknown {
  if (!types) return v;
  const copy = JSON.parse(JSON.stringify(v ?? null)) as unknown;
  for (const [path, t] of Object.entries(types)) {
    const segs = path.split('.');
    let parent: unknown = copy;
    for (const s of segs.slice(0, -1))
      parent = isObject(parent as Tree) || Array.isArray(parent) ? (parent as Record<string, unknown>)[s] : undefined;
    const last = segs[segs.length - 1];
    if ((isObject(parent as Tree) || Array.isArray(parent)) && Object.hasOwn(parent as object, last))
      (parent as Record<string, unknown>)[last] = goValue((parent as Record<string, Tree>)[last], t);
  }
  return copy;
}

function applyOps(v: unknown, ops: unknown[][] | undefined): unknown {
  for (const [op, a, b] of ops ?? []) {
    if (op === 'replace_all' && typeof v === 'string') v = v.split(String(a)).join(String(b));
    else if (op === 'hosts_as_list' && isObject(v as Tree))
      v = Object.entries(v as Record<string, string[]>)
        .flatMap(([h, ips]) => ips.map((ip) => `${h}${a}${ip}`))
        .sort();
    else if (op === 'sort' && Array.isArray(v)) v = [...v].sort();
    else if (op === 'join' && Array.isArray(v)) v = v.join(String(a));
    // a Go method that lists a map's keys, sorted (Project.ServiceNames, DisabledServiceNames, ...)
    else if (op === 'keys') v = isObject(v as Tree) ? Object.keys(v as object).sort() : v === undefined ? null : v;
    else if (op === 'trim_space' && typeof v === 'string') v = v.trim();
  }
  return v;
}

/**
 * `document`: the text is compared as the YAML or JSON document it is, with the expected text parsed
 * the same way (layout and key order are the encoder's, not what the test is about).
 */
function asDocuments(a: Assertion, got: unknown): [got: unknown, want: unknown] | undefined {
  const format = a.apply?.find(([op]) => op === 'document')?.[1];
  if (format === undefined || typeof got !== 'string' || typeof a.value !== 'string') return undefined;
  const read = (t: string): unknown => (format === 'json' ? JSON.parse(t) : parse(t));
  return [read(got), read(a.value)];
}

function checkOne(root: unknown, assertion: Assertion): string | undefined {
  const a = { ...assertion, value: doc(assertion.value) };
  // `$extensions`: the x-* keys of the object before it (Go's inlined Extensions map)
  const ext = a.path.indexOf('$extensions');
  let { found, value } = at(root as Tree, ext < 0 ? a.path : a.path.slice(0, ext));
  if (ext >= 0) {
    const x = isObject(value as Tree)
      ? Object.fromEntries(Object.entries(value as object).filter(([k]) => k.startsWith('x-')))
      : {};
    ({ found, value } = at(x as Tree, a.path.slice(ext + 1)));
  }
  if (a.if_present && !at(root as Tree, a.if_present).found) return undefined;
  let got = applyOps(value, a.apply);
  got = goValue(got as Tree, a.go_type);
  got = withGoTypes(got, a.value_types);
  const where = a.path.join('.') || '(result)';
  const documents = asDocuments(a, got);
  if (documents) [got, a.value] = documents;
  switch (a.op) {
    case 'keys_subset': {
      const extra = isObject(got as Tree)
        ? Object.keys(got as object).filter((k) => !(a.value as string[]).includes(k))
        : [];
      return extra.length
        ? `${where}: keys ${JSON.stringify(extra)} are not among ${JSON.stringify(a.value)}`
        : undefined;
    }
    case 'contains_all': {
      const missing = (a.value as unknown[]).filter((x) => !(Array.isArray(got) && got.some((y) => goEqual(y, x))));
      return missing.length ? `${where}: ${JSON.stringify(got)} lacks ${JSON.stringify(missing)}` : undefined;
    }
    case 'equals':
      return goEqual(got, a.value)
        ? undefined
        : `${where}: expected ${JSON.stringify(a.value)}, got ${JSON.stringify(got)}`;
    case 'not_equals':
      return !goEqual(got, a.value) ? undefined : `${where}: expected not ${JSON.stringify(a.value)}`;
    case 'equals_unordered': {
      const g = Array.isArray(got) ? [...got].map((x) => JSON.stringify(x)).sort() : got;
      const e = Array.isArray(a.value) ? [...a.value].map((x) => JSON.stringify(x)).sort() : a.value;
      return deepEqual(g, e)
        ? undefined
        : `${where}: expected (any order) ${JSON.stringify(a.value)}, got ${JSON.stringify(got)}`;
    }
    case 'len':
      return lengthCheck(got, a.value, where);
    case 'contains':
      if (typeof got === 'string')
        return got.includes(String(a.value))
          ? undefined
          : `${where}: ${JSON.stringify(got)} does not contain ${JSON.stringify(a.value)}`;
      if (Array.isArray(got))
        return got.some((x) => goEqual(x, a.value))
          ? undefined
          : `${where}: no element ${JSON.stringify(a.value)} in ${JSON.stringify(got)}`;
      if (isObject(got as Tree))
        return Object.hasOwn(got as object, String(a.value))
          ? undefined
          : `${where}: no key ${JSON.stringify(a.value)}`;
      return `${where}: cannot look into ${JSON.stringify(got)}`;
    case 'null':
    case 'not_null':
    case 'present':
    case 'absent':
      return presence(a.op, found, got, where);
    default:
      return `unknown op ${a.op}`;
  }
}

/** The vector's expectations on an outcome: error (substring / exact / type) or ok plus assertions. */
export function judge(
  v: Vector,
  out: Outcome,
  root?: (value: unknown) => unknown,
  partial?: () => unknown,
): VectorResult {
  const wantsError = v.error !== undefined || v.error_exact !== undefined;
  workingDir = typeof v.working_dir === 'string' && !v.working_dir.startsWith('$') ? v.working_dir : '';
  // `v, _ := f()`: the test checks what f returned with its error (a partial result, else the zero value)
  if ('error' in out && !wantsError && v.error_ignored) out = { value: partial ? partial() : null };
  if ('error' in out) {
    if (!wantsError) return fail(`unexpected error: ${out.error}`);
    if (v.error_exact !== undefined && out.error !== v.error_exact && !out.error.endsWith(`: ${v.error_exact}`))
      return fail(`expected error ${JSON.stringify(v.error_exact)}, got ${JSON.stringify(out.error)}`);
    if (typeof v.error === 'string' && !out.error.includes(v.error))
      return fail(`expected error containing ${JSON.stringify(v.error)}, got ${JSON.stringify(out.error)}`);
    if (v.error_fields !== undefined && !goEqual(out.errorFields, v.error_fields))
      return fail(
        `expected error ${JSON.stringify(v.error_fields)}, got ${JSON.stringify(out.errorFields ?? out.error)}`,
      );
    return pass();
  }
  // `error_optional`: the test checks the error only if there is one
  if (wantsError && v.error_optional && !(v.assertions ?? []).length) return pass();
  if (wantsError)
    return fail(`expected an error (${v.error_exact ?? v.error}), got ${JSON.stringify(out.value)?.slice(0, 300)}`);
  const value = root ? root(out.value) : out.value;
  const problems = ((v.assertions ?? []) as Assertion[]).map((a) => checkOne(value, a)).filter((p): p is string => !!p);
  return problems.length ? fail(problems.join('\n     ')) : pass();
}

function substituteWithCallbacks(v: Vector): VectorResult {
  const port = <F>(cb: GoCallback | undefined): F | undefined => (cb ? goCallback<F>(cb) : undefined);
  return judge(
    v,
    outcome(() =>
      substitute(v.template, lookupOf(v.env), {
        substituteFunc: port<SubstituteOptions['substituteFunc']>(v.substitute_func),
        replacement: port<SubstituteOptions['replacement']>(v.replacement),
      }),
    ),
  );
}

export function outcome(f: () => unknown): Outcome {
  try {
    return { value: f() };
  } catch (e) {
    if (
      e instanceof NormalizeError ||
      e instanceof PortSpecError ||
      e instanceof InterpolationError ||
      e instanceof DotenvError ||
      e instanceof ProjectError ||
      e instanceof GoError
    )
      return {
        error: e.message,
        errorType: e.constructor.name,
        errorFields: e instanceof MissingRequiredError ? { Variable: e.variable, Reason: e.reason } : undefined,
      };
    throw e;
  }
}

// ------------------------------------------------------------------ the loader

const UNSUPPORTED = [
  'ResourceLoaders',
  'ConvertWindowsPaths',
  'Interpolate',
  'KnownExtensions',
  'SkipInclude',
  'SkipExtends',
  'SkipResolveEnvironment',
  'SkipDefaultValues',
];

/** compose-go Options fields as the shared loader adapter reads them. */
function legacyOptions(o: Record<string, unknown>, fn: string): Record<string, unknown> | string {
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(o)) {
    if (UNSUPPORTED.includes(k) && x !== false && x !== 0 && x !== null)
      return `loader option ${k} is a Go API with no counterpart in compose-review`;
    if (k === 'discardEnvFiles') out['go:WithDiscardEnvFiles'] = x;
    else if (k === 'SelectedServices') out['go:WithSelectedServices'] = [x];
    else if (k === 'projectName') out['go:withProjectName'] = [x, o.projectNameImperativelySet === true];
    else if (k !== 'Listeners' && k !== 'projectNameImperativelySet') out[k] = x;
  }
  if (fn === 'loader.loadYamlModel') out['go:loadYamlModel'] = 'loadYamlModel';
  return out;
}

/**
 * Whether one of the diagnostics is the expected error (`error`: a substring, `error_exact`: the whole
 * message, `true`: any), by our message or by compose-go's phrase (compose-go prefixes schema errors
 * with the file, `validating compose.yaml: ...`), and points at `error_at` (`file:line:column`).
 */
function expectedError(v: Vector, errors: Diagnostic[]): string | undefined {
  const want = String(v.error_exact ?? v.error);
  const matches = (d: Diagnostic): boolean =>
    v.error === true ||
    [d.message, d.composeMessage]
      .filter((m): m is string => m !== undefined)
      .flatMap((m) => [m, `validating ${errors[0].file}: ${m}`])
      .some((m) => (v.error_exact !== undefined ? m === want || m.endsWith(want) : m.includes(want)));
  const found = errors.filter(matches);
  if (!found.length)
    return `expected error ${JSON.stringify(want)}, got ${JSON.stringify(errors.map((d) => d.composeMessage ?? d.message))}`;
  const places = found.map((d) => `${d.file}:${d.line}:${d.column}`);
  if (v.error_at !== undefined && !places.includes(v.error_at))
    return `expected the error at ${v.error_at}, got it at ${places.join(', ')}`;
  return undefined;
}

function loaderVector(v: Vector): VectorResult {
  const opts = legacyOptions((v.options ?? {}) as Record<string, unknown>, v.function);
  if (typeof opts === 'string') return skip(opts);
  const prepared = prepare({ ...v, options: opts });
  if (typeof prepared === 'string') return skip(prepared);
  if (v.function === 'loader.LoadModelWithContext') prepared.options.stage = 'raw';
  const loaded = loadProject(prepared.bundle, { files: prepared.files, env: prepared.env }, prepared.options);
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  const out: Outcome =
    errors.length || !loaded.model
      ? { error: errors.map((d) => `${d.message}`).join('\n') || 'no model' }
      : { value: loaded.model };
  if ('error' in out && (v.error !== undefined || v.error_exact !== undefined)) {
    // `also_errors`: other errors the same load must report (compose-go joins a pass's errors)
    for (const want of [v, ...((v.also_errors ?? []) as Vector[])]) {
      const problem = expectedError(want, errors);
      if (problem) return fail(problem);
    }
    return pass();
  }
  const model = (m: unknown): unknown =>
    v.returns === 'model' ? normPaths(JSON.parse(JSON.stringify(m))) : goModel(m as Tree);
  if ('error' in out) return judge(v, out, model);
  // `$roundtrip:yaml` / `$roundtrip:json`: the project printed as `config` in that format and loaded
  // again (compose-go: MarshalYAML/MarshalJSON, then a load without validation)
  const root: Record<string, unknown> = { ...(model(out.value) as object) };
  for (const format of ['yaml', 'json'] as const) {
    if (!((v.assertions ?? []) as Assertion[]).some((a) => a.path[0] === `$roundtrip:${format}`)) continue;
    const text = renderConfig(out.value as TreeObject, format, { noInterpolate: true });
    const again = loadProject(
      { files: { 'compose.yml': text } },
      { files: ['compose.yml'], env: {} },
      { ...prepared.options, skipSchema: true, workingDir: '' },
    );
    const errs = again.diagnostics.filter((d) => d.severity === 'error');
    if (errs.length || !again.model)
      return fail(`after a ${format} round trip: ${errs.map((d) => d.message).join('; ')}`);
    root[`$roundtrip:${format}`] = model(again.model);
  }
  return judge(v, { value: root });
}

// ------------------------------------------------------------------ cli.ProjectOptions

/** Where a path of the test's process lands in the bundle: `$TMPDIR` and `$TMPDIR1` are directories of their own. */
function processPath(p: string): string {
  const m = /^\$TMPDIR(\d*)\/?(.*)$/.exec(p);
  const rel = m ? posix.join(`.tmp${m[1] || '0'}`, m[2]) : posix.normalize(p);
  return rel === '.' ? '' : rel.replace(/\/$/, '');
}

/**
 * compose-go's cli.ProjectOptions, built by its option functions in order, as what our loader takes:
 * the files, the variables (WithEnv, WithOsEnv; WithDotEnv adds the env files' under them), the
 * project name (WithName is `-p`, COMPOSE_PROJECT_NAME among the variables, else the working
 * directory's name), the env files (WithEnvFiles: given, else the working directory's `.env`),
 * WithConfigFileEnv (COMPOSE_FILE) and WithDefaultConfigPath (the CLI's default names, the nearest
 * directory up that has one). The test's process runs in its package directory, the bundle's root.
 */
function projectOptionsVector(v: Vector): VectorResult {
  const files: Record<string, string> = {};
  for (const [p, c] of Object.entries((v.repo_files ?? {}) as Record<string, string>)) files[processPath(p)] = c;
  for (const [p, c] of Object.entries((v.disk_files ?? {}) as Record<string, string>)) files[processPath(p)] = c;
  const pkg = String(v.id).split('/')[0];
  const env: Record<string, string> = {};
  let name: string | undefined;
  let wd: string | undefined; // bundle path, or an absolute directory outside the bundle
  let envFiles: string[] | undefined;
  let dotEnv = false;
  let discard = false;
  let configPaths = ((v.config_files ?? []) as string[]).map(processPath);
  const workingDir = (): string => wd ?? (configPaths.length ? posix.dirname(configPaths[0]) : '');
  for (const [fn, ...args] of (v.options ?? []) as [string, ...unknown[]][]) {
    if (fn === 'WithName') name = String(args[0]);
    else if (fn === 'WithEnv')
      for (const kv of (args[0] ?? []) as string[]) {
        const i = kv.indexOf('=');
        env[i < 0 ? kv : kv.slice(0, i)] = i < 0 ? '' : kv.slice(i + 1);
      }
    else if (fn === 'WithOsEnv') {
      for (const [k, x] of Object.entries((v.process_env ?? {}) as Record<string, string>)) if (!(k in env)) env[k] = x;
    } else if (fn === 'WithWorkingDirectory') {
      const d = String(args[0]);
      if (d !== '') wd = d.startsWith('/') ? posix.normalize(d) : processPath(d);
    } else if (fn === 'WithEnvFiles') {
      if (args.length) envFiles = (args as string[]).map(processPath);
      else {
        const dotenv = posix.join(workingDir(), '.env');
        envFiles = Object.hasOwn(files, dotenv) ? [dotenv] : [];
      }
    } else if (fn === 'WithDotEnv') dotEnv = true;
    else if (fn === 'WithDiscardEnvFile') discard = true;
    else if (fn === 'WithConfigFileEnv') {
      if (!configPaths.length && env.COMPOSE_FILE)
        configPaths = env.COMPOSE_FILE.split(env.COMPOSE_PATH_SEPARATOR || ':').map(processPath);
    } else if (fn === 'WithDefaultConfigPath') {
      if (configPaths.length) continue;
      for (let dir = workingDir(); ; dir = posix.dirname(dir)) {
        const inDir = (n: string) => (dir === '' || dir === '.' ? n : posix.join(dir, n));
        const found = CLI_COMPOSE_NAMES.map(inDir).find((f) => Object.hasOwn(files, f));
        if (found) {
          const override = CLI_OVERRIDE_NAMES.map(inDir).find((f) => Object.hasOwn(files, f));
          configPaths = override ? [found, override] : [found];
          break;
        }
        if (dir === '' || dir === '.' || dir.startsWith('/')) break;
      }
    } else return skip(`cli option ${fn} has no counterpart in the runner`);
  }
  const bundle = { files };
  const spec = { files: configPaths, env, envFiles: dotEnv ? (envFiles ?? []) : [] };
  const diagnostics: Diagnostic[] = [];
  // options.Environment: the variables, and with WithDotEnv the env files' under them
  // (with its env files given, projectEnvironment reads no file of the project's directory)
  const environment = projectEnvironment(
    bundle,
    { ...spec, files: configPaths.length ? configPaths : [posix.join(workingDir(), 'compose.yaml')] },
    diagnostics,
  );
  if (!(v.then ?? []).includes('cli.ProjectFromOptions')) {
    if (name !== undefined && normalizeProjectName(name) !== name)
      return judge(v, { error: `invalid project name ${goQuote(name)}` });
    return judge(v, { value: { Environment: { ...environment } } });
  }
  const dir = wd ?? (configPaths.length ? posix.dirname(configPaths[0]) : pkg);
  const base = posix.basename(dir === '' || dir === '.' ? pkg : dir);
  const loaded = loadProject(bundle, spec, {
    ...(name ? { projectName: name } : {}),
    defaultProjectName: normalizeProjectName(base),
    keepEnvFiles: !discard,
    allResources: true,
    ...(wd !== undefined && !wd.startsWith('/') ? { workingDir: wd } : {}),
  });
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length || !loaded.model) return judgeDiagnostics(v, errors.length ? errors : diagnostics);
  return judge(v, { value: goModel(loaded.model) });
}

// ------------------------------------------------------------------ everything else

/**
 * A call that failed with these diagnostics, judged as compose-go's error: the vector passes when one
 * of them, by our message or by compose-go's phrase, is the error it expects (compose-go stops at its
 * first error; we report them all).
 */
export function judgeDiagnostics(v: Vector, list: Diagnostic[]): VectorResult {
  if (list.length === 0) return judge(v, { value: null });
  const messages = list.flatMap((d) => (d.composeMessage === undefined ? [d.message] : [d.message, d.composeMessage]));
  let first: VectorResult | undefined;
  for (const m of messages) {
    const r = judge(v, { error: m });
    if (r.status === 'pass') return r;
    first ??= r;
  }
  return first as VectorResult;
}

/** The casts compose-go's tests give Interpolate: compose-go's own, and the strconv parsers they wrap. */
const CASTS: Record<string, Cast> = {
  toInt,
  toBoolean,
  toFloat,
  parseBool,
  toInt64: toInt,
  'strconv.Atoi': toInt,
  'strconv.ParseBool': parseBool,
};

function typedDecode(v: Vector): Outcome {
  const decoded = v.function === 'json.Unmarshal' ? JSON.parse(v.input) : parse(v.input);
  return outcome(() => {
    switch (v.go_type) {
      case 'types.UnitBytes':
        if (typeof decoded === 'number' && Number.isInteger(decoded)) return decoded;
        if (typeof decoded === 'string') return parseUnitBytes(decoded);
        throw new NormalizeError(`cannot unmarshal ${JSON.stringify(decoded)} into UnitBytes`);
      case 'types.Duration':
        if (typeof decoded === 'string') return parseDuration(decoded);
        throw new NormalizeError(`cannot unmarshal ${JSON.stringify(decoded)} into Duration`);
      default:
        return undefined;
    }
  });
}

const HANDLERS: Record<string, (v: Vector) => VectorResult> = {
  'loader.LoadWithContext': loaderVector,
  'loader.LoadModelWithContext': loaderVector,
  'loader.loadYamlModel': loaderVector,
  'override.Merge': (v) => {
    const [base, override] = (v.args as unknown[]).map(doc) as TreeObject[];
    let model = mergeModels(base ?? {}, override ?? {});
    for (const step of (v.then ?? []) as string[])
      if (step === 'override.EnforceUnicity') model = enforceUnicity(model);
    return judge(v, { value: model }, (x) => (x === undefined ? x : doc(x)));
  },
  'override.EnforceUnicity': (v) => judge(v, { value: enforceUnicity((doc(v.args[0]) ?? {}) as TreeObject) }),
  'format.ParseVolume': (v) =>
    judge(
      v,
      outcome(() => parseVolume(v.args[0])),
      undefined,
      () => parseVolumeSpec(v.args[0]).volume,
    ),
  'types.ParsePortConfig': (v) =>
    judge(
      v,
      outcome(() => parsePortConfig(v.args[0])),
    ),
  'types.NewHostsList': (v) =>
    judge(
      v,
      outcome(() => {
        const list = hostsList(v.args[0] as Tree) as string[];
        const m: Record<string, string[]> = {};
        for (const e of list) {
          const i = e.indexOf('=');
          (m[e.slice(0, i)] ??= []).push(e.slice(i + 1));
        }
        return m;
      }),
    ),
  'template.Substitute': (v) =>
    judge(
      v,
      outcome(() => substitute(v.template, lookupOf(v.env))),
    ),
  // with the test's own substitution or replacement function (substitute_func, replacement), by its port
  'template.SubstituteWith': substituteWithCallbacks,
  'template.SubstituteWithOptions': substituteWithCallbacks,
  'template.getSubstitutionFunctionForTemplate': (v) => judge(v, { value: substitutionOperator(v.args[0]) }),
  'dotenv.expandVariables': (v) =>
    judge(
      v,
      outcome(() =>
        substitute(v.template, (k) => (Object.hasOwn(v.env ?? {}, k) ? v.env[k] : lookupOf(v.lookup_env)(k))),
      ),
    ),
  'template.ExtractVariables': (v) => {
    const vars = extractVariables(doc(v.input) as Tree) as unknown as Record<string, Record<string, unknown>>;
    // Go's Variable struct: fields by their Go names
    const go = Object.fromEntries(
      Object.entries(vars).map(([k, x]) => [
        k,
        Object.fromEntries(Object.entries(x).map(([f, y]) => [f[0].toUpperCase() + f.slice(1), y])),
      ]),
    );
    return judge(v, { value: go });
  },
  'interpolation.Interpolate': (v) => {
    const casts: Record<string, Cast> = {};
    for (const [p, name] of Object.entries((v.type_casts ?? {}) as Record<string, string>)) {
      if (!CASTS[name]) return skip(`cast ${name} is a Go function of the test`);
      casts[p] = CASTS[name];
    }
    const { tree, diagnostics } = interpolateTree(doc(v.input) as TreeObject, lookupOf(v.env), {
      casts,
      warnings: false,
    });
    return judge(v, diagnostics.length ? { error: diagnostics[0].message } : { value: tree });
  },
  // env_file_formats: the test's registered formats, by their ports
  'dotenv.ParseWithFormat': (v) =>
    judge(
      v,
      outcome(() => {
        const vars: Record<string, string> = {};
        const formats = Object.fromEntries(
          Object.entries((v.env_file_formats ?? {}) as Record<string, GoCallback>).map(([k, cb]) => [
            k,
            goCallback<EnvFileParser>(cb),
          ]),
        );
        parseWithFormat(v.content, v.filename, vars, lookupOf(v.lookup_env), v.format, formats);
        return vars;
      }),
    ),
  'dotenv.Parse': (v) =>
    judge(
      v,
      outcome(() => parseDotenv(v.content)),
    ),
  'dotenv.ParseWithLookup': (v) =>
    judge(
      v,
      outcome(() => parseDotenv(v.content, lookupOf(v.lookup_env))),
    ),
  'dotenv.Read': (v) =>
    judge(
      v,
      outcome(() => readDotenv((v.files as { content: string }[]).map((f) => f.content))),
    ),
  'dotenv.ReadWithLookup': (v) =>
    judge(
      v,
      outcome(() =>
        readDotenv(
          (v.files as { content: string }[]).map((f) => f.content),
          lookupOf(v.lookup_env),
        ),
      ),
    ),
  'dotenv.GetEnvFromFile': (v) =>
    judge(
      v,
      outcome(() => envFromFiles(v.files, lookupOf(v.env))),
    ),
  'dotenv.Load': (v) =>
    judge(
      v,
      outcome(() => {
        // Load sets each file's variables in the process environment unless already set there
        const env: Record<string, string> = { ...(v.process_env ?? {}) };
        for (const f of v.files as { content: string }[]) {
          const vars = parseDotenv(f.content);
          for (const k of Object.keys(vars)) if (!Object.hasOwn(env, k)) env[k] = vars[k];
        }
        return env;
      }),
    ),
  'schema.Validate': (v) => {
    const errors = validateSchema(doc(v.args[0]) as Tree, 'compose.yaml');
    return judgeDiagnostics(v, errors);
  },
  'loader.checkConsistency': (v) => {
    // the project's services a profile disabled (Go-side Project.DisabledServices)
    const go = ((v.args[0] as Record<string, unknown>).$go ?? {}) as Record<string, unknown>;
    const disabled = new Map<string, string[]>(
      Object.entries((go.DisabledServices ?? {}) as Record<string, { profiles?: string[] }>).map(([k, s]) => [
        k,
        s.profiles ?? [],
      ]),
    );
    // our model keeps a disabled service among the services, marked by `disabled`
    const model = { ...(v.args[0] as TreeObject) };
    delete model.$go;
    if (go.DisabledServices)
      model.services = { ...((model.services ?? {}) as TreeObject), ...(go.DisabledServices as TreeObject) };
    // checkConsistency on its own, on a project the test built (not normalized by a load)
    const errors = validateSemantics(model, { disabled, validation: false, normalized: false }).filter(
      (d) => d.severity === 'error',
    );
    return judgeDiagnostics(v, errors);
  },
  'loader.Normalize': (v) =>
    judge(
      v,
      outcome(() => normalize(doc(v.args[0]) as TreeObject, (v.args[1] ?? {}) as Record<string, string>)),
    ),
  'cli.NewProjectOptions': projectOptionsVector,
  'loader.OmitEmpty': (v) =>
    judge(
      v,
      outcome(() => omitEmpty(doc(v.args[0]) as TreeObject)),
    ),
  // default_values: transformers the test registered (RegisterDefaultValue), by their ports
  'transform.SetDefaultValues': (v) =>
    judge(
      v,
      outcome(() =>
        setDefaultValues(doc(v.args[0]) as TreeObject, {
          defaultValues: ((v.default_values ?? []) as { pattern: string; go_callback: GoCallback }[]).map(
            (r) => [r.pattern, goCallback<DefaultValueFunc>(r.go_callback)] as const,
          ),
        }),
      ),
    ),
  'tree.Path.Matches': (v) => judge(v, { value: pathMatches(v.path, v.pattern) }),
  'yaml.Unmarshal': (v) =>
    ['types.UnitBytes', 'types.Duration'].includes(v.go_type)
      ? judge(v, typedDecode(v))
      : skip(`decoding into ${v.go_type} on its own is a Go API`),
  'json.Unmarshal': (v) =>
    ['types.UnitBytes', 'types.Duration'].includes(v.go_type)
      ? judge(v, typedDecode(v))
      : skip(`decoding into ${v.go_type} on its own is a Go API`),
};

function transform(v: Vector): VectorResult {
  const name = String(v.function).replace(/^transform\./, '');
  const fn = transformFunctions[name];
  const [data, path, ignore] = v.args as [Tree, string, boolean];
  return judge(
    v,
    outcome(() => fn(doc(data) as Tree, walkAt(String(path ?? '')), { ignoreParseError: ignore === true })),
  );
}

/** Keys of the Compose schema whose value is a list: a `*` after them is an index. */
const LIST_KEYS = new Set(['ports', 'watch', 'devices', 'gpus']);

function validationCheck(v: Vector): VectorResult {
  // validation.checks[pattern](value, path): the value placed where the pattern matches in a model
  // (each `*` a name, or index 0 in a list), checked there; our paths are reported from `path`
  const pattern = /^validation\.checks\[(.*)\]$/.exec(String(v.function))?.[1] ?? '';
  const [value, path] = v.args as [unknown, string];
  const segs: (string | number)[] = pattern
    .split('.')
    .map((s, k, all) => (s !== '*' ? s : LIST_KEYS.has(all[k - 1]) ? 0 : 'test'));
  const model: Record<string, unknown> = {};
  let cur: Record<string, unknown> | unknown[] = model;
  segs.forEach((s, k) => {
    const next = k === segs.length - 1 ? doc(value) : typeof segs[k + 1] === 'number' ? [] : {};
    (cur as Record<string, unknown>)[s] = next;
    cur = next as Record<string, unknown>;
  });
  const at = formatPath(segs);
  // compose-go's message names the checked value by its tree path (a list item is `[]`): the test's
  // own path stands in for it
  const goAt = treePathOf(segs);
  const errors = validateSemantics(model as TreeObject, { consistency: false })
    .filter((d) => d.severity === 'error' && (d.path ?? '').startsWith(at))
    .map((d) =>
      d.composeMessage?.startsWith(`${goAt}:`)
        ? `${path}${d.composeMessage.slice(goAt.length)}`
        : `${path}${(d.path ?? '').slice(at.length)}: ${d.message}`,
    );
  return judge(v, errors.length ? { error: errors.join('\n') } : { value: null });
}

function run(v: Vector): VectorResult {
  const fn = String(v.function);
  if (HANDLERS[fn]) return HANDLERS[fn](v);
  if (fn.startsWith('transform.') && transformFunctions[fn.slice('transform.'.length)]) return transform(v);
  if (fn.startsWith('validation.checks[')) return validationCheck(v);
  return skip(`${fn} has no counterpart in compose-review`);
}

const adapter: Adapter = { files: [], functions: ['*'], run };
export default adapter;
void toUnitBytes;
