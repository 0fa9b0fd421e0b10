// The audit's memo of port ranges (src/audit/ports.ts) belongs to one audit: a worker kept the
// 65,535 ranges of one `1-65535` review, 7.5 MB of its heap, for every later request.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { forgetPortRanges, portRange } from '../src/audit/ports.js';
import { TS_NODE_ARGS } from './helpers/ts-child.js';

t.test('a number above 65,535 is no port', async (t) => {
  t.same(portRange('65535'), [65535, 65535]);
  t.equal(portRange('65536'), undefined);
  t.equal(portRange('9007199254740993'), undefined, 'past 2^53 a count of its ports never ended');
  t.equal(portRange('80-9007199254740993'), undefined);
});

t.test('forgotten ranges are read again', async (t) => {
  t.same(portRange('1-3'), [1, 3]);
  forgetPortRanges();
  t.same(portRange('1-3'), [1, 3], 'read again after being forgotten');
});

t.test("an audit's port ranges are not kept for the next request", async (t) => {
  // the service's own call, runTask, as a worker runs it for each request
  const child = `
    import { runTask } from ${JSON.stringify(new URL('../src/usecases/task.ts', import.meta.url).pathname)};
    const review = (range) => runTask({ question: 'review', options: {}, input: { files: { 'compose.yaml': 'services:\\n  web:\\n    image: nginx\\n    ports: ["' + range + '"]\\n' } } });
    review('1-3:1-3'); gc(); gc();
    const before = process.memoryUsage().heapUsed;
    review('1-65535:1-65535'); gc(); gc();
    console.log(JSON.stringify({ grew: process.memoryUsage().heapUsed - before }));
  `;
  const r = spawnSync(process.execPath, ['--expose-gc', ...TS_NODE_ARGS, '--input-type=module', '-e', child], {
    encoding: 'utf8',
  });
  t.equal(r.status, 0, r.stderr);
  const { grew } = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { grew: number };
  t.ok(
    grew < 3 * 2 ** 20,
    `the heap kept ${grew} bytes after the review (under 3 MiB; 7.5 MiB when it kept the ranges)`,
  );
});
