/** audit: the hardening findings of every environment, in JSON or a report format. */
import type { Diagnostic } from '../diagnostics.js';
import type { Bundle } from '../bundle/bundle.js';
import { loadBundle, type BundleOptions } from '../load/bundle.js';
import { allFindings, auditProject, everyFinding, readPolicy, type ProjectAudit } from '../audit/project.js';
import type { RoleChoice } from '../bundle/roles.js';
import type { AuditPolicy } from '../audit/types.js';
import {
  countBySeverity,
  exceedsThreshold,
  findingKey,
  mergesAcrossEnvironments,
  mergeEnvironments,
  type FailOn,
  type MergedItem,
  type SeverityCounts,
} from '../report/findings.js';
import { renderFindings, type FindingFormat } from '../report/render.js';
import { answerGroups, serviceCounts, type FindingGroup } from '../audit/groups.js';
import { requireEnvironments, tally, unloadedOf, type RenderableAnswer, type Rendered } from './answer.js';
import { maskerOf } from '../redact/secrets.js';
import { namedItems, namedKeys, roleReasonShown } from '../redact/names.js';
import { emptyRecord } from '../records.js';
import { mdLinkBase } from '../escape.js';
import { acceptedFindings, applyBaseline, type Baseline, type Identified } from '../baseline/baseline.js';

export interface AuditOptions extends BundleOptions {
  format?: FindingFormat;
  /** default error */
  failOn?: FailOn;
  /** add per environment the override (`compose.hardening.yaml`) that closes the fixable findings */
  fix?: boolean;
  /** only this environment */
  environment?: string;
  /** a policy besides the bundle's own `.compose-review.yaml` (the CLI's --policy) */
  policy?: AuditPolicy;
  /** markdown: link `file:line` under this URL */
  linkBase?: string;
  /** accepted findings (src/baseline/): the ones it knows are suppressed (`by: "baseline"`) and fail nothing */
  baseline?: Baseline;
  /** a prefix the baseline's file names carry (the CLI's `audit DIR...`) */
  baselinePrefix?: string | ((file: string) => string);
}

export interface AuditEnvironment extends RoleChoice {
  loaded: boolean;
  /** it did not load: its files were audited on their own, its findings are marked `partial` */
  partial?: boolean;
  counts: SeverityCounts;
  /** the override, or (`withheld`: why) none where it would show a secret (src/redact/mask.ts Masker.fix) */
  fix?: { yaml?: string; fixed: number; withheld?: string };
}

export interface AuditAnswer {
  /** a finding at failOn or above, or an error diagnostic */
  failed: boolean;
  failOn: FailOn;
  counts: SeverityCounts;
  environments: Record<string, AuditEnvironment>;
  /** one entry per finding (a service at a place), with the environments it occurs in */
  findings: MergedItem[];
  /**
   * the findings by rule and place (and by rule over the project), as text and markdown show them:
   * made from every finding before `findings` was capped, then capped to the same budget
   */
  groups: FindingGroup[];
  suppressed: MergedItem[];
  diagnostics: Diagnostic[];
}

/** An audit's answer, and what a baseline needs of it (every finding, not the capped lists). */
export interface AuditResult extends RenderableAnswer<AuditAnswer, FindingFormat> {
  /** the findings a baseline written now holds, every one, identified (src/baseline/) */
  accepted: () => Identified[];
  /** with a baseline: how many findings it knew, how many are new (every one counted, before the cap) */
  baselined?: { known: number; fresh: number };
}

