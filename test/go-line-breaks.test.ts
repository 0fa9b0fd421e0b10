/**
 * Line breaks as go-yaml and compose-go's dotenv read them: a CR without an LF after it, and NEL
 * (U+0085), are line breaks to go-yaml's scanner (internal/libyaml/yamlprivate.go isBreak and
 * isBreakOrZero, scanner.go skipLine and readLine, v4.0.0-rc.4), where YAML 1.2 parsers take only LF
 * and CRLF; to the dotenv parser they are spaces (dotenv/parser.go isSpace).
 */
import t from 'tap';
import { parseYaml } from '../src/yaml/parse.js';
import { valueLoc, keyLoc, type TreeObject } from '../src/yaml/located.js';
import { parseDotenv } from '../src/interpolate/dotenv.js';
import { runTask } from '../src/usecases/task.js';

const web = (text: string) => {
  const p = parseYaml(text, 'compose.yaml');
  return {
    p,
    web: ((p.documents[0]?.tree as TreeObject | undefined)?.services as TreeObject | undefined)?.web as TreeObject,
  };
};

t.test('a lone CR ends a line, as LF does (scanner.go skipLine: line + 1, column 0)', async (t) => {
  const { p, web: w } = web('services:\r  web:\r    image: nginx\r    command: ["a",\r      "b"]\r');
  t.same(p.diagnostics, []);
  t.same(w, { image: 'nginx', command: ['a', 'b'] });
  t.match(valueLoc(w, 'image'), { line: 3, column: 12 });
  t.match(keyLoc(w, 'command'), { line: 4, column: 5 });
  t.match(valueLoc(w.command, 1), { line: 5, column: 7 });
});

t.test('a lone CR or NEL in a scalar is read as LF (scanner.go readLine: "CR|LF . LF", "NEL . LF")', async (t) => {
  // the break of a quoted or plain scalar folds to a space (scanFlowScalar, scanPlainScalar: a
  // leading '\n' break with no trailing breaks adds ' '); a literal block keeps it as '\n'
  const { p, web: w } = web(
    'services:\n  web:\n    image: x\n    environment:\n      A: "x\r        y"\n      B: p\r       q\n      C: n\u0085       m\n      D: |\r        l1\r        l2\r      E: "s\r\n        y"\n',
  );
  t.same(p.diagnostics, []);
  t.same(w.environment, { A: 'x y', B: 'p q', C: 'n m', D: 'l1\nl2\n', E: 's y' });
  t.match(valueLoc(w.environment, 'E'), { line: 14, column: 10 });
});

t.test(
  'a lone CR ends a comment: what follows it is read (scanner.go scanLineComment stops at isBreakOrZero)',
  async (t) => {
    const { p, web: w } = web('services:\n  web: # note\r    image: x\n');
    t.same(p.diagnostics, []);
    t.same(w, { image: 'x' });
    t.match(valueLoc(w, 'image'), { line: 3, column: 12 });
  },
);

t.test('an error after lone CRs is placed on the line go-yaml counts', async (t) => {
  const p = parseYaml('services:\r  web:\r    image: x\r    image: y\r', 'compose.yaml');
  t.match(p.diagnostics, [{ code: 'yaml-duplicate-key', line: 4, column: 5 }]);
  // the text report's snippet shows that line
  const answer = runTask({
    question: 'validate',
    input: { files: { 'compose.yaml': 'services:\r  web:\r    image: x\r    image: y\r' } },
    options: { format: 'text' },
  });
  t.match(answer.body, /compose\.yaml:4:5: error[^\n]*\n {2} {4}image: y\n/);
});

t.test('to dotenv a CR or NEL is a space, no line break (dotenv/parser.go isSpace, extractVarValue)', async (t) => {
  // an unquoted value runs to the LF: "1\rB=2"; a key may hold one (locateKeyName skips isSpace)
  t.same(parseDotenv('A=1\rB=2\n'), { A: '1\rB=2' });
  t.same(parseDotenv('A\rB=2\n'), { 'A\rB': '2' });
  t.same(parseDotenv('A="x\ry"\rB=3'), { A: 'x\ry', B: '3' });
  t.same(parseDotenv('#c\rA=1\nC=\u00852\n'), { C: '2' });
});

