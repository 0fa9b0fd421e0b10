/**
 * Annotations within what GitHub shows: at most 10 error, 10 warning and 10 notice annotations per
 * step (more are dropped silently, and the reader thinks that was all). The annotations are the
 * github format's (src/report/github.ts: one per group of findings, escaped as @actions/core escapes
 * workflow commands); the first of each kind are kept, and when some are left out the last notice
 * says how many and where the full report is.
 */
import { formatGithub, escapeData } from '../report/github.js';
import type { ReportItem } from '../report/findings.js';

/** GitHub's limit per step and per kind (docs: "Workflow commands", annotations). */
export const ANNOTATION_LIMIT = 10;

export interface Annotated {
  /** the workflow commands, one a line */
  text: string;
  shown: number;
  /** annotations that did not fit */
  left: number;
}

/**
 * The findings of each project (`projects`, one list each) as annotations, each kind capped; `where`
 * names where the full report is. Each project is formatted alone, as the CLI's `audit a b --format
 * github` does: a project-level group ("none of the 2 services ...") holds one project's services
 * and points at that project's file, never merged with another's.
 */
export function cappedAnnotations(projects: readonly (readonly ReportItem[])[], where: string): Annotated {
  const lines = projects.flatMap((items) =>
    formatGithub(items.filter((d) => !d.suppressed))
      .split('\n')
      .filter(Boolean),
  );
  const taken: Record<string, number> = { error: 0, warning: 0, notice: 0 };
  const shown: string[] = [];
  let left = 0;
  for (const line of lines) {
    const kind = /^::(error|warning|notice) /.exec(line)?.[1] ?? 'notice';
    if (taken[kind] < ANNOTATION_LIMIT) {
      taken[kind]++;
      shown.push(line);
    } else left++;
  }
  // the pointer is a notice too: the last notice shown makes room for it
  if (left && taken.notice === ANNOTATION_LIMIT) {
    let last = shown.length - 1;
    while (!shown[last].startsWith('::notice ')) last--;
    shown.splice(last, 1);
    left++;
  }
  if (left)
    shown.push(
      `::notice title=compose-review::${escapeData(
        `${left} more annotation${left === 1 ? '' : 's'} than GitHub shows (${ANNOTATION_LIMIT} errors, ${ANNOTATION_LIMIT} warnings and ${ANNOTATION_LIMIT} notices a step): the full report is ${where}`,
      )}`,
    );
  return { text: shown.length ? `${shown.join('\n')}\n` : '', shown: shown.length - (left ? 1 : 0), left };
}
