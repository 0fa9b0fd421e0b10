// Every admitted request is answered, however long the queue takes to drain (src/api/plugins/work.ts,
// src/api/pool.ts). Ten reviews each past the deadline, default settings: every kill made the next task
// wait for a replacement worker to start, the waves of 422s came 7.5 s apart instead of 5, and the last two
// requests were closed by the socket's idle timeout (fastify's connectionTimeout, 32 s) with no answer at
// all, then computed for nobody. The shutdown rule now counts a replacement's start-up, and no socket
// timer runs while a request waits for a worker or computes.
// The service's own drain at SIGTERM, in a process of its own, is in pool-drain-sigterm.test.ts: split
// from this file, npm test's longest (up to 165 s), so that the two run beside each other.
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { buildApp } from '../src/api/app.js';
import { generatedProject } from '../bench/generate.js';
import { keepWorkers } from './helpers/workers.js';

// the subtests' apps of one worker share its thread, started once (a deadline's kill replaces it)
await keepWorkers(t);

t.test('requests queued behind tasks stopped at their deadline are all answered, not cut by the idle timeout', async (t) => {
  // the socket's idle timeout: 1,000 ms + 2 × 100 ms; three tasks past a 300 ms deadline on one worker,
  // each kill followed by a replacement's start-up (1.4 to 2.5 s measured): the third answers seconds later
  const app = buildApp({ rateLimitPerMinute: 0, workers: 1, queueLimit: 2, workTimeoutMs: 300, requestTimeoutMs: 1000 });
  t.teardown(() => app.close());
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const body = JSON.stringify({ files: generatedProject(2500) });
  const post = () =>
    new Promise<number | string>((resolve) => {
      const req = request({ port, host: '127.0.0.1', method: 'POST', path: '/v1/review', agent: false });
      req.setHeader('content-type', 'application/json');
      req.on('response', (res) => (res.resume(), res.on('end', () => resolve(res.statusCode ?? 0))));
      req.on('error', (e) => resolve(e.message));
      req.end(body);
    });
  const started = Date.now();
  const answers = await Promise.all([post(), post(), post()]);
  t.same(answers, [422, 422, 422], 'each answered with the deadline problem');
  t.ok(Date.now() - started > 1200, 'after the idle timeout would have closed the last ones');
});

t.test('Retry-After counts the tasks stopped at the deadline (their cost: the deadline and a start-up)', async (t) => {
  const app = buildApp({ rateLimitPerMinute: 0, workers: 1, queueLimit: 2, workTimeoutMs: 300 });
  t.teardown(() => app.close());
  const payload = { files: generatedProject(2500) };
  const post = () => app.inject({ method: 'POST', url: '/v1/review', payload });
  t.equal((await post()).statusCode, 422, 'one stopped at the deadline');
  // one computing, two waiting: the next is refused; the queue needs about 3 × (0.3 + 3) s to drain
  const admitted = [post(), post(), post()];
  let refused;
  for (let i = 0; i < 200 && !refused; i++) {
    await new Promise((r) => setTimeout(r, 25));
    const r = await post();
    if (r.statusCode === 503) refused = r;
    else admitted.push(Promise.resolve(r));
  }
  t.equal(refused?.statusCode, 503);
  t.ok(Number(refused?.headers['retry-after']) >= 9, `Retry-After ${refused?.headers['retry-after']}, not 1`);
  await Promise.all(admitted);
});

