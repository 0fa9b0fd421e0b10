// The table of compose-go functions under test: each call becomes one vector, with its inputs as JSON
// and symbolic results (Sym) the test's assertions attach to. A compose-go function that is not in this
// table makes the statement unsupported (recorded with the reason, never guessed).
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { type Checkout, type Node, field, kids } from './source.js';
import {
  type ApiContext,
  type ApiHandler,
  CARRIED_STATE,
  type Interp,
  MAP_METHODS,
  NOT_MAPPED,
  TYPED_METHODS,
} from './interp.js';
import { render } from './render.js';
import {
  Fn,
  GoMap,
  GoStruct,
  Native,
  Opaque,
  Poison,
  Sym,
  Tuple,
  Typed,
  Unsupported,
  type Val,
  type Vec,
} from './values.js';

const COMPOSE_PACKAGE =
  /\b(cli|dotenv|format|graph|interpolation|loader|override|paths|schema|template|transform|tree|types|utils|validation)\.\w+/;

export function newVec(ctx: ApiContext, fn: string, data: Record<string, unknown>, results: string[]): Vec {
  const vec: Vec = { id: ctx.interp.baseId(), function: fn, data, assertions: [], skipped_assertions: [], results };
  // statements of the test skipped before this call may have set up what it depends on
  const skipped = [...ctx.interp.outerSkips.flat(), ...ctx.interp.pendingSkips];
  if (skipped.length) data.setup_skipped = skipped;
  // a skipped statement that used compose-go itself (a package variable, a function not in the API
  // table) changed or read compose-go's state: what this call does then is unknown
  const state = skipped.find(
    (r) => /\((compose-go|process) state\)/.test(r) || (r.includes(NOT_MAPPED) && COMPOSE_PACKAGE.test(r)),
  );
  if (state) data.skip = `the test first changes state the vector cannot carry: ${state}`;
  for (const [q, v] of ctx.interp.carried) data[CARRIED_STATE[q]] = v;
  ctx.test.vecs.push(vec);
  return vec;
}

/** The call's results: one Sym per Go result, `error` results as error Syms. */
export function results(vec: Vec, types: string[]): Val {
  const vals = types.map((t, i) =>
    t === 'error' ? new Sym(vec, [], 'error', 'error') : new Sym(vec, i === 0 ? [] : [`#${i}`], t),
  );
  return vals.length === 1 ? vals[0] : new Tuple(vals);
}

export function json(i: Interp, v: Val, type = ''): unknown {
  return render(i.types, v, type).json;
}

function str(v: Val): string {
  if (v instanceof Typed) return String(v.v);
  if (typeof v === 'string') return v;
  if (v instanceof Poison) throw new Unsupported(v.reason);
  throw new Unsupported(`string expected`);
}

/** A plain call: arguments as JSON, results as Syms. */
export function plain(name: string, resultTypes: string[], argTypes: string[] = []): ApiHandler {
  return (args, ctx) => {
    const data = { args: args.map((a, k) => json(ctx.interp, a, argTypes[k] ?? '')) };
    return results(newVec(ctx, name, data, resultTypes), resultTypes);
  };
}

/**
 * A Go function of the test handed to compose-go as a callback: its name and the SHA-256 of its
 * body's source text (the block, not the signature), by which the runner finds its TypeScript port (and sees when the Go source changed).
 */
export function goCallback(fn: Val): { name: string; sha256: string } {
  if (!(fn instanceof Fn)) throw new Unsupported('a callback that is not a Go function of the test');
  return { name: fn.name, sha256: createHash('sha256').update(fn.body.text).digest('hex') };
}

/** A compose-go function the project has no counterpart for (a Go API): the vector is a skip. */
export function goOnly(name: string, reason: string): ApiHandler {
  return () => {
    throw new Unsupported(`${name}: ${reason}`);
  };
}

// ------------------------------------------------------------------ the loader

const OPTION_FUNCS: Record<string, (o: GoStruct, args: Val[]) => void> = {
  'loader.WithDiscardEnvFiles': (o) => o.f.set('discardEnvFiles', true),
  'loader.WithSkipValidation': (o) => o.f.set('SkipValidation', true),
  'loader.WithoutUnnecessaryResources': (o) => o.f.set('PruneUnnecessaryResources', true),
};
const OPTION_MAKERS: Record<string, (o: GoStruct, args: Val[]) => void> = {
  'loader.WithProfiles': (o, [p]) => o.f.set('Profiles', p),
  'loader.WithSelectedServices': (o, [s]) => o.f.set('SelectedServices', s),
};

