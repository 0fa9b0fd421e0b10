/**
 * The unit of input: a virtual set of files (never the server's disk) plus the environments to load
 * from it. Paths are relative and `/`-separated; nothing can resolve outside the bundle.
 */
import { isRole, ROLES, roleWord, type Role } from './roles.js';
import { emptyRecord, isRecord } from '../records.js';

export interface EnvironmentSpec {
  /** Compose files in `docker compose -f` order: the base first */
  files: string[];
  /** env files (`--env-file`); default: `.env` beside the first Compose file when present */
  envFiles?: string[];
  /** active profiles (`--profile`); COMPOSE_PROFILES from the environment is used when absent */
  profiles?: string[];
  /** process-level environment (wins over env files) */
  env?: Record<string, string>;
  /** the audit role of this environment (else from the policy, its name, its files: see roles.ts) */
  role?: Role;
}

export interface Bundle {
  files: Record<string, string>;
  environments?: Record<string, EnvironmentSpec>;
  projectName?: string;
}

export interface BundleLimits {
  maxFiles: number;
  maxTotalBytes: number;
  maxPathLength: number;
  maxEnvironments: number;
}

export const DEFAULT_BUNDLE_LIMITS: BundleLimits = {
  maxFiles: 500,
  maxTotalBytes: 16 << 20,
  maxPathLength: 512,
  maxEnvironments: 32,
};

/** A malformed bundle: the request is wrong (4xx), not the Compose content. */
export class BundleError extends Error {
  constructor(
    message: string,
    readonly pointer: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = 'BundleError';
  }
}

/**
 * The files an upload held before the place it was refused at (a tar entry, a multipart part), by
 * the refusal: its words may quote a name that holds one of their secret values, and the service
 * masks them with those (src/api/plugins/upload.ts).
 */
export const filesBeforeRefusal = new WeakMap<BundleError, Record<string, string>>();

/**
 * The same file twice in one upload (two JSON keys, tar entries or multipart parts, or two paths
 * that normalize to one): which content is meant cannot be told, so every format refuses it alike.
 */
export function duplicateFile(path: string, pointer: string, how: string): BundleError {
  return new BundleError(
    `the bundle holds the file ${JSON.stringify(path)} twice (${how}): send each file once`,
    pointer,
  );
}

/**
 * Normalizes a bundle path (`./a//b/../c.yaml` -> `a/c.yaml`); throws BundleError when it is
 * absolute, contains NUL or a backslash, or escapes the bundle root.
 */
export function normalizeBundlePath(p: string, pointer = ''): string {
  if (typeof p !== 'string' || p === '') throw new BundleError('a file path must be a non-empty string', pointer);
  if (p.includes('\0')) throw new BundleError(`file path ${JSON.stringify(p)} contains a NUL character`, pointer);
  if (p.includes('\\')) throw new BundleError(`file path ${JSON.stringify(p)} must use "/" as separator`, pointer);
  if (p.startsWith('/') || /^[A-Za-z]:/.test(p))
    throw new BundleError(`file path ${JSON.stringify(p)} must be relative to the bundle`, pointer);
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length === 0) throw new BundleError(`file path ${JSON.stringify(p)} escapes the bundle`, pointer);
      parts.pop();
    } else parts.push(seg);
  }
  if (parts.length === 0)
    throw new BundleError(`file path ${JSON.stringify(p)} names the bundle root, not a file`, pointer);
  return parts.join('/');
}

export function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}

export function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

// the paths of a bundle's files that are there but lead outside it, by its `files` object: the CLI's
// symbolic links out of its root (src/cli/files.ts), refused, which the loader reports as it reports
// a path outside the bundle (`path-outside-bundle`), where the file is named
const outside = new WeakMap<object, Map<string, string>>();
const LINK_OUT = 'is a symbolic link that points outside the bundle';

/** Marks `path` of `files` as leading outside the bundle (it is absent from it), and says how. */
export function markOutside(files: object, path: string, how = LINK_OUT): void {
  let map = outside.get(files);
  if (!map) outside.set(files, (map = new Map<string, string>()));
  map.set(path, how);
}

/** `path` of `files` leads outside the bundle (see markOutside). */
export function leadsOutside(files: object, path: string): boolean {
  return outside.get(files)?.has(path) === true;
}

