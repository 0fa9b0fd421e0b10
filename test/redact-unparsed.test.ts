// A Compose file that does not parse cannot be audited, and its tree, where secret values are read
// from, is missing: a syntax error's message (`unknown alias *x`) and the source lines under it may
// quote the value a line gives a secret-like name. Those lines are read from the raw text
// (src/redact/collector.ts secretLines): each answer, and `config` on the command line, masks them.
// Canaries hold "Canary" followed by a letter, as in test/redact.test.ts.
import t from 'tap';
import { everyAnswer, showsNoSecret } from './helpers/answers.js';
import { configIn } from './helpers/cli.js';
import { readFileSync } from 'node:fs';
import { COMPOSE_STRUCTURES } from '../src/redact/lines.js';
import { secretLike } from '../src/redact/names.js';
import { runTask } from '../src/usecases/task.js';

const LEAK = /Canary[A-Za-z]/;

const LINES = [
  'password: CanaryHunter2 :',
  'POSTGRES_PASSWORD: CanaryHunter2: x',
  'DB_PASSWORD: "CanaryHunter2',
  'password: [CanaryHunter2',
  'password: *CanaryHunter2', // read as an alias: `unknown alias *…`
  'API_TOKEN: CanaryHunter2 # note\n     x: y',
  'password: |\n   CanaryHunter2\n  x',
  'DATABASE_URL: postgres://app:CanaryHunter2@db/app :',
  'DB_PASSWORD: !!int CanaryHunter2', // go-yaml: cannot construct !!str `…` as a !!int
  'DB_PASSWORD: &pw !!int CanaryHunter2',
];

t.test('a file with a syntax error: its secret-named lines are masked in every answer', async (t) => {
  for (const line of LINES) {
    const compose = `services:\n  db:\n    image: postgres:16\n    environment:\n      ${line}\n`;
    const answers = showsNoSecret(t, { 'compose.yaml': compose }, LEAK, JSON.stringify(line));
    t.match(answers[0][1], /error/, `${line}: the file is refused`);
    const cli = await configIn(compose);
    t.not(cli.code, 0, `${line}: config refuses it`);
    t.notMatch(cli.stdout + cli.stderr, LEAK, `${JSON.stringify(line)}: config`);
  }
});

t.test('a plain-named value of a file with a syntax error is shown', async (t) => {
  const compose = 'services:\n  db:\n    image: postgres:16\n    environment:\n      HOST: CanaryHost :\n';
  const body = everyAnswer({ 'compose.yaml': compose })[0][1];
  t.match(body, /HOST: CanaryHost :/, 'in the source line under the error');
});

t.test('a secret-named value whose template compose-go refuses: its literal text is masked', async (t) => {
  // the message quotes the raw value whole (`invalid interpolation format for …`)
  for (const line of [
    'API_TOKEN: "CanaryHunter2${"',
    'DB_PASSWORD: "${A}CanaryHunter2${"',
    'DB_PASSWORD: "CanaryHunter2${A:-${B}${"',
  ]) {
    const compose = `services:\n  db:\n    image: postgres:16\n    environment:\n      ${line}\n    command: ["app", "--password=CanaryCmd$\{"]\n`;
    const answers = showsNoSecret(t, { 'compose.yaml': compose }, LEAK, JSON.stringify(line));
    t.match(answers[0][1], /invalid interpolation format/, `${line}: refused`);
  }
  // a template that closes is a reference: the text around it is no secret (`Bearer ${TOKEN}`)
  const ok = everyAnswer({
    'compose.yaml':
      'services:\n  db:\n    image: x\n    environment:\n      API_TOKEN: "Scheme-Label ${TOKEN}"\n    labels:\n      doc: Scheme-Label\n',
    '.env': 'TOKEN=abc\n',
  });
  t.match(
    ok.find(([ask]) => ask.startsWith('config'))?.[1],
    /doc.{1,4}Scheme-Label/,
    'a reference that closes: its text is shown elsewhere',
  );
});

t.test('an env-file line the dotenv parser refuses: the secret-named words after the error are masked', async (t) => {
  // compose-go's message quotes the rest of the line (`unexpected character "\"" in variable name "…"`)
  const files = {
    'compose.yaml': 'services:\n  db:\n    image: x\n    env_file: app.env\n',
    'app.env': `I='a'"b" DB_PASSWORD=CanaryHunter2 API_TOKEN='CanaryTok9' X=1\n`,
  };
  const answers = showsNoSecret(t, files, LEAK);
  t.match(answers[0][1], /dotenv-syntax/, 'refused');
});

