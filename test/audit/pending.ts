import t from 'tap';
import { spawnSync } from 'node:child_process';
import { auditModel, auditPending } from '../../src/audit/run.js';
import { auditProject } from '../../src/audit/project.js';
import { plainFinding } from '../../src/audit/pending.js';
import { loadBundle } from '../../src/load/bundle.js';
import { serviceRule, defineRule } from '../../src/audit/rule.js';
import { serviceFix } from '../../src/audit/model.js';
import type { Location } from '../../src/diagnostics.js';
import { context } from './helpers.js';
import { TS_NODE_ARGS } from '../helpers/ts-child.js';

const meta = {
  title: 't',
  severity: 'warning',
  category: 'style',
  environments: 'all',
  references: {},
  description: 'd',
  fix: 'the rule fix',
} as const;

t.test('the findings kept pending make the Findings the runner made, field for field and in order', async (t) => {
  const ctx = context('services:\n  a:\n    image: x\n  b:\n    image: y\n  c:\n    image: y\n');
  const FRAGMENT = { read_only: true };
  const rule = serviceRule(
    { ...meta, id: 'pending-shapes', messages: { m: 'service "{{service}}" runs {{image}}' } },
    (svc, name, report) =>
      report({
        path: ['image'],
        messageId: 'm',
        data: { image: String(svc.image) },
        fix: serviceFix(name, 'make it read-only', FRAGMENT),
      }),
  );
  const pending = auditPending(ctx, { rules: [rule] }).findings;
  const plain = pending.map(plainFinding);
  // the reports of b and c share a shape, a's has data of its own: each message is its service's
  t.same(
    plain.map((f) => f.message),
    ['service "a" runs x', 'service "b" runs y', 'service "c" runs y'],
  );
  t.same(
    plain.map((f) => f.path),
    ['services.a.image', 'services.b.image', 'services.c.image'],
  );
  t.same(plain[2].fix && JSON.parse(JSON.stringify(plain[2].fix)), {
    description: 'make it read-only',
    yaml: 'services:\n  c:\n    read_only: true\n',
    patch: { services: { c: { read_only: true } } },
  });
  t.same(Object.keys(plain[0]), [
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
    'fix',
  ]);
  // what a reader of every finding reads, without making them
  t.same(
    pending.map((f) => [f.rule, f.file, f.line, f.severity, f.path, f.environment]),
    plain.map((f) => [f.rule, f.file, f.line, f.severity, f.path, f.environment]),
  );
});

t.test('a fix from a more severe report at one place comes after `related` and `suppressed`', async (t) => {
  const ctx = context('services:\n  a:\n    ports: ["1:1", "2:2"]\n');
  const at: Location = { file: 'compose.yaml', line: 3, column: 5, endLine: 3, endColumn: 9 };
  const rule = defineRule({ ...meta, id: 'pending-late-fix', messages: { m: 'port {{n}}' } }, (_, report) => {
    report({ path: ['services', 'a', 'ports', 0], at, messageId: 'm', data: { n: 0 }, severity: 'info' });
    report({
      path: ['services', 'a', 'ports', 1],
      at,
      messageId: 'm',
      data: { n: 1 },
      severity: 'error',
      fix: { description: 'close it' },
    });
  });
  const { suppressed } = auditModel(ctx, { rules: [rule], policy: { ignore: [{ rule: 'pending-late-fix' }] } });
  t.equal(suppressed.length, 1);
  const f = suppressed[0];
  t.match(f, {
    severity: 'error',
    message: 'port 1 (and 1 more like it here)',
    path: 'services.a.ports[1]',
    hint: 'close it',
  });
  t.same(Object.keys(f).slice(-3), ['environment', 'suppressed', 'fix']);
});

