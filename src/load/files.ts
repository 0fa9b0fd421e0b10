/**
 * compose-go loader.go loadYamlModel / loadYamlFile: the files of an environment merged in order,
 * each YAML document of each file interpolated, its includes and extends resolved, its `!reset` /
 * `!override` marks applied, merged into the model so far; the merged model checked against the
 * schema, and the part the document touched brought to canonical form.
 */
import type { Location } from '../diagnostics.js';
import { diagnostic, formatPath } from '../diagnostics.js';
import { compareGo } from '../compat/go.js';
import { timeText } from '../compat/go-time.js';
import { append } from '../limits.js';
import {
  cloneTree,
  copyLoc,
  isObject,
  keyLoc,
  selfLoc,
  setOwn,
  setSelfLoc,
  valueLoc,
  type Tree,
  type TreeObject,
} from '../yaml/located.js';
import { interpolateTree } from '../interpolate/tree.js';
import { mergeModels } from '../merge/merge.js';
import { enforceUnicity } from '../merge/unicity.js';
import { applyResets } from '../merge/reset.js';
import { canonical, omitEmpty } from '../normalize/canonical.js';
import { validateSchema } from '../validate/schema.js';
import {
  asDiagnostics,
  countCopies,
  countLoad,
  fail,
  failOutside,
  LoadFailure,
  stop,
  type FileContext,
  type LastDefinitions,
} from './context.js';
import { applyInclude } from './include.js';
import { applyExtends } from './extends.js';

/**
 * loadYamlModel: merges the files in order into one canonical dict. With `share` (an environment's
 * own files, not an include's), the first file's load is shared with the request's other
 * environments that load it alike (sharedFirstFile).
 */
export function loadFiles(files: string[], ctx: FileContext, from?: Location, share = false): TreeObject {
  let dict: TreeObject = {};
  let failed = false;
  // the schema's problems of this model, reported once however many of its files touch them: the
  // context's own set while they load (a copy of the context with it was 1% of the seed's load)
  const outer = ctx.schemaReported;
  ctx.schemaReported = new Set();
  try {
    for (let i = 0; i < files.length; i++) {
      const file = files[i];
      try {
        dict = share && i === 0 ? sharedFirstFile(file, ctx) : loadFile(file, dict, ctx, from);
      } catch (e) {
        // keep going through the other files so that every file's problems are reported at once
        failed = true;
        append(ctx.diagnostics, asDiagnostics(e, ctx.cache.get(file)?.documents[0]?.tree as TreeObject | undefined));
      }
    }
  } finally {
    ctx.schemaReported = outer;
  }
  if (failed) stop();
  return dict;
}

/**
 * The first file of an environment loaded into the empty model, once for all the environments of a
 * request that load it alike: the same load options, variables, project directory and budget use so
 * far make the same model and the same diagnostics, definitions and budget use (a load is a function
 * of those), which the others get a copy of. The seed's two environments share their base file: its
 * interpolation, merge, schema check and canonical form done once, 6% of the seed's loadBundle
 * (CPU, A/B in one process: 366 against 345 µs). A load that fails, or that includes or extends
 * (its context keeps more), is not shared: each environment does it.
 */
function sharedFirstFile(file: string, ctx: FileContext): TreeObject {
  const u = ctx.usage;
  const key = `${file}\0${ctx.workingDir}\0${u.fileLoads} ${u.copiedNodes} ${u.ports} ${u.interpolation.used}\0${ctx.envKey}`;
  // environments still to load the file first: the last one takes the kept model itself, and a
  // load no later one can use is not kept (one copy of the model per environment but the first)
  const later = ctx.cache.firstUse(file);
  const known = ctx.cache.firstLoad(ctx.options, key, later <= 0);
  if (known) {
    u.fileLoads += known.fileLoads;
    u.copiedNodes += known.copiedNodes;
    ctx.cache.copiedNodes += known.copiedNodes;
    u.ports += known.ports;
    u.interpolation.used += known.interpolation;
    ctx.loaded.add(file);
    append(ctx.diagnostics, known.diagnostics);
    append(ctx.versions, known.versions);
    ctx.lastDefinitions.replay(known.definitions);
    return later > 0 ? cloneTree(known.model) : known.model;
  }
  const before = { ...u, interpolation: u.interpolation.used };
  const marks = { diagnostics: ctx.diagnostics.length, versions: ctx.versions.length };
  const definitions = ctx.lastDefinitions.mark();
  const [included, extended, loaded] = [ctx.included.size, ctx.extended.size, ctx.loaded.size];
  const dict = loadFile(file, {}, ctx);
  if (later > 0 && ctx.included.size === included && ctx.extended.size === extended && ctx.loaded.size <= loaded + 1)
    ctx.cache.keepFirstLoad(ctx.options, key, {
      model: cloneTree(dict),
      diagnostics: ctx.diagnostics.slice(marks.diagnostics),
      versions: ctx.versions.slice(marks.versions),
      definitions: ctx.lastDefinitions.since(definitions),
      fileLoads: u.fileLoads - before.fileLoads,
      copiedNodes: u.copiedNodes - before.copiedNodes,
      ports: u.ports - before.ports,
      interpolation: u.interpolation.used - before.interpolation,
    });
  return dict;
}

