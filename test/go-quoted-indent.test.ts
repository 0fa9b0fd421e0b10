/**
 * A quoted scalar's next lines at any indentation, as go-yaml v4.0.0-rc.4 reads them
 * (internal/libyaml/scanner.go scanFlowScalar ~2127-2145: the only check at a line's start is a
 * document marker, `---` or `...` then a blank, "found unexpected document indicator"; the folding
 * is scanFlowScalar's ~2320-2345). eemeli/yaml ends the scalar at a line less indented than its
 * block and refuses the rest; src/yaml/scan.ts GoLexer reads it go-yaml's way.
 */
import t from 'tap';
import { parseYaml, parseYamlWhole } from '../src/yaml/parse.js';
import { valueLoc, keyLoc, type TreeObject } from '../src/yaml/located.js';

t.test('a double- or single-quoted scalar continued at column 0 in a block mapping', async (t) => {
  const text =
    'services:\n  web:\n    image: "nginx\n:1.27"\n    command: \'a\n\nb\'\n    environment:\n      A: "x\\\n y"\n';
  for (const read of [parseYaml, parseYamlWhole]) {
    const p = read(text, 'compose.yaml');
    t.same(p.diagnostics, []);
    const web = ((p.documents[0].tree as TreeObject).services as TreeObject).web as TreeObject;
    t.same(web, { image: 'nginx :1.27', command: 'a\nb', environment: { A: 'xy' } });
    // the key after it is placed on its own line
    t.match(keyLoc(web, 'command'), { line: 5, column: 5 });
    t.match(valueLoc(web.environment, 'A'), { line: 9, column: 10 });
  }
});

t.test(
  'a document marker at a line start still ends it (go-yaml: "found unexpected document indicator")',
  async (t) => {
    const p = parseYaml('a:\n  b: "x\n--- y"\n', 'compose.yaml');
    t.match(p.diagnostics, [{ code: 'yaml-syntax', severity: 'error', line: 2 }]);
    // `---` not followed by a blank is text
    t.same(parseYaml('a:\n  b: "x\n---y"\n  c: 1\n', 'compose.yaml').documents[0].tree, { a: { b: 'x ---y', c: 1 } });
    t.same(parseYaml('a:\n  b: "x\n...y"\n', 'compose.yaml').documents[0].tree, { a: { b: 'x ...y' } });
  },
);

t.test('a sequence item and a flow collection too (unrollIndent: no indentation in flow context)', async (t) => {
  t.same(parseYaml('a:\n  - "p\nq"\n  - r\n', 'compose.yaml').documents[0].tree, { a: ['p q', 'r'] });
  t.same(parseYaml('a:\n  b: ["p\nq", r]\n', 'compose.yaml').documents[0].tree, { a: { b: ['p q', 'r'] } });
});
