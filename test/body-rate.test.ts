// A minimum request body data rate (src/api/plugins/body-rate.ts), as ASP.NET Kestrel's
// MinRequestBodyDataRate (240 bytes/s after a 5 s grace) and nginx's client_body_timeout enforce one:
// before it, bodies trickling a few bytes a second held their bytes of the body memory budget (and
// their connections) for the whole request timeout, 30 s, and a few such clients held it for everyone.
// Real sockets trickling real bytes; the window (5 s by default) is shortened to keep the tests short.
import { connect } from 'node:net';
import { request as httpRequest } from 'node:http';
import t, { type Test } from 'tap';
import { buildApp } from '../src/api/app.js';
import { ConfigError, loadConfig } from '../src/api/config.js';
import { BodyRate } from '../src/api/plugins/body-rate.js';
import { TEST_WORKERS } from './helpers/workers.js';

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
  return typeof address === 'object' && address ? address.port : 0;
}

async function metricsText(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    httpRequest({ port, host: '127.0.0.1', path: '/metrics', agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve(body));
    })
      .on('error', reject)
      .end();
  });
}

const heldBytes = async (port: number) =>
  Number(/^compose_review_body_memory_bytes (\d+)/m.exec(await metricsText(port))?.[1]);

async function until(f: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await f())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

interface Exchange {
  status: string;
  headers: string;
  body: string;
  /** ms from the first byte sent to the answer's connection closing */
  ms: number;
}

/**
 * A POST on a raw socket: `head` of its body at once, then `every` ms `piece` more bytes of the body
 * until it is whole (or the server closes the connection). The socket is never ended by the client.
 */
function trickle(
  port: number,
  body: string,
  head: number,
  piece: number,
  every: number,
): { answer: Promise<Exchange>; sent: () => number } {
  let sent = 0;
  const answer = new Promise<Exchange>((resolve, reject) => {
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const s = connect(port, '127.0.0.1', () => {
      s.write(
        `POST /v1/validate HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\nconnection: close\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n`,
      );
      s.write(body.slice(0, head));
      sent = head;
      timer = setInterval(() => {
        if (sent >= body.length || s.destroyed || !s.writable) return clearInterval(timer);
        s.write(body.slice(sent, sent + piece));
        sent += piece;
      }, every);
    });
    let got = '';
    s.setEncoding('utf8');
    s.on('data', (c: string) => (got += c));
    s.on('error', () => {}); // a write after the server closed: the answer is what counts
    s.on('close', () => {
      clearInterval(timer);
      const [top, ...rest] = got.split('\r\n\r\n');
      const [status, ...headers] = top.split('\r\n');
      if (!status) return reject(new Error('closed without an answer'));
      resolve({
        status,
        headers: headers.join('\n').toLowerCase(),
        body: rest.join('\r\n\r\n'),
        ms: Date.now() - started,
      });
    });
  });
  return { answer, sent: () => sent };
}

const compose = 'services:\n  web:\n    image: nginx:1.27\n';
/** a JSON bundle of about `n` bytes: the compose file, and a comment to pad it */
const jsonOf = (n: number) => JSON.stringify({ files: { 'compose.yaml': `# ${'x'.repeat(n)}\n${compose}` } });

t.test('a body arriving below the rate after a burst is cut with a 408, its bytes given back at once', async (t) => {
  const port = await listening(t, { bodyMemoryBytes: 2 ** 20, minBodyRate: 1000, bodyRateWindowMs: 1000 });
  // 400 KB at once, then 10 bytes every 200 ms: 50 bytes a second
  const stalled = trickle(port, jsonOf(1_000_000), 400_000, 10, 200);
  await until(async () => (await heldBytes(port)) >= 400_000);
  const answer = await stalled.answer;
  t.equal(answer.status, 'HTTP/1.1 408 Request Timeout');
  t.match(answer.headers, /^connection: close$/m, 'the rest of its body is not waited for');
  t.match(answer.headers, /content-type: application\/problem\+json/);
  t.match(JSON.parse(answer.body), {
    status: 408,
    detail: /^the request body arrived slower than 1000 bytes a second: \d+ bytes in the last 1 s$/,
  });
  // the burst's window passes, then the next one brings 50 bytes: cut within a window and a sweep of it
  t.ok(answer.ms >= 1000 && answer.ms < 5000, `cut after ${answer.ms} ms, not the request timeout (30 s)`);
  t.equal(await heldBytes(port), 0, 'nothing held');
  t.match(await metricsText(port), /compose_review_intake_refused_total\{reason="body-rate"\} [1-9]/);
});

