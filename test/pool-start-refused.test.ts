// A replacement worker the system refuses at run time (EAGAIN: a pids or process limit) was thrown
// from inside piscina's replacement, where nothing caught it: the process died with every request in
// it. Now the request stopped at its deadline keeps its 422, the next ones get a 503 with Retry-After
// until a thread can start, and the service stays up (src/api/pool.ts startRefused, src/api/server.ts).
// RLIMIT_NPROC counts a user's threads as a pids limit counts a cgroup's: the running service, as an
// unprivileged user, is given a limit of the threads it has; a deadline kill inside one long native
// call (JSON.parse of a body of 780,000 keys) keeps the stopped thread running while piscina starts
// its replacement, one thread past the limit.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import t from 'tap';
import { staleDist } from './helpers/dist.js';

const ROOT = join(import.meta.dirname, '..');
const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find(existsSync);
const prlimit = ['/usr/bin/prlimit', '/bin/prlimit'].find(existsSync);
const stale = staleDist();

function post(port: number, body: string) {
  return new Promise<{ status: number; retryAfter?: string; body: string }>((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/v1/validate',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
      },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            body: text,
            retryAfter: res.headers['retry-after'] as string | undefined,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

t.test(
  'a replacement worker the system refuses: the 422 kept, 503s with Retry-After, the service up, a worker again',
  {
    timeout: 120_000,
    skip: process.getuid?.() !== 0 || !setpriv || !prlimit ? 'needs root, setpriv and prlimit' : stale ? stale : false,
  },
  async (t) => {
    const child = spawn(
      setpriv!,
      [
        '--reuid=65534',
        '--regid=65534',
        '--clear-groups',
        'env',
        '-u',
        'NODE_OPTIONS',
        process.execPath,
        'dist/src/cli/main.js',
        'serve',
      ],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH,
          HOME: '/tmp',
          PORT: '0',
          HOST: '127.0.0.1',
          LOG_LEVEL: 'info',
          COMPOSE_REVIEW_WORKERS: '1',
          COMPOSE_REVIEW_WORK_TIMEOUT_MS: '300',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout!.on('data', (c) => (out += c));
    child.stderr!.on('data', (c) => (out += c));
    let exitCode: number | null | undefined;
    const exited = new Promise((resolve) => child.on('exit', (code) => resolve((exitCode = code))));
    t.teardown(async () => {
      child.kill('SIGKILL');
      await exited;
    });
    let port = 0;
    for (let i = 0; i < 600 && !port; i++) {
      port = Number(/listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1] ?? 0);
      if (!port) await new Promise((r) => setTimeout(r, 50));
    }
    t.ok(port, `listening: ${out.slice(-300)}`);
    // the service's process (setpriv and env exec it: the same pid), its threads now its limit
    const threads = readdirSync(`/proc/${child.pid}/task`).length;
    // set as the same user (another user's limits need CAP_SYS_RESOURCE, which a container may lack)
    const set = spawnSync(setpriv!, [
      '--reuid=65534',
      '--regid=65534',
      '--clear-groups',
      prlimit!,
      '--pid',
      String(child.pid),
      `--nproc=${threads}:${threads}`,
    ]);
    t.equal(set.status, 0, String(set.stderr));
    const env: Record<string, string> = {};
    for (let i = 0; i < 780_000; i++) env[`K${i}`] = `v${i}`;
    const big = JSON.stringify({
      files: { 'compose.yaml': 'services:\n  web:\n    image: nginx\n' },
      environments: { e: { files: ['compose.yaml'], env } },
    });
    const small = JSON.stringify({ files: { 'compose.yaml': 'services:\n  web:\n    image: nginx\n' } });
    const first = await post(port, big);
    t.equal(first.status, 422, first.body.slice(0, 200));
    // until the stopped thread exits and a worker can start: 503s with Retry-After, never a 500
    const seen: number[] = [];
    let ok = false;
    for (let i = 0; i < 100 && !ok; i++) {
      const r = await post(port, small);
      seen.push(r.status);
      if (r.status === 503) t.match(r.retryAfter, /^\d+$/, 'Retry-After');
      ok = r.status === 200;
      if (!ok) await new Promise((r) => setTimeout(r, 100));
    }
    t.ok(ok, `a worker again: ${seen.join(' ')}`);
    t.ok(
      seen.every((s) => s === 200 || s === 503),
      `only 503s before: ${seen.join(' ')}`,
    );
    t.equal(exitCode, undefined, 'the service is up');
    t.match(out, /the system refused a worker thread \(EAGAIN: a pids or process limit\)/, 'said in the log');
  },
);
