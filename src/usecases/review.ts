/**
 * review: everything a CI job or a PR bot asks for in one answer (validation, findings, the
 * environment diff, drift risks, a verdict and the PR comment); or, given a base and a head bundle,
 * what the change does.
 */
import type { Diagnostic } from '../diagnostics.js';
import type { Bundle } from '../bundle/bundle.js';
import { review, reviewChange, type ReviewOptions as CoreOptions, type Verdict } from '../review/review.js';
import { reviewMarkdown, changeReviewMarkdown } from '../report/review.js';
import { diffData, shown, type DiffData } from '../report/diff.js';
import type { DiffEntry } from '../diff/diff.js';
import type { Finding } from '../audit/types.js';
import type { DriftFinding } from '../diff/drift.js';
import type { RoleChoice } from '../bundle/roles.js';
import {
  countBySeverity,
  mergeEnvironments,
  type FailOn,
  type EnvironmentInfo,
  type MergedItem,
  type SeverityCounts,
} from '../report/findings.js';
import { formatSarifJson } from '../report/sarif.js';
import { formatGithub } from '../report/github.js';
import { groupFindings, serviceCounts, type FindingGroup } from '../audit/groups.js';
import { requireEnvironments, tally, unloadedOf, type Answer } from './answer.js';

export const REVIEW_FORMATS = ['json', 'markdown', 'sarif', 'github'] as const;
export type ReviewFormat = (typeof REVIEW_FORMATS)[number];

export interface ReviewOptions extends Omit<CoreOptions, 'from' | 'to'> {
  /** the pair to diff: either given, the other defaults to development / production; default by role */
  from?: string;
  to?: string;
  format?: ReviewFormat;
  /** mask secret values in the diff and the previews (default true) */
  redact?: boolean;
  /** link `file:line` in the PR comment under this URL */
  linkBase?: string;
}

/** A change review's two sides. */
export interface BundlePair {
  base: Bundle;
  head: Bundle;
}

export interface ReviewAnswer {
  verdict: Verdict;
  failOn: FailOn;
  counts: SeverityCounts;
  diagnostics: Diagnostic[];
  environments: Record<
    string,
    RoleChoice & { loaded: boolean; partial?: boolean; files: string[]; counts: SeverityCounts }
  >;
  findings: MergedItem[];
  /** the findings by rule and place (and by rule over the project) */
  groups: FindingGroup[];
  diff?: DiffData;
  /** why there is no diff: a single environment has nothing to compare with */
  noDiff?: string;
  drift: DriftFinding[];
  /** the PR comment */
  markdown: string;
}

export interface ChangeReviewAnswer {
  verdict: Verdict;
  failOn: FailOn;
  /** the head's */
  diagnostics: Diagnostic[];
  /** per environment: what the change does to its merged config */
  changes: Record<string, { status: string; entries: DiffEntry[] }>;
  newFindings: Finding[];
  fixedFindings: Finding[];
  markdown: string;
}

export const isPair = (input: Bundle | BundlePair): input is BundlePair => 'base' in input && 'head' in input;

export function reviewBundle(bundle: Bundle, options?: ReviewOptions): Answer<ReviewAnswer>;
export function reviewBundle(pair: BundlePair, options?: ReviewOptions): Answer<ChangeReviewAnswer>;
export function reviewBundle(
  input: Bundle | BundlePair,
  options?: ReviewOptions,
): Answer<ReviewAnswer | ChangeReviewAnswer>;
export function reviewBundle(
  input: Bundle | BundlePair,
  options: ReviewOptions = {},
): Answer<ReviewAnswer | ChangeReviewAnswer> {
  const { format = 'json', redact = true, linkBase, from, to, ...rest } = options;
  const failOn = rest.failOn ?? 'error';
  const core: CoreOptions = {
    ...rest,
    failOn,
    ...(from || to ? { from: from ?? 'development', to: to ?? 'production' } : {}),
  };
  const md = { redact, ...(linkBase ? { linkBase } : {}) };
  if (isPair(input)) {
    const c = reviewChange(input.base, input.head, core);
    const changes: ChangeReviewAnswer['changes'] = Object.create(null);
    for (const [n, e] of Object.entries(c.environments))
      changes[n] = { status: e.status, entries: e.entries.map((x) => shown(x, redact)) };
    const markdown = changeReviewMarkdown(c, md);
    const answer: Answer<ChangeReviewAnswer> = {
      json: {
        verdict: c.verdict,
        failOn,
        diagnostics: c.head.diagnostics,
        changes,
        newFindings: c.newFindings,
        fixedFindings: c.fixedFindings,
        markdown,
      },
      failed: c.verdict.status === 'fail',
      unloaded: unloadedOf(c.head.result.environments),
      tally: tally([], c.head.diagnostics),
    };
    const rendered = render(format, markdown, c.newFindings);
    if (rendered) answer.rendered = rendered;
    return answer;
  }
  const r = review(input, core);
  requireEnvironments(r.result.specs, core.from, core.to);
  const markdown = reviewMarkdown(r, md);
  const environments: ReviewAnswer['environments'] = Object.create(null);
  for (const [n, e] of Object.entries(r.audit.environments))
    environments[n] = {
      role: e.role,
      roleSource: e.roleSource,
      roleReason: e.roleReason,
      loaded: e.loaded,
      ...(e.partial ? { partial: true } : {}),
      files: r.result.environments[n].files,
      counts: countBySeverity([...e.findings, ...e.suppressed]),
    };
  const findings = mergeEnvironments(r.audit.findings);
  const counts = serviceCounts(r.result.environments);
  const answer: Answer<ReviewAnswer> = {
    json: {
      verdict: r.verdict,
      failOn: r.failOn,
      counts: countBySeverity([...r.audit.findings, ...r.audit.suppressed, ...r.drift]),
      diagnostics: r.diagnostics,
      environments,
      findings,
      groups: groupFindings(findings, { serviceCounts: counts }),
      ...(r.diff ? { diff: diffData(r.diff, { redact }) } : {}),
      ...(r.noDiff ? { noDiff: r.noDiff } : {}),
      drift: r.drift,
      markdown,
    },
    failed: r.verdict.status === 'fail',
    unloaded: unloadedOf(r.result.environments),
    tally: tally([...r.audit.findings, ...r.drift], r.diagnostics),
  };
  const all = [...r.diagnostics, ...r.audit.findings, ...r.audit.suppressed, ...r.drift];
  const rendered = render(format, markdown, all, Object.values(r.result.environments)[0]?.files[0], {
    environments,
    serviceCounts: counts,
  });
  if (rendered) answer.rendered = rendered;
  return answer;
}

function render(
  format: ReviewFormat,
  markdown: string,
  list: readonly (Diagnostic | Finding)[],
  fallbackFile?: string,
  context: { environments?: Record<string, EnvironmentInfo>; serviceCounts?: Record<string, number> } = {},
): Answer<unknown>['rendered'] {
  if (format === 'markdown') return { body: markdown, contentType: 'text/markdown; charset=utf-8' };
  if (format === 'sarif')
    return {
      body: formatSarifJson(list, {
        ...(fallbackFile ? { fallbackFile } : {}),
        ...(context.environments ? { environments: context.environments } : {}),
      }),
      contentType: 'application/sarif+json',
    };
  if (format === 'github') return { body: formatGithub(list, context), contentType: 'text/plain; charset=utf-8' };
  return undefined;
}
