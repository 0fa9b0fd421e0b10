import t from 'tap';
import { parseDotenv, readDotenv, envFromFiles, DotenvError } from '../src/interpolate/dotenv.js';
import type { Lookup } from '../src/interpolate/template.js';

const lookupOf =
  (env: Record<string, string>): Lookup =>
  (k) =>
    Object.hasOwn(env, k) ? env[k] : undefined;

t.test('parseDotenv', async (t) => {
  const cases: [string, Record<string, string>][] = [
    ['FOO=bar', { FOO: 'bar' }],
    ['FOO = bar  \nBAZ: qux', { FOO: 'bar', BAZ: 'qux' }],
    ['export FOO=1\n  export\tBAR=2\nexport.KEY=3', { FOO: '1', BAR: '2', 'export.KEY': '3' }],
    ['# comment\n\n  # indented comment\nA=1 # inline\nB=1#not-a-comment', { A: '1', B: '1#not-a-comment' }],
    ['A=\'single $X \\n\'\nB="double \\t \\"q\\" \\$X"', { A: 'single $X \\n', B: 'double \t "q" $X' }],
    ['A="line1\nline2"\nB=after', { A: 'line1\nline2', B: 'after' }],
    ["A='it\\'s'", { A: "it's" }],
    ['A="\\0101\\01\\c"', { A: 'A\\01\\c' }],
    ['A=1\nB=${A}2\nC=$B-${MISSING:-d}', { A: '1', B: '12', C: '12-d' }],
    ['A=\nB=""\nC=\'\'', { A: '', B: '', C: '' }],
    ['WIN=value\r\nNEXT="x"\r\n', { WIN: 'value', NEXT: 'x' }],
    ['\uFEFFBOM=1', { BOM: '1' }],
    ['a[1]=c\na.b-c=d\nárvíztűrő=ÁRVÍZ', { 'a[1]': 'c', 'a.b-c': 'd', árvíztűrő: 'ÁRVÍZ' }],
    ['=value', { '': 'value' }],
    // a last line without `=` is compose-go's key '' with the line as value
    ['ORPHAN', { '': 'ORPHAN' }],
  ];
  for (const [text, want] of cases) t.same({ ...parseDotenv(text) }, want, JSON.stringify(text));
});

// The characters around keys and values, read by code unit where they are ASCII (src/interpolate/dotenv.ts
// isInlineSpace, isUnicodeSpace, isKeyChar, trimRight) and by code point where not: compose-go
// dotenv/parser.go:108-135 locateKeyName (isSpace :280-285 skips \t \v \f \r space U+0085 U+00A0 in a
// key; unicode.IsLetter/IsNumber, then `_.-[]`), :144 and :159 TrimRightFunc(unicode.IsSpace) of the
// key and of an unquoted value (U+2003 and U+3000 are spaces there, an astral letter is not; within a
// key U+00A0 and U+0085 stay).
t.test('parseDotenv: spaces and letters beyond ASCII around keys and values', async (t) => {
  const cases: [string, Record<string, string>][] = [
    ['A=x\u00A0\u2003\u3000\nB=y\u0085', { A: 'x', B: 'y' }],
    ['K\u00A0\u0085L\v\f =v', { 'K\u00A0\u0085L': 'v' }],
    ['E=smile 😀\nF=😀\u00A0', { E: 'smile 😀', F: '😀' }],
    ['𝐀𝐁=astral\nΣ2=greek\n٣=arabic-indic', { '𝐀𝐁': 'astral', Σ2: 'greek', '٣': 'arabic-indic' }],
    ['V=a\t\v\f\r', { V: 'a' }],
  ];
  for (const [text, want] of cases) t.same({ ...parseDotenv(text) }, want, JSON.stringify(text));
  for (const [text, message] of [
    ['A€=1', 'line 1: unexpected character "€" in variable name "A€=1"'],
    ['😀=1', 'line 1: unexpected character "😀" in variable name "😀=1"'],
    // Go's %q escapes a space it does not print
    ['A\u2003B=1', 'line 1: unexpected character "\\u2003" in variable name "A\\u2003B=1"'],
  ])
    t.throws(() => parseDotenv(text), { message }, JSON.stringify(text));
});

