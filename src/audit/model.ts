/**
 * Tolerant readers for the canonical model. Rules run on `docker compose config` output, but must
 * never crash on odd input (a null service, a number where a string belongs, short syntax left over),
 * so every reader here accepts both the long and the short forms and ignores what it cannot read.
 */
import { emitYaml } from '../yaml/emit.js';
import { cleanPath, isFilePath, parseVolumeSpec } from '../syntax/volumes.js';
import { splitPortSpec } from '../syntax/ports.js';
import type { Location } from '../diagnostics.js';
import { childOf, isObject, locsOf, valueLoc } from '../yaml/located.js';
import { parseYaml } from '../yaml/parse.js';
import type { Tree, TreeObject } from '../yaml/located.js';
import type { AuditContext, Fix } from './types.js';

export type Path = (string | number)[];

const servicesOf = new WeakMap<TreeObject, [string, TreeObject][]>();

/** The model's services as [name, service] (every rule asks: computed once per model). */
export function services(model: TreeObject): [string, TreeObject][] {
  const s = model.services;
  if (!isObject(s)) return [];
  let list = servicesOf.get(s);
  if (!list) {
    list = Object.keys(s).flatMap((name): [string, TreeObject][] => {
      const svc = s[name];
      return isObject(svc) ? [[name, svc]] : [];
    });
    servicesOf.set(s, list);
  }
  return list;
}

/** Files that set at least one value of the model: the ones merged into this environment. */
export function contributingFiles(node: unknown, out = new Set<string>(), depth = 0): Set<string> {
  if (typeof node !== 'object' || node === null || depth > 64) return out;
  const l = locsOf(node);
  if (l)
    for (const loc of [l.self, ...Object.values(l.keys), ...Object.values(l.values)]) if (loc?.file) out.add(loc.file);
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

// ---- ports ----------------------------------------------------------------------------------

export interface PortSpec {
  index: number;
  /** undefined: all interfaces */
  hostIp?: string;
  /** host port or range; undefined: an ephemeral port picked by the engine */
  published?: string;
  target?: string;
  protocol: string;
  /** the item was a short-syntax string or number */
  short: boolean;
}

/** Short syntax `[[IP:]HOST:]CONTAINER[/PROTOCOL]`, split as docker/go-connections nat.ParsePortSpec does. */
export function parsePortShort(raw: string): Omit<PortSpec, 'index' | 'short'> {
  const { hostIp, published, target, protocol } = splitPortSpec(raw.trim());
  return {
    target,
    published: published || undefined,
    hostIp: hostIp || undefined,
    protocol: protocol.toLowerCase() || 'tcp',
  };
}

/** The port rules all read a service's ports: each list is read once (the specs are shared: read them only). */
const portSpecs = new WeakMap<Tree[], PortSpec[]>();

export function ports(svc: TreeObject): PortSpec[] {
  const known = Array.isArray(svc.ports) ? portSpecs.get(svc.ports) : undefined;
  if (known) return known;
  const out: PortSpec[] = [];
  list(svc.ports).forEach((p, index) => {
    if (typeof p === 'string' || typeof p === 'number') out.push({ index, short: true, ...parsePortShort(String(p)) });
    else if (isObject(p)) {
      out.push({
        index,
        short: false,
        target: str(p.target),
        published: str(p.published) || undefined,
        hostIp: str(p.host_ip) || undefined,
        protocol: (str(p.protocol) ?? 'tcp').toLowerCase(),
      });
    }
  });
  if (Array.isArray(svc.ports)) portSpecs.set(svc.ports, out);
  return out;
}

/**
 * `specs` (ports of `svc`) grouped by the entry as written they come from, in order: a short-syntax
 * range expands to one mapping per port, all sitting where the range is written (in compose-go's
 * order, which is not the ports' own), and a rule that reports each of them would report the same
 * line thousands of times.
 */
export function portEntries(svc: TreeObject, specs: readonly PortSpec[]): PortSpec[][] {
  const out: PortSpec[][] = [];
  const byEntry = new Map<Location, PortSpec[]>();
  for (const p of specs) {
    const loc = valueLoc(svc.ports, p.index);
    const group = loc && byEntry.get(loc);
    if (group) group.push(p);
    else {
      const fresh = [p];
      out.push(fresh);
      if (loc) byEntry.set(loc, fresh);
    }
  }
  return out;
}

/** `80` for one port, `8000-8010` for a run of several. */
export function portSpan(values: readonly (string | undefined)[]): string | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    const r = portRange(v);
    if (!r) return values.length === 1 ? values[0] : undefined;
    lo = Math.min(lo, r[0]);
    hi = Math.max(hi, r[1]);
  }
  return values.length === 0 ? undefined : lo === hi ? String(lo) : `${lo}-${hi}`;
}

