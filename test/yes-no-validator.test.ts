// The precompiled validator answers yes or no only (scripts/compile-schema.ts yesNoOnly): it must
// answer as the full validator does, valid or not, and build no error it would throw away.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { VALIDATOR_FILE, yesNoOnly } from '../scripts/compile-schema.js';
import { fullValidator, isValid } from '../src/validate/validators.js';
import { parseYaml } from '../src/yaml/parse.js';
import { corpusSets } from './helpers/corpus.js';
import { readTree } from './helpers/fixtures.js';
import type { Tree } from '../src/yaml/located.js';

t.test('no error object, path or parent is built: the validators take the value alone', async (t) => {
  const code = readFileSync(VALIDATOR_FILE, 'utf8');
  t.notMatch(code, /instancePath|parentDataProperty|rootData|dynamicAnchors/);
  t.match(code, /function validate52\(data\)\{/);
  t.throws(() => yesNoOnly('f(data, {instancePath:x, other})'), /unknown shape/);
});

/** Every mapping of the seed and of the corpus, then each with a few random changes (a fixed seed). */
function trees(): Tree[] {
  const texts = [...Object.values(readTree('seed')), ...corpusSets().flatMap((s) => Object.values(s.bundle.files))];
  const out: Tree[] = [];
  for (const text of texts)
    for (const d of parseYaml(text, 'c.yaml').documents) if (d.tree && typeof d.tree === 'object') out.push(d.tree);
  let seed = 7;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);
  const values: Tree[] = [0, -1, 1.5, '', 'x', '80:80', true, null, [], {}, ['a', 'a'], { 'x-a': 1 }, '10s'];
  const keys = ['foo', 'x-bar', 'image', 'ports', 'build', 'bad key!', 'external', 'driver'];
  for (const tree of out.slice()) {
    for (let m = 0; m < 8; m++) {
      const copy = structuredClone(tree);
      const nodes: (Tree[] | Record<string, Tree>)[] = [];
      const visit = (n: Tree) => {
        if (n === null || typeof n !== 'object') return;
        nodes.push(n);
        for (const v of Object.values(n)) visit(v);
      };
      visit(copy);
      const node = nodes[rnd(nodes.length)] as Record<string, Tree>;
      const names = Object.keys(node);
      const value = structuredClone(values[rnd(values.length)]);
      if (names.length && rnd(2)) node[names[rnd(names.length)]] = value;
      else if (Array.isArray(node)) node.push(value);
      else node[keys[rnd(keys.length)]] = value;
      out.push(copy);
    }
  }
  return out;
}

t.test('the yes/no answer is the full validator answer, on valid and invalid models', async (t) => {
  const { validate } = fullValidator();
  let valid = 0;
  let differ = 0;
  const all = trees();
  for (const tree of all) {
    const yes = isValid(tree);
    if (yes) valid++;
    if (yes !== validate(tree)) differ++;
  }
  t.equal(differ, 0, `${all.length} models, ${valid} valid`);
  t.ok(valid > 100 && all.length - valid > 100, 'both answers are exercised');
});
