// Secrets as a file writes them: YAML escapes, folds and flow entries in the source lines the text
// reports quote, a window's edge inside a secret, quoted connection-string passwords, and secret
// values that are also names (src/redact/source.ts, scalars.ts). Every canary holds
// "Canary" followed by a letter, as in test/redact.test.ts, so a partial leak is found too.
import t from 'tap';
import { parse } from 'yaml';
import { connectionPasswords, dsnPasswords } from '../src/audit/secrets.js';
import { Masker } from '../src/redact/mask.js';
import { decodeBlock, decodeFlow, sourceOf } from '../src/redact/scalars.js';
import { envRanges, secretRanges } from '../src/redact/source.js';
import { formatText } from '../src/report/text.js';
import { runTask, type Task } from '../src/usecases/task.js';
import { main } from '../src/cli/main.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { showsNoSecret } from './helpers/answers.js';
import { growth } from './helpers/growth.js';
import { tempDir } from './helpers/temp.js';

const LEAK = /Canary[A-Za-z]/;
type Files = Record<string, string>;

const text = (files: Files, question: 'audit' | 'validate' | 'review' = 'audit'): string =>
  String(runTask({ question, input: { files }, options: { format: 'text' } } as Task).body);

t.test('a secret written with YAML escapes or folds is masked in the source lines', async (t) => {
  // the value is a secret because DB_PASSWORD holds it; the line shows it as written
  const forms = [
    '"Canary\\x53ecret-1"', // \x
    '"\\u0043anarySecret-1"', // \u
    '"\\U00000043anarySecret-1"', // \U
    '"Canary\\\n      Secret-1"', // an escaped line break: the line shows "Canary\ (no letter after it)
    "'CanarySecret-1'", // single quotes, no escape: as written
  ];
  for (const form of forms) {
    const files = {
      'compose.yaml': `services:\n  db:\n    image: postgres:16.4\n    environment:\n      DB_PASSWORD: CanarySecret-1\n  api: {image: "nginx:1.27", privileged: true, environment: {COPY: ${form}}}\n`,
    };
    const body = text(files);
    t.match(body, /runs privileged/, `${form}: a finding on its line`);
    t.notMatch(body, LEAK, `${form}: audit text`);
    t.notMatch(body, /x53|u0043|U00000043/, `${form}: no escape of it either`);
  }
  // with a space or an escape of one, folded over two lines: each line's part is masked
  const folded = {
    '.env': 'API_SECRET=CanaryFolded two words\n',
    'compose.yaml':
      'services:\n  api: {image: "nginx:1.27", privileged: true, command: "CanaryFolded\n    two words", user: root}\n  web: {image: "nginx:1.27", privileged: true, command: "CanaryFolded\\x20two words\\N"}\n',
  };
  const body = text(folded);
  t.match(body, /command: "\*{8}$/m, 'the first line of the folded value');
  t.notMatch(body, LEAK);
  t.notMatch(body, /x20two/, 'the escaped form');
});

t.test(
  'the CLI quotes the source lines of one or several projects with their secret values masked as written',
  async (t) => {
    const dirs = [tempDir('cr-source-a-'), tempDir('cr-source-b-')];
    for (const [i, dir] of dirs.entries())
      writeFileSync(
        join(dir, 'compose.yaml'),
        `services:\n  db:\n    image: postgres:16.4\n    environment:\n      DB_PASSWORD: CanaryCli-${i}\n  api: {image: "nginx:1.27", privileged: true, environment: {COPY: "Canary\\x43li-${i}"}}\n`,
      );
    for (const argv of [['audit'], ['audit', ...dirs]]) {
      let out = '';
      await main(argv, { stdout: (s) => (out += s), stderr: (s) => (out += s), env: {}, cwd: dirs[0] });
      t.match(out, /runs privileged/, argv.join(' '));
      t.notMatch(out, /Canary\\x43|CanaryCli/, `${argv.join(' ')}: no form of the secrets`);
    }
  },
);

t.test('a secret cut by the window of a long line shows no piece of it', async (t) => {
  // the window ends 120 characters after the line's start: at a space inside the secret
  for (const at of [100, 105, 110, 114, 118]) {
    const head = '  api: {image: "nginx:1.27", privileged: true, command: ["';
    const line = `${head}${'x'.repeat(at - head.length)}", "CanaryCut two words here", "${'y'.repeat(150)}"]}`;
    const files = { '.env': 'API_SECRET=CanaryCut two words here\n', 'compose.yaml': `services:\n${line}\n` };
    const body = text(files);
    t.match(body, /runs privileged/);
    t.notMatch(body, LEAK, `secret at ${at}`);
    t.notMatch(body, /[" ](two|words|here)\b/, `secret at ${at}: no word of it`);
  }
});

t.test('a secret-named entry is masked however the flow style writes it', async (t) => {
  const envs = [
    '{? DB_PASSWORD : pw1, X: 1}',
    '{? "DB_PASSWORD" : "p\\x77", X: 1}',
    '{X: 1,\n      Y: 2, DB_PASSWORD: pw2}',
    '[X=1,\n      Y=2, DB_PASSWORD=pw3]',
  ];
  for (const env of envs) {
    const files = {
      'compose.yaml': `services:\n  api: {image: "nginx:1.27", privileged: true, cap_add: [SYS_ADMIN], environment: ${env}}\n`,
    };
    const body = text(files);
    t.notMatch(body, /pw[123]|p\\x77/, `${JSON.stringify(env)}: audit text`);
    t.match(body, /\*{8}/, `${JSON.stringify(env)}: masked`);
  }
  // not a key's value: a nested key, an item of another sequence, a reference
  const ranges = (src: string) => {
    const r = secretRanges(src);
    const out: string[] = [];
    for (let k = 0; k < r.length; k += 2) out.push(src.slice(r[k], r[k + 1]));
    return out;
  };
  t.same(ranges('DB_PASSWORD:\n  nested: x\n'), [], 'a mapping under the name');
  t.same(ranges('DB_PASSWORD: ${PW}\nX: [DB_TOKEN=/run/x]\n'), [], 'values that are no secret');
  t.same(ranges('A: {? DB_PASSWORD : "a\\x62"}\n- DB_TOKEN=tok1\n'), ['"a\\x62"', 'tok1']);
  t.same(ranges('K: !!str &a "v"\nDB_PASSWORD: !!str &b pw\nDB_SECRET: |\n  line1\n  line2\n'), [
    'pw',
    '  line1\n  line2\n',
  ]);
});

t.test("an env file's values are read as compose-go's dotenv reads them", async (t) => {
  const masker = new Masker(['CanaryEnv-1', 'CanaryEnv two']);
  const shown = (src: string, m?: Masker) => {
    const r = envRanges(src, m);
    const out: string[] = [];
    for (let k = 0; k < r.length; k += 2) out.push(src.slice(r[k], r[k + 1]));
    return out;
  };
  t.same(
    shown('A="Canary\\0105nv-1"\nB=\'CanaryEnv-1\'\n', masker),
    ['Canary\\0105nv-1', 'CanaryEnv-1'],
    'octal escape',
  );
  // past a byte, Go's UnquoteChar refuses the octal escape: compose-go keeps `\0777` as written
  t.same(shown('A="Canary\\0777-x"\n', new Masker(['Canary\\0777-x'])), ['Canary\\0777-x'], 'octal past 0377');
  t.same(shown('A="Canary\\0777-x"\n', new Masker(['Canary\u01ff-x'])), [], 'octal past 0377, not decoded');
  t.same(shown('A="Canary\\0377-x"\n', new Masker(['Canary\u00ff-x'])), ['Canary\\0377-x'], 'octal 0377');
  t.same(shown('A="x CanaryEnv\\ttwo"\nB="CanaryEnv\ntwo"\n', masker), [], 'other characters between the words');
  t.same(shown('export A = "CanaryEnv two" # note\nC=CanaryEnv-1   # c\n', masker), ['CanaryEnv two', 'CanaryEnv-1']);
  t.same(shown('DB_PASSWORD="multi\nline"\nX=1\nAPI_TOKEN=abc # c\nDB_SECRET=${X}\n'), ['"multi\nline"', 'abc']);
  t.same(shown('# DB_PASSWORD=x\n\nnot an entry\n'), []);
  const blanks = (n: number) => `A=x${' '.repeat(n)}y\n`.repeat(10);
  const g = growth(
    () => envRanges(blanks(20_000), masker),
    () => envRanges(blanks(80_000), masker),
  );
  t.ok(
    g.ratio <= 8,
    `runs of blanks, n: ${g.small.toFixed(1)} ms, 4n: ${g.large.toFixed(1)} ms, ${g.ratio.toFixed(1)}x`,
  );
});

t.test('a YAML scalar is read as yaml reads it, each character with its place', async (t) => {
  const cases = [
    'x: "x\\x41\\\n   y"\n',
    "x: 'it''s  \n\n  ok'\n",
    'x: plain\n  folded\n\n\n  more  \n  end\n',
    'x: "\\u0065\\N\\_\\L\\P\\U0001F600\\t\\\t\\ \\/\\e\\0\\a\\b\\v\\f\\r"\n',
    'x: "a  \n   b\\n  \n c"\n',
    'x: "a\r\n  b"\r\n',
    'x: |\n  line one\n  line two\n',
    'x: >\n  folded one\n  folded two\n\n  para\n    more\n  back\n',
    'x: |2-\n    a\n   b\n',
    'x: ""\n',
  ];
  for (const src of cases) {
    const want = String((parse(src) as { x: unknown }).x).replace(/\n+$/, '');
    const body = src.slice(3);
    const header = /^[|>]\S*/.exec(body)?.[0];
    const d = header
      ? decodeBlock(body.slice(body.indexOf('\n') + 1), header)
      : decodeFlow(body.replace(/\r?\n$/, ''), body[0] === '"' || body[0] === "'" ? body[0] : '');
    t.equal(d.value, want, JSON.stringify(src));
    if (d.from) t.equal(d.from.length, d.value.length);
  }
  // the places: `\x41` wrote the A
  const d = decodeFlow('"a\\x41b"', '"');
  t.same(sourceOf(d, 1, 2), [2, 6]);
  t.same(sourceOf(decodeFlow('"as written"', '"'), 3, 10), [4, 11]);
});

t.test('a quoted or braced connection-string password is read whole, in both its forms', async (t) => {
  t.same(connectionPasswords("host=db password='a b\\'c' user=x"), [
    { written: "a b\\'c", read: "a b'c", entry: "password='a b\\'c'" },
  ]);
  t.same(connectionPasswords('Server=db;PWD={x;y}}z};Uid=sa'), [
    { written: 'x;y}}z', read: 'x;y}z', entry: 'PWD={x;y}}z}' },
  ]);
  t.same(connectionPasswords('Password="x;""y";'), [{ written: 'x;""y', read: 'x;"y', entry: 'Password="x;""y"' }]);
  t.same(connectionPasswords('jdbc:sqlserver://db;user=sa;password=plain1;x=1&pwd=two'), [
    { written: 'plain1', entry: 'password=plain1' },
    { written: 'two', entry: 'pwd=two' },
  ]);
  t.same(connectionPasswords("password='unterminated"), [
    { written: 'unterminated', read: 'unterminated', entry: "password='unterminated" },
  ]);
  const values = {
    LIBPQ: "host=db password='CanaryLibpq a\\'q' user=app",
    ODBC: 'Driver={ODBC Driver 18};Server=db;PWD={CanaryOdbc;x}}y};Uid=sa',
    ADO: 'Server=db;User Id=sa;Password="CanaryAdo;x""q";',
    ADO2: "Server=db;Password = 'CanaryAdoTwo x';",
  };
  const env = Object.entries(values)
    .map(([k, v]) => `      ${k}: ${JSON.stringify(v)}`)
    .join('\n');
  const files = { 'compose.yaml': `services:\n  api:\n    image: nginx:1.27\n    environment:\n${env}\n` };
  showsNoSecret(t, files, LEAK);
});

t.test("a Go MySQL DSN's password and redis-server's password options are secret", async (t) => {
  t.same(dsnPasswords('DSN=app:p@ss:w0rd@tcp(db:3306)/x a:${PW}@unix(/s)/x b:two@tcp6([::1]:3306)/y'), [
    'p@ss:w0rd',
    'two',
  ]);
  const long = `${'x'.repeat(20_000)}@tcp(`;
  const g = growth(
    () => dsnPasswords(long.repeat(5)),
    () => dsnPasswords(long.repeat(20)),
  );
  t.ok(g.ratio <= 8, `n: ${g.small.toFixed(1)} ms, 4n: ${g.large.toFixed(1)} ms, ${g.ratio.toFixed(1)}x`);
  const files = {
    'compose.yaml': `services:
  api:
    image: nginx:1.27
    environment:
      MYSQL_DSN: "app:CanaryDsn-1@tcp(db:3306)/app?parseTime=true"
  cache:
    image: redis:7.4
    command: redis-server --requirepass CanaryRedis-2 --masterauth CanaryRedis-3
`,
  };
  showsNoSecret(t, files, LEAK);
});

t.test("a Go MySQL DSN's password is read as the driver reads it: to the last @ before the protocol", async (t) => {
  // go-sql-driver/mysql ParseDSN: the password runs from the user's first `:` to the last `@` before
  // `tcp(`, whatever it holds; a value's DSN starts at the value (after `KEY=` in a list item)
  t.same(dsnPasswords('root:Kx9vQ2mZ7pL4tR8w=@tcp(db:3306)/app'), ['Kx9vQ2mZ7pL4tR8w=']);
  t.same(dsnPasswords('DSN=app:my pass, phrase;\'"@tcp(db:3306)/app'), [`my pass, phrase;'"`]);
  t.same(dsnPasswords('sh -c "migrate -dsn \'root:two words@unix(/s)/x\'"'), ['two words']);
  // each DSN read back to the previous one at most, the blank after it searched once
  const many = (n: number): string => 'K=u:p w,x=@tcp(a)/b;'.repeat(n) + 'k=u:p w@tcp(a)/b '.repeat(n);
  const g = growth(
    () => dsnPasswords(many(2_000)),
    () => dsnPasswords(many(8_000)),
  );
  t.ok(g.ratio <= 8, `n: ${g.small.toFixed(1)} ms, 4n: ${g.large.toFixed(1)} ms, ${g.ratio.toFixed(1)}x`);
  const dsns = {
    EQUALS: 'root:CanaryEq9vQ2mZ7pL4tR8w=@tcp(db:3306)/app',
    BLANKS: 'app:CanaryMy pass phrase@tcp(db:3306)/app',
    COMMA: 'app:CanaryComma,x1@tcp(db:3306)/app',
    SEMI: 'app:CanarySemi;x1@tcp(db:3306)/app',
    QUOTES: `app:CanaryQuote'x"1@tcp(db:3306)/app`,
  };
  const items = Object.entries(dsns)
    .map(([k, v]) => `      - ${JSON.stringify(`${k}=${v.replace('Canary', 'CanaryItem')}`)}`)
    .join('\n');
  const map = Object.entries(dsns)
    .map(([k, v]) => `      ${k}: ${JSON.stringify(v)}`)
    .join('\n');
  const files = {
    'compose.yaml': `services:\n  api:\n    image: nginx:1.27\n    environment:\n${map}\n  web:\n    image: nginx:1.27\n    environment:\n${items}\n`,
  };
  showsNoSecret(t, files, LEAK);
  for (const format of ['yaml', 'json'])
    for (const provenance of [false, true]) {
      const options = { format, provenance, allResources: true };
      const body = String(runTask({ question: 'config', input: { files }, options } as Task).body);
      t.notMatch(body, LEAK, `config ${format} ${provenance}`);
    }
});

t.test('a secret value is masked everywhere, also where the bundle makes it a name', async (t) => {
  // a file that names a host (or a service, a volume...) after a secret variable must not turn the
  // masking of the CI's secret off: the value is a secret wherever it lands
  const input = {
    files: {
      'compose.yaml': `services:
  app:
    image: nginx:1.27
    hostname: \${DB_PASSWORD}
    privileged: true
    command: ["--db-password", "\${DB_PASSWORD}"]
    environment:
      DB_PASSWORD: \${DB_PASSWORD}
      CONN: "Host=db;Password=\${DB_PASSWORD};"
`,
    },
    environments: { default: { files: ['compose.yaml'], env: { DB_PASSWORD: 'CanaryHost-7' } } },
  };
  for (const [question, format] of [
    ['config', 'json'],
    ['review', 'json'],
    ['review', 'markdown'],
    ['audit', 'text'],
    ['audit', 'json'],
  ]) {
    const body = runTask({ question, input, options: { format } } as Task).body;
    const s = typeof body === 'string' ? body : JSON.stringify(body);
    t.match(s, /\S/, `${question} ${format}: an answer`);
    t.notMatch(s, LEAK, `${question} ${format}`);
  }
  // and a password equal to a name the bundle defines is masked with it (a known limitation: the
  // service's name is hidden too)
  const files = {
    'compose.yaml': `services:
  keycloak:
    image: quay.io/keycloak/keycloak:24.0
    command: ["start", "--db-password", "keycloak"]
    environment:
      KEYCLOAK_ADMIN_PASSWORD: keycloak
      CONN: "Host=db;Password=keycloak;"
`,
  };
  showsNoSecret(t, files, /\bkeycloak\b/);
});

t.test('the source ranges cost time linear in the text', async (t) => {
  const masker = new Masker(['CanarySecret-1', 'other two words']);
  const doc = (n: number) =>
    `a: {${Array.from({ length: n }, (_, i) => `k${i}: "v\\x41${i}", DB_PASSWORD: p${i}`).join(', ')}}\n` +
    Array.from({ length: n }, (_, i) => `b${i}: "Canary\\x53ecret-1 ${i}\n  folded"\n- DB_TOKEN=t${i}\n`).join('');
  const [small, large] = [doc(2000), doc(8000)];
  const g = growth(
    () => secretRanges(small, masker),
    () => secretRanges(large, masker),
  );
  t.ok(g.ratio <= 8, `n: ${g.small.toFixed(1)} ms, 4n: ${g.large.toFixed(1)} ms, ${g.ratio.toFixed(1)}x`);
});

t.test('findings on one long line cost time linear in their number', async (t) => {
  // a flow-style file on one line: every finding quotes it, and the line is read once for them all
  const masker = new Masker(['CanaryLine-1']);
  const line = (n: number) =>
    `{services: {${Array.from({ length: n }, (_, i) => `s${i}: {privileged: true, x-p: {DB_PASSWORD: "CanaryLine-1"}}`).join(', ')}}}`;
  const report = (n: number) => {
    const files = { 'compose.yaml': `${line(n)}\n` };
    const list = Array.from({ length: n }, (_, i) => ({
      file: 'compose.yaml',
      line: 1,
      column: 13 + i * 60,
      code: 'privileged',
      severity: 'error' as const,
      message: 'runs privileged',
    }));
    return () => formatText(list, files, { masker });
  };
  const body = report(50)();
  t.notMatch(body, LEAK, 'no secret in the lines');
  t.match(body, /runs privileged/);
  const g = growth(report(2000), report(8000));
  t.ok(g.ratio <= 8, `n: ${g.small.toFixed(1)} ms, 4n: ${g.large.toFixed(1)} ms, ${g.ratio.toFixed(1)}x`);
});

t.test('a scalar written as a lexer marker character shifts no range', async (t) => {
  // yaml's lexer marks a scalar with \x1f, a document with \x02, a flow's end with \x18: a plain
  // scalar made of one of them is a scalar's source, not a marker
  const src = 'a: \x1f\nb: \x02\nc: [\x18, \x1f]\nDB_PASSWORD: CanaryCtl-1\nX: "CanaryCtl-2"\n';
  const masker = new Masker(['CanaryCtl-2']);
  const r = secretRanges(src, masker);
  const shown: string[] = [];
  for (let k = 0; k < r.length; k += 2) shown.push(src.slice(r[k], r[k + 1]));
  t.same(shown, ['CanaryCtl-1', 'CanaryCtl-2']);
  const files = {
    'compose.yaml':
      'x-c0: \x1f\nx-c1: \x1f\nx-c2: \x02\nx-c3: [\x18]\nservices:\n' +
      '  api: {image: "nginx:1.27", privileged: true, environment: {DB_PASSWORD: CanaryCtl-3}}\n',
  };
  const body = text(files);
  t.match(body, /runs privileged/);
  t.notMatch(body, /Canary|Ctl-3/, 'audit text');
  t.match(body, /\{DB_PASSWORD: \*{8}\}/, 'the value masked whole, the line as written around it');
});

t.test("a secret-named key's value that is no scalar: the schema error's source line masks it", async (t) => {
  for (const value of [
    '? DB_PASSWORD\n      : CanaryMap1 : x', // an explicit key whose value parses as a mapping
    'DB_PASSWORD:\n        CanaryMap1: x',
    'DB_PASSWORD:\n        - CanaryMap1',
    '? API_TOKEN\n      : - Zq',
    'DB_PASSWORD: &a\n        k: Zq',
  ]) {
    const files = { 'compose.yaml': `services:\n  db:\n    image: x\n    environment:\n      ${value}\n` };
    const answers = showsNoSecret(t, files, /Canary[A-Z]|Zq/, value);
    t.match(answers[0][1], /must be a boolean, null, number or string \[schema-type\]\n {6,}(?:: )?\*{8}\n/, value);
  }
});
