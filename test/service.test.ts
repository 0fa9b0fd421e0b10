import t from 'tap';
import { spawnSync, execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, writeFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import http from 'node:http';
import { gzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { buildApp, type AppOptions } from '../src/api/app.js';
import { loadConfig, ConfigError, DEFAULT_CONFIG } from '../src/api/config.js';
import { countFinding } from '../src/api/metrics.js';
import { PAGE_PATHS } from '../src/api/page.js';
import { authPlugin } from '../src/api/plugins/auth.js';
import { rateLimitPlugin } from '../src/api/plugins/rate-limit.js';
import { routes } from '../src/api/routes/index.js';
import { seedBundle } from './helpers/fixtures.js';
import { startService } from './helpers/serve.js';
import { tarArchive, tarOf, multipartOf } from './helpers/tar.js';
import { TEST_WORKERS } from './helpers/workers.js';

const ROOT = join(import.meta.dirname, '..');
const JSON_HEADERS = { 'content-type': 'application/json' };

const spawnSyncOk = (cmd: string, args: string[]): boolean => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;

function app(options: AppOptions = {}) {
  const a = buildApp({ rateLimitPerMinute: 0, ...options, workers: options.workers || TEST_WORKERS });
  t.teardown(() => a.close());
  return a;
}

t.test('loadConfig reads every variable once, with defaults and clear errors', async (t) => {
  t.same(loadConfig({}), DEFAULT_CONFIG);
  const dir = mkdtempSync(join(tmpdir(), 'cr-tokens-'));
  t.teardown(() => rmSync(dir, { recursive: true }));
  writeFileSync(join(dir, 'tokens'), '# ci\nfile-token-1\n\n  file-token-2  \r\n');
  const c = loadConfig({
    PORT: '9000',
    COMPOSE_REVIEW_TOKENS: 'a, b,,a',
    COMPOSE_REVIEW_TOKENS_FILE: join(dir, 'tokens'),
    COMPOSE_REVIEW_AUTH_EXEMPT: '/healthz,/docs*',
    COMPOSE_REVIEW_RATE_LIMIT: '0',
    COMPOSE_REVIEW_CORS_ORIGINS: 'https://a.example, https://b.example',
    COMPOSE_REVIEW_REQUEST_TIMEOUT_MS: '5000',
    COMPOSE_REVIEW_BODY_LIMIT: '1024',
    COMPOSE_REVIEW_TRUST_PROXY: 'true',
  });
  t.match(c, {
    port: 9000,
    tokens: ['a', 'b', 'file-token-1', 'file-token-2'],
    authExempt: ['/healthz', '/docs*'],
    rateLimitPerMinute: 0,
    corsOrigins: ['https://a.example', 'https://b.example'],
    requestTimeoutMs: 5000,
    bodyLimit: 1024,
    trustProxy: true,
  });
  t.same(loadConfig({ COMPOSE_REVIEW_AUTH_EXEMPT: '' }).authExempt, []);
  writeFileSync(join(dir, 'empty'), '# nothing\n');
  for (const env of [
    { COMPOSE_REVIEW_RATE_LIMIT: 'lots' },
    { COMPOSE_REVIEW_BODY_LIMIT: '0' },
    { COMPOSE_REVIEW_REQUEST_TIMEOUT_MS: '-1' },
    { COMPOSE_REVIEW_TOKENS_FILE: join(dir, 'missing') },
    { COMPOSE_REVIEW_TOKENS_FILE: join(dir, 'empty') },
    { COMPOSE_REVIEW_TRUST_PROXY: 'yes' },
    { PORT: '99999' },
    { LOG_LEVEL: 'verbose' },
  ])
    t.throws(() => loadConfig(env), ConfigError, JSON.stringify(env));
  t.equal(loadConfig({ LOG_LEVEL: 'debug', PORT: '0' }).logLevel, 'debug');
});

t.test('serve: a HOST that does not resolve is a ConfigError naming it, not an internal error', async (t) => {
  const { serve } = await import('../src/api/server.js');
  await t.rejects(serve({ host: 'not-a-host.invalid', port: 0, logLevel: 'silent' }), {
    name: 'ConfigError',
    message: /HOST=not-a-host\.invalid/,
  });
});

t.test('bearer auth: 401 problem with WWW-Authenticate, tokens from a file, exempt paths', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'cr-tokens-'));
  t.teardown(() => rmSync(dir, { recursive: true }));
  writeFileSync(join(dir, 'tokens'), 'tok-one\ntok-two\n');
  const a = app(loadConfig({ COMPOSE_REVIEW_TOKENS_FILE: join(dir, 'tokens') }));
  const validate = (authorization?: string) =>
    a.inject({
      method: 'POST',
      url: '/v1/validate',
      payload: seedBundle(),
      headers: authorization ? { authorization } : {},
    });
  for (const [auth, header] of [
    [undefined, 'Bearer'],
    ['Bearer wrong', 'Bearer error="invalid_token"'],
    ['Bearer tok-on', 'Bearer error="invalid_token"'],
    ['Basic dG9rLW9uZQ==', 'Bearer'],
  ] as const) {
    const r = await validate(auth);
    t.equal(r.statusCode, 401, String(auth));
    t.equal(r.headers['www-authenticate'], header);
    t.match(r.headers['content-type'], /application\/problem\+json/);
    t.match(r.json(), { status: 401, title: 'Unauthorized' });
  }
  t.equal((await validate('Bearer tok-one')).statusCode, 200);
  t.equal((await validate('bearer   tok-two')).statusCode, 200);
  for (const url of ['/healthz', '/readyz', '/metrics']) t.equal((await a.inject({ url })).statusCode, 200, url);
  t.equal((await a.inject({ url: '/v1/rules' })).statusCode, 401);

  const custom = app({ tokens: ['x'], authExempt: ['/healthz', '/docs*'] });
  t.equal((await custom.inject({ url: '/healthz' })).statusCode, 200);
  t.equal((await custom.inject({ url: '/metrics' })).statusCode, 401);
  t.equal((await custom.inject({ url: '/docs/' })).statusCode, 200);
});

