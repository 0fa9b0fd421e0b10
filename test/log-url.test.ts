/**
 * The service log keeps a request's path and the query's known names and fixed-set values, never a
 * value its caller wrote freely (an environment's name, a link base with credentials) nor an unknown
 * parameter (src/api/log-url.ts).
 */
import t from 'tap';
import { buildApp } from '../src/api/app.js';
import { loggedUrl } from '../src/api/log-url.js';
import { TEST_WORKERS } from './helpers/workers.js';

const SECRET = 'Zq8vCanaryEnvName31';
const files = {
  'compose.yaml': `services:\n  web:\n    image: nginx:1.27\n    environment:\n      DB_PASSWORD: ${SECRET}\n`,
};

/** An app whose log lines are kept in `lines`, closed when `t` ends. */
function loggingApp(t: Tap.Test): { app: ReturnType<typeof buildApp>; lines: string[] } {
  const lines: string[] = [];
  const app = buildApp({
    rateLimitPerMinute: 0,
    workers: TEST_WORKERS,
    logger: { level: 'info', stream: { write: (l: string) => void lines.push(l) } },
  });
  t.teardown(() => app.close());
  return { app, lines };
}

t.test('the log holds no free query value, no unknown name, and keeps what tells requests apart', async (t) => {
  const { app, lines } = loggingApp(t);
  const targets: [string, number][] = [
    [`/v1/config?environment=${SECRET}&format=yaml`, 422],
    [`/v1/review?from=${SECRET}&to=other&format=sarif&failOn=warning`, 422],
    [`/v1/review?linkBase=https://example.com/${SECRET}/`, 200],
    [`/v1/audit?token=${SECRET}`, 400],
    [`/v1/audit?${SECRET}`, 400],
    [`/v1/audit?${SECRET}=1`, 400],
    [`/v1/audit?format=${SECRET}`, 400],
  ];
  for (const [url, status] of targets) {
    const r = await app.inject({ method: 'POST', url, payload: { files } });
    t.equal(r.statusCode, status, url);
  }
  const incoming = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'incoming request');
  t.equal(incoming.length, targets.length, 'one incoming line a request');
  t.notOk(
    lines.some((l) => l.includes(SECRET) || l.includes('token')),
    lines.filter((l) => l.includes(SECRET) || l.includes('token')).join('\n'),
  );
  t.same(
    incoming.map((l) => l.req.url),
    [
      '/v1/config?environment=[redacted]&format=yaml',
      '/v1/review?from=[redacted]&to=[redacted]&format=sarif&failOn=warning',
      '/v1/review?linkBase=[redacted]',
      '/v1/audit?[redacted]=[redacted]',
      '/v1/audit?[redacted]',
      '/v1/audit?[redacted]=[redacted]',
      '/v1/audit?format=[redacted]',
    ],
  );
});

t.test('loggedUrl keeps a URL without a query as it is', async (t) => {
  t.equal(loggedUrl('/v1/review'), '/v1/review');
  t.equal(loggedUrl('/v1/review?'), '/v1/review?');
  t.equal(loggedUrl('/v1/review?redact&fix=true'), '/v1/review?redact&fix=true');
  t.equal(loggedUrl('/v1/review?format=a%20b#x'), '/v1/review?format=[redacted]');
  t.equal(loggedUrl(undefined), undefined);
});

t.test('a path no route serves keeps only the segments that begin a served path', async (t) => {
  const { app, lines } = loggingApp(t);
  const targets: [string, string, number][] = [
    [`/v1/config;environment=${SECRET}`, '/v1/[redacted]', 404],
    [`/v1/config%3Fenvironment=${SECRET}&format=yaml`, '/v1/[redacted]', 404],
    [`/v1/config/${SECRET}?format=yaml`, '/v1/config/[redacted]?format=yaml', 404],
    [`/${SECRET}`, '/[redacted]', 404],
    [`/v1/tokens/${SECRET}/x`, '/v1/[redacted]', 404],
    ['/v1/config?format=yaml', '/v1/config?format=yaml', 200],
    ['/healthz', '/healthz', 200],
    [`/docs/rules/${SECRET}`, '/docs/rules/[redacted]', 404],
    [`/ui/${SECRET}.js`, '/ui/[redacted]', 404],
  ];
  for (const [url, , status] of targets) {
    const method = /^\/(healthz|docs|ui)/.test(url) ? 'GET' : 'POST';
    const r = await app.inject({ method, url, payload: method === 'POST' ? { files } : undefined });
    t.equal(r.statusCode, status, url);
  }
  const incoming = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'incoming request');
  t.same(
    incoming.map((l) => l.req.url),
    targets.map(([, logged]) => logged),
  );
  t.notOk(lines.some((l) => l.includes(SECRET)), lines.filter((l) => l.includes(SECRET)).join('\n'));
});

t.test('loggedUrl, given the served paths, cuts a path at the first segment that begins none', async (t) => {
  const served = new Set(['/v1/config', '/v1/review', '/healthz', '/']);
  t.equal(loggedUrl('/v1/review', served), '/v1/review');
  t.equal(loggedUrl('/v1/review?fix=true', served), '/v1/review?fix=true');
  t.equal(loggedUrl('/v1/', served), '/v1/');
  t.equal(loggedUrl('/v1/reviewx', served), '/v1/[redacted]');
  t.equal(loggedUrl('/v1/review/', served), '/v1/review/');
  t.equal(loggedUrl('/v1/review//a', served), '/v1/review/[redacted]');
  t.equal(loggedUrl('http://h/v1/review', served), '[redacted]');
  t.equal(loggedUrl('*', served), '[redacted]');
});
