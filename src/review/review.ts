/**
 * The one-call review a CI job or a PR bot asks for: validation diagnostics, per-environment
 * findings, the development → production diff and its drift risks, and a verdict. With a base and a
 * head bundle, also what the change does to each environment's merged config and which findings it
 * adds or fixes.
 */
import type { Diagnostic, Location } from '../diagnostics.js';
import type { Bundle } from '../bundle/bundle.js';
import { loadBundle, type BundleOptions, type BundleResult } from '../load/bundle.js';
import { allFindings, auditProject, readPolicy, type ProjectAudit } from '../audit/project.js';
import type { AuditPolicy, Finding, FindingCounts } from '../audit/types.js';
import { append, capDiagnostics, capFindings } from '../limits.js';
import { defaultPair, diffEnvironments, diffModels, type DiffEntry, type EnvironmentDiff } from '../diff/diff.js';
import { driftRisks, type DriftFinding } from '../diff/drift.js';
import { atThreshold, type FailOn } from '../diagnostics.js';
import { emptyRecord } from '../records.js';
import { applyBaseline, type Baseline } from '../baseline/baseline.js';
import { maskerOf } from '../redact/secrets.js';
import { plainFixes } from '../audit/model.js';
import { plainFinding } from '../audit/pending.js';
import {
  addedFindings,
  diagnosticIdentity,
  findingIdentity,
  lineTexts,
  policySilenced,
  profileGated,
  type RaisedFrom,
} from './identity.js';

export interface ReviewOptions extends BundleOptions {
  failOn?: FailOn;
  policy?: AuditPolicy;
  /** the pair to diff; default development → production (by name, then role) */
  from?: string;
  to?: string;
  fix?: boolean;
  /** accepted findings (src/baseline/): the ones it knows are suppressed (`by: "baseline"`) and fail nothing */
  baseline?: Baseline;
  /** the baseline's name of a file the answer names (the CLI's `review DIR --root R`: from DIR) */
  baselineName?: (file: string) => string;
}

export interface Verdict {
  status: 'pass' | 'fail';
  reason: string;
  /** what failed it: an environment that does not load, a validation error, or findings */
  cause?: 'load' | 'validation' | 'findings';
}

export interface Review {
  result: BundleResult;
  /**
   * validation and policy diagnostics, capped to the `diagnostics` budget, then the `finding-limit`
   * notes of the capped finding lists
   */
  diagnostics: Diagnostic[];
  /** validation and policy diagnostics before capping (what the verdict is computed from) */
  allDiagnostics: Diagnostic[];
  audit: ProjectAudit;
  diff?: EnvironmentDiff;
  /** why there is no diff (a single environment, no development/production pair) */
  noDiff?: string;
  /** drift risks, capped to the `findings` budget */
  drift: DriftFinding[];
  /** drift risks before capping */
  allDrift: DriftFinding[];
  /** every finding, suppressed finding and drift risk counted, before capping */
  counts: FindingCounts;
  verdict: Verdict;
  failOn: FailOn;
}

export function review(bundle: Bundle, options: ReviewOptions = {}): Review {
  const failOn = options.failOn ?? 'error';
  const read = options.policy ? { policy: options.policy, diagnostics: [] } : readPolicy(bundle);
  const result = loadBundle(bundle, { ...options, policyRoles: read.policy.environments });
  // findings and drift risks are masked in every format: a message names an environment as the answer does
  const label = (n: string): string => maskerOf(result).name(n);
  const audit = auditProject(result, { policy: read.policy, fix: options.fix, label });
  append(audit.diagnostics, read.diagnostics);
  const max = result.budgets.findings;
  const envs = result.environments;
  const pair = options.from && options.to ? ([envs[options.from], envs[options.to]] as const) : defaultPair(envs);
  let diff: EnvironmentDiff | undefined;
  let drift: DriftFinding[] = [];
  if (pair && pair[0] && pair[1]) {
    diff = diffEnvironments(pair[0], pair[1]);
    // drift risks are masked whatever `redact` says: their messages name the pair as the answers do
    if (pair[0].model && pair[1].model) drift = driftRisks(pair[0], pair[1], { diff, label });
  }
  if (options.baseline) {
    const masker = maskerOf(result);
    const [mask, maskPath] = [(s: string) => masker.text(s), (s: string) => masker.path(s)];
    const filePrefix = options.baselineName;
    applyBaseline(audit, { baseline: options.baseline, mask, maskPath, ...(filePrefix ? { filePrefix } : {}) }, drift);
  }
  // the verdict and counts see everything; the answer's lists are capped
  const isLimit = (d: Diagnostic): boolean => d.code === 'finding-limit';
  const allDiagnostics = append(
    [...result.allDiagnostics],
    audit.diagnostics.filter((d) => !isLimit(d)),
  );
  const all = allFindings(audit);
  const counts: FindingCounts = { error: 0, warning: 0, info: 0, suppressed: all.suppressed.length };
  for (const f of all.findings) counts[f.severity]++;
  for (const f of drift) counts[f.suppressed ? 'suppressed' : f.severity]++;
  const verdict = verdictOf(result, allDiagnostics, append(all.findings, drift), failOn);
  const cappedDrift = capFindings(drift, max, 'drift risks');
  const diagnostics = capDiagnostics(allDiagnostics, result.budgets.diagnostics);
  append(diagnostics, audit.diagnostics.filter(isLimit));
  if (cappedDrift.limit) diagnostics.push(cappedDrift.limit);
  const names = Object.keys(envs);
  return {
    result,
    diagnostics,
    allDiagnostics,
    audit,
    diff,
    ...(diff || names.length === 0
      ? {}
      : {
          noDiff:
            names.length === 1
              ? `one environment ("${names[0]}"): nothing to diff`
              : `no development and production pair to diff (environments: ${names.join(', ')})`,
        }),
    drift: cappedDrift.kept,
    allDrift: drift,
    counts,
    verdict,
    failOn,
  };
}

