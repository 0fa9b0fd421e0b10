// The library's `budgets` option takes what the service takes at start (src/limits.ts parseValue:
// "a whole number from 1 up"): NaN, Infinity, 0, a negative or a fraction made every `used > max`
// false (the limit gone: 300,000 YAML nodes loaded with yamlNodes=NaN) or every input fail, silently.
// Refused now: a RangeError (or a TypeError for what is not a number) naming the budget.
import t from 'tap';
import { loadBundle, parseBundle, auditBundle, DEFAULT_BUDGETS } from '../src/index.js';
import { parseYaml } from '../src/yaml/parse.js';
import { budgets } from '../src/limits.js';

const bundle = () => parseBundle({ files: { 'compose.yaml': 'services:\n  web:\n    image: a\n' } });

t.test('a budget that is not a whole number from 1 up is refused, naming the budget', async (t) => {
  for (const v of [NaN, Infinity, -Infinity, -1, 0, 1.5, 2 ** 53]) {
    for (const name of ['yamlNodes', 'yamlDepth', 'findings', 'secretChars'] as const) {
      t.throws(() => loadBundle(bundle(), { budgets: { [name]: v } }), {
        name: 'RangeError',
        message: new RegExp(`budgets\\.${name} must be a whole number from 1 up, not`),
      });
    }
  }
  t.throws(() => auditBundle(bundle(), { budgets: { findings: NaN } }), { name: 'RangeError' });
  // what is not a number at all (a JavaScript caller's '5', null)
  for (const v of ['5', null, true, {}]) {
    t.throws(() => loadBundle(bundle(), { budgets: { yamlNodes: v as unknown as number } }), {
      name: 'TypeError',
      message: /budgets\.yamlNodes must be a whole number from 1 up/,
    });
  }
  // the YAML stage's own entry (its former yamlLimits names go through the same budgets)
  t.throws(() => parseYaml('a: 1', 'x.yaml', { maxDepth: NaN }), { name: 'RangeError' });
  t.throws(() => budgets({ fileBytes: -5 }), { name: 'RangeError', message: /budgets\.fileBytes/ });
});

t.test('whole numbers from 1 up still hold, and an undefined budget keeps its default', async (t) => {
  const r = loadBundle(bundle(), { budgets: { yamlNodes: 1, findings: 7, yamlDepth: undefined } });
  t.equal(r.budgets.yamlNodes, 1);
  t.equal(r.budgets.findings, 7);
  t.equal(r.budgets.yamlDepth, DEFAULT_BUDGETS.yamlDepth);
  t.same(budgets(), DEFAULT_BUDGETS);
});