t.test('rate limit: a budget per client and window, 429 problem with Retry-After', async (t) => {
  const a = buildApp({ rateLimitPerMinute: 3, tokens: ['alpha', 'beta'], workers: TEST_WORKERS });
  t.teardown(() => a.close());
  const get = (token: string, url = '/v1/rules') => a.inject({ url, headers: { authorization: `Bearer ${token}` } });
  const first = await get('alpha');
  t.match(first.headers, { 'ratelimit-limit': '3', 'ratelimit-remaining': '2' });
  t.ok(Number(first.headers['ratelimit-reset']) >= 59, `RateLimit-Reset ${first.headers['ratelimit-reset']}`);
  for (let i = 0; i < 2; i++) t.equal((await get('alpha')).statusCode, 200);
  const r = await get('alpha');
  t.equal(r.statusCode, 429);
  t.ok(
    Number(r.headers['retry-after']) >= 1 && Number(r.headers['retry-after']) <= 60,
    `Retry-After ${r.headers['retry-after']}`,
  );
  t.match(r.json(), { status: 429, title: 'Too Many Requests', detail: /3 requests a minute/ });
  t.equal((await get('beta')).statusCode, 200, 'another token has its own budget');
  t.equal((await a.inject({ url: '/healthz' })).statusCode, 200, 'probes are not limited');

  // the plugin alone: a new window brings a full budget
  const p = Fastify();
  t.teardown(() => p.close());
  await p.register(authPlugin, { tokens: [], exempt: [] });
  await p.register(rateLimitPlugin, { perMinute: 1, authFailuresPerMinute: 0, exempt: [], windowMs: 300 });
  p.get('/', async () => 'ok');
  const from = (ip: string) => p.inject({ url: '/', remoteAddress: ip }).then((x) => x.statusCode);
  t.same([await from('10.0.0.1'), await from('10.0.0.1'), await from('10.0.0.2')], [200, 429, 200]);
  await new Promise((resolve) => setTimeout(resolve, 350));
  t.equal(await from('10.0.0.1'), 200, 'a new window');
  t.equal(await from('10.0.0.1'), 429);
});

t.test('CORS: off by default, exact origins and preflight when configured', async (t) => {
  const off = app();
  const r0 = await off.inject({ url: '/healthz', headers: { origin: 'https://a.example' } });
  t.notOk(r0.headers['access-control-allow-origin']);
  const preOff = await off.inject({
    method: 'OPTIONS',
    url: '/v1/validate',
    headers: { origin: 'https://a.example', 'access-control-request-method': 'POST' },
  });
  t.equal(preOff.statusCode, 405, 'no preflight answered: the route takes POST only');
  t.notOk(preOff.headers['access-control-allow-origin']);

  const on = app({ corsOrigins: ['https://a.example'], tokens: ['s'] });
  const pre = await on.inject({
    method: 'OPTIONS',
    url: '/v1/validate',
    headers: {
      origin: 'https://a.example',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type',
    },
  });
  t.equal(pre.statusCode, 204, 'preflight needs no token');
  t.equal(pre.headers['access-control-allow-origin'], 'https://a.example');
  t.match(pre.headers['access-control-allow-methods'], /POST/);
  t.match(pre.headers['access-control-allow-headers'], /authorization/);
  const r1 = await on.inject({
    method: 'POST',
    url: '/v1/validate',
    payload: seedBundle(),
    headers: { origin: 'https://a.example', authorization: 'Bearer s' },
  });
  t.equal(r1.statusCode, 200);
  t.equal(r1.headers['access-control-allow-origin'], 'https://a.example');
  t.match(r1.headers.vary, /Origin/);
  const r2 = await on.inject({ url: '/healthz', headers: { origin: 'https://evil.example' } });
  t.notOk(r2.headers['access-control-allow-origin']);
  const pre2 = await on.inject({
    method: 'OPTIONS',
    url: '/v1/validate',
    headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
  });
  t.notOk(pre2.headers['access-control-allow-origin']);
});