function optionStruct(i: Interp): GoStruct {
  const o = new GoStruct('loader.Options');
  o.f.set(
    'SetProjectName',
    new Native('SetProjectName', ([name, imperative]) => {
      o.f.set('projectName', name);
      o.f.set('projectNameImperativelySet', imperative);
      return null;
    }),
  );
  void i;
  return o;
}

function applyOptions(i: Interp, opts: Val[]): Record<string, unknown> {
  const o = optionStruct(i);
  for (const f of opts) {
    if (f instanceof Fn) {
      i.callFn(f, [o], i.currentNode);
    } else if (f instanceof Native) f.call([o], i.currentNode);
    else if (f instanceof Poison) throw new Unsupported(f.reason);
    else throw new Unsupported('loader option');
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of o.f) {
    if (k === 'SetProjectName') continue;
    try {
      out[k] = json(i, v, i.types.field('loader.Options', k)?.type ?? '');
    } catch (e) {
      if (!(e instanceof Unsupported)) throw e;
      out[k] = `go: ${e.message}`;
    }
  }
  return out;
}

function fileBytes(v: Val): string | undefined {
  if (v === null || v === undefined) return undefined;
  return str(v);
}

function loaderInputs(
  ctx: ApiContext,
  details: Val,
  opts: Val[],
  checkout: Checkout,
  returns: string,
): Record<string, unknown> {
  const i = ctx.interp;
  if (details instanceof Poison) throw new Unsupported(details.reason);
  if (!(details instanceof GoStruct)) throw new Unsupported('ConfigDetails is not a literal');
  const files: unknown[] = [];
  const filenames: string[] = [];
  const repoFiles: Record<string, string> = {};
  const wd = details.f.get('WorkingDir');
  for (const cf of (details.f.get('ConfigFiles') ?? []) as Val[]) {
    if (!(cf instanceof GoStruct)) throw new Unsupported('ConfigFile');
    const name = cf.f.has('Filename') ? str(cf.f.get('Filename') as Val) : '';
    filenames.push(name);
    const content = fileBytes(cf.f.get('Content') ?? null);
    const config = cf.f.get('Config');
    if (content !== undefined) files.push(content);
    else if (config instanceof GoMap) files.push(JSON.stringify(json(i, config)));
    else {
      const local = ctx.test.diskFiles[name];
      if (local !== undefined) files.push(local);
      else {
        const repoPath = posix.normalize(posix.join(i.pkg.dir, name.replace(/^\$CWD\/?/, '')));
        if (!checkout.has(repoPath)) throw new Unsupported(`reads ${name} from the file system`);
        files.push(checkout.read(repoPath));
      }
    }
  }
  const data: Record<string, unknown> = { files, filenames };
  const env = details.f.get('Environment');
  data.env = env ? json(i, env) : {};
  if (wd !== undefined && wd !== '') data.working_dir = str(wd);
  data.options = applyOptions(i, opts);
  data.returns = returns;
  // files the Go test can reach from its package directory: testdata it names, with their folders
  const text = JSON.stringify([data, ctx.test.diskFiles]);
  for (const m of text.matchAll(/(?:\.\/)?testdata\/[\w./-]*/g)) addRepoFiles(checkout, i.pkg.dir, m[0], repoFiles);
  for (const f of filenames) if (f && !f.startsWith('$')) addRepoFiles(checkout, i.pkg.dir, f, repoFiles);
  // and any other data file of the package the inputs name (env files, label files, extended
  // files), by its file name, until no new file is named
  const data_files = checkout.paths.filter((p) => p.startsWith(`${i.pkg.dir}/`) && !p.endsWith('.go'));
  for (let grew = true; grew;) {
    grew = false;
    const named = JSON.stringify([data.files, Object.values(repoFiles)]);
    for (const p of data_files) {
      const rel = posix.relative(i.pkg.dir, p);
      if (rel in repoFiles || !named.includes(posix.basename(p))) continue;
      repoFiles[rel] = checkout.read(p);
      grew = true;
    }
  }
  if (Object.keys(repoFiles).length) data.repo_files = repoFiles;
  if (Object.keys(ctx.test.diskFiles).length) data.disk_files = { ...ctx.test.diskFiles };
  if (Object.keys(ctx.test.processEnv).length) data.process_env = { ...ctx.test.processEnv };
  return data;
}

export function addRepoFiles(checkout: Checkout, pkgDir: string, ref: string, out: Record<string, string>): void {
  const rel = posix.normalize(ref.replace(/\/+$/, ''));
  const full = posix.join(pkgDir, rel);
  // the referenced file's folder (includes and extends reach their siblings), whole
  const dir = checkout.has(full) ? posix.dirname(full) : full;
  if (!dir.includes('testdata')) {
    if (checkout.has(full)) out[rel] = checkout.read(full);
    return;
  }
  for (const p of checkout.paths)
    if (p.startsWith(`${dir}/`) && !(posix.relative(pkgDir, p) in out))
      out[posix.relative(pkgDir, p)] = checkout.read(p);
}

