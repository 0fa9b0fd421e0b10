/**
 * A change review's new and fixed findings when the change raises a finding's severity at the same
 * place, and when the head's own policy (`.compose-review.yaml`) turns a rule off, lowers it or gives
 * an environment another role: the first is new (judged at its new severity), the others are
 * silenced (newSuppressed, `by: "config"`), never fixed.
 */
import t from 'tap';
import { buildApp } from '../src/api/app.js';
import { parseBundle } from '../src/bundle/bundle.js';
import { reviewChange } from '../src/review/review.js';
import { growth, GROWTH_LIMIT } from './helpers/growth.js';

const app = buildApp({ workers: 1 });
t.teardown(() => app.close());

const bundle = (files: Record<string, string>) => parseBundle({ files });
const compose = (service: string, lines: string[]) =>
  ['services:', `  ${service}:`, ...lines.map((l) => `    ${l}`), ''].join('\n');

t.test('a finding the change makes more severe at the same place is new, with what it was', async (t) => {
  // port-all-interfaces at services.db.ports[0]: info for 8080, error for PostgreSQL's 5432
  const base = bundle({ 'compose.yaml': compose('db', ['image: postgres:16', 'ports: ["8080:8080"]']) });
  const head = bundle({ 'compose.yaml': compose('db', ['image: postgres:16', 'ports: ["5432:5432"]']) });
  const c = reviewChange(base, head);
  const ports = c.newFindings.filter((f) => f.rule === 'port-all-interfaces');
  t.equal(ports.length, 1, 'the raised finding is new');
  t.match(ports[0], { severity: 'error', path: 'services.db.ports[0]', from: { severity: 'info' } });
  t.match(ports[0].from?.message, /8080/, 'what the base had there');
  t.match(c.verdict, {
    status: 'fail',
    cause: 'findings',
    reason: 'the change adds 1 finding at error level or above',
  });
  t.equal(c.fixedFindings.length, 0);

  // the other way round: a finding made less severe is neither new nor fixed
  const lowered = reviewChange(head, base);
  t.same(
    lowered.newFindings.map((f) => f.rule),
    [],
  );
  t.same(
    lowered.fixedFindings.map((f) => f.rule),
    [],
  );
  t.equal(lowered.verdict.status, 'pass');

  // the same severity at the same place: not new, as before
  const same = reviewChange(base, base);
  t.same(same.newFindings, []);
});

t.test('a read-only mount made writable: warning to error at the same place is new', async (t) => {
  const base = bundle({ 'compose.yaml': compose('web', ['image: nginx:1.25', 'volumes: ["/etc:/host-etc:ro"]']) });
  const head = bundle({ 'compose.yaml': compose('web', ['image: nginx:1.25', 'volumes: ["/etc:/host-etc"]']) });
  const c = reviewChange(base, head);
  t.match(
    c.newFindings.filter((f) => f.rule === 'sensitive-host-mount'),
    [{ severity: 'error', path: 'services.web.volumes[0]', from: { severity: 'warning' } }],
  );
  t.equal(c.verdict.status, 'fail');
});

t.test('the API and the PR comment say the finding was raised', async (t) => {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/review',
    payload: {
      base: { files: { 'compose.yaml': compose('db', ['image: postgres:16', 'ports: ["8080:8080"]']) } },
      head: { files: { 'compose.yaml': compose('db', ['image: postgres:16', 'ports: ["5432:5432"]']) } },
    },
  });
  t.equal(res.statusCode, 200);
  const body = res.json();
  t.match(body.verdict, { status: 'fail' });
  t.match(body.newFindings, [{ rule: 'port-all-interfaces', severity: 'error', from: { severity: 'info' } }]);
  t.match(body.markdown, /This change adds \*\*1\*\* finding/);
  t.match(body.markdown, /\(raised from info to error by this change\)/);
  // the other formats, which have no `from`, say it in the message
  const github = await app.inject({
    method: 'POST',
    url: '/v1/review?format=github',
    payload: {
      base: { files: { 'compose.yaml': compose('db', ['image: postgres:16', 'ports: ["8080:8080"]']) } },
      head: { files: { 'compose.yaml': compose('db', ['image: postgres:16', 'ports: ["5432:5432"]']) } },
    },
  });
  t.match(github.body, /::error [^\n]*raised from info to error by this change/);
});

const privileged = compose('web', ['image: nginx:1.25', 'privileged: true']);

t.test("a rule the head's policy turns off or lowers is silenced by the policy, not fixed", async (t) => {
  const base = bundle({ 'compose.yaml': privileged });
  for (const level of ['off', 'info', 'warning']) {
    const head = bundle({ 'compose.yaml': privileged, '.compose-review.yaml': `rules:\n  privileged: ${level}\n` });
    const c = reviewChange(base, head);
    t.same(
      c.fixedFindings.map((f) => f.rule),
      [],
      `${level}: not fixed`,
    );
    t.same(
      c.newFindings.map((f) => f.rule),
      [],
      `${level}: not new`,
    );
    const silenced = c.newSuppressed.filter((f) => f.rule === 'privileged');
    t.equal(silenced.length, 1, `${level}: listed as silenced`);
    t.match(silenced[0], { severity: 'error', path: 'services.web.privileged', suppressed: { by: 'config' } });
    t.match(
      silenced[0].suppressed?.reason,
      level === 'off' ? 'the policy turns privileged off' : `the policy lowers privileged from error to ${level}`,
    );
    t.equal(c.verdict.status, 'pass', `${level}: fails nothing`);
  }
  // the policy the base had already: nothing silenced by the change
  const withPolicy = { 'compose.yaml': privileged, '.compose-review.yaml': 'rules:\n  privileged: off\n' };
  const c = reviewChange(bundle(withPolicy), bundle(withPolicy));
  t.same(c.newSuppressed, []);
  t.same(c.fixedFindings, []);
  // a head dropping the base's policy brings the finding back: new
  const back = reviewChange(bundle(withPolicy), bundle({ 'compose.yaml': privileged }));
  t.same(
    back.newFindings.filter((f) => f.rule === 'privileged').map((f) => f.severity),
    ['error'],
  );
});

