// Shapes the fast reader (src/yaml/fast.ts) took on after test/fastparse.test.ts, against the whole
// way (yaml's lexer, parser and composer, then our walk): block scalars (src/yaml/fast-block.ts) and
// empty values followed by comment lines. The same values, locations (the node's, and the end of the
// collections around it) and diagnostics, over every combination of a header or comment lines, a
// place in the document, a body and what follows; and the fast reader must read the common ones.
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

t.test("frappe_docker's files, a folded command and commented-out volumes, are read by the fast reader", async (t) => {
  // compose.yaml: `command: - >`; devcontainer-example: `mariadb-data:` then `#postgresql-data:` lines
  for (const file of ['compose.yaml', 'devcontainer-example/docker-compose.yml']) {
    const text = readFileSync(join(FIXTURES, 'corpus/frappe__frappe_docker', file), 'utf8');
    t.not(new FastReader(text, file, budgets({})).read(), undefined, file);
    t.equal(canon(parseYaml(text, file)), canon(parseYamlWhole(text, file)), file);
  }
});

t.test('empty values followed by comment lines: the fast reader reads them as the whole way does', async (t) => {
  // the lines after an empty value: comments at columns 0, 2 and 4 and blank lines, up to three of them
  const parts = ['# c\n', '  # c\n', '    # c\n', '      #c\n', '\n', '  \n'];
  const runs: string[] = [''];
  for (let n = 1; n <= 3; n++)
    for (let k = 0; k < parts.length ** n; k++) {
      let s = '';
      for (let j = 0, x = k; j < n; j++, x = Math.floor(x / parts.length)) s += parts[x % parts.length];
      runs.push(s);
    }
  const places = [
    'a:\n  k:E\nR',
    'a:\n  k:E\nR  z: 1\n',
    'a:\n  k:E\nRb: 1\n',
    'a:\n  k:E\nR    deeper: 1\n',
    'a:\n  - x\n  -E\nR',
    'a:\n  - x\n  -E\nR  - y\n',
    'a:\n  - x\n  -E\nRb: 1\n',
    'a:\n- k:E\nR- z\n',
    'k:E\nR',
    'k:E\nRz: 1',
    'k:E\nR---\nz: 1\n',
    'volumes:\n  mariadb-data:E\nR',
    // a line that closes the collection at a column between 0 and the collection's, and blanks ending
    // the text: the whole way ends the collection past that line's indentation (found by a review)
    'x:\n  a:\n    k:E\nR  b: 1\n',
    'a:\n  - k:E\nR  - x\n',
    'services:\n  db:\n    environment:\n      FOO:E\nR    image: postgres:16\n',
    'k:E\nR ',
    'a:\n  k:E\nR   ',
  ];
  let texts = 0;
  let fast = 0;
  let differ = 0;
  for (const place of places)
    for (const e of ['', '  '])
      for (const run of runs) {
        const text = place.replace('E', e).replace('R', run);
        texts++;
        if (new FastReader(text, 'f.yaml', budgets({})).read()) fast++;
        const a = canon(parseYaml(text, 'f.yaml'));
        const b = canon(parseYamlWhole(text, 'f.yaml'));
        if (a !== b && ++differ <= 5) t.equal(a, b, JSON.stringify(text));
      }
  t.equal(differ, 0, `${differ} of ${texts} texts read differently`);
  // the comment lines right after the empty value, with no blank line among them
  t.ok(fast > texts / 4, `the fast reader read ${fast} of ${texts} texts`);
  t.comment(`${texts} texts, ${fast} read by the fast reader`);
});

