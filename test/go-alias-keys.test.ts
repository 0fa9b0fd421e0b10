/**
 * Aliases and collections as mapping keys, as go-yaml v4.0.0-rc.4 and compose-go read them.
 * - internal/libyaml/yamlprivate.go isAnchorChar: a `:` ends an anchor or alias name (`*a: 1` is
 *   the alias `a` as a key), where YAML 1.2 lets a name hold one.
 * - constructor.go mapping: the key is built from the alias's target (isStringMap reads the target's
 *   tag through ShortTag); a key that is a mapping or a sequence fails
 *   "cannot use '%#v' as a map key; try decoding into yaml.Node".
 * - compose-go loader/reset.go resolveContainer tells keys apart by their node's Value, the alias's
 *   name for an alias; two keys with different Values that read the same: the later wins (go-yaml's
 *   out.SetMapIndex).
 */
import t from 'tap';
import { parseYaml } from '../src/yaml/parse.js';
import { keyLoc, type TreeObject } from '../src/yaml/located.js';

const parse = (text: string) => parseYaml(text, 'compose.yaml');
const doc = (text: string) => parse(text).documents[0]?.tree as TreeObject;

t.test('an alias as a key is its target scalar, placed where the alias is', async (t) => {
  const text = 'x-k: &k PORT\nx-m:\n  *k: 1\n  other: 2\nx-f: {*k : 3}\n';
  const p = parse(text);
  t.same(p.diagnostics, []);
  t.same(p.documents[0].tree, { 'x-k': 'PORT', 'x-m': { PORT: 1, other: 2 }, 'x-f': { PORT: 3 } });
  t.match(keyLoc((p.documents[0].tree as TreeObject)['x-m'], 'PORT'), { line: 3, column: 3 });
});

t.test('an anchor name ends at a colon too (isAnchorChar)', async (t) => {
  t.same(doc('x-a: &a v\nx-b: *a\n'), { 'x-a': 'v', 'x-b': 'v' });
  const p = parse('x-k: &k 5\nx-m:\n  *k: 1\n');
  // the target is an int: the mapping is map[interface{}]interface{}, refused as compose-go refuses `5: 1`
  t.match(p.diagnostics, [{ code: 'yaml-non-string-key', message: 'non-string key in x-m: 5', line: 3, column: 3 }]);
});

t.test('keys are told apart by Value: the alias name for an alias (reset.go resolveContainer)', async (t) => {
  // `*k` (Value "k") and `PORT`: no duplicate; both read PORT, the later wins
  t.same(doc('x-k: &k PORT\nx-m:\n  *k: 1\n  PORT: 2\n')['x-m'], { PORT: 2 });
  t.same(doc('x-k: &k PORT\nx-m:\n  PORT: 2\n  *k: 1\n')['x-m'], { PORT: 1 });
  // `*k` and `k`: the same Value, "mapping key already defined"
  const p = parse('x-k: &k PORT\nx-m:\n  *k: 1\n  k: 2\n');
  t.match(p.diagnostics, [
    { code: 'yaml-duplicate-key', message: 'line 4: mapping key "k" already defined at line 3' },
  ]);
});

t.test('a mapping or a sequence as a key fails as go-yaml fails it (constructor.go mapping failf)', async (t) => {
  const seq = parse('x-a: &a [b, 1]\nx-m:\n  *a: 1\n');
  t.match(seq.diagnostics, [
    {
      code: 'yaml-non-string-key',
      line: 3,
      column: 3,
      composeMessage: `yaml: cannot use '[]interface {}{"b", 1}' as a map key; try decoding into yaml.Node`,
    },
  ]);
  const map = parse('x-m:\n  ? {b: 1, a: [x]}\n  : 1\n');
  t.match(map.diagnostics, [
    {
      code: 'yaml-non-string-key',
      line: 2,
      column: 5,
      composeMessage: `yaml: cannot use 'map[string]interface {}{"a":[]interface {}{"x"}, "b":1}' as a map key; try decoding into yaml.Node`,
    },
  ]);
});
