/**
 * Work budgets: how much work one bundle may ask for. Each stage counts what it does against its
 * budget while it works (nodes, alias copies, expanded ports, file loads...) and, past it, stops with
 * a positioned `*-limit` diagnostic that names the budget and how to raise it. Docker Compose has no
 * such budgets (compose-go only caps YAML node visits); they are a deliberate difference, listed in
 * the README. The same object is taken by the library (`budgets` option), the CLI (`--budget
 * NAME=N`, or the environment variables) and the service (the environment variables).
 */
import type { Diagnostic, Location, Severity } from './diagnostics.js';
import { SEVERITY_RANK, diagnostic } from './diagnostics.js';

export interface Budgets {
  /** bytes of one file (`yaml-size-limit`) */
  fileBytes: number;
  /** nesting depth of one YAML file, flow and block collections alike (`yaml-depth-limit`) */
  yamlDepth: number;
  /** YAML nodes of one document as written, an alias counting as one: compose-go's own cap (`yaml-node-limit`) */
  yamlNodes: number;
  /** alias references in one file (`yaml-alias-limit`) */
  yamlAliases: number;
  /** nodes that expanding aliases copies, in one file: billion-laughs bombs (`yaml-alias-limit`) */
  aliasNodes: number;
  /** characters `${VAR}` substitution may add to one environment, its env files included (`interpolation-size-limit`) */
  interpolationChars: number;
  /** ports of one environment once port ranges are expanded (`port-limit`) */
  ports: number;
  /**
   * nodes copied into the models of one bundle's environments, all of them together: a service
   * extended by others is copied into each, an include referenced again is copied, a list merged
   * (by each document, file or conflicting include adding to it) is copied whole, and each line of
   * an env_file or label_file counts once for every service reading it (`copy-limit`). Every copy is
   * audited, diffed and masked after (about 8 µs each in a review): README Limits has the measures
   */
  copiedNodes: number;
  /** file loads of one environment: its -f files, each include reference and each file extended from (`file-load-limit`) */
  fileLoads: number;
  /** environments loaded from one bundle (`environment-limit`) */
  environments: number;
  /** diagnostics in one answer; the most severe are kept (`diagnostic-limit`) */
  diagnostics: number;
  /** findings in one answer (and in each of its other finding lists); the most severe are kept (`finding-limit`) */
  findings: number;
  /**
   * characters of one bundle's distinct secret values and of their encoded forms (JSON, markdown,
   * SARIF... escapes), each masked wherever it appears: past it the bundle is not answered
   * (`secret-limit`, a 422 / exit 2), as a value left out could show in clear
   */
  secretChars: number;
}

export type BudgetName = keyof Budgets;

export const DEFAULT_BUDGETS: Readonly<Budgets> = Object.freeze({
  fileBytes: 4 << 20,
  yamlDepth: 128,
  yamlNodes: 100_000,
  yamlAliases: 10_000,
  aliasNodes: 200_000,
  interpolationChars: 4 << 20,
  ports: 100_000,
  copiedNodes: 60_000,
  fileLoads: 200,
  environments: 32,
  diagnostics: 1_000,
  findings: 5_000,
  secretChars: 1 << 20,
});

/** What one environment's load has used of its budgets so far (shared by the files it loads). */
export interface Usage {
  readonly budgets: Budgets;
  /** ports made by expanding short-syntax port specs */
  ports: number;
  /** files loaded: the -f files, each include reference and each file loaded for extends */
  fileLoads: number;
  /** nodes copied (see Budgets.copiedNodes) */
  copiedNodes: number;
  /** characters substitution added (the interpolation stage's own counter) */
  readonly interpolation: { max: number; used: number };
}

export function usage(given: Budgets): Usage {
  return {
    budgets: given,
    ports: 0,
    fileLoads: 0,
    copiedNodes: 0,
    interpolation: { max: given.interpolationChars, used: 0 },
  };
}

/** `yamlNodes` -> `yaml-nodes` (the CLI's `--budget` name) */
export function budgetFlag(name: BudgetName): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** `yamlNodes` -> `COMPOSE_REVIEW_MAX_YAML_NODES` */
export function budgetVariable(name: BudgetName): string {
  return `COMPOSE_REVIEW_MAX_${budgetFlag(name).replace(/-/g, '_').toUpperCase()}`;
}

const isBudgetName = (name: string): name is BudgetName => Object.hasOwn(DEFAULT_BUDGETS, name);

