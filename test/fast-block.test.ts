// Block scalars in the fast reader (src/yaml/fast-block.ts) against the whole way (yaml's lexer,
// parser and composer, then our walk): the same values, locations (the scalar's, and the end of the
// collections around it) and diagnostics, over every combination of a header, a place in the
// document, a body and what follows it; and the fast reader must read the common ones itself.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseYaml, parseYamlWhole, type ParsedYaml } from '../src/yaml/parse.js';
import { FastReader } from '../src/yaml/fast.js';
import { isObject, locsOf, type Tree } from '../src/yaml/located.js';
import { budgets } from '../src/limits.js';
import { FIXTURES } from './helpers/fixtures.js';

function canonTree(v: Tree | undefined): unknown {
  if (typeof v !== 'object' || v === null) return v;
  const l = locsOf(v);
  const keys = Array.isArray(v) ? [...v.keys()] : Object.keys(v);
  const locs = l && {
    self: l.self,
    all: [...l.all()],
    each: keys.map((k) => [typeof k === 'string' ? l.key(k) : undefined, l.value(k)]),
  };
  if (Array.isArray(v)) return { seq: v.map(canonTree), locs };
  if (isObject(v)) return { map: keys.map((k) => [k, canonTree(v[k as string])]), locs };
  return v;
}

const canon = (p: ParsedYaml): string =>
  JSON.stringify({
    documents: p.documents.map((d) => ({ tree: canonTree(d.tree), marks: d.marks, start: d.start })),
    diagnostics: p.diagnostics,
  });

const HEADERS = ['|', '>', '|-', '>-', '|+', '>+', '| # c', '>-  # c', '>#c', '|2', '>1-', '|x', '|-+', '>  '];
/** bodies at a content indentation of `d` spaces */
const BODIES: ((d: string) => string)[] = [
  (d) => `${d}one\n`,
  (d) => `${d}one two\n${d}three\n`,
  (d) => `${d}one\n\n${d}two\n`,
  (d) => `${d}one\n${d}  more\n${d}  more2\n${d}back\n`,
  (d) => `${d}one\n${d}  more\n\n${d}back\n\n${d}  more\n`,
  (d) => `\n${d}one\n`,
  (d) => `${d}  \n${d}one\n`,
  (d) => `${d}one\n${d}  \n${d}two\n`,
  (d) => `${d}one\n${d}   \n`,
  (d) => `${d}# not a comment\n${d}k: v\n${d}- x\n`,
  (d) => `${d}one\n\n\n`,
  (d) => `${d}one\n${d}\n${d}\n`,
  (d) => `${d}  lead\n${d}one\n`,
  (d) => `${d}one`,
  (d) => `${d}one\n${d}`,
  (d) => `${d}one\n${d}   `,
  (d) => `${d}one\n${d.slice(1)}less\n`,
  (d) => `${d}a\t b\n`,
  (d) => `${d}ls -1 apps > sites/apps.txt;\n${d}bench set-config -g db_host $$DB_HOST;\n`,
  () => ``,
  () => `\n\n`,
];
/** a header at `H`, the body at `B` (its indentation given), what follows at `A` */
const PLACES: [string, number][] = [
  ['k: H\nB', 1],
  ['k: H\nB', 2],
  ['k: H\nBA', 2],
  ['- H\nB', 1],
  ['- H\nB', 2],
  ['- H\nBA', 2],
  ['a:\n  k: H\nB', 3],
  ['a:\n  k: H\nB', 4],
  ['a:\n  k: H\nBA', 4],
  ['a:\n  k: H\nB', 2],
  ['a:\n  - H\nB', 3],
  ['a:\n  - H\nB', 4],
  ['a:\n  - H\nBA', 6],
  ['a:\n- H\nB', 1],
  ['a:\n- H\nBA', 2],
  ['- k: H\nB', 2],
  ['- k: H\nB', 3],
  ['- k: H\nB', 4],
  ['- k: H\nBA', 4],
  ['a:\n  - k: H\nBA', 6],
  ['a:\n  - k: H\nB', 4],
  ['a:\n  - k: H\nB', 5],
  ['a:\n  x: &x H\nB', 4],
  ['- - H\nB', 3],
];
const AFTERS = (place: string): string[] => {
  // the column of what holds the scalar: the next key or item at it
  const line = place.split('\n').find((l) => l.includes('H'))!;
  const col = line.indexOf(line.trimStart());
  const k = line.trimStart().startsWith('- k:') ? col + 2 : col;
  const sib = line.trimStart().startsWith('-') && !line.includes('k:') ? '- z' : 'z: 1';
  const pad = (n: number) => ' '.repeat(n);
  return [
    '',
    `${pad(k)}${sib}\n`,
    `\n${pad(k)}${sib}\n`,
    `\n\n${pad(k)}${sib}`,
    `${pad(k)}# c\n${pad(k)}${sib}\n`,
    `${pad(k + 1)}# c\n`,
    `# c\n`,
    `\n${pad(k)}# c\n\n`,
    `top: 2\n`,
    `${pad(k + 1)}deeper: 1\n`,
    `---\nx: 1\n`,
  ];
};

t.test('block scalars: the fast reader reads them as the whole way does', async (t) => {
  let texts = 0;
  let fast = 0;
  let differ = 0;
  for (const [place, indent] of PLACES)
    for (const h of HEADERS)
      for (const body of BODIES)
        for (const after of place.includes('A') ? AFTERS(place) : ['']) {
          const text = place
            .replace('H', h)
            .replace('B', body(' '.repeat(indent)))
            .replace('A', after);
          texts++;
          if (new FastReader(text, 'f.yaml', budgets({})).read()) fast++;
          const a = canon(parseYaml(text, 'f.yaml'));
          const b = canon(parseYamlWhole(text, 'f.yaml'));
          if (a !== b && ++differ <= 5) t.equal(a, b, JSON.stringify(text));
        }
  t.equal(differ, 0, `${differ} of ${texts} texts read differently`);
  t.ok(fast > texts / 6, `the fast reader read ${fast} of ${texts} texts`);
  t.comment(`${texts} texts, ${fast} read by the fast reader`);
});

t.test("frappe_docker's compose.yaml, a folded command, is read by the fast reader", async (t) => {
  const text = readFileSync(join(FIXTURES, 'corpus/frappe__frappe_docker/compose.yaml'), 'utf8');
  t.not(new FastReader(text, 'compose.yaml', budgets({})).read(), undefined);
  t.equal(canon(parseYaml(text, 'compose.yaml')), canon(parseYamlWhole(text, 'compose.yaml')));
});