/**
 * One file: each YAML document of it is merged in turn (compose-go loadYamlFile). `from` is where
 * the load was asked for (an include or extends entry), for the file-load budget's error.
 */
export function loadFile(file: string, dict: TreeObject, ctx: FileContext, from?: Location): TreeObject {
  countLoad(ctx, `loading ${file}`, from ?? { file, line: 1, column: 1 });
  const parsed = ctx.cache.get(file);
  ctx.loaded.add(file);
  if (!parsed)
    return (
      // a file named with -f, not read: the error is placed at it (there is no entry naming it)
      failOutside(ctx.cache.bundle.files, file, 'file', from ?? { file, line: 1, column: 1 }) ??
      fail('file-not-found', `file ${file} is not part of the bundle`, undefined)
    );
  if (parsed.diagnostics.length) {
    append(ctx.diagnostics, parsed.diagnostics);
    if (parsed.diagnostics.some((d) => d.severity === 'error')) stop();
  }
  for (const doc of parsed.documents) {
    // a top-level `!reset`; an empty document (`---` with nothing after, `--- ~`) is a null, which
    // compose-go's processRawYaml refuses like any other non-mapping (go-yaml reads no document
    // from a file of comments only: that one is an empty compose file)
    if (doc.tree === undefined) continue;
    if (!isObject(doc.tree)) fail('top-level-not-mapping', 'top-level object must be a mapping', doc.start);
    // interpolation returns a fresh tree; the parsed one is shared by every environment of the request
    let cfg = ctx.options.noInterpolate ? cloneTree(doc.tree as TreeObject) : (doc.tree as TreeObject);
    if (!ctx.options.noInterpolate) {
      const r = interpolateTree(cfg, ctx.interpolationLookup, { growth: ctx.usage.interpolation });
      if (r.diagnostics.some((d) => d.severity === 'error')) throw new LoadFailure(r.diagnostics);
      append(ctx.diagnostics, r.diagnostics);
      cfg = r.tree;
    }
    if (!ctx.skipInclude) applyInclude(cfg, file, doc.marks, ctx);
    dict = applyResets(dict, doc.marks, { mutate: true });
    if (!ctx.skipExtends) applyExtends(cfg, file, ctx);
    // compose-go runs the passes below over the whole model merged so far, once per document and
    // file: quadratic in their number. What the document did not touch was through them already
    // and they leave their own output as it is, so they run on what it touched only.
    // a list each document or file adds to is copied whole each time: counted (merge.ts mergedSeq)
    const copied = (n: number) => countCopies(ctx, n, doc.start, `merging ${file}`);
    const touched = touchedBy(mergeModels(dict, cfg, { mutate: true, copied }), cfg, ctx.lastDefinitions);
    enforceUnicity(touched, { mutate: true });
    if (!ctx.options.skipSchema) {
      if (doc.jsonRefused) checkMarshal(cfg);
      checkSchema(touched, cfg, file, ctx);
    }
    if (Object.hasOwn(dict, 'version')) {
      const at = keyLoc(cfg, 'version') ?? keyLoc(dict, 'version');
      if (at) ctx.versions.push(at);
      ctx.diagnostics.push(
        diagnostic(
          'obsolete-version',
          'warning',
          'the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion',
          at,
          'version',
        ),
      );
      delete dict.version;
      delete touched.version;
    }
    enforceUnicity(
      omitEmpty(
        canonical(touched, {
          mutate: true,
          ignoreParseError: ctx.options.noInterpolate,
          onWarning: (d) => ctx.diagnostics.push(d),
          usage: ctx.usage,
        }),
        { mutate: true },
      ),
      { mutate: true },
    );
    writeBack(touched, dict);
  }
  return dict;
}

/**
 * compose-go validates the model merged so far after each document (processRawYaml), not the
 * document alone: an override that leaves out what the schema requires is fine when an earlier
 * file gives it, and a null keeps the earlier value. The part the document touched is validated:
 * the schema judges each top-level key and each resource on its own, and the rest was valid after
 * the document that last touched it. Values are placed by provenance (the file and line that set
 * them); a mapping missing a property, at its definition in this document. A problem reported for
 * an earlier file is not reported again when a later file touches the same part.
 */
