// A worker stopped at its deadline inside one long native call runs on until the call returns (V8
// terminates a thread only between steps of JavaScript): the JSON.parse of a 15 MB body of 780,000 keys
// takes seconds. Until its thread has exited it is counted (compose_review_workers_terminating) and holds
// a place in the queue: the replacement beside it shares the CPU and the memory.
import t from 'tap';
import { buildApp } from '../src/api/app.js';

const env: Record<string, string> = {};
for (let i = 0; i < 780_000; i++) env[`K${i}`] = `v${i}`;
const body = JSON.stringify({
  files: { 'compose.yaml': 'services:\n  web:\n    image: nginx\n' },
  environments: { e: { files: ['compose.yaml'], env } },
});
const gauge = (metrics: string) => Number(/^compose_review_workers_terminating (\d+)$/m.exec(metrics)?.[1]);

t.test('a worker stopped inside JSON.parse: counted until its thread exits, and a place in the queue meanwhile', { timeout: 180_000 }, async (t) => {
  // the deadline must fall inside the parse, after the body's decoding and nesting scan: a loaded host
  // makes those longer, so longer deadlines are tried until one does
  for (const workTimeoutMs of [1500, 3000, 6000]) {
    const app = buildApp({ rateLimitPerMinute: 0, workers: 1, queueLimit: 1, workTimeoutMs, bodyLimit: 32 * 2 ** 20 });
    try {
      const post = (payload: string) =>
        app.inject({ method: 'POST', url: '/v1/validate', headers: { 'content-type': 'application/json' }, payload });
      const first = await post(body);
      t.equal(first.statusCode, 422, 'stopped at the deadline');
      const during = gauge((await app.inject({ url: '/metrics' })).body);
      if (during === 0) {
        t.comment(`at ${workTimeoutMs} ms the thread was already gone: the deadline fell before the parse`);
        continue;
      }
      t.equal(during, 1, 'the stopped thread still runs, and is counted');
      // one worker and a queue of one, one place held by the thread still running: one is admitted
      const tiny = JSON.stringify({ files: { 'compose.yaml': 'services:\n  web:\n    image: nginx\n' } });
      const [a, b] = await Promise.all([post(tiny), post(tiny)]);
      t.same([a.statusCode, b.statusCode].sort(), [200, 503], 'one admitted, one refused while it runs');
      let after = during;
      for (let i = 0; i < 600 && after > 0; i++) {
        await new Promise((r) => setTimeout(r, 50));
        after = gauge((await app.inject({ url: '/metrics' })).body);
      }
      t.equal(after, 0, 'no longer counted once its thread has exited');
      return;
    } finally {
      await app.close();
    }
  }
  t.fail('no deadline fell inside the parse');
});
