import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatedReadme } from '../scripts/docs.js';

// the conformance section is checked by test/conformance.test.ts, which runs the vectors anyway
t.test('the README sections generated from code are up to date (npm run docs)', async (t) => {
  const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
  t.equal(readme, await generatedReadme(readme, { conformance: false }));
});
