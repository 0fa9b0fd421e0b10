/**
 * What a change review compares: a finding's identity across base and head, the findings the change
 * adds or makes more severe, and the ones the head's policy silences.
 */
import { SEVERITY_RANK, parsePath, type Diagnostic, type Severity } from '../diagnostics.js';
import type { AuditPolicy, Finding } from '../audit/types.js';
import type { BundleResult } from '../load/bundle.js';
import { allFindings, auditProject, type ProjectAudit } from '../audit/project.js';
import { suppressedFinding } from '../audit/pending.js';
import { sourceLines } from '../audit/source.js';
import { chooseRole, type Role } from '../bundle/roles.js';
import { emptyRecord } from '../records.js';

/** A finding's identity across two versions of a bundle: not its line, which edits above it move. */
export function findingIdentity(f: Finding): string {
  return `${f.environment}\0${f.rule}\0${f.file}\0${f.path}`;
}

/**
 * A diagnostic's identity across two versions of a bundle: code, file, model path and message, not
 * its line, which edits above it move. One without a model path (a YAML syntax error: `''`) adds
 * the text of its line: two `yaml-bad-indent` errors of one file have the same message, and the
 * change that fixes one and makes another (lines below) was not blamed for it. The text is the
 * same wherever edits above it move the line, and tells two places apart.
 */
export function diagnosticIdentity(d: Diagnostic, lineText: (file: string, line: number) => string): string {
  const at = d.path ? '' : `\0${lineText(d.file, d.line)}`;
  return `${d.code}\0${d.file}\0${d.path ?? ''}\0${d.message}${at}`;
}

/** The text of a line of a bundle's file ('' past its end), each file split once (src/audit/source.ts). */
export function lineTexts(files: Readonly<Record<string, string>>): (file: string, line: number) => string {
  return (file, line) => {
    const lines = Object.hasOwn(files, file) ? sourceLines(files, file) : undefined;
    return lines && Number.isInteger(line) && line >= 1 ? (lines[line - 1] ?? '') : '';
  };
}

/** What the base had at the place of a finding the change made more severe (`newFindings[i].from`). */
export interface RaisedFrom {
  severity: Severity;
  message: string;
}

/** The most severe finding of each identity. */
export function mostSevere(list: readonly Finding[]): Map<string, Finding> {
  const out = new Map<string, Finding>();
  for (const f of list) {
    const id = findingIdentity(f);
    const had = out.get(id);
    if (!had || SEVERITY_RANK[f.severity] > SEVERITY_RANK[had.severity]) out.set(id, f);
  }
  return out;
}

/**
 * The head's findings the change adds: those the base did not have at their place (environment,
 * rule, file, model path), and those it had at a lower severity there (an info `port-all-interfaces`
 * for 8080 that the change makes an error for PostgreSQL's 5432 at the same `ports[0]`): the change
 * made them what they are, so they are judged at their new severity. `raised` gets what the base had.
 */
export function addedFindings(
  base: readonly Finding[],
  head: readonly Finding[],
  raised: Map<Finding, RaisedFrom>,
): Finding[] {
  const before = mostSevere(base);
  return head.filter((f) => {
    const had = before.get(findingIdentity(f));
    if (!had) return true;
    if (SEVERITY_RANK[f.severity] <= SEVERITY_RANK[had.severity]) return false;
    raised.set(f, { severity: had.severity, message: had.message });
    return true;
  });
}

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? {}) === JSON.stringify(b ?? {});

/**
 * The findings the head's own policy silences: those an audit of the head under the base's policy
 * has (active) that the head's audit has not, or only at a lower severity, and does not suppress
 * otherwise (an inline comment, a baseline: those are the head's suppressed findings already). A
 * rule turned off (`privileged: off`), lowered (`privileged: info`) or an environment given another
 * role (`environments: {default: development}`) hides them from the head's audit: they are not
 * fixed, they are suppressed by the policy (`by: "config"`, as its `ignore` entries are), each with
 * what the policy did. Nothing when both sides have the same policy (the usual case: no second audit).
 */
export function policySilenced(
  base: ProjectAudit,
  head: { result: BundleResult; audit: ProjectAudit },
  options: { role?: Role; label?: (name: string) => string },
): Finding[] {
  const [bp, hp] = [base.policy, head.audit.policy];
  if (sameJson(bp.rules, hp.rules) && sameJson(bp.environments, hp.environments)) return [];
  // the head's environments with the roles the base's policy gives them (a role is chosen when loading)
  const environments = emptyRecord<BundleResult['environments'][string]>();
  for (const [name, e] of Object.entries(head.result.environments)) {
    const spec = head.result.specs[name];
    const roles = bp.environments;
    const role = chooseRole({
      name,
      files: spec?.files ?? e.files,
      flag: options.role,
      bundle: spec?.role,
      policy: roles && Object.hasOwn(roles, name) ? roles[name] : undefined,
    });
    environments[name] = { ...e, ...role };
  }
  const under = auditProject(
    { ...head.result, environments },
    { policy: { ...hp, rules: bp.rules, environments: bp.environments }, label: options.label },
  );
  const now = allFindings(head.audit);
  const active = mostSevere(now.findings);
  const suppressed = new Set(now.suppressed.map(findingIdentity));
  const out: Finding[] = [];
  for (const f of allFindings(under).findings) {
    const id = findingIdentity(f);
    if (suppressed.has(id)) continue;
    const kept = active.get(id);
    if (kept && SEVERITY_RANK[kept.severity] >= SEVERITY_RANK[f.severity]) continue;
    out.push(suppressedFinding(f, { by: 'config', reason: policyReason(f, kept, hp, head.audit) }));
  }
  return out;
}

function policyReason(f: Finding, kept: Finding | undefined, policy: AuditPolicy, head: ProjectAudit): string {
  const level = policy.rules && Object.hasOwn(policy.rules, f.rule) ? policy.rules[f.rule] : undefined;
  if (kept) return `the policy lowers ${f.rule} from ${f.severity} to ${kept.severity}`;
  if (level === 'off') return `the policy turns ${f.rule} off`;
  const role = head.environments[f.environment]?.role;
  if (role) return `the policy makes the environment ${role}`;
  return 'the policy';
}

/**
 * The base's findings of services the head keeps but puts behind a profile its environment does not
 * enable (`profiles: [debug]`): such a service leaves the head's model and is not audited, so its
 * findings are not fixed (`docker compose --profile debug up` starts it as it is); they are listed
 * with the findings the change silences, by the Compose configuration (`by: "config"`).
 */
export function profileGated(base: readonly Finding[], head: BundleResult): Finding[] {
  const out: Finding[] = [];
  // each environment's disabled services as a set (many gated services, many findings: no rescans)
  const sets = new Map<string, Set<string>>();
  for (const [name, e] of Object.entries(head.environments))
    if (e.disabledServices?.length) sets.set(name, new Set(e.disabledServices));
  if (sets.size === 0) return out;
  for (const f of base) {
    const disabled = sets.get(f.environment);
    if (!disabled || !f.path.startsWith('services')) continue;
    const [top, service] = parsePath(f.path);
    if (top === 'services' && typeof service === 'string' && disabled.has(service))
      out.push(
        suppressedFinding(f, {
          by: 'config',
          reason: 'the change puts its service behind a profile the environment does not enable: not audited',
        }),
      );
  }
  return out;
}
