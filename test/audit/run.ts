import t from 'tap';
import { auditModel, parsePolicy, roleFor, isEnabled } from '../../src/audit/run.js';
import { rules, ruleById } from '../../src/audit/rules/index.js';
import type { Rule } from '../../src/audit/types.js';
import { context, model, y } from './helpers.js';

const compose = y`
  services:
    web:
      image: nginx:latest
      privileged: true # compose-review-ignore privileged needed for the legacy driver
      # compose-review-ignore image-unpinned,port-all-interfaces pinned by the deploy job
      ports: ["8080:80"]
    db:
      image: postgres
      x-compose-review:
        ignore: [image-unpinned, "healthcheck-missing checked by the orchestrator"]
    proxy:
      image: nginx:1.27
      depends_on: [web, db]
`;

t.test('role filter: production-only rules skip development', async (t) => {
  const dev = auditModel(context(compose, { role: 'development', environment: 'dev' }));
  const prod = auditModel(context(compose));
  const ids = (r: typeof dev) => new Set([...r.findings, ...r.suppressed].map((f) => f.rule));
  t.notOk(ids(dev).has('cap-drop-missing'));
  t.ok(ids(prod).has('cap-drop-missing'));
  t.ok(ids(dev).has('privileged'));
  t.equal(dev.findings[0].environment, 'dev');
  t.equal(roleFor('prod'), 'production');
  t.equal(roleFor('staging'), 'production');
  t.equal(roleFor('dev'), 'development');
  t.equal(roleFor('qa'), 'production', 'a name that says nothing is what gets deployed');
  t.equal(roleFor('qa', { environments: { qa: 'other' } }), 'other');
  t.equal(roleFor('specification'), 'production', '"ci" inside a word says nothing');
  const policyRole = auditModel(context(compose, { role: 'development', environment: 'qa' }), {
    policy: { environments: { qa: 'production' } },
  });
  t.ok(
    policyRole.findings.some((f) => f.rule === 'cap-drop-missing'),
    'policy environments set the role',
  );
});

t.test('suppressions: inline (same line, line above), per service, policy; counted, not dropped', async (t) => {
  const { findings, suppressed } = auditModel(context(compose, { role: 'development' }), {
    policy: { ignore: [{ rule: 'healthcheck-missing', services: ['web'], reason: 'sidecar checks it' }] },
  });
  const s = (rule: string, line: number) => suppressed.find((f) => f.rule === rule && f.line === line);
  t.match(s('privileged', 4), { suppressed: { by: 'inline', reason: 'needed for the legacy driver' } });
  t.match(s('port-all-interfaces', 6), { suppressed: { by: 'inline', reason: 'pinned by the deploy job' } });
  t.match(s('image-unpinned', 8), { suppressed: { by: 'service' } });
  t.match(s('healthcheck-missing', 7), { suppressed: { by: 'service', reason: 'checked by the orchestrator' } });
  t.match(s('healthcheck-missing', 2), { suppressed: { by: 'config', reason: 'sidecar checks it' } });
  // the inline comment on line 5 names image-unpinned but the image is on line 3: still reported
  t.ok(findings.some((f) => f.rule === 'image-unpinned' && f.line === 3));
  t.notOk(
    findings.some((f) => f.suppressed),
    'active findings carry no suppression',
  );
  for (const f of suppressed) t.notOk(findings.includes(f));
});

t.test('policy: off, severity override, default-off rules', async (t) => {
  const r = auditModel(context(compose), {
    policy: {
      rules: {
        privileged: 'off',
        'image-unpinned': 'error',
        'obsolete-version': 'off',
        'project-name-missing': 'warning',
      },
    },
  });
  const all = [...r.findings, ...r.suppressed];
  t.notOk(all.some((f) => f.rule === 'privileged'));
  t.ok(all.filter((f) => f.rule === 'image-unpinned').every((f) => f.severity === 'error'));
  t.ok(all.some((f) => f.rule === 'project-name-missing' && f.severity === 'warning'));
  t.notOk(
    auditModel(context(compose)).findings.some((f) => f.rule === 'services-order'),
    'style rules are off by default',
  );
  t.notOk(isEnabled(ruleById('ports-order') as Rule, 'production'));
});

t.test('findings are Diagnostics with code, path, hint and a location', async (t) => {
  const { findings } = auditModel(
    context('services:\n  a:\n    image: redis\n    ports: ["6379:6379"]\n', { role: 'development' }),
  );
  const f = findings.find((x) => x.rule === 'port-all-interfaces');
  t.match(f, {
    code: 'port-all-interfaces',
    severity: 'error',
    file: 'compose.yaml',
    line: 4,
    path: 'services.a.ports[0]',
    hint: String,
    environment: 'prod',
  });
  t.ok(f?.fix?.yaml?.includes('127.0.0.1:6379:6379'));
});