/** How `path` of `files` leads outside the bundle (`is a symbolic link that points outside the bundle`). */
export function outsideHow(files: object, path: string): string {
  return outside.get(files)?.get(path) ?? LINK_OUT;
}

// the directory of the local disk a bundle's `files` stand for (the CLI's root, absolute, as segments)
const roots = new WeakMap<object, string[]>();

/**
 * Marks `files` as the files under `root`, an absolute directory of the local disk (the CLI's root,
 * src/cli/files.ts): an absolute path a Compose file names is then read there when it lies under it,
 * as compose-go reads an absolute path as it is; one outside it leads outside the bundle.
 */
export function markRoot(files: object, root: string): void {
  roots.set(files, segments(root));
}

function segments(abs: string): string[] {
  const parts: string[] = [];
  for (const seg of abs.split('/'))
    if (seg === '..') parts.pop();
    else if (seg !== '' && seg !== '.') parts.push(seg);
  return parts;
}

/**
 * Resolves `ref` (as written in a Compose file) against directory `dir` of the bundle. Returns
 * undefined when it points outside the bundle (absolute or too many `..`). An absolute `ref` in a bundle of the local
 * disk (`files` marked by markRoot): its path under the root, or, outside it, itself, marked as
 * leading outside (the loader says path-outside-bundle where it is named).
 */
export function resolveInBundle(dir: string, ref: string, files?: object): string | undefined {
  const root = files && ref.startsWith('/') ? roots.get(files) : undefined;
  if (root && files) {
    const parts = segments(ref);
    if (parts.length >= root.length && root.every((seg, i) => parts[i] === seg))
      return parts.slice(root.length).join('/');
    const abs = `/${parts.join('/')}`;
    markOutside(files, abs, `is outside the root (/${root.join('/')}): not read`);
    return abs;
  }
  if (ref.startsWith('/') || /^[A-Za-z]:[\\/]/.test(ref) || ref.startsWith('~')) return undefined;
  const parts = dir === '' ? [] : dir.split('/');
  for (const seg of ref.replace(/\\/g, '/').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(seg);
  }
  return parts.join('/');
}

function stringList(v: unknown, pointer: string): string[] {
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string'))
    throw new BundleError('must be a list of strings', pointer);
  return v;
}

function stringMap(v: unknown, pointer: string): Record<string, string> {
  if (!isRecord(v)) throw new BundleError('must be an object of strings', pointer);
  const out: Record<string, string> = emptyRecord();
  for (const [k, x] of Object.entries(v)) {
    if (typeof x !== 'string') throw new BundleError('must be a string', `${pointer}/${escapePointer(k)}`);
    out[k] = x;
  }
  return out;
}