function verdictOf(result: BundleResult, diagnostics: Diagnostic[], findings: Finding[], failOn: FailOn): Verdict {
  const failedEnvs = Object.entries(result.environments)
    .filter(([, e]) => !e.model)
    .map(([n]) => n);
  if (Object.keys(result.environments).length === 0)
    return {
      status: 'fail',
      cause: 'load',
      reason: 'no environment: the bundle has no Compose file with a default name and names no environments',
    };
  if (failedEnvs.length) return { status: 'fail', cause: 'load', reason: `${failedEnvs.join(', ')} cannot be loaded` };
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  if (errors)
    return { status: 'fail', cause: 'validation', reason: `${errors} validation error${errors > 1 ? 's' : ''}` };
  const n = atThreshold(findings, failOn).length;
  if (n)
    return { status: 'fail', cause: 'findings', reason: `${n} finding${n > 1 ? 's' : ''} at ${failOn} level or above` };
  return {
    status: 'pass',
    reason:
      failOn === 'none' ? 'valid (findings do not fail the review)' : `valid, no finding at ${failOn} level or above`,
  };
}

const isError = (d: Diagnostic): boolean => d.severity === 'error';

export { findingIdentity };

export interface EnvironmentChange {
  /** head vs base merged config of this environment */
  entries: DiffEntry[];
  status: 'changed' | 'unchanged' | 'added' | 'removed';
}

export interface ChangeReview {
  base: Review;
  head: Review;
  environments: Record<string, EnvironmentChange>;
  /**
   * the head's findings the base did not have at their place, or had at a lower severity: those carry
   * `from`, the base's severity and message there (a finding the change made more severe)
   */
  newFindings: (Finding & { from?: RaisedFrom })[];
  fixedFindings: Finding[];
  /**
   * the findings the change silences: the head's suppressed findings (inline, per service, policy,
   * baseline) that the base did not suppress, new ones and ones the base had active alike (a finding
   * silenced is not fixed), and the ones the head's own policy turns off, lowers or takes out of an
   * environment by its role (`by: "config"`, policySilenced); they fail nothing, and are never
   * dropped from the answer
   */
  newSuppressed: Finding[];
  verdict: Verdict;
}

/**
 * base → head: how the change moves each environment's merged config (what a merge preview of the
 * PR would show), which findings it introduces and which it fixes. The verdict is the head's, but
 * only new findings can fail it: a PR is not blamed for what was already there.
 */
