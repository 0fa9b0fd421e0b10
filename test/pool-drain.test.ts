// Every admitted request is answered, however long the queue takes to drain (src/api/plugins/work.ts,
// src/api/pool.ts). Ten reviews each past the deadline, default settings: every kill made the next task
// wait for a replacement worker to start, the waves of 422s came 7.5 s apart instead of 5, and the last two
// requests were closed by the socket's idle timeout (fastify's connectionTimeout, 32 s) with no answer at
// all, then computed for nobody. The shutdown rule now counts a replacement's start-up, and no socket
// timer runs while a request waits for a worker or computes.
import { spawnSync } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { connect, type AddressInfo } from 'node:net';
import t from 'tap';
import { buildApp } from '../src/api/app.js';
import { poolShape, QUEUE_PER_WORKER, shutdownRuleViolation, WORKER_START_MS } from '../src/api/shape.js';
import { DEFAULT_CONFIG } from '../src/api/config.js';
import { generatedProject } from '../bench/generate.js';
import { startService } from './helpers/serve.js';
import { TS_NODE_ARGS } from './helpers/ts-child.js';
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

t.test("the shutdown rule counts a replacement worker's start-up; the defaults satisfy it", async (t) => {
  const one = poolShape({ cpus: 1 }, { workers: 0, queueLimit: 0, workTimeoutMs: DEFAULT_CONFIG.workTimeoutMs, workerHeapMb: 0 });
  t.equal(one.queueLimit, QUEUE_PER_WORKER);
  t.equal(shutdownRuleViolation(one, DEFAULT_CONFIG.shutdownTimeoutMs, DEFAULT_CONFIG.requestTimeoutMs), undefined);
  const two = poolShape({ cpus: 2 }, { workers: 0, queueLimit: 0, workTimeoutMs: DEFAULT_CONFIG.workTimeoutMs, workerHeapMb: 0 });
  t.equal(shutdownRuleViolation(two, DEFAULT_CONFIG.shutdownTimeoutMs, DEFAULT_CONFIG.requestTimeoutMs), undefined);
  // the attack's: 1 worker, deadline 4 s, queue 5: (5 + 1) × 4 s = 24 s was accepted; with the start-ups, 42 s
  const attack = { workers: 1, queueLimit: 5, workTimeoutMs: 4000, heapMb: 88 };
  t.match(shutdownRuleViolation(attack, 25_000), /plus 3000 ms for a worker stopped at its deadline to be replaced, drains in up to 42000 ms, more than COMPOSE_REVIEW_SHUTDOWN_TIMEOUT_MS \(25000\)/);
  t.equal(WORKER_START_MS, 3000);
  // the former default queue of 4 a worker no longer fits: (4 + 1) × (5 + 3) s
  t.match(shutdownRuleViolation({ ...one, queueLimit: 4 }, 25_000), /drains in up to 40000 ms/);
});

t.test('SIGTERM with tasks past the deadline queued: the rule refuses what cannot drain; what it admits drains, exit 0', { timeout: 120_000 }, async (t) => {
  // the attack's: 1 worker, deadline 4 s, queue 5, shutdown 25 s was accepted, and the sixth of six reviews
  // past the deadline got no answer, exit 1
  const refused = spawnSync(process.execPath, [...TS_NODE_ARGS, 'src/cli/main.ts', 'serve'], {
    cwd: join(import.meta.dirname, '..'),
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      COMPOSE_REVIEW_WORKERS: '1',
      COMPOSE_REVIEW_WORK_TIMEOUT_MS: '4000',
      COMPOSE_REVIEW_QUEUE_LIMIT: '5',
    },
    encoding: 'utf8',
    timeout: 60_000,
  });
  t.not(refused.status, 0, 'refused at start');
  t.match(refused.stderr, /drains in up to 42000 ms, more than COMPOSE_REVIEW_SHUTDOWN_TIMEOUT_MS \(25000\)/);
  // what the rule admits: 1 worker, deadline 1 s, queue 2: (2 + 1) × (1 + 3) s = 12 s
  const { child, exited, output, request: ask } = await startService({
    COMPOSE_REVIEW_RATE_LIMIT: '0',
    COMPOSE_REVIEW_WORKERS: '1',
    COMPOSE_REVIEW_QUEUE_LIMIT: '2',
    COMPOSE_REVIEW_WORK_TIMEOUT_MS: '1000',
    COMPOSE_REVIEW_SHUTDOWN_TIMEOUT_MS: '12000',
  });
  t.teardown(() => void child.kill('SIGKILL'));
  const body = JSON.stringify({ files: generatedProject(5000) });
  const answers = Array.from({ length: 3 }, () => ask('/v1/review', body));
  for (let i = 0; i < 600; i++) {
    const m = (await ask('/metrics')).body;
    const n = (name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(m)?.[1] ?? 0);
    if (n('compose_review_work_in_progress') + n('compose_review_work_queue_length') === 3) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGTERM');
  t.same((await Promise.all(answers)).map((a) => a.status), [422, 422, 422], 'each answered');
  t.equal(await exited, 0, output().slice(-2000));
});

