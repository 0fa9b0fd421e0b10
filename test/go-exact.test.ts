/**
 * Loading and printing as compose-go and go-yaml do, for shapes the corpus lacks: integers past
 * JavaScript's safe range, strings go-yaml's encoder quotes, empty documents, repeated `<<` keys,
 * NaN and infinities. Each expectation cites the Go source it is read from.
 */
import t from 'tap';
import { configIn } from './helpers/cli.js';
import { runTask } from '../src/usecases/task.js';
import { answerJson } from '../src/usecases/answer.js';
import { goDoubleQuoted, goSingleQuoted, goStringStyle, type GoStyle } from '../src/report/go-yaml-style.js';

const config = configIn;

t.test('integers past 2^53 keep their digits (go-yaml int64/uint64; fmt.Sprint, encoding/json, go-yaml)', async (t) => {
  const compose = [
    'x-n: 123456789012345678',
    'x-u: 18446744073709551615',
    'x-l: [9007199254740993, 0x1FFFFFFFFFFFFFF]',
    'x-a: &big 9007199254740995',
    'services:',
    '  web:',
    '    image: x',
    '    environment: {A: 123456789012345678, B: *big}',
    '    labels:',
    '      id: 9007199254740993',
    '    cpu_shares: 9007199254740993',
    '    build: {context: ., args: {N: 1_000_000_000_000_000_001}}',
    '',
  ].join('\n');
  const override = 'services:\n  web:\n    environment:\n      - C=1\n';
  const yaml = await config(compose, [], { 'compose.override.yaml': override });
  t.equal(yaml.code, 0, yaml.stderr);
  // types/mapping.go and labels.go: fmt.Sprint of the int64; the list merge (override/merge.go
  // convertIntoSequence) writes `A=123456789012345678` with fmt.Sprint too
  t.match(yaml.stdout, 'A: "123456789012345678"');
  t.match(yaml.stdout, 'B: "9007199254740995"');
  t.match(yaml.stdout, 'id: "9007199254740993"');
  t.match(yaml.stdout, '"N": "1000000000000000001"');
  // an int64 field and `x-*` values (int, uint64) print as numbers, digit for digit
  t.match(yaml.stdout, 'cpu_shares: 9007199254740993\n');
  t.match(yaml.stdout, 'x-n: 123456789012345678\n');
  t.match(yaml.stdout, 'x-u: 18446744073709551615\n');
  t.match(yaml.stdout, '  - 9007199254740993\n  - 144115188075855871\n');
  const json = await config(compose, ['--format', 'json'], { 'compose.override.yaml': override });
  t.equal(json.code, 0, json.stderr);
  t.match(json.stdout, '"cpu_shares": 9007199254740993,');
  t.match(json.stdout, '"x-n": 123456789012345678,');
  t.match(json.stdout, '"A": "123456789012345678"');
  // the layout of JSON.stringify's (json.MarshalIndent's), the digits put back
  const digits: [RegExp, string][] = [
    [/123456789012345680/g, '123456789012345678'],
    [/9007199254740992/g, '9007199254740993'],
    [/9007199254740996/g, '9007199254740995'],
    [/18446744073709552000/g, '18446744073709551615'],
    [/144115188075855870/g, '144115188075855871'],
  ];
  let expected = JSON.stringify(JSON.parse(json.stdout), null, 2) + '\n';
  for (const [lossy, exact] of digits) expected = expected.replace(lossy, exact);
  t.equal(json.stdout, expected);
});

