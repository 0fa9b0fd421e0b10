/**
 * The audit runner: applies the rules that fit the environment's role and the policy, turns each
 * report into a positioned Finding, and splits off suppressed findings (inline comment, per-service
 * `x-compose-review`, policy `ignore`). Suppressed findings are returned and counted, never dropped.
 */
import type { Location, Severity } from '../diagnostics.js';
import { SEVERITY_RANK, diagnostic, lineColumn, sortDiagnostics } from '../diagnostics.js';
import { locate } from '../yaml/located.js';
import type { Tree } from '../yaml/located.js';
import type { AuditContext, AuditPolicy, Finding, Report, Role, Rule } from './types.js';
import { rules as allRules } from './rules/index.js';
import { obj, str } from './model.js';
import { isEnvFile } from './source.js';
import { markerComment, type MarkerComment } from './comments.js';
import { PendingFinding, RuleRun, plainFinding } from './pending.js';
import { relatedLocations } from './related.js';
import { forgetPortRanges } from './ports.js';
import { environmentRole } from '../bundle/roles.js';
import { errorMessage } from '../errors.js';
import { bundleText } from './vocabulary.js';

export { parsePolicy, policyFromText } from './policy.js';

export interface AuditOptions {
  policy?: AuditPolicy;
  /** defaults to every rule */
  rules?: readonly Rule[];
}

export interface AuditResult {
  findings: Finding[];
  suppressed: Finding[];
}

/** `map[key]` when the map has that key of its own: environment names are the user's (`constructor`). */
export function own<T>(map: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return map !== undefined && Object.hasOwn(map, key) ? map[key] : undefined;
}

/** Role from the policy, else from the environment's name (see bundle/roles.ts: production-like unless it says development). */
export function roleFor(environment: string, policy?: AuditPolicy): Role {
  return own(policy?.environments, environment) ?? environmentRole(environment);
}

/** Whether a rule runs: not turned off, default-off rules only when the policy names them, production rules only in production. */
export function isEnabled(rule: Rule, role: Role, policy?: AuditPolicy): boolean {
  const level = own(policy?.rules, rule.meta.id);
  if (level === 'off') return false;
  if (rule.meta.defaultOff && level === undefined) return false;
  return rule.meta.environments === 'all' || role === 'production';
}

export function auditModel(ctx: AuditContext, options: AuditOptions = {}): AuditResult {
  const r = auditPending(ctx, options);
  return { findings: r.findings.map(plainFinding), suppressed: r.suppressed.map(plainFinding) };
}

/** auditModel's findings as the audit keeps them, pending (see pending.ts): what auditProject holds. */
export function auditPending(ctx: AuditContext, options: AuditOptions = {}): AuditResult {
  try {
    return runRules(ctx, options);
  } finally {
    // the rules' memo of port ranges is this audit's (a hostile range is 65,535 of them)
    forgetPortRanges();
  }
}

function runRules(ctx: AuditContext, options: AuditOptions): AuditResult {
  const { policy } = options;
  const role = own(policy?.environments, ctx.environment) ?? ctx.role;
  const findings: Finding[] = [];
  const suppressed: Finding[] = [];
  // what every rule is given, made once (rules read their context, never change it): a copy per
  // rule was 62 copies of a dozen fields per environment
  const ruleCtx: AuditContext = { ...ctx, role };
  for (const rule of options.rules ?? allRules) {
    if (!isEnabled(rule, role, policy)) continue;
    const { meta } = rule;
    const level = own(policy?.rules, meta.id);
    // made at the rule's first report: most rules find nothing in most projects
    let run: RuleRun | undefined;
    let places: Places | undefined;
    // a service rule reports its path below `services.<service>` and the service beside it (rule.ts)
    const add = (r: Report, service?: string): void => {
      run ??= new RuleRun(meta, ctx.environment);
      places ??= new Places();
      const severity: Severity = level && level !== 'off' ? level : (r.severity ?? meta.severity);
      const path = service === undefined ? r.path : ['services', service, ...r.path];
      const loc = r.at ?? locate(ctx.model, path);
      // an unknown message id is the rule's failure, as soon as it is reported
      run.partsOf(r.messageId);
      const at = loc ? places.find(loc, path) : NOWHERE;
      const there = at.there;
      if (there) {
        if (there.count === 1) places.counted.push(there);
        there.count += r.count ?? 1;
        if (SEVERITY_RANK[severity] > SEVERITY_RANK[there.severity]) {
          // the more severe report's message, path and hint; its fix when it has one, else the one there
          const had = there.fix;
          // a fix the finding had no field for comes last, after `related` and `suppressed` (pending.ts)
          const late = there.shape.late === true || (had === undefined && r.fix !== undefined);
          there.severity = severity;
          there.service = service;
          there.shape = run.shapeOf(r, service);
          if (!r.fix && had) there.shape = { ...there.shape, fix: had, serviceFix: undefined };
          if (late) there.shape = { ...there.shape, late };
        }
        return;
      }
      const f = new PendingFinding(run.shapeOf(r, service), service, loc, severity);
      const related = relatedLocations(ctx, path, loc);
      if (related.length) f.related = related;
      f.suppressed = suppression(ctx, policy, loc, meta.id, path);
      (f.suppressed ? suppressed : findings).push(f);
      f.count = r.count ?? 1;
      if (loc) {
        places.remember(loc, f, at.shape);
        if (f.count > 1) places.counted.push(f);
      }
    };
    try {
      rule.check(ruleCtx, add);
    } catch (e) {
      // reports merged at one place say how many they stand for only when the rule completes
      if (places) for (const f of places.counted) f.count = 1;
      // A rule must never take the audit down; the crash itself is reported, positioned at the file.
      findings.push({
        ...diagnostic(
          'audit-rule-crashed',
          'warning',
          `rule ${meta.id} failed: ${bundleText(errorMessage(e))}`,
          undefined,
          '',
        ),
        rule: meta.id,
        environment: ctx.environment,
      });
    }
  }
  return { findings: sortDiagnostics(findings), suppressed: sortDiagnostics(suppressed) };
}

