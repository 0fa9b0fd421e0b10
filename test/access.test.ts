/**
 * Access to the service: failed-authentication budget, request budget keys (tokens, IPv4, IPv6 /64,
 * trusted proxies), public docs, CORS, and budgets shared by replicas through a real redis-server.
 */
import t from 'tap';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { buildApp, type AppOptions } from '../src/api/app.js';
import { loadConfig, ConfigError, type TrustProxy } from '../src/api/config.js';
import { DOCS_CSP, DOCS_STYLE_HASHES } from '../src/api/openapi.js';
import { startRedis } from './helpers/redis.js';
import { TEST_WORKERS } from './helpers/workers.js';

function app(options: AppOptions = {}) {
  const a = buildApp({ ...options, workers: options.workers || TEST_WORKERS });
  t.teardown(() => a.close());
  return a;
}

function logged(): { lines: string[]; logger: AppOptions['logger'] } {
  const lines: string[] = [];
  return { lines, logger: { level: 'info', stream: { write: (l: string) => void lines.push(l) } } };
}

const bearer = (token?: string) => (token ? { authorization: `Bearer ${token}` } : {});

t.test('wrong tokens meet a 429 after the failed-authentication limit', async (t) => {
  const a = app({ tokens: ['right-token'], authFailLimitPerMinute: 5, rateLimitPerMinute: 100 });
  const call = (token?: string, remoteAddress = '198.51.100.7') =>
    a.inject({ url: '/v1/rules', remoteAddress, headers: bearer(token) });
  const statuses: number[] = [];
  for (let i = 0; i < 5; i++) statuses.push((await call(`guess-${i}`)).statusCode);
  t.same(statuses, [401, 401, 401, 401, 401]);
  const blocked = await call('guess-5');
  t.equal(blocked.statusCode, 429);
  t.match(blocked.headers['content-type'], /application\/problem\+json/);
  t.match(blocked.json(), { status: 429, detail: /failed authentications/ });
  const wait = Number(blocked.headers['retry-after']);
  t.ok(wait >= 1 && wait <= 60, `Retry-After ${wait}`);
  t.equal((await call('right-token')).statusCode, 429, 'the right token too: 200 against 429 would tell a guesser');
  t.equal((await call()).statusCode, 429, 'no token either');
  t.equal((await call('right-token', '198.51.100.8')).statusCode, 200, 'another address is not blocked');
  t.equal((await a.inject({ url: '/healthz', remoteAddress: '198.51.100.7' })).statusCode, 200, 'probes still answer');

  // requests without a token are failed authentications too
  const missing: number[] = [];
  for (let i = 0; i < 6; i++) missing.push((await call(undefined, '198.51.100.9')).statusCode);
  t.same(missing, [401, 401, 401, 401, 401, 429]);

  // the default is 20 a minute
  t.equal(loadConfig({}).authFailLimitPerMinute, 20);
  const d = app({ tokens: ['right-token'] });
  const guesses: number[] = [];
  for (let i = 0; i < 22; i++)
    guesses.push(
      (await d.inject({ url: '/v1/rules', remoteAddress: '203.0.113.5', headers: bearer(`g${i}`) })).statusCode,
    );
  t.same(guesses, [...Array(20).fill(401), 429, 429]);

  // 0 turns the limit off
  const off = app({ tokens: ['right-token'], authFailLimitPerMinute: 0 });
  for (let i = 0; i < 30; i++) await off.inject({ url: '/v1/rules', headers: bearer(`g${i}`) });
  t.equal((await off.inject({ url: '/v1/rules', headers: bearer('g') })).statusCode, 401);
});

t.test('a wrong token is counted by the request budget before it is answered', async (t) => {
  const a = app({ tokens: ['right'], authFailLimitPerMinute: 100, rateLimitPerMinute: 3 });
  const answers = [];
  for (let i = 0; i < 4; i++) answers.push(await a.inject({ url: '/v1/rules', headers: bearer(`wrong-${i}`) }));
  t.same(
    answers.map((r) => r.statusCode),
    [401, 401, 401, 429],
  );
  t.same(
    answers.slice(0, 3).map((r) => r.headers['ratelimit-remaining']),
    ['2', '1', '0'],
  );
  t.match(answers[3].json(), { status: 429, detail: /rate limit of 3 requests a minute/ });
});