function loaderApi(checkout: Checkout, name: string, returns: 'project' | 'model', detailsArg = 1): ApiHandler {
  return (args, ctx) => {
    const details = args[detailsArg];
    const first = details instanceof GoStruct ? ((details.f.get('ConfigFiles') ?? []) as Val[])[0] : undefined;
    const content = first instanceof GoStruct ? first.f.get('Content') : undefined;
    if (content instanceof Typed && content.type === '$roundtrip') {
      // the project of an earlier vector, marshalled and loaded again: assertions on it address the
      // reloaded project under `$roundtrip:yaml` / `$roundtrip:json`
      const { vec, format } = content.v as unknown as { vec: Vec; format: string };
      vec.data.roundtrip_options = applyOptions(ctx.interp, args.slice(detailsArg + 1));
      return new Tuple([new Sym(vec, [`$roundtrip:${format}`], '*types.Project'), new Sym(vec, [], 'error', 'error')]);
    }
    const data = loaderInputs(ctx, args[detailsArg], args.slice(detailsArg + 1), checkout, returns);
    const type = returns === 'project' ? '*types.Project' : 'map[string]any';
    return results(newVec(ctx, name, data, [type, 'error']), [type, 'error']);
  };
}

/** A YAML document the test unmarshals into a generic map: kept as text, parsed by the runner. */
export class YamlDoc extends Typed {
  constructor(text: string, format: 'yaml' | 'json') {
    super(`$${format}`, text);
  }
}

/** A chained call (EnforceUnicity(Merge(a, b))): the same vector, one more step. */
function chain(step: string, resultTypes: string[]): ApiHandler {
  return (args, ctx) => {
    const [first, ...rest] = args;
    if (first instanceof Sym && first.kind === 'value' && first.path.length === 0) {
      const then = (first.vec.data.then ??= []) as unknown[];
      then.push(rest.length ? { function: step, args: rest.map((a) => json(ctx.interp, a)) } : step);
      return results(first.vec, resultTypes);
    }
    return plain(step, resultTypes)(args, ctx);
  };
}

/**
 * The name of a type cast a test gives Interpolate: a func literal that only returns one call of a
 * standard-library parser on its argument (`return strconv.Atoi(value)`) is that parser.
 */
function castName(f: Fn): string {
  const list = kids(f.body).find((k) => k.type === 'statement_list');
  const sts = list ? kids(list) : [];
  const param = f.params[0]?.name;
  const m = sts.length === 1 ? /^return (strconv\.\w+)\((\w+)\)$/.exec(sts[0].text.trim()) : null;
  return m && m[2] === param ? m[1] : f.name;
}

/** Variable names a template text can ask a lookup for. */
function templateNames(v: unknown, out = new Set<string>()): Set<string> {
  if (typeof v === 'string') for (const m of v.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) out.add(m[1]);
  else if (Array.isArray(v)) v.forEach((x) => templateNames(x, out));
  else if (v && typeof v === 'object') Object.values(v).forEach((x) => templateNames(x, out));
  return out;
}

/**
 * A Go lookup function (`func(name string) (string, bool)`) as a table: asked for every variable name
 * the inputs can reference, which is all the code under test can ask it for.
 */
function tabulate(i: Interp, lookup: Val, inputs: unknown): Record<string, string> {
  const env: Record<string, string> = {};
  if (lookup === null) return env;
  // every word of the inputs: `${VAR}` references, and dotenv's bare `KEY` lines that inherit a value
  const names = new Set<string>();
  const strings: string[] = [];
  const collect = (v: unknown): void => {
    if (typeof v === 'string') strings.push(v);
    else if (Array.isArray(v)) v.forEach(collect);
    else if (v && typeof v === 'object') Object.entries(v).forEach(([k, x]) => (strings.push(k), collect(x)));
  };
  collect(inputs);
  for (const text of strings)
    for (const re of [/[A-Za-z_][A-Za-z0-9_]*/g, /[A-Za-z_][A-Za-z0-9_.-]*/g])
      for (const s of text.matchAll(re)) names.add(s[0]);
  for (const name of names) {
    const r = i.callFn(lookup, [name], i.currentNode);
    const [v, ok] = r instanceof Tuple ? r.vals : [r, r !== null];
    if (v instanceof Sym || v instanceof Poison) throw new Unsupported('lookup depends on a result');
    if (ok === true) env[name] = str(v);
  }
  return env;
}

/** yaml.Unmarshal / json.Unmarshal into the variable `&x`: a generic map stays YAML text; a typed
 * target is a vector of that type's decoder. */
