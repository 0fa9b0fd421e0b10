// Pending findings (src/audit/pending.ts): what an answer keeps is made exactly as the runner made
// every finding before, and what it does not keep is counted and grouped without being made.
import t from 'tap';
import { auditItems, auditModel } from '../../src/audit/run.js';
import { PendingFinding, toFinding } from '../../src/audit/pending.js';
import { forgetPortRanges, portRange } from '../../src/audit/ports.js';
import type { Rule } from '../../src/audit/types.js';
import { context } from './helpers.js';

const text = 'services:\n  web:\n    image: nginx\n    ports: ["8080:80", "8081:81"]\n';

/** A rule reporting each port of `web` at one place: the second report more severe, and only it with a fix. */
const twice: Rule = {
  meta: {
    id: 'test-twice',
    title: 'test',
    severity: 'info',
    category: 'style',
    environments: 'all',
    references: {},
    description: 'test',
    fix: 'the rule fix',
    messages: { one: 'port {{n}} of {{service}}' },
  },
  check(_ctx, report) {
    for (const n of [0, 1])
      report({
        path: ['services', 'web', 'ports', n],
        at: { file: 'compose.yaml', line: 4, column: 11, endLine: 4, endColumn: 20 },
        messageId: 'one',
        data: { n, service: 'web' },
        ...(n === 1 ? { severity: 'error' as const, fix: { description: 'close it', yaml: 'ports: []\n' } } : {}),
      });
  },
};

t.test('a finding made from its pending form has the keys and values the runner gave, in their order', async (t) => {
  const { findings } = auditModel(context(text), { rules: [twice] });
  t.equal(findings.length, 1, 'one finding for one place');
  const f = findings[0];
  t.same(Object.keys(f), [
    'code',
    'severity',
    'message',
    'file',
    'line',
    'column',
    'path',
    'endLine',
    'endColumn',
    'hint',
    'rule',
    'messageId',
    'environment',
    // the more severe report brought the fix: its key after the others, as when it was set on the finding
    'fix',
  ]);
  t.match(f, {
    severity: 'error',
    message: 'port 1 of web (and 1 more like it here)',
    path: 'services.web.ports[1]',
    hint: 'close it',
  });
});

t.test('pending findings read like findings, and are made once', async (t) => {
  const { findings } = auditItems(context(text), { rules: [twice] });
  const p = findings[0];
  t.ok(p instanceof PendingFinding);
  t.equal(p.message, 'port 1 of web (and 1 more like it here)');
  t.equal(p.path, 'services.web.ports[1]');
  t.equal(p.rule, 'test-twice');
  t.equal(toFinding(p), toFinding(p), 'the same Finding each time it is asked for');
  t.same(toFinding(p), auditModel(context(text), { rules: [twice] }).findings[0]);
});

t.test("an audit's port ranges are not kept for the next request", async (t) => {
  t.same(portRange('1-3'), [1, 3]);
  forgetPortRanges();
  t.same(portRange('1-3'), [1, 3], 'read again after being forgotten');
  // an audit forgets the ranges it read: a worker kept 65,535 of them after one `1-65535` answer
  // (the service's own call, runTask, as a worker runs it for each request)
  const child = `
    import { runTask } from ${JSON.stringify(new URL('../../src/usecases/task.ts', import.meta.url).pathname)};
    const review = (range) => runTask({ question: 'review', options: {}, input: { files: { 'compose.yaml': 'services:\\n  web:\\n    image: nginx\\n    ports: ["' + range + '"]\\n' } } });
    review('1-3:1-3'); gc(); gc();
    const before = process.memoryUsage().heapUsed;
    review('1-65535:1-65535'); gc(); gc();
    console.log(JSON.stringify({ grew: process.memoryUsage().heapUsed - before }));
  `;
  const { spawnSync } = await import('node:child_process');
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', child], {
    encoding: 'utf8',
  });
  t.equal(r.status, 0, r.stderr);
  const { grew } = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { grew: number };
  t.ok(
    grew < 3 * 2 ** 20,
    `the heap kept ${grew} bytes after the review (under 3 MiB; 7.5 MiB when it kept the ranges)`,
  );
});
