// Secrets stay secret: canary secrets planted in every place a value can travel from (a command
// argument, a plain-named variable, a healthcheck, a Traefik basicauth label, a config's content, a
// port, an env file, a secret's environment and file, a URL password, a `${VAR:-default}`), then
// every output format of the CLI and of every API route, and the service's log lines (the workers'
// included), searched for them. Every canary contains "Canary" followed by a letter: a partial leak
// (a truncated value) is found too.
import t from 'tap';
import { tempDir } from './helpers/temp.js';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp } from '../src/api/app.js';
import { main } from '../src/cli/main.js';
import { Masker, MASK } from '../src/redact/mask.js';
import { isStrongSecret, secretLike, textMasker } from '../src/redact/secrets.js';
import { FINDING_FORMATS } from '../src/report/render.js';
import { REVIEW_FORMATS } from '../src/usecases/review.js';
import { auditBundle, reviewBundle } from '../src/usecases/index.js';
import { runTask, type Task } from '../src/usecases/task.js';

const LEAK = /Canary[A-Za-z]/;

const FILES: Record<string, string> = {
  'compose.yaml': `name: shop
services:
  db:
    image: postgres:16.4
    command: ["postgres", "--password", "\${DB_PASSWORD}"]
    environment:
      NOTE: \${API_TOKEN}
      X_NOTE: \${ADMIN_PASSWORD:-CanaryDefaultPw-13}
      DATABASE_URL: postgres://app:CanaryUrlPass-21@db/app
      KEYMAT_COPY: \${APP_KEYMAT}
      SHORT_PASSWORD: abc
    healthcheck:
      test: ["CMD-SHELL", "curl -u admin:\${HEALTH_SECRET} http://localhost"]
    labels:
      traefik.http.middlewares.auth.basicauth.users: "admin:$$apr1$$CanaryHtpasswdHash$$xyz"
      mail.note: "\${SMTP_PASSWORD}"
    privileged: true
    configs:
      - app_cfg
    secrets:
      - api_key
      - tls_key
configs:
  app_cfg:
    content: "password=\${CONFIG_PASSWORD}"
secrets:
  api_key:
    environment: APP_KEYMAT
  tls_key:
    file: ./secrets/tls.key
`,
  'compose.override.yaml': 'services:\n  db:\n    ports: ["127.0.0.1:5432:5432"]\n',
  'compose.prod.yaml': 'services:\n  db:\n    environment:\n      NOTE: ${PROD_TOKEN}\n',
  // an environment that cannot load: its diagnostic quotes the interpolated value
  'compose.staging.yaml': 'services:\n  db:\n    ports: ["${PGPASSWORD}:80"]\n',
  '.env': [
    'DB_PASSWORD=CanaryDbPass-1a2b3c',
    'API_TOKEN=CanaryApiToken-9x8y7z',
    'PROD_TOKEN=CanaryProdToken-5q6w',
    'HEALTH_SECRET=CanaryHealthSecret-55',
    'SMTP_PASSWORD=CanarySmtp-4242',
    'CONFIG_PASSWORD=CanaryConfigPw-77',
    'APP_KEYMAT=CanarySecretContent-88',
    'PGPASSWORD=CanaryPgPass-33',
    '',
  ].join('\n'),
  'secrets/tls.key': 'CanarySecretFile-66\n',
};

/** The base of a change review: production's NOTE was a plain value before the change. */
const BASE_FILES = { ...FILES, 'compose.prod.yaml': 'services:\n  db:\n    environment:\n      NOTE: plain\n' };

function noLeak(t: Tap.Test, name: string, text: string): void {
  const m = LEAK.exec(text);
  t.notOk(m, m ? `${name}: leaks ${JSON.stringify(text.slice(Math.max(0, m.index - 40), m.index + 40))}` : name);
}

t.test('which names and values are secret', async (t) => {
  for (const n of ['DB_PASSWORD', 'PGPASSWORD', 'apiToken', 'MYSQL_ROOT_PASSWORD', 'GITHUB_TOKEN'])
    t.ok(secretLike(n), n);
  for (const n of ['PASSWORD_FILE', 'PWD', 'PUBLIC_KEY', 'NOTE', 'TOKEN_TTL']) t.notOk(secretLike(n), n);
  for (const v of ['CanaryDbPass-1a2b3c', 's3cr3t-pass']) t.ok(isStrongSecret(v), v);
  for (const v of ['abc', 'true', '123456789', '/run/secrets/db', '${DB_PASSWORD}', 'postgres', 'changeme'])
    t.notOk(isStrongSecret(v), `${v}: masked only under its name`);
});