/** Places.find's answer for a report at no place, or at a place no report was at yet. */
const NOWHERE: { there?: PendingFinding; shape?: string } = Object.freeze({});

/**
 * The findings of one rule by source location: a rule reporting again at one place, for items of
 * one list (each port of a range, which all sit where the range is written), makes one finding, the
 * most severe report's, saying how many it stands for. Indexed by file, then line and column as one
 * number, and only then by the path's shape: the shape is joined only when a second report lands
 * where one already is (a string key for every report was a third of the runner's time on 28,000
 * findings). The findings of one line and column are a map by shape once there are two: the
 * services merging one anchor (`<<: *defaults`) all report at the anchor's lines, each with a shape
 * of its own, and a list scanned for each report grew with the square of the services.
 */
class Places {
  #byFile = new Map<string, Map<number | string, PendingFinding | Map<string, PendingFinding>>>();
  /** the findings standing for several reports */
  counted: PendingFinding[] = [];

  /** The finding at `loc` with the shape of `path`, and that shape when another report is there already. */
  find(loc: Location, path: readonly (string | number)[]): { there?: PendingFinding; shape?: string } {
    const byLine = this.#byFile.get(loc.file);
    const at = lineColumn(loc);
    let here = byLine?.get(at);
    if (!byLine || !here) return NOWHERE;
    if (!(here instanceof Map)) byLine.set(at, (here = new Map([[shapeOf(here.segments()), here]])));
    const shape = shapeOf(path);
    return { there: here.get(shape), shape };
  }

  /** `f` at `loc`; `shape`: its path's, when find() made it. */
  remember(loc: Location, f: PendingFinding, shape: string | undefined): void {
    let byLine = this.#byFile.get(loc.file);
    if (!byLine)
      this.#byFile.set(loc.file, (byLine = new Map<number | string, PendingFinding | Map<string, PendingFinding>>()));
    const at = lineColumn(loc);
    const here = byLine.get(at);
    // find() made a map of what was here, and found no finding of this shape in it
    if (here instanceof Map) here.set(shape ?? shapeOf(f.segments()), f);
    else byLine.set(at, f);
  }
}

/** A path with its list indexes left out: the items of one list written at one place share it. */
const shapeOf = (path: readonly (string | number)[]): string =>
  path.map((s) => (typeof s === 'number' ? '[]' : s)).join('\0');

const INLINE = /#\s*compose-review-ignore\s+([\w*,.-]+)\s*(.*)$/;

/** The reason of a marker comment naming `rule` (or `*`, `all`); undefined when it names others. */
function inlineMatch(comment: MarkerComment | undefined, rule: string): string | undefined {
  const m = comment === undefined ? null : INLINE.exec(comment.text);
  if (!m || !m[1].split(',').some((id) => id === rule || id === '*' || id === 'all')) return undefined;
  return m[2].trim();
}

/** An `x-compose-review` block's ignore entries by rule id: the first entry of each, and its reason. */
type BlockIgnores = Map<string, [number, { reason?: string }]>;