export function allInterfaces(hostIp: string | undefined): boolean {
  return hostIp === undefined || ['0.0.0.0', '::', '[::]', '*', ''].includes(hostIp.trim());
}

/** Ranges already read (several rules ask for each port's), in a map that hostile input cannot grow without end. */
const ranges = new Map<string, readonly [number, number] | undefined>();

/** `"8000-8010"` -> [8000, 8010]; `"80"` -> [80, 80]; undefined when not a port. */
export function portRange(s: string | undefined): readonly [number, number] | undefined {
  if (s === undefined) return undefined;
  let r = ranges.get(s);
  if (r === undefined && !ranges.has(s)) {
    const m = /^\s*(\d+)(?:\s*-\s*(\d+))?\s*$/.exec(s);
    if (m) {
      const lo = Number(m[1]);
      const hi = m[2] === undefined ? lo : Number(m[2]);
      r = lo <= hi ? [lo, hi] : [hi, lo];
    }
    if (ranges.size >= 100_000) ranges.clear();
    ranges.set(s, r);
  }
  return r;
}

export function rangeHas(s: string | undefined, port: number): boolean {
  const r = portRange(s);
  return r !== undefined && r[0] <= port && port <= r[1];
}

// ---- volumes --------------------------------------------------------------------------------

export interface MountSpec {
  index: number;
  type: string;
  source?: string;
  target?: string;
  readOnly: boolean;
  propagation?: string;
  short: boolean;
}

/** A short-syntax volume as compose-go's format.ParseVolume reads it; what it could read when it fails. */
export function parseVolumeShort(raw: string): Omit<MountSpec, 'index' | 'short'> {
  const { volume } = parseVolumeSpec(raw.trim());
  return {
    type: volume.type,
    source: volume.source,
    target: volume.target,
    readOnly: volume.read_only === true,
    propagation: volume.bind?.propagation,
  };
}

export function mounts(svc: TreeObject): MountSpec[] {
  const out: MountSpec[] = [];
  list(svc.volumes).forEach((v, index) => {
    if (typeof v === 'string') out.push({ index, short: true, ...parseVolumeShort(v) });
    else if (isObject(v)) {
      const source = str(v.source);
      out.push({
        index,
        short: false,
        type: str(v.type) ?? (source && isFilePath(source) ? 'bind' : 'volume'),
        source,
        target: str(v.target),
        readOnly: truthy(v.read_only),
        propagation: str(get(v, 'bind', 'propagation')),
      });
    }
  });
  return out;
}

export { cleanPath };

/** `p` is `dir` or under it, both cleaned as Go's path.Clean does (`/tmp/../etc` is under `/etc`). */
export function isUnder(p: string, dir: string): boolean {
  const a = cleanPath(p);
  const d = cleanPath(dir);
  return d === '/' ? a.startsWith('/') : a === d || a.startsWith(d + '/');
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
  return list(v).flatMap((item, i) => {
    const s = str(item);
    if (s === undefined) return [];
    const eq = s.indexOf('=');
    return [{ name: eq < 0 ? s : s.slice(0, eq), value: eq < 0 ? null : s.slice(eq + 1), key: i }];
  });
}

// ---- secrets --------------------------------------------------------------------------------

const SECRET_WORDS = new Set([
  'PASSWORD',
  'PASSWD',
  'PASS',
  'PASSPHRASE',
  'PWD',
  'SECRET',
  'SECRETS',
  'TOKEN',
  'APIKEY',
  'CREDENTIAL',
  'CREDENTIALS',
  'PRIVATEKEY',
]);
/** After the secret word, these make the name describe the secret rather than hold it. */
const META_WORDS = new Set(
  (
    'FILE FILES PATH DIR LOCATION LENGTH LEN MIN MAX MINLENGTH POLICY ENABLED ENABLE DISABLED DISABLE REQUIRED REQUIRE ' +
    'EXPIRY EXPIRE EXPIRES EXPIRATION TTL TIMEOUT LIFETIME AGE HEADER NAME TYPE ALGORITHM ALG FORMAT ID USER USERNAME MODE ' +
    'COMMAND CMD PROVIDER METHOD SIZE COUNT RESET ROTATION PREFIX SUFFIX FIELD PARAM ENDPOINT URL URI HOST PORT STRENGTH ' +
    'COMPLEXITY ATTEMPTS RETRIES REGEX PATTERN LEVEL VERSION HASH HASHER ENCODER ROUNDS COST CHARS DIGITS LOGIN AUTH'
  ).split(' '),
);
/** `X_KEY` is a secret except these kinds of keys (an ACCESS_KEY is the id half of an S3 pair; its SECRET_KEY is the secret). */
const NON_SECRET_KEY_QUALIFIERS = new Set([
  'ACCESS',
  'PUBLIC',
  'PUB',
  'SORT',
  'PARTITION',
  'PRIMARY',
  'FOREIGN',
  'CACHE',
  'ROUTING',
  'SHARD',
  'HOST',
  'SITE',
]);

