/**
 * Escapes in double-quoted scalars, as go-yaml v4.0.0-rc.4's scanner reads them
 * (internal/libyaml/scanner.go scanFlowScalar, the `switch parser.buffer[parser.buffer_pos+1]`
 * ~2186-2235 and the code check ~2261), where eemeli/yaml differs:
 * - codes past 0x10FFFF: "found invalid Unicode character escape code", the problem mark after the
 *   `\U` (the two skip() before the check); `\uD800`..`\uDFFF` (a lone surrogate's code) too;
 * - `\/` is not in go-yaml's table: "found unknown escape character", the mark on the backslash;
 * - `\'` is: an apostrophe, where eemeli/yaml refuses it;
 * - a code that is not hex: "did not find expected hexadecimal number".
 */
import t from 'tap';
import { parseYaml, parseYamlWhole } from '../src/yaml/parse.js';
import type { TreeObject } from '../src/yaml/located.js';
import { goDoubleQuoted } from '../src/yaml/quoted.js';

const parse = (text: string) => parseYaml(text, 'compose.yaml');

t.test('a code past U+10FFFF or of a surrogate is refused, with go-yaml marks', async (t) => {
  for (const code of ['\\ud800', '\\uDFFF', '\\U0000D800']) {
    const p = parse(`x-a: ok\nx-b: "pre${code}post"\n`);
    t.same(p.documents, [], code);
    t.match(
      p.diagnostics,
      [
        {
          code: 'yaml-syntax',
          severity: 'error',
          line: 2,
          column: 10,
          composeMessage:
            'yaml: while scanning a quoted scalar at line 2, column 6: line 2, column 12: found invalid Unicode character escape code',
        },
      ],
      code,
    );
  }
  for (const code of ['\\U00110000', '\\UFFFFFFFF']) {
    const p = parse(`x-a: ok\nx-b: "pre${code}post"\n`);
    t.same(p.documents, [], code);
    t.match(
      p.diagnostics,
      [
        {
          code: 'yaml-syntax',
          severity: 'error',
          message: `Invalid escape sequence ${code}`,
          line: 2,
          column: 10,
          composeMessage:
            'yaml: while scanning a quoted scalar at line 2, column 6: line 2, column 12: found invalid Unicode character escape code',
        },
      ],
      code,
    );
  }
  // the highest code point and the surrogates' neighbours are characters
  t.same(parse('x-a: "\\U0010FFFF\\ud7ff\\ue000"\n').documents[0].tree, { 'x-a': '\u{10ffff}\ud7ff\ue000' });
});

t.test("go-yaml's escape table: `\\'` is an apostrophe, `\\/` unknown", async (t) => {
  const p = parse('x-a: "it\\\'s"\nx-b: !!str "\\\'"\n');
  t.same(p.diagnostics, []);
  t.same(p.documents[0].tree, { 'x-a': "it's", 'x-b': "'" });
  const q = parse('x-a: "http:\\/\\/h"\n');
  t.same(q.documents, []);
  t.match(q.diagnostics, [
    {
      message: 'Invalid escape sequence \\/',
      line: 1,
      column: 12,
      composeMessage:
        'yaml: while scanning a quoted scalar at line 1, column 6: line 1, column 12: found unknown escape character',
    },
  ]);
  // one error, go-yaml's first: its scanner stops there
  t.equal(parse('x-a: "\\q\\q"\n').diagnostics.length, 1);
  t.match(parse('x-a: "\\x4g"\n').diagnostics, [
    { composeMessage: /column 9: did not find expected hexadecimal number$/ },
  ]);
});

t.test('the rest of a quoted scalar holding an escape reads as before', async (t) => {
  const text =
    'services:\n  web:\n    image: "a\\tb"\n    command: ["x\\\n      y", "p\n\n      q\\u0041", "s  \n      t\\"\\\\"]\n';
  for (const read of [parseYaml, parseYamlWhole]) {
    const p = read(text, 'compose.yaml');
    t.same(p.diagnostics, []);
    t.same((p.documents[0].tree as TreeObject).services, {
      web: { image: 'a\tb', command: ['xy', 'p\nqA', 's t"\\'] },
    });
  }
});

t.test('line separators in a quoted scalar are kept, not folded (scanner.go readLine "LS|PS . LS|PS")', async (t) => {
  // the decoder alone: LS/PS reach it only where the text holds them raw
  t.equal(goDoubleQuoted('"a\\x41\u2028  b"'), 'aA\u2028b');
  t.equal(goDoubleQuoted('"a\\x41\u2029\n  b"'), 'aA\u2029\nb');
  t.equal(goDoubleQuoted('"a\\x41\n\u2028 b"'), 'aA\u2028b');
  t.equal(goDoubleQuoted('"a\\x41'), undefined);
});

t.test('a mark in the first column is the line alone (Mark.String, yaml.go:108-120)', async (t) => {
  // go.yaml.in/yaml/v4 rc.4 internal/libyaml/yaml.go Mark.String writes `, column N` only when
  // `m.Column != 0`; its testdata/unmarshal_errors.yaml:122 wants "at line 3: line 4:"
  t.match(parse('"a\\q"\n').diagnostics, [
    {
      line: 1,
      column: 3,
      composeMessage:
        'yaml: while scanning a quoted scalar at line 1: line 1, column 3: found unknown escape character',
    },
  ]);
  t.match(parse('x-a: "foo\n\\q"\n').diagnostics, [
    {
      line: 2,
      column: 1,
      composeMessage:
        'yaml: while scanning a quoted scalar at line 1, column 6: line 2: found unknown escape character',
    },
  ]);
  // scanner.go scanPlainScalar and fetchNextToken: the tab at a line's start
  t.match(parse('x-a: b\n\tc: d\n').diagnostics, [
    {
      line: 2,
      column: 1,
      composeMessage:
        'yaml: while scanning a plain scalar at line 1, column 6: line 2: found a tab character that violates indentation',
    },
  ]);
  t.match(parse('x-a: "b"\n\tc: d\n').diagnostics, [
    {
      composeMessage: 'yaml: while scanning for the next token at line 2: found character that cannot start any token',
    },
  ]);
});
