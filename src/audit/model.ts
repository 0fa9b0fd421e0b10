/**
 * Tolerant readers for the canonical model. Rules run on `docker compose config` output, but must
 * never crash on odd input (a null service, a number where a string belongs, short syntax left over),
 * so every reader here accepts both the long and the short forms and ignores what it cannot read.
 * The readers of ports (ports.ts), volumes (volumes.ts), secret names and values (secrets.ts) and
 * of the files' text (source.ts) are beside it.
 */
import { emitYaml, yamlKey } from '../yaml/emit.js';
import type { Location } from '../diagnostics.js';
import { childOf, isObject, locsOf, setOwn, valueLoc } from '../yaml/located.js';
import { parseYaml } from '../yaml/parse.js';
import type { Tree, TreeObject } from '../yaml/located.js';
import type { AuditContext, Fix } from './types.js';
import { bundleText } from './vocabulary.js';

export type Path = (string | number)[];

const servicesOf = new WeakMap<TreeObject, [string, TreeObject][]>();

/** The model's services as [name, service] (every rule asks: computed once per model). */
export function services(model: TreeObject): [string, TreeObject][] {
  const s = model.services;
  if (!isObject(s)) return [];
  let list = servicesOf.get(s);
  if (!list) {
    // loops rather than flatMap here and below: V8 runs Array.prototype.flatMap in generic code, ten
    // times a loop's cost (4.3 µs against 0.4 for 28 items), and the rules read these for every service
    list = [];
    for (const name of Object.keys(s)) {
      const svc = s[name];
      if (isObject(svc)) list.push([name, svc]);
    }
    servicesOf.set(s, list);
  }
  return list;
}

/** Files that set at least one value of the model: the ones merged into this environment. */
export function contributingFiles(node: unknown, out = new Set<string>(), depth = 0): Set<string> {
  if (typeof node !== 'object' || node === null || depth > 64) return out;
  const l = locsOf(node);
  if (l) for (const loc of l.all()) if (loc.file) out.add(loc.file);
  for (const v of Object.values(node)) contributingFiles(v, out, depth + 1);
  return out;
}

/**
 * The raw (uninterpolated) first document of each file merged into this environment (or of `only`),
 * in merge order: what the files say before the loader fills defaults in (`name`, `version`, `!reset`).
 */
export function sourceTrees(ctx: AuditContext, only?: readonly string[]): [string, Tree | undefined][] {
  const files = ctx.files;
  if (!files) return [];
  const sources = only ?? ctx.sources ?? [...contributingFiles(ctx.model)];
  // the request's parse when the caller has one: files are parsed once per request
  return sources
    .filter((f) => typeof files[f] === 'string')
    .map((f) => [f, ctx.parsed ? ctx.parsed(f) : parseYaml(files[f], f).documents[0]?.tree]);
}

const rawTrees = new WeakMap<Record<string, string>, Map<string, Tree | undefined>>();

