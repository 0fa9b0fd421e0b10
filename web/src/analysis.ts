/**
 * One analysis of a bundle: every answer the views need, from the public API only.
 *
 * 1. /v1/validate: the environments the service detects (or the ones the user set) and the
 *    validation diagnostics;
 * 2. then, at most three at a time (api.ts): /v1/config with provenance (all environments in one
 *    call, or one call each when some cannot load, so one broken environment does not hide the
 *    others), /v1/audit, /v1/review (the verdict), /v1/diff of the pair shown, GET /v1/rules, and
 *    /v1/config of each environment's leading files (`-f base` for `-f base -f prod`): the merge
 *    does not record the values a file overrode, the same question asked of fewer files does.
 */
import { ApiError, call } from './api.js';
import { isSecretRule } from './rules.js';
import type {
  AuditAnswer,
  Bundle,
  ConfigAnswer,
  ConfigEnvironment,
  Diagnostic,
  DiffAnswer,
  EnvironmentSpec,
  EnvironmentSummary,
  Json,
  Location,
  Problem,
  ReviewAnswer,
  RuleMeta,
  ValidateAnswer,
} from './types.js';

export type Outcome<T> = { ok: true; value: T } | { ok: false; problem: Problem; status: number };

/** A value a file overrode: what the leading files gave at that path, and where. */
export interface Earlier {
  value: Json;
  location: Location;
}

export interface Analysis {
  bundle: Bundle;
  validate: ValidateAnswer;
  environments: Record<string, EnvironmentSummary>;
  configs: Record<string, Outcome<ConfigEnvironment>>;
  /** per environment, model path -> the values it overrode, latest first */
  earlier: Record<string, Record<string, Earlier[]>>;
  audit: Outcome<AuditAnswer>;
  review: Outcome<ReviewAnswer>;
  diff?: Outcome<DiffAnswer>;
  rules: RuleMeta[];
  /** model paths whose values the service treats as secret (masked in its diff, named by secret rules) */
  secretPaths: Set<string>;
}

export const MASK = '********';

async function outcome<T>(work: Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work };
  } catch (e) {
    if (e instanceof ApiError) return { ok: false, problem: e.problem, status: e.status };
    return { ok: false, problem: { status: 0, detail: (e as Error).message }, status: 0 };
  }
}

/** development -> production when both exist, else the first two environments. */
export function defaultPair(
  environments: Record<string, EnvironmentSummary>,
): { from: string; to: string } | undefined {
  const names = Object.keys(environments);
  if (names.length < 2) return undefined;
  const dev = names.find((n) => n === 'development') ?? names.find((n) => environments[n].role === 'development');
  const prod = names.find((n) => n === 'production') ?? names.find((n) => environments[n].role === 'production');
  const from = dev ?? names[0];
  const to = prod && prod !== from ? prod : names.find((n) => n !== from)!;
  return { from, to };
}

const CONFIG = 'v1/config?format=json&provenance=true';

let rulesCache: RuleMeta[] | undefined;

async function rules(token: string): Promise<RuleMeta[]> {
  if (rulesCache) return rulesCache;
  const r = await outcome(call<{ rules: RuleMeta[] }>('v1/rules', { token }));
  if (r.ok) rulesCache = r.value.rules;
  return r.ok ? r.value.rules : [];
}

async function configs(
  bundle: Bundle,
  environments: Record<string, EnvironmentSummary>,
  token: string,
): Promise<Record<string, Outcome<ConfigEnvironment>>> {
  const out: Record<string, Outcome<ConfigEnvironment>> = {};
  const names = Object.keys(environments);
  if (names.every((n) => environments[n].loaded)) {
    const all = await outcome(call<ConfigAnswer>(CONFIG, { token, body: bundle }));
    if (all.ok) {
      for (const n of names) if (all.value.environments[n]) out[n] = { ok: true, value: all.value.environments[n] };
      return out;
    }
  }
  await Promise.all(
    names.map(async (n) => {
      const one = await outcome(
        call<ConfigAnswer>(`${CONFIG}&environment=${encodeURIComponent(n)}`, { token, body: bundle }),
      );
      out[n] = one.ok ? { ok: true, value: one.value.environments[n] } : one;
    }),
  );
  return out;
}

/** The environment's own spec: the user's, else what the service reported it used. */
function specOf(bundle: Bundle, name: string, summary: EnvironmentSummary): EnvironmentSpec {
  const own = bundle.environments?.[name];
  if (own) return own;
  return {
    files: summary.files,
    ...(summary.envFiles ? { envFiles: summary.envFiles } : {}),
    ...(summary.profiles ? { profiles: summary.profiles } : {}),
  };
}

/** The value at a model path written as the service writes paths (`services.api.ports[0]`). */
export function valueAt(model: Json | undefined, path: string): Json | undefined {
  let node: Json | undefined = model;
  const re = /(?:^|\.)([A-Za-z0-9_-]+)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;
  let at = 0;
  while (at < path.length) {
    re.lastIndex = at;
    const m = re.exec(path);
    if (!m) return undefined; // a segment the page cannot read (a diff's `ports[8080:80/tcp]`)
    at = re.lastIndex;
    const key = m[1] ?? (m[2] !== undefined ? Number(m[2]) : (JSON.parse(m[3]) as string));
    if (node === null || typeof node !== 'object') return undefined;
    node = Array.isArray(node)
      ? typeof key === 'number'
        ? node[key]
        : undefined
      : Object.hasOwn(node, key)
        ? (node as Record<string, Json>)[key]
        : undefined;
  }
  return node;
}

