/**
 * review: everything a CI job or a PR bot asks for in one answer (validation, findings, the
 * environment diff, drift risks, a verdict and the PR comment); or, given a base and a head bundle,
 * what the change does.
 */
import type { Diagnostic } from '../diagnostics.js';
import { BundleError, type Bundle } from '../bundle/bundle.js';
import { review, reviewChange, type ReviewOptions as CoreOptions, type Verdict } from '../review/review.js';
import type { RaisedFrom } from '../review/identity.js';
import { reviewMarkdown, changeReviewMarkdown, raisedNote } from '../report/review.js';
import { diffData, shown, type DiffData } from '../report/diff.js';
import type { DiffEntry } from '../diff/diff.js';
import type { Finding } from '../audit/types.js';
import type { DriftFinding } from '../diff/drift.js';
import type { RoleChoice } from '../bundle/roles.js';
import {
  countBySeverity,
  mergesAcrossEnvironments,
  mergeEnvironments,
  type FailOn,
  type EnvironmentInfo,
  type MergedItem,
  type SeverityCounts,
} from '../report/findings.js';
import { renderFindings } from '../report/render.js';
import { REVIEW_FORMATS, type ReviewFormat } from '../report/formats.js';
import { answerGroups, serviceCounts, type FindingGroup } from '../audit/groups.js';
import { allFindings, everyFinding } from '../audit/project.js';
import { requireEnvironments, tally, unloadedOf, type Rendered, type RenderableAnswer } from './answer.js';
import { combinedMasker, maskerOf } from '../redact/secrets.js';
import { namedItems, namedKeys, roleReasonShown } from '../redact/names.js';
import type { Masker } from '../redact/mask.js';
import { emptyRecord } from '../records.js';
import { mdLinkBase } from '../escape.js';
import { acceptedFindings, identified, type Identified } from '../baseline/baseline.js';

export { REVIEW_FORMATS, type ReviewFormat };

export interface ReviewOptions extends Omit<CoreOptions, 'from' | 'to'> {
  /** the pair to diff: either given, the other defaults to development / production; default by role */
  from?: string;
  to?: string;
  format?: ReviewFormat;
  /**
   * mask secret values in the diff and the previews (default true); findings, diagnostics and drift
   * are masked whatever this says
   */
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
  /** what the change adds; `from`: the base's severity and message where the change made a finding more severe */
  newFindings: (Finding & { from?: RaisedFrom })[];
  fixedFindings: Finding[];
  /**
   * the findings the change silences (inline comment, per service, policy, baseline; the head's
   * policy turning a rule off, lowering it or re-roling an environment), each with what suppressed
   * it: they fail nothing, and are never dropped (review.ts ChangeReview.newSuppressed)
   */
  newSuppressed: Finding[];
  /** the head's findings, suppressed findings and drift risks counted (as a review of the head alone counts them) */
  counts: SeverityCounts;
  /**
   * the head's findings and drift risks, as a review of the head alone lists them: what code scanning
   * wants in SARIF (it tells new from old itself) while the comment and the verdict look at the change
   */
  findings: MergedItem[];
  drift: DriftFinding[];
  markdown: string;
}

export const isPair = (input: Bundle | BundlePair): input is BundlePair => 'base' in input && 'head' in input;

/** A review of one bundle, and what a baseline written from it holds (every finding, not the capped lists). */
export type SingleReview = RenderableAnswer<ReviewAnswer, ReviewFormat> & { accepted: () => Identified[] };

