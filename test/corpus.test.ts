// Every file set of the real-world corpus loads like `docker compose config` would, or fails with the
// positioned error Compose gives. The expected outcomes are committed (fixtures/corpus-expected.json)
// and were reviewed by hand: the failures are sets that need a variable or a file the repository
// does not ship (frappe's traefik/secrets overrides, zulip's secrets defined in an uncommitted file).
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusSets } from './helpers/corpus.js';
import { corpusOutcome } from './helpers/corpus-outcome.js';
import { FIXTURES } from './helpers/fixtures.js';
import { validateBundle } from '../src/index.js';

const expected = JSON.parse(readFileSync(join(FIXTURES, 'corpus-expected.json'), 'utf8')) as Record<
  string,
  ReturnType<typeof corpusOutcome>
>;
const sets = corpusSets();

t.equal(sets.length, Object.keys(expected).length, 'every set has an expected outcome');
for (const set of sets) {
  const key = `${set.id} :: ${set.spec.files.join(',')}`;
  t.test(key, async (t) => {
    const got = corpusOutcome(set);
    t.same(got, expected[key]);
    if (got.loaded) t.ok(got.services.length > 0, 'a loaded set has services');
    else t.ok(got.errors.length > 0, 'a set that does not load says why');
    for (const e of got.errors)
      t.match(e, /^[^:]+\.(ya?ml|env):[1-9]\d*:[1-9]\d* /, 'errors point at a file, line and column');
  });
}

t.test('the API path validates every corpus folder without a crash', async (t) => {
  for (const set of sets) {
    const r = validateBundle({ files: set.bundle.files, environments: { default: set.spec } }).json;
    t.equal(typeof r.valid, 'boolean');
    t.equal(r.valid, expected[`${set.id} :: ${set.spec.files.join(',')}`].loaded, set.id);
  }
});

t.test('every corpus set audits, diffs and reviews without a crash', async (t) => {
  const { auditProject } = await import('../src/audit/project.js');
  const { loadBundle } = await import('../src/load/bundle.js');
  const { diffEnvironments } = await import('../src/diff/diff.js');
  const { driftRisks } = await import('../src/diff/drift.js');
  const { reviewMarkdown } = await import('../src/report/review.js');
  const { review } = await import('../src/review/review.js');
  for (const set of sets) {
    // the base alone as development, the whole set as production
    const bundle = {
      files: set.bundle.files,
      environments: { development: { ...set.spec, files: set.spec.files.slice(0, 1) }, production: set.spec },
    };
    const result = loadBundle(bundle);
    const audit = auditProject(result);
    t.ok(
      audit.findings.every((f) => f.file === '' || f.line >= 1),
      `${set.id}: findings are positioned`,
    );
    t.notOk(
      audit.findings.some((f) => f.rule === 'audit-rule-crashed'),
      `${set.id}: no rule crashed`,
    );
    const diff = diffEnvironments(result.environments.development, result.environments.production);
    if (set.spec.files.length === 1) t.same(diff.entries, [], `${set.id}: an environment equals itself`);
    if (result.environments.production.model && result.environments.development.model)
      driftRisks(result.environments.development, result.environments.production, { diff });
    const md = reviewMarkdown(review(bundle));
    t.ok(md.length <= 65_536, `${set.id}: PR comment under the limit`);
  }
});