t.test('IPv6 clients share a budget per /64; IPv4-mapped addresses count as IPv4', async (t) => {
  const a = app({ rateLimitPerMinute: 2 });
  const from = (remoteAddress: string) => a.inject({ url: '/v1/rules', remoteAddress }).then((r) => r.statusCode);
  t.same(
    [await from('2001:db8:1:2::1'), await from('2001:db8:1:2:ffff:ffff:ffff:ffff'), await from('2001:db8:1:2::abcd')],
    [200, 200, 429],
    'one /64, one budget',
  );
  t.equal(await from('2001:db8:1:3::1'), 200, 'the next /64 has its own');
  t.same([await from('::ffff:192.0.2.1'), await from('192.0.2.1'), await from('192.0.2.1')], [200, 200, 429]);
});

/** Statuses of `n` requests from `remoteAddress`, the i-th with the X-Forwarded-For `forwarded(i)`. */
async function forwardedStatuses(
  a: ReturnType<typeof app>,
  n: number,
  remoteAddress: string,
  forwarded: (i: number) => string,
): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < n; i++)
    statuses.push(
      (await a.inject({ url: '/v1/rules', remoteAddress, headers: { 'x-forwarded-for': forwarded(i) } })).statusCode,
    );
  return statuses;
}

t.test('trust proxy: behind one trusted hop, a spoofed X-Forwarded-For does not reset a budget', async (t) => {
  // the client wrote the first entry, the proxy (127.0.0.1) appended the address it saw
  const spoofed = (i: number) => `10.0.0.${i}, 203.0.113.7`;
  const settings: TrustProxy[] = [1, ['127.0.0.1'], ['127.0.0.0/8', '::1']];
  for (const trustProxy of settings) {
    const a = app({ rateLimitPerMinute: 3, trustProxy });
    t.same(await forwardedStatuses(a, 6, '127.0.0.1', spoofed), [200, 200, 200, 429, 429, 429], String(trustProxy));
    t.same(
      await forwardedStatuses(a, 1, '127.0.0.1', () => '203.0.113.8'),
      [200],
      'another client behind the proxy has its own budget',
    );
  }

  // with the proxy's address listed, a client that connects directly cannot choose its IP
  const listed = app({ rateLimitPerMinute: 1, trustProxy: ['10.1.1.1'] });
  t.same(await forwardedStatuses(listed, 3, '198.51.100.1', (i) => `10.0.0.${i}`), [200, 429, 429]);

  // `true` trusts every entry: the client's own first entry wins, and the start says so
  const { lines, logger } = logged();
  const all = app({ rateLimitPerMinute: 1, trustProxy: true, logger });
  t.same(await forwardedStatuses(all, 3, '127.0.0.1', spoofed), [200, 200, 200], 'what the warning is about');
  const warning = lines.map((l) => JSON.parse(l) as { level: number; msg: string }).find((l) => l.level === 40);
  t.match(warning?.msg, /clients can choose their IP/);
});

