/**
 * The copiedNodes budget bounds what a bundle's models copy, so that the work after the load (the
 * audit, the diff and the masking of every copied value, for each environment and for both sides of
 * a review) stops with a `copy-limit` in a 200 rather than running into the work deadline.
 */
import t from 'tap';
import { loadBundle } from '../src/load/bundle.js';
import { DEFAULT_BUDGETS } from '../src/limits.js';
import type { Bundle } from '../src/bundle/bundle.js';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const codes = (r: ReturnType<typeof loadBundle>) => r.allDiagnostics.map((d) => d.code);

/** n services reading one env file of m lines: n*m copies (each line once for each service). */
const envFan = (n: number, m: number): Record<string, string> => ({
  'a.env': range(m)
    .map((i) => `V${i}=${i}\n`)
    .join(''),
  'compose.yaml': `services:\n${range(n)
    .map((i) => `  s${i}:\n    image: x\n    env_file: a.env\n`)
    .join('')}`,
});

t.test("the budget bounds the copies of all a bundle's environments together", async (t) => {
  // three environments (compose.yaml, and it with each override) of 10,000 copies each
  const files = { ...envFan(100, 100), 'compose.a.yaml': 'services: {}\n', 'compose.b.yaml': 'services: {}\n' };
  const all = loadBundle({ files });
  t.same(codes(all), [], 'under the default');
  t.equal(Object.keys(all.environments).length, 3);
  const r = loadBundle({ files }, { budgets: { copiedNodes: 25_000 } });
  // each environment alone is under 25,000: together they are not
  const limited = Object.entries(r.environments).filter(([, e]) => e.diagnostics.some((d) => d.code === 'copy-limit'));
  t.equal(limited.length, 1, 'the environment that crosses it stops');
  t.match(limited[0][1].diagnostics, [
    {
      code: 'copy-limit',
      file: 'compose.yaml',
      message: /reading a\.env would copy more than 25,000 nodes into the models of this bundle's environments/,
      hint: /copiedNodes budget/,
    },
  ]);
});

t.test('a list merged again by each document is copied whole each time: counted', async (t) => {
  // compose-go merges each document into the model so far (loader/loader.go:500 override.Merge),
  // and mergeToSequence (override/merge.go:190-194) appends both lists into a new one: n documents
  // adding one item each copy n^2/2 items
  const docs = (n: number): Bundle => ({
    files: {
      'compose.yaml': `services:\n  web:\n    image: nginx\n${range(n)
        .map((i) => `---\nservices: {web: {environment: [V${i}=1]}}\n`)
        .join('')}`,
    },
  });
  t.same(codes(loadBundle(docs(100))), []);
  const r = loadBundle(docs(400), { budgets: { copiedNodes: 20_000 } });
  t.match(r.allDiagnostics, [
    { code: 'copy-limit', file: 'compose.yaml', message: /^merging compose\.yaml would copy more than 20,000/ },
  ]);
  // the document that crossed it: 1 + 2 + ... + k > 20,000 at k = 200, document 201 (lines 4 + 2k)
  t.equal(r.allDiagnostics[0].line, 4 + 2 * 199);
});

t.test('a resource included again merges into what the earlier references made: counted', async (t) => {
  // include.go:190-222 importResource merges each reference's service over the one so far
  // (override.MergeYaml(a, conflict)): its environment list grows by m with each of k references
  const inc = (k: number, m: number): Bundle => ({
    files: {
      'compose.yaml': `include:\n${range(k)
        .map(() => '  - inc.yaml\n')
        .join('')}services:\n  main:\n    image: x\n`,
      'inc.yaml': `services:\n  inc:\n    image: nginx\n    environment:\n${range(m)
        .map((i) => `      V${i}: "${i}"\n`)
        .join('')}`,
    },
  });
  const ok = loadBundle(inc(3, 50));
  t.same(codes(ok), []);
  const r = loadBundle(inc(20, 200), { budgets: { copiedNodes: 20_000 } });
  t.match(r.allDiagnostics, [
    { code: 'copy-limit', file: 'compose.yaml', message: /^including inc\.yaml would copy more than 20,000/ },
  ]);
});

t.test('the default stops an extends chain whose review would near the work deadline', async (t) => {
  // service c_i extends c_(i-1) and adds a variable: c_i copies i+2 nodes, n services about n^2/2.
  // A review of such a pair at 500,000 copies took 3.5 s of CPU, 13 s wall under load; at 60,000
  // 0.5 s (README Limits, copiedNodes)
  const chain = (n: number): Bundle => ({
    files: {
      'compose.yaml': `services:\n  c0:\n    image: nginx\n${range(n - 1)
        .map((i) => `  c${i + 1}:\n    extends: c${i}\n    environment:\n      V${i + 1}: x\n`)
        .join('')}`,
    },
  });
  t.ok(DEFAULT_BUDGETS.copiedNodes <= 60_000);
  t.same(codes(loadBundle(chain(300))), [], '45,000 copies');
  t.match(loadBundle(chain(400)).allDiagnostics, [{ code: 'copy-limit', message: /extending service c\d+/ }]);
});