t.test('masking is by whole token, in every encoding of an answer', async (t) => {
  const m = new Masker(['hunter2hunter2', 'p|a"ss<w>d']);
  t.equal(m.text('--password=hunter2hunter2'), `--password=${MASK}`);
  t.equal(m.text('pg://u:hunter2hunter2@db'), `pg://u:${MASK}@db`);
  t.equal(m.text('xhunter2hunter2y'), 'xhunter2hunter2y', 'not inside a longer word');
  t.same(m.deep({ a: ['hunter2hunter2'], hunter2hunter2: 1, b: 2 }), { a: [MASK], [MASK]: 1, b: 2 });
  const plain = { a: 'nothing' };
  t.equal(m.deep(plain), plain, 'an object without a secret is not copied');
  t.equal(m.rendered(JSON.stringify({ v: 'p|a"ss<w>d' })), `{"v":"${MASK}"}`, 'JSON-escaped');
  t.equal(m.rendered('| p&#124;a"ss&lt;w&gt;d |'), `| ${MASK} |`, 'markdown-escaped');
});

t.test('parts masked already are taken as they are only when masking twice changes nothing', async (t) => {
  // masking twice changes nothing: the set spares the walk and the answer is the same
  const m = new Masker(['hunter2hunter2', 'pg-secret']);
  const parts = { findings: [{ message: 'uses hunter2hunter2', path: 'a' }], note: 'pg-secret here' };
  const masked = new Set<object>();
  const maskedParts = m.deep(parts, masked);
  t.ok(masked.has(maskedParts.findings), 'the masked parts are recorded');
  const answer = { ...maskedParts, extra: 'and pg-secret', hunter2hunter2: 1 };
  t.same(m.deep(answer, masked), m.deep(answer));
  t.same(m.deep(answer, masked), {
    findings: [{ message: `uses ${MASK}`, path: 'a' }],
    note: `${MASK} here`,
    extra: `and ${MASK}`,
    [MASK]: 1,
  });
  // a value with the mask's character: masking a masked text can find a value again, so the set is not used
  const star = new Masker(['x', '**-y']);
  const once = star.deep({ s: 'x-y' }, masked);
  t.equal(once.s, `${MASK}-y`);
  t.same(star.deep({ again: once }, masked), star.deep({ again: once }), 'masked again as a whole');
  t.equal(star.deep({ again: once }, masked).again.s, `******${MASK}`);
  // an object of a cycle is left as it is inside the cycle: what holds it is not recorded as masked
  const cyclic: Record<string, unknown> = { s: 'pg-secret' };
  cyclic.self = { back: cyclic };
  const seen = new Set<object>();
  m.deep(cyclic, seen);
  t.notOk(seen.has((cyclic.self as object) ?? {}), 'the part holding the cycle is not recorded');
});

t.test(
  'an answer read whole before it is walked: a value anywhere in it, past the read budget too, is masked',
  async (t) => {
    const m = new Masker(['pg-secret']);
    const clean = { list: Array.from({ length: 100 }, (_, i) => ({ n: i, s: `item ${i}` })) };
    t.equal(m.deep(clean), clean, 'nothing to mask: the same object, not a copy');
    for (const size of [10, 30_000]) {
      const list: unknown[] = Array.from({ length: size }, (_, i) => ({ n: i }));
      list.push({ deep: [{ 'key pg-secret': 'x' }, 'a pg-secret b'] });
      const got = m.deep({ list }).list[size] as { deep: [Record<string, string>, string] };
      t.same(got.deep, [{ [`key ${MASK}`]: 'x' }, `a ${MASK} b`], `${size} objects before it`);
    }
  },
);