function unmarshal(format: 'yaml' | 'json'): ApiHandler {
  return (args, ctx) => {
    const i = ctx.interp;
    const args_ = ctx.node.childForFieldName('arguments');
    const argNodes = args_ ? kids(args_) : [];
    const target = argNodes[1];
    const id = target?.type === 'unary_expression' ? kids(target)[0] : target;
    if (!id || id.type !== 'identifier') throw new Unsupported(`${format}.Unmarshal target`);
    const binding = i.currentScope.lookup(id.text);
    const type =
      binding?.type ??
      (binding?.v instanceof GoStruct ? binding.v.type : binding?.v instanceof Typed ? binding.v.type : '');
    const src = args[0];
    if (src instanceof Sym && src.vec.function.endsWith('.Marshal') && src.path[0] === '$steps') {
      // decoding what an earlier Marshal of the test encoded: one more step of that vector
      const steps = (src.vec.data.then ??= []) as unknown[];
      steps.push({ function: `${format}.Unmarshal`, go_type: type || 'any' });
      if (binding) binding.v = new Sym(src.vec, ['$steps', steps.length], type || 'any');
      return new Sym(src.vec, [], 'error', 'error');
    }
    const text = str(src);
    if (!type || /^(map\[string\](any|interface\{\})|any|interface\{\})$/.test(type)) {
      if (binding) binding.v = new YamlDoc(text, format);
      return null;
    }
    const vec = newVec(ctx, `${format}.Unmarshal`, { go_type: type, input: text }, [type, 'error']);
    if (binding) binding.v = new Sym(vec, [], type);
    return new Sym(vec, [], 'error', 'error');
  };
}

/**
 * yaml.Marshal / json.Marshal of a value of the test: a vector whose steps (`then`) are the test's
 * further Unmarshal and Marshal calls on the result, each step's output under `$steps`. The text is
 * compared as the document it is (our `config` output is laid out as docker compose prints it, 2
 * spaces, where yaml.Marshal of one struct uses 4).
 */
function marshal(format: 'yaml' | 'json'): ApiHandler {
  return (args, ctx) => {
    const i = ctx.interp;
    const [v] = args;
    if (v instanceof Sym && v.path[0] === '$steps' && v.vec.function.endsWith('.Marshal')) {
      const steps = (v.vec.data.then ??= []) as unknown[];
      steps.push({ function: `${format}.Marshal` });
      return new Tuple([
        new Sym(v.vec, ['$steps', steps.length], '[]byte', 'value', [['document', format]]),
        new Sym(v.vec, [], 'error', 'error'),
      ]);
    }
    const type = v instanceof GoStruct || v instanceof Typed || v instanceof GoMap ? v.type : '';
    if (!type || type === '[]byte') throw new Unsupported(`${format}.Marshal of a value with no compose-go type`);
    const r = render(i.types, v, type);
    const data: Record<string, unknown> = { go_type: type, value: r.json };
    if (Object.keys(r.types).length) data.value_types = r.types;
    const vec = newVec(ctx, `${format}.Marshal`, data, ['[]byte', 'error']);
    return new Tuple([
      new Sym(vec, ['$steps', 0], '[]byte', 'value', [['document', format]]),
      new Sym(vec, [], 'error', 'error'),
    ]);
  };
}

function readFiles(checkout: Checkout, i: Interp, names: Val[]): { path: string; content: string }[] {
  return names.map((n) => {
    const name = str(n);
    const local = i.test.diskFiles[name];
    if (local !== undefined) return { path: name, content: local };
    const p = posix.normalize(posix.join(i.pkg.dir, name));
    if (!checkout.has(p)) throw new Unsupported(`reads ${name} from the file system`);
    return { path: name, content: checkout.read(p) };
  });
}

function dotenvApi(
  checkout: Checkout,
  fn: string,
  shape: 'reader' | 'reader+lookup' | 'files' | 'lookup+files' | 'env+files',
): ApiHandler {
  return (args, ctx) => {
    const i = ctx.interp;
    const data: Record<string, unknown> = {};
    let lookupVal: Val = null;
    if (shape === 'reader' || shape === 'reader+lookup') {
      data.content = str(args[0]);
      lookupVal = shape === 'reader+lookup' ? args[1] : null;
    } else if (shape === 'files') {
      if (fn === 'dotenv.Load' && args.length === 0)
        throw new Unsupported(
          ".env from the file system: Load() with no file reads the process's working directory (out of scope)",
        );
      data.files = readFiles(checkout, i, args);
    } else if (shape === 'lookup+files') {
      lookupVal = args[0];
      data.files = readFiles(checkout, i, args.slice(1));
    } else {
      data.env = args[0] === null ? {} : json(i, args[0]);
      data.files = readFiles(checkout, i, (args[1] ?? []) as Val[]);
    }
    if (lookupVal !== null) data.lookup_env = tabulate(i, lookupVal, [data.content, data.files]);
    if (Object.keys(i.test.processEnv).length) data.process_env = { ...i.test.processEnv };
    const type = fn === 'dotenv.Load' ? 'error' : 'map[string]string';
    const vec = newVec(ctx, fn, data, type === 'error' ? ['error'] : [type, 'error']);
    if (fn === 'dotenv.Load') i.test.envVec = vec;
    return results(vec, type === 'error' ? ['error'] : [type, 'error']);
  };
}