t.test('configuration of the access settings', async (t) => {
  const trust = (v: string) => loadConfig({ COMPOSE_REVIEW_TRUST_PROXY: v }).trustProxy;
  t.equal(trust(''), false);
  t.equal(trust('false'), false);
  t.equal(trust('0'), false);
  t.equal(trust('TRUE'), true);
  t.equal(trust('1'), 1, 'a number is a hop count');
  t.equal(trust('2'), 2);
  t.same(trust('10.0.0.1, 10.0.0.0/8,::1 ,fd00::/8,loopback'), [
    '10.0.0.1',
    '10.0.0.0/8',
    '::1',
    'fd00::/8',
    'loopback',
  ]);
  for (const bad of ['yes', '10.0.0.0/33', '300.1.1.1', '99', '10.0.0.1/8/1', 'fd00::/129', 'proxy.internal'])
    t.throws(() => trust(bad), ConfigError, bad);

  t.equal(loadConfig({ COMPOSE_REVIEW_AUTH_FAIL_LIMIT: '5' }).authFailLimitPerMinute, 5);
  t.throws(() => loadConfig({ COMPOSE_REVIEW_AUTH_FAIL_LIMIT: 'many' }), ConfigError);

  t.equal(loadConfig({}).redisUrl, undefined);
  t.equal(loadConfig({ COMPOSE_REVIEW_REDIS_URL: 'redis://redis:6379/0' }).redisUrl, 'redis://redis:6379/0');
  t.equal(
    loadConfig({ COMPOSE_REVIEW_REDIS_URL: 'rediss://:pw@valkey.internal' }).redisUrl,
    'rediss://:pw@valkey.internal',
  );
  for (const bad of ['http://redis:6379', 'redis:6379', 'redis://:s3cret-pw@']) {
    const e = (() => {
      try {
        loadConfig({ COMPOSE_REVIEW_REDIS_URL: bad });
      } catch (err) {
        return err as Error;
      }
    })();
    t.ok(e instanceof ConfigError && !e.message.includes('s3cret-pw'), `${bad}: ${e?.message}`);
  }

  t.equal(loadConfig({}).publicDocs, true);
  t.equal(loadConfig({ COMPOSE_REVIEW_PUBLIC_DOCS: 'false' }).publicDocs, false);
  t.throws(() => loadConfig({ COMPOSE_REVIEW_PUBLIC_DOCS: 'maybe' }), ConfigError);
});

t.test('/docs and /openapi.json need no token by default; COMPOSE_REVIEW_PUBLIC_DOCS=false guards them', async (t) => {
  const open = app({ tokens: ['t'] });
  for (const url of ['/docs', '/docs/', '/docs/static/index.html', '/docs/json', '/openapi.json']) {
    const r = await open.inject({ url });
    t.ok([200, 302].includes(r.statusCode), `${url} -> ${r.statusCode}`);
  }
  t.equal((await open.inject({ url: '/v1/rules' })).statusCode, 401, 'the API still needs the token');
  t.equal((await open.inject({ url: '/docsx' })).statusCode, 401, 'only /docs and what is under it');
  const guarded = app({ tokens: ['t'], publicDocs: false });
  for (const url of ['/docs/', '/openapi.json']) t.equal((await guarded.inject({ url })).statusCode, 401, url);
  t.equal((await guarded.inject({ url: '/openapi.json', headers: bearer('t') })).statusCode, 200);
  // the exempt list keeps its meaning beside it: probes exempt, docs public, the rest guarded
  const custom = app({ tokens: ['t'], authExempt: ['/healthz'] });
  t.equal((await custom.inject({ url: '/healthz' })).statusCode, 200);
  t.equal((await custom.inject({ url: '/metrics' })).statusCode, 401);
  t.equal((await custom.inject({ url: '/openapi.json' })).statusCode, 200);
});

