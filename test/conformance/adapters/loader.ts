/**
 * loader_model.json, loader_errors.json, merge_loader.json: full loads through loadProject, with the
 * vector's files as a bundle. Assertions address compose-go's Go model (yaml tag names); goValue()
 * converts our canonical model's values (as `docker compose config` prints them) to the Go type the
 * assertion names (bytes, durations, NanoCPUs...).
 */
import { loadProject, type LoadOptions } from '../../../src/load/project.js';
import type { Bundle } from '../../../src/bundle/bundle.js';
import { isObject, type Tree } from '../../../src/yaml/located.js';
import { parseDuration, toUnitBytes } from '../../../src/normalize/units.js';
import { deepEqual, pass, fail, skip, type Adapter, type Vector, type VectorResult } from '../types.js';
import { decodeText } from '../../../src/bundle/text.js';

const UNSUPPORTED_OPTIONS = [
  'ResourceLoaders',
  'go:WithoutUnnecessaryResources',
  'ConvertWindowsPaths',
  'go:ConvertWindowsPaths',
];

function stripRoot(p: string): string {
  return p.replace(/^\$(CWD|TMPDIR)( \(os\.Getwd\(\)\))?\/?/, '').replace(/^\.\//, '');
}

export interface Prepared {
  bundle: Bundle;
  files: string[];
  env: Record<string, string>;
  options: LoadOptions;
}

export function prepare(v: Vector): Prepared | string {
  const opts = (v.options ?? {}) as Record<string, unknown>;
  for (const k of Object.keys(opts))
    if (UNSUPPORTED_OPTIONS.includes(k)) return `option ${k} is a Go API not exposed by compose-review`;
  // the extraction recorded only that some Go identifier was passed as an option, not which: the
  // runner cannot tell what the test loads with, so the vector is not interpreted (the contract:
  // skipped, never passed); fixtures/compose-go holds the same tests with their options named
  if ('go:Ident' in opts) return 'an option is recorded only as `go:Ident` (which Go option is not said; fixtures/compose-go runs the same test with its options named, and it passes)';
  const files: Record<string, string> = {};
  for (const [p, c] of Object.entries((v.repo_files ?? {}) as Record<string, string>)) files[stripRoot(p)] = c;
  for (const [p, c] of Object.entries((v.disk_files ?? {}) as Record<string, string>)) files[stripRoot(p)] = c;
  const wd = typeof v.working_dir === 'string' && !v.working_dir.startsWith('/') ? stripRoot(v.working_dir) : '';
  const names: string[] = [];
  (v.files as string[]).forEach((text, i) => {
    // `files_encoding: base64`: the files' bytes, read as the bundle reads an uploaded file
    const content = v.files_encoding === 'base64' ? decodeText(Buffer.from(text, 'base64')) : text;
    const given = String((v.filenames as string[] | undefined)?.[i] ?? '');
    let name = stripRoot(given);
    if (name === '' || name === '-' || name.startsWith('(') || names.includes(name)) name = `compose-${i}.yaml`;
    if (wd && !given.startsWith('$') && !name.startsWith(`${wd}/`)) name = `${wd}/${name}`;
    files[name] = content;
    names.push(name);
  });
  const options: LoadOptions = {
    skipNormalization: opts.SkipNormalization === true,
    skipConsistencyCheck: opts.SkipConsistencyCheck === true,
    skipSchema: opts.SkipValidation === true,
    noInterpolate: opts.SkipInterpolation === true,
    defaultProjectName: '',
    workingDir: wd,
    // COMPOSE_PROJECT_NAME is read by compose's CLI layer, not by the loader these vectors test
    projectNameFromEnv: false,
    // compose-go's library keeps env_file; `docker compose config` (our default) discards it
    keepEnvFiles: !opts['go:WithDiscardEnvFiles'] && !opts.DiscardEnvFiles,
    // compose-go's loader prunes only with PruneUnnecessaryResources; docker compose (our default) always does
    allResources: opts.PruneUnnecessaryResources !== true,
  };
  // compose-go's node-visit cap (0: its default) is our yamlNodes budget (src/limits.ts)
  if (typeof opts.MaxNodeVisits === 'number' && opts.MaxNodeVisits > 0)
    options.budgets = { yamlNodes: opts.MaxNodeVisits };
  if (Array.isArray(opts.Profiles)) options.profiles = opts.Profiles as string[];
  const selected = opts['go:WithSelectedServices'] as (string[] | null)[] | undefined;
  if (selected) options.services = selected[0] ?? [];
  const named = opts['go:withProjectName'] as [string, boolean] | undefined;
  if (named) {
    if (named[1]) options.projectName = named[0];
    else options.defaultProjectName = named[0];
  }
  const set =
    typeof opts['go:SetProjectName'] === 'string'
      ? /SetProjectName\("([^"]*)", (true|false)\)/.exec(opts['go:SetProjectName'] as string)
      : null;
  if (set) {
    if (set[2] === 'true') options.projectName = set[1];
    else options.defaultProjectName = set[1];
  }
  if (typeof opts['go:loadYamlModel'] === 'string') options.stage = 'model';
  const env: Record<string, string> = {};
  for (const [k, x] of Object.entries((v.env ?? {}) as Record<string, unknown>)) if (typeof x === 'string') env[k] = x;
  return { bundle: { files }, files: names, env, options };
}

