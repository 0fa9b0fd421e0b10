/**
 * GitLab Code Quality (a subset of Code Climate's issue format): a JSON array GitLab shows in the
 * merge request widget and the diff. GitLab keeps an entry only when it matches its schema
 * (app/validators/json_schemas/codeclimate.json: description, fingerprint, severity, location) and
 * keys entries by fingerprint, so each fingerprint is unique in a report; it compares reports of the
 * base and the head by fingerprint, so a fingerprint leaves the line out (the rule, file and model
 * path, as SARIF's partialFingerprints): a finding moved by an edit above it stays the same finding.
 */
import type { Severity } from '../diagnostics.js';
import type { ReportItem } from './findings.js';
import { compareItems, environmentsOf, mergeEnvironments, ruleOf } from './findings.js';
import { textLine } from './escape.js';
import { fingerprint } from './sarif.js';
import { createHash } from 'node:crypto';
import { memberValues, quotedValues } from '../redact/markup.js';

/** Code Climate's categories of an issue: a rule's finding is a security issue, a diagnostic a bug risk. */
const CATEGORIES = { rule: 'Security', diagnostic: 'Bug Risk' } as const;

/** GitLab's severities are info, minor, major, critical and blocker; ours map as ESLint's formatters map theirs. */
export const GITLAB_SEVERITY: Record<Severity, 'major' | 'minor' | 'info'> = {
  error: 'major',
  warning: 'minor',
  info: 'info',
};
memberValues(['severity'], Object.values(GITLAB_SEVERITY)); // ours in the rendered report (src/redact/markup.ts)
memberValues(['type'], ['issue']);
quotedValues(Object.values(CATEGORIES));

export interface GitlabIssue {
  type: 'issue';
  check_name: string;
  description: string;
  categories: string[];
  severity: 'major' | 'minor' | 'info';
  fingerprint: string;
  location: { path: string; lines: { begin: number; end: number } };
}

/** Active findings and diagnostics (suppressed ones are left out: Code Quality has no such state). */
export function formatGitlab(list: readonly ReportItem[], opts: { fallbackFile?: string } = {}): string {
  const items = mergeEnvironments(list)
    .filter((d) => !d.suppressed)
    .sort(compareItems);
  const fallback = opts.fallbackFile ?? items.find((d) => d.file)?.file ?? 'compose.yaml';
  const seen = new Map<string, number>();
  const issues: GitlabIssue[] = items.map((d) => {
    // the same rule at the same model path twice (two diagnostics of one key): the second gets its own
    const base = fingerprint(d);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    const envs = environmentsOf(d);
    return {
      type: 'issue',
      check_name: ruleOf(d),
      description: textLine(`${d.message}${envs.length ? ` (${envs.join(', ')})` : ''}`),
      categories: [d.rule ? CATEGORIES.rule : CATEGORIES.diagnostic],
      severity: GITLAB_SEVERITY[d.severity],
      fingerprint: n === 0 ? base : createHash('sha256').update(`${base}\0${n}`).digest('hex').slice(0, 32),
      location: {
        path: d.file || fallback,
        lines: { begin: Math.max(1, d.line), end: Math.max(1, d.endLine ?? d.line) },
      },
    };
  });
  return JSON.stringify(issues, null, 2) + '\n';
}
