// What the main thread takes in before a worker sees a request (src/api/plugins/intake.ts):
// - request bodies held at once, as they arrive and as archives inflate, are bounded by one budget: ten
//   16 MB bodies or ten gzip bombs at once took a 256 MB container past its memory (320 MB resident);
// - sockets from one address are bounded, and an idle kept-alive socket closes after the request
//   timeout, as documented (fastify's own default kept it 72 s): 20,000 idle sockets from one client used
//   up the process's file descriptors, probes included.
import { connect, type Socket } from 'node:net';
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { gzipSync } from 'node:zlib';
import t, { type Test } from 'tap';
import { buildApp } from '../src/api/app.js';
import { ConfigError, loadConfig } from '../src/api/config.js';
import { BodyBudget, IntakeFullError, RequestOver } from '../src/api/plugins/intake.js';
import { bundleFromMultipart } from '../src/api/plugins/upload.js';
import { generatedProject } from '../bench/generate.js';
import { tarOf } from './helpers/tar.js';
import { TEST_WORKERS } from './helpers/workers.js';

const MB = 2 ** 20;

/** A multipart body of binary parts. */
async function multipartOfBuffers(parts: Record<string, Buffer>): Promise<{ body: Buffer; contentType: string }> {
  const fd = new FormData();
  for (const [name, content] of Object.entries(parts)) fd.append(name, new Blob([content]), `${name}.tgz`);
  const req = new Request('http://localhost/', { method: 'POST', body: fd });
  return { body: Buffer.from(await req.arrayBuffer()), contentType: req.headers.get('content-type')! };
}

async function listening(t: Test, options: Parameters<typeof buildApp>[0]) {
  const app = buildApp({ workers: TEST_WORKERS, rateLimitPerMinute: 0, ...options });
  t.teardown(async () => {
    // a refused request's socket lingers (src/api/app.ts closeAfter) on an unref'd timer: keep the
    // test process up until the app has closed
    const keep = setInterval(() => {}, 100);
    await app.close();
    clearInterval(keep);
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { app, port };
}

interface Answer {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
}

function answerOf(req: ClientRequest): Promise<Answer> {
  return new Promise((resolve, reject) => {
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
  });
}

/** A POST (no keep-alive) with its answer. */
function posting(port: number, path: string, contentType: string) {
  const req = httpRequest({
    port,
    host: '127.0.0.1',
    method: 'POST',
    path,
    headers: { 'content-type': contentType },
    agent: false,
  });
  return { req, answer: answerOf(req) };
}

/** A POST whose body is sent in part: `finish` sends the rest. */
function partly(port: number, path: string, contentType: string, head: Buffer) {
  const { req, answer } = posting(port, path, contentType);
  answer.catch(() => {});
  req.write(head);
  return { req, answer, finish: (rest: Buffer | string) => req.end(rest) };
}

function post(port: number, path: string, contentType: string, body: Buffer | string): Promise<Answer> {
  const { req, answer } = posting(port, path, contentType);
  req.end(body);
  return answer;
}

async function heldBytes(port: number): Promise<number> {
  const r = await answerOf(httpRequest({ port, host: '127.0.0.1', path: '/metrics', agent: false }).end());
  return Number(/^compose_review_body_memory_bytes (\d+)/m.exec(r.body)?.[1]);
}

async function until(f: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await f())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const compose = 'services:\n  web:\n    image: nginx:1.27\n';
/** a JSON bundle of about `n` bytes: the compose file, and a comment to pad it */
const jsonOf = (n: number) => JSON.stringify({ files: { 'compose.yaml': `# ${'x'.repeat(n)}\n${compose}` } });

t.test('the budget: a holder past it is refused while others hold bytes; alone, never', async (t) => {
  const budget = new BodyBudget(100);
  const a = budget.holder();
  a.take(150); // alone: let through past the budget
  t.equal(budget.inUse, 150);
  const b = budget.holder('b');
  t.throws(() => b.take(1), { statusCode: 503, retryAfterSeconds: 1 }, 'another holds bytes: refused');
  a.release();
  a.release(); // twice gives back once
  t.equal(budget.inUse, 0);
  b.take(60);
  const c = budget.holder('c');
  c.take(40);
  t.throws(() => c.take(1), { statusCode: 503 });
  t.ok(new IntakeFullError(MB) instanceof Error);
  c.release();
  b.release();
  t.equal(budget.inUse, 0);
});

t.test('bodies held at once: past the budget a request gets 503 with Retry-After, then succeeds', async (t) => {
  const { port } = await listening(t, { bodyMemoryBytes: 1 * MB });
  const body = jsonOf(700_000);
  // the first request's bytes arrive, its end does not: it holds them
  const first = partly(port, '/v1/validate', 'application/json', Buffer.from(body.slice(0, 600_000)));
  await until(async () => (await heldBytes(port)) >= 600_000);
  const refused = await post(port, '/v1/validate', 'application/json', jsonOf(600_000));
  t.equal(refused.status, 503);
  t.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8');
  t.equal(refused.headers['retry-after'], '1');
  t.equal(refused.headers.connection, 'close', 'the rest of its body is not worth reading');
  t.match(JSON.parse(refused.body), { status: 503, detail: /body memory \((0\.5 of )?1 MB\); retry shortly/ });
  first.finish(body.slice(600_000));
  t.equal((await first.answer).status, 200, 'the first is answered');
  await until(async () => (await heldBytes(port)) === 0);
  t.equal((await post(port, '/v1/validate', 'application/json', jsonOf(600_000))).status, 200, 'the retry is');
  // alone, a body bigger than the whole budget is let through
  t.equal((await post(port, '/v1/validate', 'application/json', jsonOf(3 * MB))).status, 200);
  const metrics = await answerOf(httpRequest({ port, host: '127.0.0.1', path: '/metrics', agent: false }).end());
  t.match(metrics.body, /compose_review_intake_refused_total\{reason="body-memory"\} [1-9]/);
});

t.test("an archive's inflated bytes count: a small tar.gz that inflates past the budget waits its turn", async (t) => {
  const { port } = await listening(t, { bodyMemoryBytes: 1 * MB });
  // 2 MB of comment inflates from a few KB
  const tgz = gzipSync(tarOf({ 'compose.yaml': `# ${'x'.repeat(2 * MB)}\n${compose}` }));
  t.ok(tgz.length < 10_000);
  const holder = partly(port, '/v1/validate', 'application/json', Buffer.from(jsonOf(900_000).slice(0, 300_000)));
  await until(async () => (await heldBytes(port)) >= 300_000);
  const refused = await post(port, '/v1/validate', 'application/gzip', tgz);
  t.equal(refused.status, 503, 'its inflated bytes no longer fit');
  t.equal(refused.headers['retry-after'], '1');
  holder.req.destroy(); // a client that goes away gives its bytes back
  await until(async () => (await heldBytes(port)) === 0);
  t.equal((await post(port, '/v1/validate', 'application/gzip', tgz)).status, 200, 'alone, it is answered');
  t.equal(await heldBytes(port), 0, 'and its bytes given back');
});

function opened(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => resolve(s));
    s.on('error', reject);
  });
}