export function nameTokens(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);
}

// Names repeat (every environment, every request asks about `POSTGRES_PASSWORD`): answers are
// remembered, in a bounded map so that hostile input cannot grow it without end.
const secretNames = new Map<string, boolean>();

/** `DB_PASSWORD`, `apiToken`, `AWS_SECRET_ACCESS_KEY` yes; `PASSWORD_MIN_LENGTH`, `DB_PASSWORD_FILE`, `PWD`, `PUBLIC_KEY` no. */
export function isSecretName(name: string): boolean {
  let known = secretNames.get(name);
  if (known === undefined) {
    known = secretName(name);
    if (secretNames.size >= 10_000) secretNames.clear();
    secretNames.set(name, known);
  }
  return known;
}

/** Secret words that also end compound names written without a separator (`WEBPASSWORD`, `CLIENTSECRET`). */
const SECRET_SUFFIX = /(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|APIKEY|PRIVATEKEY)$/;

function secretName(name: string): boolean {
  const t = nameTokens(name);
  if (t.length === 1 && t[0] === 'PWD') return false; // the shell's working directory
  let at = -1;
  for (let i = 0; i < t.length; i++) {
    if (
      SECRET_WORDS.has(t[i]) ||
      SECRET_SUFFIX.test(t[i]) ||
      (t[i] === 'KEY' && !NON_SECRET_KEY_QUALIFIERS.has(t[i - 1] ?? ''))
    ) {
      at = i;
      break;
    }
  }
  if (at < 0) return false;
  return !t.slice(at + 1).some((w) => META_WORDS.has(w));
}

/** A name that holds a password (not a token or key): the ones default passwords go into. */
export function isPasswordName(name: string): boolean {
  return (
    isSecretName(name) &&
    nameTokens(name).some((w) => /^(PASS|PWD)$/.test(w) || /(PASSWORD|PASSWD|PASSPHRASE|SECRET)$/.test(w))
  );
}