export function reviewBundle(bundle: Bundle, options?: ReviewOptions): SingleReview;
export function reviewBundle(
  pair: BundlePair,
  options?: ReviewOptions,
): RenderableAnswer<ChangeReviewAnswer, ReviewFormat>;
export function reviewBundle(
  input: Bundle | BundlePair,
  options?: ReviewOptions,
): SingleReview | RenderableAnswer<ChangeReviewAnswer, ReviewFormat>;
export function reviewBundle(
  input: Bundle | BundlePair,
  options: ReviewOptions = {},
): RenderableAnswer<ReviewAnswer | ChangeReviewAnswer, ReviewFormat> | SingleReview {
  const { format = 'json', redact = true, linkBase: givenBase, from, to, ...rest } = options;
  const linkBase = mdLinkBase(givenBase); // as given, a crafted base would forge the comment
  const failOn = rest.failOn ?? 'error';
  const core: CoreOptions = {
    ...rest,
    failOn,
    ...(from || to ? { from: from ?? 'development', to: to ?? 'production' } : {}),
  };
  if (isPair(input)) {
    // a change review compares every environment of base and head: a pair to diff would be ignored
    if (from !== undefined || to !== undefined)
      throw new BundleError(
        `"from" and "to" choose the environments a review of one bundle diffs; a change review (base and head) compares every environment: leave them out`,
        '',
      );
    const c = reviewChange(input.base, input.head, core);
    // both sides' secrets: a value the change removes is still a secret in the base's entries
    const masker = combinedMasker(c.base.result, c.head.result);
    const changes: ChangeReviewAnswer['changes'] = emptyRecord();
    for (const [n, e] of Object.entries(c.environments))
      changes[masker.name(n)] = { status: e.status, entries: e.entries.map((x) => shown(x, redact, masker)) };
    const markdown = changeReviewMarkdown(c, { redact, masker, ...(linkBase ? { linkBase } : {}) });
    const newFindings = masker.findings(namedItems(c.newFindings, masker));
    const newSuppressed = masker.findings(namedItems(c.newSuppressed, masker));
    const json: ChangeReviewAnswer = {
      verdict: { ...c.verdict, reason: masker.namesIn(c.verdict.reason) },
      failOn,
      diagnostics: masker.deep(c.head.diagnostics),
      changes,
      newFindings,
      fixedFindings: masker.findings(namedItems(c.fixedFindings, masker)),
      newSuppressed,
      counts: c.head.counts,
      findings: mergeEnvironments(masker.findings(namedItems(c.head.audit.findings, masker))),
      drift: masker.findings(namedItems(c.head.drift, masker)),
      markdown,
    };
    const answer: RenderableAnswer<ChangeReviewAnswer, ReviewFormat> = {
      json: redact ? masker.findings(json) : json,
      failed: c.verdict.status === 'fail',
      unloaded: unloadedOf(c.head.result.environments, masker),
      tally: tally([], c.head.diagnostics),
      mask: (s) => masker.rendered(s),
      // the suppressed ones too, as a review of one bundle gives them (SARIF marks them suppressed); a
      // finding the change made more severe says so in its message, as the PR comment does
      render: (f) =>
        render(f, markdown, [...newFindings.map(raisedNote), ...newSuppressed], masker, undefined, input.head.files),
    };
    if (format !== 'json') answer.rendered = answer.render(format);
    return answer;
  }
  const r = review(input, core);
  requireEnvironments(r.result, core.from, core.to);
  const masker = maskerOf(r.result);
  const environments: ReviewAnswer['environments'] = emptyRecord();
  for (const [n, e] of Object.entries(r.audit.environments))
    environments[masker.name(n)] = {
      role: e.role,
      roleSource: e.roleSource,
      roleReason: roleReasonShown(e, masker),
      loaded: e.loaded,
      ...(e.partial ? { partial: true } : {}),
      files: r.result.environments[n].files,
      counts: countBySeverity(everyFinding(e)),
    };
  const counts = serviceCounts(r.result.environments);
  // the groups of every finding (made before the findings cap, capped to the same budget), masked
  const every = allFindings(r.audit).findings;
  const grouped = answerGroups(every, r.result.budgets.findings, {
    serviceCounts: counts,
    merge: mergesAcrossEnvironments(every),
  });
  // the parts masked here, which the answer's last pass (below) takes as they are
  const masked = new Set<object>();
  // an environment's name where the answer names one: with its ordinal where two mask alike (Masker.name)
  const groups = masker.findings(namedItems(grouped.groups, masker), masked);
  const diagnostics = masker.deep(grouped.limit ? [...r.diagnostics, grouped.limit] : r.diagnostics, masked);
  const findings = masker.findings(namedItems(r.audit.findings, masker), masked);
  const suppressed = masker.findings(namedItems(r.audit.suppressed, masker), masked);
  const drift = masker.findings(namedItems(r.drift, masker), masked);
  // the answer's findings merged across environments once, for the answer and the PR comment (its
  // suppressed findings never merge with a finding: their keys name what suppressed them)
  const merged = mergeEnvironments(findings);
  // made of the masked findings' own strings and parts (new lists of their masked environment names
  // aside): where masking twice changes nothing (the set's condition, Masker.deep), neither does masking them
  masked.add(merged);
  for (const m of merged) masked.add(m);
  const diff = r.diff ? diffData(r.diff, { redact, masker }) : undefined;
  const markdown = reviewMarkdown(r, {
    redact,
    masker,
    groups,
    masked: {
      diagnostics: grouped.limit ? diagnostics.slice(0, -1) : diagnostics,
      merged: suppressed.length ? [...merged, ...mergeEnvironments(suppressed)] : merged,
      ...(diff ? { diffEntries: diff.entries } : {}),
    },
    ...(linkBase ? { linkBase } : {}),
  });
  const json: ReviewAnswer = {
    verdict: { ...r.verdict, reason: masker.namesIn(r.verdict.reason) },
    failOn: r.failOn,
    // counted before the lists were capped to the budget
    counts: r.counts,
    diagnostics,
    environments,
    findings: merged,
    groups,
    ...(diff ? { diff } : {}),
    ...(r.noDiff ? { noDiff: masker.namesIn(r.noDiff) } : {}),
    drift,
    markdown,
  };
  const fallbackFile = Object.values(r.result.environments)[0]?.files[0];
  const context = { environments, serviceCounts: namedKeys(counts, masker) };
  // a baseline written now: every finding and drift risk, before the answer's caps, identified as
  // the baseline judged them (src/baseline/baseline.ts identified: the hash over the finding's own
  // file and model path, the entry's file and path masked as answers show them)
  const identify = {
    mask: (s: string) => masker.text(s),
    maskPath: (s: string) => masker.path(s),
    ...(options.baselineName ? { filePrefix: options.baselineName } : {}),
  };
  const accepted = (): Identified[] => [
    ...acceptedFindings(r.audit, identify),
    ...r.allDrift.filter((d) => !d.suppressed || d.suppressed.by === 'baseline').map((d) => identified(d, identify)),
  ];
  const answer: SingleReview = {
    accepted,
    // with redact=false the diff shows its values as asked; everything else was masked above
    json: redact ? masker.findings(json, masked) : json,
    failed: r.verdict.status === 'fail',
    unloaded: unloadedOf(r.result.environments, masker),
    tally: tally([...r.audit.findings, ...r.drift], r.diagnostics),
    mask: (s) => masker.rendered(s),
    // the finding formats' list, made when one is asked for (a JSON answer has no use for it)
    render: (f) =>
      render(
        f,
        markdown,
        [...diagnostics, ...findings, ...suppressed, ...drift],
        masker,
        fallbackFile,
        input.files,
        context,
      ),
  };
  if (format !== 'json') answer.rendered = answer.render(format);
  return answer;
}

/** The other formats: the PR comment as it is (masked by its renderer), the finding formats masked whole. */
function render(
  format: Exclude<ReviewFormat, 'json'>,
  markdown: string,
  list: readonly (Diagnostic | Finding)[],
  masker: Masker,
  fallbackFile?: string,
  files: Record<string, string> = {},
  context: { environments?: Record<string, EnvironmentInfo>; serviceCounts?: Record<string, number> } = {},
): Rendered {
  if (format === 'markdown') return { body: markdown, contentType: 'text/markdown; charset=utf-8' };
  const r = renderFindings(format, list, files, { ...(fallbackFile ? { fallbackFile } : {}), ...context, masker });
  return { ...r, body: masker.rendered(r.body) };
}
