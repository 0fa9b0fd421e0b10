import t from 'tap';
import { parseYaml } from '../src/yaml/parse.js';
import { valueLoc, keyLoc, isObject, cloneTree, Locs, type TreeObject } from '../src/yaml/located.js';
import { goSyntax, plainTag, plainValue, resolvePlain, type Resolved } from '../src/yaml/resolve.js';
import { goByteLength, invalidUtf8 } from '../src/utf8.js';

t.test('every key and value keeps its position; anchors, merge keys and Compose tags', async (t) => {
  const src = [
    'x-defaults: &defaults', //        1
    '  restart: always', //            2
    '  image: base:1', //              3
    'services:', //                    4
    '  api:', //                       5
    '    <<: *defaults', //            6
    '    image: api:2', //             7
    '    ports: !reset []', //         8
    '    environment: !override', //   9
    '      A: "1"', //                 10
    '    mode: 0440', //               11
    '',
  ].join('\n');
  const p = parseYaml(src, 'compose.yaml');
  t.same(p.diagnostics, []);
  const tree = p.documents[0].tree as TreeObject;
  const api = (tree.services as TreeObject).api as TreeObject;
  t.same(api, { image: 'api:2', environment: { A: '1' }, mode: 288, restart: 'always' });
  t.match(valueLoc(api, 'image'), { file: 'compose.yaml', line: 7, column: 12 });
  t.match(keyLoc(api, 'image'), { line: 7, column: 5 });
  // a merged key points at the anchor's definition
  t.match(valueLoc(api, 'restart'), { line: 2, column: 12 });
  t.same(p.documents[0].marks, [
    { path: ['services', 'api', 'ports'], tag: 'reset' },
    { path: ['services', 'api', 'environment'], tag: 'override' },
  ]);
});

t.test('syntax problems are positioned diagnostics', async (t) => {
  const cases: [string, string, number, number][] = [
    ['services:\n  a:\n    image: x\n    image: y\n', 'yaml-duplicate-key', 4, 5],
    ['services:\n\ta: 1\n', 'yaml-tab-indent', 2, 1],
    ['services:\n  a:\n    image: !e!custom x\n', 'yaml-unknown-tag', 3, 12],
    ['services:\n  a: [1, 2\n', 'yaml-syntax', 3, 1],
    ['services:\n  __proto__:\n    image: x\n', 'yaml-reserved-key', 2, 3],
  ];
  for (const [src, code, line, column] of cases) {
    const d = parseYaml(src, 'c.yaml').diagnostics;
    t.ok(d.length >= 1, code);
    t.match(d[0], { code, line, column, file: 'c.yaml' }, code);
  }
});