export function escapePointer(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Checks the JSON shape of a bundle and normalizes its paths. `raw` is untrusted request data;
 * the result only has own, normalized keys.
 */
export function parseBundle(raw: unknown, limits: BundleLimits = DEFAULT_BUNDLE_LIMITS, pointer = ''): Bundle {
  if (!isRecord(raw)) throw new BundleError('the bundle must be a JSON object with a "files" object', pointer || '/');
  if (!isRecord(raw.files))
    throw new BundleError('"files" must be an object mapping paths to file contents', `${pointer}/files`);
  const names = Object.keys(raw.files);
  if (names.length === 0)
    throw new BundleError('"files" is empty: the bundle needs at least one Compose file', `${pointer}/files`);
  if (names.length > limits.maxFiles)
    throw new BundleError(`too many files: ${names.length}, the limit is ${limits.maxFiles}`, `${pointer}/files`, 413);
  const files: Record<string, string> = emptyRecord();
  let total = 0;
  for (const name of names) {
    const ptr = `${pointer}/files/${escapePointer(name)}`;
    if (name.length > limits.maxPathLength)
      throw new BundleError(`file path longer than ${limits.maxPathLength} characters`, ptr);
    const content = raw.files[name];
    if (typeof content !== 'string') throw new BundleError('file content must be a string', ptr);
    const path = normalizeBundlePath(name, ptr);
    if (Object.hasOwn(files, path)) throw duplicateFile(path, ptr, 'two paths that name it');
    total += content.length;
    if (total > limits.maxTotalBytes)
      throw new BundleError(`the files exceed ${limits.maxTotalBytes} bytes in total`, ptr, 413);
    files[path] = content;
  }
  const bundle: Bundle = { files };
  if (raw.projectName !== undefined) {
    if (typeof raw.projectName !== 'string')
      throw new BundleError('"projectName" must be a string', `${pointer}/projectName`);
    bundle.projectName = raw.projectName;
  }
  if (raw.environments !== undefined) {
    if (!isRecord(raw.environments))
      throw new BundleError('"environments" must be an object', `${pointer}/environments`);
    const envNames = Object.keys(raw.environments);
    if (envNames.length > limits.maxEnvironments)
      throw new BundleError(`too many environments (limit ${limits.maxEnvironments})`, `${pointer}/environments`);
    const envs: Record<string, EnvironmentSpec> = emptyRecord();
    for (const name of envNames) {
      const ptr = `${pointer}/environments/${escapePointer(name)}`;
      const e = raw.environments[name];
      if (!isRecord(e)) throw new BundleError('an environment must be an object with "files"', ptr);
      const spec: EnvironmentSpec = {
        files: stringList(e.files, `${ptr}/files`).map((f, i) => bundlePathIn(files, f, `${ptr}/files/${i}`)),
      };
      if (spec.files.length === 0)
        throw new BundleError('an environment needs at least one Compose file', `${ptr}/files`);
      if (e.envFiles !== undefined)
        spec.envFiles = stringList(e.envFiles, `${ptr}/envFiles`).map((f, i) =>
          bundlePathIn(files, f, `${ptr}/envFiles/${i}`),
        );
      if (e.profiles !== undefined) spec.profiles = stringList(e.profiles, `${ptr}/profiles`);
      if (e.env !== undefined) spec.env = stringMap(e.env, `${ptr}/env`);
      if (e.role !== undefined) {
        if (!isRole(e.role)) throw new BundleError(`"role" must be one of ${ROLES.join(', ')}`, `${ptr}/role`);
        spec.role = e.role;
      }
      envs[name] = spec;
    }
    bundle.environments = envs;
  }
  return bundle;
}

function bundlePathIn(files: Record<string, string>, p: string, pointer: string): string {
  const path = normalizeBundlePath(p, pointer);
  if (!Object.hasOwn(files, path))
    throw new BundleError(`${JSON.stringify(p)} is not a file of the bundle`, pointer, 422);
  return path;
}

/**
 * Compose's default file names, in the order `docker compose` looks for them (compose-go
 * cli/options.go:405 DefaultFileNames: `docker-compose.yml` before `docker-compose.yaml`), and its
 * override names (cli/options.go:408 DefaultOverrideFileNames: `.yml` first, whichever base was found).
 */
export const DEFAULT_COMPOSE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
export const DEFAULT_OVERRIDE_NAMES = [
  'compose.override.yml',
  'compose.override.yaml',
  'docker-compose.override.yml',
  'docker-compose.override.yaml',
];

const ENV_ALIASES: Record<string, string> = {
  prod: 'production',
  dev: 'development',
  stage: 'staging',
  stg: 'staging',
  qa: 'qa',
  test: 'test',
};

export interface DerivedEnvironments {
  environments: Record<string, EnvironmentSpec>;
  /** the base file, or undefined when the bundle has no default-named Compose file */
  base?: string;
  /**
   * default-named files passed over for another of their directory, as docker compose passes them
   * over with a warning (cli/options.go:164-180): each with the names found and the one used
   */
  passedOver?: PassedOver[];
}

/** A default-named file passed over for another of its directory: the names found, the one used. */
export interface PassedOver {
  file: string;
  found: string[];
  using: string;
  override: boolean;
}

/**
 * A change pair (`{base, head}`) whose environments are named on both sides (or once, by the
 * multipart `bundle` part): an environment that uses a file one side lacks but the other has (the
 * change adds or deletes it) is absent from that side, so the review says "added" / "removed"
 * instead of refusing the request. A file neither side has is still an error, and a side keeps at
 * least one environment (an empty list would mean "derive them from the file names").
 */
export function alignPairEnvironments(base: unknown, head: unknown): [unknown, unknown] {
  const filesOf = (side: unknown): Record<string, unknown> | undefined =>
    isRecord(side) && isRecord(side.files) ? side.files : undefined;
  const align = (side: unknown, other: unknown): unknown => {
    const files = filesOf(side);
    const otherFiles = filesOf(other);
    if (!files || !otherFiles || !isRecord(side) || !isRecord(side.environments)) return side;
    const kept: Record<string, unknown> = emptyRecord();
    for (const [name, spec] of Object.entries(side.environments)) {
      const list = isRecord(spec) && Array.isArray(spec.files) ? spec.files : undefined;
      const lacking = list?.filter((f): f is string => typeof f === 'string' && !Object.hasOwn(files, f)) ?? [];
      const elsewhere = lacking.length > 0 && lacking.every((f) => Object.hasOwn(otherFiles, f));
      if (!elsewhere) kept[name] = spec;
    }
    return Object.keys(kept).length ? { ...side, environments: kept } : side;
  };
  return [align(base, head), align(head, base)];
}

/**
 * Environments a user would expect from file names when the bundle names none: `development` = base
 * + its `.override` file (Compose's default pair), one environment per `compose.<name>.yaml` /
 * `docker-compose.<name>.yml` = base + that file; the base file alone is `development` when
 * another file carries production (`compose.prod.yaml`, staging, live, release), else `default`
 * (what gets deployed). Works in the bundle
 * root; if the root has no Compose file, in the shallowest directory that has one.
 */
export function deriveEnvironments(bundle: Bundle): DerivedEnvironments {
  if (bundle.environments && Object.keys(bundle.environments).length > 0) return { environments: bundle.environments };
  const paths = Object.keys(bundle.files);
  const dirs = [...new Set(paths.map(dirname))].sort(
    (a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : 1),
  );
  for (const dir of dirs) {
    const inDir = (n: string) => (dir === '' ? n : `${dir}/${n}`);
    // compose-go WithDefaultConfigPath: the first default name found, and the first override name
    const found = (names: string[]): string[] => names.map(inDir).filter((p) => Object.hasOwn(bundle.files, p));
    const bases = found(DEFAULT_COMPOSE_NAMES);
    const base = bases[0];
    if (!base) continue;
    const overrides = found(DEFAULT_OVERRIDE_NAMES);
    const override = overrides[0];
    const passedOver = [bases, overrides].flatMap((list, i) =>
      list.slice(1).map((file) => ({ file, found: list, using: list[0], override: i === 1 })),
    );
    const envs: Record<string, EnvironmentSpec> = emptyRecord();
    envs.development = { files: override ? [base, override] : [base] };
    // any name between the prefix and the extension (`compose.prod.eu.yaml`: `prod.eu`): a file
    // named as an environment's is never left out for the characters of its name. An override of
    // one (`compose.test.override.yaml`) is not an environment: loadBundle says no environment loads it
    const pattern = /^(compose|docker-compose)\.(.+)\.ya?ml$/;
    for (const p of paths.filter((x) => dirname(x) === dir).sort()) {
      const m = pattern.exec(basename(p));
      if (!m || /(^|\.)override$/.test(m[2]) || p === base || overrides.includes(p)) continue;
      const alias = m[2].toLowerCase();
      const name = Object.hasOwn(ENV_ALIASES, alias) ? ENV_ALIASES[alias] : m[2];
      if (name === 'development' && override) continue;
      if (!envs[name]) envs[name] = { files: [base, p] };
      else envs[name].files.push(p);
    }
    // the base file alone is the development setup when another file carries production
    // (compose.prod.yaml); else it is what gets deployed: `default`
    const production = Object.keys(envs).some((n) => roleWord(n)?.role === 'production');
    if (envs.development.files.length === 1 && !production) {
      const renamed = emptyRecord<EnvironmentSpec>();
      for (const [n, spec] of Object.entries(envs)) renamed[n === 'development' ? 'default' : n] = spec;
      return { environments: renamed, base, ...(passedOver.length ? { passedOver } : {}) };
    }
    return { environments: envs, base, ...(passedOver.length ? { passedOver } : {}) };
  }
  return { environments: emptyRecord() };
}