/** Values that are not plaintext secrets even under a secret name. */
export function isNonSecretValue(v: string | null): boolean {
  if (v === null) return true;
  const s = v.trim();
  return (
    s === '' ||
    /^(true|false|yes|no|on|off|none|null)$/i.test(s) ||
    /\$\{|^\$[A-Za-z_]/.test(s) || // a runtime reference left for the container's shell/entrypoint
    /^(\/|\.\.?\/|file:)/.test(s) // a path to the secret, not the secret
  );
}

/**
 * Well-known credential formats, whatever the variable is called. An AWS access key id (`AKIA…`)
 * is not one: it names the key, the secret is its AWS_SECRET_ACCESS_KEY pair.
 */
export const TOKEN_PATTERNS: [string, RegExp][] = [
  ['GitHub token', /\b(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}\b|\bgithub_pat_[A-Za-z0-9_]{22,}/],
  ['GitLab token', /\bglpat-[A-Za-z0-9_-]{20}\b/],
  ['Slack token', /\bxox[abprs]-[A-Za-z0-9-]{10,}/],
  ['Stripe live key', /\b[sr]k_live_[A-Za-z0-9]{16,}/],
  ['Google API key', /\bAIza[0-9A-Za-z_-]{35}\b/],
  ['private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
];

export function tokenKind(v: string): string | undefined {
  return TOKEN_PATTERNS.find(([, re]) => re.test(v))?.[0];
}

const SCHEME_CHAR = /[a-z0-9+.-]/i;
const LETTER = /[a-z]/i;
const WORD_CHAR = /\w/;
const USER_STOP = /[\s:@/'"]/;
const PASSWORD_STOP = /[\s@/'"]/;

/**
 * `scheme://user:password@` occurrences with a literal password (not `$VAR`, not a mask): what
 * `/\b([a-z][a-z0-9+.-]*):\/\/([^\s:@/'"]+):([^\s@/'"]+)@/gi` finds, read from each `://` outwards
 * instead (the pattern retried its scheme at every letter of a long run: quadratic in the run). The
 * scheme is the run of scheme characters before `://`, from its leftmost letter at a word boundary.
 */
export function urlCredentials(text: string): { scheme: string; user: string; password: string }[] {
  const out: { scheme: string; user: string; password: string }[] = [];
  let from = 0;
  for (let at = text.indexOf('://', from); at !== -1; at = text.indexOf('://', from)) {
    from = at + 3;
    let s = at;
    while (s > 0 && SCHEME_CHAR.test(text[s - 1])) s--;
    let p = s;
    while (p < at && !(LETTER.test(text[p]) && (p === 0 || !WORD_CHAR.test(text[p - 1])))) p++;
    if (p === at) continue;
    let u = at + 3;
    while (u < text.length && !USER_STOP.test(text[u])) u++;
    if (u === at + 3 || text[u] !== ':') continue;
    let w = u + 1;
    while (w < text.length && !PASSWORD_STOP.test(text[w])) w++;
    if (w === u + 1 || text[w] !== '@') continue;
    from = w + 1;
    const password = text.slice(u + 1, w);
    if (/^\$|\$\{/.test(password) || /^[*x]+$/i.test(password) || /^<.*>$/.test(password)) continue;
    out.push({ scheme: text.slice(p, at), user: text.slice(at + 3, u), password });
  }
  return out;
}

const MAX_NAMED = 6;

/** `a, b, c, d, e, f and 3 more` */
export function nameList(names: readonly string[], max = MAX_NAMED): string {
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

// ---- source text ----------------------------------------------------------------------------

const lineCache = new WeakMap<Record<string, string>, Map<string, string[]>>();

export function sourceLines(files: Record<string, string> | undefined, file: string): string[] | undefined {
  if (!files || typeof files[file] !== 'string') return undefined;
  let m = lineCache.get(files);
  if (!m) lineCache.set(files, (m = new Map<string, string[]>()));
  let lines = m.get(file);
  if (!lines) m.set(file, (lines = files[file].split(/\r?\n/)));
  return lines;
}

/** The raw text a location spans (to the end of its first line when it has no end). */
export function sourceText(files: Record<string, string> | undefined, loc: Location | undefined): string | undefined {
  if (!loc) return undefined;
  const lines = sourceLines(files, loc.file);
  if (!lines || loc.line < 1 || loc.line > lines.length) return undefined;
  const endLine = loc.endLine ?? loc.line;
  const parts = lines.slice(loc.line - 1, endLine);
  if (parts.length === 0) return undefined;
  if (loc.endLine !== undefined && loc.endColumn !== undefined)
    parts[parts.length - 1] = parts[parts.length - 1].slice(0, loc.endColumn - 1);
  parts[0] = parts[0].slice(loc.column - 1);
  return parts.join('\n');
}

/**
 * The model is interpolated already, so `${DB_PASSWORD}` arrives as the secret itself. What the
 * author wrote is in the raw file at the value's location: a variable reference there means the
 * value came from the environment or `.env`, not from the file. In a Compose file that is `${…}` or
 * `$NAME` (`$$` is a literal `$`). In an env file (`env_file:` values point at their line) a
 * single-quoted value is literal and `$(` is no reference: `SECRET_KEY='r(m)9$(_q3'` is written
 * there. Without the raw text we cannot tell: literal.
 */
export function isInterpolated(ctx: AuditContext, loc: Location | undefined): boolean {
  const raw = sourceText(ctx.files, loc) ?? '';
  if (loc && isEnvFile(ctx, loc.file)) {
    const eq = /^\s*(?:export\s+)?[^=\s]+\s*=\s*(.*)$/.exec(raw);
    const value = eq ? eq[1] : raw;
    return !value.startsWith("'") && /(^|[^\\])\$(\{|[A-Za-z_])/.test(value);
  }
  return /\$(\{|[A-Za-z_])/.test(raw.replace(/\$\$/g, ''));
}

/** A file read as dotenv (an `env_file:`), not a Compose file merged into the model. */
function isEnvFile(ctx: AuditContext, file: string): boolean {
  const sources = ctx.sources ?? ctx.composeFiles;
  return sources ? !sources.includes(file) : !/\.ya?ml$/i.test(file);
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

/** A fix whose patch sets `fragment` on the service, with the same YAML as the snippet. */
export function serviceFix(service: string, description: string, fragment: TreeObject): Fix {
  const patch: TreeObject = { services: { [service]: fragment } };
  return { description, yaml: emitYaml(patch), patch };
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