/** What a socket gets for a GET /healthz: the status line, or '' when closed without an answer. */
function healthz(s: Socket): Promise<string> {
  return new Promise((resolve) => {
    let got = '';
    s.setEncoding('utf8');
    s.on('data', (c: string) => {
      got += c;
      if (got.includes('\r\n')) resolve(got.slice(0, got.indexOf('\r\n')));
    });
    s.on('close', () => resolve(got));
    s.on('error', () => resolve(got));
    s.write('GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n');
  });
}

t.test('connections from one address are bounded; the others still get in', async (t) => {
  const { port } = await listening(t, { maxConnectionsPerIp: 3 });
  const held = await Promise.all([1, 2, 3].map(() => opened(port)));
  for (const s of held) t.equal(await healthz(s), 'HTTP/1.1 200 OK', 'kept alive');
  const fourth = await opened(port);
  t.equal(await healthz(fourth), '', 'the fourth is closed as it opens');
  held[0].destroy();
  await until(async () => (await healthz(await opened(port))) === 'HTTP/1.1 200 OK');
  for (const s of held) s.destroy();
  await until(async () => (await healthz(await opened(port))) === 'HTTP/1.1 200 OK');
  const metrics = await answerOf(httpRequest({ port, host: '127.0.0.1', path: '/metrics', agent: false }).end());
  t.match(metrics.body, /compose_review_intake_refused_total\{reason="connections-per-ip"\} [1-9]/);
});

t.test('connections in all are bounded (Node drops the next)', async (t) => {
  const { port } = await listening(t, { maxConnections: 2, maxConnectionsPerIp: 0 });
  const held = await Promise.all([1, 2].map(() => opened(port)));
  for (const s of held) t.equal(await healthz(s), 'HTTP/1.1 200 OK');
  t.equal(await healthz(await opened(port)), '', 'the third is dropped');
  for (const s of held) s.destroy();
});

t.test('behind a trusted proxy every socket comes from it: no per-address bound unless set', async (t) => {
  const { port } = await listening(t, { trustProxy: 1 });
  const held = await Promise.all(Array.from({ length: 260 }, () => opened(port)));
  t.equal(await healthz(held[259]), 'HTTP/1.1 200 OK', 'the 260th from one address is answered');
  for (const s of held) s.destroy();
});

