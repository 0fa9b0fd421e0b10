import t from 'tap';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp } from '../src/api/app.js';
import { parseBundle } from '../src/bundle/bundle.js';
import { loadBundle } from '../src/load/bundle.js';
import { auditProject } from '../src/audit/project.js';
import { review, reviewChange } from '../src/review/review.js';
import { reviewMarkdown, GITHUB_COMMENT_LIMIT, COMMENT_MARKER } from '../src/report/review.js';
import { seedBundle, FIXTURES } from './helpers/fixtures.js';

const app = buildApp({ workers: 1 });
t.teardown(() => app.close());
const post = (url: string, payload: unknown) => app.inject({ method: 'POST', url, payload: payload as object });
const SECRETS = ['s3cr3t-pass'];

t.test('audit of the seed stack: the production findings, each at its file and line', async (t) => {
  const r = await post('/v1/audit', seedBundle());
  t.equal(r.statusCode, 200);
  const body = r.json();
  const prod = body.findings.filter((f: { environments: string[] }) => f.environments.includes('production'));
  const at = (rule: string, file: string, line: number, path?: string) =>
    t.ok(
      prod.some(
        (f: { rule: string; file: string; line: number; path: string }) =>
          f.rule === rule && f.file === file && f.line === line && (!path || f.path === path),
      ),
      `${rule} at ${file}:${line} ${path ?? ''}`,
    );
  at('credentials-in-url', 'docker-compose.yml', 10, 'services.api.environment.DATABASE_URL');
  at('secret-in-environment', 'docker-compose.yml', 25, 'services.db.environment.POSTGRES_PASSWORD');
  at('port-all-interfaces', 'docker-compose.yml', 28, 'services.db.ports[0]');
  at('port-all-interfaces', 'docker-compose.yml', 36, 'services.cache.ports[0]');
  t.ok(
    body.findings.every((f: { messageId?: string }) => typeof f.messageId === 'string'),
    'every finding names its message',
  );
  for (const [svc, line] of [
    ['api', 3],
    ['db', 21],
    ['cache', 33],
  ] as const) {
    for (const rule of [
      'read-only-root-missing',
      'cap-drop-missing',
      'no-new-privileges-missing',
      'pids-limit-missing',
    ])
      at(rule, 'docker-compose.yml', line, undefined);
    void svc;
  }
  for (const line of [21, 33])
    for (const rule of ['memory-limit-missing', 'cpu-limit-missing', 'healthcheck-missing', 'log-rotation-missing'])
      at(rule, 'docker-compose.yml', line);
  t.notOk(
    prod.some(
      (f: { rule: string; path: string }) => f.rule === 'memory-limit-missing' && f.path.startsWith('services.api'),
    ),
    'the prod file limits api',
  );
  t.notOk(
    prod.some(
      (f: { rule: string; path: string }) => f.rule === 'healthcheck-missing' && f.path.startsWith('services.api'),
    ),
    'api has a healthcheck',
  );
  t.equal(body.failed, true);
});

t.test('audit formats through the API: sarif, github, text, markdown', async (t) => {
  const sarif = await post('/v1/audit?format=sarif', seedBundle());
  t.match(sarif.headers['content-type'], /application\/sarif\+json/);
  t.equal(sarif.json().version, '2.1.0');
  const gh = await post('/v1/audit?format=github&failOn=warning', seedBundle());
  t.match(gh.body, /^::error file=docker-compose\.yml,line=25,/m);
  const text = await post('/v1/audit?format=text', seedBundle());
  t.match(text.body, /docker-compose\.yml:28:9: error .* \[port-all-interfaces\]/);
  const rules = await app.inject({ method: 'GET', url: '/v1/rules' });
  t.ok(rules.json().rules.length >= 60);
});

t.test('the hardening override, merged on top, closes the fixable findings', async (t) => {
  const bundle = parseBundle(seedBundle());
  const before = auditProject(loadBundle(bundle, { only: ['production'] }), { fix: true });
  const fix = before.environments.production.fix!;
  t.ok(fix.fixed > 10);
  const withFix = parseBundle({
    files: { ...bundle.files, 'compose.hardening.yaml': fix.yaml },
    environments: {
      production: { files: ['docker-compose.yml', 'docker-compose.prod.yml', 'compose.hardening.yaml'] },
    },
  });
  const loaded = loadBundle(withFix);
  t.same(
    loaded.diagnostics.filter((d) => d.severity === 'error'),
    [],
  );
  const after = auditProject(loaded);
  const fixedRules = new Set([
    'cap-drop-missing',
    'no-new-privileges-missing',
    'read-only-root-missing',
    'runs-as-root',
    'pids-limit-missing',
    'memory-limit-missing',
    'cpu-limit-missing',
    'log-rotation-missing',
  ]);
  const left = after.environments.production.findings.filter((f) => fixedRules.has(f.rule));
  t.same(
    left.map((f) => `${f.rule} ${f.path}`),
    [],
    'no fixable finding is left',
  );
  t.ok(
    after.environments.production.findings.some((f) => f.rule === 'secret-in-environment'),
    'what a merge cannot fix stays',
  );
});

