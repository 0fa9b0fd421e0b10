import t from 'tap';
import { parseYaml } from '../src/yaml/parse.js';
import { valueLoc, keyLoc, isObject, type TreeObject } from '../src/yaml/located.js';

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
    ['services:\n  a:\n    image: !custom x\n', 'yaml-unknown-tag', 3, 12],
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

t.test('multiple documents and empty files', async (t) => {
  const p = parseYaml('services:\n  a:\n    image: x\n---\nservices:\n  b:\n    image: y\n', 'm.yaml');
  t.equal(p.documents.length, 2);
  t.ok(isObject(p.documents[1].tree));
  t.equal(parseYaml('', 'e.yaml').documents.length, 0);
});
