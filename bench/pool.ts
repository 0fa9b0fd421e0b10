// The worker pool under load, against the built service (`node dist/src/cli/main.js serve`, as
// `npm start` runs it), each scenario with a fresh server:
//   1. /healthz latency (p50, p99, max) while 1,000-service reviews keep every worker busy;
//   2. a request past its deadline: how long until its 422, and the next request's answer;
//   3. SIGTERM with 20 reviews of a 150-service file in flight or queued: all answered?, exit code.
// Run: npm run bench:pool [-- --duration 20]
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { generatedProject } from './generate.js';
import { readTree } from '../test/helpers/fixtures.js';
import { startService, type Service } from './service.js';

const i = process.argv.indexOf('--duration');
const duration = i >= 0 ? Number(process.argv[i + 1]) : 20;
const big = JSON.stringify({ files: generatedProject(1000) });
const medium = JSON.stringify({ files: generatedProject(150) });
const seed = JSON.stringify({ files: readTree('seed') });

type Server = Service;

async function start(env: Record<string, string>): Promise<Server> {
  const s = await startService(env);
  const pool = /"pool":(\{[^}]*\})/.exec(s.out)?.[1];
  console.log(`  server: pool ${pool}`);
  return s;
}

function request(port: number, path: string, body?: string, agent?: http.Agent) {
  return new Promise<{ status: number; ms: number; body: string }>((resolve, reject) => {
    const t0 = performance.now();
    const req = http.request(
      {
        port,
        host: '127.0.0.1',
        path,
        method: body ? 'POST' : 'GET',
        agent: agent ?? false,
        headers: body ? { 'content-type': 'application/json' } : {},
      },
      (res) => {
        let b = '';
        res
          .on('data', (c) => (b += c))
          .on('end', () => resolve({ status: res.statusCode!, ms: performance.now() - t0, body: b }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

// 1. /healthz under a load of 1,000-service reviews
{
  console.log(
    `1. /healthz every 20 ms for ${duration} s while 4 connections post 1,000-service reviews (${(big.length / 1024).toFixed(0)} KiB)`,
  );
  const s = await start({
    COMPOSE_REVIEW_WORK_TIMEOUT_MS: '60000',
    COMPOSE_REVIEW_SHUTDOWN_TIMEOUT_MS: '600000',
    COMPOSE_REVIEW_REQUEST_TIMEOUT_MS: '600000',
  });
  await request(s.port, '/metrics'); // prom-client's event-loop histogram starts again at each scrape
  const load = autocannon({
    url: `http://127.0.0.1:${s.port}/v1/review`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: big,
    connections: 4,
    duration,
    timeout: 120,
    // the load generator in a thread of its own: reading 4 connections' answers of several MB on
    // this thread's event loop delayed the probe's own timing, which then counted as the service's
    workers: 1,
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const lat: number[] = [];
  const until = performance.now() + duration * 1000;
  while (performance.now() < until) {
    const r = await request(s.port, '/healthz', undefined, agent);
    if (r.status === 200) lat.push(r.ms);
    await new Promise((r) => setTimeout(r, 20));
  }
  const r = await load;
  console.log(
    `  reviews: ${r.requests.total} answered (${r['2xx']} 2xx, ${r.non2xx} other, ${r.errors} errors), p50 ${r.latency.p50} ms`,
  );
  console.log(
    `  /healthz: ${lat.length} answers, p50 ${pct(lat, 50).toFixed(1)} ms, p99 ${pct(lat, 99).toFixed(1)} ms, max ${Math.max(...lat).toFixed(1)} ms (target p99 < 50 ms)`,
  );
  // the service's own event-loop delay over the load (prom-client's histogram, since the scrape above)
  const m = (await request(s.port, '/metrics')).body;
  const lag = (q: string) => Number(new RegExp(`^nodejs_eventloop_lag_${q}_seconds (\\S+)$`, 'm').exec(m)?.[1]) * 1000;
  console.log(
    `  the service's event-loop delay: p50 ${lag('p50').toFixed(1)} ms, p99 ${lag('p99').toFixed(1)} ms, max ${lag('max').toFixed(1)} ms`,
  );
  agent.destroy();
  s.child.kill('SIGTERM');
  await s.exited;
}

// 2. past the deadline
{
  const deadline = 1000;
  console.log(`2. a 1,000-service review with COMPOSE_REVIEW_WORK_TIMEOUT_MS=${deadline}, then a seed review`);
  const s = await start({ COMPOSE_REVIEW_WORK_TIMEOUT_MS: String(deadline), COMPOSE_REVIEW_WORKERS: '1' });
  await request(s.port, '/v1/review', seed); // the worker has started and is warm
  const slow = await request(s.port, '/v1/review', big);
  const next = await request(s.port, '/v1/review', seed);
  console.log(
    `  past the deadline: ${slow.status} after ${slow.ms.toFixed(0)} ms (deadline + 1 s = ${deadline + 1000} ms): ${JSON.parse(slow.body).detail}`,
  );
  console.log(`  the next request: ${next.status} after ${next.ms.toFixed(0)} ms (a new worker starting)`);
  s.child.kill('SIGTERM');
  await s.exited;
}

// 3. SIGTERM with 20 reviews in flight or queued
{
  console.log('3. 20 reviews of a 150-service file posted at once, SIGTERM as soon as all 20 are in the pool');
  const s = await start({
    COMPOSE_REVIEW_QUEUE_LIMIT: '20',
    COMPOSE_REVIEW_SHUTDOWN_TIMEOUT_MS: '90000',
    COMPOSE_REVIEW_REQUEST_TIMEOUT_MS: '90000',
  });
  const t0 = performance.now();
  const answers = Array.from({ length: 20 }, () =>
    request(s.port, '/v1/review', medium).catch((e: Error) => ({ status: 0, ms: 0, body: e.message })),
  );
  for (let n = 0; n < 1000; n++) {
    const m = (await request(s.port, '/metrics')).body;
    const v = (name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(m)?.[1] ?? 0);
    if (v('compose_review_work_in_progress') + v('compose_review_work_queue_length') >= 20) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  const termAt = performance.now() - t0;
  s.child.kill('SIGTERM');
  const done = await Promise.all(answers);
  const code = await s.exited;
  const byStatus: Record<string, number> = {};
  for (const d of done) byStatus[d.status] = (byStatus[d.status] ?? 0) + 1;
  console.log(
    `  SIGTERM at ${termAt.toFixed(0)} ms; answers ${JSON.stringify(byStatus)}; last answer at ${Math.max(...done.map((d) => d.ms)).toFixed(0)} ms; exit code ${code}`,
  );
}