t.test('hostile input is refused with a clear error, fast', async (t) => {
  const lol = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (const [i, c] of ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].entries()) {
    const prev = i === 0 ? 'a' : ['b', 'c', 'd', 'e', 'f', 'g', 'h'][i - 1];
    lol.push(`${c}: &${c} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  const bomb = parseYaml(lol.join('\n'), 'bomb.yaml');
  t.equal(bomb.diagnostics[0]?.code, 'yaml-alias-limit');
  t.equal(parseYaml('['.repeat(100_000), 'deep.yaml').diagnostics[0]?.code, 'yaml-depth-limit');
  let block = '';
  for (let i = 0; i < 300; i++) block += `${' '.repeat(i)}- \n`;
  t.equal(parseYaml(block, 'deep.yaml').diagnostics[0]?.code, 'yaml-depth-limit');
  t.equal(
    parseYaml('a: ' + 'x'.repeat(100), 'big.yaml', { maxFileBytes: 50, maxDepth: 10, maxNodes: 10, maxAliases: 10 })
      .diagnostics[0]?.code,
    'yaml-size-limit',
  );
});

t.test('bytes that are not UTF-8 count as the bytes Go holds against the file size limit', async (t) => {
  // 40 bytes of 0xff (each kept as U+DC80 + byte by src/bundle/text.ts): 40 bytes to Go, 120 to
  // Buffer.byteLength; under a limit of 50 the file is read (and refused as invalid UTF-8, as go-yaml
  // does), not refused as 120 bytes over the limit
  const text = 'a: ' + String.fromCharCode(0xdcff).repeat(40);
  const limits = { maxFileBytes: 50, maxDepth: 10, maxNodes: 10, maxAliases: 10 };
  t.equal(goByteLength(text), 43);
  t.equal(goByteLength('\ud83d\ude00\udcff\ud800'), 4 + 1 + 3, 'a pair, an escaped byte, a lone high surrogate');
  t.not(parseYaml(text, 'ff.yaml', limits).diagnostics[0]?.code, 'yaml-size-limit');
  t.equal(parseYaml(text + 'x'.repeat(8), 'ff.yaml', limits).diagnostics[0]?.code, 'yaml-size-limit', '51 bytes');
});

t.test('multiple documents and empty files', async (t) => {
  const p = parseYaml('services:\n  a:\n    image: x\n---\nservices:\n  b:\n    image: y\n', 'm.yaml');
  t.equal(p.documents.length, 2);
  t.ok(isObject(p.documents[1].tree));
  t.equal(parseYaml('', 'e.yaml').documents.length, 0);
});

t.test("plain scalars resolve as compose-go's go-yaml v4 resolves them", async (t) => {
  const cases: [string, Resolved['tag'], unknown][] = [
    ['', 'null', null],
    ['~', 'null', null],
    ['Null', 'null', null],
    ['TRUE', 'bool', true],
    ['False', 'bool', false],
    ['yes', 'str', 'yes'],
    ['on', 'str', 'on'],
    ['No', 'str', 'No'],
    ['1_000', 'int', 1000],
    ['1__0', 'int', 10],
    ['_1', 'str', '_1'],
    ['0b1010', 'int', 10],
    ['0o17', 'int', 15],
    ['017', 'int', 15],
    ['0x1F', 'int', 31],
    ['+0x10', 'int', 16],
    ['-42', 'int', -42],
    ['08', 'float', 8],
    ['0999.5', 'float', 999.5],
    ['1e3', 'float', 1000],
    ['.5', 'float', 0.5],
    ['.inf', 'float', Infinity],
    ['-.INF', 'float', -Infinity],
    ['1e400', 'str', '1e400'],
    ['0x1p3', 'str', '0x1p3'],
    ['1:30', 'str', '1:30'],
    ['NaN', 'str', 'NaN'],
    ['<<', 'merge', '<<'],
    ['2024-05-01', 'timestamp', '2024-05-01 00:00:00 +0000 UTC'],
    ['2024-5-1', 'timestamp', '2024-05-01 00:00:00 +0000 UTC'],
    ['2024-02-29', 'timestamp', '2024-02-29 00:00:00 +0000 UTC'],
    ['2023-02-29', 'str', '2023-02-29'],
    ['2001-12-14T21:59:43.10Z', 'timestamp', '2001-12-14 21:59:43.1 +0000 UTC'],
    ['2001-12-14t21:59:43,123456789123+05:30', 'timestamp', '2001-12-14 21:59:43.123456789 +0530 +0530'],
    ['2001-12-14   21:59:43', 'timestamp', '2001-12-14 21:59:43 +0000 UTC'],
    ['2001-12-14T21:59:43', 'str', '2001-12-14T21:59:43'],
    ['2001-12-14 24:00:00', 'str', '2001-12-14 24:00:00'],
    ['12345-01-01', 'str', '12345-01-01'],
  ];
  for (const [s, tag, value] of cases) {
    const r = resolvePlain(s);
    t.equal(r.tag, tag, `${JSON.stringify(s)} is ${tag}`);
    if (typeof value === 'number' && Number.isNaN(value)) t.ok(Number.isNaN(r.value));
    else t.same(r.value, value, `${JSON.stringify(s)} -> ${String(value)}`);
  }
  t.ok(Object.is(resolvePlain('-0').value, -0));
  t.equal(goSyntax(resolvePlain('18446744073709551615')), '0xffffffffffffffff');
  t.equal(goSyntax(resolvePlain('1e6')), '1e+06');
  t.equal(goSyntax(resolvePlain('2024-05-01')), 'time.Date(2024, time.May, 1, 0, 0, 0, 0, time.UTC)');
  // quoted, block and tagged scalars are strings or what their tag says, as before
  const p = parseYaml('a: "1_000"\nb: !!str 2024-05-01\nc: |\n  0x1F\nd: 1_000\n', 'f.yml');
  t.same(p.documents[0].tree, { a: '1_000', b: '2024-05-01', c: '0x1F\n', d: 1000 });
});

t.test('go-yaml errors: invalid UTF-8, tabs, unknown aliases, alias cycles carry its message', async (t) => {
  const utf8 = (text: string) => parseYaml(text, 'f.yml').diagnostics[0];
  t.match(invalidUtf8('ok\udcc3x'), { index: 3, offset: 3, problem: 'invalid trailing UTF-8 octet' });
  t.match(invalidUtf8('\ud800'), {
    index: 0,
    offset: 0,
    problem: 'invalid Unicode character',
    bytes: '0xed 0xa0 0x80',
  });
  t.equal(invalidUtf8('valid ☕ 𝄞'), undefined);
  t.match(utf8('a: 1\nb: \udcf8\n'), {
    code: 'yaml-invalid-utf8',
    line: 2,
    column: 4,
    composeMessage: 'yaml: offset 8: invalid leading UTF-8 octet',
  });
  const tab = parseYaml('a:\n  b: x\n\tc: y\n', 'f.yml').diagnostics[0];
  // Mark.String leaves the first column out (v4.0.0-rc.4 internal/libyaml/yaml.go:108-120; its
  // testdata/unmarshal_errors.yaml:122 "at line 3: line 4:")
  t.equal(
    tab.composeMessage,
    'yaml: while scanning a plain scalar at line 2, column 6: line 3: found a tab character that violates indentation',
  );
  const alias = parseYaml('a: *nope\n', 'f.yml').diagnostics[0];
  t.equal(alias.composeMessage, "yaml: line 1, column 5: unknown anchor 'nope' referenced");
  const cycle = parseYaml('x: &x\n  - y: *x\n', 'f.yml').diagnostics;
  t.equal(cycle.length, 1);
  t.equal(cycle[0].composeMessage, 'cycle detected: node at path x.0.y.0.y references node at path x.0.y');
});

t.test('a copied record of many locations finds each one, and the two change apart', async (t) => {
  const at = (line: number) => ({ file: 'f.yml', line, column: 3 });
  const key = (line: number) => ({ file: 'f.yml', line, column: 1 });
  const locs = new Locs();
  for (let i = 0; i < 20; i++) locs.set(`s${i}`, at(i), key(i));
  locs.delete('s4'); // a hole in the indexed record
  const copy = locs.clone();
  copy.set('s4', at(99), key(99));
  copy.set('s20', at(20), undefined);
  copy.delete('s7');
  t.same([copy.value('s3'), copy.key('s19'), copy.value('s4'), copy.value('s20')], [at(3), key(19), at(99), at(20)]);
  t.equal(copy.value('s7'), undefined);
  t.same([locs.value('s4'), locs.value('s20'), locs.value('s7')], [undefined, undefined, at(7)]);
  t.same(copy.triples().filter((x) => typeof x === 'string').length, 20);
});

t.test("the reader's short cuts for plain scalars answer as resolvePlain does", async (t) => {
  const texts = ['', '~', 'nginx', 'null', 'Null', 'no', 'yes', 'on', 'True', 'false', '<<', '<x', 'o', 'image'];
  texts.push('1', '-1', '+5', '0x1F', '1_000', '.5', './api', '.inf', '-.inf', '.nan', '2024-05-01', '8080:80');
  for (const s of texts) {
    const r = resolvePlain(s);
    t.equal(plainTag(s), r.tag, s);
    t.ok(Object.is(plainValue(s), r.value), s);
  }
});

t.test('locations are no property of the data: own keys, spread copies and clones carry none', async (t) => {
  // both ways of reading (the fast reader, and the whole way for a document with a tag)
  for (const text of ['services:\n  web:\n    ports: ["80:80"]\n', 'services:\n  web: !!map\n    ports: ["80:80"]\n']) {
    const tree = parseYaml(text, 'c.yaml').documents[0].tree as TreeObject;
    const web = (tree.services as TreeObject).web as TreeObject;
    t.same(Reflect.ownKeys(tree), ['services'], 'no symbol key either');
    t.same(Reflect.ownKeys(web.ports), ['0', 'length']);
    t.same(keyLoc(web, 'ports'), { file: 'c.yaml', line: 3, column: 5, endLine: 3, endColumn: 10 });
    t.equal(keyLoc({ ...web }, 'ports'), undefined, 'a spread copy is plain data');
    t.same(keyLoc(cloneTree(web), 'ports'), keyLoc(web, 'ports'), 'cloneTree copies them');
  }
});

t.test('an alias may name an anchor of an earlier document of the stream', async (t) => {
  // go-yaml v4.0.0-rc.4 internal/libyaml/composer.go: one anchors map, made in init (54), filled by
  // anchor (117-121), read by alias (259), for the whole stream that compose-go's yaml.NewDecoder
  // loop (loader/loader.go 535-549) reads document by document
  const p = parseYaml('x-a: &img nginx\n---\nservices:\n  b:\n    image: *img\n---\nx: *nope\n', 'm.yaml');
  t.same(p.documents[1].tree, { services: { b: { image: 'nginx' } } });
  t.match(p.diagnostics, [{ code: 'yaml-syntax', line: 7, message: 'unknown alias *nope' }]);
  t.equal(p.diagnostics.length, 1); // an anchored node of an earlier document that holds an alias of its own document, used later
  const chain = parseYaml('x-l0: &l0 [a]\n---\nx-l1: &l1 [*l0]\n---\nx-l2: [*l1]\n', 'c.yaml');
  t.same(chain.diagnostics, []);
  t.same(chain.documents[2].tree, { 'x-l2': [[['a']]] });
});