/**
 * Each `x-compose-review` ignore list read once (keyed by the list itself: a block a service merges
 * through an anchor is one list for all of them): the list rescanned, its strings split again, for
 * every finding grew with the entries times the findings.
 */
const blockIndexes = new WeakMap<Tree[], BlockIgnores>();

function blockIndex(entries: Tree[]): BlockIgnores {
  let index = blockIndexes.get(entries);
  if (index) return index;
  index = new Map();
  entries.forEach((item, i) => {
    const o = obj(item);
    const [id, ...rest] = o ? [str(o.rule) ?? ''] : (str(item) ?? '').trim().split(/\s+/);
    if (index?.has(id)) return;
    const reason = o ? str(o.reason) : rest.join(' ');
    index?.set(id, [i, reason ? { reason } : {}]);
  });
  blockIndexes.set(entries, index);
  return index;
}

/** `ignore: [id | "id reason" | {rule, reason}]` of an `x-compose-review` block: the first entry naming `rule` or `*`. */
function ignoreList(block: Tree | undefined, rule: string): { reason?: string } | undefined {
  // most services and projects have no such block: no empty list made for each finding
  if (block === undefined) return undefined;
  const entries = obj(block)?.ignore;
  if (!Array.isArray(entries) || !entries.length) return undefined;
  const index = blockIndex(entries);
  const named = index.get(rule);
  const any = index.get('*');
  const first = named && any ? (named[0] < any[0] ? named : any) : (named ?? any);
  return first?.[1];
}

function suppression(
  ctx: AuditContext,
  policy: AuditPolicy | undefined,
  loc: Location | undefined,
  rule: string,
  path: readonly (string | number)[],
): Finding['suppressed'] {
  const file = loc?.file ?? '';
  if (ctx.files && typeof ctx.files[file] === 'string') {
    // a real comment only (comments.ts): on the finding's line, or alone on the line above
    const line = loc?.line ?? 1;
    const yamlFile = !isEnvFile(ctx, file);
    const here = inlineMatch(markerComment(ctx.files, file, line, yamlFile), rule);
    const prev = line > 1 ? markerComment(ctx.files, file, line - 1, yamlFile) : undefined;
    const above = prev?.alone ? inlineMatch(prev, rule) : undefined;
    const reason = here ?? above;
    if (reason !== undefined) return reason ? { by: 'inline', reason } : { by: 'inline' };
  }
  const service = path[0] === 'services' && typeof path[1] === 'string' ? path[1] : undefined;
  const perService =
    service === undefined ? undefined : ignoreList(obj(obj(ctx.model.services)?.[service])?.['x-compose-review'], rule);
  if (perService) return { by: 'service', ...perService };
  const project = ignoreList(ctx.model['x-compose-review'], rule);
  if (project) return { by: 'config', ...project };
  const entry = policy?.ignore?.length ? ignoreIndex(policy).first(rule, service) : undefined;
  if (entry) return entry.reason ? { by: 'config', reason: entry.reason } : { by: 'config' };
  return undefined;
}

type IgnoreEntry = NonNullable<AuditPolicy['ignore']>[number];

/** A rule's (or `*`'s) ignore entries: the first for any service, and the first naming each service. */
interface RuleIgnores {
  any?: [number, IgnoreEntry];
  byService: Map<string, [number, IgnoreEntry]>;
}

/**
 * The policy's ignore list by rule and service, built once per policy: the first entry that matches
 * a finding, without scanning the list (and each entry's services) for every finding.
 */
const ignoreIndexes = new WeakMap<AuditPolicy, { first(rule: string, service?: string): IgnoreEntry | undefined }>();

function ignoreIndex(policy: AuditPolicy): { first(rule: string, service?: string): IgnoreEntry | undefined } {
  let index = ignoreIndexes.get(policy);
  if (index) return index;
  const byRule = new Map<string, RuleIgnores>();
  (policy.ignore ?? []).forEach((entry, i) => {
    let r = byRule.get(entry.rule);
    if (!r) byRule.set(entry.rule, (r = { byService: new Map() }));
    if (!entry.services) r.any ??= [i, entry];
    else for (const s of entry.services) if (!r.byService.has(s)) r.byService.set(s, [i, entry]);
  });
  index = {
    first(rule, service) {
      let best: [number, IgnoreEntry] | undefined;
      for (const r of [byRule.get(rule), rule === '*' ? undefined : byRule.get('*')])
        for (const c of [r?.any, service === undefined ? undefined : r?.byService.get(service)])
          if (c && (!best || c[0] < best[0])) best = c;
      return best?.[1];
    },
  };
  ignoreIndexes.set(policy, index);
  return index;
}