export function goValue(v: Tree | undefined, goType: string | undefined): unknown {
  if (v === undefined || goType === undefined) return v;
  if (goType === 'types.UnitBytes' && typeof v === 'string') return toUnitBytes(v);
  if (goType === 'types.Duration' && typeof v === 'string') return parseDuration(v, { days: true });
  if (
    /^(u?int\d*|float\d+|types\.NanoCPUs|types\.FileMode)$/.test(goType) &&
    typeof v === 'string' &&
    v.trim() !== '' &&
    !Number.isNaN(Number(v))
  )
    return Number(v);
  if (goType === 'types.FileMode' && typeof v === 'string') return parseInt(v, 8);
  return v;
}

export function at(root: Tree, path: (string | number)[]): { found: boolean; value: Tree | undefined } {
  let cur: Tree | undefined = root;
  for (const seg of path) {
    if (Array.isArray(cur) && typeof seg === 'number') {
      if (seg >= cur.length) return { found: false, value: undefined };
      cur = cur[seg];
    } else if (isObject(cur) && Object.hasOwn(cur, String(seg))) cur = cur[String(seg)];
    // Go struct views of scalar shorthands: ulimits `nproc: 65535` is {single: 65535}
    else if (seg === 'single' && typeof cur === 'number') return { found: true, value: cur };
    else return { found: false, value: undefined };
  }
  return { found: true, value: cur };
}

/** Paths are compared relative to the working dir: `$CWD/a`, `./a` and `a` are the same path. */
export function normPaths(v: unknown): unknown {
  if (typeof v === 'string') {
    const r = v.replace(/^\$(CWD|TMPDIR)(?=\/|$)/, '.').replace(/^\.\/(?=.)/, '');
    return r === '.' ? '' : r;
  }
  if (Array.isArray(v)) return v.map(normPaths);
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normPaths(x)]));
  return v;
}

const BYTE_FIELDS = new Set(['shm_size', 'mem_limit', 'memswap_limit', 'mem_reservation', 'memory', 'size']);

/**
 * The Go struct view of our canonical model: services carry their name, environment is never nil,
 * ulimits/extra_hosts/ssh use their Go types, UnitBytes fields are numbers.
 */
export function goModel(model: Tree): Tree {
  const m = JSON.parse(JSON.stringify(model)) as Record<string, Tree>;
  const fixBytes = (v: Tree): Tree => {
    if (Array.isArray(v)) return v.map(fixBytes);
    if (!isObject(v)) return v;
    for (const k of Object.keys(v))
      v[k] =
        BYTE_FIELDS.has(k) && typeof v[k] === 'string' && /^-?\d+$/.test(v[k] as string)
          ? Number(v[k])
          : fixBytes(v[k]);
    return v;
  };
  if (isObject(m.services))
    for (const [name, s] of Object.entries(m.services)) {
      if (!isObject(s)) continue;
      s.name = name;
      s.environment ??= {};
      // types.UlimitsConfig, wherever it occurs (service and build ulimits)
      for (const owner of [s, s.build])
        if (isObject(owner) && isObject(owner.ulimits))
          for (const [k, u] of Object.entries(owner.ulimits))
            if (typeof u === 'number') owner.ulimits[k] = { single: u };
      if (Array.isArray(s.extra_hosts)) {
        const hosts: Record<string, Tree[]> = {};
        for (const e of s.extra_hosts) {
          const [h, ...ip] = String(e).split('=');
          (hosts[h] ??= []).push(ip.join('='));
        }
        s.extra_hosts = hosts;
      }
      if (isObject(s.build) && isObject(s.build.ssh))
        s.build.ssh = Object.entries(s.build.ssh).map(([id, path]) => ({ id, path: path ?? '' }));
      for (const k of ['mem_limit', 'memswap_limit', 'mem_reservation', 'shm_size'])
        if (typeof s[k] === 'string' && /^-?\d+$/.test(s[k] as string)) s[k] = Number(s[k]);
      fixBytes(s.build ?? null);
      fixBytes(s.volumes ?? null);
    }
  return m as Tree;
}

/** Go DeepEqual on a struct field: an absent field is the zero value. */
export function isZero(v: unknown): boolean {
  return (
    v === '' ||
    v === 0 ||
    v === false ||
    v === null ||
    (Array.isArray(v) && v.length === 0) ||
    (isObject(v as Tree) && Object.keys(v as object).length === 0)
  );
}