t.test('parseDotenv with a lookup', async (t) => {
  const lookup = lookupOf({ HOME: '/home/me', A: 'from-env', EMPTY: '' });
  t.same(
    { ...parseDotenv('A=file\nB=$A\nHOME\nEMPTY\nUNSET\nC=${HOME}/x', lookup) },
    { A: 'file', B: 'from-env', HOME: '/home/me', EMPTY: '', C: '/home/me/x' },
  );
  t.same({ ...parseDotenv('Q=\'$HOME\'\nR="\\$HOME"\nS=$$HOME', lookup) }, { Q: '$HOME', R: '$HOME', S: '$HOME' });
});

t.test('parseDotenv keeps prototype keys as data', async (t) => {
  const vars = parseDotenv('__proto__=polluted\nconstructor=c\ntoString=s\nX=${__proto__}');
  t.equal(Object.getPrototypeOf(vars), null);
  t.same(Object.keys(vars), ['__proto__', 'constructor', 'toString', 'X']);
  t.equal(vars.X, 'polluted');
  t.equal(({} as Record<string, unknown>).polluted, undefined);
  t.same(
    { ...parseDotenv('A=${constructor:-unset}') },
    { A: 'unset' },
    'an absent key never resolves to Object.prototype',
  );
});

t.test('parseDotenv errors', async (t) => {
  const cases: [string, string, number][] = [
    ['%!(EXTRA string)=foo', 'line 1: unexpected character "%" in variable name "%!(EXTRA string)=foo"', 1],
    ['A=1\nB C=2', 'line 2: key cannot contain a space', 2],
    ['A=1\n\nKEY="value', 'line 3: unterminated quoted value "value', 3],
    ['KEY="a\nb\nc', 'line 3: unterminated quoted value "a', 1],
    ["KEY='value\\'", "line 1: unterminated quoted value 'value\\'", 1],
    ['A=1\nB=${NEED:?set NEED}', 'required variable NEED is missing a value: set NEED', 2],
    ['A="${"', 'Invalid template: "${"', 1],
    ['export ', 'zero length string', 1],
    ['FOO$=1', 'line 1: unexpected character "$" in variable name "FOO$=1"', 1],
  ];
  for (const [text, message, line] of cases) {
    t.throws(() => parseDotenv(text), { message, line }, JSON.stringify(text));
    try {
      parseDotenv(text);
    } catch (e) {
      t.type(e, DotenvError);
    }
  }
});

t.test('readDotenv: files parsed alone, later ones win, digit keys dropped', async (t) => {
  const vars = readDotenv(['A=1\n456=x\nB=${A}', 'A=2\nC=${A}\n 7up=no'], lookupOf({ A: 'env' }));
  t.same({ ...vars }, { A: '2', B: 'env', C: 'env' });
});

t.test('envFromFiles: the process environment first, then values read so far', async (t) => {
  const files = [
    { path: '/p/.env', content: 'HOST=localhost\nURL="http://${HOST}"\n1X=kept' },
    { path: '/p/.env.dev', content: 'HOST=dev.example.com\nURL="http://${HOST}"\nPORT\nFROM_FIRST=${URL}' },
  ];
  t.same(
    { ...envFromFiles(files, lookupOf({})) },
    { HOST: 'dev.example.com', URL: 'http://dev.example.com', '1X': 'kept', FROM_FIRST: 'http://dev.example.com' },
  );
  t.same(
    { ...envFromFiles(files, lookupOf({ HOST: 'host.local', PORT: '80' })) },
    {
      HOST: 'dev.example.com',
      URL: 'http://host.local',
      '1X': 'kept',
      PORT: '80',
      FROM_FIRST: 'http://host.local',
    },
  );
  t.throws(
    () =>
      envFromFiles(
        [
          { path: '/p/.env', content: 'A=1' },
          { path: '/p/bad.env', content: 'OK=1\nX="open' },
        ],
        lookupOf({}),
      ),
    {
      message: 'failed to read /p/bad.env: line 2: unterminated quoted value "open',
      file: '/p/bad.env',
      line: 2,
    },
  );
});
