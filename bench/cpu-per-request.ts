// CPU time the service spends per request, route by route: user + system time of every thread of
// the server process, read from /proc before and after a fixed number of requests. Unlike req/s,
// this does not depend on what else the machine runs, so it says where a route's cost goes on a
// shared machine, thread by thread: the main thread (fastify, the body's JSON, the floor route's
// own work), the threads Node starts first (V8's platform: its delayed-task thread, then
// `--v8-pool-size` threads, 4 by default: concurrent and parallel garbage collection, background
// TurboFan compiling; Node's src/node_platform.cc WorkerThreadsTaskRunner starts them in that order,
// before any other; `perf` shows TurboFan and GC frames on exactly those) and the rest (the pool's
// workers, which run the use cases). Linux only (/proc/PID/task/TID/stat).
// Each route is measured twice: over its warm-up, then over the requests asked for. The warm-up is
// 2,500 requests per pool worker by default (WARMUP sets it): V8 optimizes the review's code only
// after some 2,500 reviews per worker (bench/http.ts), each worker on its own, and until then the V8
// platform threads spend most of their time in TurboFan (a seed review after 400 warm-up requests:
// 7.6-9.0 ms of CPU, V8 platform 1.2-1.7; after 5,000: 3.8-3.9, V8 platform 0.27).
// BENCH_NODE_FLAGS: Node/V8 flags for the server process (e.g. `--single-threaded-gc`, refused in NODE_OPTIONS).
// Run: npx tsx bench/cpu-per-request.ts [requests] [connections] [route,route...]
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { readTree } from '../test/helpers/fixtures.js';

const N = Number(process.argv[2] ?? 1000);
const CONNECTIONS = Number(process.argv[3] ?? 4);
const ROUTES = process.argv[4]?.split(',') ?? ['/bench/floor', '/v1/validate', '/v1/review'];
const files: Record<string, string> = {};
for (const [k, v] of Object.entries(readTree('seed'))) files[k] = /\.ya?ml$/.test(k) ? `# request [<id>]\n${v}` : v;
const seed = JSON.stringify({ files });
const TICK_MS = 10; // USER_HZ is 100 on Linux

const server = spawn(
  process.execPath,
  [
    ...(process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? []),
    '--import',
    'tsx',
    join(import.meta.dirname, 'server.ts'),
  ],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, PORT: '0' },
  },
);
const [port, workers]: [number, number] = await new Promise((resolve) =>
  server.stdout!.on('data', (b: Buffer) => {
    const m = /listening (\d+) admits \d+ workers (\d+)/.exec(String(b));
    if (m) resolve([Number(m[1]), Number(m[2])]);
  }),
);
const WARMUP = Number(process.env.WARMUP ?? 2500 * workers);
// V8's platform threads: the delayed-task thread and the pool (src/node_platform.cc)
const poolFlag = /--v8-pool-size[= ](\d+)/.exec(process.env.BENCH_NODE_FLAGS ?? '');
const PLATFORM_THREADS = 1 + (poolFlag ? Number(poolFlag[1]) : 4);

/** CPU ms of each thread of the server, by thread id. */
function threads(): Map<number, number> {
  const out = new Map<number, number>();
  for (const tid of readdirSync(`/proc/${server.pid}/task`)) {
    const f = readFileSync(`/proc/${server.pid}/task/${tid}/stat`, 'utf8').split(') ')[1].split(' ');
    out.set(Number(tid), (Number(f[11]) + Number(f[12])) * TICK_MS); // utime, stime (fields 14, 15)
  }
  return out;
}

async function load(path: string, amount: number): Promise<number> {
  const r = await autocannon({
    url: `http://127.0.0.1:${port}${path}`,
    method: 'POST',
    connections: CONNECTIONS,
    amount,
    headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (req) => ({ ...req, body: seed.replaceAll('<id>', String(Math.random())) }) }],
  });
  return r.non2xx;
}

console.log(
  `${N} requests per route after ${WARMUP} of warm-up (${workers} pool workers), ${CONNECTIONS} connections, seed bundle; CPU ms per request`,
);
// the last column is the load generator's own CPU (autocannon, this process): on a machine of 2
// cores it shares them with the server, so a route's req/s is bounded by the two columns' sum
console.log('| route | all threads | main thread | V8 platform threads | pool workers and others | client |');
console.log('|---|---|---|---|---|---|');
/** CPU ms per request of each kind of thread over `amount` requests to `path`. */
async function measure(path: string, amount: number, label: string): Promise<void> {
  const before = threads();
  const client0 = process.cpuUsage();
  const bad = await load(path, amount);
  const clientUsage = process.cpuUsage(client0);
  const after = threads();
  const client = (clientUsage.user + clientUsage.system) / 1000 / amount;
  const tids = [...after.keys()].sort((a, b) => a - b);
  const d = (tid: number) => (after.get(tid)! - (before.get(tid) ?? 0)) / amount;
  const main = d(server.pid!);
  const others = tids.filter((t) => t !== server.pid);
  const platform = others.slice(0, PLATFORM_THREADS).reduce((s, t) => s + d(t), 0);
  const rest = others.slice(PLATFORM_THREADS).reduce((s, t) => s + d(t), 0);
  const f = (x: number) => x.toFixed(2);
  console.log(
    `| ${label}${bad ? ` (${bad} non-2xx)` : ''} | ${f(main + platform + rest)} | ${f(main)} | ${f(platform)} | ${f(rest)} | ${f(client)} |`,
  );
}

for (const path of ROUTES) {
  if (WARMUP > 0) await measure(path, WARMUP, `${path}, its first ${WARMUP} (warm-up)`);
  await measure(path, N, path);
}
server.kill();