t.test('review of the seed stack: verdict, diff, drift and the PR comment', async (t) => {
  const r = await post('/v1/review', seedBundle());
  t.equal(r.statusCode, 200);
  const body = r.json();
  t.same(body.verdict, { status: 'fail', cause: 'findings', reason: '8 findings at error level or above' });
  t.equal(body.diff.from, 'development');
  t.equal(body.diff.to, 'production');
  t.ok(
    body.diff.entries.some(
      (e: { path: string; kind: string }) => e.path === 'services.api.environment.DEBUG' && e.kind === 'removed',
    ),
  );
  t.same(
    body.drift.filter((d: { rule: string }) => /drift-(source-mount|debug|dev-command)/.test(d.rule)),
    [],
    'no dev-only setting leaks into production',
  );
  // regenerate on purpose only: UPDATE_EXPECTED=1 npx tap test/review.test.ts (and review the diff)
  const path = join(FIXTURES, 'expected', 'seed-review.md');
  if (process.env.UPDATE_EXPECTED === '1') writeFileSync(path, body.markdown);
  t.equal(body.markdown, readFileSync(path, 'utf8'), 'the PR comment matches fixtures/expected/seed-review.md');
  t.ok(body.markdown.startsWith(COMMENT_MARKER));
  for (const s of SECRETS) {
    t.notOk(body.markdown.includes(s), `markdown has no ${s}`);
    t.notOk(JSON.stringify(body.diff).includes(s), `diff has no ${s}`);
  }
  const md = await post('/v1/review?format=markdown&failOn=none', seedBundle());
  t.match(md.headers['content-type'], /text\/markdown/);
  t.match(md.body, /compose-review: pass/);
  const plain = await post('/v1/review?redact=false', seedBundle());
  t.ok(plain.json().markdown.includes('s3cr3t-pass'), 'redact=false shows values');
});

t.test('base vs head: adding privileged: true in the prod file is one new finding at the changed line', async (t) => {
  const base = seedBundle();
  const head = seedBundle();
  head.files['docker-compose.prod.yml'] = head.files['docker-compose.prod.yml'].replace(
    '    deploy:\n',
    '    privileged: true\n    deploy:\n',
  );
  const r = await post('/v1/review', { base, head });
  t.equal(r.statusCode, 200);
  const body = r.json();
  t.equal(body.newFindings.length, 1);
  t.match(body.newFindings[0], {
    rule: 'privileged',
    file: 'docker-compose.prod.yml',
    line: 4,
    environment: 'production',
  });
  t.same(body.fixedFindings, []);
  const prodChanges = body.changes.production.entries;
  t.match(prodChanges, [
    {
      path: 'services.api.privileged',
      kind: 'added',
      to: true,
      toLocation: { file: 'docker-compose.prod.yml', line: 4 },
    },
  ]);
  t.equal(body.changes.development.status, 'unchanged');
  t.equal(body.verdict.status, 'fail');
  t.match(body.markdown, /adds \*\*1\*\* finding/);
});

