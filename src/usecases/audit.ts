/** audit: the hardening findings of every environment, in JSON or a report format. */
import type { Diagnostic } from '../diagnostics.js';
import type { Bundle } from '../bundle/bundle.js';
import { loadBundle, type BundleOptions } from '../load/bundle.js';
import { auditProject, readPolicy } from '../audit/project.js';
import type { RoleChoice } from '../bundle/roles.js';
import type { AuditPolicy } from '../audit/types.js';
import {
  countBySeverity,
  exceedsThreshold,
  mergeEnvironments,
  type FailOn,
  type MergedItem,
  type SeverityCounts,
} from '../report/findings.js';
import { renderFindings, type FindingFormat } from '../report/render.js';
import { groupFindings, serviceCounts, type FindingGroup } from '../audit/groups.js';
import { requireEnvironments, tally, unloadedOf, type Answer } from './answer.js';

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
}

export interface AuditEnvironment extends RoleChoice {
  loaded: boolean;
  /** it did not load: its files were audited on their own, its findings are marked `partial` */
  partial?: boolean;
  counts: SeverityCounts;
  fix?: { yaml: string; fixed: number };
}

export interface AuditAnswer {
  /** a finding at failOn or above, or an error diagnostic */
  failed: boolean;
  failOn: FailOn;
  counts: SeverityCounts;
  environments: Record<string, AuditEnvironment>;
  /** one entry per finding (a service at a place), with the environments it occurs in */
  findings: MergedItem[];
  /** the findings by rule and place (and by rule over the project), as text and markdown show them */
  groups: FindingGroup[];
  suppressed: MergedItem[];
  diagnostics: Diagnostic[];
}

export function auditBundle(bundle: Bundle, options: AuditOptions = {}): Answer<AuditAnswer> {
  const { format = 'json', failOn = 'error', fix = false, environment, policy, linkBase, ...load } = options;
  const read = policy ? { policy, diagnostics: [] } : readPolicy(bundle);
  const result = loadBundle(bundle, {
    ...load,
    policyRoles: read.policy.environments,
    ...(environment ? { only: [environment] } : {}),
  });
  requireEnvironments(result.specs, environment);
  const audit = auditProject(result, { policy: read.policy, fix });
  const diagnostics = [...result.diagnostics, ...read.diagnostics];
  const failed = exceedsThreshold(audit.findings, failOn) || diagnostics.some((d) => d.severity === 'error');
  const environments: Record<string, AuditEnvironment> = Object.create(null);
  for (const [name, e] of Object.entries(audit.environments))
    environments[name] = {
      role: e.role,
      roleSource: e.roleSource,
      roleReason: e.roleReason,
      loaded: e.loaded,
      ...(e.partial ? { partial: true } : {}),
      counts: countBySeverity([...e.findings, ...e.suppressed]),
      ...(e.fix ? { fix: e.fix } : {}),
    };
  const counts = serviceCounts(result.environments);
  const findings = mergeEnvironments(audit.findings);
  const answer: Answer<AuditAnswer> = {
    json: {
      failed,
      failOn,
      counts: countBySeverity([...audit.findings, ...audit.suppressed]),
      environments,
      findings,
      groups: groupFindings(findings, { serviceCounts: counts }),
      suppressed: mergeEnvironments(audit.suppressed),
      diagnostics,
    },
    failed,
    unloaded: unloadedOf(result.environments),
    tally: tally(audit.findings, diagnostics),
  };
  if (format !== 'json')
    answer.rendered = renderFindings(format, [...diagnostics, ...audit.findings, ...audit.suppressed], bundle.files, {
      fallbackFile: Object.values(result.environments)[0]?.files[0],
      environments,
      serviceCounts: counts,
      ...(linkBase ? { linkBase } : {}),
    });
  return answer;
}
