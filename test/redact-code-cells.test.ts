// A code without a rule's metadata (a diagnostic code, src/redact/codes.ts; a drift risk's id,
// src/diff/drift.ts) is ours wherever an answer writes it: a secret equal to it, or to a word the
// answers write of it, leaves every answer as it is but for the bundle's copy of the secret. The
// review's diagnostics table showed `| ******** |` in its code cell (`API_TOKEN: undefined-network`),
// and SARIF's descriptor of a drift id its sentence (`Drift image ********`) and tag.
import t from 'tap';
import { everyAnswer } from './helpers/answers.js';

/** A secret of no meaning as long as `word`. */
const neutral = (word: string): string => [...word].map((_, i) => 'qz'[i % 2]).join('');

const diagnostic = (secret: string) => ({
  files: {
    'compose.yaml': `services:\n  web:\n    image: nginx:1.25\n    networks: [missing]\n    environment:\n      API_TOKEN: ${secret}\n`,
  },
});
const drift = (secret: string) => ({
  files: {
    'compose.yaml': `services:\n  web:\n    image: nginx:1.25\n    environment:\n      API_TOKEN: ${secret}\n`,
    'compose.dev.yaml': 'services:\n  web:\n    image: nginx:1.26\n',
  },
  environments: {
    development: { files: ['compose.yaml', 'compose.dev.yaml'] },
    production: { files: ['compose.yaml'] },
  },
});

/** The answers that differ from those with a secret of no meaning, and a little around the first difference. */
function differ(bundle: (secret: string) => Parameters<typeof everyAnswer>[0], secret: string): string[] {
  const ref = new Map(everyAnswer(bundle(neutral(secret))));
  const out: string[] = [];
  for (const [ask, body] of everyAnswer(bundle(secret))) {
    const other = ref.get(ask) ?? '';
    if (body === other) continue;
    let i = 0;
    while (i < body.length && body[i] === other[i]) i++;
    out.push(`${ask}: ${JSON.stringify(body.slice(Math.max(0, i - 40), i + 20))}`);
  }
  return out;
}

t.test("a secret equal to a diagnostic code leaves the review's diagnostics table as it is", async (t) => {
  const answers = everyAnswer(diagnostic('undefined-network'));
  const review = answers.find(([ask]) => ask === 'review markdown')![1];
  t.match(review, '| `undefined-network` |', 'the code cell names the code');
  t.same(differ(diagnostic, 'undefined-network'), [], 'every answer as with a secret of no meaning');
});

t.test(
  "a secret equal to a drift risk's id, or a word of its SARIF descriptor, leaves every answer as it is",
  async (t) => {
    const sarif = everyAnswer(drift('differs')).find(([ask]) => ask === 'review sarif')![1];
    t.match(sarif, '"text": "Drift image differs"', "SARIF's descriptor of the drift id");
    t.match(sarif, /"tags": \[\s*"drift",/, 'its tag');
    for (const secret of ['drift-image-differs', 'differs', 'drift'])
      t.same(differ(drift, secret), [], `${secret}: every answer as with a secret of no meaning`);
  },
);