/**
 * For an environment of files f1..fn, the config of f1..fk (k < n) tells the value a path had before
 * f(k+1) was applied. Paths with list indices are left out: lists merge by identity (ports, volumes),
 * so an index of fewer files may name another element.
 */
async function overridden(
  bundle: Bundle,
  environments: Record<string, EnvironmentSummary>,
  finalsAnswer: Promise<Record<string, Outcome<ConfigEnvironment>>>,
  token: string,
): Promise<Record<string, Record<string, Earlier[]>>> {
  const prefixes: Record<string, EnvironmentSpec> = {};
  const owners: Record<string, { env: string; k: number }> = {};
  let i = 0;
  for (const [name, summary] of Object.entries(environments)) {
    if (!summary.loaded) continue;
    const spec = specOf(bundle, name, summary);
    for (let k = 1; k < spec.files.length; k++) {
      const id = `prefix-${i++}`;
      prefixes[id] = { ...spec, files: spec.files.slice(0, k) };
      owners[id] = { env: name, k };
    }
  }
  const out: Record<string, Record<string, Earlier[]>> = {};
  if (i === 0) return out;
  // asked beside the environments' own configs, not after them
  const [answer, finals] = await Promise.all([
    outcome(call<ConfigAnswer>(CONFIG, { token, body: { ...bundle, environments: prefixes } })),
    finalsAnswer,
  ]);
  // a leading file set may not load on its own (a later file supplies an image): no earlier values then
  if (!answer.ok) return out;
  const byEnv: Record<string, ConfigEnvironment[]> = {};
  for (const [id, { env, k }] of Object.entries(owners)) (byEnv[env] ??= [])[k] = answer.value.environments[id];
  for (const [env, leading] of Object.entries(byEnv)) {
    const final = finals[env];
    if (!final?.ok) continue;
    const files = specOf(bundle, env, environments[env]).files;
    const result: Record<string, Earlier[]> = {};
    for (const [path, location] of Object.entries(final.value.provenance ?? {})) {
      if (path.includes('[')) continue;
      const chain: Earlier[] = [];
      let at = files.indexOf(location.file);
      while (at > 0) {
        const before = leading[at];
        const loc = before?.provenance?.[path];
        const value = before && valueAt(before.model, path);
        if (!loc || value === undefined) break;
        chain.push({ value, location: loc });
        const next = files.indexOf(loc.file);
        if (next >= at) break;
        at = next;
      }
      if (chain.length) result[path] = chain;
    }
    out[env] = result;
  }
  return out;
}

function secretPaths(audit: Outcome<AuditAnswer>, diff: Outcome<DiffAnswer> | undefined, ruleList: RuleMeta[]) {
  const paths = new Set<string>();
  if (audit.ok)
    for (const f of [...audit.value.findings, ...audit.value.suppressed])
      if (f.rule && isSecretRule(f.rule, ruleList)) paths.add(f.path);
  if (diff?.ok)
    for (const e of diff.value.entries) if (JSON.stringify([e.from, e.to]).includes(MASK)) paths.add(e.path);
  return paths;
}

export function loadDiff(bundle: Bundle, from: string, to: string, token: string): Promise<Outcome<DiffAnswer>> {
  const q = new URLSearchParams({ from, to, format: 'json', redact: 'true' });
  return outcome(call<DiffAnswer>(`v1/diff?${q}`, { token, body: bundle }));
}

export async function analyze(
  bundle: Bundle,
  token: string,
  pair?: { from: string; to: string },
): Promise<Analysis | { problem: Problem; status: number }> {
  const validated = await outcome(call<ValidateAnswer>('v1/validate', { token, body: bundle }));
  if (!validated.ok) return validated;
  const environments = validated.value.environments;
  const names = Object.keys(environments);
  const shown = pair && names.includes(pair.from) && names.includes(pair.to) ? pair : defaultPair(environments);
  const finals = configs(bundle, environments, token);
  const [configAnswers, earlier, audit, review, diff, ruleList] = await Promise.all([
    finals,
    overridden(bundle, environments, finals, token),
    outcome(call<AuditAnswer>('v1/audit?format=json', { token, body: bundle })),
    outcome(call<ReviewAnswer>('v1/review?format=json&redact=true', { token, body: bundle })),
    shown ? loadDiff(bundle, shown.from, shown.to, token) : Promise.resolve(undefined),
    rules(token),
  ]);
  return {
    bundle,
    validate: validated.value,
    environments,
    configs: configAnswers,
    earlier,
    audit,
    review,
    ...(diff ? { diff } : {}),
    rules: ruleList,
    secretPaths: secretPaths(audit, diff, ruleList),
  };
}

/** Every diagnostic of an analysis, once: validation's, and those of environments that did not load. */
export function allDiagnostics(a: Analysis): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  const add = (list: Diagnostic[] | undefined) => {
    for (const d of list ?? []) {
      const key = `${d.code}\0${d.file}\0${d.line}\0${d.column}\0${d.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(d);
    }
  };
  add(a.validate.diagnostics);
  for (const c of Object.values(a.configs)) if (!c.ok) add(c.problem.diagnostics);
  return out;
}
