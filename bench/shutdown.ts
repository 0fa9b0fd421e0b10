// SIGTERM during a load: the service keeps serving for COMPOSE_REVIEW_SHUTDOWN_DELAY_MS while /readyz
// answers 503 (a load balancer stops sending traffic), then stops accepting, finishes what is in
// flight and exits 0. The load tool must report no error.
// Run: npx tsx bench/shutdown.ts [--duration 60]
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { readTree } from '../test/helpers/fixtures.js';

const i = process.argv.indexOf('--duration');
const duration = i >= 0 ? Number(process.argv[i + 1]) : 60;
const delay = 15_000;
const server = spawn(
  process.execPath,
  ['--import', 'tsx', join(import.meta.dirname, '..', 'src', 'cli', 'main.ts'), 'serve'],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      PORT: '18331',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      COMPOSE_REVIEW_RATE_LIMIT: '0',
      COMPOSE_REVIEW_SHUTDOWN_DELAY_MS: String(delay),
    },
  },
);
const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
const url = 'http://127.0.0.1:18331';
for (let t = 0; t < 100; t++) {
  try {
    if ((await fetch(`${url}/healthz`)).ok) break;
  } catch {
    await new Promise((r) => setTimeout(r, 200));
  }
}
const body = JSON.stringify({ files: readTree('seed') });
let n = 0;
const load = autocannon({
  url: `${url}/v1/review`,
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  requests: [
    {
      setupRequest: (req: Record<string, unknown>) => ({
        ...req,
        body: body.replace('services:', `# ${++n}\\nservices:`),
      }),
    },
  ],
  connections: 10,
  duration,
});
const termAt = Math.max(1, duration * 1000 - delay + 5_000);
let readyDuringDrain = 0;
setTimeout(() => {
  server.kill('SIGTERM');
  setTimeout(async () => {
    readyDuringDrain = (await fetch(`${url}/readyz`)).status;
  }, 1000);
}, termAt);
const r = await load;
const code = await exited;
console.log(`${duration} s of /v1/review (seed), SIGTERM at ${(termAt / 1000).toFixed(0)} s, drain ${delay / 1000} s`);
console.log(
  `requests ${r.requests.total}, 2xx ${r['2xx']}, non-2xx ${r.non2xx}, errors ${r.errors}, timeouts ${r.timeouts}; /readyz during the drain: ${readyDuringDrain}; exit code ${code}`,
);
process.exitCode = r.errors + r.non2xx + r.timeouts === 0 && code === 0 && readyDuringDrain === 503 ? 0 : 1;