t.test('a rule that fails says nothing of the reports it merged, and keeps what a report counted', async (t) => {
  const ctx = context('services:\n  a:\n    ports: ["1:1"]\n');
  const at: Location = { file: 'compose.yaml', line: 3, column: 5, endLine: 3, endColumn: 9 };
  const rule = defineRule({ ...meta, id: 'pending-crash', messages: { m: 'port {{n}}' } }, (_, report) => {
    report({ path: ['services', 'a', 'ports', 0], at, messageId: 'm', data: { n: 0 } });
    report({ path: ['services', 'a', 'ports', 1], at, messageId: 'm', data: { n: 1 } });
    report({ path: ['x'], messageId: 'm', data: { n: 2 }, count: 3 });
    throw new Error('kaput');
  });
  const messages = auditModel(ctx, { rules: [rule] }).findings.map((f) => f.message);
  t.same(messages, ['rule pending-crash failed: kaput', 'port 2', 'port 0']);
  // a report at no place says what it counts at once
  const nowhere = { ...ctx, model: { services: { a: {} } } };
  const messagesNowhere = auditModel(nowhere, { rules: [rule] }).findings.map((f) => f.message);
  t.same(messagesNowhere, ['rule pending-crash failed: kaput', 'port 2 (and 2 more like it here)', 'port 0']);
});

t.test("a library user's environment lists are plain Findings, and stay the lists", async (t) => {
  const result = loadBundle({
    files: { 'compose.yaml': 'services:\n  a:\n    image: nginx\n    privileged: true\n' },
  });
  const audit = auditProject(result);
  const e = audit.environments.default;
  const found = e.findings;
  t.ok(found.length > 0);
  for (const f of found) t.equal(Object.getPrototypeOf(f), Object.prototype, `${f.rule} is a plain object`);
  const privileged = found.find((f) => f.rule === 'privileged');
  t.match({ ...privileged }, { message: 'service "a" runs privileged: it has full access to the host' });
  t.equal(e.findings, found, 'the list read is the list');
  t.same(JSON.parse(JSON.stringify(e)).findings, JSON.parse(JSON.stringify(found)));
});

t.test('the findings of a large project take little room until an answer shows them', async (t) => {
  // 2,000 privileged services: 20,000 findings. As plain Findings they kept ~390 bytes each.
  const child = `
    import { loadBundle } from ${JSON.stringify(new URL('../../src/load/bundle.ts', import.meta.url).pathname)};
    import { auditProject } from ${JSON.stringify(new URL('../../src/audit/project.ts', import.meta.url).pathname)};
    let text = 'services:\\n';
    for (let i = 0; i < 2000; i++) text += '  s' + i + ':\\n    image: nginx\\n    privileged: true\\n';
    const result = loadBundle({ files: { 'compose.yaml': text } });
    auditProject(result, { maxFindings: 10 });
    gc(); gc();
    const before = process.memoryUsage().heapUsed;
    const audit = auditProject(result, { maxFindings: 10 });
    gc(); gc();
    const grew = process.memoryUsage().heapUsed - before;
    const n = audit.counts.error + audit.counts.warning + audit.counts.info;
    console.log(JSON.stringify({ n, perFinding: grew / n, keep: typeof audit }));
  `;
  const r = spawnSync(process.execPath, ['--expose-gc', ...TS_NODE_ARGS, '--input-type=module', '-e', child], {
    encoding: 'utf8',
  });
  t.equal(r.status, 0, r.stderr);
  const { n, perFinding } = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as {
    n: number;
    perFinding: number;
  };
  t.ok(n >= 20_000, `${n} findings`);
  t.ok(perFinding < 200, `${perFinding.toFixed(0)} bytes a finding (under 200; ~390 as plain Findings)`);
});

t.test("a library user's environment lists: plain fixes, and a list assigned is kept", async (t) => {
  const result = loadBundle({
    files: { 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    user: root\n' },
  });
  const e = auditProject(result).environments.default;
  const f = e.findings.find((x) => x.rule === 'runs-as-root');
  t.ok(f?.fix, 'a finding with a fix');
  t.same(Object.keys(f?.fix ?? {}), ['description', 'yaml', 'patch'], 'yaml and patch are fields of the fix');
  const copy = structuredClone(f);
  t.match(copy?.fix, { yaml: /user: "10001:10001"/, patch: { services: { web: { user: '10001:10001' } } } });
  const mine = [f!];
  e.findings = mine;
  t.equal(e.findings, mine, 'the list assigned');
  mine.push(f!);
  t.equal(e.findings.length, 2, 'what is pushed to it stays');
});