t.test('a second SIGTERM during the drain is logged, and cuts nothing', { timeout: 120_000 }, async (t) => {
  const { child, exited, output, request: ask } = await startService({
    COMPOSE_REVIEW_RATE_LIMIT: '0',
    COMPOSE_REVIEW_WORKERS: '1',
    COMPOSE_REVIEW_WORK_TIMEOUT_MS: '60000',
    COMPOSE_REVIEW_SHUTDOWN_TIMEOUT_MS: '200000',
    COMPOSE_REVIEW_REQUEST_TIMEOUT_MS: '200000',
  });
  t.teardown(() => void child.kill('SIGKILL'));
  const inPool = async (count: number) => {
    for (let i = 0; i < 600; i++) {
      const m = (await ask('/metrics')).body;
      const n = (name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(m)?.[1] ?? 0);
      if (n('compose_review_work_in_progress') + n('compose_review_work_queue_length') === count) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  // one computing for seconds, two small ones waiting behind it (three of 1,000 services, each computed
  // to the end, cost about 3 x 3 s of CPU for the same drain): a second SIGTERM that cut the drain would
  // cut the first one's computation and leave the waiting ones unanswered
  const answers = [ask('/v1/review', JSON.stringify({ files: generatedProject(1000) }))];
  await inPool(1);
  const small = JSON.stringify({ files: generatedProject(3) });
  answers.push(ask('/v1/review', small), ask('/v1/review', small));
  await inPool(3);
  child.kill('SIGTERM');
  // the second once the first is being handled (the drain has begun), not after a fixed pause
  for (let i = 0; i < 1000 && !/shutting down: not ready/.test(output()); i++)
    await new Promise((r) => setTimeout(r, 10));
  child.kill('SIGTERM');
  t.same((await Promise.all(answers)).map((a) => a.status), [200, 200, 200], 'each answered');
  t.equal(await exited, 0, output().slice(-2000));
  t.match(output(), /already shutting down: the signal is ignored/);
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

t.test('SIGTERM while a body still arrives: a 503 with Retry-After and Connection: close, then exit 0', { timeout: 120_000 }, async (t) => {
  // the defaults, one worker: the request timeout (30 s) gave a 1 KB/s upload longer than the shutdown
  // timeout (25 s): a reset at 25.8 s and exit 1. The drain needs (2 + 1) × (5 + 3) = 24 s: the body is
  // awaited for the 1 s left
  const { child, exited, output, port } = await startService({ COMPOSE_REVIEW_RATE_LIMIT: '0', COMPOSE_REVIEW_WORKERS: '1' });
  t.teardown(() => void child.kill('SIGKILL'));
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => {});
  let answer = '';
  socket.on('data', (c: Buffer) => (answer += c.toString()));
  const ended = new Promise<void>((r) => socket.once('close', () => r()));
  const body = JSON.stringify({ files: { 'compose.yaml': `# ${'x'.repeat(30_000)}\nservices:\n  web:\n    image: nginx\n` } });
  socket.write(`POST /v1/validate HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n`);
  let at = 0;
  const trickle = setInterval(() => {
    socket.write(body.slice(at, at + 100));
    at += 100;
  }, 100);
  t.teardown(() => clearInterval(trickle));
  await new Promise((r) => setTimeout(r, 1000));
  const sent = Date.now();
  child.kill('SIGTERM');
  await ended;
  clearInterval(trickle);
  t.match(answer, /^HTTP\/1\.1 503 /);
  t.match(answer, /\r\nretry-after: 1\r\n/i);
  t.match(answer, /\r\nconnection: close\r\n/i);
  t.match(answer, /the service is shutting down/);
  t.equal(await exited, 0, output().slice(-2000));
  t.ok(Date.now() - sent < 15_000, `exit after ${Date.now() - sent} ms`);
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