t.test("a secret quoted by a message, in Go's %q or in JSON's quotes, is masked", async (t) => {
  // Compose's messages print a value with %q (`"Canary\\"x"`), ours with JSON's quotes (`"Canary\\u0001x"`)
  for (const odd of ['"', '\\', '\x01', '\x7f', '\u00a0', '\u200b', '\ufeff', '\u202e', '\n']) {
    const secret = `CanaryQuoted${odd}Secret9`;
    const files = {
      '.env': `DB_PASSWORD=${JSON.stringify(secret)}\n`,
      'compose.yaml': 'services:\n  db:\n    image: postgres:16\n    mem_limit: ${DB_PASSWORD}\n',
    };
    const asks = [
      ...['json', 'text'].map((format) => ({ question: 'validate' as const, format })),
      ...FINDING_FORMATS.map((format) => ({ question: 'audit' as const, format })),
      ...REVIEW_FORMATS.map((format) => ({ question: 'review' as const, format })),
    ];
    for (const { question, format } of asks) {
      const body = String(runTask({ question, input: { files }, options: { format } } as Task).body);
      t.notMatch(body, LEAK, `${JSON.stringify(odd)} in the secret, ${question} ${format}`);
    }
  }
});

t.test('a password without a user, with an @, or as a connection-string parameter is masked', async (t) => {
  const values = {
    REDIS_URL: 'redis://:CanaryOnlyPw1@cache:6379/0',
    AT_URL: 'postgres://app:CanaryP@ss2@db:5432/app',
    JDBC_URL: 'jdbc:postgresql://db/x?user=app&password=CanaryJdbc3',
    QUERY_URL: 'postgres://db/x?sslmode=require&pwd=CanaryQuery4',
    ADO: 'Server=db;User Id=sa;Password=CanaryAdo5;',
  };
  const env = Object.entries(values)
    .map(([k, v]) => `      ${k}: "${v}"`)
    .join('\n');
  const files = { 'compose.yaml': `services:\n  api:\n    image: nginx:1.27\n    environment:\n${env}\n` };
  const asks = [
    { question: 'config' as const, format: 'json' },
    ...FINDING_FORMATS.map((format) => ({ question: 'audit' as const, format })),
    ...REVIEW_FORMATS.map((format) => ({ question: 'review' as const, format })),
  ];
  for (const { question, format } of asks) {
    const body = String(runTask({ question, input: { files }, options: { format } } as Task).body);
    t.notMatch(body, LEAK, `${question} ${format}`);
  }
  const audit = JSON.parse(String(runTask({ question: 'audit', input: { files }, options: {} }).body)) as {
    findings: { rule: string; path: string; message: string }[];
  };
  t.same(
    audit.findings
      .filter((f) => f.rule === 'credentials-in-url')
      .map((f) => f.path)
      .sort(),
    ['services.api.environment.AT_URL', 'services.api.environment.REDIS_URL'],
    'the two URLs with a password are findings',
  );
});

t.test('the source line of a text report shows no part of a secret', async (t) => {
  // a long line is shown around its column: the window never ends inside a word (a URL's password
  // cut in two was in clear but for its tail, as the last pass masks a value whole)
  const url = `postgresql://service_account_for_the_quarterly_reporting_dashboard_ro:CanaryLongPw${'x'.repeat(40)}@db-primary.internal.example.com:5432/reporting?sslmode=require`;
  const long = {
    'compose.yaml': `services:\n  api:\n    image: nginx:1.27\n    environment:\n      DATABASE_URL: "${url}"\n`,
  };
  const text = String(runTask({ question: 'audit', input: { files: long }, options: { format: 'text' } }).body);
  t.match(text, /credentials-in-url/, 'the finding is there');
  t.match(
    text,
    /^ {8}DATABASE_URL: "postgresql:\/\/service_account_\w+_ro…$/m,
    'its line up to the word the window would cut',
  );
  t.notMatch(text, /CanaryLong/, 'no part of the password');
  // a flow mapping or sequence shows a value as written, escapes and all: its secret-named entries masked
  for (const env of ['{DB_PASSWORD: "CanaryE\\x32scaped"}', '[DB_PASSWORD=CanaryL\\x32isted]']) {
    const files = {
      'compose.yaml': `services:\n  api: {image: "nginx:1.27", privileged: true, environment: ${env}}\n`,
    };
    const body = String(runTask({ question: 'audit', input: { files }, options: { format: 'text' } }).body);
    t.match(body, /privileged/, `${env}: a finding on its line`);
    t.notMatch(body, LEAK, `${env}: audit text`);
  }
  // an env file's syntax error shows its line: a secret's name before the value masks it
  for (const line of ['export DB_PASSWORD CanaryExported9', ' DB PASSWORD=CanarySpaced9']) {
    const files = { '.env': `${line}\n`, 'compose.yaml': 'services:\n  api:\n    image: nginx:1.27\n' };
    for (const question of ['validate', 'audit', 'review'] as const) {
      const body = String(runTask({ question, input: { files }, options: { format: 'text' } } as Task).body);
      t.notMatch(body, LEAK, `${JSON.stringify(line)}: ${question} text`);
    }
  }
});

