/** The job summary the Action writes: each project's comment (or why there is none), within GitHub's size. */
import { mdCode, mdFence, mdText } from '../report/escape.js';
import type { TargetResult } from './run.js';

const SUMMARY_LIMIT = 1_000_000; // GitHub takes at most 1 MiB of summary a step

export function summaryOf(results: TargetResult[], artifact: string): string {
  const parts: string[] = [];
  for (const r of results) {
    const title = `compose-review: ${mdCode(r.target.key)}`;
    if (r.status === 'skipped') parts.push(`### ${title}\n\nSkipped: ${mdText(r.reason)}.`);
    else if (r.status === 'error' && !r.body)
      parts.push(`### ${title}\n\n❌ could not be reviewed (exit code ${r.code}):\n\n${mdFence('text', r.reason)}`);
    else {
      const where = r.comment?.url
        ? `Posted as [the pull request comment](${r.comment.url}).`
        : r.comment?.skipped
          ? `Not posted as a comment: ${mdText(r.comment.skipped)}. The comment is below and in the artifact ${mdCode(artifact)}.`
          : '';
      // the comment's own marker line is not for the summary
      parts.push(`${where ? `${where}\n\n` : ''}${(r.body ?? '').replace(/^(<!--.*-->\n)+/, '')}`);
    }
  }
  const text = parts.join('\n\n---\n\n') + '\n';
  if (Buffer.byteLength(text) <= SUMMARY_LIMIT) return text;
  // a character is at most 4 bytes: a quarter of the limit always fits
  return `${text.slice(0, SUMMARY_LIMIT / 4)}\n\n… (cut to GitHub's 1 MiB summary: the full reports are the files of the report-dir output${artifact ? `, uploaded as the artifact ${mdCode(artifact)} when the comment could not be posted` : ''})\n`;
}