t.test('replicas sharing a Redis store give a client one budget, not two', { timeout: 120_000 }, async (t) => {
  const redis = await startRedis();
  if ('reason' in redis) {
    t.skip(`no Redis server could start: ${redis.reason}`);
    return;
  }
  t.teardown(() => redis.stop());
  const tokens = ['ci-1', 'ci-2', 'ci-3', 'ci-4'];
  const logs = [logged(), logged()];
  const [one, two] = logs.map(({ logger }) =>
    app({ rateLimitPerMinute: 4, authFailLimitPerMinute: 2, tokens, redisUrl: redis.url, logger }),
  );
  await Promise.all([one.ready(), two.ready()]);
  const call = async (replica: typeof one, token: string, remoteAddress = '192.0.2.10') => {
    const r = await replica.inject({ url: '/v1/rules', remoteAddress, headers: bearer(token) });
    return { status: r.statusCode, remaining: r.headers['ratelimit-remaining'] };
  };
  const alternate = async (token: string, n: number) => {
    const out = [];
    for (let i = 0; i < n; i++) out.push(await call(i % 2 ? two : one, token));
    return out;
  };
  const shared = await alternate('ci-1', 6);
  t.same(
    shared.map((r) => r.status),
    [200, 200, 200, 200, 429, 429],
    'four requests in all, whichever replica answers',
  );
  t.same(
    shared.slice(0, 4).map((r) => r.remaining),
    ['3', '2', '1', '0'],
  );
  t.equal((await call(two, 'ci-2')).status, 200, 'another client has its own budget');
  // failed authentications are shared too
  const guesses = [
    (await call(one, 'wrong-1', '192.0.2.20')).status,
    (await call(two, 'wrong-2', '192.0.2.20')).status,
    (await call(one, 'wrong-3', '192.0.2.20')).status,
  ];
  t.same(guesses, [401, 401, 429]);

  // the store stops: both replicas keep answering, each with a budget of its own (fail open per replica)
  await redis.stop();
  const alone = [];
  for (const replica of [one, two])
    for (let i = 0; i < 5; i++) {
      const started = Date.now();
      alone.push((await call(replica, 'ci-3')).status);
      t.ok(Date.now() - started < 2000, 'answered without waiting for the store');
    }
  t.same(alone, [200, 200, 200, 200, 429, 200, 200, 200, 200, 429]);
  const warned = () => logs.every(({ lines }) => lines.some((l) => /rate-limit store unreachable/.test(l)));
  for (let deadline = Date.now() + 5000; !warned() && Date.now() < deadline;)
    await new Promise((r) => setTimeout(r, 50));
  for (const { lines } of logs)
    t.ok(
      lines.some((l) => /rate-limit store unreachable/.test(l) && !l.includes(redis.url)),
      'a warning, without the URL',
    );

  // the store comes back on its address: budgets are shared again
  const again = await startRedis(redis.port);
  if ('reason' in again) {
    t.fail(`redis-server did not restart: ${again.reason}`);
    return;
  }
  t.teardown(() => again.stop());
  const deadline = Date.now() + 15_000;
  while (!logs.every(({ lines }) => lines.some((l) => /reachable again/.test(l))) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
  t.ok(
    logs.every(({ lines }) => lines.some((l) => /reachable again/.test(l))),
    'both replicas say the store is back',
  );
  await new Promise((r) => setTimeout(r, 2100)); // past the pause after a failure
  t.same(
    (await alternate('ci-4', 6)).map((r) => r.status),
    [200, 200, 200, 200, 429, 429],
  );

  // a store that hangs (SIGSTOP) does not hold requests either
  again.process.kill('SIGSTOP');
  t.teardown(() => void again.process.kill('SIGCONT'));
  const started = Date.now();
  t.equal((await call(one, 'ci-2')).status, 200);
  t.ok(Date.now() - started < 2000, `answered in ${Date.now() - started} ms while the store hangs`);
});

t.test('CORS lets a browser read the verdict and rate-limit headers', async (t) => {
  const a = app({ corsOrigins: ['https://dash.example'], tokens: ['t'], rateLimitPerMinute: 10 });
  const r = await a.inject({
    method: 'POST',
    url: '/v1/audit?format=sarif',
    payload: { files: { 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n' } },
    headers: { origin: 'https://dash.example', ...bearer('t') },
  });
  t.equal(r.statusCode, 200);
  t.ok(r.headers['x-compose-review-failed'], 'the verdict header is sent');
  const exposed = String(r.headers['access-control-expose-headers']).split(/,\s*/);
  for (const h of [
    'x-compose-review-failed',
    'ratelimit-limit',
    'ratelimit-remaining',
    'ratelimit-reset',
    'retry-after',
  ])
    t.ok(exposed.includes(h), `${h} is exposed`);
  const denied = await a.inject({ url: '/v1/rules', headers: { origin: 'https://dash.example' } });
  t.equal(denied.statusCode, 401);
  t.match(denied.headers['access-control-expose-headers'], /www-authenticate/, 'on refusals too');
});

/** `src` and `href` attribute values of an HTML page. */
const references = (html: string) => [...html.matchAll(/\b(?:src|href)\s*=\s*"([^"]*)"/g)].map((m) => m[1]);

t.test('Swagger UI at /docs loads everything from the service, and its CSP allows what it uses', async (t) => {
  const a = app();
  const page = await a.inject({ url: '/docs/' });
  t.equal(page.statusCode, 200);
  const csp = String(page.headers['content-security-policy']);
  t.equal(csp, DOCS_CSP);
  t.notMatch(csp, /https?:|unsafe-inline|unsafe-eval|upgrade-insecure-requests/, 'no outside host, nothing unsafe');
  t.notMatch(page.body, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script');
  t.notMatch(page.body, /\sstyle\s*=/, 'no inline style attribute');
  const refs = references(page.body);
  t.ok(refs.length >= 5, refs.join(', '));
  for (const ref of refs) {
    t.notMatch(ref, /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i, `${ref} is on the service`);
    t.equal((await a.inject({ url: new URL(ref, 'http://x/docs/').pathname })).statusCode, 200, ref);
  }
  const init = (await a.inject({ url: '/docs/static/swagger-initializer.js' })).body;
  t.match(init, /validatorUrl: null/, 'no online validator badge');
  t.notMatch(init.replace(/^\s*\/\/.*$/gm, ''), /https?:\/\//, 'the initializer names no outside URL (comments aside)');
  t.match(init, /img\.src = 'data:image\/svg\+xml;base64,/, 'the logo is inline (img-src data:)');
  const css = (await a.inject({ url: '/docs/static/swagger-ui.css' })).body;
  const urls = [...css.matchAll(/url\(\s*["']?([^"')]*)/g)].map((m) => m[1]);
  t.ok(urls.length > 0 && urls.every((u) => u.startsWith('data:')), 'the stylesheet only uses data: URLs');
  t.notMatch(css, /@import/);
  // every <style> Swagger UI renders (React elements in its scripts) is allowed by its hash
  for (const file of ['swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js']) {
    const js = (await a.inject({ url: `/docs/static/${file}` })).body;
    for (const m of js.matchAll(/createElement\("style",null,("(?:[^"\\]|\\.)*")\)/g)) {
      const hash = `'sha256-${createHash('sha256').update(JSON.parse(m[1])).digest('base64')}'`;
      t.ok(DOCS_STYLE_HASHES.includes(hash), `${file}: the <style> ${m[1].slice(0, 40)}... is allowed by ${hash}`);
    }
  }
});

/** A Chromium from Debian (chromium-headless-shell or chromium), when one is installed. */
function chromiumPath(): string | undefined {
  return ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium'].find((p) => existsSync(p));
}

t.test('Swagger UI in a real headless Chromium: no CSP violation, no outside request', async (t) => {
  const executablePath = chromiumPath();
  if (!executablePath) {
    t.skip('no Chromium installed (Debian package chromium-headless-shell or chromium)');
    return;
  }
  const { chromium } = await import('playwright-core');
  const a = app({ tokens: ['t'] });
  const origin = await a.listen({ port: 0, host: '127.0.0.1' });
  let browser;
  try {
    browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
  } catch (e) {
    t.skip(`Chromium does not start here: ${(e as Error).message.split('\n')[0]}`);
    return;
  }
  t.teardown(() => browser.close());
  const page = await browser.newPage();
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => ['error', 'warning'].includes(m.type()) && problems.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`CSP violation: ${e.effectiveDirective} ${e.sourceFile}:${e.lineNumber}`),
    ),
  );
  await page.goto(`${origin}/docs/`, { waitUntil: 'networkidle' });
  await page.waitForSelector('.opblock', { timeout: 20_000 });
  t.ok((await page.locator('.opblock').count()) >= 5, 'the operations are listed');
  t.ok(await page.locator('.topbar img[src^="data:"]').count(), 'the logo is shown');
  t.same(problems, [], 'no console error, warning or CSP violation');
  t.ok(requests.length >= 6, `${requests.length} requests`);
  t.same(
    requests.filter((u) => !u.startsWith(`${origin}/`)),
    [],
    'every request goes to the service',
  );
});

t.test('no log line is a GitHub workflow command: a request target holding ##[ is escaped as JSON', async (t) => {
  // actions/runner ActionCommandManager.TryProcessCommand takes `##[name` anywhere in a line
  // (test/helpers/runner-commands.ts); pino writes the request's url into its lines as received
  const { lines, logger } = logged();
  const a = app({ logger });
  // (inject reads `#` as a fragment: the Host header, which the line holds as well, carries it)
  await a.inject({ url: '/healthz', headers: { host: '##[warning]forged' } });
  t.ok(lines.length > 0);
  t.notMatch(lines.join(''), /##\[/);
  t.ok(
    lines.some((l) => (JSON.parse(l) as { req?: { host?: string } }).req?.host === '##[warning]forged'),
    'the line reads back as the header received',
  );
});