t.test('a bug whose message quotes the bundle is masked before it is logged', async (t) => {
  const m = textMasker({ files: FILES });
  noLeak(t, 'textMasker', m.rendered(`TypeError at "CanaryDbPass-1a2b3c" near postgres://app:CanaryUrlPass-21@db`));
});

t.test('every API route and format, and the log lines, hold no canary', async (t) => {
  const lines: string[] = [];
  const app = buildApp({
    rateLimitPerMinute: 0,
    workers: 1,
    logger: { level: 'trace', stream: { write: (l: string) => void lines.push(l) } },
  });
  t.teardown(() => app.close());
  const bundle = { files: FILES };
  const pair = { base: { files: BASE_FILES }, head: bundle };
  const urls: [string, object][] = [
    ['/v1/validate', bundle],
    ['/v1/config', bundle],
    ['/v1/config?environment=production', bundle],
    ['/v1/config?environment=production&format=yaml', bundle],
    ['/v1/config?environment=production&provenance=true', bundle],
    ['/v1/config?environment=staging', bundle],
    ...['json', 'text', 'sarif', 'markdown', 'github', 'gitlab', 'junit', 'checkstyle', 'rdjson'].map(
      (f): [string, object] => [`/v1/audit?format=${f}&fix=true`, bundle],
    ),
    ...['json', 'text', 'markdown'].map((f): [string, object] => [`/v1/diff?format=${f}`, bundle]),
    ...REVIEW_FORMATS.map((f): [string, object] => [`/v1/review?format=${f}`, bundle]),
    ...REVIEW_FORMATS.map((f): [string, object] => [`/v1/review?format=${f}`, pair]),
  ];
  for (const [url, payload] of urls) {
    const r = await app.inject({ method: 'POST', url, payload });
    t.ok(r.statusCode === 200 || r.statusCode === 422, `${url}: ${r.statusCode}`);
    noLeak(t, `${url} (${JSON.stringify(payload).length} bytes in)`, r.body);
  }
  // the 422 of an environment that cannot load quotes the port's value in its diagnostics
  const staging = await app.inject({ method: 'POST', url: '/v1/config?environment=staging', payload: bundle });
  t.match(staging.json(), { status: 422, diagnostics: [{ message: `Invalid hostPort: ${MASK}` }] });

  // redact=false shows the diff's values, as asked: the canaries do reach the outputs...
  const raw = await app.inject({ method: 'POST', url: '/v1/review?redact=false', payload: bundle });
  t.match(raw.body, /CanaryProdToken/, 'redact=false: the diff shows the values');
  // ...but diagnostics, findings and drift are masked whatever redact says
  const j = raw.json() as Record<string, unknown>;
  for (const k of ['diagnostics', 'findings', 'groups', 'drift', 'verdict'])
    noLeak(t, `redact=false ${k}`, JSON.stringify(j[k]));
  const c = await app.inject({ method: 'POST', url: '/v1/config?environment=staging&redact=false', payload: bundle });
  noLeak(t, 'config redact=false: the 422 diagnostics', c.body);
  t.match(
    (await app.inject({ method: 'POST', url: '/v1/config?environment=production&redact=false', payload: bundle })).body,
    /CanaryDbPass/,
    'config redact=false prints the values as docker compose config does',
  );

  t.ok(lines.length > 10, `${lines.length} log lines`);
  t.ok(
    lines.some((l) => /"worker":/.test(l)),
    'worker log lines are among them',
  );
  noLeak(t, 'the log lines', lines.join('\n'));
});