t.test('an idle kept-alive socket is closed after the request timeout, not 72 s', async (t) => {
  const { port } = await listening(t, { requestTimeoutMs: 1000 });
  const s = await opened(port);
  t.equal(await healthz(s), 'HTTP/1.1 200 OK');
  const started = Date.now();
  await new Promise((r) => s.on('close', r));
  const idle = Date.now() - started;
  t.ok(idle >= 900 && idle < 5000, `closed after ${idle} ms idle`);
});

t.test('the settings: read from the environment, refused when not whole numbers', async (t) => {
  const defaults = loadConfig({});
  t.equal(defaults.bodyMemoryBytes, 32 * MB);
  t.equal(defaults.maxConnections, 2048);
  t.equal(defaults.maxConnectionsPerIp, undefined, 'auto: 256, or none behind a trusted proxy');
  const set = loadConfig({
    COMPOSE_REVIEW_BODY_MEMORY_MB: '8',
    COMPOSE_REVIEW_MAX_CONNECTIONS: '100',
    COMPOSE_REVIEW_MAX_CONNECTIONS_PER_IP: '0',
  });
  t.same([set.bodyMemoryBytes, set.maxConnections, set.maxConnectionsPerIp], [8 * MB, 100, 0]);
  t.throws(() => loadConfig({ COMPOSE_REVIEW_BODY_MEMORY_MB: '0' }), ConfigError);
  t.throws(() => loadConfig({ COMPOSE_REVIEW_MAX_CONNECTIONS: 'lots' }), ConfigError);
  t.throws(() => loadConfig({ COMPOSE_REVIEW_MAX_CONNECTIONS_PER_IP: '-1' }), ConfigError);
});

/** A raw request's whole answer (the connection closed after it). */
function exchange(port: number, text: string): Promise<{ status: string; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => s.write(text));
    let got = '';
    s.setEncoding('utf8');
    s.on('data', (c: string) => (got += c));
    s.on('error', reject);
    s.on('close', () => {
      const [head, ...rest] = got.split('\r\n\r\n');
      const [status, ...headers] = head.split('\r\n');
      resolve({ status, headers: headers.join('\n').toLowerCase(), body: rest.join('\r\n\r\n') });
    });
  });
}

t.test('request targets: absolute form routed by its path, others refused as problems', async (t) => {
  const { port } = await listening(t, { tokens: ['sekret-token-123456'], rateLimitPerMinute: 2 });
  // an exempt probe in absolute form needs no token and counts toward no budget (it was a 401 with
  // tokens set, and counted)
  for (let i = 0; i < 4; i++) {
    const r = await exchange(
      port,
      'GET http://example.test/healthz HTTP/1.1\r\nhost: example.test\r\nconnection: close\r\n\r\n',
    );
    t.equal(r.status, 'HTTP/1.1 200 OK', `probe ${i + 1} in absolute form`);
  }
  const star = await exchange(port, 'GET * HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n');
  t.equal(star.status, 'HTTP/1.1 400 Bad Request', 'GET * does not serve the page');
  t.match(star.headers, /content-type: application\/problem\+json/);
  t.match(JSON.parse(star.body), { status: 400, detail: /must be a path/ });
  const hostless = await exchange(port, 'GET /healthz HTTP/1.1\r\nconnection: close\r\n\r\n');
  t.equal(hostless.status, 'HTTP/1.1 400 Bad Request');
  t.match(hostless.headers, /content-type: application\/problem\+json/, 'a problem, not a bare 400');
  t.match(JSON.parse(hostless.body), { detail: /needs a Host header/ });
  const http10 = await exchange(port, 'GET /healthz HTTP/1.0\r\n\r\n');
  t.equal(http10.status, 'HTTP/1.1 200 OK', 'HTTP/1.0 needs no Host');
});

t.test('a static file that is not there is a 404, not a 405 naming the method it takes', async (t) => {
  const { port } = await listening(t, {});
  const r = await exchange(port, 'GET /docs/static/no-such-file.js HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n');
  t.equal(r.status, 'HTTP/1.1 404 Not Found');
  t.notMatch(r.headers, /^allow:/m);
  const nul = await exchange(port, 'GET /docs/static/%00 HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n');
  t.match(
    JSON.parse(nul.body),
    { title: /^(Bad Request|Forbidden|Not Found)$/ },
    'a status with its title, not "Error"',
  );
  const put = await exchange(
    port,
    'PUT /docs/static/x.js HTTP/1.1\r\nhost: x\r\ncontent-length: 0\r\nconnection: close\r\n\r\n',
  );
  t.equal(put.status, 'HTTP/1.1 405 Method Not Allowed', 'a method the route does not take is still a 405');
});

