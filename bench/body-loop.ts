// What a JSON body made of many small entries costs the service's event loop: the main thread's CPU
// time for one request (from /proc/PID/task/PID/stat) and the slowest /healthz answer while it is
// in flight (/healthz asked every 20 ms). A JSON body is read by a worker (src/api/request-task.ts),
// so the event loop's share should be a copy of its bytes, whatever its shape.
// Run: npx tsx bench/body-loop.ts [CHECKOUT]  (CHECKOUT: a built checkout to serve, default this one)
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const ROOT = resolve(process.argv[2] ?? join(import.meta.dirname, '..'));
const TICK_MS = 10; // USER_HZ is 100 on Linux

const server = spawn(process.execPath, [join(ROOT, 'dist', 'src', 'cli', 'main.js'), 'serve'], {
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', COMPOSE_REVIEW_RATE_LIMIT: '0' },
});
const port = await new Promise<number>((done) => {
  let out = '';
  server.stdout!.on('data', (c: Buffer) => {
    out += c;
    const m = /listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
    if (m) done(Number(m[1]));
  });
});

const mainCpuMs = (): number => {
  const t = readFileSync(`/proc/${server.pid}/task/${server.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(t[11]) + Number(t[12])) * TICK_MS;
};

function request(method: string, path: string, body?: string): Promise<{ status: number; ms: number }> {
  return new Promise((done, fail) => {
    const t0 = performance.now();
    const req = http.request(
      { host: '127.0.0.1', port, path, method, headers: body ? { 'content-type': 'application/json' } : {} },
      (res) => {
        res.resume();
        res.on('end', () => done({ status: res.statusCode ?? 0, ms: performance.now() - t0 }));
      },
    );
    req.on('error', fail);
    req.end(body);
  });
}

const compose = 'services:\n  app:\n    image: nginx:1.27\n';
const entries = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join(',');
const BODIES: [string, string, () => string][] = [
  [
    '400,000 env entries',
    '/v1/validate',
    () =>
      `{"files":{"compose.yaml":${JSON.stringify(compose)}},"environments":{"e":{"files":["compose.yaml"],"env":{${entries(400_000, (i) => `"V${i}":""`)}}}}}`,
  ],
  [
    '300,000 environments',
    '/v1/validate',
    () =>
      `{"files":{"compose.yaml":${JSON.stringify(compose)}},"environments":{${entries(300_000, (i) => `"e${i}":{"files":["compose.yaml"]}`)}}}`,
  ],
  [
    '400,000 baseline findings',
    '/v1/audit',
    () =>
      `{"files":{"compose.yaml":${JSON.stringify(compose)}},"baseline":{"findings":[${entries(400_000, (i) => `{"fingerprint":"f${i}"}`)}]}}`,
  ],
];

await request('GET', '/healthz');
console.log(`service: ${ROOT}`);
console.log('| body | bytes | status | answer ms | main-thread CPU ms | slowest /healthz ms |');
console.log('|---|---|---|---|---|---|');
for (const [name, path, make] of BODIES) {
  const body = make();
  await new Promise((r) => setTimeout(r, 500));
  const cpu0 = mainCpuMs();
  let inFlight = true;
  let slowest = 0;
  const probe = (async () => {
    while (inFlight) {
      const { ms } = await request('GET', '/healthz');
      slowest = Math.max(slowest, ms);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const r = await request('POST', path, body);
  inFlight = false;
  await probe;
  const cpu = mainCpuMs() - cpu0;
  console.log(
    `| ${name} | ${(body.length / 2 ** 20).toFixed(1)} MiB | ${r.status} | ${r.ms.toFixed(0)} | ${cpu} | ${slowest.toFixed(0)} |`,
  );
}
server.kill();
