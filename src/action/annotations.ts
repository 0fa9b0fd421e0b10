/**
 * Annotations within what GitHub shows: at most 10 error, 10 warning and 10 notice annotations per
 * step (more are dropped silently, and the reader thinks that was all). The most severe are kept,
 * in report order, and when some are left out the last notice says how many and where the full
 * report is. The workflow commands are the github format's (src/report/github.ts: escaped as
 * @actions/core escapes them).
 */
import { SEVERITY_RANK, type Severity } from '../diagnostics.js';
import { formatGithub, escapeData } from '../report/github.js';
import { compareItems, mergeEnvironments, type ReportItem } from '../report/findings.js';

/** GitHub's limits per step and per kind (docs: "Workflow commands", annotations). */
export const ANNOTATION_LIMIT = 10;

export interface Annotated {
  /** the workflow commands, one a line */
  text: string;
  shown: number;
  /** what did not fit */
  left: number;
}

/** `items` as annotations, each kind capped; `where` names where the full report is. */
export function cappedAnnotations(items: readonly ReportItem[], where: string): Annotated {
  const active = mergeEnvironments(items.filter((d) => !d.suppressed)).sort(
    (a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || compareItems(a, b),
  );
  const taken: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const shown: ReportItem[] = [];
  let left = 0;
  for (const d of active) {
    // one notice is kept for the pointer when something is left out
    if (taken[d.severity] < ANNOTATION_LIMIT) {
      taken[d.severity]++;
      shown.push(d);
    } else left++;
  }
  if (left && taken.info === ANNOTATION_LIMIT) {
    let last = shown.length - 1;
    while (shown[last].severity !== 'info') last--;
    shown.splice(last, 1);
    left++;
  }
  let text = formatGithub(shown);
  if (left)
    text += `::notice title=compose-review::${escapeData(
      `${left} more finding${left === 1 ? '' : 's'} than GitHub shows as annotations (${ANNOTATION_LIMIT} errors, ${ANNOTATION_LIMIT} warnings and ${ANNOTATION_LIMIT} notices a step): the full report is ${where}`,
    )}\n`;
  return { text, shown: shown.length, left };
}
