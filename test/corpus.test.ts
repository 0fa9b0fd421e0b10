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

const expected = JSON.parse(readFileSync(join(FIXTURES, 'corpus-expected.json'), 'utf8')) as Record<string, ReturnType<typeof corpusOutcome>>;
const sets = corpusSets();

t.equal(sets.length, Object.keys(expected).length, 'every set has an expected outcome');
for (const set of sets) {
  const key = `${set.id} :: ${set.spec.files.join(',')}`;
  t.test(key, async (t) => {
    const got = corpusOutcome(set);
    t.same(got, expected[key]);
    if (got.loaded) t.ok(got.services.length > 0, 'a loaded set has services');
    else t.ok(got.errors.length > 0, 'a set that does not load says why');
    for (const e of got.errors) t.match(e, /^[^:]+\.(ya?ml|env):[1-9]\d*:[1-9]\d* /, 'errors point at a file, line and column');
  });
}

t.test('the API path validates every corpus folder without a crash', async (t) => {
  for (const set of sets) {
    const r = validateBundle({ files: set.bundle.files, environments: { default: set.spec } });
    t.equal(typeof r.valid, 'boolean');
    t.equal(r.valid, expected[`${set.id} :: ${set.spec.files.join(',')}`].loaded, set.id);
  }
});
