// The audit markdown's per-environment layout (formatMarkdown, groupBy: 'environment') names the rule
// before each fix (`` **Fix:** `restart-policy-missing` `` and a line of `How to fix`): a rule's id is
// ours, but that form of it was not registered as ours (src/redact/markup.ts), so a secret equal to
// a rule's id masked it there (`` **Fix:** `********` ``) while its table cell kept it.
import t from 'tap';
import { auditBundle } from '../src/usecases/audit.js';
import { formatMarkdown } from '../src/report/markdown.js';
import { Masker } from '../src/redact/mask.js';

const findings = auditBundle({
  files: {
    'compose.yaml': 'services:\n  web:\n    image: nginx:1.25\n    ports: ["8080:80"]\n  db:\n    image: postgres:16\n',
  },
}).json.findings;

const rendered = (secret: string, list = findings): string =>
  new Masker([secret]).rendered(formatMarkdown(list, { groupBy: 'environment' }));
const neutral = (word: string): string => [...word].map((_, i) => 'qz'[i % 2]).join('');

t.test("a secret equal to a rule's id leaves the rule before its fix as it is", async (t) => {
  const ids = [...new Set(findings.filter((f) => f.fix).map((f) => f.rule))];
  t.ok(ids.length > 1, `${ids.length} rules with a fix`);
  t.match(rendered('qzqzqzqz'), /<summary>How to fix \(\d+\)<\/summary>\n\n`[a-z-]+` /, 'the rules before their fixes');
  for (const id of ids) t.equal(rendered(id), rendered(neutral(id)), id);
  // one fix alone: `**Fix:** `
  const one = findings.filter((f) => f.rule === ids[0]).slice(0, 1);
  t.match(rendered(ids[0], one), `**Fix:** \`${ids[0]}\` `, 'a fix alone');
});
