// Settings that reach a timer or size the pool: a value the process cannot honour is refused at start,
// naming the variable, and a cgroup file the kernel never writes is no limit (not a NaN pool).
import t from 'tap';
import { loadConfig } from '../src/api/config.js';
import { readCapacity } from '../src/api/capacity.js';
import { poolShape } from '../src/api/shape.js';

t.test('a timeout past 2^31 - 1 ms (a Node timer fires it after 1 ms) is refused, naming the variable', async (t) => {
  for (const name of [
    'COMPOSE_REVIEW_WORK_TIMEOUT_MS',
    'COMPOSE_REVIEW_SHUTDOWN_TIMEOUT_MS',
    'COMPOSE_REVIEW_REQUEST_TIMEOUT_MS',
    'COMPOSE_REVIEW_SHUTDOWN_DELAY_MS',
  ]) {
    t.throws(() => loadConfig({ [name]: '2147483648' }), {
      name: 'ConfigError',
      message: `${name} must be an integer from ${name.includes('DELAY') ? 0 : 1} to 2147483647, not "2147483648"`,
    });
    t.doesNotThrow(() => loadConfig({ [name]: '2147483647' }), `${name}: the longest timer`);
  }
});

t.test('a cgroup v2 cpu.max the kernel never writes is no quota of that level, not a NaN pool', async (t) => {
  const files = (leaf: string) => (p: string) =>
    ({
      '/proc/self/cgroup': '0::/docker/abc',
      '/sys/fs/cgroup/cgroup.controllers': 'cpu memory pids',
      '/sys/fs/cgroup/docker/abc/cpu.max': leaf,
      '/sys/fs/cgroup/docker/cpu.max': '200000 100000',
    })[p];
  for (const leaf of ['abc 100000', '100000 abc', '1e5 100000', '0 100000', '', 'max']) {
    const capacity = readCapacity(files(leaf), 16);
    t.same(capacity, { cpus: 2 }, `${JSON.stringify(leaf)}: the parent's quota holds`);
    const shape = poolShape(capacity, { workers: 0, queueLimit: 0, workTimeoutMs: 5000, workerHeapMb: 0 });
    t.ok(Number.isInteger(shape.workers) && shape.workers >= 1, `${JSON.stringify(leaf)}: ${shape.workers} workers`);
  }
  t.same(readCapacity(files('50000 100000'), 16), { cpus: 0.5 }, 'a real quota below the parent wins');
});

t.test('the longest request timeout makes no timer past the longest (the connection timeout adds to it)', async (t) => {
  const { buildApp } = await import('../src/api/app.js');
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(w.name);
  process.on('warning', onWarning);
  const app = buildApp({ requestTimeoutMs: 2 ** 31 - 1, workers: 1 });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const r = await fetch(`http://127.0.0.1:${(app.server.address() as { port: number }).port}/healthz`);
    t.equal(r.status, 200);
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    await app.close();
    process.off('warning', onWarning);
  }
  t.notOk(warnings.includes('TimeoutOverflowWarning'), warnings.join(', '));
});
