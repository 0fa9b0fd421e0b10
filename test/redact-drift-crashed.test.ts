// A drift risk's id is ours wherever an answer writes it (src/redact/codes.ts addOwnCodes): drift's
// rules registered theirs, but not the id drift reports a rule that crashed under,
// `drift-rule-crashed` (src/diff/drift.ts CRASHED): a secret equal to it, or to a word the answers
// write of it, masked the diff's drift table cell (`` | `********` | ``), SARIF's rule name and tag.
import t from 'tap';
import { loadBundle } from '../src/load/bundle.js';
import { diffEnvironments } from '../src/diff/diff.js';
import { driftRisks } from '../src/diff/drift.js';
import { formatDiffMarkdown, formatDiffText } from '../src/report/diff.js';
import { FINDING_FORMATS, renderFindings } from '../src/report/render.js';
import { Masker } from '../src/redact/mask.js';
import type { Finding } from '../src/audit/rule.js';

const files = {
  'compose.yaml': 'services:\n  web:\n    image: nginx:1.25\n',
  'compose.dev.yaml': 'services:\n  web:\n    image: nginx:1.26\n',
};
const envs = loadBundle({
  files,
  environments: {
    development: { files: ['compose.yaml', 'compose.dev.yaml'] },
    production: { files: ['compose.yaml'] },
  },
}).environments;
// an audit rule that crashed: drift reports it too (src/diff/drift.ts)
const crashed = {
  rule: 'debug-in-production',
  code: 'audit-rule-crashed',
  severity: 'warning',
  message: 'rule x failed: y',
  file: 'compose.yaml',
  line: 1,
  column: 1,
  path: '',
  environment: 'production',
} as unknown as Finding;
const diff = diffEnvironments(envs.development, envs.production);
const drift = driftRisks(envs.development, envs.production, { findings: [crashed], diff });

/** Every rendering of the drift risks, masked as the answers mask them. */
function answers(secret: string): string[] {
  const masker = new Masker([secret]);
  const shown = masker.findings(drift);
  return [
    masker.rendered(formatDiffMarkdown(diff, { drift, masker })),
    masker.rendered(formatDiffText(diff, { drift, masker })),
    ...FINDING_FORMATS.filter((f) => f !== 'json').map((f) => masker.rendered(renderFindings(f, shown, files).body)),
  ];
}

t.test('a secret equal to drift-rule-crashed, or a word of it, leaves every rendering as it is', async (t) => {
  t.match(drift, [{ rule: 'drift-rule-crashed' }], 'a drift risk of a crashed rule');
  t.match(answers('qzqzqzqz').join('\n'), '| `drift-rule-crashed` |', 'its table cell');
  for (const secret of ['drift-rule-crashed', 'crashed'])
    t.same(answers(secret), answers([...secret].map((_, i) => 'qz'[i % 2]).join('')), secret);
});