t.test(
  "strings in go-yaml's style (representer.go stringv, emitter.go selectScalarStyle; testdata/encode.yaml)",
  async (t) => {
    // [text, style as a value, style as a key]; the first ones are go-yaml v4.0.0-rc.4's testdata/encode.yaml
    const cases: [string, GoStyle, GoStyle?][] = [
      ['-', 'single'],
      ['<foo>', 'plain'],
      ['1:1', 'double'],
      ['\0', 'double'],
      ['你好', 'plain'],
      ['2015-02-24T18:19:39Z', 'double'],
      ['b: c', 'single'],
      ['Hello #comment', 'single'],
      ['你好 #comment', 'single'],
      ['\t\n\t\n', 'double'],
      ['<<', 'double', 'double'],
      ['abc ABC 123 ', 'single'],
      ['\n', 'double'],
      ['hello\nworld', 'literal', 'double'],
      ['hello', 'plain'],
      ['123', 'double'],
      ['true', 'double'],
      [' This starts with space\nand is long enough\nfor literal style', 'literal'],
      ['a\n', 'literal'],
      [' a\n', 'literal'],
      ...['\n\n', ' \n', '\t\n', ' \n ', '\n \n', '\t \n\t', '   \n   ', '\n\n\n', ' \t\n \t', ' \nhello'].map(
        (s): [string, GoStyle] => [s, 'double'],
      ),
      ['hello\n', 'literal'],
      // resolver.go reads these as something else than strings: quoted (double, QuoteLegacy)
      ...['2024-05-01', '1_000', '0b0101', '0x_1F', '+0b1', 'yes', 'Off', '~', '', '.5', '1e3'].map(
        (s): [string, GoStyle] => [s, 'double'],
      ),
      // strings a plain scalar may not stand for: single quotes, unless escapes are needed
      ['*/5 * * * *', 'single'],
      ['{{.Name}}', 'single'],
      ["it's", 'plain'],
      ["'it's'", 'single'],
      ['a\tb', 'double'],
      ['a\u0085b', 'double'],
      ['a\u007fb', 'double'],
      ['\ufeffx', 'double'],
      ['😀', 'double'],
      ['x:y', 'plain', 'plain'],
      ['line one \nline two', 'double'],
    ];
    for (const [s, value, key = value === 'literal' ? 'double' : value] of cases) {
      t.equal(goStringStyle(s, false), value, `${JSON.stringify(s)} as a value`);
      t.equal(goStringStyle(s, true), s === '' ? 'double' : key, `${JSON.stringify(s)} as a key`);
    }
    // emitter.go writeDoubleQuotedScalar's escapes (unicode on: printable characters as they are)
    t.equal(goDoubleQuoted('\0\x07\b\t\n\v\f\r\x1b"\\'), '"\\0\\a\\b\\t\\n\\v\\f\\r\\e\\"\\\\"');
    t.equal(goDoubleQuoted('a\u0085\u2028\u2029b'), '"a\\N\\L\\Pb"');
    t.equal(
      goDoubleQuoted('\x7f\x80\x01\ufeff\ufffe😀é\u00a0你'),
      '"\\x7F\\x80\\x01\\uFEFF\\uFFFE\\U0001F600é\u00a0你"',
    );
    t.equal(goSingleQuoted("'it''s'"), "'''it''''s'''");

    const out = await config(
      'services:\n  web: {image: x, labels: {release: "2024-05-01", count: "1_000", mask: "0b0101", m: "<<", cron: "*/5 * * * *", t: "a\\tb", "<<": "y", h: "a \\nb", s: "it\'s"}}\n',
    );
    t.equal(out.code, 0, out.stderr);
    t.match(
      out.stdout,
      [
        '    labels:',
        '      "<<": "y"',
        '      count: "1_000"',
        "      cron: '*/5 * * * *'",
        '      h: "a \\nb"',
        '      m: "<<"',
        '      mask: "0b0101"',
        '      release: "2024-05-01"',
        "      s: it's",
        '      t: "a\\tb"',
        '',
      ].join('\n'),
    );
  },
);

t.test('a line or paragraph separator in single quotes: written as is, then writeIndent', async (t) => {
  // emitter.go writeSingleQuotedScalar (writeLineBreak, then writeIndent before the next character):
  // the spaces up to the emitter's indent, the key's column or the dash's; at indent 0 a line feed
  t.equal(goSingleQuoted("a\u2028b'c", 6), "'a\u2028      b''c'");
  t.equal(goSingleQuoted('a\u2029\u2028b', 0), "'a\u2029\u2028\nb'");
  t.equal(goSingleQuoted('a\u2028', 4), "'a\u2028'");
  const out = await config(
    'x-top: "p\u2028q"\nservices:\n  web:\n    image: x\n    command: ["r\u2029s"]\n    labels: {a: "t\u2028u"}\n',
  );
  t.equal(out.code, 0, out.stderr);
  t.match(out.stdout, "      - 'r\u2029      s'\n");
  t.match(out.stdout, "      a: 't\u2028      u'\n");
  t.match(out.stdout, "x-top: 'p\u2028\nq'\n");
});

t.test(
  'an empty document is not a mapping (loader/loader.go processRawYaml; go-yaml reads no document from comments)',
  async (t) => {
    for (const compose of [
      'services:\n  web: {image: x}\n---\n',
      '---\n',
      '--- ~\n',
      'services:\n  web: {image: x}\n---\n# end\n',
    ]) {
      const out = await config(compose);
      t.equal(out.code, 2, compose);
      t.match(out.stderr, 'error top-level object must be a mapping [top-level-not-mapping]', compose);
    }
    // loader_test.go TestEmptyFile: a file of comments (or nothing) has no document
    for (const compose of ['# Empty file\n', '']) {
      const out = await config(compose);
      t.match(out.stderr, 'error empty compose file [empty-project]', JSON.stringify(compose));
    }
  },
);

