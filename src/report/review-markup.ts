/**
 * The review's own markup in its PR comment (src/report/review.ts), registered as ours for the
 * finished answer's masking (src/redact/markup.ts): a weak secret equal to a word of it (`change`,
 * `findings`, `summary`) no longer masks it. The bundle's texts in the comment are masked as data
 * before it is written (environment names, messages), so none of them is spared here.
 */
import { addMarkup, addMarkupPattern, tableCells } from '../redact/markup.js';
import { ANSWER_VALUES, addAnswerValues, every } from '../redact/answer-keys.js';
import type { EnvironmentChange, Verdict } from '../review/review.js';

export const COMMENT_MARKER = '<!-- compose-review:pr-comment -->';

// the verdict's and an environment's change's values are ours in the answers (src/redact/answer-keys.ts)
addAnswerValues('status', [
  ...every<Verdict['status']>({ pass: true, fail: true }),
  ...every<EnvironmentChange['status']>({ changed: true, unchanged: true, added: true, removed: true }),
]);
addAnswerValues('cause', every<NonNullable<Verdict['cause']>>({ load: true, validation: true, findings: true }));

const values = (member: string): string[] => [...(ANSWER_VALUES.get(member) ?? [])];

// the marker, the verdict's heading, the commands it names
addMarkup([COMMENT_MARKER, ...values('status').map((s) => `compose-review: ${s}`), '`compose-review review`']);
// the tables' headers, the severities and the kinds of change in their rows
tableCells(['severity', 'where', 'code', 'message', 'name', 'field', 'change', 'base', 'head', '(whole)']);
tableCells([...values('severity'), ...values('kind')]);
// the sections: a <details> block's summary is ours but the names it shows in <code> (masked as data)
addMarkup(['<details>', '<details open>', '<summary>', '</summary>', '</details>', 'No environment diff: ']);
addMarkupPattern(/<summary>[^<\n]*|<\/code>[^<\n]*(?=<\/summary>)/);
addMarkupPattern(/\bThis change adds \*\*\d+\*\* findings?(?: \(and suppresses \*\*\d+\*\*\))? and fixes \*\*\d+\*\*/);
// an environment's change, the count of diagnostics
addMarkupPattern(
  new RegExp(`\\((?:${values('status').join('|')}), \\d+ changes?\\)|\\b\\d+ validation diagnostics?\\b`),
);
// the verdict's reasons and why there is no diff (src/review/review.ts), as the comment writes them
addMarkupPattern(
  new RegExp(
    `\\b(?:the change adds )?(?:\\d+|no) (?:validation errors?|findings? at (?:${values('failOn').join('|')}) level or above)` +
      '|\\bthe change (?:adds no|breaks)\\b|\\bcannot be loaded\\b',
  ),
);
addMarkupPattern(
  /\bone environment \("|"\): nothing to diff\b|\bno development and production pair to diff \(environments: /,
);