t.test('a crashing rule is reported, the others still run', async (t) => {
  const boom: Rule = {
    meta: { ...rules[0].meta, id: 'boom' },
    check: () => {
      throw new Error('kaput');
    },
  };
  const r = auditModel(context('services:\n  a:\n    privileged: true\n'), {
    rules: [boom, ruleById('privileged') as Rule],
  });
  t.ok(r.findings.some((f) => f.code === 'audit-rule-crashed' && /kaput/.test(f.message)));
  t.ok(r.findings.some((f) => f.rule === 'privileged'));
  const unknown: Rule = {
    meta: { ...rules[0].meta, id: 'unknown-message' },
    check: (_, report) => report({ path: [], messageId: 'nope' }),
  };
  t.match(auditModel(context('services: {}\n'), { rules: [unknown] }).findings, [
    { code: 'audit-rule-crashed', message: 'rule unknown-message failed: no message "nope"' },
  ]);
});

t.test('a finding carries its message id and the formatted message', async (t) => {
  const { findings } = auditModel(context('services:\n  web:\n    image: nginx\n'), {
    rules: [ruleById('image-unpinned') as Rule],
  });
  t.match(findings, [
    { rule: 'image-unpinned', messageId: 'noTag', message: 'image "nginx" of service "web" has no tag (means latest)' },
  ]);
});

t.test('no rule crashes on odd input', async (t) => {
  const odd = [
    'services: null\n',
    'services: [a, b]\n',
    'services:\n  a: null\n  b: 7\n  c: [1, 2]\n',
    y`
      version: 3
      name: 12
      services:
        a:
          image: 12
          ports: [80, null, {target: null}, [1], "::1:6000:6000", "a:b:c:d", {published: 99999999}]
          volumes: [null, 5, {type: bind}, {source: null, target: 7}, 'C:\\data:/data', ":", "/:/"]
          environment: [null, 5, "=x", "A=B=C"]
          labels: {a: null, b: [1]}
          cap_add: ALL
          cap_drop: {ALL: true}
          security_opt: null
          devices: [{}, 3, "/dev/x"]
          depends_on: {b: null, x: 3}
          healthcheck: {test: 5, disable: "yes"}
          logging: {driver: null, options: [1]}
          deploy: {resources: {limits: [1]}, replicas: "x", restart_policy: 5}
          ulimits: {nofile: [1], nproc: null}
          command: {a: 1}
          build: {args: 5}
          user: [0]
          x-compose-review: {ignore: [null, 5, {rule: null}]}
        b:
          depends_on: [a, null, 5]
          networks: [1, null]
      x-compose-review: 5
    `,
  ];
  for (const text of odd) {
    for (const role of ['production', 'development'] as const) {
      const ctx = { ...context(text, { role }), development: { environment: 'dev', model: model(text) } };
      const r = auditModel(ctx, {
        policy: { rules: Object.fromEntries(rules.map((x) => [x.meta.id, x.meta.severity])) },
      });
      t.same(
        r.findings.filter((f) => f.code === 'audit-rule-crashed').map((f) => f.message),
        [],
        `no crash (${role}): ${text.slice(0, 40)}`,
      );
    }
  }
});

t.test('parsePolicy reads .compose-review.yaml and reports mistakes', async (t) => {
  const text = y`
    rules:
      image-no-digest: off
      privileged: warning
      no-such-rule: error
      runs-as-root: loud
    environments:
      prod: production
      dev: development
      qa: sometimes
    ignore:
      - rule: shared-volume
        services: [db]
        reason: backups share it
  `;
  const { policy, diagnostics } = parsePolicy(model(text, '.compose-review.yaml'));
  t.same(policy, {
    rules: { 'image-no-digest': 'off', privileged: 'warning' },
    environments: { prod: 'production', dev: 'development' },
    ignore: [{ rule: 'shared-volume', services: ['db'], reason: 'backups share it' }],
  });
  t.same(
    diagnostics.map((d) => [d.line, d.code]),
    [
      [4, 'policy-invalid'],
      [5, 'policy-invalid'],
      [9, 'policy-invalid'],
    ],
  );
});

t.test('a policy member of the wrong shape or name is reported, not ignored', async (t) => {
  for (const [text, message] of [
    ['rules: [privileged]\n', /rules must be a mapping/],
    ['ignore: {privileged: 1}\n', /ignore must be a list/],
    ['environments: production\n', /environments must be a mapping/],
    ['rule:\n  privileged: off\n', /unknown member "rule": expected rules, environments or ignore/],
  ] as const) {
    const { diagnostics } = parsePolicy(model(text, '.compose-review.yaml'));
    t.match(
      diagnostics.map((d) => [d.code, d.line, d.message]),
      [['policy-invalid', 1, message]],
      JSON.stringify(text),
    );
  }
  t.same(parsePolicy(model('rules:\n', '.compose-review.yaml')).diagnostics, [], 'an empty member is no mistake');
});