export function apiTable(checkout: Checkout): Map<string, ApiHandler> {
  const t = new Map<string, ApiHandler>();
  const E = ['error'];
  // override
  t.set('override.Merge', plain('override.Merge', ['map[string]any', ...E]));
  t.set('override.EnforceUnicity', chain('override.EnforceUnicity', ['map[string]any', ...E]));
  t.set('yaml.Unmarshal', unmarshal('yaml'));
  t.set('yaml.Marshal', marshal('yaml'));
  t.set('json.Marshal', marshal('json'));
  t.set('json.Unmarshal', unmarshal('json'));
  // short syntax parsers and decoders
  t.set('format.ParseVolume', plain('format.ParseVolume', ['types.ServiceVolumeConfig', ...E]));
  t.set('types.ParsePortConfig', plain('types.ParsePortConfig', ['[]types.ServicePortConfig', ...E]));
  t.set('types.NewHostsList', plain('types.NewHostsList', ['types.HostsList', ...E]));
  t.set('types.ParseMapping', plain('types.ParseMapping', ['types.Mapping']));
  // template and interpolation
  const substitute =
    (name: string): ApiHandler =>
    (args, ctx) => {
      const template = str(args[0]);
      const env = tabulate(ctx.interp, args[1], template);
      return results(newVec(ctx, name, { template, env }, ['string', ...E]), ['string', ...E]);
    };
  t.set('template.Substitute', substitute('template.Substitute'));
  t.set('template.ExtractVariables', (args, ctx) =>
    results(
      newVec(ctx, 'template.ExtractVariables', { input: json(ctx.interp, args[0]) }, ['map[string]template.Variable']),
      ['map[string]template.Variable'],
    ),
  );
  t.set('interpolation.Interpolate', (args, ctx) => {
    const i = ctx.interp;
    const input = json(i, args[0]);
    const opts = args[1];
    const data: Record<string, unknown> = { input };
    // no LookupValue: compose-go looks variables up in the process environment
    data.env = { ...i.test.processEnv };
    if (opts instanceof GoStruct) {
      if (opts.f.get('LookupValue')) data.env = tabulate(i, opts.f.get('LookupValue') ?? null, input);
      const casts = opts.f.get('TypeCastMapping');
      if (casts instanceof GoMap)
        data.type_casts = Object.fromEntries(
          [...casts.m].map(([k, f]) => [String(k), f instanceof Fn ? castName(f) : String(f)]),
        );
      for (const k of opts.f.keys())
        if (!['LookupValue', 'TypeCastMapping'].includes(k)) throw new Unsupported(`interpolation option ${k}`);
    }
    return results(newVec(ctx, 'interpolation.Interpolate', data, ['map[string]any', ...E]), ['map[string]any', ...E]);
  });
  // dotenv
  t.set('dotenv.Parse', dotenvApi(checkout, 'dotenv.Parse', 'reader'));
  t.set('dotenv.ParseWithLookup', dotenvApi(checkout, 'dotenv.ParseWithLookup', 'reader+lookup'));
  t.set('dotenv.Read', dotenvApi(checkout, 'dotenv.Read', 'files'));
  t.set('dotenv.ReadWithLookup', dotenvApi(checkout, 'dotenv.ReadWithLookup', 'lookup+files'));
  t.set('dotenv.Load', dotenvApi(checkout, 'dotenv.Load', 'files'));
  t.set('dotenv.GetEnvFromFile', dotenvApi(checkout, 'dotenv.GetEnvFromFile', 'env+files'));
  t.set('dotenv.UnmarshalBytesWithLookup', (args, ctx) =>
    dotenvApi(checkout, 'dotenv.ParseWithLookup', 'reader+lookup')(args, ctx),
  );
  // schema, validation, consistency
  t.set('schema.Validate', plain('schema.Validate', E));
  t.set('loader.checkConsistency', plain('loader.checkConsistency', E, ['*types.Project']));
  t.set('loader.Normalize', plain('loader.Normalize', ['map[string]any', ...E]));
  t.set('loader.NormalizeProjectName', plain('loader.NormalizeProjectName', ['string']));
  // canonical transforms and defaults
  for (const f of [
    'transformPorts',
    'transformBuild',
    'transformMaybeExternal',
    'transformSSH',
    'transformEnvFile',
    'transformKeyValue',
    'portDefaults',
    'Canonical',
    'SetDefaultValues',
  ])
    t.set(`transform.${f}`, plain(`transform.${f}`, ['any', ...E]));
  t.set('(table entry)', (args, ctx) => {
    const [name, ...rest] = args;
    return plain(String(name), E)(rest, ctx);
  });
  t.set('loader.loadYamlModel', (args, ctx) => {
    const opts = args[2];
    const fns =
      opts instanceof GoStruct
        ? [
            new Native('options', ([o]) => {
              for (const [k, v] of opts.f) (o as GoStruct).f.set(k, v);
              return null;
            }),
          ]
        : [];
    const data = loaderInputs(ctx, args[1], fns, checkout, 'model');
    return results(newVec(ctx, 'loader.loadYamlModel', data, ['map[string]any', 'error']), ['map[string]any', 'error']);
  });
  t.set('dotenv.expandVariables', (args, ctx) => {
    const template = str(args[0]);
    const data = { template, env: json(ctx.interp, args[1]), lookup_env: tabulate(ctx.interp, args[2], template) };
    return results(newVec(ctx, 'dotenv.expandVariables', data, ['string', ...E]), ['string', ...E]);
  });
  t.set(
    'template.getSubstitutionFunctionForTemplate',
    plain('template.getSubstitutionFunctionForTemplate', ['string', 'func']),
  );
  for (const f of [
    'newGraph',
    'InDependencyOrder',
    'InReverseDependencyOrder',
    'CollectInDependencyOrder',
    'newTraversal',
  ])
    t.set(
      `graph.${f}`,
      goOnly(`graph.${f}`, 'the dependency graph walk is a Go API (cycles are covered by loader vectors)'),
    );
  // cli: the project options docker compose's CLI builds (-f, -p, --env-file, --profile, the
  // environment), then the project; one vector from NewProjectOptions to ProjectFromOptions
  const CLI_OPTIONS = [
    'WithName',
    'WithWorkingDirectory',
    'WithEnv',
    'WithEnvFile',
    'WithEnvFiles',
    'WithDefaultProfiles',
    'WithProfiles',
    'WithInterpolation',
    'WithNormalization',
    'WithConsistency',
    'WithResolvedPaths',
    'WithSelectedServices',
  ];
  const CLI_FLAGS = [
    'WithConfigFileEnv',
    'WithDefaultConfigPath',
    'WithDiscardEnvFile',
    'WithOsEnv',
    'WithDotEnv',
    'WithoutEnvironmentResolution',
    'WithoutUnnecessaryResources',
  ];
  for (const o of CLI_OPTIONS)
    t.set(`cli.${o}`, (args, ctx) => new Typed('$cli-option', [o, ...args.map((a) => json(ctx.interp, a))] as never));
  for (const o of CLI_FLAGS) t.set(`cli.${o}`, () => null); // resolved by name in cliOptions
  t.set('cli.NewProjectOptions', (args, ctx) => {
    const i = ctx.interp;
    const args_ = ctx.node.childForFieldName('arguments');
    const argNodes = args_ ? kids(args_) : [];
    const options: unknown[] = [];
    args.slice(1).forEach((a, k) => {
      if (a instanceof Typed && a.type === '$cli-option') options.push(a.v);
      else {
        // a flag option passed by name (WithOsEnv), not called
        const name = argNodes[k + 1]?.text.replace(/^cli\./, '') ?? '';
        if (!CLI_FLAGS.includes(name)) throw new Unsupported(`cli option ${argNodes[k + 1]?.text ?? '?'}`);
        options.push([name]);
      }
    });
    const configs = args[0] === null ? [] : (json(i, args[0]) as string[]);
    const repoFiles: Record<string, string> = {};
    for (const c of configs) addRepoFiles(checkout, i.pkg.dir, c, repoFiles);
    for (const o of options as unknown[][])
      for (const a of o.slice(1))
        if (typeof a === 'string' && !a.startsWith('/')) addRepoFiles(checkout, i.pkg.dir, a, repoFiles);
    const data: Record<string, unknown> = { config_files: configs, options };
    if (Object.keys(repoFiles).length) data.repo_files = repoFiles;
    if (Object.keys(i.test.diskFiles).length) data.disk_files = { ...i.test.diskFiles };
    if (Object.keys(i.test.processEnv).length) data.process_env = { ...i.test.processEnv };
    return results(newVec(ctx, 'cli.NewProjectOptions', data, ['*cli.ProjectOptions', 'error']), [
      '*cli.ProjectOptions',
      'error',
    ]);
  });
  t.set('cli.ProjectFromOptions', (args, ctx) =>
    chain('cli.ProjectFromOptions', ['*types.Project', 'error'])(args.slice(1), ctx),
  );
  // Go APIs with no counterpart: named here so their vectors say why
  const internal = 'an internal helper of compose-go, not a behaviour of its own';
  // dotenv's parser, as its own tests call it: parse(text, out, lookup) is dotenv.Parse into `out`;
  // getStatementStart(text) is where the parser finds the next statement (blank and comment lines skipped)
  t.set(
    'dotenv.newParser',
    (_args, { interp: i }) =>
      new Opaque('dotenv.parser', {
        parse: (args, node) => {
          const [text, out, lookup] = args;
          const ctx = { interp: i, node, test: i.test };
          const data: Record<string, unknown> = { content: str(text) };
          if (lookup !== null && lookup !== undefined) data.lookup_env = tabulate(ctx.interp, lookup, [data.content]);
          if (!(out instanceof GoMap) || out.m.size) throw new Unsupported('parse into a map that is not empty');
          const vec = newVec(ctx, 'dotenv.Parse', data, ['map[string]string', 'error']);
          // the map the parser filled is the result: rebind the test's variable to it
          const argNodes = kids(field(node, 'arguments') as Node);
          const target =
            argNodes[1]?.type === 'identifier' ? ctx.interp.currentScope.lookup(argNodes[1].text) : undefined;
          if (target) target.v = new Sym(vec, [], 'map[string]string');
          return new Sym(vec, [], 'error', 'error');
        },
        getStatementStart: ([text], node) =>
          results(
            newVec({ interp: i, node, test: i.test }, 'dotenv.getStatementStart', { content: str(text) }, ['string']),
            ['string'],
          ),
      }),
  );
  t.set('format.isFilePath', plain('format.isFilePath', ['bool']));
  t.set('paths.IsWindowsAbs', plain('paths.IsWindowsAbs', ['bool']));
  // a transformer of the test registered for the calls that follow (until the test ends): carried by
  // the vectors as the callback's name and the SHA-256 of its Go body, which the runner's hand-made
  // TypeScript port of it must match (test/conformance/go-callbacks.ts)
  t.set('transform.RegisterDefaultValue', ([path, fn], ctx) => {
    const list = (ctx.interp.carried.get('transform.DefaultValues') as unknown[] | undefined) ?? [];
    ctx.interp.carried.set('transform.DefaultValues', [...list, { pattern: str(path), go_callback: goCallback(fn) }]);
    return null;
  });
  // an env-file format of the test (a Go callback, by its port) registered for the calls that follow
  t.set('dotenv.RegisterFormat', ([name, fn], ctx) => {
    const formats = (ctx.interp.carried.get('dotenv.formats') as Record<string, unknown> | undefined) ?? {};
    ctx.interp.carried.set('dotenv.formats', { ...formats, [str(name)]: goCallback(fn) });
    return null;
  });
  // ParseWithFormat(reader, filename, vars, lookup, format): fills the test's `vars` map
  t.set('dotenv.ParseWithFormat', ([reader, filename, vars, lookup, format], ctx) => {
    const data: Record<string, unknown> = { content: str(reader), filename: str(filename), format: str(format) };
    if (lookup !== null && lookup !== undefined) data.lookup_env = tabulate(ctx.interp, lookup, [data.content]);
    if (!(vars instanceof GoMap) || vars.m.size) throw new Unsupported('parse into a map that is not empty');
    const vec = newVec(ctx, 'dotenv.ParseWithFormat', data, ['map[string]string', 'error']);
    const argNodes = kids(field(ctx.node, 'arguments') as Node);
    const target = argNodes[2]?.type === 'identifier' ? ctx.interp.currentScope.lookup(argNodes[2].text) : undefined;
    if (target) target.v = new Sym(vec, [], 'map[string]string');
    return new Sym(vec, [], 'error', 'error');
  });
  // substitution with the test's own Go functions (SubstituteWith's subsFuncs, WithSubstitutionFunction,
  // WithReplacementFunction), carried as callbacks the runner has TypeScript ports of (see goCallback)
  const templateOption = (key: string, v: unknown) => {
    const o = new GoStruct('template.Option');
    o.f.set(key, v as Val);
    return o;
  };
  t.set('template.WithSubstitutionFunction', ([fn]) => templateOption('substitute_func', goCallback(fn)));
  t.set('template.WithReplacementFunction', ([fn]) => templateOption('replacement', goCallback(fn)));
  // the pattern as the test writes it (its Go text), checked by substituteWith
  const argText = (ctx: ApiContext, k: number): string => kids(field(ctx.node, 'arguments') as Node)[k]?.text ?? '';
  t.set('template.WithPattern', (_args, ctx) => templateOption('pattern', argText(ctx, 0)));
  t.set('template.WithoutLogging', () => templateOption('logging', false));
  const substituteWith = (name: string, args: Val[], options: Val[], ctx: ApiContext): Val => {
    const template = str(args[0]);
    const data: Record<string, unknown> = { template, env: tabulate(ctx.interp, args[1], template) };
    for (const o of options) {
      if (!(o instanceof GoStruct) || o.type !== 'template.Option') throw new Unsupported('a template option');
      for (const [k, v] of o.f) {
        // a pattern: only compose-go's DefaultPattern, as the test names it, is one the vectors can carry
        if (k === 'pattern') {
          if (typeof v !== 'string' || !/^(template\.)?DefaultPattern$/.test(v))
            throw new Unsupported('a substitution pattern of the test');
        } else if (k !== 'logging') data[k] = v;
      }
    }
    return results(newVec(ctx, name, data, ['string', ...E]), ['string', ...E]);
  };
  t.set('template.SubstituteWith', ([template, mapping, , ...funcs], ctx) =>
    substituteWith(
      'template.SubstituteWith',
      [template, mapping],
      [
        templateOption('pattern', argText(ctx, 2)),
        ...funcs.slice(0, 1).map((f) => templateOption('substitute_func', goCallback(f))),
      ],
      ctx,
    ),
  );
  t.set('template.SubstituteWithOptions', ([template, mapping, ...options], ctx) =>
    substituteWith('template.SubstituteWithOptions', [template, mapping], options, ctx),
  );
  // a `KEY=VALUE` list as a mapping: Mapping (a key without `=` is ""), MappingWithEquals (nil)
  for (const f of ['NewMapping', 'NewMappingWithEquals'])
    t.set(`types.${f}`, plain(`types.${f}`, [f === 'NewMapping' ? 'types.Mapping' : 'types.MappingWithEquals']));
  // Labels decoded from a list or a mapping, into the test's variable
  MAP_METHODS['types.Labels.DecodeMapstructure'] = (i, _m, [value]) => {
    const ctx = { interp: i, node: i.currentNode, test: i.test };
    const vec = newVec(ctx, 'types.Labels.DecodeMapstructure', { args: [json(i, value)] }, ['types.Labels', 'error']);
    const fnNode = field(i.currentNode, 'function');
    const operand = fnNode?.type === 'selector_expression' ? field(fnNode, 'operand') : null;
    const target = operand?.type === 'identifier' ? i.currentScope.lookup(operand.text) : undefined;
    if (!target) throw new Unsupported('DecodeMapstructure into a value the test cannot read back');
    target.v = new Sym(vec, [], 'types.Labels');
    return new Sym(vec, [], 'error', 'error');
  };
  t.set(
    'loader.ResolveRelativePaths',
    goOnly(
      'loader.ResolveRelativePaths',
      'absolute paths: compose-review keeps paths relative to the project directory',
    ),
  );
  t.set('loader.OmitEmpty', plain('loader.OmitEmpty', ['map[string]any']));
  // tree paths
  t.set('tree.NewPath', (args) => new Typed('tree.Path', args.map((a) => str(a)).join('.')));
  t.set('loader.LoadWithContext', loaderApi(checkout, 'loader.LoadWithContext', 'project'));
  t.set('loader.LoadModelWithContext', loaderApi(checkout, 'loader.LoadModelWithContext', 'model'));
  for (const [k, f] of Object.entries(OPTION_FUNCS)) t.set(k, ([o]) => (f(o as GoStruct, []), null));
  for (const [k, f] of Object.entries(OPTION_MAKERS))
    t.set(k, (args) => new Native(k, ([o]) => (f(o as GoStruct, args), null)));
  return t;
}

TYPED_METHODS['tree.Path.Next'] = (_i, p, [s]) => new Typed('tree.Path', p.v === '' ? str(s) : `${str(p)}.${str(s)}`);
TYPED_METHODS['tree.Path.String'] = (_i, p) => str(p);
TYPED_METHODS['tree.Path.Last'] = (_i, p) => str(p).split('.').pop() as string;
TYPED_METHODS['tree.Path.Parent'] = (_i, p) => new Typed('tree.Path', str(p).split('.').slice(0, -1).join('.'));
TYPED_METHODS['tree.Path.Parts'] = (_i, p) => str(p).split('.');
TYPED_METHODS['tree.Path.Matches'] = (i, p, [pattern]) => {
  const ctx = { interp: i, node: i.currentNode, test: i.test };
  return new Sym(newVec(ctx, 'tree.Path.Matches', { path: str(p), pattern: str(pattern) }, ['bool']), [], 'bool');
};

export { Opaque };
