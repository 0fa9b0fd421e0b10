// CPU time the service spends per request, route by route (user + system time of the server
// process, all its threads, read from /proc before and after a fixed number of requests). Unlike
// req/s, this does not depend on what else the machine runs, so it tells where a route's cost goes
// on a shared machine. Linux only (/proc/PID/stat).
// Run: npx tsx bench/cpu-per-request.ts [requests]
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { readTree } from '../test/helpers/fixtures.js';

const N = Number(process.argv[2] ?? 1000);
const files: Record<string, string> = {};
for (const [k, v] of Object.entries(readTree('seed'))) files[k] = /\.ya?ml$/.test(k) ? `# request [<id>]\n${v}` : v;
const seed = JSON.stringify({ files });
const TICK_MS = 10; // USER_HZ is 100 on Linux

const server = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'server.ts')], {
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, PORT: '0' },
});
const port: number = await new Promise((resolve) =>
  server.stdout!.on('data', (b: Buffer) => {
    const m = /listening (\d+)/.exec(String(b));
    if (m) resolve(Number(m[1]));
  }),
);
const cpuMs = () => {
  const f = readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) * TICK_MS; // utime, stime (fields 14, 15)
};

async function load(path: string, amount: number): Promise<number> {
  const r = await autocannon({
    url: `http://127.0.0.1:${port}${path}`,
    method: 'POST',
    connections: 4,
    amount,
    headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (req) => ({ ...req, body: seed.replaceAll('<id>', String(Math.random())) }) }],
  });
  return r.non2xx;
}

console.log(`${N} requests per route, 4 connections, seed bundle`);
for (const path of ['/bench/floor', '/v1/validate', '/v1/review']) {
  await load(path, Math.max(100, N / 5)); // warm-up: JIT, the pool's workers
  const before = cpuMs();
  const bad = await load(path, N);
  const ms = (cpuMs() - before) / N;
  console.log(`${path}: ${ms.toFixed(2)} ms of CPU per request${bad ? ` (${bad} non-2xx)` : ''}`);
}
server.kill();
