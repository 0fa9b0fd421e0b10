/**
 * Helpers shared by the finding formatters (text, sarif, markdown, github): one item type that
 * covers plain diagnostics and audit findings, grouping, counts, the `--fail-on` decision, and the
 * merge of one finding reported by several environments into one entry.
 */
import type { Diagnostic, Location, Severity } from '../diagnostics.js';
import { SEVERITY_RANK } from '../diagnostics.js';
import type { Finding } from '../audit/types.js';
import { snippetOf } from '../audit/pending.js';
import type { RoleChoice } from '../bundle/roles.js';
import { addMarkupPattern } from '../redact/markup.js';

// the counts `summarize` writes (and the validation's `0 errors, 0 warnings`) are ours in a rendered answer (src/redact/markup.ts)
addMarkupPattern(/\b\d+ (?:errors?|warnings?|info)\b|\(\d+ suppressed\)|\bno findings\b/);

/** A plain diagnostic (validation, load) or an audit finding; `environments` once merged. */
export type ReportItem = Diagnostic &
  Partial<Pick<Finding, 'rule' | 'environment' | 'fix' | 'suppressed' | 'related' | 'partial'>> & {
    environments?: string[];
  };

/** A finding as the formatters show it: the environments it occurs in ([] for plain diagnostics). */
export type MergedItem = ReportItem & { environments: string[] };

export { atThreshold, exceedsThreshold, type FailOn } from '../diagnostics.js';

export type SeverityCounts = Record<Severity, number> & { suppressed: number };

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** The rule a finding belongs to; plain diagnostics use their code. */
export const ruleOf = (d: ReportItem): string => d.rule ?? d.code;

export const environmentsOf = (d: ReportItem): string[] =>
  d.environments ?? (d.environment !== undefined ? [d.environment] : []);

/** Identity of a finding across environments: rule, file, line, column, model path. */
export function findingKey(d: ReportItem): string {
  return `${ruleOf(d)}\0${d.file}\0${d.line}\0${d.column}\0${d.path}`;
}

/**
 * One entry per finding, listing every environment it occurs in (first-seen order), at the highest
 * severity any of them gave it. An occurrence that is suppressed stays apart from an active one of
 * the same finding, so a suppression in one environment never hides the others.
 */
export function mergeEnvironments(list: readonly ReportItem[]): MergedItem[] {
  const byKey = new Map<string, MergedItem>();
  for (const d of list) {
    const key = findingKey(d) + (d.suppressed ? `#${d.suppressed.by}` : '');
    const seen = byKey.get(key);
    if (!seen) {
      // a copy without `environment`, its list of environments last: object rest, then the list
      // assigned (spreading the rest into a new literal is several times slower; reports merge thousands)
      const { environment: _environment, ...copy } = d;
      const m: MergedItem = Object.assign(copy, { environments: [...environmentsOf(d)] });
      byKey.set(key, m);
      continue;
    }
    for (const e of environmentsOf(d)) if (!seen.environments.includes(e)) seen.environments.push(e);
    if (SEVERITY_RANK[d.severity] > SEVERITY_RANK[seen.severity]) seen.severity = d.severity;
    // a snippet for one environment's ports is not another's: the entry keeps the description only
    if (seen.fix && snippetOf(seen) !== snippetOf(d)) seen.fix = { description: seen.fix.description };
    // partial only while every environment found it in a file audited on its own
    if (seen.partial && !d.partial) delete seen.partial;
  }
  return [...byKey.values()];
}

/**
 * Whether grouping (src/audit/groups.ts, its `merge` option) must take the findings as
 * `mergeEnvironments` would make them: some of them are one entry of it. The findings of one
 * environment are one per rule and place already (the audit's runner, src/audit/run.ts, makes one
 * finding of a rule's reports at one place), so only those without a place can share a key there.
 * Copying every finding of a 10,000-service project to merge nothing took a second and 50 MB (an
 * object rest copy is a hidden class of its own); grouping merges them itself, without copies.
 */
export function mergesAcrossEnvironments(list: readonly ReportItem[]): boolean {
  const environment = list[0]?.environment;
  for (const d of list) if (d.environments !== undefined || d.environment !== environment) return true;
  const keys = new Set<string>();
  for (const d of list) {
    if (d.file !== '') continue;
    const key = findingKey(d) + (d.suppressed ? `#${d.suppressed.by}` : '');
    if (keys.has(key)) return true;
    keys.add(key);
  }
  return false;
}

export function groupBy<T>(list: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of list) {
    const k = key(item);
    const group = out.get(k);
    if (group) group.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** By environment; a merged entry lands in each of its environments, plain diagnostics under ''. */
export function groupByEnvironment<T extends ReportItem>(list: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const d of list) {
    const envs = environmentsOf(d);
    for (const e of envs.length ? envs : ['']) {
      const group = out.get(e);
      if (group) group.push(d);
      else out.set(e, [d]);
    }
  }
  return out;
}

export const groupByRule = <T extends ReportItem>(list: readonly T[]): Map<string, T[]> => groupBy(list, ruleOf);
export const groupByFile = <T extends ReportItem>(list: readonly T[]): Map<string, T[]> => groupBy(list, (d) => d.file);

/** Active findings by severity; suppressed ones only in `suppressed`. */
export function countBySeverity(list: readonly ReportItem[]): SeverityCounts {
  const counts: SeverityCounts = { error: 0, warning: 0, info: 0, suppressed: 0 };
  for (const d of list) counts[d.suppressed ? 'suppressed' : d.severity]++;
  return counts;
}

/** `2 errors, 1 warning, 0 info (3 suppressed)`; `compact` leaves out the zeros. */
export function summarize(counts: SeverityCounts, compact = false): string {
  const n = (k: number, one: string, many = `${one}s`): string => `${k} ${k === 1 ? one : many}`;
  const parts = [n(counts.error, 'error'), n(counts.warning, 'warning'), n(counts.info, 'info', 'info')].filter(
    (p) => !compact || !p.startsWith('0 '),
  );
  const main = parts.join(', ') || 'no findings';
  return counts.suppressed ? `${main} (${counts.suppressed} suppressed)` : main;
}

/** By place (file, line, column), then rule: the order every report lists findings in. */
export function compareItems(a: Ranked, b: Ranked): number {
  const ra = a.rule ?? a.code ?? '';
  const rb = b.rule ?? b.code ?? '';
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.line - b.line ||
    a.column - b.column ||
    (ra < rb ? -1 : ra > rb ? 1 : 0)
  );
}

/** What compareItems orders by: a place, then the rule (a finding or a group) or the diagnostic's code. */
type Ranked = Location & { rule?: string; code?: string };

/** `compose.yaml:4:7`, `<bundle>` when the item has no file. */
export const locationText = (d: ReportItem): string => (d.file ? `${d.file}:${d.line}:${d.column}` : '<bundle>');

/** `production (by default: a single Compose file is what gets deployed)`: an environment's role and why. */
export const roleText = (e: RoleChoice): string => `${e.role} (by ${e.roleSource}: ${e.roleReason})`;

/** What a report says of an environment: its role and why, whether it loaded. */
export interface EnvironmentInfo extends RoleChoice {
  loaded?: boolean;
}