/**
 * compose-go's schema.Validate (schema/schema.go:40-48) marshals the model to JSON first, which
 * fails on the first value encoding/json refuses, in its order (map keys sorted): a NaN or an
 * infinity, `json: unsupported value: NaN` (`+Inf`, `-Inf`); a time.Time whose zone is 24 hours or
 * more (go-yaml's time.Parse takes `+24:00`), which Time.MarshalJSON refuses (Go time/time.go
 * MarshalJSON, format_rfc3339.go appendStrictRFC3339: the zone's hour `>= 24`), wrapped in
 * encoding/json's MarshalerError (encode.go: `json: error calling MarshalJSON for type time.Time: `).
 */
function checkMarshal(cfg: TreeObject): void {
  const segs: (string | number)[] = [];
  const refuse = (message: string, at: Location | undefined, hint?: string): never => {
    throw new LoadFailure([diagnostic('schema-invalid', 'error', message, at, formatPath(segs), hint, message)]);
  };
  const find = (v: Tree, parent: TreeObject | Tree[], key: string | number): void => {
    segs.push(key);
    if (typeof v === 'number' && !Number.isFinite(v))
      refuse(`json: unsupported value: ${Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf'}`, valueLoc(parent, key));
    const rfc3339 = typeof v === 'string' ? timeText(v, valueLoc(parent, key)) : undefined;
    if (rfc3339 !== undefined && !rfc3339.endsWith('Z') && Number(rfc3339.slice(-5, -3)) >= 24)
      refuse(
        'json: error calling MarshalJSON for type time.Time: Time.MarshalJSON: timezone hour outside of range [0,23]',
        valueLoc(parent, key),
        'a time zone is at most ±23:59 from UTC; quote the value to keep it a string',
      );
    if (Array.isArray(v)) v.forEach((x, i) => find(x, v, i));
    else if (isObject(v)) for (const k of Object.keys(v).sort(compareGo)) find(v[k], v, k);
    segs.pop();
  };
  for (const k of Object.keys(cfg).sort(compareGo)) find(cfg[k], cfg, k);
}

function checkSchema(touched: TreeObject, cfg: TreeObject, file: string, ctx: FileContext): void {
  const problems = validateSchema(touched, file, cfg);
  if (problems.length === 0) return;
  const reported = ctx.schemaReported;
  const fresh = reported
    ? problems.filter((d) => {
        const key = `${d.code}\0${d.path}\0${d.message}`;
        return reported.has(key) ? false : (reported.add(key), true);
      })
    : problems;
  throw new LoadFailure(fresh);
}

/** The resource maps whose entries a document touches one by one (the rest of the model, it touches whole). */
const BY_NAME = new Set(['services', 'networks', 'volumes', 'secrets', 'configs', 'models']);

/**
 * The part of `dict` that merging `cfg` into it changed: a model of the top-level keys `cfg` has,
 * where a resource map holds only the entries `cfg` names (and where `cfg` names each is recorded
 * in `lastDefinitions`). Its values are `dict`'s own (with their
 * locations), so passes that work in place on it work on `dict`; what they replace is written back
 * by writeBack.
 */
function touchedBy(dict: TreeObject, cfg: TreeObject, lastDefinitions: LastDefinitions): TreeObject {
  const view: TreeObject = {};
  setSelfLoc(view, selfLoc(dict));
  for (const key of Object.keys(cfg)) {
    if (!Object.hasOwn(dict, key)) continue;
    const all = dict[key];
    const some = cfg[key];
    if (BY_NAME.has(key) && isObject(all) && isObject(some)) {
      lastDefinitions.record(key, some);
      // a map the model did not have before is the document's own, placed as it is by the merge:
      // the document touched all of it (a part copied entry by entry, then written back entry by
      // entry, was 20 ms of a file of 10,000 services, warm)
      if (all === some) {
        setOwn(view, key, all);
        copyLoc(dict, key, view, key);
        continue;
      }
      const part: TreeObject = {};
      setSelfLoc(part, selfLoc(all));
      for (const name of Object.keys(some)) {
        if (!Object.hasOwn(all, name)) continue;
        setOwn(part, name, all[name]);
        copyLoc(all, name, part, name);
      }
      setOwn(view, key, part);
    } else setOwn(view, key, all);
    copyLoc(dict, key, view, key);
  }
  return view;
}

/** Puts what the passes made of the touched part back into `dict`. */
function writeBack(view: TreeObject, dict: TreeObject): void {
  for (const key of Object.keys(view)) {
    const part = view[key];
    const all = dict[key];
    if (BY_NAME.has(key) && isObject(part) && isObject(all) && part !== all)
      for (const name of Object.keys(part)) {
        setOwn(all, name, part[name]);
        copyLoc(part, name, all, name);
      }
    else {
      setOwn(dict, key, part);
      copyLoc(view, key, dict, key);
    }
  }
}