t.test('/readyz is 503 only when a new client would be refused, not while the fair queue still admits one', async (t) => {
  const [a, b] = ['token-of-client-a-123456', 'token-of-client-b-123456'];
  const app = buildApp({ rateLimitPerMinute: 0, workers: 1, queueLimit: 2, workTimeoutMs: 60_000, tokens: [a, b] });
  t.teardown(() => app.close());
  const post = (token: string, payload: object) =>
    app.inject({ method: 'POST', url: '/v1/review', payload, headers: { authorization: `Bearer ${token}` } });
  const gauge = async (name: string) =>
    Number(new RegExp(`^${name} (\\d+)$`, 'm').exec((await app.inject({ url: '/metrics' })).body)?.[1] ?? 0);
  const until = async (n: number) => {
    for (let i = 0; i < 400; i++) {
      if ((await gauge('compose_review_work_in_progress')) + (await gauge('compose_review_work_queue_length')) === n) return;
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  const long = { files: generatedProject(2500) };
  // what waits is small: a place in the queue is one task whatever its size, and each waiting one is
  // computed to the end after the first (of 2,500 services, about 3.5 s of CPU each)
  const small = { files: generatedProject(3) };
  // client A alone fills the pool: one computing, two waiting
  const inFlight = [post(a, long)];
  await until(1);
  inFlight.push(post(a, small), post(a, small));
  await until(3);
  t.equal((await app.inject({ url: '/readyz' })).statusCode, 200, 'another client would still be admitted');
  // B takes the place of A's newest: now one waits for each, and a third client would be refused
  const displaced0 = await gauge('compose_review_work_displaced_total');
  inFlight.push(post(b, small));
  for (let i = 0; i < 400 && (await gauge('compose_review_work_displaced_total')) === displaced0; i++)
    await new Promise((r) => setTimeout(r, 25));
  const ready = await app.inject({ url: '/readyz' });
  t.equal(ready.statusCode, 503, 'a new client would be refused');
  t.match(ready.headers['retry-after'], /^[1-9]\d*$/);
  const statuses = (await Promise.all(inFlight)).map((r) => r.statusCode).sort();
  t.same(statuses, [200, 200, 200, 503], "A's newest gave its place");
});

t.test('a request whose client left is logged and counted with status 499', async (t) => {
  const lines: string[] = [];
  const app = buildApp({
    rateLimitPerMinute: 0,
    workers: 1,
    queueLimit: 4,
    workTimeoutMs: 60_000,
    logger: { level: 'info', stream: { write: (l: string) => void lines.push(l) } },
  });
  t.teardown(() => app.close());
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const post = (payload: object, id: string) => {
    const req = request({ port, host: '127.0.0.1', method: 'POST', path: '/v1/review', agent: false });
    req.setHeader('content-type', 'application/json');
    req.setHeader('x-request-id', id);
    const answered = new Promise<number>((resolve) => {
      req.on('response', (res) => (res.resume(), res.on('end', () => resolve(res.statusCode ?? 0))));
      req.on('error', () => resolve(0));
    });
    req.end(JSON.stringify(payload));
    return { req, answered };
  };
  const log = () => lines.map((l) => JSON.parse(l));
  const computing = post({ files: generatedProject(2500) }, 'computing-1');
  // the small one is sent once the large one computes: sent together, the small body, read first,
  // could take the one worker and be answered before its client leaves
  const inProgress = async () =>
    Number(/^compose_review_work_in_progress (\d+)$/m.exec((await app.inject({ url: '/metrics' })).body)?.[1] ?? 0);
  for (let i = 0; i < 400 && (await inProgress()) === 0; i++) await new Promise((r) => setTimeout(r, 25));
  const leaving = post({ files: generatedProject(3) }, 'leaving-1');
  for (let i = 0; i < 400 && !log().some((l) => l.reqId === 'leaving-1' && l.msg === 'incoming request'); i++)
    await new Promise((r) => setTimeout(r, 25));
  await new Promise((r) => setTimeout(r, 300));
  leaving.req.destroy();
  t.equal(await computing.answered, 200);
  t.equal(await leaving.answered, 0);
  for (let i = 0; i < 100 && !log().some((l) => l.reqId === 'leaving-1' && l.msg === 'request completed'); i++)
    await new Promise((r) => setTimeout(r, 25));
  t.match(
    log().filter((l) => l.reqId === 'leaving-1' && l.msg === 'request completed'),
    [{ res: { statusCode: 499 }, clientGone: true }],
    'logged once, 499',
  );
  t.match((await app.inject({ url: '/metrics' })).body, /^http_requests_total\{method="POST",route="\/v1\/review",status="499"\} [1-9]/m);
});

t.test('Retry-After before any task has ended counts the computing ones at their time so far', async (t) => {
  const app = buildApp({ rateLimitPerMinute: 0, workers: 1, queueLimit: 2, workTimeoutMs: 60_000 });
  t.teardown(() => app.close());
  // the same 2,500 services in 8 environments: computes for several seconds, within every budget
  const files = generatedProject(2500);
  const environments = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`e${i}`, { files: Object.keys(files) }]));
  // the tasks after the first are small: a waiting task has no time so far, whatever its size, and
  // each is computed to the end after the first (this payload's: about 9.5 s of CPU each)
  const small = { files: generatedProject(3) };
  const post = (payload: object) => app.inject({ method: 'POST', url: '/v1/review', payload });
  const gauge = async (name: string) =>
    Number(new RegExp(`^${name} (\\d+)$`, 'm').exec((await app.inject({ url: '/metrics' })).body)?.[1] ?? 0);
  const admitted = [post({ files, environments })];
  for (let i = 0; i < 400 && (await gauge('compose_review_work_in_progress')) === 0; i++)
    await new Promise((r) => setTimeout(r, 25));
  admitted.push(post(small), post(small));
  // the first has computed 2.5 s: three in the pool, at least 7.5 s
  await new Promise((r) => setTimeout(r, 2500));
  const refused = await post(small);
  t.equal(refused.statusCode, 503, `${await gauge('compose_review_work_in_progress')} computing, ${refused.body.slice(0, 200)}`);
  t.ok(Number(refused.headers['retry-after']) >= 7, `Retry-After ${refused.headers['retry-after']}, not 1`);
  await Promise.all(admitted);
});
