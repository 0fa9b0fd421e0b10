// Path pattern tables: the trie lookup (ruleTable) and the walkers' state machine (pathTable) must
// agree with compose-go's rule: the first pattern of the list that matches the path.
import t from 'tap';
import { nextPath, pathMatches, pathTable, ruleTable, treePathOf, type PathState } from '../src/yaml/treepath.js';

const RULES: [string, string][] = [
  ['services.*.ports', 'ports'],
  ['services.*.ports.[]', 'port'],
  ['services.*.build', 'build'],
  ['services.*.*', 'any service key'],
  ['services.web.ports', 'never (shadowed by the first rule)'],
  ['services.web.image', 'web image'],
  ['*.*.labels', 'labels anywhere'],
  ['networks.*.ipam.config', 'ipam'],
  ['', 'root'],
];

/** The definition: scan the list in order. */
const naive = (path: string): string | undefined =>
  RULES.find(([p]) => pathMatches(path, p) || (p === '' && path === ''))?.[1];
const naivePrefix = (path: string): boolean =>
  RULES.some(
    ([p]) =>
      p !== '' &&
      p.split('.').length >= (path === '' ? 0 : path.split('.').length) &&
      (path === '' || pathMatches(path, p.split('.').slice(0, path.split('.').length).join('.'))),
  );

function stateAt(root: PathState<string>, keys: string[]): PathState<string> {
  return keys.reduce((s, k) => s.step(k), root);
}

t.test('pathTable and ruleTable agree with scanning the list in order', async (t) => {
  const table = ruleTable(RULES);
  const root = pathTable(RULES);
  const words = [
    'services',
    'networks',
    'web',
    'db',
    'ports',
    '[]',
    'build',
    'image',
    'labels',
    'ipam',
    'config',
    'a.b',
    'x',
  ];
  // seeded: every path of up to four words
  let checked = 0;
  const wrong: string[] = [];
  const expect = (what: string, got: unknown, want: unknown) => {
    if (got !== want) wrong.push(`${what}: got ${String(got)}, want ${String(want)}`);
  };
  const visit = (keys: string[]) => {
    const path = keys.reduce((p, k) => nextPath(p, k), '');
    const s = stateAt(root, keys);
    expect(`rule of ${path || '(root)'}`, s.rule, naive(path));
    if (keys.length) {
      expect(`ruleTable of ${path}`, table(path), naive(path));
      expect(`live ${path}`, s.live, naivePrefix(path) || naive(path) !== undefined);
    }
    checked++;
    if (keys.length < 4) for (const w of words) visit([...keys, w]);
  };
  visit([]);
  t.ok(checked > 20_000, `${checked} paths`);
  t.same(wrong, [], 'no path disagrees');
});

t.test('states are shared: many distinct names add no states', async (t) => {
  const root = pathTable(RULES);
  const a = root.step('services').step('svc1');
  const b = root.step('services').step('svc2');
  t.equal(a, b, 'every unnamed service reaches the same state');
  t.equal(a.step('ports').rule, 'ports');
  t.equal(root.step('nothing').live, true, '*.*.labels still reachable');
  t.equal(root.step('nothing').step('more').step('labels').rule, 'labels anywhere');
  t.equal(root.step('nothing').step('more').step('other').live, false);
  t.equal(root.step('nothing').step('more').step('other').step('labels').rule, undefined);
});

t.test('treePathOf prints compose-go paths', async (t) => {
  t.equal(treePathOf(['services', 'web', 'ports', 0, 'target']), 'services.web.ports.[].target');
  t.equal(treePathOf([]), '');
});
