// HTTP throughput in one run: the empty route, the floor route, /v1/validate, /v1/review and the
// review's answer sent without computing it (/bench/answer), on the
// seed-style bundle and on a large real bundle (frappe_docker, 5 files), with bodies that differ per
// request (a request counter in a YAML comment of every file). Then the server's memory under a long /v1/review load.
// Each POST route first runs unmeasured for --warmup seconds (its rate then is printed as "cold"):
// V8 optimizes the review's code only after some 2,500 reviews per worker (in-process, CPU per seed
// review: 10 ms after 150, 5 ms after 1,000, 3.5 ms after 2,500), so the first seconds of a fresh
// server measure mostly unoptimized code, not the throughput a running service has.
// BENCH_NODE_FLAGS: Node/V8 flags for the server process (e.g. `--single-threaded-gc`, refused in NODE_OPTIONS).
// Run: npm run bench:http [-- --duration 10 --warmup 20 --memory 60]
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { readTree } from '../test/helpers/fixtures.js';
import { corpusSets } from '../test/helpers/corpus.js';

const args = process.argv.slice(2);
const arg = (name: string, d: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : d;
};
const duration = arg('duration', 10);
const memorySeconds = arg('memory', 60);
const warmupSeconds = arg('warmup', 20);
// default: as many as the pool admits at once (workers + queue, printed by the server): more would
// measure its 503s, sent at once to a client that retries without waiting for Retry-After (10 on this
// 2-core machine, against 6 admitted, gave 4,000 503s a second and half the review throughput)
let connections = arg('connections', 0);

function withId(files: Record<string, string>, environments?: unknown): string {
  // a comment with the request id in every YAML file: every body differs, nothing can be cached
  const f: Record<string, string> = {};
  for (const [k, v] of Object.entries(files)) f[k] = /\.ya?ml$/.test(k) ? `# request [<id>]\n${v}` : v;
  return JSON.stringify(environments ? { files: f, environments } : { files: f });
}

const seed = withId(readTree('seed'));
const frappe = corpusSets().find((s) => s.id === 'frappe__frappe_docker' && s.spec.files.length === 4)!;
const large = withId(frappe.bundle.files, {
  production: frappe.spec,
  development: { ...frappe.spec, files: frappe.spec.files.slice(0, 1) },
});

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
const port: number = await new Promise((resolve) =>
  server.stdout!.on('data', (b: Buffer) => {
    const m = /listening (\d+) admits (\d+)/.exec(b.toString());
    if (!m) return;
    connections ||= Number(m[2]);
    resolve(Number(m[1]));
  }),
);
const url = `http://127.0.0.1:${port}`;

/**
 * Answered requests (2xx) per second: autocannon's own rate counts every response, the admission's
 * 503s included (a run's first requests can meet the tasks the previous run's closed connections
 * left in the pool), which are no throughput.
 */
const rate = (r: autocannon.Result): number => r['2xx'] / r.duration;

let counter = 0;
/** the warm-up's results, by title */
const colds = new Map<string, autocannon.Result>();
async function run(title: string, path: string, body?: string, seconds = duration, warmup = warmupSeconds) {
  if (body && warmup > 0) {
    const cold = await load(path, body, warmup);
    colds.set(title, cold);
    console.log(`${`${title} cold`.padEnd(39)} ${rate(cold).toFixed(0).padStart(7)} req/s (warm-up, ${warmup} s)`);
  }
  const r = await load(path, body, seconds);
  const bad = r.non2xx + r.errors + r.timeouts;
  console.log(
    `${title.padEnd(39)} ${rate(r).toFixed(0).padStart(7)} req/s   p50 ${String(r.latency.p50).padStart(4)} ms   p99 ${String(r.latency.p99).padStart(4)} ms   ${bad ? `${bad} errors/non-2xx` : 'all 2xx'}`,
  );
  return r;
}

function load(path: string, body: string | undefined, seconds: number) {
  return autocannon({
    url: url + path,
    method: body ? 'POST' : 'GET',
    headers: body ? { 'content-type': 'application/json' } : {},
    // a fresh body per request (autocannon's idReplacement sends nothing with POST bodies in v8)
    ...(body
      ? {
          requests: [
            {
              setupRequest: (req: Record<string, unknown>) => ({
                ...req,
                body: body.replaceAll('[<id>]', String(++counter)),
              }),
            },
          ],
        }
      : {}),
    connections,
    duration: seconds,
  });
}

console.log(
  `autocannon: ${connections} connections, ${duration} s per route after a ${warmupSeconds} s warm-up, server in its own process (node ${process.version})`,
);
const empty = await run('GET /bench/empty', '/bench/empty');
const floorSeed = await run('POST /bench/floor   (seed)', '/bench/floor', seed);
const validateSeed = await run('POST /v1/validate    (seed)', '/v1/validate', seed);
const reviewSeed = await run('POST /v1/review      (seed)', '/v1/review', seed);
// the review's HTTP side alone: the same body in, the seed review's 42 KB answer out, nothing computed
const answerSeed = await run('POST /bench/answer  (seed, no work)', '/bench/answer', seed);
const floorLarge = await run('POST /bench/floor   (frappe, 4 files)', '/bench/floor', large);
await run('POST /v1/validate    (frappe)', '/v1/validate', large);
const reviewLarge = await run('POST /v1/review      (frappe)', '/v1/review', large);
const pct = (a: autocannon.Result, b: autocannon.Result) => `${((100 * rate(a)) / rate(b)).toFixed(0)}%`;
console.log(
  `review/floor throughput: seed ${pct(reviewSeed, floorSeed)}, frappe ${pct(reviewLarge, floorLarge)}; empty route = ${(rate(empty) / rate(floorSeed)).toFixed(1)}x the floor`,
);
console.log(
  `with nothing computed (/bench/answer): ${pct(answerSeed, floorSeed)} of the floor; the review's computing takes it to ${pct(reviewSeed, floorSeed)}`,
);
const cold = (title: string) => colds.get(title);
const [rc, fc] = [cold('POST /v1/review      (seed)'), cold('POST /bench/floor   (seed)')];
if (rc && fc) console.log(`during the warm-up (cold code): seed review/floor ${pct(rc, fc)}`);

if (memorySeconds > 0) {
  const samples: number[] = [];
  const timer = setInterval(() => {
    try {
      const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
      samples.push(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
    } catch {
      /* not on Linux */
    }
  }, 1000);
  const r = await run(`POST /v1/review (seed, ${memorySeconds} s)`, '/v1/review', seed, memorySeconds, 0);
  clearInterval(timer);
  if (samples.length) {
    const first = samples.slice(0, 5);
    const last = samples.slice(-5);
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    console.log(
      `memory under load: RSS ${avg(first).toFixed(0)} MiB in the first 5 s, ${avg(last).toFixed(0)} MiB in the last 5 s, max ${Math.max(...samples).toFixed(0)} MiB (${r['2xx']} answered, ${r.non2xx} non-2xx)`,
    );
  }
}
server.kill('SIGTERM');