t.test('a second `<<` key is a duplicate key (loader/reset.go resolveContainer)', async (t) => {
  const cases: [string, string][] = [
    [
      'x-a: &a {image: a}\nx-b: &b {restart: always}\nservices:\n  web:\n    <<: *a\n    <<: *b\n',
      'line 6: mapping key "<<" already defined at line 5',
    ],
    [
      'x-a: &a {image: a}\nservices:\n  web:\n    <<: *a\n    "<<": *a\n',
      'line 5: mapping key "<<" already defined at line 4',
    ],
    ['x-a: &a {image: a}\nservices:\n  web: {<<: *a, <<: *a}\n', 'line 3: mapping key "<<" already defined at line 3'],
  ];
  for (const [compose, message] of cases) {
    const out = await config(compose);
    t.equal(out.code, 2, compose);
    t.match(out.stderr, `error ${message} [yaml-duplicate-key]`, compose);
  }
  // one `<<` of a list of mappings is no duplicate
  const ok = await config('x-a: &a {image: a}\nx-b: &b {restart: always}\nservices:\n  web:\n    <<: [*a, *b]\n');
  t.equal(ok.code, 0, ok.stderr);
});

t.test('NaN and infinities fail the schema step (schema/schema.go Validate: json.Marshal)', async (t) => {
  const cases: [string, string][] = [
    ['services:\n  web: {image: x, labels: {a: .nan}}\n', 'NaN'],
    ['x-big: .inf\nservices:\n  web: {image: x}\n', '+Inf'],
    ['services:\n  web:\n    image: x\n    x-l: [1, -.Inf]\n', '-Inf'],
  ];
  for (const [compose, word] of cases) {
    const out = await config(compose);
    t.equal(out.code, 2, compose);
    t.match(out.stderr, `error json: unsupported value: ${word} [schema-invalid]`, compose);
  }
  // a finite float loads
  const ok = await config('x-f: 1.5\nservices:\n  web: {image: x, cpus: 0.5}\n');
  t.equal(ok.code, 0, ok.stderr);
});

t.test('an interpolated int64 past 2^53 keeps its digits: config, --no-interpolate, the API model', async (t) => {
  // loader/interpolate.go: services.*.cpu_shares is cast by toInt64 (strconv.ParseInt, every digit)
  const compose = 'services:\n  web:\n    image: x\n    cpu_shares: ${BIG}\n    cpu_period: 9007199254740993\n';
  const more = { '.env': 'BIG=9007199254740995\n' };
  const yaml = await config(compose, [], more);
  t.equal(yaml.code, 0, yaml.stderr);
  t.match(yaml.stdout, '    cpu_shares: 9007199254740995\n');
  const json = await config(compose, ['--format', 'json'], more);
  t.match(json.stdout, '"cpu_shares": 9007199254740995,');
  // docker compose config --no-interpolate: the raw model (yaml.Encoder, json.MarshalIndent)
  const raw = await config(compose, ['--no-interpolate'], more);
  t.match(raw.stdout, '    cpu_period: 9007199254740993\n');
  const rawJson = await config(compose, ['--no-interpolate', '--format', 'json'], more);
  t.match(rawJson.stdout, '"cpu_period": 9007199254740993,');
  // POST /v1/config: the model in the JSON answer
  const reply = runTask({
    question: 'config',
    input: { files: { 'compose.yaml': compose, ...more } },
    options: { redact: false },
  });
  t.equal(reply.status, 200, reply.body);
  t.match(reply.body, '"cpu_shares":9007199254740995,');
  t.match(reply.body, '"cpu_period":9007199254740993,');
  // the writer for such answers writes anything else as JSON.stringify does
  const plain = { a: [1, 'x"\u2028<', null, undefined, { b: undefined, c: true }], d: -0.5, e: {} };
  t.equal(answerJson(plain), JSON.stringify(plain));
  t.equal(answerJson({ n: -12345678901234567890n }), '{"n":-12345678901234567890}');
});

t.test('a byte size past 2^53, past int64, past uint64: what UnitBytes.DecodeMapstructure makes of it', async (t) => {
  // types/bytes.go 82-90: an int as it is, a string by strconv.ParseInt; go-yaml's uint64 (past
  // int64) and float64 (past uint64, resolver.go 150-166) are no case of it: left at 0, which
  // omitempty leaves out of `config`
  const cases: [string, string | undefined][] = [
    ['9223372036854775807', '9223372036854775807'],
    ['"9223372036854775807"', '9223372036854775807'],
    ['9223372036854775808', undefined],
    ['18446744073709551615', undefined],
    ['99999999999999999999', undefined],
  ];
  for (const [written, printed] of cases) {
    const r = await configIn(
      `services:\n  web:\n    image: nginx\n    mem_swappiness: ${written}\n    shm_size: ${written}\n`,
      ['--format', 'json'],
    );
    t.equal(r.code, 0, r.stderr);
    const web = JSON.parse(r.stdout).services.web;
    t.equal(web.mem_swappiness, printed, written);
    t.equal(web.shm_size, printed, written);
  }
});