t.test('a multipart boundary over 70 characters (RFC 2046) is refused in our words', async (t) => {
  const { port } = await listening(t, {});
  const boundary = 'b'.repeat(300);
  const body = `--${boundary}\r\ncontent-disposition: form-data; name="compose.yaml"; filename="compose.yaml"\r\n\r\n${compose}\r\n--${boundary}--\r\n`;
  const r = await post(port, '/v1/validate', `multipart/form-data; boundary=${boundary}`, body);
  t.equal(r.status, 400);
  t.match(JSON.parse(r.body), { detail: 'the multipart boundary is 300 characters long: RFC 2046 allows 1 to 70' });
  t.notMatch(r.body, /needle/);
  const ok = 'c'.repeat(70);
  const fine = `--${ok}\r\ncontent-disposition: form-data; name="compose.yaml"; filename="compose.yaml"\r\n\r\n${compose}\r\n--${ok}--\r\n`;
  t.equal((await post(port, '/v1/validate', `multipart/form-data; boundary="${ok}"`, fine)).status, 200);
});

// What a review of the intake found (review17): a pipelined request's bytes were never given back,
// the second archive of a failed pair inflated uncounted, one client could hold the whole budget with
// two stalled bodies, a stalled body got no 408, two Host lines were taken.
t.test("a client holds at most half the budget (unless alone); a released holder's bytes stop", async (t) => {
  const budget = new BodyBudget(100);
  const a1 = budget.holder('a');
  a1.take(45);
  const a2 = budget.holder('a');
  t.throws(() => a2.take(10), { statusCode: 503, message: /this client's request bodies/ }, "past a's half");
  const b = budget.holder('b');
  b.take(50); // b's half, and the budget
  t.throws(() => b.take(1), { statusCode: 503 });
  a1.release();
  b.release();
  const alone = budget.holder('a');
  alone.take(80); // alone: past the half and the budget too
  alone.release();
  t.throws(() => alone.take(1), { message: /the request is over/ }, 'a reader of a request that is over stops');
  t.ok(new RequestOver() instanceof Error);
  t.equal(budget.inUse, 0);
});

t.test('a pipelined request whose connection closes gives its bytes back', async (t) => {
  const { port } = await listening(t, {});
  const slow = JSON.stringify({ files: generatedProject(600) });
  const second = jsonOf(1_000_000);
  const s = await opened(port);
  s.write(
    `POST /v1/review HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(slow)}\r\n\r\n${slow}` +
      `POST /v1/validate HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${second.length}\r\n\r\n${second}`,
  );
  await until(async () => (await heldBytes(port)) >= 1_000_000);
  s.destroy();
  await until(async () => (await heldBytes(port)) === 0);
  t.equal(await heldBytes(port), 0, 'nothing held once the socket is gone');
});

t.test("a failed archive of a pair stops the other's inflation", async (t) => {
  const bomb = gzipSync(tarOf({ 'compose.yaml': `# ${'x'.repeat(12 * MB)}\n${compose}` }));
  const broken = Buffer.concat([gzipSync(Buffer.alloc(10)).subarray(0, 10), Buffer.from('not gzip at all')]);
  const { body, contentType } = await multipartOfBuffers({ base: broken, head: bomb });
  let counted = 0;
  await t.rejects(
    bundleFromMultipart({ 'content-type': contentType }, body, undefined, (n) => void (counted += n)),
    { message: /the "base" archive/ },
  );
  await new Promise((r) => setTimeout(r, 200)); // what the other's inflation would still do
  t.ok(counted < 2 * MB, `the head archive stopped after ${counted} bytes, not 12 MB`);
});

t.test('two Host lines, and a body that stops arriving, are answered as problems', async (t) => {
  const { port } = await listening(t, { requestTimeoutMs: 1000 });
  const two = await exchange(port, 'GET /healthz HTTP/1.1\r\nhost: a\r\nhost: b\r\nconnection: close\r\n\r\n');
  t.equal(two.status, 'HTTP/1.1 400 Bad Request');
  t.match(JSON.parse(two.body), { detail: /2 Host headers: one is allowed/ });
  const stalled = await exchange(
    port,
    'POST /v1/validate HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 200\r\n\r\n{"files":',
  );
  t.equal(stalled.status, 'HTTP/1.1 408 Request Timeout', 'the socket is not closed before the 408');
  t.match(stalled.headers, /content-type: application\/problem\+json/);
  const bad = await exchange(port, 'GET http://x:99999/healthz HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n');
  t.equal(bad.status, 'HTTP/1.1 400 Bad Request');
  t.match(JSON.parse(bad.body), { detail: 'the request target is not a valid path or absolute http(s) URL' });
});
