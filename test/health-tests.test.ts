/**
 * The healthcheck-missing fix suggests a test the service's image can run (src/audit/health-tests.ts):
 * the image's own tool for the official images that have one, else an HTTP probe of the container
 * port the service publishes or exposes; the snippet stays valid Compose that loads with it.
 */
import t from 'tap';
import { parse } from 'yaml';
import { hubRepository, suggestedHealthTest } from '../src/audit/health-tests.js';
import { auditBundle } from '../src/usecases/index.js';

t.test('an image by its Docker Hub repository name', async (t) => {
  t.equal(hubRepository('postgres:16.4'), 'postgres');
  t.equal(hubRepository('docker.io/library/postgres:16'), 'postgres');
  t.equal(hubRepository('index.docker.io/library/redis@sha256:' + 'a'.repeat(64)), 'redis');
  t.equal(hubRepository(' Docker.io/valkey/valkey:8 '), 'valkey/valkey');
  t.equal(hubRepository('ghcr.io/library/postgres:16'), 'ghcr.io/library/postgres');
  t.equal(hubRepository('registry.example.com:5000/postgres'), 'registry.example.com:5000/postgres');
  t.equal(hubRepository('bitnami/postgresql:16'), 'bitnami/postgresql');
});

t.test("the official images' own tools", async (t) => {
  const test = (image: string) => parse(suggestedHealthTest({ image }));
  t.same(test('postgres:16-alpine'), ['CMD-SHELL', 'pg_isready -U $${POSTGRES_USER:-postgres}']);
  t.same(test('postgis/postgis:16-3.4'), ['CMD-SHELL', 'pg_isready -U $${POSTGRES_USER:-postgres}']);
  t.same(test('redis:7.4'), ['CMD', 'redis-cli', 'ping']);
  t.same(test('valkey/valkey:8'), ['CMD', 'valkey-cli', 'ping']);
  t.same(test('mysql:8.4'), ['CMD', 'mysqladmin', 'ping', '-h', 'localhost']);
  t.same(test('mariadb:11'), ['CMD', 'healthcheck.sh', '--connect', '--innodb_initialized']);
  t.same(test('mongo:7'), ['CMD', 'mongosh', '--quiet', '--eval', "db.adminCommand('ping')"]);
  t.same(test('rabbitmq:3-management'), ['CMD', 'rabbitmq-diagnostics', '-q', 'ping']);
});

t.test('any other image: an HTTP probe of its first TCP container port', async (t) => {
  const url = (svc: object) => (parse(suggestedHealthTest(svc as never)) as string[]).at(-1);
  t.equal(url({ image: 'bitnami/postgresql:16' }), 'http://localhost:8080/health', 'no port known: 8080');
  t.equal(url({ image: 'app', ports: ['3000:3000'] }), 'http://localhost:3000/health');
  t.equal(url({ image: 'app', ports: ['127.0.0.1:8000:80'] }), 'http://localhost:80/health', 'the container side');
  t.equal(url({ image: 'app', ports: [{ target: 9090, published: '19090' }] }), 'http://localhost:9090/health');
  t.equal(url({ image: 'app', ports: ['53:53/udp', '8443:443'] }), 'http://localhost:443/health', 'not UDP');
  t.equal(url({ image: 'app', ports: ['8000-8010:8000-8010', '9000'] }), 'http://localhost:9000/health', 'not a range');
  t.equal(url({ image: 'app', expose: ['4000/tcp'] }), 'http://localhost:4000/health');
  t.equal(url({ image: 'app', expose: [5000] }), 'http://localhost:5000/health');
  t.equal(url({ image: 'app', expose: ['0', '70000', '6000-6001'] }), 'http://localhost:8080/health');
});

t.test('the audit suggests it, and the snippet loads as Compose', async (t) => {
  const compose = [
    'services:',
    '  web:',
    '    image: nginx:1.27',
    '    depends_on: [db, cache, api]',
    '  db:',
    '    image: docker.io/library/postgres:16.4',
    '  cache:',
    '    image: redis:7.4',
    '  api:',
    '    image: registry.example.com/shop/api:1.4',
    '    expose: ["3000"]',
    '',
  ].join('\n');
  const { json } = auditBundle({ files: { 'compose.yaml': compose } });
  const fixes = new Map(
    json.findings
      .filter((f) => f.rule === 'healthcheck-missing')
      .map((f) => [/^services\.([^.]+)/.exec(f.path)![1], f.fix!.yaml!]),
  );
  t.same([...fixes.keys()].sort(), ['api', 'cache', 'db']);
  const tests = Object.fromEntries(
    [...fixes].map(([name, yaml]) => [name, (parse(yaml) as any).services[name].healthcheck.test]),
  );
  t.same(tests, {
    db: ['CMD-SHELL', 'pg_isready -U $${POSTGRES_USER:-postgres}'],
    cache: ['CMD', 'redis-cli', 'ping'],
    api: ['CMD', 'wget', '-q', '--spider', 'http://localhost:3000/health'],
  });
  // each snippet, merged into the project as an override, loads without a diagnostic (the `$$` is
  // Compose's escape: no variable of the project is needed) and answers the finding
  for (const [name, yaml] of fixes) {
    const a = auditBundle({ files: { 'compose.yaml': compose, 'compose.override.yaml': yaml } }).json;
    t.same(a.diagnostics, [], `${name}: the snippet loads`);
    t.notOk(
      a.findings.some((f) => f.rule === 'healthcheck-missing' && f.path.startsWith(`services.${name}`)),
      `${name}: no healthcheck-missing once applied`,
    );
  }
});
