// The PR comment's size guard (src/report/review.ts fit) works on masked text: a cut made before
// masking left the start of a secret in clear (no longer whole, the masker did not see it), and a
// comment measured before masking grew past GitHub's limit once its short secrets were masked.
import t from 'tap';
import { review } from '../src/review/review.js';
import { reviewMarkdown } from '../src/report/review.js';

const TOKEN = 'ghp_Q7v2Lm9XkR4tZp8Wc3Yb6Nd1Fs5Hj0Ae2Gu7';
const compose = `services:\n  web:\n    image: nginx:1.27\n    environment:\n      API_TOKEN: ${TOKEN}\n`;

t.test('a comment cut at any place shows no piece of a secret', async (t) => {
  // environment names quote the token: it is in the comment's head, the part cut last
  const environments = Object.fromEntries(
    Array.from({ length: 4 }, (_, i) => [`e${i} ${TOKEN}`, { files: ['compose.yaml'] }]),
  );
  const r = review({ files: { 'compose.yaml': compose }, environments });
  const full = reviewMarkdown(r);
  t.notMatch(full, TOKEN.slice(0, 8));
  const leaks: number[] = [];
  for (let limit = 210; limit < Math.min(full.length, 1200); limit++) {
    const body = reviewMarkdown(r, { limit });
    if (body.includes(TOKEN.slice(0, 8))) leaks.push(limit);
    if (body.length > limit) leaks.push(-limit);
  }
  t.same(leaks, [], 'limits whose comment shows the token, or is over the limit (negative)');
});

t.test('many diagnostics: the Validation section shows the first ones and counts the rest', async (t) => {
  // 400 unknown keys on one line: the table of all of them was past the limit, and the whole
  // section was dropped ("default cannot be loaded" with no reason shown)
  const keys = Array.from({ length: 400 }, (_, i) => `bad${i}: 1`).join(', ');
  const r = review({
    files: { 'compose.yaml': `services: {web: {image: "nginx:1", ${keys}}}\n` },
    environments: { default: { files: ['compose.yaml'] } },
  });
  const body = reviewMarkdown(r);
  t.ok(body.length <= 65_536);
  t.match(body, /<summary>Validation \(\d+\)<\/summary>/);
  t.match(body, /bad0/, 'the first diagnostic');
  const shown = body.split('\n').filter((l) => /^\| error \|/.test(l)).length;
  t.ok(shown > 0 && shown <= 50, `${shown} rows`);
  t.match(body, new RegExp(`… and ${r.diagnostics.length - shown} more diagnostics \\(see the full report`));
  t.notMatch(body, /Cut to stay under GitHub's/, 'no section dropped');
});