t.test('security headers on every answer, request id echoed, no strict CSP on /docs', async (t) => {
  const a = app();
  const answers = [
    await a.inject({ url: '/healthz' }),
    await a.inject({ url: '/nope' }),
    await a.inject({ method: 'POST', url: '/v1/validate', payload: '{', headers: JSON_HEADERS }),
    await a.inject({ method: 'POST', url: '/v1/validate', payload: seedBundle() }),
  ];
  for (const r of answers) {
    t.match(r.headers, {
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
      'cache-control': 'no-store',
    });
    t.match(r.headers['x-request-id'], /^[0-9a-f-]{36}$/);
  }
  const mine = await a.inject({ url: '/healthz', headers: { 'x-request-id': 'deploy-42.abc' } });
  t.equal(mine.headers['x-request-id'], 'deploy-42.abc');
  const hostile = await a.inject({ url: '/healthz', headers: { 'x-request-id': 'a\u0007"}{' + 'x'.repeat(300) } });
  t.match(hostile.headers['x-request-id'], /^[0-9a-f-]{36}$/, 'an unsafe id is replaced');
  const docs = await a.inject({ url: '/docs/' });
  t.equal(docs.statusCode, 200);
  t.match(docs.headers['content-type'], /text\/html/);
  t.match(docs.body, /swagger/i);
  t.match(docs.headers['content-security-policy'], /script-src 'self'/, "Swagger UI's own CSP");
  t.equal(docs.headers['x-content-type-options'], 'nosniff');
});

t.test('body limit 413 for every format; timeouts and readiness configured', async (t) => {
  const a = app({ bodyLimit: 2048, requestTimeoutMs: 1234 });
  t.equal(a.initialConfig.requestTimeout, 1234);
  // the socket's idle timeout two deadline checks after the request's, so a stalled body gets its 408
  t.equal(a.initialConfig.connectionTimeout, 1234 + 2 * 123);
  t.equal(a.initialConfig.bodyLimit, 2048);
  const big = { 'compose.yaml': 'services:\n  a:\n    image: x\n' + '#'.repeat(4096) + '\n' };
  const mp = await multipartOf(big);
  for (const [payload, type] of [
    [JSON.stringify({ files: big }), 'application/json'],
    [mp.body, mp.contentType],
    [gzipSync(Buffer.concat([tarOf(big), Buffer.alloc(8192, 'x')]), { level: 0 }), 'application/gzip'],
    [tarOf(big), 'application/x-tar'],
  ] as const) {
    const r = await a.inject({ method: 'POST', url: '/v1/validate', payload, headers: { 'content-type': type } });
    t.equal(r.statusCode, 413, type);
    t.match(r.json(), { status: 413, detail: /2048 bytes/ });
  }
  t.equal((await a.inject({ url: '/readyz' })).statusCode, 200);
  a.lifecycle.ready = false;
  const r = await a.inject({ url: '/readyz' });
  t.equal(r.statusCode, 503);
  t.match(r.json(), { status: 503, detail: /shutting down/ });
  t.equal((await a.inject({ url: '/healthz' })).statusCode, 200, 'still alive');
});

t.test('multipart and tar.gz uploads give the same answer as the JSON bundle', async (t) => {
  const a = app();
  const seed = seedBundle();
  seed.files['docker-compose.prod.yml'] = seed.files['docker-compose.prod.yml'].replace('limits:', 'limit:');
  const meta = {
    environments: { production: { files: ['docker-compose.yml', 'docker-compose.prod.yml'] } },
    projectName: 'shop',
  };
  for (const url of ['/v1/validate', '/v1/config']) {
    for (const withMeta of [false, true]) {
      const json = await a.inject({ method: 'POST', url, payload: withMeta ? { ...seed, ...meta } : seed });
      const mp = await multipartOf(seed.files, withMeta ? meta : undefined);
      const viaMultipart = await a.inject({
        method: 'POST',
        url,
        payload: mp.body,
        headers: { 'content-type': mp.contentType },
      });
      t.equal(viaMultipart.statusCode, json.statusCode, `${url} multipart`);
      t.same(viaMultipart.json(), json.json(), `${url} multipart${withMeta ? ' + bundle part' : ''}`);
      if (withMeta) continue;
      for (const type of ['application/gzip', 'application/x-gzip']) {
        const r = await a.inject({
          method: 'POST',
          url,
          payload: gzipSync(tarOf(seed.files)),
          headers: { 'content-type': type },
        });
        t.same(r.json(), json.json(), `${url} ${type}`);
      }
      const plain = await a.inject({
        method: 'POST',
        url,
        payload: tarOf(seed.files),
        headers: { 'content-type': 'application/x-tar' },
      });
      t.same(plain.json(), json.json(), `${url} tar`);
    }
  }
  // multipart text fields (curl -F 'name=<file') work like file parts
  const fd = new FormData();
  for (const [k, v] of Object.entries(seed.files)) fd.append(k, v);
  const req = new Request('http://x/', { method: 'POST', body: fd });
  const fields = await a.inject({
    method: 'POST',
    url: '/v1/validate',
    payload: Buffer.from(await req.arrayBuffer()),
    headers: { 'content-type': req.headers.get('content-type')! },
  });
  t.equal(fields.json().valid, false);
  t.same(fields.json(), (await a.inject({ method: 'POST', url: '/v1/validate', payload: seed })).json());
});