t.test('a secret in the snippet of a group (one line for many services) is masked', async (t) => {
  // one anchored block for three services: a secret under a plain name in a flow mapping (the line's
  // own key says nothing: masked by value), a URL password, a secret-named value; and the same
  // value again in a .env the review's diff would show
  const files = {
    'compose.yaml': [
      'x-app: &app',
      '  image: vendor/app:1.2.3',
      '  environment: {APP_SECRET: CanaryGroupedSecret-41, NOTE_COPY: CanaryGroupedSecret-41}',
      '  labels:',
      '    backup.url: "s3://backup:CanaryGroupedUrl-42@minio:9000/b"',
      'services:',
      ...['web', 'worker', 'cron'].flatMap((s) => [`  ${s}:`, '    <<: *app']),
      '',
    ].join('\n'),
  };
  const bundle = { files };
  const json = auditBundle(bundle, { failOn: 'info' }).json;
  const secret = json.groups.find((g) => g.rule === 'secret-in-environment');
  t.same(secret?.services, ['web', 'worker', 'cron'], 'one group over the three services');
  t.equal(secret?.line, 3);
  noLeak(t, 'audit JSON (findings and groups)', JSON.stringify(json));
  const text = auditBundle(bundle, { failOn: 'info', format: 'text' }).rendered!.body;
  t.match(text, /^ {4}environment: \{APP_SECRET: \*{8}, NOTE_COPY: \*{8}\}$/m, 'the snippet is shown, masked');
  for (const format of ['text', 'markdown', 'github', 'sarif'] as const)
    noLeak(t, `audit ${format}`, auditBundle(bundle, { failOn: 'info', format }).rendered!.body);
  // redact=false shows the diff's and the preview's values as asked, never the findings' or groups'
  for (const redact of [true, false]) {
    const r = reviewBundle(bundle, { redact, failOn: 'info' }).json;
    t.ok(r.groups.length > 0, 'the review has groups');
    noLeak(t, `review groups (redact ${redact})`, JSON.stringify([r.groups, r.findings]));
    const findings = r.markdown.slice(
      r.markdown.indexOf('<summary>Findings'),
      r.markdown.indexOf('Merged config preview'),
    );
    t.match(findings, /\(and 2 more\)/, 'the PR comment lists groups');
    noLeak(t, `review markdown findings (redact ${redact})`, findings);
    if (redact) noLeak(t, 'review markdown', r.markdown);
  }
});

t.test('every CLI command and format, stdout and stderr, holds no canary', async (t) => {
  const dir = tempDir('cr-canary-');
  const base = tempDir('cr-canary-base-');
  for (const [root, files] of [
    [dir, FILES],
    [base, BASE_FILES],
  ] as const) {
    mkdirSync(join(root, 'secrets'), { recursive: true });
    for (const [p, text] of Object.entries(files)) writeFileSync(join(root, p), text);
  }
  const runs = [
    ['validate'],
    ['validate', '--format', 'json'],
    ['validate', '-f', 'compose.yaml', '-f', 'compose.staging.yaml'],
    ['validate', '-f', 'compose.yaml', '-f', 'compose.staging.yaml', '--format', 'json'],
    ['config'],
    ['config', '--format', 'json'],
    ['config', '--provenance'],
    ['config', '--variables'],
    ['config', '--no-interpolate'],
    ['config', '--services'],
    ['config', '-f', 'compose.yaml', '-f', 'compose.staging.yaml'],
    ...FINDING_FORMATS.map((f) => ['audit', '--format', f, '--fail-on', 'info']),
    [
      'audit',
      '--env',
      'production',
      '--format',
      'text',
      ...FINDING_FORMATS.filter((f) => f !== 'text').flatMap((f) => ['--format', `${f}=${f}.out`]),
    ],
    ['audit', '--fix-override'],
    ['audit', dir, '--format', 'text'],
    ...['text', 'json', 'markdown'].map((f) => ['diff', '--format', f]),
    ...REVIEW_FORMATS.map((f) => ['review', '--format', f]),
    ['review', '--base-dir', base],
    ['review', '--base-dir', base, '--format', 'json'],
  ];
  for (const argv of runs) {
    let out = '';
    const code = await main(argv, {
      stdout: (s) => (out += s),
      stderr: (s) => (out += s),
      env: { CI_DEPLOY_TOKEN: 'CanaryProcessEnv-99' },
      cwd: dir,
    });
    t.ok(code >= 0 && code <= 3, `${argv.join(' ')}: exit ${code}`);
    t.ok(out.length > 0, `${argv.join(' ')}: prints`);
    noLeak(t, argv.join(' '), out);
  }
  // the report files the run wrote beside its stdout
  for (const f of FINDING_FORMATS.filter((x) => x !== 'text'))
    noLeak(t, `audit --format ${f}=${f}.out`, readFileSync(join(dir, `${f}.out`), 'utf8'));
  let raw = '';
  await main(['config', '--no-redact'], { stdout: (s) => (raw += s), stderr: () => {}, env: {}, cwd: dir });
  t.match(raw, /CanaryDbPass-1a2b3c/, 'config --no-redact prints the values, as docker compose config');
});

