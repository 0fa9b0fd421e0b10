/**
 * Tagged scalars and collections as compose-go reads them: go.yaml.in/yaml/v4 v4.0.0-rc.4 decodes
 * every document into interface{} (compose-go loader/reset.go UnmarshalYAML: resolved.Decode), so
 * a tag only changes how a scalar's text resolves (internal/libyaml/constructor.go scalar, 695-730;
 * resolver.go resolve, 81-171), never the kind of a mapping or sequence (constructor.go Construct,
 * 635-648, goes by node kind).
 */
import t from 'tap';
import { parseYaml } from '../src/yaml/parse.js';
import { configIn } from './helpers/cli.js';

const read = (text: string) => {
  const p = parseYaml(text, 'f.yml');
  return { value: p.documents[0]?.tree, diagnostics: p.diagnostics };
};

t.test('a tagged scalar is what go-yaml decodes into an untyped value', async (t) => {
  const cases: [string, unknown][] = [
    // resolver.go 82-84: a tag it cannot resolve leaves the text, a string
    ['!custom nginx', 'nginx'],
    ['!custom 1', '1'],
    ['!override 1.5', '1.5'],
    ['!!set 1', '1'],
    ['!<tag:example.com,2000:x> 1', '1'],
    // node.go 233-237 indicatedString: !!str is the text
    ['!!str 1', '1'],
    ['!!str 2024-05-01', '2024-05-01'],
    // resolver.go 88-101: an int is taken as a !!float
    ['!!float 1', 1],
    ['!!float 1e3', 1000],
    ['!!float .5', 0.5],
    ['!!float 9007199254740993', 9007199254740992],
    // composer.go 172-177: an explicit tag wins over the quotes' !!str
    ['!!int "1"', 1],
    ["!!int '0x1F'", 31],
    ['!!bool true', true],
    ['!!bool "false"', false],
    ['!!null ~', null],
    ['!!null ""', null],
    // resolver.go 131-138: timestamps tried for !!timestamp
    ['!!timestamp 2001-12-14', '2001-12-14 00:00:00 +0000 UTC'],
    // constructor.go 699-709: !!binary is base64; encoding/base64 skips \r and \n
    ['!!binary aGVsbG8=', 'hello'],
    ['!!binary |\n  aGVs\n  bG8=\n', 'hello'],
    ['!!binary ""', ''],
    // composer.go 172-181: `!` is no tag at all; a plain scalar resolves, a quoted one is a string
    ['! 1', 1],
    ['! "1"', '1'],
    ['! true', true],
  ];
  for (const [text, value] of cases) {
    const r = read(`v: ${text}\n`);
    t.same(r.diagnostics, [], text);
    t.same(r.value, { v: value }, text);
  }
});

t.test('go-yaml refuses a tagged scalar whose text is not of its kind', async (t) => {
  const cases: [string, string][] = [
    // resolver.go 101: failf("cannot construct %s `%s` as a %s", ...)
    ['!!int abc', 'yaml: cannot construct !!str `abc` as a !!int'],
    ['!!int 1.5', 'yaml: cannot construct !!float `1.5` as a !!int'],
    ['!!int -0', 'yaml: cannot construct !!float `-0` as a !!int'],
    ['!!bool yes', 'yaml: cannot construct !!str `yes` as a !!bool'],
    ['!!null x', 'yaml: cannot construct !!str `x` as a !!null'],
    // resolver.go 131: no timestamp unless tagged so (or plain)
    ['!!int 2001-12-14', 'yaml: cannot construct !!str `2001-12-14` as a !!int'],
    ['!!timestamp 1', 'yaml: cannot construct !!int `1` as a !!timestamp'],
    // resolver.go 90-99: only int and int64 become floats, not a uint64
    ['!!float 18446744073709551615', 'yaml: cannot construct !!int `18446744073709551615` as a !!float'],
    // constructor.go 703-705
    ['!!binary a', 'yaml: !!binary value contains invalid base64 data'],
    ['!!binary "aGVs bG8="', 'yaml: !!binary value contains invalid base64 data'],
  ];
  for (const [text, message] of cases) {
    const r = read(`services:\n  a:\n    image: ${text}\n`);
    t.equal(r.diagnostics.length, 1, text);
    t.match(r.diagnostics[0], { code: 'yaml-tag-value', severity: 'error', line: 3 }, text);
    t.equal(r.diagnostics[0].composeMessage, message, text);
  }
});

t.test('tags on mappings and sequences are no part of the value', async (t) => {
  const cases: [string, unknown][] = [
    ['!custom {a: 1}', { a: 1 }],
    ['!!str [1]', [1]],
    ['!!map [1]', [1]],
    ['!!set {a: }', { a: null }],
    ['!!omap [{a: 1}]', [{ a: 1 }]],
    ['!!pairs [{a: 1}, {a: 2}]', [{ a: 1 }, { a: 2 }]],
  ];
  for (const [text, value] of cases) {
    const r = read(`v: ${text}\n`);
    t.same(r.diagnostics, [], text);
    t.same(r.value, { v: value }, text);
  }
});

t.test('a tagged key is a string key when it decodes to a string', async (t) => {
  t.same(read('!!str 1: a\n!custom 2: b\n').value, { '1': 'a', '2': 'b' });
  // compose-go loader.go convertToStringKeysRecursive: an int key is refused, %#v
  const r = read('!!int "3": c\n');
  t.match(r.diagnostics, [{ code: 'yaml-non-string-key', composeMessage: 'non-string key at top level: 3' }]);
  // constructor.go isMerge: a `<<` under another tag is an ordinary key
  t.same(read('b: &b {x: 1}\nc:\n  !!merge <<: *b\n').value, { b: { x: 1 }, c: { x: 1 } });
});

t.test('`config` prints a custom-tagged image as its text', async (t) => {
  const { code, stdout, stderr } = await configIn('services:\n  web:\n    image: !custom nginx\n    cpus: !!float 2\n');
  t.equal(code, 0, stderr);
  t.match(stdout, '    image: nginx\n');
  t.match(stdout, '    cpus: 2\n');
});
