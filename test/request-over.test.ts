// What a request holds is given back when its socket closes, a pipelined request's too
// (src/api/over.ts): its response, queued behind another's on the socket, has no socket yet and never
// closes when the client goes (Node 20 lib/_http_server.js socketOnClose aborts only the requests).
// A pipelined task waiting for a worker was computed for nobody, holding its place in the queue, and
// a pipelined answer computed before the one ahead of it was sent kept its worker's answer slot for
// good (src/api/slot.ts: every later answer of that worker was then moved, not sent from the slot).
// And a client gone while its archive inflated stopped the inflation (its bytes given back) with an
// error the service logged as its own failure, a 500.
import { connect, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import t, { type Test } from 'tap';
import { buildApp } from '../src/api/app.js';
import { answerSlots } from '../src/api/slot.js';
import { generatedProject } from '../bench/generate.js';
import { tarOf } from './helpers/tar.js';

async function listening(t: Test, workers: number, options: Parameters<typeof buildApp>[0] = {}) {
  const app = buildApp({ workers, rateLimitPerMinute: 0, ...options });
  t.teardown(async () => {
    const keep = setInterval(() => {}, 100);
    await app.close();
    clearInterval(keep);
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  return { app, port: typeof address === 'object' && address ? address.port : 0 };
}

async function until(f: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await f())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const opened = (port: number) =>
  new Promise<Socket>((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => resolve(s));
    s.on('error', reject);
  });

const post = (path: string, body: string) =>
  `POST ${path} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

const slow = JSON.stringify({ files: generatedProject(600) });
const small = JSON.stringify({ files: { 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n' } });

t.test('pipelined tasks waiting for a worker are dropped when their socket closes', async (t) => {
  // one computing and three waiting: more than the default queue of 2 a worker
  const { app, port } = await listening(t, 1, { queueLimit: 4 });
  const metric = async (name: string) =>
    Number(new RegExp(`^${name} (\\d+)`, 'm').exec((await app.inject({ url: '/metrics' })).body)?.[1] ?? 0);
  const abandonedBefore = await metric('compose_review_work_abandoned_total');
  // the worker busy with another client's review
  const other = await opened(port);
  other.on('error', () => {});
  other.write(post('/v1/review', slow));
  await until(() => app.work.queued + app.work.running === 1);
  // three pipelined requests behind it: the first one's response has the socket, the others wait for it
  const s = await opened(port);
  s.on('error', () => {});
  s.write(post('/v1/validate', small) + post('/v1/validate', small) + post('/v1/validate', small));
  await until(() => app.work.queued + app.work.running === 4);
  s.destroy();
  await until(async () => (await metric('compose_review_work_abandoned_total')) - abandonedBefore === 3, 3000).catch(
    () => {},
  );
  t.equal((await metric('compose_review_work_abandoned_total')) - abandonedBefore, 3, 'all three dropped');
  t.equal(app.work.queued + app.work.running, 1, 'only the review left in the pool');
  other.destroy();
});

t.test("a pipelined answer computed before the one ahead of it is sent gives the worker's slot back", async (t) => {
  const { app, port } = await listening(t, 2);
  const done = async () =>
    Number(
      /^compose_review_work_duration_seconds_count\{question="validate"\} (\d+)/m.exec(
        (await app.inject({ url: '/metrics' })).body,
      )?.[1] ?? 0,
    );
  const before = await done();
  const s = await opened(port);
  s.on('error', () => {});
  // the review computes on one worker while the validation, pipelined behind it, is answered by the other
  s.write(post('/v1/review', slow) + post('/v1/validate', small));
  await until(async () => (await done()) > before);
  t.equal(answerSlots().filter((x) => x.held).length, 1, 'the validation holds its answer slot, waiting to be sent');
  s.destroy();
  await until(() => answerSlots().every((x) => !x.held), 3000).catch(() => {});
  t.same(
    answerSlots().filter((x) => x.held),
    [],
    'given back once the socket is gone',
  );
  await until(() => app.work.queued + app.work.running === 0);
});

t.test('one close listener a socket, however many requests it pipelines', async (t) => {
  const { port } = await listening(t, 1);
  const warnings: Error[] = [];
  const warned = (w: Error) => warnings.push(w);
  process.on('warning', warned);
  t.teardown(() => void process.off('warning', warned));
  const s = await opened(port);
  let got = '';
  s.setEncoding('utf8');
  s.on('data', (c: string) => (got += c));
  s.write(post('/v1/validate', small).repeat(30));
  await until(() => (got.match(/HTTP\/1\.1 \d{3} /g) ?? []).length === 30); // answered, or 503 past the queue
  s.destroy();
  await new Promise((r) => setImmediate(r));
  t.same(
    warnings.map((w) => w.message),
    [],
    'no MaxListenersExceededWarning',
  );
});

t.test('a client gone while its archive inflates is no failure of the service (no 500 logged)', async (t) => {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const { app, port } = await listening(t, 1, { logger: { level: 'info', stream } });
  // 16 MiB of comment in 16 KB: the inflation outlasts the client
  const tgz = gzipSync(tarOf({ 'compose.yaml': `# ${'x'.repeat(16 * 2 ** 20)}\nservices: {}\n` }));
  for (const after of [0, 5, 20]) {
    const s = await opened(port);
    s.on('error', () => {});
    s.write(
      `POST /v1/validate HTTP/1.1\r\nhost: x\r\ncontent-type: application/gzip\r\ncontent-length: ${tgz.length}\r\n\r\n`,
    );
    s.write(tgz);
    await new Promise((r) => setTimeout(r, after));
    s.destroy();
  }
  const held = async () =>
    Number(/^compose_review_body_memory_bytes (\d+)/m.exec((await app.inject({ url: '/metrics' })).body)?.[1]);
  const posted = () => lines.filter((l) => l.includes('"url":"/v1/validate"')).length;
  await until(async () => posted() === 3 && (await held()) === 0);
  await new Promise((r) => setTimeout(r, 300)); // the inflations stop at their next piece
  t.same(
    lines.filter((l) => l.includes('request failed')),
    [],
    'no error logged',
  );
});
