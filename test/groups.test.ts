// Grouped output: findings[] keeps one entry per service and place, groups[] one per rule and place
// (one per rule over the project for the settings every service should have); text and markdown
// are made from the groups, a value that is both a plaintext secret and a weak password is one line.
import t from 'tap';
import { auditBundle } from '../src/usecases/index.js';
import { formatSarif } from '../src/report/sarif.js';

const ANCHORED = `x-app: &app
  image: ghcr.io/acme/app:2.4.1
  restart: unless-stopped
  environment:
    APP_SECRET: changeme
    LOG_LEVEL: info
  depends_on:
    db:
      condition: service_started
services:
  web:
    <<: *app
    ports: ["8080:8080"]
  worker:
    <<: *app
    command: work
  cron:
    <<: *app
    command: cron
  db:
    image: postgres:16.4
    restart: unless-stopped
    cap_drop: [ALL]
`;

/** The location (`file:line:col`) and rules of each finding line of a text report. */
function textLines(text: string): { at: string; rules: string[] }[] {
  return [...text.matchAll(/^([^\s:]+:\d+:\d+): (?:error|warning|info) .* \[([^\]]+)\]/gm)].map((m) => ({
    at: m[1],
    rules: m[2].split(', '),
  }));
}

t.test('groups[]: one per rule and place, naming every service; findings[] stays per service', async (t) => {
  const a = auditBundle({ files: { 'compose.yaml': ANCHORED } }).json;
  const secrets = a.findings.filter((f) => f.rule === 'secret-in-environment');
  t.same(
    secrets.map((f) => f.path),
    [
      'services.web.environment.APP_SECRET',
      'services.worker.environment.APP_SECRET',
      'services.cron.environment.APP_SECRET',
    ],
    'one finding per service',
  );
  const group = a.groups.filter((g) => g.rule === 'secret-in-environment');
  t.equal(group.length, 1, 'one group for the anchored value');
  t.match(group[0], {
    file: 'compose.yaml',
    line: 5,
    scope: 'location',
    services: ['web', 'worker', 'cron'],
    environments: ['default'],
    count: 3,
    message: 'environment variable APP_SECRET of service "web" (and 2 more) holds a plaintext secret',
    related: [{ line: 12, message: 'service "web" takes it through the alias *app' }],
  });
  const caps = a.groups.filter((g) => g.rule === 'cap-drop-missing');
  t.equal(caps.length, 1, 'a setting every service should have: one project-level group');
  t.match(caps[0], {
    scope: 'project',
    services: ['web', 'worker', 'cron'],
    count: 3,
    message: '1 of 4 services drop every capability (cap_drop: [ALL]); not web, worker, cron',
  });
  t.equal(a.findings.filter((f) => f.rule === 'cap-drop-missing').length, 3, 'findings[] keeps every service');
  const keys = a.groups.map((g) => `${g.rule} ${g.file}:${g.line}:${g.column}`);
  t.equal(new Set(keys).size, keys.length, 'no two groups share rule and place');
});

t.test('text: no two lines share rule and place; a plaintext secret that is also weak is one line', async (t) => {
  const text = auditBundle({ files: { 'compose.yaml': ANCHORED } }, { format: 'text' }).rendered!.body;
  const lines = textLines(text);
  const pairs = lines.flatMap((l) => l.rules.map((r) => `${r} ${l.at}`));
  t.equal(new Set(pairs).size, pairs.length, 'rule + place unique');
  const secret = lines.filter((l) => l.rules.includes('secret-in-environment'));
  t.same(secret, [{ at: 'compose.yaml:5:5', rules: ['secret-in-environment', 'weak-default-password'] }]);
  t.notMatch(text, /takes it through the alias/, 'a group over several services does not print every alias');
  t.match(text, /^ {6}APP_SECRET: \*{8}$/m, 'the secret is masked in the snippet');
  t.notMatch(text, /changeme/);
  t.match(text, /^environment default: production \(by default: a single Compose file is what gets deployed\)$/m);
  t.equal(text.match(/\[cap-drop-missing\]/g)?.length, 1);
  t.match(text, /; \d+ findings on \d+ lines\n$/);
});