export function approxEqual(a: unknown, b: unknown): boolean {
  a = normPaths(a);
  b = normPaths(b);
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));
  return deepEqual(a, b);
}

/** Go's len(): elements, keys, or the bytes of a string; nil has length 0. */
export function lengthCheck(got: unknown, want: unknown, where: string): string | undefined {
  const n = Array.isArray(got)
    ? got.length
    : isObject(got as Tree)
      ? Object.keys(got as object).length
      : typeof got === 'string'
        ? Buffer.byteLength(got)
        : got === undefined || got === null
          ? 0
          : -1;
  return n === want ? undefined : `${where}: expected length ${want}, got ${n}`;
}

/** The assertions that only ask whether a value is there: null, not_null, present, absent. */
export function presence(op: string, found: boolean, got: unknown, where: string): string | undefined {
  switch (op) {
    case 'null':
      return got === undefined || got === null ? undefined : `${where}: expected nil, got ${JSON.stringify(got)}`;
    case 'not_null':
      return got !== undefined && got !== null ? undefined : `${where}: expected a value`;
    case 'present':
      return found ? undefined : `${where}: expected present`;
    default:
      return !found ? undefined : `${where}: expected absent, got ${JSON.stringify(got)}`;
  }
}

export function check(model: Tree, a: Vector): string | undefined {
  const path = a.path as (string | number)[];
  const { found, value } = at(model, path);
  const got = goValue(value, a.go_type as string | undefined);
  const where = path.join('.');
  switch (a.op) {
    case 'equals':
      if (got === undefined && isZero(a.value)) return undefined;
      return approxEqual(got, a.value)
        ? undefined
        : `${where}: expected ${JSON.stringify(a.value)}, got ${JSON.stringify(got)}`;
    case 'not_equals':
      return !approxEqual(got, a.value) ? undefined : `${where}: expected not ${JSON.stringify(a.value)}`;
    case 'len':
      return lengthCheck(got, a.value, where);
    case 'null':
    case 'not_null':
    case 'present':
    case 'absent':
      return presence(a.op, found, got, where);
    case 'extensions_equal': {
      const ext = isObject(got as Tree)
        ? Object.fromEntries(Object.entries(got as object).filter(([k]) => k.startsWith('x-')))
        : {};
      return deepEqual(ext, a.value)
        ? undefined
        : `${where}: expected extensions ${JSON.stringify(a.value)}, got ${JSON.stringify(ext)}`;
    }
    default:
      return `unknown op ${a.op}`;
  }
}

function run(v: Vector): VectorResult {
  const prepared = prepare(v);
  if (typeof prepared === 'string') return skip(prepared);
  const spec = { files: prepared.files, env: prepared.env };
  const loaded = loadProject(prepared.bundle, spec, prepared.options);
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  const wantError = v.error !== undefined || v.error_exact !== undefined;
  if (wantError) {
    if (errors.length === 0 && loaded.model)
      return fail(`expected an error (${v.error_exact ?? v.error}), the load succeeded`);
    const want = (v.error_exact ?? v.error) as string | boolean;
    if (want === true) return pass();
    // compose-go prefixes schema errors with the file (`validating compose.yaml: ...`); a diagnostic
    // carries compose-go's own phrase beside ours
    return errors.some((d) =>
      [d.message, d.composeMessage]
        .filter((m): m is string => m !== undefined)
        .some((m) => m.includes(String(want)) || `validating ${d.file}: ${m}`.includes(String(want))),
    )
      ? pass()
      : fail(`expected error containing ${JSON.stringify(want)}, got ${JSON.stringify(errors.map((d) => d.message))}`);
  }
  if (!loaded.model || errors.length)
    return fail(`load failed: ${errors.map((d) => `${d.file}:${d.line}: ${d.message}`).join('; ')}`);
  if (v.returns === 'model' && v.expected_json) {
    const model = loaded.model as Tree;
    return deepEqual(normPaths(JSON.parse(JSON.stringify(model))), normPaths(v.expected_json))
      ? pass()
      : fail(`expected ${JSON.stringify(v.expected_json)}\n     got ${JSON.stringify(model)}`);
  }
  const model = goModel(loaded.model as Tree);
  const problems: string[] = [];
  for (const a of (v.assertions ?? []) as Vector[]) {
    const p = check(model, a);
    if (p) problems.push(p);
  }
  if (v.returns === 'project' && v.expected_json && !v.assertions) {
    // only the top-level extensions of the project are given (e.g. TestLoadExtensions)
    const ext = Object.fromEntries(Object.entries(model as object).filter(([k]) => k.startsWith('x-')));
    if (!deepEqual(ext, v.expected_json))
      problems.push(`extensions: expected ${JSON.stringify(v.expected_json)}, got ${JSON.stringify(ext)}`);
  }
  return problems.length ? fail(problems.join('\n     ')) : pass();
}

const adapter: Adapter = { files: ['loader_model.json', 'loader_errors.json', 'merge_loader.json'], run };
export default adapter;