export function auditBundle(bundle: Bundle, options: AuditOptions = {}): AuditResult {
  const {
    format = 'json',
    failOn = 'error',
    fix = false,
    environment,
    policy,
    linkBase: givenBase,
    baseline,
    baselinePrefix,
    ...load
  } = options;
  const linkBase = mdLinkBase(givenBase); // as given, a crafted base would forge the comment
  const read = policy ? { policy, diagnostics: [] } : readPolicy(bundle);
  const result = loadBundle(bundle, {
    ...load,
    policyRoles: read.policy.environments,
    ...(environment ? { only: [environment] } : {}),
  });
  requireEnvironments(result, environment);
  // findings are masked in every format: a message names an environment as the answer does
  const audit = auditProject(result, { policy: read.policy, fix, label: (n) => maskerOf(result).name(n) });
  // findings and diagnostics may quote a secret value (a command, a label, a port): masked in every format
  const masker = maskerOf(result);
  // judged on every finding, before the answer's lists are capped (then capped again)
  const identify = {
    mask: (s: string) => masker.text(s),
    maskPath: (s: string) => masker.path(s),
    filePrefix: baselinePrefix,
    max: result.budgets.findings,
  };
  if (baseline) applyBaseline(audit, { baseline, ...identify });
  const counts = serviceCounts(result.environments);
  // the groups of every finding (made before the findings cap, capped to the same budget), masked
  // like the findings before anything renders them
  const every = allFindings(audit).findings;
  const grouped = answerGroups(every, result.budgets.findings, {
    serviceCounts: counts,
    merge: mergesAcrossEnvironments(every),
  });
  const groups = masker.findings(namedItems(grouped.groups, masker));
  const diagnostics = masker.deep([
    ...result.diagnostics,
    ...read.diagnostics,
    ...audit.diagnostics,
    ...(grouped.limit ? [grouped.limit] : []),
  ]);
  const findings = masker.findings(namedItems(audit.findings, masker));
  const suppressed = masker.findings(namedItems(audit.suppressed, masker));
  const failed = exceedsThreshold(findings, failOn) || diagnostics.some((d) => d.severity === 'error');
  const environments: Record<string, AuditEnvironment> = emptyRecord();
  for (const [name, e] of Object.entries(audit.environments))
    environments[masker.name(name)] = {
      role: e.role,
      roleSource: e.roleSource,
      roleReason: roleReasonShown(e, masker),
      loaded: e.loaded,
      ...(e.partial ? { partial: true } : {}),
      counts: countBySeverity(everyFinding(e)),
      ...(e.fix ? { fix: masker.fix(e.fix) } : {}),
    };
  const items = [...diagnostics, ...findings, ...suppressed];
  const render = (f: Exclude<FindingFormat, 'json'>): Rendered => {
    const rendered = renderFindings(f, items, bundle.files, {
      fallbackFile: Object.values(result.environments)[0]?.files[0],
      environments,
      serviceCounts: namedKeys(counts, masker),
      groups,
      masker,
      ...(linkBase ? { linkBase } : {}),
    });
    return { ...rendered, body: masker.rendered(rendered.body) };
  };
  const answer: AuditResult = {
    // the whole answer once more: what is added to it later is covered by construction
    json: masker.findings({
      failed,
      failOn,
      // counted before the findings lists were capped to the budget
      counts: audit.counts,
      environments,
      findings: mergeEnvironments(findings),
      groups,
      suppressed: mergeEnvironments(suppressed),
      diagnostics,
    }),
    failed,
    unloaded: unloadedOf(result.environments, masker),
    tally: tally(findings, diagnostics),
    mask: (s) => masker.rendered(s),
    spans: (s) => masker.spans(s),
    render,
    accepted: () => acceptedFindings(audit, identify),
    ...(baseline ? { baselined: baselineCounts(audit) } : {}),
  };
  if (format !== 'json') answer.rendered = answer.render(format);
  return answer;
}

/** The findings a baseline knew and the new ones, every one, counted as the answer lists them (one per place). */
function baselineCounts(audit: ProjectAudit): { known: number; fresh: number } {
  const all = allFindings(audit);
  const known = new Set<string>();
  const fresh = new Set<string>();
  for (const f of all.suppressed) if (f.suppressed?.by === 'baseline') known.add(findingKey(f));
  for (const f of all.findings) fresh.add(findingKey(f));
  return { known: known.size, fresh: fresh.size };
}
