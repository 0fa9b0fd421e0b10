import t from 'tap';
import { buildApp } from '../src/api/app.js';
import { seedBundle } from './helpers/fixtures.js';

const app = buildApp({ workers: 1 });
t.teardown(() => app.close());

const post = (
  url: string,
  payload: unknown,
  headers: Record<string, string> = { 'content-type': 'application/json' },
) =>
  app.inject({
    method: 'POST',
    url,
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    headers,
  });

t.test('GET /healthz', async (t) => {
  const r = await app.inject({ method: 'GET', url: '/healthz' });
  t.equal(r.statusCode, 200);
  t.same(r.json(), { status: 'ok' });
});

t.test('POST /v1/validate on the seed stack: valid, environments derived from file names', async (t) => {
  const r = await post('/v1/validate', seedBundle());
  t.equal(r.statusCode, 200);
  const body = r.json();
  t.equal(body.valid, true, JSON.stringify(body.diagnostics));
  t.same(Object.keys(body.environments).sort(), ['development', 'production']);
  t.same(body.environments.production.files, ['docker-compose.yml', 'docker-compose.prod.yml']);
  t.same(body.environments.development.files, ['docker-compose.yml', 'docker-compose.override.yml']);
});

t.test('a misspelt key in the prod file is reported at its line and column with a hint', async (t) => {
  const b = seedBundle();
  b.files['docker-compose.prod.yml'] = b.files['docker-compose.prod.yml'].replace('limits:', 'limit:');
  const r = await post('/v1/validate', b);
  t.equal(r.statusCode, 200);
  const body = r.json();
  t.equal(body.valid, false);
  const d = body.diagnostics.find((x: { file: string }) => x.file === 'docker-compose.prod.yml');
  t.match(d, { severity: 'error', line: 7, column: 9, path: 'services.api.deploy.resources' });
  t.match(d.hint, /limits/);
});

t.test('a YAML syntax error is a diagnostic at its line, not a 4xx', async (t) => {
  const b = seedBundle();
  b.files['docker-compose.override.yml'] = 'services:\n  api:\n    command: [npm, run\n';
  const r = await post('/v1/validate', b);
  t.equal(r.statusCode, 200);
  const d = r.json().diagnostics.find((x: { file: string }) => x.file === 'docker-compose.override.yml');
  t.match(d, { code: 'yaml-syntax', severity: 'error' });
  t.ok(d.line >= 3);
});

t.test('malformed requests get 4xx problem+json', async (t) => {
  const cases: [unknown, Record<string, string> | undefined, number, RegExp][] = [
    [{ files: 3 }, undefined, 400, /files/],
    ['{not json', undefined, 400, /not valid JSON/],
    [{ files: { '../etc/passwd': 'x' } }, undefined, 400, /escapes the bundle/],
    ['{"files":{"compose.yaml":"services: {}"},"__proto__":{"x":1}}', undefined, 400, /the key "__proto__" is refused/],
    ['{"files":{"__proto__":"services: {}"}}', undefined, 400, /the key "__proto__" is refused .* tar/],
    [
      '{"files":{"compose.yaml":"services: {}"},"constructor":{"prototype":{"x":1}}}',
      undefined,
      400,
      /the key "constructor" is refused/,
    ],
    ['files=3', { 'content-type': 'text/plain' }, 415, /content type/],
  ];
  for (const [payload, headers, status, detail] of cases) {
    const r = await post('/v1/validate', payload, headers);
    t.equal(r.statusCode, status, String(JSON.stringify(payload)).slice(0, 60));
    t.match(r.headers['content-type'], /application\/problem\+json/);
    t.match(r.json(), { status, detail });
  }
});

t.test('hostile content: deep nesting, YAML bombs, __proto__ keys in YAML never give a 500', async (t) => {
  const deepJson = '{"files":{"compose.yaml":"x"},"environments":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}';
  const r1 = await post('/v1/validate', deepJson);
  t.ok(r1.statusCode >= 400 && r1.statusCode < 500, `deep JSON -> ${r1.statusCode}`);
  const r2 = await post('/v1/validate', { files: { 'compose.yaml': '['.repeat(100_000) } });
  t.equal(r2.statusCode, 200);
  t.equal(r2.json().valid, false);
  const r3 = await post('/v1/validate', {
    files: { 'compose.yaml': 'services:\n  __proto__:\n    image: x\n  constructor:\n    image: y\n' },
  });
  t.equal(r3.statusCode, 200);
  t.match(r3.json().diagnostics, [{ code: 'yaml-reserved-key', line: 2 }]);
  const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 9; i++)
    bomb.push(
      `l${i}: &l${i} [${Array(10)
        .fill(i === 1 ? '*a' : `*l${i - 1}`)
        .join(',')}]`,
    );
  const r4 = await post('/v1/validate', { files: { 'compose.yaml': bomb.join('\n') } });
  t.equal(r4.statusCode, 200);
  t.match(r4.json().diagnostics, [{ code: 'yaml-alias-limit' }]);
});