export const BUDGET_NAMES: BudgetName[] = Object.keys(DEFAULT_BUDGETS).filter(isBudgetName);

/**
 * The defaults with `overrides` on top (an undefined override keeps the default). An override that
 * is not a whole number from 1 up is refused, as the service refuses it at start (parseValue): NaN,
 * Infinity, 0 or a negative would switch the limit off (every `used > max` false) or make every
 * input fail, silently. A TypeError (not a number) or a RangeError, naming the budget.
 */
export function budgets(overrides: Partial<Budgets> = {}): Budgets {
  checkBudgets(overrides);
  // one literal of named reads (every load asks four times): a copy of the frozen defaults, then a
  // read by computed name for each budget, went through V8's generic paths
  const o = overrides;
  const d = DEFAULT_BUDGETS;
  return {
    fileBytes: o.fileBytes !== undefined ? o.fileBytes : d.fileBytes,
    yamlDepth: o.yamlDepth !== undefined ? o.yamlDepth : d.yamlDepth,
    yamlNodes: o.yamlNodes !== undefined ? o.yamlNodes : d.yamlNodes,
    yamlAliases: o.yamlAliases !== undefined ? o.yamlAliases : d.yamlAliases,
    aliasNodes: o.aliasNodes !== undefined ? o.aliasNodes : d.aliasNodes,
    interpolationChars: o.interpolationChars !== undefined ? o.interpolationChars : d.interpolationChars,
    ports: o.ports !== undefined ? o.ports : d.ports,
    copiedNodes: o.copiedNodes !== undefined ? o.copiedNodes : d.copiedNodes,
    fileLoads: o.fileLoads !== undefined ? o.fileLoads : d.fileLoads,
    environments: o.environments !== undefined ? o.environments : d.environments,
    diagnostics: o.diagnostics !== undefined ? o.diagnostics : d.diagnostics,
    findings: o.findings !== undefined ? o.findings : d.findings,
    secretChars: o.secretChars !== undefined ? o.secretChars : d.secretChars,
  };
}

function checkBudgets(overrides: Partial<Budgets>): void {
  for (const name of BUDGET_NAMES) {
    const v: unknown = overrides[name];
    if (v === undefined) continue;
    const not = `budgets.${name} must be a whole number from 1 up, not`;
    if (typeof v !== 'number') throw new TypeError(`${not} ${typeof v === 'string' ? JSON.stringify(v) : typeof v}`);
    if (!Number.isSafeInteger(v) || v < 1) throw new RangeError(`${not} ${v}`);
  }
}

/** How to raise a budget, in every face: the hint of every `*-limit` diagnostic. */
export function raiseHint(name: BudgetName): string {
  return `raise the ${name} budget: --budget ${budgetFlag(name)}=N (CLI), ${budgetVariable(name)} (service and CLI), budgets.${name} (library)`;
}

/** A `*-limit` diagnostic: an error at `where`, naming the budget and how to raise it. */
export function limitDiagnostic(
  code: string,
  name: BudgetName,
  message: string,
  where: Location | undefined,
  path = '',
): Diagnostic {
  return diagnostic(code, 'error', message, where, path, raiseHint(name));
}

export class BudgetError extends Error {
  override name = 'BudgetError';
}

/** A budget value: a whole number from 1 up. */
function parseValue(raw: string, what: string): number {
  const s = raw.trim().replace(/_/g, '');
  if (!/^\d+$/.test(s) || Number(s) < 1 || !Number.isSafeInteger(Number(s)))
    throw new BudgetError(`${what} must be a whole number from 1 up, not ${JSON.stringify(raw)}`);
  return Number(s);
}

/** Budgets from environment variables (`COMPOSE_REVIEW_MAX_*`); throws BudgetError naming a bad one. */
export function budgetsFromEnv(env: Readonly<Record<string, string | undefined>>): Partial<Budgets> {
  const out: Partial<Budgets> = {};
  for (const name of BUDGET_NAMES) {
    const variable = budgetVariable(name);
    const raw = env[variable];
    if (raw !== undefined && raw.trim() !== '') out[name] = parseValue(raw, variable);
  }
  return out;
}