t.test('environment names that mask alike are shown apart, by their ordinal, in every answer', async (t) => {
  const env = (pw: string) => ({ files: ['compose.yaml'], env: { DB_PASSWORD: pw } });
  const input = {
    files: { 'compose.yaml': 'services:\n  db:\n    image: x\n    environment:\n      DB_PASSWORD: ${DB_PASSWORD}\n' },
    environments: {
      'prod CanaryEnvA': env('CanaryEnvA'),
      'prod CanaryEnvB': env('CanaryEnvB'),
      staging: env('CanaryEnvC'),
    },
  };
  const tasks: [string, Task][] = [];
  const ask = (question: string, format: string, options = {}) =>
    tasks.push([`${question} ${format}`, { question, input, options: { format, ...options } } as Task]);
  for (const f of ['json', 'yaml']) ask('config', f);
  for (const f of FINDING_FORMATS) ask('audit', f);
  for (const f of REVIEW_FORMATS) ask('review', f);
  for (const f of ['json', 'text', 'markdown']) ask('diff', f, { from: 'prod CanaryEnvA', to: 'prod CanaryEnvB' });
  // the masked name in each format's encoding of it, with its ordinal
  const shown = (n: number) => new RegExp(`prod (?:\\*|&#42;|\\\\\\*){8} \\(${n}\\)`);
  for (const [name, task] of tasks) {
    const body = runTask(task).body;
    noLeak(t, name, body);
    t.ok(shown(1).test(body) && shown(2).test(body), `${name}: both names, apart`);
    t.notOk(/prod (?:\*|&#42;|\\\*){8}(?! \()/.test(body), `${name}: no name without its ordinal`);
  }
  const validate = JSON.parse(runTask({ question: 'validate', input, options: {} } as Task).body) as {
    environments: Record<string, unknown>;
  };
  t.same(Object.keys(validate.environments).sort(), [`prod ${MASK} (1)`, `prod ${MASK} (2)`, 'staging']);
});

t.test('a secret holding an environment name is masked whole; a name that reads as a masked one is told apart', async (t) => {
  const env = (pw: string) => ({ files: ['compose.yaml'], env: { DB_PASSWORD: pw } });
  // API_TOKEN holds the name `prod CanaryEnvA`: renaming it first showed the token's rest
  const compose =
    'services:\n  db:\n    image: x:1\n    environment:\n      DB_PASSWORD: ${DB_PASSWORD}\n      API_TOKEN: "prod CanaryEnvA-Zq99tailSecret"\n    command: ["echo", "prod CanaryEnvA-Zq99tailSecret"]\n';
  const input = {
    files: { 'compose.yaml': compose },
    environments: { 'prod CanaryEnvA': env('CanaryEnvA'), 'prod CanaryEnvB': env('CanaryEnvB') },
  };
  for (const [question, format] of [
    ['config', 'json'],
    ['config', 'yaml'],
    ['audit', 'text'],
    ['review', 'markdown'],
  ]) {
    const body = runTask({ question, input, options: { format } } as Task).body;
    t.notMatch(body, /Zq99|tailSecret/, `${question} ${format}: the token's rest`);
  }
  // `prod ********` itself beside one name that masks to it: both kept
  const collide = {
    files: { 'compose.yaml': 'services:\n  db:\n    image: x\n    environment:\n      DB_PASSWORD: ${DB_PASSWORD}\n' },
    environments: { 'prod CanaryEnvA': env('CanaryEnvA'), [`prod ${MASK}`]: env('plainvalue1') },
  };
  const validate = JSON.parse(runTask({ question: 'validate', input: collide, options: {} } as Task).body) as {
    environments: Record<string, unknown>;
  };
  t.equal(Object.keys(validate.environments).length, 2, Object.keys(validate.environments).join(', '));
});
