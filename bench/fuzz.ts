/**
 * The fuzz generator of test/fuzz.test.ts at scale, in-process through app.inject:
 *   npx tsx bench/fuzz.ts [N=100000] [SEED]
 * Prints counts by status and by kind, the 5xx and slow answers (> 2 s), and throughput.
 */
import { buildApp } from '../src/api/app.js';
import { fuzzRoutes, generateCase, prng } from '../test/helpers/fuzz.js';

const N = Number(process.argv[2] ?? 100_000);
const SEED = Number(process.argv[3] ?? 20240611);
const SLOW_MS = 2000;

const app = buildApp({ rateLimitPerMinute: 0 });
await app.ready();
const routes = fuzzRoutes(app);
const r = prng(SEED);
const byStatus: Record<string, number> = {};
const byKind: Record<string, Record<string, number>> = {};
const errors: string[] = [];
let slow = 0;
let maxMs = 0;
let bytes = 0;
const started = performance.now();
for (let i = 0; i < N; i++) {
  const c = generateCase(r, [routes[i % routes.length]]);
  const t0 = performance.now();
  const res = await app.inject({
    method: 'POST',
    url: c.url,
    payload: c.payload,
    headers: { 'content-type': c.contentType },
  });
  const ms = performance.now() - t0;
  bytes += c.payload.length;
  maxMs = Math.max(maxMs, ms);
  if (ms > SLOW_MS && ++slow <= 20)
    errors.push(`#${i} slow (${ms.toFixed(0)} ms) ${c.kind} ${c.url}, ${c.payload.length} bytes`);
  byStatus[res.statusCode] = (byStatus[res.statusCode] ?? 0) + 1;
  (byKind[c.kind] ??= {})[res.statusCode] = (byKind[c.kind][res.statusCode] ?? 0) + 1;
  if (res.statusCode >= 500 && errors.length < 20) errors.push(`#${i} ${c.kind} ${c.url}: ${res.body.slice(0, 200)}`);
  if ((i + 1) % 10_000 === 0)
    process.stderr.write(`${i + 1} cases, ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
}
const seconds = (performance.now() - started) / 1000;
const fivexx = Object.entries(byStatus)
  .filter(([s]) => s.startsWith('5'))
  .reduce((n, [, v]) => n + v, 0);
console.log(`fuzz: ${N} cases, seed ${SEED}, routes ${routes.map((x) => x.url).join(' ')}`);
console.log(`by status: ${JSON.stringify(byStatus)}`);
for (const [kind, s] of Object.entries(byKind).sort()) console.log(`  ${kind.padEnd(14)} ${JSON.stringify(s)}`);
console.log(`5xx: ${fivexx}; slower than ${SLOW_MS} ms: ${slow}; slowest ${maxMs.toFixed(0)} ms`);
console.log(
  `throughput: ${(N / seconds).toFixed(0)} requests/s, ${(bytes / seconds / 1e6).toFixed(1)} MB/s, ${seconds.toFixed(1)} s in all`,
);
for (const e of errors) console.log(e);
await app.close();
process.exitCode = fivexx ? 1 : 0;