t.test("an environment the head's policy re-roles: its production findings are silenced, not fixed", async (t) => {
  const files = { 'compose.yaml': compose('web', ['image: nginx', 'ports: ["8080:80"]']) };
  const base = bundle(files);
  const head = bundle({ ...files, '.compose-review.yaml': 'environments:\n  default: development\n' });
  const c = reviewChange(base, head);
  t.same(
    c.fixedFindings.map((f) => f.rule),
    [],
  );
  t.ok(c.newSuppressed.length > 0, 'the production-only findings are listed');
  for (const f of c.newSuppressed)
    t.match(f, { suppressed: { by: 'config', reason: 'the policy makes the environment development' } });
  t.ok(c.newSuppressed.some((f) => f.rule === 'restart-policy-missing'));

  const res = await app.inject({
    method: 'POST',
    url: '/v1/review?format=markdown',
    payload: { base: { files }, head: { files: head.files } },
  });
  t.match(res.body, /This change adds \*\*0\*\* findings \(and suppresses \*\*\d+\*\*\) and fixes \*\*0\*\*/);
});

t.test('a YAML error with no model path is told apart by its line, not by its message alone', async (t) => {
  const badBase = compose('web', ['image: nginx:1.25', 'environment:', '  - A=1', '  B: 2']);
  // the head fixes the base's error and makes another of the same message further down
  const badHead = [
    ...compose('web', ['image: nginx:1.25', 'environment:', '  A: 1']).trimEnd().split('\n'),
    '  db:',
    '    image: postgres:16',
    '    ports:',
    '      - 5432:5432',
    '      x: 1',
    '',
  ].join('\n');
  const c = reviewChange(bundle({ 'compose.yaml': badBase }), bundle({ 'compose.yaml': badHead }));
  const errors = c.head.allDiagnostics.filter((d) => d.severity === 'error');
  t.same(
    errors.map((d) => [d.code, d.path]),
    [['yaml-bad-indent', '']],
    'one error, with no model path',
  );
  t.match(c.verdict, { status: 'fail', cause: 'validation', reason: 'the change adds 1 validation error' });

  // the base's error moved down by lines added above it: the same error, not blamed
  const moved = `# a comment\n# another\n${badBase}`;
  const same = reviewChange(bundle({ 'compose.yaml': badBase }), bundle({ 'compose.yaml': moved }));
  t.equal(same.head.allDiagnostics.filter((d) => d.severity === 'error')[0]?.line, 8, 'it moved');
  t.equal(same.verdict.status, 'pass', 'not blamed');
  t.match(same.verdict.reason, /existing ones are reported, not blamed/);
});

t.test('a service the head puts behind a profile: its findings are silenced, not fixed', async (t) => {
  const base = bundle({ 'compose.yaml': privileged });
  const head = bundle({
    'compose.yaml': compose('web', ['image: nginx:1.25', 'privileged: true', 'profiles: [debug]']),
  });
  const c = reviewChange(base, head);
  t.same(
    c.fixedFindings.map((f) => f.rule),
    [],
    'nothing fixed: the service is not audited',
  );
  t.match(
    c.newSuppressed.filter((f) => f.rule === 'privileged'),
    [{ severity: 'error', path: 'services.web.privileged', suppressed: { by: 'config', reason: /behind a profile/ } }],
  );
  t.equal(c.verdict.status, 'pass', 'fails nothing');
  // a service the head removes: its findings are fixed, as ever
  const removed = reviewChange(
    bundle({ 'compose.yaml': `${privileged}  db:\n    image: postgres:16\n` }),
    bundle({ 'compose.yaml': 'services:\n  db:\n    image: postgres:16\n' }),
  );
  t.ok(removed.fixedFindings.some((f) => f.rule === 'privileged' && f.path === 'services.web.privileged'));
});

// a guard on the work this file's fixes added (a second audit, the gated services' findings): it
// passes on the code before them too, which did neither
t.test(
  'cost: a head that gates every service behind a profile, or changes the policy, reviews in linear time',
  async (t) => {
    // n services, each privileged and publishing a port
    const pair = (n: number, head: 'profile' | 'policy') => {
      let y = 'services:\n';
      for (let i = 0; i < n; i++)
        y += `  s${i}:\n    image: nginx\n    privileged: true\n    ports: ["${8000 + i}:80"]\n`;
      const files: Record<string, string> =
        head === 'profile'
          ? { 'compose.yaml': y.replace(/privileged: true\n/g, 'privileged: true\n    profiles: [debug]\n') }
          : {
              'compose.yaml': y,
              '.compose-review.yaml': 'rules:\n  privileged: off\nenvironments:\n  default: development\n',
            };
      return [bundle({ 'compose.yaml': y }), bundle(files)] as const;
    };
    for (const head of ['profile', 'policy'] as const) {
      const [small, large] = [pair(150, head), pair(600, head)];
      t.ok(reviewChange(...small).newSuppressed.length > 150, `${head}: the findings are silenced`);
      const g = growth(
        () => reviewChange(...small),
        () => reviewChange(...large),
      );
      t.ok(
        g.ratio <= GROWTH_LIMIT,
        `${head}: ${g.small.toFixed(1)} ms, 4x: ${g.large.toFixed(1)} ms, ${g.ratio.toFixed(1)}x`,
      );
    }
  },
);