t.test('bodies above the rate are never cut, however slow; the request timeout still bounds them', async (t) => {
  const port = await listening(t, { minBodyRate: 1000, bodyRateWindowMs: 1000 });
  // 5,000 bytes a second, five times the rate, for about 4 windows; beside it one at 100 bytes a second
  const honest = trickle(port, jsonOf(20_000), 0, 500, 100);
  const slow = trickle(port, jsonOf(20_000), 0, 20, 200);
  const [ok, cut] = await Promise.all([honest.answer, slow.answer]);
  t.equal(ok.status, 'HTTP/1.1 200 OK', `the honest body is answered (${ok.ms} ms)`);
  t.ok(ok.ms >= 3000, 'it took several windows to arrive');
  t.equal(cut.status, 'HTTP/1.1 408 Request Timeout', 'the one below the rate is cut');
  t.match(JSON.parse(cut.body), { detail: /slower than 1000 bytes a second/ });

  const timed = await listening(t, { minBodyRate: 1000, bodyRateWindowMs: 1000, requestTimeoutMs: 2000 });
  const long = await trickle(timed, jsonOf(100_000), 0, 500, 100).answer;
  t.equal(long.status, 'HTTP/1.1 408 Request Timeout', 'a body above the rate but past the request timeout');
  t.match(JSON.parse(long.body), { detail: 'the request was not received within 2000 ms' });
});

t.test('a rate of 0 turns the minimum off: a stalled body waits for the request timeout', async (t) => {
  const port = await listening(t, { minBodyRate: 0, bodyRateWindowMs: 500, requestTimeoutMs: 2500 });
  const stalled = await trickle(port, jsonOf(10_000), 100, 1, 1000).answer;
  t.equal(stalled.status, 'HTTP/1.1 408 Request Timeout');
  t.match(JSON.parse(stalled.body), { detail: 'the request was not received within 2500 ms' });
  t.ok(stalled.ms >= 2400, `after ${stalled.ms} ms`);
});

t.test('a watch sweeps only while a body arrives, and stops with it', async (t) => {
  const rate = new BodyRate(100, 100);
  const cuts: string[] = [];
  const slow = rate.watch((e) => cuts.push(e.message));
  const fast = rate.watch(() => cuts.push('fast was cut'));
  t.equal(rate.watched, 2);
  const feed = setInterval(() => fast.arrived(10), 20);
  await new Promise((r) => setTimeout(r, 400));
  clearInterval(feed);
  t.same(cuts, ['the request body arrived slower than 100 bytes a second: 0 bytes in the last 0.1 s']);
  slow.stop(); // after its cut: nothing
  fast.stop();
  fast.stop();
  t.equal(rate.watched, 0);
  t.equal(new BodyRate(0).watch(() => {}).arrived(1), undefined, 'no minimum: nothing watched');
});

t.test('the setting: COMPOSE_REVIEW_MIN_BODY_RATE, 240 bytes a second by default (Kestrel), 0 for none', async (t) => {
  t.equal(loadConfig({}).minBodyRate, 240);
  t.equal(loadConfig({ COMPOSE_REVIEW_MIN_BODY_RATE: '0' }).minBodyRate, 0);
  t.equal(loadConfig({ COMPOSE_REVIEW_MIN_BODY_RATE: '1024' }).minBodyRate, 1024);
  t.throws(() => loadConfig({ COMPOSE_REVIEW_MIN_BODY_RATE: 'slow' }), ConfigError);
});

t.test('the API description lists the 408 of every route that takes a body', async (t) => {
  const app = buildApp({ workers: TEST_WORKERS });
  t.teardown(() => app.close());
  const doc = JSON.parse((await app.inject({ url: '/openapi.json' })).body) as {
    paths: Record<string, Record<string, { responses: Record<string, { description: string }> }>>;
  };
  t.match(doc.paths['/v1/validate'].post.responses['408'], { description: /slower than the minimum rate/ });
  t.notOk(doc.paths['/healthz'].get.responses['408'], 'a route without a body: none');
});
