// An explicit pool shape (COMPOSE_REVIEW_WORKERS, COMPOSE_REVIEW_WORKER_HEAP_MB) is honoured as given,
// and said at start-up when the container's memory or pids limit cannot hold it; a thread the system
// refuses is a refusal at start naming the setting, not an internal error.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { staleDist } from './helpers/dist.js';
import { buildApp } from '../src/api/app.js';
import { BASE_THREADS, poolShape, shapeWarnings } from '../src/api/shape.js';

// the project's docker-compose.yml: 1 CPU, 256 MB, 100 pids
const container = { cpus: 1, memoryBytes: 256 * 2 ** 20, pids: 100 };
const settings = { workers: 0, queueLimit: 0, workTimeoutMs: 5000, workerHeapMb: 0 };
const warnings = (s: typeof settings, capacity = container) => shapeWarnings(capacity, s, poolShape(capacity, s));

t.test('the shape poolShape makes from the limits passes none of them', async (t) => {
  t.same(warnings(settings), []);
  t.same(warnings(settings, { cpus: 8, memoryBytes: 512 * 2 ** 20, pids: 18 }), []);
  t.same(warnings(settings, { cpus: 64 }), [], 'no limit, nothing to pass');
});

t.test('COMPOSE_REVIEW_WORKERS past the memory limit: honoured, and the sum it passes said', async (t) => {
  const shape = poolShape(container, { ...settings, workers: 16 });
  t.equal(shape.workers, 16, 'the operator has the last word');
  const [memory, ...rest] = warnings({ ...settings, workers: 16 });
  t.same(rest, []);
  t.match(
    memory,
    'COMPOSE_REVIEW_WORKERS=16: 16 worker(s) × (a heap limit of 64 MB + 56 MB beside it) + 112 MB for the main thread = 2032 MB, more than the cgroup\'s memory limit of 256 MB',
  );
  t.match(memory, /without it the pool would be 1 worker\(s\) of 88 MB$/);
  t.match(warnings({ ...settings, workerHeapMb: 1024 })[0], /^COMPOSE_REVIEW_WORKER_HEAP_MB=1024: 1 worker\(s\) × \(a heap limit of 1024 MB .* = 1192 MB/);
  t.same(warnings({ ...settings, workers: 1 }), [], 'an override the container holds is not warned about');
});

t.test('COMPOSE_REVIEW_WORKER_HEAP_MB set alone: as many workers of that heap as the memory limit holds', async (t) => {
  // 4 CPUs, 1 GiB: 112 + n × (56 + 256) ≤ 1024 holds 2 workers of 256 MB (4 of the smallest heap)
  const capacity = { cpus: 4, memoryBytes: 1024 * 2 ** 20 };
  t.equal(poolShape(capacity, settings).workers, 4, 'without the heap set: one per CPU');
  const shape = poolShape(capacity, { ...settings, workerHeapMb: 256 });
  t.same([shape.workers, shape.heapMb], [2, 256]);
  t.same(warnings({ ...settings, workerHeapMb: 256 }, capacity), [], 'the limit holds it: nothing to warn');
  t.equal(poolShape({ cpus: 1, memoryBytes: 1024 * 2 ** 20 }, { ...settings, workerHeapMb: 256 }).workers, 1, 'never more than the CPUs');
  t.equal(poolShape(capacity, { ...settings, workers: 4, workerHeapMb: 256 }).workers, 4, 'both set: honoured as given');
});

t.test('COMPOSE_REVIEW_WORKERS past the pids limit: the threads it needs said', async (t) => {
  const capacity = { cpus: 1, pids: 100 };
  t.same(warnings({ ...settings, workers: 100 - BASE_THREADS }, capacity), []);
  const [pids, ...rest] = warnings({ ...settings, workers: 90 }, capacity);
  t.same(rest, []);
  t.match(pids, `COMPOSE_REVIEW_WORKERS=90: 90 worker thread(s) + ${BASE_THREADS} of the process's own, more than the cgroup's pids limit of 100`);
  t.match(warnings(settings, { cpus: 1, pids: 10 })[0], /^the smallest pool .*more than the cgroup's pids limit of 10/);
});

t.test('the app says it at start-up, in a warning log line with the shape and the limits', async (t) => {
  const lines: string[] = [];
  const app = buildApp({
    rateLimitPerMinute: 0,
    workers: 16,
    capacity: container,
    logger: { level: 'info', stream: { write: (l: string) => void lines.push(l) } },
  });
  t.teardown(() => app.close());
  await app.ready();
  const warned = lines.map((l) => JSON.parse(l)).filter((l) => l.level === 40);
  t.equal(warned.length, 1, lines.join(''));
  t.match(warned[0], { msg: /2032 MB, more than the cgroup's memory limit of 256 MB/, pool: { workers: 16, heapMb: 64 }, capacity: container });
});

// RLIMIT_NPROC counts a user's threads as a pids limit counts a cgroup's: as an unprivileged user with
// a limit of 25, the 11 threads of Node itself leave no room for 16 workers
const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find(existsSync);
const prlimit = ['/usr/bin/prlimit', '/bin/prlimit'].find(existsSync);
t.test(
  'a worker thread the system refuses: a refusal at start naming the setting, exit 2, not an internal error',
  { skip: process.getuid?.() !== 0 || !setpriv || !prlimit ? 'needs root, setpriv and prlimit' : false },
  async (t) => {
    const stale = staleDist();
    if (stale) return t.fail(stale);
    const run = spawnSync(
      setpriv!,
      ['--reuid=65534', '--regid=65534', '--clear-groups', prlimit!, '--nproc=25', 'env', '-u', 'NODE_OPTIONS', process.execPath, 'dist/src/cli/main.js', 'serve'],
      {
        cwd: join(import.meta.dirname, '..'),
        // the built CLI (the sources' loader writes a cache this user may not), without the test runner's
        // hooks (NODE_OPTIONS, which it adds to every child: they write where this user may not)
        env: { PATH: process.env.PATH, PORT: '0', HOST: '127.0.0.1', COMPOSE_REVIEW_WORKERS: '16', HOME: '/tmp' },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    t.equal(run.signal, null, 'it ends by itself');
    t.equal(run.status, 2, run.stderr);
    t.match(run.stderr, /^compose-review: cannot start 16 worker thread\(s\): the system refused a thread \(EAGAIN: a pids or process limit\); lower COMPOSE_REVIEW_WORKERS or raise the limit\n$/);
  },
);
