/**
 * The yamlNodes budget is compose-go's defaultMaxNodeVisits (loader/reset.go): the nodes its
 * ResetProcessor visits in one document (the root, each mapping value, each sequence item, an alias
 * as one) may not pass 100,000; past it, compose-go's phrase is the diagnostic's composeMessage,
 * with the budget in force (compose-go's MaxNodeVisits option).
 */
import t from 'tap';
import { parseYaml } from '../src/yaml/parse.js';
import { loadProject } from '../src/load/project.js';

/** compose-go reset_test.go TestVisitCounterLimit, at its real size: two mappings of 50,001 entries */
function twoHalves(half = 100_000 / 2 + 1): string {
  let s = 'name: test\nx-data1:\n';
  for (let i = 0; i < half; i++) s += `  k${i}: v\n`;
  s += 'x-data2:\n';
  for (let i = 0; i < half; i++) s += `  k${i}: v\n`;
  return s;
}

const refused = (text: string, budgets = {}) =>
  parseYaml(text, 'compose.yaml', budgets).diagnostics.filter((d) => d.code === 'yaml-node-limit');

t.test("compose-go's TestVisitCounterLimit: refused with its phrase, at the node past the cap", async (t) => {
  const p = loadProject({ files: { 'compose.yaml': twoHalves() } }, { files: ['compose.yaml'] });
  t.match(p.diagnostics, [
    {
      code: 'yaml-node-limit',
      file: 'compose.yaml',
      composeMessage: 'compose file exceeds maximum node visit limit (100000)',
      message: 'a document of compose.yaml has more than 100,000 YAML nodes',
    },
  ]);
  t.equal(p.model, undefined);
  // compose-go's TestVisitCounterLimitOverride: MaxNodeVisits is our budget (smaller, for speed)
  const small = twoHalves(1_000 / 2 + 1);
  const raised = loadProject(
    { files: { 'compose.yaml': small } },
    { files: ['compose.yaml'] },
    { budgets: { yamlNodes: 2_000 } },
  );
  t.same(raised.diagnostics, []);
  t.ok(raised.model);
  t.match(refused(small, { yamlNodes: 1_000 }), [
    { composeMessage: 'compose file exceeds maximum node visit limit (1000)' },
  ]);
});

t.test('the count is compose-go’s: values and items, not keys; an alias is one node', async (t) => {
  // the same count under any budget: 1,000 here, for speed
  const budget = { yamlNodes: 1_000 };
  const map = (n: number) => Array.from({ length: n }, (_, i) => `k${i}: v\n`).join('');
  // root + n values: 1,000 visits pass, 1,001 do not
  t.same(refused(map(999), budget), []);
  t.equal(refused(map(1_000), budget).length, 1);
  // root + the sequence + n items
  const seq = (n: number) => 'a:\n' + '  - v\n'.repeat(n);
  t.same(refused(seq(998), budget), []);
  t.equal(refused(seq(999), budget).length, 1);
  // each value a mapping of one value: two visits per entry
  const nested = (n: number) => 'a:\n' + Array.from({ length: n }, (_, i) => `  k${i}: {x: 1}\n`).join('');
  t.same(refused(nested(499), budget), []);
  t.equal(refused(nested(500), budget).length, 1);
  // the anchored mapping is visited once (root, x, p, q, y): each alias after it is one visit
  const alias = (n: number) => 'x: &a {p: 1, q: 2}\ny:\n' + '  - *a\n'.repeat(n);
  t.same(refused(alias(995), budget), []);
  t.equal(refused(alias(996), budget).length, 1);
});