t.test('environments named like Object members (from file names) stay what they are named', async (t) => {
  // docker-compose.constructor.yml once became an environment called "function Object() { [native code] }",
  // and a `__proto__` environment vanished from every answer (it was assigned as a prototype)
  const files = {
    'docker-compose.yml': 'services:\n  web:\n    image: nginx:1.27\n',
    'docker-compose.constructor.yml': 'services:\n  web:\n    privileged: true\n',
    'docker-compose.__proto__.yml': 'services:\n  web:\n    read_only: true\n',
    'docker-compose.toString.yml': 'services:\n  web:\n    cap_drop: [ALL]\n',
    '.compose-review.yaml': 'environments:\n  constructor: production\n',
  };
  const names = ['default', 'constructor', '__proto__', 'toString'];
  for (const url of ['/v1/validate', '/v1/config', '/v1/audit', '/v1/review']) {
    const r = await post(url, { files });
    t.equal(r.statusCode, 200, url);
    t.same(Object.keys(r.json().environments).sort(), [...names].sort(), `${url} lists every environment by its name`);
  }
  const audit = (await post('/v1/audit', { files })).json();
  t.equal(audit.environments.constructor.role, 'production', 'the policy file names the constructor environment');
  t.match(audit.environments.toString, { role: 'production', roleSource: 'default' }, 'a name that says nothing');
  t.ok(
    audit.findings.some(
      (f: { rule: string; environments: string[] }) =>
        f.rule === 'privileged' && f.environments.includes('constructor'),
    ),
  );
  const validate = (await post('/v1/validate', { files })).json();
  t.same(validate.environments.constructor.files, ['docker-compose.yml', 'docker-compose.constructor.yml']);
});

t.test('__proto__ from list syntax (KEY=VALUE items) becomes a key in config, diff and the PR preview', async (t) => {
  // a YAML key __proto__ is refused at parse time (yaml-reserved-key); list items reach maps later
  const files = {
    'docker-compose.yml':
      'services:\n  web:\n    image: nginx:1.27\n    environment:\n      - __proto__=dev\n    labels:\n      - "__proto__=l"\n',
    'docker-compose.prod.yml': 'services:\n  web:\n    environment:\n      - __proto__=prod\n',
  };
  const config = (await post('/v1/config?format=json', { files })).json();
  const web = config.environments.production.model.services.web;
  t.ok(Object.hasOwn(web.environment, '__proto__'), 'the variable keeps its name');
  t.equal(web.environment.__proto__, 'prod', 'with the prod value');
  t.equal(web.labels.__proto__, 'l');
  const review = (await post('/v1/review?redact=false', { files })).json();
  t.match(review.diff.entries, [
    { name: 'web', field: 'environment.__proto__', kind: 'changed', from: 'dev', to: 'prod' },
  ]);
  t.match(review.markdown, /__proto__: prod/, 'the preview shows it');
});

t.test('a query naming an environment the bundle lacks is a 422 problem, not an empty answer', async (t) => {
  for (const url of [
    '/v1/audit?environment=prodution',
    '/v1/config?environment=prodution',
    '/v1/review?from=development&to=prodution',
    '/v1/diff?from=development&to=prodution',
    '/v1/diff?from=prodution',
  ]) {
    const r = await post(url, seedBundle());
    t.equal(r.statusCode, 422, url);
    t.equal(r.headers['content-type'], 'application/problem+json; charset=utf-8');
    t.match(r.json(), {
      status: 422,
      detail: 'no environment "prodution" in this bundle (have: development, production)',
    });
  }
  t.equal((await post('/v1/audit?environment=production', seedBundle())).statusCode, 200);
});

t.test('an unknown member of a bundle is a 400 naming it (a misspelled one would be ignored)', async (t) => {
  const files = { 'compose.yaml': 'services: {}' };
  for (const [url, body, pointer] of [
    ['/v1/validate', { files, enviroments: { prod: { files: ['compose.yaml'] } } }, '/enviroments'],
    ['/v1/audit', { files, projectname: 'shop' }, '/projectname'],
    ['/v1/review', { base: { files }, head: { files, extra: 1 } }, '/head/extra'],
    ['/v1/diff', { files, environments: { a: { files: ['compose.yaml'], envfiles: [] } } }, '/environments/a/envfiles'],
  ] as const) {
    const r = await post(url, body);
    t.equal(r.statusCode, 400, url);
    t.match(
      r.json(),
      { status: 400, pointer, detail: /additional properties: ".*" \(a misspelled member would be ignored\)/ },
      url,
    );
  }
});

t.test('a request body of the wrong shape is a 400 problem pointing at the offending member', async (t) => {
  const r = await post('/v1/validate', { files: { 'compose.yaml': 5 } });
  t.equal(r.statusCode, 400);
  t.match(r.json(), { status: 400, pointer: '/files/compose.yaml', detail: /must be string/ });
  const q = await post('/v1/audit?failOn=bogus', { files: {} });
  t.equal(q.statusCode, 400);
  t.notOk('pointer' in q.json(), 'query parameters are not in the body');
});

t.test('a role per environment in the bundle; a role that is none is a 400 naming it', async (t) => {
  const files = { 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n' };
  const r = await post('/v1/audit', { files, environments: { web: { files: ['compose.yaml'], role: 'development' } } });
  t.equal(r.statusCode, 200);
  t.match(r.json().environments.web, { role: 'development', roleSource: 'bundle' });
  const bad = await post('/v1/audit', { files, environments: { web: { files: ['compose.yaml'], role: 'prod' } } });
  t.equal(bad.statusCode, 400);
  t.match(bad.body, /role/);
});