t.test("the PR comment stays under GitHub's limit and says what was cut", async (t) => {
  const files: Record<string, string> = { 'compose.yaml': 'services:\n' };
  for (let i = 0; i < 400; i++)
    files['compose.yaml'] +=
      `  s${i}:\n    image: nginx:latest\n    ports: ["${8000 + i}:80", "${20000 + i}:5432"]\n    privileged: true\n    pid: host\n    ipc: host\n    cap_add: [SYS_ADMIN]\n    security_opt: ["seccomp:unconfined", "apparmor:unconfined"]\n    devices: ["/dev/sda:/dev/sda"]\n    volumes: ["/var/run/docker.sock:/var/run/docker.sock", "/etc:/host-etc"]\n    environment:\n      API_TOKEN: tok-${i}-abcdefgh\n      DB_PASSWORD: changeme\n`;
  files['compose.prod.yaml'] = 'services:\n  s0:\n    restart: always\n';
  const r = review(parseBundle({ files }));
  const md = reviewMarkdown(r);
  t.ok(md.length <= GITHUB_COMMENT_LIMIT, `${md.length} characters`);
  t.match(md, /Cut to stay under GitHub's 65,536-character limit: /);
  t.notOk(md.includes('tok-1-abcdefgh'));
  const change = reviewChange(parseBundle({ files }), parseBundle({ files }));
  t.same(change.newFindings, []);
  t.equal(change.environments.production.status, 'unchanged');
});

t.test(
  'a change pair with named environments: a file the change adds or deletes makes the environment added or removed',
  async (t) => {
    const environments = {
      development: { files: ['compose.yaml'] },
      production: { files: ['compose.yaml', 'compose.prod.yaml'] },
    };
    const base = { files: { 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n' }, environments };
    const head = {
      files: { ...base.files, 'compose.prod.yaml': 'services:\n  web:\n    privileged: true\n' },
      environments,
    };
    const added = await post('/v1/review', { base, head });
    t.equal(added.statusCode, 200);
    t.equal(added.json().changes.production.status, 'added');
    t.equal(added.json().changes.development.status, 'unchanged');
    t.ok(added.json().newFindings.some((f: { rule: string }) => f.rule === 'privileged'));
    const removed = await post('/v1/review', { base: head, head: base });
    t.equal(removed.statusCode, 200);
    t.equal(removed.json().changes.production.status, 'removed');
    t.ok(removed.json().fixedFindings.some((f: { rule: string }) => f.rule === 'privileged'));
    // a file neither side has is still the caller's mistake
    const typo = {
      development: { files: ['compose.yaml'] },
      production: { files: ['compose.yaml', 'compose.prd.yaml'] },
    };
    const bad = await post('/v1/review', {
      base: { ...base, environments: typo },
      head: { ...head, environments: typo },
    });
    t.equal(bad.statusCode, 422);
    t.match(bad.json(), { pointer: '/base/environments/production/files/1', detail: /compose\.prd\.yaml/ });
  },
);

t.test('a change review blames the change only for validation errors it adds', async (t) => {
  const base = {
    'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n',
    'legacy/docker-compose.yml': 'services:\n  old:\n    image: x:1\n    restrat: always\n',
  };
  const head = { ...base, 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    read_only: true\n' };
  const same = reviewChange(parseBundle({ files: base }), parseBundle({ files: head }), { failOn: 'none' });
  t.equal(same.head.verdict.cause, 'validation', 'the head on its own fails on the legacy file');
  t.match(same.verdict, { status: 'pass', reason: /adds no validation error/ });
  const worse = { ...head, 'tools/compose.yaml': 'services:\n  t:\n    image: x:1\n    privilegd: true\n' };
  const added = reviewChange(parseBundle({ files: base }), parseBundle({ files: worse }), { failOn: 'none' });
  t.match(added.verdict, { status: 'fail', cause: 'validation', reason: 'the change adds 1 validation error' });
});

t.test('a change review does not blame the change for an environment the base could not load either', async (t) => {
  const base = {
    'compose.yaml': 'services:\n  a:\n    image: x:1\n',
    'compose.prod.yaml': 'services:\n  a:\n    networks: [nope]\n',
  };
  const head = { ...base, 'compose.yaml': 'services:\n  a:\n    image: x:2\n' };
  const same = reviewChange(parseBundle({ files: base }), parseBundle({ files: head }), { failOn: 'none' });
  t.equal(same.head.verdict.cause, 'load');
  t.match(same.verdict, { status: 'pass', reason: /adds no error and no finding/ });
  const broken = reviewChange(
    parseBundle({ files: head }),
    parseBundle({ files: { ...head, 'compose.yaml': 'services:\n  a:\n    image: x:2\n    networks: [gone]\n' } }),
    { failOn: 'none' },
  );
  t.match(broken.verdict, { status: 'fail', cause: 'load', reason: /the change breaks development/ });
  const worse = reviewChange(
    parseBundle({ files: base }),
    parseBundle({ files: { ...head, 'compose.prod.yaml': 'services:\n  a:\n    networks: [nope, other]\n' } }),
    { failOn: 'none' },
  );
  t.match(worse.verdict, { status: 'fail', cause: 'validation', reason: 'the change adds 1 validation error' });
});