t.test(
  'suppressions stay per rule id: the weak password suppressed, the plaintext secret still reported',
  async (t) => {
    const files = {
      'compose.yaml': ANCHORED.replace(
        'APP_SECRET: changeme',
        'APP_SECRET: changeme # compose-review-ignore weak-default-password rotated at deploy',
      ),
    };
    const a = auditBundle({ files }, { format: 'text' });
    const lines = textLines(a.rendered!.body).filter((l) => l.at === 'compose.yaml:5:5');
    t.same(lines, [{ at: 'compose.yaml:5:5', rules: ['secret-in-environment'] }]);
    const json = auditBundle({ files }).json;
    t.equal(json.suppressed.filter((f) => f.rule === 'weak-default-password').length, 3);
    t.equal(json.findings.filter((f) => f.rule === 'secret-in-environment').length, 3);
  },
);

t.test('markdown and github annotations are one row per group; SARIF keeps one result per finding', async (t) => {
  const bundle = { files: { 'compose.yaml': ANCHORED } };
  const md = auditBundle(bundle, { format: 'markdown' }).rendered!.body;
  t.equal(md.match(/\| warning \| `compose\.yaml:\d+` \| default \| [^|]*services have a memory limit/g)?.length, 1);
  t.match(md, '`default`: production (by default: a single Compose file is what gets deployed)');
  const gh = auditBundle(bundle, { format: 'github' }).rendered!.body;
  t.equal(gh.match(/title=secret-in-environment::/g)?.length, 1);
  t.match(gh, /^::notice title=compose-review environments::default: production/);
  const sarif = JSON.parse(auditBundle(bundle, { format: 'sarif' }).rendered!.body) as ReturnType<typeof formatSarif>;
  t.equal(sarif.runs[0].results.filter((r) => r.ruleId === 'secret-in-environment').length, 3);
  t.match(sarif.runs[0].properties, { environments: { default: { role: 'production', roleSource: 'default' } } });
});

t.test('over the whole corpus, no two text lines share rule and place', async (t) => {
  const { corpusSets } = await import('./helpers/corpus.js');
  const { environmentNameOf } = await import('../src/bundle/roles.js');
  for (const set of corpusSets()) {
    const name = environmentNameOf(set.spec.files);
    const text = auditBundle({ files: set.bundle.files, environments: { [name]: set.spec } }, { format: 'text' })
      .rendered!.body;
    const pairs = textLines(text).flatMap((l) => l.rules.map((r) => `${r} ${l.at}`));
    t.equal(new Set(pairs).size, pairs.length, `${set.id} ${set.spec.files.join(',')}`);
  }
});

t.test('a service whose name the model path quotes (services["api.v1"]) is named by its group', async (t) => {
  const files = {
    'compose.yaml': ANCHORED.replace('  web:\n', '  api.v1:\n').replace('  worker:\n', '  api.v2:\n'),
  };
  const a = auditBundle({ files }).json;
  t.match(
    a.findings.filter((f) => f.rule === 'secret-in-environment').map((f) => f.path),
    ['services["api.v1"].environment.APP_SECRET', 'services["api.v2"].environment.APP_SECRET', /cron/],
  );
  const group = a.groups.filter((g) => g.rule === 'secret-in-environment');
  t.equal(group.length, 1);
  t.same(group[0].services, ['api.v1', 'api.v2', 'cron']);
  t.match(group[0].message, /of service "api\.v1" \(and 2 more\)/);
  t.same(a.groups.find((g) => g.rule === 'cap-drop-missing')?.services, ['api.v1', 'api.v2', 'cron']);
  // the plaintext secret that is also weak stays one line for a quoted path too
  const text = auditBundle({ files }, { format: 'text' }).rendered!.body;
  t.match(text, /\[secret-in-environment, weak-default-password\]/);
});

