import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatedReadme } from '../scripts/docs.js';

// the conformance section is checked by test/conformance.test.ts, which runs the vectors anyway
t.test('the README sections generated from code are up to date (npm run docs)', async (t) => {
  const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
  t.equal(readme, await generatedReadme(readme, { conformance: false }));
});

t.test('what the README says /v1/config masks is what it masks', async (t) => {
  const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8').replace(/\s+/g, ' ');
  // the web page asks `/v1/config?format=json&provenance=true` (web/src/analysis.ts): the default, redact=true
  const { runTask } = await import('../src/usecases/task.js');
  const files = {
    '.env': 'DB_PASSWORD=Zq8canaryvalue\n',
    'compose.yaml':
      'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${DB_PASSWORD}\n',
  };
  const body = runTask({ question: 'config', input: { files }, options: { format: 'json', provenance: true } }).body;
  t.notMatch(body, 'Zq8canaryvalue', '/v1/config masks by default');
  t.notMatch(readme, /\/v1\/config`? itself masks nothing/, 'and no section of the README says it does not');
  t.match(readme, /`config` masks by default too/);
});