t.test('a change pair uploads as two archives named base and head', async (t) => {
  const a = app();
  const base = seedBundle();
  const head = seedBundle();
  head.files['docker-compose.prod.yml'] = head.files['docker-compose.prod.yml'].replace(
    '  api:\n',
    '  api:\n    privileged: true\n',
  );
  t.not(head.files['docker-compose.prod.yml'], base.files['docker-compose.prod.yml'], 'the head changes the prod file');
  const json = await a.inject({ method: 'POST', url: '/v1/review', payload: { base, head } });
  t.equal(json.statusCode, 200);
  t.ok(
    json.json().newFindings.some((f: { rule: string }) => f.rule === 'privileged'),
    'the JSON pair finds the new privileged service',
  );
  const pair = async (parts: Record<string, Buffer | string>, meta?: unknown) => {
    const fd = new FormData();
    for (const [name, content] of Object.entries(parts)) fd.append(name, new Blob([content]), `${name}.tar.gz`);
    if (meta !== undefined) fd.append('bundle', JSON.stringify(meta));
    const req = new Request('http://localhost/', { method: 'POST', body: fd });
    return { body: Buffer.from(await req.arrayBuffer()), contentType: req.headers.get('content-type')! };
  };
  const send = async (url: string, mp: { body: Buffer; contentType: string }) =>
    a.inject({ method: 'POST', url, payload: mp.body, headers: { 'content-type': mp.contentType } });

  // gzip (git archive --format=tar.gz) and plain tar both work
  for (const [what, pack] of [
    ['tar.gz', (f: Record<string, string>) => gzipSync(tarOf(f))],
    ['tar', tarOf],
  ] as const) {
    const r = await send('/v1/review', await pair({ base: pack(base.files), head: pack(head.files) }));
    t.equal(r.statusCode, 200, what);
    t.same(r.json(), json.json(), `${what}: the same answer as the JSON pair`);
  }
  // the bundle part applies to both sides
  const meta = { environments: { production: { files: ['docker-compose.yml', 'docker-compose.prod.yml'] } } };
  const withMeta = await send(
    '/v1/review',
    await pair({ base: gzipSync(tarOf(base.files)), head: gzipSync(tarOf(head.files)) }, meta),
  );
  t.same(
    withMeta.json(),
    (
      await a.inject({
        method: 'POST',
        url: '/v1/review',
        payload: { base: { ...base, ...meta }, head: { ...head, ...meta } },
      })
    ).json(),
  );
  t.same(Object.keys(withMeta.json().changes), ['production'], 'only the environment the bundle part names');

  // half a pair, or a pair with loose files, is a 400 problem naming what is wrong
  const half = await send('/v1/review', await pair({ base: gzipSync(tarOf(base.files)) }));
  t.equal(half.statusCode, 400);
  t.match(half.json(), { pointer: '/head', detail: /"head" archive is missing/ });
  const loose = await send(
    '/v1/review',
    await pair({ base: tarOf(base.files), head: tarOf(head.files), 'compose.yaml': 'services: {}\n' }),
  );
  t.equal(loose.statusCode, 400);
  t.match(loose.json(), { detail: /only the "base" and "head" archives/ });
  const broken = await send(
    '/v1/review',
    await pair({ base: tarOf(base.files), head: Buffer.from([0x1f, 0x8b, 1, 2, 3]) }),
  );
  t.equal(broken.statusCode, 400);
  t.match(broken.json(), { pointer: '/head', detail: /"head" archive: the body is not valid gzip data/ });
  const fd = new FormData();
  for (const n of ['base', 'base', 'head']) fd.append(n, new Blob([tarOf(base.files)]), `${n}.tar`);
  const twice = new Request('http://localhost/', { method: 'POST', body: fd });
  const doubled = await send('/v1/review', {
    body: Buffer.from(await twice.arrayBuffer()),
    contentType: twice.headers.get('content-type')!,
  });
  t.equal(doubled.statusCode, 400);
  t.match(doubled.json(), { pointer: '/base', detail: /two parts are the "base" archive/ });
  // a route that takes one bundle refuses a pair with a 400, never a 500
  const single = await send('/v1/validate', await pair({ base: tarOf(base.files), head: tarOf(head.files) }));
  t.equal(single.statusCode, 400);
  t.equal(single.headers['content-type'], 'application/problem+json; charset=utf-8');
  // a file that happens to be called `base` (not an archive) is still a file
  const named = await send('/v1/validate', await multipartOf({ ...base.files, base: 'x: 1\n' }));
  t.equal(named.statusCode, 200);
  t.ok(named.json().environments.production, 'read as a bundle of files');
});