export function reviewChange(base: Bundle, head: Bundle, options: ReviewOptions = {}): ChangeReview {
  const b = review(base, options);
  const h = review(head, options);
  const environments: Record<string, EnvironmentChange> = emptyRecord();
  const names = new Set([...Object.keys(b.result.environments), ...Object.keys(h.result.environments)]);
  for (const name of names) {
    const be = b.result.environments[name];
    const he = h.result.environments[name];
    if (!be) environments[name] = { entries: [], status: 'added' };
    else if (!he) environments[name] = { entries: [], status: 'removed' };
    else {
      const entries = diffModels(be.model ?? {}, he.model ?? {});
      environments[name] = { entries, status: entries.length ? 'changed' : 'unchanged' };
    }
  }
  // every finding, before the answer's caps: a finding capped out of one side is not new or fixed
  // the active ones and the suppressed ones apart (a drift risk a baseline accepts stays in the drift list)
  const all = (r: Review): { active: Finding[]; suppressed: Finding[] } => {
    const a = allFindings(r.audit);
    return {
      active: append(
        a.findings,
        r.allDrift.filter((f) => !f.suppressed),
      ),
      suppressed: append(
        a.suppressed,
        r.allDrift.filter((f) => f.suppressed),
      ),
    };
  };
  const bAll = all(b);
  const hAll = all(h);
  const ids = (list: Finding[]): Set<string> => new Set(list.map(findingIdentity));
  const headIds = ids(hAll.active);
  const baseSuppressed = ids(bAll.suppressed);
  const headSuppressed = ids(hAll.suppressed);
  // new, or more severe than the base's at the same place (raised: what the base had there)
  const raised = new Map<Finding, RaisedFrom>();
  const allNew = addedFindings(bAll.active, hAll.active, raised);
  // what the head's policy hides from its audit (a rule off or lowered, a role changed): silenced, not fixed
  const byPolicy = options.policy
    ? []
    : policySilenced(b.audit, h, {
        ...(options.role ? { role: options.role } : {}),
        label: (n) => maskerOf(h.result).name(n),
      });
  const silencedIds = ids(byPolicy);
  const allSilenced = append(
    hAll.suppressed.filter((f) => !baseSuppressed.has(findingIdentity(f))),
    byPolicy.filter((f) => !baseSuppressed.has(findingIdentity(f))),
  );
  // a service the head puts behind a profile is not audited there: what it had is not fixed
  const gated = profileGated(
    bAll.active.filter((f) => !headIds.has(findingIdentity(f))),
    h.result,
  );
  for (const f of gated) silencedIds.add(findingIdentity(f));
  append(allSilenced, gated);
  // an environment the head has but cannot load was only audited file by file: what it lacks is not fixed
  const auditedInFull = (f: Finding): boolean => {
    const he = h.result.environments[f.environment];
    return he === undefined || he.model !== undefined;
  };
  const allFixed = bAll.active.filter((f) => {
    const id = findingIdentity(f);
    return !headIds.has(id) && !headSuppressed.has(id) && !silencedIds.has(id) && auditedInFull(f);
  });
  let verdict = h.verdict;
  // validation errors the base already had are reported, not blamed, like its findings
  const errorIds = (r: Review, files: Record<string, string>): string[] => {
    const text = lineTexts(files);
    return r.allDiagnostics.filter(isError).map((d) => diagnosticIdentity(d, text));
  };
  const known = new Set(errorIds(b, base.files));
  const addedErrors = errorIds(h, head.files).filter((id) => !known.has(id)).length;
  // an environment the base could not load either is reported, not blamed; one the change breaks is
  const unloadable = (r: Review): string[] =>
    Object.keys(r.result.environments).filter((n) => !r.result.environments[n].model);
  const brokenBefore = new Set(unloadable(b));
  const broken = unloadable(h).filter((n) => !brokenBefore.has(n));
  const cause = h.verdict.cause;
  if (cause === 'load' && (broken.length || Object.keys(h.result.environments).length === 0))
    verdict = broken.length
      ? { status: 'fail', cause: 'load', reason: `the change breaks ${broken.join(', ')}: it cannot be loaded` }
      : h.verdict;
  else if ((cause === 'validation' || cause === 'load') && addedErrors)
    verdict = {
      status: 'fail',
      cause: 'validation',
      reason: `the change adds ${addedErrors} validation error${addedErrors > 1 ? 's' : ''}`,
    };
  else if (cause === 'findings' || cause === 'validation' || cause === 'load') {
    const n = atThreshold(allNew, h.failOn).length;
    const before = cause === 'load' ? 'error and no ' : cause === 'validation' ? 'validation error and no ' : '';
    verdict = n
      ? {
          status: 'fail',
          cause: 'findings',
          reason: `the change adds ${n} finding${n > 1 ? 's' : ''} at ${h.failOn} level or above`,
        }
      : {
          status: 'pass',
          reason: `the change adds no ${before}finding at the threshold (existing ones are reported, not blamed)`,
        };
  }
  const max = h.result.budgets.findings;
  const newFindings = capFindings(allNew, max, 'new findings');
  const fixedFindings = capFindings(allFixed, max, 'fixed findings');
  const newSuppressed = capFindings(allSilenced, max, 'suppressed findings the change adds');
  for (const limit of [newFindings.limit, fixedFindings.limit, newSuppressed.limit])
    if (limit) h.diagnostics.push(limit);
  // the findings kept as Findings (the audit's are pending, src/audit/pending.ts)
  const kept = {
    new: newFindings.kept.map((f): Finding & { from?: RaisedFrom } => {
      const from = raised.get(f);
      return from ? { ...plainFinding(f), from } : plainFinding(f);
    }),
    fixed: fixedFindings.kept.map(plainFinding),
    suppressed: newSuppressed.kept.map(plainFinding),
  };
  plainFixes(kept.new);
  plainFixes(kept.fixed);
  plainFixes(kept.suppressed);
  return {
    base: b,
    head: h,
    environments,
    newFindings: kept.new,
    fixedFindings: kept.fixed,
    newSuppressed: kept.suppressed,
    verdict,
  };
}

export type { Location };