/** Budgets from the CLI's `--budget NAME=N` flags (NAME as `yaml-nodes` or `yamlNodes`). */
export function budgetsFromFlags(flags: readonly string[]): Partial<Budgets> {
  const out: Partial<Budgets> = {};
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    const key = eq < 0 ? flag : flag.slice(0, eq);
    const name = BUDGET_NAMES.find((n) => n === key || budgetFlag(n) === key);
    if (!name || eq < 0)
      throw new BudgetError(
        `--budget takes NAME=N with NAME one of ${BUDGET_NAMES.map(budgetFlag).join(', ')}, not ${JSON.stringify(flag)}`,
      );
    out[name] = parseValue(flag.slice(eq + 1), `--budget ${key}`);
  }
  return out;
}

/** The CLI's budgets: the environment variables, then `--budget` flags over them. */
export function budgetsFromCli(
  env: Readonly<Record<string, string | undefined>>,
  flags: readonly string[] = [],
): Partial<Budgets> {
  return { ...budgetsFromEnv(env), ...budgetsFromFlags(flags) };
}

/**
 * The first `max` items by severity (errors first), in their original order, and how many were left
 * out: a capped list keeps what matters most.
 */
export function mostSevere<T extends { severity: Severity }>(
  list: readonly T[],
  max: number,
): { kept: T[]; omitted: T[] } {
  if (list.length <= max) return { kept: [...list], omitted: [] };
  const quota = quotas(list, max);
  const kept: T[] = [];
  const omitted: T[] = [];
  for (const d of list) {
    if (quota[d.severity] > 0) {
      quota[d.severity]--;
      kept.push(d);
    } else omitted.push(d);
  }
  return { kept, omitted };
}

/** How many items of each severity a list capped to `max` keeps: the most severe first (one counting pass). */
function quotas(list: readonly { severity: Severity }[], max: number): Record<Severity, number> {
  const n: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const d of list) n[d.severity]++;
  const quota: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  let left = max;
  for (const severity of ['error', 'warning', 'info'] as const) {
    quota[severity] = Math.min(n[severity], left);
    left -= quota[severity];
  }
  return quota;
}

/** The most severe of a list (info when empty). */
export function worstSeverity(list: readonly { severity: Severity }[]): Severity {
  let worst: Severity = 'info';
  for (const d of list) if (SEVERITY_RANK[d.severity] > SEVERITY_RANK[worst]) worst = d.severity;
  return worst;
}

const count = (n: number): string => n.toLocaleString('en-US');

/**
 * A diagnostics list capped to the `diagnostics` budget: the most severe kept, then one
 * `diagnostic-limit` entry saying how many were left out, placed at the first of them and as severe
 * as the worst of them (so a capped list never hides that there were errors).
 */
export function capDiagnostics<T extends Diagnostic>(list: readonly T[], max: number): (T | Diagnostic)[] {
  const { kept, omitted } = mostSevere(list, max);
  if (omitted.length === 0) return kept;
  const first = omitted[0];
  const d = diagnostic(
    'diagnostic-limit',
    worstSeverity(omitted),
    `${count(omitted.length)} more diagnostics left out: an answer lists at most ${count(max)}, the most severe first`,
    first,
    '',
    raiseHint('diagnostics'),
  );
  return [...kept, d];
}

/**
 * A findings list capped to the `findings` budget, the most severe kept; the `finding-limit`
 * diagnostic that says how many were left out (or undefined when none were). It is a warning: the
 * findings are counted and judged before the cap, and a diagnostic error would read as a
 * validation error.
 */
export function capFindings<T extends Location & { severity: Severity; path: string }>(
  list: readonly T[],
  max: number,
  what = 'findings',
  /** the path of an item, when its `path` is not written yet (a finding group's: groups.ts finish) */
  pathOf: (d: T) => string = (d) => d.path,
): { kept: T[]; limit?: Diagnostic } {
  if (list.length <= max) return { kept: [...list] };
  // mostSevere's pass without its list of what is left out: the first of them and how many (95,000
  // of the 100,000 findings of a large project)
  const quota = quotas(list, max);
  const kept: T[] = [];
  let first: T | undefined;
  for (const d of list) {
    if (quota[d.severity] > 0) {
      quota[d.severity]--;
      kept.push(d);
    } else first ??= d;
  }
  if (first === undefined) return { kept };
  const limit = diagnostic(
    'finding-limit',
    'warning',
    `${count(list.length - kept.length)} more ${what} left out: an answer lists at most ${count(max)}, the most severe first`,
    first,
    pathOf(first),
    raiseHint('findings'),
  );
  return { kept, limit };
}

/** Appends `items` to `target` without `push(...items)`, which overflows the stack past ~100k items. */
export function append<T>(target: T[], items: readonly T[]): T[] {
  for (const item of items) target.push(item);
  return target;
}
