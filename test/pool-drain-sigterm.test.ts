// Every admitted request is answered at SIGTERM, however long the queue takes to drain (src/api/server.ts,
// src/api/shape.ts): the shutdown rule counts a replacement worker's start-up, a second SIGTERM cuts
// nothing, a body still arriving gets a 503. Each subtest starts the service in a process of its own;
// the pool's drain within one process is in pool-drain.test.ts (split from it: run beside each other,
// the two files take half the time the one took).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { connect } from 'node:net';
import t from 'tap';
import { poolShape, QUEUE_PER_WORKER, shutdownRuleViolation, WORKER_START_MS } from '../src/api/shape.js';
import { DEFAULT_CONFIG } from '../src/api/config.js';
import { generatedProject } from '../bench/generate.js';
import { startService } from './helpers/serve.js';
import { TS_NODE_ARGS } from './helpers/ts-child.js';

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