t.test('LS and PS end lines, and stay in a scalar as written (isLineBreak, readLine "LS|PS . LS|PS")', async (t) => {
  // between tokens they end a line (and a comment): three keys, on lines 5, 6 and 7
  const { p, web: w } = web(
    'services:\n  web:\n    image: x\n    environment:\n      A: 1\u2028      B: 2 # c\u2029      C: 3\n',
  );
  t.same(p.diagnostics, []);
  t.same(w.environment, { A: 1, B: 2, C: 3 });
  t.match(keyLoc(w.environment, 'C'), { line: 7, column: 7 });
  // in a scalar: a first break that is LS or PS is kept with the breaks after it, not folded to a
  // space (scanFlowScalar, scanPlainScalar: `leading_break[0] == '\n'` folds, else both are added);
  // a literal block keeps each break as read (scanBlockScalar)
  const s = web(
    'services:\n  web:\n    image: x\n    environment:\n      Q: "x\u2028        y"\n      S: \'s\u2029\n\n        t\'\n      P: p\u2028        q\n        r\n      L: |\n        l\u2028        m\n',
  );
  t.same(s.p.diagnostics, []);
  t.same(s.web.environment, { Q: 'x\u2028y', S: 's\u2029\n\nt', P: 'p\u2028q r', L: 'l\u2028m\n' });
  t.match(valueLoc(s.web.environment, 'P'), { line: 11, column: 10 });
  // a plain scalar cut by one at a lower indentation: go-yaml's "could not find expected ':'" place
  t.match(parseYaml('a: x\u2028y\n', 'compose.yaml').diagnostics, [{ code: 'yaml-syntax', line: 2, column: 1 }]);
});

t.test('LS and PS in a folded block scalar stay, unfolded (scanner.go scanBlockScalar 2363-2371)', async (t) => {
  // a leading break folds to a space only when it is an LF (`leading_break[0] == '\n'`), else it is
  // added with the empty lines after it; readLine keeps an LS or PS as written, a CR or NEL as LF
  const cases: [string, string][] = [
    ['>\n  x\u2028  y\n  z\n', 'x\u2028y z\n'],
    ['>\n  x\u2028\n  y\n', 'x\u2028\ny\n'],
    ['>\n  x\n\n\u2028  y\n', 'x\n\u2028y\n'],
    ['>\n  x\u2028   y\n  z\n', 'x\u2028 y\nz\n'],
    ['>\n  x\u2028\u2028  y\u0085  z\r  w\n', 'x\u2028\u2028y z w\n'],
    ['>-\n  x\u2029  y\u2028', 'x\u2029y'],
    ['>+\n  x\u2028  y\u2028\u2028', 'x\u2028y\u2028\u2028'],
    ['>2\n   x\u2028  y\n', ' x\u2028y\n'],
    ['>+\n\u2028\n  \n\u2029\n', '\u2028\n\n\u2029\n'],
    ['>\n\u2028\n', ''],
  ];
  // compared written out: TAP's reader takes an LS or PS in a message or a diff for a line break
  const shown = (v: unknown) =>
    JSON.stringify(v)?.replace(/[\u2028\u2029]/g, (c) => (c === '\u2028' ? '<LS>' : '<PS>'));
  for (const [scalar, value] of cases) {
    // each line of the scalar indented as the labels' values: after every break go-yaml counts
    const lines = scalar.replace(/(\r\n|[\n\r\u0085\u2028\u2029])/g, '$1      ');
    const { p, web: w } = web(`services:\n  web:\n    image: x\n    labels:\n      a: ${lines}b: 1\n`);
    t.same(p.diagnostics, [], shown(scalar));
    t.equal(shown(w.labels), shown({ a: value, b: 1 }), shown(scalar));
  }
  // in a sequence item, with an item after it
  const seq = parseYaml('x-l:\n  - >\n    x\u2028\n\n    y\n    z\n  - 2\n', 'compose.yaml');
  t.equal(shown((seq.documents[0].tree as TreeObject)['x-l']), shown(['x\u2028\n\ny z\n', 2]));
});