t.test('a change pair made by git archive (pax global header) reviews like the JSON pair', async (t) => {
  const a = app();
  const dir = mkdtempSync(join(tmpdir(), 'cr-git-'));
  t.teardown(() => rmSync(dir, { recursive: true }));
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.email=ci@example.com', '-c', 'user.name=ci', ...args], { cwd: dir });
  const base = seedBundle();
  const head = seedBundle();
  head.files['docker-compose.prod.yml'] = head.files['docker-compose.prod.yml'].replace(
    '  api:\n',
    '  api:\n    privileged: true\n',
  );
  git('init', '-q');
  const commit = (files: Record<string, string>, message: string) => {
    for (const [p, c] of Object.entries(files)) writeFileSync(join(dir, p), c);
    git('add', '.');
    git('commit', '-qm', message);
    return git('archive', '--format=tar.gz', 'HEAD');
  };
  const fd = new FormData();
  fd.append('base', new Blob([commit(base.files, 'base')]), 'base.tgz');
  fd.append('head', new Blob([commit(head.files, 'head')]), 'head.tgz');
  const req = new Request('http://x/', { method: 'POST', body: fd });
  const r = await a.inject({
    method: 'POST',
    url: '/v1/review',
    payload: Buffer.from(await req.arrayBuffer()),
    headers: { 'content-type': req.headers.get('content-type')! },
  });
  t.equal(r.statusCode, 200);
  t.same(r.json(), (await a.inject({ method: 'POST', url: '/v1/review', payload: { base, head } })).json());
  t.match(r.json().newFindings, [{ rule: 'privileged', file: 'docker-compose.prod.yml' }]);
});

t.test('examples/review-change-api.sh posts two git archives and prints the PR comment', async (t) => {
  const curl = spawnSyncOk('curl', ['--version']);
  if (!curl) return t.skip('curl is not installed');
  const a = app();
  await a.listen({ port: 0, host: '127.0.0.1' });
  t.teardown(() => a.close());
  const address = a.server.address() as { port: number };
  const dir = mkdtempSync(join(tmpdir(), 'cr-example-'));
  t.teardown(() => rmSync(dir, { recursive: true }));
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.email=ci@example.com', '-c', 'user.name=ci', ...args], { cwd: dir });
  const seed = seedBundle();
  git('init', '-q');
  for (const [p, c] of Object.entries(seed.files)) writeFileSync(join(dir, p), c);
  git('add', '.');
  git('commit', '-qm', 'base');
  writeFileSync(
    join(dir, 'docker-compose.prod.yml'),
    seed.files['docker-compose.prod.yml'].replace('  api:\n', '  api:\n    privileged: true\n'),
  );
  git('commit', '-qam', 'head');
  const script = join(import.meta.dirname, '..', 'examples', 'review-change-api.sh');
  // asynchronously: the server answering curl runs in this process
  const { stdout: out } = await promisify(execFile)(
    'bash',
    [script, 'HEAD~1', 'HEAD', `http://127.0.0.1:${address.port}`],
    { cwd: dir, encoding: 'utf8' },
  );
  t.match(out, /<!-- compose-review:pr-comment -->/);
  t.match(out, /adds \*\*1\*\* finding/);
  t.match(out, /privileged/);
});

t.test('archives made by GNU tar (ustar, gnu long names, pax) are read', async (t) => {
  const a = app();
  const dir = mkdtempSync(join(tmpdir(), 'cr-tar-'));
  t.teardown(() => rmSync(dir, { recursive: true }));
  const deep = `${'d'.repeat(60)}/${'e'.repeat(60)}/${'f'.repeat(60)}`;
  const files: Record<string, string> = {
    'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    env_file: [app.env]\n',
    'app.env': 'A=1\n',
    [`${deep}/compose.yaml`]: 'services: {}\n',
    'naïve/ünïcode.yaml': 'x: 1\n',
  };
  for (const [p, c] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, 'src', p)), { recursive: true });
    writeFileSync(join(dir, 'src', p), c);
  }
  const expected = (await a.inject({ method: 'POST', url: '/v1/validate', payload: { files } })).json();
  for (const format of ['gnu', 'pax', 'ustar']) {
    if (format === 'ustar') continue; // ustar cannot hold the 180-character path; gnu and pax can
    const out = join(dir, `b-${format}.tgz`);
    execFileSync('tar', [`--format=${format}`, '-czf', out, '-C', join(dir, 'src'), '.']);
    const r = await a.inject({
      method: 'POST',
      url: '/v1/validate',
      payload: readFileSync(out),
      headers: { 'content-type': 'application/gzip' },
    });
    t.equal(r.statusCode, 200, format);
    t.same(r.json(), expected, format);
  }
});