t.test('a duplicate key inside the value of a secret-named key: its message and source line mask it', async (t) => {
  // go-yaml refuses the file (`mapping key "k" already defined at line N`, yaml-duplicate-key): its
  // message quotes the key, the source line under it is the second entry; the value of a secret-named
  // key is secret whatever its shape, so its keys and values are masked in every answer
  const env = 'services:\n  db:\n    image: x:1\n    environment:\n';
  for (const compose of [
    `${env}      DB_PASSWORD:\n        a: CanaryDupA1\n        a: CanaryDupB2\n`,
    `${env}      DB_PASSWORD:\n        CanaryDupKey9: 1\n        CanaryDupKey9: 2\n`,
    `${env}      DB_PASSWORD: {CanaryDupKey9: 1, CanaryDupKey9: 2}\n`,
    `${env}      DB_PASSWORD:\n        a:\n          b: CanaryDupA1\n          b: CanaryDupB2\n`,
    `${env}      - DB_PASSWORD:\n          a: CanaryDupA1\n          a: CanaryDupB2\n`,
    'x-db-password:\n  a: CanaryDupA1\n  a: CanaryDupB2\nservices:\n  db:\n    image: x:1\n',
    'x-db-password: {"CanaryDupKey9": 1,\n  "CanaryDupKey9": 2}\nservices:\n  db:\n    image: x:1\n',
  ]) {
    const answers = showsNoSecret(t, { 'compose.yaml': compose }, LEAK, JSON.stringify(compose));
    t.match(answers[0][1], /already defined|yaml-/, `${JSON.stringify(compose)}: refused`);
    const cli = await configIn(compose);
    t.notMatch(cli.stdout + cli.stderr, LEAK, `${JSON.stringify(compose)}: config on the command line`);
  }
  // a plain-named key's entries are shown
  const plain = `${env}      HOST:\n        a: CanaryHost1\n        a: CanaryHost2\n`;
  t.match(everyAnswer({ 'compose.yaml': plain })[0][1], /a: CanaryHost2/, 'a plain-named value is shown');
  // so are the entries of Compose's own `secrets`, names and paths (a secret-like name of the schema)
  const secrets =
    'services:\n  db:\n    image: x:1\nsecrets:\n  shared_tls_name:\n    file: ./a.pem\n  shared_tls_name:\n    file: ./b.pem\n';
  t.match(
    everyAnswer({ 'compose.yaml': secrets })[0][1],
    /mapping key "shared_tls_name" already defined/,
    "a secret's name is shown",
  );
});

t.test("the Compose keys whose secret-like names hold a structure are the schema's", async (t) => {
  const schema = JSON.parse(readFileSync(new URL('../schemas/compose-spec.json', import.meta.url), 'utf8')) as object;
  const keys = new Set<string>();
  const walk = (o: unknown): void => {
    if (typeof o !== 'object' || o === null) return;
    const props = (o as { properties?: object }).properties;
    if (props) for (const k of Object.keys(props)) keys.add(k);
    for (const v of Object.values(o)) walk(v);
  };
  walk(schema);
  t.same([...keys].filter((k) => secretLike(k)).sort(), [...COMPOSE_STRUCTURES].sort());
});

t.test('a key written as a field name in an unparsed secret value is no secret (found by a review)', async (t) => {
  // `services` and `environment` read as secret values were masked in every answer: the answers' own
  // member "services", every finding's path (`********.web.cap_drop`), the role reason
  const input = {
    files: {
      'compose.yaml': 'services:\n  web:\n    image: nginx:latest\n    privileged: true\n',
      'extra.yaml': 'x-db-password:\n  services: CanaryValA\n  services: CanaryValB\n  environment: c\n',
    },
    environments: { prod: { files: ['compose.yaml'] }, dev: { files: ['compose.yaml', 'extra.yaml'] } },
  };
  const audit = runTask({ question: 'audit', input, options: {} } as never).body;
  t.match(audit, /"path":"services\.web\.privileged"/, 'paths as written');
  t.notMatch(audit, /\*\*\*\*\*\*\*\*\.web/);
  const validate = runTask({ question: 'validate', input, options: {} } as never).body;
  t.match(validate, /"services":\["web"\]/, "the answer's own member names");
  t.notMatch(audit + validate, LEAK, 'the values are still masked');
});

t.test(
  "an unknown alias inside a secret-named key's value: no answer quotes its name (found by a review)",
  async (t) => {
    // go-yaml's `unknown anchor 'CanaryB2' referenced` (composeMessage) quoted it where the message masked it
    for (const compose of [
      'services:\n  db:\n    image: x:1\n    environment:\n      DB_PASSWORD:\n        a: x\n        b: *CanaryB2\n',
      'x-api-token: {k: *CanaryB2}\nservices:\n  db:\n    image: x:1\n',
      'services:\n  db:\n    image: x:1\n    labels:\n      db.password: [a, *CanaryB2]\n',
    ])
      showsNoSecret(t, { 'compose.yaml': compose }, LEAK, JSON.stringify(compose));
  },
);

t.test(
  'a secret-named key in a flow collection, or as an explicit key, masks its unparsed value (found by a review)',
  async (t) => {
    const env = 'services:\n  db:\n    image: x:1\n    environment:';
    for (const compose of [
      `${env} {DB_PASSWORD: {a: CanaryA1, a: CanaryB2}}\n`,
      `${env} {HOST: x, DB_PASSWORD: [CanaryA1, {a: CanaryB2, a: CanaryC3}]}\n`,
      `${env}\n      ? DB_PASSWORD\n      : a: CanaryA1\n        a: CanaryB2\n`,
    ])
      showsNoSecret(t, { 'compose.yaml': compose }, LEAK, JSON.stringify(compose));
  },
);

t.test(
  'a key written like a field name but no field of the schema is still a secret (found by a review)',
  async (t) => {
    const env = 'services:\n  db:\n    image: x:1\n    environment:\n';
    for (const compose of [
      `${env}      DB_PASSWORD: {s3cr3tcanary9: x, s3cr3tcanary9: y}\n`,
      `${env}      DB_PASSWORD:\n        s3cr3tcanary9: x\n        s3cr3tcanary9: y\n`,
    ])
      showsNoSecret(t, { 'compose.yaml': compose }, /s3cr3tcanary9/, JSON.stringify(compose));
  },
);
