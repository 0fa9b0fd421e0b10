// Every conformance vector is a named subtest. A vector that fails today is listed in
// test/conformance/known-failures.json with the class of its failure: listed and failing passes,
// listed and passing fails (take it off the list: the list only shrinks), failing and not listed
// fails. Skipped vectors (out of scope, Go-only APIs) are skipped subtests with their reason.
// The README's conformance section is generated from the same run (npm run docs) and checked here.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CONFORMANCE_DIRS,
  conformanceReports,
  conformanceSection,
  knownFailures,
  replaceSection,
} from '../scripts/docs.js';

const known = knownFailures();
const reports = await conformanceReports();

for (const dir of CONFORMANCE_DIRS) {
  const listed = known.failures[dir] ?? {};
  t.test(dir, async (t) => {
    const seen = new Set<string>();
    for (const report of reports[dir])
      t.test(report.file, async (t) => {
        for (const { id, result } of report.results) {
          seen.add(id);
          const klass = listed[id];
          if (result.status === 'skip') {
            t.test(id, { skip: result.message ?? 'skipped' }, async () => {});
            continue;
          }
          t.test(id, async (t) => {
            if (klass === undefined) t.equal(result.status, 'pass', result.message ?? '');
            else {
              t.ok(known.classes[klass], `known failure class ${klass} is described`);
              t.not(result.status, 'pass', `passes now: remove it from known-failures.json (${klass})`);
            }
          });
        }
      });
    t.test('known-failures.json lists only vectors of this folder', async (t) => {
      t.same(
        Object.keys(listed).filter((id) => !seen.has(id)),
        [],
      );
    });
  });
}

t.test("the README's conformance section is up to date (npm run docs)", async (t) => {
  const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
  t.equal(readme, replaceSection(readme, 'conformance', conformanceSection(reports, known)));
});