t.test('hostile archives and multipart bodies are refused with 4xx problems', async (t) => {
  const a = app();
  const ok = { name: 'compose.yaml', content: 'services: {}\n' };
  const cases: [string, Buffer | string, string, number, RegExp][] = [
    [
      '../ path',
      tarArchive([ok, { name: '../evil.yaml', content: 'x' }]),
      'application/x-tar',
      400,
      /escapes the bundle/,
    ],
    [
      'nested ../',
      tarArchive([ok, { name: 'a/../../evil.yaml', content: 'x' }]),
      'application/x-tar',
      400,
      /escapes the bundle/,
    ],
    [
      'absolute path',
      gzipSync(tarArchive([ok, { name: '/etc/passwd', content: 'x' }])),
      'application/gzip',
      400,
      /relative/,
    ],
    [
      'absolute via prefix',
      tarArchive([ok, { name: 'passwd', prefix: '/etc', content: 'x' }]),
      'application/x-tar',
      400,
      /relative/,
    ],
    [
      'long name ../',
      tarArchive([
        ok,
        { name: '././@LongLink', type: 'L', content: '../../' + 'x'.repeat(120) + '\0' },
        { name: 'short', content: 'x' },
      ]),
      'application/x-tar',
      400,
      /escapes/,
    ],
    [
      'pax path ../',
      tarArchive([
        ok,
        { name: 'PaxHeader', type: 'x', content: '21 path=../../etc/pw\n' },
        { name: 'fine', content: 'x' },
      ]),
      'application/x-tar',
      400,
      /escapes/,
    ],
    [
      'symlink',
      gzipSync(tarArchive([ok, { name: 'link.yaml', type: '2', linkname: '/etc/passwd' }])),
      'application/gzip',
      400,
      /symbolic link/,
    ],
    [
      'hard link',
      tarArchive([ok, { name: 'hard.yaml', type: '1', linkname: 'compose.yaml' }]),
      'application/x-tar',
      400,
      /hard link/,
    ],
    ['device', tarArchive([ok, { name: 'dev', type: '3' }]), 'application/x-tar', 400, /device/],
    ['fifo', tarArchive([ok, { name: 'fifo', type: '6' }]), 'application/x-tar', 400, /FIFO/],
    [
      'bad checksum',
      (() => {
        const b = tarArchive([ok]);
        b[0] ^= 1;
        return b;
      })(),
      'application/x-tar',
      400,
      /not a tar archive/,
    ],
    [
      'truncated',
      tarArchive([ok, { name: 'big', content: 'x'.repeat(2000) }], false).subarray(0, 1500),
      'application/x-tar',
      400,
      /truncated/,
    ],
    ['not gzip', tarArchive([ok]), 'application/gzip', 400, /not gzip/],
    ['corrupt gzip', gzipSync(tarArchive([ok])).subarray(0, 30), 'application/gzip', 400, /gzip/],
    [
      'too many files',
      gzipSync(tarArchive(Array.from({ length: 501 }, (_, i) => ({ name: `f${i}.yaml`, content: 'x' })))),
      'application/gzip',
      413,
      /too many files/,
    ],
    [
      'gzip bomb',
      gzipSync(tarArchive([ok, { name: 'zeros', content: Buffer.alloc(64 << 20) }])),
      'application/gzip',
      413,
      /inflates/,
    ],
    ['multipart without boundary', 'x', 'multipart/form-data', 400, /multipart/],
    ['multipart garbage', '--b\r\nnot headers', 'multipart/form-data; boundary=b', 400, /multipart/],
  ];
  for (const [name, payload, type, status, detail] of cases) {
    const started = Date.now();
    const r = await a.inject({ method: 'POST', url: '/v1/validate', payload, headers: { 'content-type': type } });
    t.equal(r.statusCode, status, name);
    t.match(r.headers['content-type'], /application\/problem\+json/, name);
    t.match(r.json().detail, detail, name);
    t.ok(Date.now() - started < 3000, `${name} answered quickly`);
  }
  const mp = async (files: Record<string, string>, meta?: unknown) => {
    const { body, contentType } = await multipartOf(files, meta);
    return a.inject({ method: 'POST', url: '/v1/validate', payload: body, headers: { 'content-type': contentType } });
  };
  t.match((await mp({ '../x.yaml': 'x' })).json(), { status: 400, detail: /escapes the bundle/ });
  t.match((await mp({ '/abs.yaml': 'x' })).json(), { status: 400, detail: /relative/ });
  t.match((await mp({ 'compose.yaml': 'x' }, { files: {} })).json(), { status: 400, detail: /may only hold/ });
  t.match((await mp({ 'compose.yaml': 'x' }, '{"__proto__":{}}')).json(), { status: 400 });
  const proto = await mp(
    { 'compose.yaml': 'services: {}\n' },
    { environments: { __proto__: { files: ['compose.yaml'] } } },
  );
  t.ok(proto.statusCode < 500, `__proto__ in the bundle part -> ${proto.statusCode}`);
  t.match((await mp({ 'compose.yaml': 'x' }, { environments: { prod: { files: ['missing.yaml'] } } })).json(), {
    status: 422,
  });
  t.match((await mp({ 'compose.yaml': 'services: {}' }, { projectName: 3 })).json(), { status: 400 });
  const many = Object.fromEntries(Array.from({ length: 502 }, (_, i) => [`f${i}.yaml`, 'x']));
  t.match((await mp(many)).json(), { status: 413, detail: /too many/ });
});