t.test('groups are made from every finding, then capped to the findings budget', async (t) => {
  const bundle = { files: { 'compose.yaml': ANCHORED } };
  const all = auditBundle(bundle).json;
  t.ok(
    all.findings.length > 4 && all.groups.length > 4,
    `${all.findings.length} findings, ${all.groups.length} groups`,
  );
  const capped = auditBundle(bundle, { budgets: { findings: 4 } }).json;
  t.equal(capped.findings.length, 4, 'findings[] capped');
  t.equal(capped.groups.length, 4, 'groups[] capped to the same budget');
  t.same(
    capped.diagnostics.filter((d) => d.code === 'finding-limit').map((d) => /more (.*) left out/.exec(d.message)?.[1]),
    ['findings', 'finding groups'],
    'each list says what it left out',
  );
  // the errors are kept first, and a kept group names every service, including those whose findings were cut
  const secret = capped.groups.find((g) => g.rule === 'secret-in-environment');
  t.same(secret?.services, ['web', 'worker', 'cron']);
  t.equal(secret?.count, 3);
  const rank = { error: 2, warning: 1, info: 0 } as const;
  const kept = new Set(capped.groups.map((g) => `${g.rule} ${g.line}`));
  const dropped = all.groups.filter((g) => !kept.has(`${g.rule} ${g.line}`));
  t.ok(
    Math.min(...capped.groups.map((g) => rank[g.severity])) >= Math.max(...dropped.map((g) => rank[g.severity])),
    'the most severe groups are kept',
  );
  const text = auditBundle(bundle, { budgets: { findings: 4 }, format: 'text' }).rendered!.body;
  t.equal(textLines(text).filter((l) => !l.rules.includes('finding-limit')).length, 3, 'text prints the kept groups');
});

t.test('a group lists each service and environment once, past the size where it indexes them', async (t) => {
  const { groupFindings } = await import('../src/audit/groups.js');
  // one anchored problem over 40 services in two environments, each service reported twice in each
  const f = (i: number, environment: string) => ({
    code: 'privileged',
    rule: 'privileged',
    severity: 'error' as const,
    message: `service "s${i % 40}" runs privileged`,
    file: 'compose.yaml',
    line: 2,
    column: 3,
    path: `services.s${i % 40}.privileged`,
    environment,
  });
  const list = [0, 1].flatMap((e) => Array.from({ length: 80 }, (_, i) => f(i, e ? 'production' : 'development')));
  const [g, ...rest] = groupFindings(list);
  t.equal(rest.length, 0);
  t.same(
    g.services,
    Array.from({ length: 40 }, (_, i) => `s${i}`),
  );
  t.same(g.environments, ['development', 'production']);
  t.equal(g.count, 160);
  t.match(g.message, /service "s0" \(and 39 more\) runs privileged/);
});

t.test('grouping findings of several environments counts each finding once, as merged across them', async (t) => {
  const { answerGroups } = await import('../src/audit/groups.js');
  const { mergeEnvironments, mergesAcrossEnvironments } = await import('../src/report/findings.js');
  const at = (rule: string, line: number, path: string, environment: string, severity = 'warning' as const) => ({
    code: rule,
    rule,
    severity,
    message: `${rule} at ${path}`,
    file: 'compose.yaml',
    line,
    column: 3,
    path,
    environment,
  });
  // environments A, B, C in turn: an anchored line seen by s1 in A and C, by s2 in B (merged, the
  // group lists A, C, then B); a project-wide rule of one path at two places; a suppressed occurrence
  const list = [
    at('privileged', 2, 'services.s1.privileged', 'A'),
    at('cap-drop-missing', 5, 'services.s1', 'A'),
    at('privileged', 2, 'services.s2.privileged', 'B'),
    at('cap-drop-missing', 5, 'services.s1', 'B'),
    at('cap-drop-missing', 9, 'services.s2', 'B'),
    { ...at('privileged', 2, 'services.s3.privileged', 'B'), suppressed: { by: 'inline' as const } },
    at('privileged', 2, 'services.s1.privileged', 'C', 'error'),
    at('cap-drop-missing', 7, 'services.s1', 'C'),
    at('privileged', 2, 'services.s2.privileged', 'C'),
  ];
  t.ok(mergesAcrossEnvironments(list));
  const counts = { A: 3, B: 3, C: 3 };
  const merged = answerGroups(mergeEnvironments(list), 10, { serviceCounts: counts });
  const direct = answerGroups(list, 10, { serviceCounts: counts, merge: true });
  t.same(direct, merged, 'the groups mergeEnvironments would give, without its copies');
  const privileged = direct.groups.find((g) => g.rule === 'privileged');
  t.same(privileged?.environments, ['A', 'C', 'B'], "each finding's environments in turn");
  t.equal(privileged?.count, 2);
  t.equal(privileged?.severity, 'error');
  t.equal(direct.groups.find((g) => g.rule === 'cap-drop-missing')?.count, 3, 'one path at two places is two');
  t.notOk(mergesAcrossEnvironments(list.filter((d) => d.environment === 'A')), 'one environment: nothing to merge');
});