t.test('!reset and !override: the fast reader reads them as the whole way does, marks included', async (t) => {
  // N: a line break and the indentation of a value nested under the tagged one
  const values = [
    '!reset null',
    '!reset []',
    '!reset {}',
    '!reset [a, 1]',
    '!reset',
    '!reset  ',
    '!reset # c',
    '!reset x # c',
    '!reset NkNm: !override 1',
    '!reset Nk: vNm: !reset x',
    '!reset N- x',
    '!override abc',
    '!override 1',
    '!override null',
    '!override "q"',
    "!override 'q'",
    '!override [1, 2]',
    '!override {a: 1}',
    '!override Nk: vNm: !reset nullNn: 2',
    '!override N- aN- !reset bN- c',
    '!override >N  folded',
    '!override',
    '!reset *x',
    '!reset &y z',
    '!resetx 1',
    '!custom x',
    '!!str x',
    '!override!reset x',
  ];
  const places = [
    'a:\n  k: T\n',
    'a:\n  k: T\n  z: 1\n',
    'a:\n  k: T\n  k: 2\n',
    'a:\n  - T\n',
    'a:\n  - x\n  - T\n  - T\n  - y\n',
    'services:\n  db:\n    environment:\n      X: T\n      Y: 1\n',
    'x: &x\n  k: 1\na:\n  <<: *x\n  k: T\n',
    'a:\n  <<: T\n',
    'a:\n  <<:\n    k: T\n',
    'a: &x\n  k: T\nb: *x\n',
    'k: T\n',
    '- T\n- k: T\n  j: T\n',
  ];
  let texts = 0;
  let fast = 0;
  let differ = 0;
  for (const place of places)
    for (const value of values) {
      const line = place.split('\n').find((l) => l.includes('T'))!;
      const col = line.length - line.trimStart().length;
      const text = place.replace(/T/g, value.replace(/N/g, `\n${' '.repeat(col + 2 + (line.includes('- ') ? 2 : 0))}`));
      texts++;
      if (new FastReader(text, 'f.yaml', budgets({})).read()) fast++;
      const a = canon(parseYaml(text, 'f.yaml'));
      const b = canon(parseYamlWhole(text, 'f.yaml'));
      if (a !== b && ++differ <= 5) t.equal(a, b, JSON.stringify(text));
    }
  t.equal(differ, 0, `${differ} of ${texts} texts read differently`);
  t.ok(fast > texts / 4, `the fast reader read ${fast} of ${texts} texts`);
  t.comment(`${texts} texts, ${fast} read by the fast reader`);
  // frappe_docker's override for database secrets: `MYSQL_ROOT_PASSWORD: !reset null`
  const file = 'overrides/compose.mariadb-secrets.yaml';
  const text = readFileSync(join(FIXTURES, 'corpus/frappe__frappe_docker', file), 'utf8');
  t.not(new FastReader(text, file, budgets({})).read(), undefined, file);
  t.equal(canon(parseYaml(text, file)), canon(parseYamlWhole(text, file)), file);
  t.same(parseYaml(text, file).documents[0].marks, [
    { path: ['services', 'db', 'environment', 'MYSQL_ROOT_PASSWORD'], tag: 'reset' },
  ]);
});

t.test('double-quoted scalars with escapes: the fast reader reads them as the whole way does', async (t) => {
  const escapes = [
    ...['\\"', '\\\\', '\\/', '\\n', '\\t', '\\r', '\\0', '\\a', '\\b', '\\e', '\\f', '\\v', '\\ ', '\\N', '\\_'],
    ...['\\L', '\\P', '\\x41', '\\x7f', '\\x00', '\\u00e9', '\\u2028', '\\U0001F600', '\\uD800', '\\uDC80'],
    ...['\\q', '\\x4', '\\x4g', '\\u12', '\\U0011FFFF', '\\$', '\\#', "\\'", '\\\t', '\\'],
  ];
  const places = [
    'k: "aEb"\n',
    'k: "E"  # c\nz: 1\n',
    'k: "aE\nb"\n',
    '- "E"\n- x\n',
    '"kE": 1\n',
    'k: ["E", "x\\"y"]\n',
    'k: {"E": "E"}\n',
    'k: "a\\"E" x\n',
    'k: &a "E"\nz: *a\n',
    'k: !override "E"\n',
  ];
  let texts = 0;
  let fast = 0;
  let differ = 0;
  for (const place of places)
    for (const e of escapes) {
      const text = place.replace(/E/g, e);
      texts++;
      if (new FastReader(text, 'f.yaml', budgets({})).read()) fast++;
      const a = canon(parseYaml(text, 'f.yaml'));
      const b = canon(parseYamlWhole(text, 'f.yaml'));
      if (a !== b && ++differ <= 5) t.equal(a, b, JSON.stringify(text));
    }
  t.equal(differ, 0, `${differ} of ${texts} texts read differently`);
  t.ok(fast > texts / 2, `the fast reader read ${fast} of ${texts} texts`);
  t.comment(`${texts} texts, ${fast} read by the fast reader`);
});