t.test('/metrics: Prometheus text with request counters, durations, memory and findings', async (t) => {
  const a = app();
  await a.inject({ method: 'POST', url: '/v1/validate', payload: seedBundle() });
  await a.inject({ method: 'POST', url: '/v1/validate', payload: '{', headers: JSON_HEADERS });
  await a.inject({ url: '/no/such/path/123' });
  countFinding('image-unpinned', 'warning');
  countFinding('docker-socket-mount', 'error', 2);
  const r = await a.inject({ url: '/metrics' });
  t.equal(r.statusCode, 200);
  t.match(r.headers['content-type'], /^text\/plain; version=0\.0\.4/);
  const text = r.body;
  t.match(text, /^http_requests_total\{method="POST",route="\/v1\/validate",status="200"\} [1-9]\d*$/m);
  t.match(text, /^http_requests_total\{method="POST",route="\/v1\/validate",status="400"\} [1-9]\d*$/m);
  t.match(text, /^http_requests_total\{method="GET",route="unmatched",status="404"\} [1-9]\d*$/m);
  t.notMatch(text, /no\/such\/path/, 'raw URLs never become labels');
  t.match(text, /^# TYPE http_request_duration_seconds histogram$/m);
  for (const le of ['0.005', '0.01', '0.1', '1', '10', '\\+Inf'])
    t.match(
      text,
      // prom-client writes `le` first
      new RegExp(`^http_request_duration_seconds_bucket\\{le="${le}",route="/v1/validate",status="200"\\} \\d+$`, 'm'),
    );
  t.match(text, /^http_request_duration_seconds_count\{route="\/v1\/validate",status="200"\} [1-9]\d*$/m);
  t.match(text, /^http_request_duration_seconds_sum\{route="\/v1\/validate",status="200"\} [\d.e-]+$/m);
  t.match(text, /^process_resident_memory_bytes [1-9]\d*$/m);
  t.match(text, /^compose_review_findings_total\{rule="image-unpinned",severity="warning"\} [1-9]\d*$/m);
  t.match(text, /^compose_review_findings_total\{rule="docker-socket-mount",severity="error"\} [2-9]\d*$/m);
  // every sample line is well-formed exposition format (prom-client separates families with a blank line)
  for (const line of text.trim().split('\n').filter(Boolean))
    t.match(line, /^(# (HELP|TYPE) \w+ .+|\w+(\{(\w+="(?:[^"\\]|\\.)*",?)+\})? -?[\d.e+-]+)$/, line);
});

t.test('/openapi.json documents every route, with examples; /docs serves Swagger UI', async (t) => {
  const a = app({ tokens: ['t'] });
  const seen: string[] = [];
  a.addHook('onRoute', (r) => {
    for (const m of ([] as string[]).concat(r.method))
      if (m !== 'HEAD' && !r.url.startsWith('/docs') && r.url !== '/openapi.json' && !PAGE_PATHS.includes(r.url))
        seen.push(`${m} ${r.url}`);
  });
  await a.ready();
  t.ok(routes.length >= 3);
  const r = await a.inject({ url: '/openapi.json', headers: { authorization: 'Bearer t' } });
  t.equal(r.statusCode, 200);
  const doc = r.json();
  t.equal(doc.openapi, '3.0.3');
  t.match(doc.info, { title: 'compose-review', version: /^\d+\.\d+\.\d+/ });
  const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) =>
    Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
  );
  t.ok(seen.length >= 5, seen.join(', '));
  for (const route of seen) t.ok(documented.includes(route), `${route} is documented`);
  for (const [path, ops] of Object.entries(
    doc.paths as Record<
      string,
      Record<
        string,
        {
          responses?: object;
          requestBody?: { content: Record<string, { example?: unknown; examples?: unknown }> };
          security?: unknown;
        }
      >
    >,
  )) {
    for (const [method, op] of Object.entries(ops)) {
      t.ok(op.responses && Object.keys(op.responses).length, `${method} ${path} has responses`);
      if (method === 'post') {
        const media = op.requestBody?.content['application/json'];
        t.ok(media?.example ?? media?.examples, `${method} ${path} has a request example`);
        t.ok(op.responses && '413' in op.responses, `${method} ${path} documents 413`);
        t.same(
          Object.keys(op.requestBody?.content ?? {}).sort(),
          ['application/gzip', 'application/json', 'application/x-tar', 'multipart/form-data'],
          `${method} ${path} documents every upload format`,
        );
      }
      if (!['/healthz', '/readyz', '/metrics'].includes(path))
        t.same(op.security, [{ bearerAuth: [] }], `${method} ${path} needs the token`);
    }
  }
  // every $ref resolves inside the document
  const refs = JSON.stringify(doc).match(/"\$ref":"[^"]*"/g) ?? [];
  for (const ref of new Set(refs)) {
    const target = ref.slice(8, -1);
    t.match(target, /^#\//, ref);
    const resolved = target
      .slice(2)
      .split('/')
      .reduce<unknown>(
        (o, k) => (o as Record<string, unknown> | undefined)?.[k.replace(/~1/g, '/').replace(/~0/g, '~')],
        doc,
      );
    t.ok(resolved, `${target} resolves`);
  }
  // the documented example is a valid request
  const example = doc.paths['/v1/validate'].post.requestBody.content['application/json'].example;
  const v = await a.inject({
    method: 'POST',
    url: '/v1/validate',
    payload: example,
    headers: { authorization: 'Bearer t' },
  });
  t.equal(v.statusCode, 200);
  t.match(v.json().diagnostics, [{ code: 'schema-unknown-key' }]);
  const docs = await a.inject({ url: '/docs', headers: { authorization: 'Bearer t' } });
  t.ok([200, 302].includes(docs.statusCode), `/docs -> ${docs.statusCode}`);
});

t.test('logs carry the request id and never a secret, a file content or a request body', async (t) => {
  const lines: string[] = [];
  const a = buildApp({
    rateLimitPerMinute: 0,
    workers: TEST_WORKERS,
    tokens: ['sekret-bearer-token-0123'],
    logger: { level: 'trace', stream: { write: (l: string) => void lines.push(l) } },
  });
  t.teardown(() => a.close());
  const files = {
    'compose.yaml':
      'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: hunter2-file-secret\n',
  };
  const headers = {
    authorization: 'Bearer sekret-bearer-token-0123',
    cookie: 'session=cookie-secret-42',
    'x-request-id': 'trace-me-7',
  };
  const r = await a.inject({ method: 'POST', url: '/v1/validate', payload: { files }, headers });
  t.equal(r.statusCode, 200);
  t.equal(r.headers['x-request-id'], 'trace-me-7');
  await a.inject({ method: 'POST', url: '/v1/config?format=yaml', payload: { files }, headers });
  await a.inject({
    method: 'POST',
    url: '/v1/validate',
    payload: '{"files":{"compose.yaml":"hunter2-file-secret"',
    headers: { ...headers, 'content-type': 'application/json' },
  });
  await a.inject({
    method: 'POST',
    url: '/v1/validate',
    payload: { files },
    headers: { authorization: 'Bearer hunter2-wrong-token' },
  });
  const mp = await multipartOf(files);
  await a.inject({
    method: 'POST',
    url: '/v1/validate',
    payload: mp.body,
    headers: { ...headers, 'content-type': mp.contentType },
  });
  const log = lines.join('');
  t.ok(lines.length >= 8, `${lines.length} log lines`);
  for (const secret of ['sekret-bearer-token', 'hunter2', 'cookie-secret-42', 'POSTGRES_PASSWORD'])
    t.notOk(log.includes(secret), `${secret} is not logged`);
  const parsed = lines.map((l) => JSON.parse(l) as { reqId?: string; msg: string });
  const ofRequest = parsed.filter((l) => l.reqId === 'trace-me-7');
  t.ok(
    ofRequest.some((l) => l.msg === 'incoming request') && ofRequest.some((l) => l.msg === 'request completed'),
    'request lines carry reqId',
  );
  t.ok(
    parsed.filter((l) => /request/.test(l.msg)).every((l) => l.reqId),
    'every request line has a reqId',
  );
});

t.test(
  'graceful shutdown: SIGTERM makes /readyz 503, finishes in-flight requests, exits 0',
  { timeout: 60_000 },
  async (t) => {
    const { child, port, exited, output, request } = await startService(
      { COMPOSE_REVIEW_SHUTDOWN_DELAY_MS: '700', COMPOSE_REVIEW_WORKERS: String(TEST_WORKERS) },
      30_000,
    );
    t.teardown(() => void child.kill('SIGKILL'));
    t.equal((await request('/readyz')).status, 200);
    // an in-flight request: headers and half the body sent before SIGTERM, the rest after
    const body = JSON.stringify(seedBundle());
    const inflight = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        {
          port,
          host: '127.0.0.1',
          path: '/v1/validate',
          method: 'POST',
          agent: false,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          let b = '';
          res.on('data', (c) => (b += c)).on('end', () => resolve({ status: res.statusCode!, body: b }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 100));
      setTimeout(() => {
        child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(100)), 1200); // after the delay: the listener is closed by now
      }, 300);
    });
    await new Promise((r) => setTimeout(r, 450));
    const ready = await request('/readyz');
    t.equal(ready.status, 503, 'not ready while shutting down');
    const done = await inflight;
    t.equal(done.status, 200, 'the in-flight request completed');
    t.equal(JSON.parse(done.body).valid, true);
    await t.rejects(request('/healthz'), 'no new connections once closed');
    t.equal(await exited, 0, output().slice(-2000));
    t.match(output(), /shutting down/);
  },
);
