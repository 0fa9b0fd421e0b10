// The table of compose-go functions under test: each call becomes one vector, with its inputs as JSON
// and symbolic results (Sym) the test's assertions attach to. A compose-go function that is not in this
// table makes the statement unsupported (recorded with the reason, never guessed).
import { posix } from 'node:path';
import type { Checkout } from './source.js';
import type { ApiContext, ApiHandler, Interp } from './interp.js';
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

export function newVec(ctx: ApiContext, fn: string, data: Record<string, unknown>, results: string[]): Vec {
  const vec: Vec = { id: ctx.interp.baseId(), function: fn, data, assertions: [], skipped_assertions: [], results };
  ctx.test.vecs.push(vec);
  return vec;
}

/** The call's results: one Sym per Go result, `error` results as error Syms. */
function results(vec: Vec, types: string[]): Val {
  const vals = types.map((t, i) =>
    t === 'error' ? new Sym(vec, [], 'error', 'error') : new Sym(vec, i === 0 ? [] : [`#${i}`], t),
  );
  return vals.length === 1 ? vals[0] : new Tuple(vals);
}

function json(i: Interp, v: Val, type = ''): unknown {
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
  if (Object.keys(repoFiles).length) data.repo_files = repoFiles;
  if (Object.keys(ctx.test.diskFiles).length) data.disk_files = { ...ctx.test.diskFiles };
  if (Object.keys(ctx.test.processEnv).length) data.process_env = { ...ctx.test.processEnv };
  return data;
}

function addRepoFiles(checkout: Checkout, pkgDir: string, ref: string, out: Record<string, string>): void {
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
    const data = loaderInputs(ctx, args[detailsArg], args.slice(detailsArg + 1), checkout, returns);
    const type = returns === 'project' ? '*types.Project' : 'map[string]any';
    return results(newVec(ctx, name, data, [type, 'error']), [type, 'error']);
  };
}

export function apiTable(checkout: Checkout): Map<string, ApiHandler> {
  const t = new Map<string, ApiHandler>();
  t.set('loader.LoadWithContext', loaderApi(checkout, 'loader.LoadWithContext', 'project'));
  t.set('loader.LoadModelWithContext', loaderApi(checkout, 'loader.LoadModelWithContext', 'model'));
  for (const [k, f] of Object.entries(OPTION_FUNCS)) t.set(k, ([o]) => (f(o as GoStruct, []), null));
  for (const [k, f] of Object.entries(OPTION_MAKERS))
    t.set(k, (args) => new Native(k, ([o]) => (f(o as GoStruct, args), null)));
  return t;
}

export { Opaque };
