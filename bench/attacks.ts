// The hostile inputs of issue 11 (test/helpers/worst.ts ATTACKS), each answered by the built service
// (`node dist/src/cli/main.js serve`, as `npm start` runs it, warmed up first) on /v1/validate and
// /v1/review, and by the CLI (the package's executable, bin/compose-review.js, `validate` and `review`
// in a directory holding the files, after one run of each on the seed has written its V8 code cache
// as the first run of a pre-commit hook does; src/cli/code-cache.ts): wall time, answer size, the first *-limit diagnostic, and memory (the service's resident
// memory after each answer, from /metrics; the CLI's peak, from GNU time when installed).
// Run: npm run bench:attacks [-- --container]
//   --container: the service with the pool the project's own compose file gives it (docker-compose.yml:
//   1 CPU, 256 MB, 100 pids; src/api/shape.ts poolShape computes the workers and their heap from these
//   limits as it does from the cgroup's), so its memory can be read against that 256 MB
import { spawnSync } from 'node:child_process';
import { startService } from './service.js';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ATTACKS } from '../test/helpers/worst.js';
import { poolShape } from '../src/api/shape.js';

const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'bin', 'compose-review.js');
const GNU_TIME = '/usr/bin/time';

function post(port: number, path: string, body: string): Promise<{ status: number; ms: number; body: string }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.request(
      { host: '127.0.0.1', port, path, method: 'POST', headers: { 'content-type': 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, ms: performance.now() - t0, body: Buffer.concat(chunks).toString() }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function rssMiB(port: number): Promise<number> {
  const r = await new Promise<string>((resolve, reject) =>
    http
      .get({ host: '127.0.0.1', port, path: '/metrics' }, (res) => {
        let s = '';
        res.on('data', (c) => (s += c));
        res.on('end', () => resolve(s));
      })
      .on('error', reject),
  );
  const m = /^process_resident_memory_bytes (\d+)/m.exec(r);
  return m ? Number(m[1]) / 2 ** 20 : NaN;
}

const firstLimit = (body: string): string => /"code":"([a-z-]+-limit)"/.exec(body)?.[1] ?? '';

const CONTAINER = { cpus: 1, memoryBytes: 256 * 2 ** 20, pids: 100 };
const shape = poolShape(CONTAINER, { workers: 0, queueLimit: 0, workTimeoutMs: 5000, workerHeapMb: 0 });
const container = process.argv.includes('--container');
if (container) console.log(`the pool of a container limited to 1 CPU, 256 MB, 100 pids: ${JSON.stringify(shape)}\n`);
const { child, port } = await startService(
  container
    ? { COMPOSE_REVIEW_WORKERS: String(shape.workers), COMPOSE_REVIEW_WORKER_HEAP_MB: String(shape.heapMb) }
    : {},
);
let maxRss = 0;
const warm = JSON.stringify({ files: { 'compose.yaml': 'services:\n  web:\n    image: nginx\n' } });
for (let i = 0; i < 20; i++) for (const route of ['/v1/validate', '/v1/review']) await post(port, route, warm);

console.log('| input | bytes | route | status | service ms | answer | *-limit | service RSS MiB |');
console.log('|---|---|---|---|---|---|---|---|');
for (const [name, make] of Object.entries(ATTACKS)) {
  const bundle = make();
  const body = JSON.stringify(bundle);
  for (const route of ['/v1/validate', '/v1/review']) {
    const r = await post(port, route, body);
    const rss = await rssMiB(port);
    maxRss = Math.max(maxRss, rss);
    console.log(
      `| ${name} | ${body.length.toLocaleString('en-US')} | ${route} | ${r.status} | ${r.ms.toFixed(0)} | ${r.body.length.toLocaleString('en-US')} B | ${firstLimit(r.body)} | ${rss.toFixed(0)} |`,
    );
  }
}
child.kill('SIGTERM');
console.log(`\nthe service's largest resident memory after an answer: ${maxRss.toFixed(0)} MiB`);

// each command once on the seed: the executable's code cache for it is written (as by the first run of
// a hook or a CI step), so the runs below start as every later run does
for (const command of ['validate', 'review'])
  spawnSync(process.execPath, ['--', CLI, command], { cwd: join(ROOT, 'fixtures', 'seed'), encoding: 'utf8' });

// the CPU time too (GNU time's user + system): wall time on a machine another process shares says little alone
console.log('\n| input | command | exit | CLI wall ms | CLI CPU ms | CLI peak RSS MiB |');
console.log('|---|---|---|---|---|---|');
for (const [name, make] of Object.entries(ATTACKS)) {
  const dir = mkdtempSync(join(tmpdir(), 'compose-review-attack-'));
  try {
    for (const [path, text] of Object.entries(make().files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    for (const command of ['validate', 'review']) {
      const gnu = existsSync(GNU_TIME);
      const argv = gnu ? ['-f', '%M %U %S', process.execPath, CLI, command] : [CLI, command];
      const t0 = performance.now();
      const r = spawnSync(gnu ? GNU_TIME : process.execPath, argv, { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 30 });
      const ms = performance.now() - t0;
      const m = gnu ? /(\d+) ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr) : null;
      const peak = m ? Number(m[1]) / 1024 : NaN;
      const cpu = m ? (Number(m[2]) + Number(m[3])) * 1000 : NaN;
      console.log(
        `| ${name} | ${command} | ${r.status} | ${ms.toFixed(0)} | ${m ? cpu.toFixed(0) : 'n/a'} | ${m ? peak.toFixed(0) : 'n/a'} |`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