/** The raw (uninterpolated, anchors resolved) first document of a bundle file, parsed once. */
export function rawTree(ctx: AuditContext, file: string): Tree | undefined {
  if (ctx.parsed) return ctx.parsed(file);
  const files = ctx.files;
  if (!files || typeof files[file] !== 'string') return undefined;
  let m = rawTrees.get(files);
  if (!m) rawTrees.set(files, (m = new Map<string, Tree | undefined>()));
  if (!m.has(file)) m.set(file, parseYaml(files[file], file).documents[0]?.tree);
  return m.get(file);
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

export function obj(v: unknown): TreeObject | undefined {
  return isObject(v) ? v : undefined;
}

export function list(v: Tree | undefined): Tree[] {
  return Array.isArray(v) ? v : [];
}

/** A list of strings, or one string (what `command`, `cap_add`… may hold). */
export function strings(v: Tree | undefined): string[] {
  if (typeof v === 'string') return [v];
  const out: string[] = [];
  for (const x of list(v)) {
    const s = str(x);
    if (s !== undefined) out.push(s);
  }
  return out;
}

export function truthy(v: unknown): boolean {
  return v === true || (typeof v === 'string' && /^(true|yes|on|1)$/i.test(v.trim())) || v === 1;
}

export function get(v: Tree | undefined, ...path: string[]): Tree | undefined {
  let n = v;
  for (const k of path) {
    if (!isObject(n)) return undefined;
    n = n[k];
  }
  return n;
}

/** Containers Compose runs for a service: `deploy.replicas` or `scale` (compose-go refuses two distinct values). */
export function replicas(svc: TreeObject): number {
  return Math.max(Number(str(get(svc, 'deploy', 'replicas')) ?? 1) || 1, Number(str(svc.scale) ?? 1) || 1);
}

/** `0`, `-1`, "0" and empty mean "unlimited" for Docker's limits. */
export function isLimitSet(v: unknown): boolean {
  const s = str(v)?.trim();
  if (s === undefined || s === '') return false;
  const n = Number(s);
  return !(Number.isFinite(n) && n <= 0);
}

// ---- environment, labels, args --------------------------------------------------------------

export interface Entry {
  name: string;
  value: string | null;
  /** path segment under the map: the key, or the list index */
  key: string | number;
}

/** A mapping or a `KEY=VALUE` list (environment, labels, build.args, extra_hosts…). */
export function entries(v: Tree | undefined): Entry[] {
  if (isObject(v))
    return Object.keys(v).map((name) => ({ name, value: v[name] === null ? null : (str(v[name]) ?? null), key: name }));
  const out: Entry[] = [];
  list(v).forEach((item, i) => {
    const s = str(item);
    if (s === undefined) return;
    const eq = s.indexOf('=');
    out.push({ name: eq < 0 ? s : s.slice(0, eq), value: eq < 0 ? null : s.slice(eq + 1), key: i });
  });
  return out;
}

const MAX_NAMED = 6;

/** `a, b, c, d, e, f and 3 more`: the bundle's names, a text our words are filled with (bundleText) */
export function nameList(names: readonly string[], max = MAX_NAMED): string {
  if (names.length <= max) return bundleText(names.join(', '));
  return `${bundleText(names.slice(0, max).join(', '))} and ${names.length - max} more`;
}

// ---- images ---------------------------------------------------------------------------------

export function parseImage(ref: string): { name: string; tag?: string; digest?: string } {
  const at = ref.indexOf('@');
  const digest = at < 0 ? undefined : ref.slice(at + 1);
  const rest = at < 0 ? ref : ref.slice(0, at);
  const colon = rest.lastIndexOf(':');
  const tag = colon > rest.lastIndexOf('/') ? rest.slice(colon + 1) : undefined;
  return { name: tag === undefined ? rest : rest.slice(0, colon), tag, digest };
}

const builtHere = new WeakMap<TreeObject, Set<string>>();

/**
 * Image names this project builds and no registry serves: the `image:` of a service that has
 * `build:` with `pull_policy: build|never` (Compose never pulls it), or a bare name (no registry, no
 * namespace: Docker Hub keeps those for its official images) that a service of the project builds.
 * Another service may run the same name without `build:` (the project's base image for its jobs).
 */
export function locallyBuiltImages(model: TreeObject): Set<string> {
  const s = model.services;
  let names = isObject(s) ? builtHere.get(s) : undefined;
  if (names) return names;
  names = new Set();
  for (const [, svc] of services(model)) {
    const image = str(svc.image)?.trim();
    if (!image || svc.build === undefined || svc.build === null) continue;
    const policy = str(svc.pull_policy)?.trim();
    if (policy === 'build' || policy === 'never' || !parseImage(image).name.includes('/')) names.add(image);
  }
  if (isObject(s)) builtHere.set(s, names);
  return names;
}

/** Whether this service runs an image the project builds (see locallyBuiltImages). */
export function runsLocalImage(model: TreeObject, svc: TreeObject): boolean {
  const image = str(svc.image)?.trim();
  if (!image) return false;
  const policy = str(svc.pull_policy)?.trim();
  if (svc.build !== undefined && svc.build !== null && (policy === 'build' || policy === 'never')) return true;
  return locallyBuiltImages(model).has(image);
}

// ---- fixes ----------------------------------------------------------------------------------

/**
 * A service fix whose `patch` and `yaml` are made when first read (getters; `toJSON` and
 * `plainFix` give the plain object). A large project has a fix on most of its findings and an
 * answer shows at most the `findings` budget of them: 10,000 services made 90,000 patches, each an
 * object keyed by a service name (past V8's 1,536 transitions from `{}`, a hidden class each), and
 * their YAML, nearly all dropped. The capped lists of an answer hold plain fixes (limits.ts
 * capFindings); the uncapped lists of the audit hold these until read.
 */
export class ServiceFix implements Fix {
  description: string;
  #service: string;
  #fragment: TreeObject;
  #patch?: TreeObject;
  #yaml?: string;
  constructor(service: string, description: string, fragment: TreeObject) {
    this.description = description;
    // the service's name, as the snippet writes it: a secret in it withholds the fix
    this.#service = bundleText(service);
    this.#fragment = fragment;
  }
  get patch(): TreeObject {
    // a copy: a reader may change it (fixOverride clones what it merges, a library user may not)
    return (this.#patch ??= { services: byName(this.#service, plainCopy(this.#fragment)) });
  }
  get yaml(): string {
    if (this.#yaml !== undefined) return this.#yaml;
    // a patch read (and perhaps changed by its reader) is what the YAML says; else the fragment's
    // YAML, written once for every service it fixes, under the service's key
    return (this.#yaml = this.#patch ? emitYaml(this.#patch) : serviceYaml(this.#service, this.#fragment));
  }
  toJSON(): Fix {
    return { description: this.description, yaml: this.yaml, patch: this.patch };
  }
  /** The fragment of `fix` when it is a service fix of `service` (a pending finding makes it again when read). */
  static fragmentOf(fix: Fix | undefined, service: string): TreeObject | undefined {
    return fix instanceof ServiceFix && fix.#service === service ? fix.#fragment : undefined;
  }
}

/** A fragment's YAML as a service's block writes it (four spaces in), by fragment: one each, however many services it fixes. */
const fragmentBlocks = new WeakMap<TreeObject, string>();

/**
 * `emitYaml({ services: { [service]: fragment } })`, the fragment's lines written once per fragment:
 * emitYaml writes a nested block as the block alone with its lines indented (a scalar's own lines,
 * a long !!binary's, at the indentation of the line that holds it), and an empty fragment as `{}`.
 */
function serviceYaml(service: string, fragment: TreeObject): string {
  if (Object.keys(fragment).length === 0) return emitYaml({ services: byName(service, fragment) });
  let block = fragmentBlocks.get(fragment);
  if (block === undefined) {
    const lines = emitYaml(fragment).slice(0, -1).split('\n');
    block = lines.map((l) => `    ${l}\n`).join('');
    fragmentBlocks.set(fragment, block);
  }
  return `services:\n  ${yamlKey(service)}:\n${block}`;
}

/** The constructor of byName's objects: a plain object's prototype, hidden classes of its own. */
function ByName(): void {
  // nothing to set: `new ByName()` is `{}` with another root for its hidden classes
}
ByName.prototype = Object.prototype;

/**
 * `{ [name]: value }` for a name from the bundle (a service's), as a plain object whose hidden
 * classes hang off a constructor of its own. Made from `{}`, each name was one more transition of
 * the hidden class of every object made from `{}`: past 1,536 of them (the fixes of 5,000 kept
 * findings, each keyed by its service) V8 gives every object made from `{}` and given a key a hidden
 * class of its own, and copying 5,000 findings (mergeEnvironments) took 100-200 ms instead of 2.
 */
function byName(name: string, value: Tree): TreeObject {
  const out = new (ByName as unknown as new () => TreeObject)();
  setOwn(out, name, value);
  return out;
}

/**
 * A copy of JSON-like data (objects, arrays, scalars) without its locations: structuredClone did
 * this, at 6 microseconds a patch (5,000 kept findings' patches were 30 ms of a review), where a
 * walk over a fragment of a few keys takes a fraction of that.
 */
function plainCopy<T>(v: T): T {
  if (Array.isArray(v)) return v.map((x: unknown) => plainCopy(x)) as T;
  if (typeof v !== 'object' || v === null) return v;
  const out: TreeObject = {};
  for (const k of Object.keys(v)) setOwn(out, k, plainCopy((v as Record<string, Tree>)[k]));
  return out as T;
}

/** Each finding's fix as plain data (a ServiceFix made into one): for the capped lists an answer shows. */
export function plainFixes<T extends { fix?: Fix }>(findings: readonly T[]): void {
  for (const f of findings) if (f.fix instanceof ServiceFix) f.fix = f.fix.toJSON();
}

/** A fix whose patch sets `fragment` on the service, with the same YAML as the snippet (`fragment` is not copied: pass one nothing changes later). */
export function serviceFix(service: string, description: string, fragment: TreeObject): Fix {
  return new ServiceFix(service, description, fragment);
}

export function yamlFix(description: string, snippet: TreeObject): Fix {
  return { description, yaml: emitYaml(snippet) };
}

/** Location of the value at a model path (`locate` prefers a mapping key's location). */
export function valueAt(root: unknown, path: Path): Location | undefined {
  let parent: unknown = root;
  for (const seg of path.slice(0, -1)) {
    if (typeof parent !== 'object' || parent === null) return undefined;
    parent = childOf(parent, seg);
  }
  return valueLoc(parent, path[path.length - 1]);
}
