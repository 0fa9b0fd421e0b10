// A replacement worker the system refuses at run time (EAGAIN: a pids or process limit) was thrown
// from inside piscina's replacement, where nothing caught it: the process died with every request in
// it. Now the request stopped at its deadline keeps its 422, the next ones get a 503 with Retry-After
// until a thread can start, and the service stays up (src/api/restore.ts startRefused, src/api/server.ts).
// RLIMIT_NPROC counts a user's threads as a pids limit counts a cgroup's: the running service, as an
// unprivileged user, is given a limit of the threads it has; a deadline kill inside one long native
// call (JSON.parse of a body of 780,000 keys) keeps the stopped thread running while piscina starts
// its replacement, one thread past the limit.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { staleDist } from './helpers/dist.js';

const ROOT = join(import.meta.dirname, '..');
const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find(existsSync);
const prlimit = ['/usr/bin/prlimit', '/bin/prlimit'].find(existsSync);
const stale = staleDist();

function post(port: number, body: string, path = '/v1/validate', method = 'POST') {
  return new Promise<{ status: number; retryAfter?: string; body: string }>((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path,
        method,
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
          // well under the 3 s parse of the large body, and above a fresh worker's first small task under
          // load (300 ms: a replacement's first task was stopped too once its tasks no longer ran
          // before it, computed for nobody, src/api/restore.ts withdraw)
          COMPOSE_REVIEW_WORK_TIMEOUT_MS: '1000',
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
    // the large body parses for seconds after its deadline, then a worker starts (3 to 6 s measured under load)
    for (let i = 0; i < 300 && !ok; i++) {
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

/** A service as user nobody (setpriv), 1 worker, the deadline given; its port, its output, and a way to set its process limit. */
async function nobodyService(t: Test, deadlineMs: number) {
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
        COMPOSE_REVIEW_WORK_TIMEOUT_MS: String(deadlineMs),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const log = { out: '' };
  child.stdout!.on('data', (c) => (log.out += c));
  child.stderr!.on('data', (c) => (log.out += c));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  t.teardown(async () => {
    child.kill('SIGKILL');
    await exited;
  });
  let port = 0;
  for (let i = 0; i < 600 && !port; i++) {
    port = Number(/listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(log.out)?.[1] ?? 0);
    if (!port) await new Promise((r) => setTimeout(r, 50));
  }
  t.ok(port, `listening: ${log.out.slice(-300)}`);
  // set as the same user (another user's limits need CAP_SYS_RESOURCE); the hard limit stays high, so
  // the soft one can be raised again
  const limit = (soft: number) =>
    spawnSync(setpriv!, [
      '--reuid=65534',
      '--regid=65534',
      '--clear-groups',
      prlimit!,
      '--pid',
      String(child.pid),
      `--nproc=${soft}:50000`,
    ]);
  return { port, log, limit, threads: () => readdirSync(`/proc/${child.pid}/task`).length };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const metric = (text: string, name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1]);

t.test(
  'a replacement the system refuses for good: /readyz 503 while no worker runs, the stopped thread counted out, and once the limit is lifted a worker again with no traffic and the whole admission',
  {
    timeout: 120_000,
    skip: process.getuid?.() !== 0 || !setpriv || !prlimit ? 'needs root, setpriv and prlimit' : stale ? stale : false,
  },
  async (t) => {
    const s = await nobodyService(t, 1000);
    // one thread fewer than it has: once its only worker is stopped at the deadline, no replacement can
    // start, not even after the stopped thread has exited
    const set = s.limit(s.threads() - 1);
    t.equal(set.status, 0, String(set.stderr));
    const env: Record<string, string> = {};
    for (let i = 0; i < 780_000; i++) env[`K${i}`] = `v${i}`;
    const big = JSON.stringify({
      files: { 'compose.yaml': 'services:\n  web:\n    image: nginx\n' },
      environments: { e: { files: ['compose.yaml'], env } },
    });
    const small = JSON.stringify({ files: { 'compose.yaml': 'services:\n  web:\n    image: nginx\n' } });
    t.equal((await post(s.port, big)).status, 422);
    // the stopped thread exits (the JSON.parse of 780,000 keys: seconds), and is no longer counted:
    // piscina's exit listener throws the refused replacement, and the pool's listener after it never
    // ran (the gauge stayed 1 for good) (src/api/pool.ts watchTermination)
    let metrics = '';
    for (let i = 0; i < 300; i++) {
      metrics = (await post(s.port, '', '/metrics', 'GET')).body;
      if (metric(metrics, 'compose_review_workers_terminating') === 0) break;
      await sleep(100);
    }
    t.equal(metric(metrics, 'compose_review_workers_terminating'), 0, 'the stopped thread no longer counted');
    t.equal(metric(metrics, 'compose_review_workers'), 0, 'no worker thread');
    // every request is refused now: /readyz says so (it said 200 while every request got 503), /healthz does not
    const r = await post(s.port, small);
    t.equal(r.status, 503, r.body);
    t.match(r.retryAfter, /^\d+$/, 'Retry-After');
    const ready = await post(s.port, '', '/readyz', 'GET');
    t.equal(ready.status, 503, ready.body);
    t.match(ready.body, /no worker/);
    t.equal((await post(s.port, '', '/healthz', 'GET')).status, 200, '/healthz is not about load');
    await sleep(1500);
    t.equal((await post(s.port, '', '/readyz', 'GET')).status, 503, 'still 503 while the limit holds');
    // the limit lifted: only /readyz asks (a load balancer sends nothing to a replica that is not ready),
    // and a worker starts (src/api/restore.ts)
    t.equal(s.limit(50_000).status, 0);
    let readyAgain = false;
    for (let i = 0; i < 100 && !readyAgain; i++) {
      readyAgain = (await post(s.port, '', '/readyz', 'GET')).status === 200;
      if (!readyAgain) await sleep(100);
    }
    t.ok(readyAgain, '/readyz 200 again with no request in between');
    // the whole admission: 1 worker + a queue of 2 takes 3 requests at once (the 3rd got 503: the
    // stopped thread still held a place). Each computes long enough for the three to overlap.
    const mid = JSON.stringify({
      files: {
        'compose.yaml': `services:\n${Array.from({ length: 60 }, (_, i) => `  s${i}:\n    image: nginx\n    privileged: true\n`).join('')}`,
      },
    });
    const three = await Promise.all([1, 2, 3].map(() => post(s.port, mid, '/v1/review')));
    t.same(
      three.map((x) => x.status).filter((x) => x === 503),
      [],
      `none refused: ${three.map((x) => x.status).join(' ')}`,
    );
    metrics = (await post(s.port, '', '/metrics', 'GET')).body;
    t.equal(metric(metrics, 'compose_review_workers'), 1, 'one worker thread again');
  },
);
