import t from 'tap';
import { loadBundle, type LoadedEnvironment } from '../src/load/bundle.js';
import { parseBundle } from '../src/bundle/bundle.js';
import { defaultPair, diffEnvironments, diffModels, type DiffEntry } from '../src/diff/diff.js';
import { DRIFT_RULES, driftRisks } from '../src/diff/drift.js';
import { auditModel } from '../src/audit/run.js';
import { formatPath, parsePath } from '../src/diagnostics.js';
import { diffData, formatDiffMarkdown, formatDiffText, MASK, redactValue } from '../src/report/diff.js';
import { seedBundle } from './helpers/fixtures.js';
import type { TreeObject } from '../src/yaml/located.js';

const load = (files: Record<string, string>, options = {}) => {
  const result = loadBundle(parseBundle({ files }), options);
  t.same(
    result.diagnostics.filter((d) => d.severity === 'error'),
    [],
    'the bundle loads',
  );
  return result.environments;
};
const seed = () => load(seedBundle().files);
const byPath = (entries: DiffEntry[]) => Object.fromEntries(entries.map((e) => [e.path, e]));
const LEAKS = ['drift-source-mount', 'drift-debug-setting', 'drift-dev-command', 'drift-debug-port'];

t.test('seed stack: development -> production, with file:line on each side', async (t) => {
  const [dev, prod] = defaultPair(seed())!;
  const diff = diffEnvironments(dev, prod);
  t.equal(diff.from, 'development');
  t.equal(diff.to, 'production');
  t.ok(diff.complete);
  const e = byPath(diff.entries);
  t.match(e['services.api.environment.DEBUG'], {
    kind: 'removed',
    from: 'true',
    fromLocation: { file: 'docker-compose.override.yml', line: 7 },
  });
  t.notOk(e['services.api.environment.DEBUG'].toLocation);
  t.match(e['services.api.environment.NODE_ENV'], {
    kind: 'changed',
    from: 'development',
    to: 'production',
    fromLocation: { file: 'docker-compose.override.yml', line: 8 },
    toLocation: { file: 'docker-compose.yml', line: 9 },
  });
  t.match(e['services.api.command'], {
    kind: 'removed',
    from: ['npm', 'run', 'dev'],
    fromLocation: { file: 'docker-compose.override.yml', line: 3 },
  });
  t.match(e['services.api.volumes[/app]'], {
    kind: 'removed',
    field: 'volumes[/app]',
    from: { type: 'bind', source: './api', target: '/app' },
    fromLocation: { file: 'docker-compose.override.yml', line: 5 },
  });
  t.match(e['services.api.ports[9229:9229/tcp]'], {
    kind: 'removed',
    fromLocation: { file: 'docker-compose.override.yml', line: 10 },
  });
  t.match(e['services.api.deploy.replicas'], {
    kind: 'added',
    to: 3,
    toLocation: { file: 'docker-compose.prod.yml', line: 5 },
  });
  t.match(e['services.api.deploy.resources.limits.memory'], {
    kind: 'added',
    to: '536870912',
    toLocation: { file: 'docker-compose.prod.yml', line: 8 },
  });
  t.match(e['services.api.deploy.resources.limits.cpus'], {
    kind: 'added',
    to: 0.5,
    toLocation: { file: 'docker-compose.prod.yml', line: 9 },
  });
  // what both share is no difference: the 8080 port, image, healthcheck, the other services
  t.same(
    Object.keys(e).filter((p) => /ports\[8080|image|healthcheck|services\.(db|cache)|^(networks|volumes)/.test(p)),
    [],
  );
});

t.test('drift on the seed stack: the development-only settings stay out of production', async (t) => {
  const [dev, prod] = defaultPair(seed())!;
  t.same(driftRisks(dev, prod), []);
});

t.test('drift flags development settings once they are in the production file', async (t) => {
  const files = seedBundle().files;
  // copy the override's api settings into the production file, below its own
  files['docker-compose.prod.yml'] += files['docker-compose.override.yml'].replace('services:\n  api:\n', '');
  const envs = load(files);
  const findings = driftRisks(envs.development, envs.production);
  // the same answer from the findings of a whole audit of production (every rule, development beside it)
  const audit = auditModel({
    environment: 'production',
    role: 'production',
    model: envs.production.model!,
    development: { environment: 'development', model: envs.development.model! },
  });
  t.same(driftRisks(envs.development, envs.production, { findings: audit.findings }), findings, 'from an audit');
  t.match(
    driftRisks(envs.development, envs.production, {
      findings: [
        { ...audit.findings[0], rule: 'debug-in-production', code: 'audit-rule-crashed', message: 'rule x failed: y' },
      ],
    }),
    [{ rule: 'drift-rule-crashed', severity: 'warning', message: 'rule x failed: y', file: '' }],
    'a rule that crashed in the audit is reported by drift too',
  );
  const by = Object.fromEntries(findings.map((f) => [f.path, f]));
  t.same([...new Set(findings.map((f) => f.rule))].sort(), [...LEAKS].sort());
  const prodLine = (n: number) => ({ file: 'docker-compose.prod.yml', line: 14 + n });
  const devLine = (n: number) => ({ file: 'docker-compose.override.yml', line: n });
  t.match(by['services.api.command'], {
    rule: 'drift-dev-command',
    severity: 'warning',
    environment: 'production',
    ...prodLine(1),
    development: devLine(3),
    related: [devLine(3)],
  });
  t.match(by['services.api.volumes[/app]'], { rule: 'drift-source-mount', ...prodLine(3), development: devLine(5) });
  t.match(by['services.api.environment.DEBUG'], {
    rule: 'drift-debug-setting',
    ...prodLine(5),
    development: devLine(7),
  });
  t.match(by['services.api.environment.NODE_ENV'], {
    rule: 'drift-debug-setting',
    ...prodLine(6),
    development: devLine(8),
  });
  t.match(by['services.api.ports[9229:9229/tcp]'], {
    rule: 'drift-debug-port',
    ...prodLine(8),
    development: devLine(10),
  });
  t.match(
    by['services.api.command'].message,
    /npm run dev in production; development sets the same \(docker-compose\.override\.yml:3\)/,
  );

  // moved rather than copied: still flagged, with no development side
  files['docker-compose.override.yml'] = 'services:\n  api:\n    environment:\n      LOG_FORMAT: pretty\n';
  const moved = load(files);
  const again = driftRisks(moved.development, moved.production).filter((f) => LEAKS.includes(f.rule));
  t.equal(again.length, 5);
  t.ok(again.every((f) => f.file === 'docker-compose.prod.yml'));
  const nodeEnv = again.find((f) => f.path === 'services.api.environment.NODE_ENV')!;
  t.match(
    nodeEnv,
    {
      development: { file: 'docker-compose.yml', line: 9 },
      message: /development sets it differently \(docker-compose\.yml:9\)/,
    },
    'development keeps the base value',
  );
  t.ok(
    again
      .filter((f) => f !== nodeEnv)
      .every((f) => f.development === undefined && /development does not$/.test(f.message)),
  );
});

t.test('drift: production missing what development has, image drift, container_name with replicas', async (t) => {
  const files = {
    'compose.yaml': [
      'services:',
      '  web:',
      '    image: shop/web:1.0',
      '    restart: always',
      '    environment:',
      '      API_URL: http://api',
      '    healthcheck:',
      '      test: ["CMD", "true"]',
      '  worker:',
      '    image: shop/worker:1.0',
      '    container_name: shop-worker',
      '',
    ].join('\n'),
    'compose.override.yaml': 'services:\n  web:\n    environment:\n      FEATURE_X: "on"\n      DEBUG: "1"\n',
    'compose.prod.yaml':
      'services:\n  web:\n    image: shop/web:1.1\n    restart: "no"\n    healthcheck: !reset {}\n    environment: !override\n      API_URL: https://api\n',
  };
  const envs = load(files);
  const findings = driftRisks(envs.development, envs.production);
  const rules = Object.fromEntries(findings.map((f) => [f.rule, f]));
  t.same(Object.keys(rules).sort(), [
    'drift-environment-missing',
    'drift-healthcheck-removed',
    'drift-image-differs',
    'drift-restart-policy-removed',
  ]);
  t.match(rules['drift-healthcheck-removed'], {
    severity: 'warning',
    path: 'services.web.healthcheck',
    development: { file: 'compose.yaml', line: 7 },
  });
  t.match(rules['drift-restart-policy-removed'], {
    severity: 'warning',
    file: 'compose.prod.yaml',
    line: 4,
    development: { file: 'compose.yaml', line: 4 },
  });
  // DEBUG is development-only by design: only FEATURE_X is missing
  t.match(rules['drift-environment-missing'], {
    severity: 'info',
    path: 'services.web.environment.FEATURE_X',
    development: { file: 'compose.override.yaml', line: 4 },
  });
  t.equal(findings.filter((f) => f.rule === 'drift-environment-missing').length, 1);
  t.match(rules['drift-image-differs'], {
    severity: 'info',
    file: 'compose.prod.yaml',
    line: 3,
    development: { file: 'compose.yaml', line: 3 },
  });

  // Compose refuses container_name with replicas, so this needs the model before the checks
  files['compose.prod.yaml'] = 'services:\n  worker:\n    deploy:\n      replicas: 2\n';
  const raw = loadBundle(parseBundle({ files }), { stage: 'model' }).environments;
  const cn = driftRisks(raw.development, raw.production).filter((f) => f.rule === 'drift-container-name-with-replicas');
  t.match(cn, [
    {
      severity: 'error',
      path: 'services.worker.container_name',
      file: 'compose.yaml',
      line: 11,
      related: [{ line: 11 }, { file: 'compose.prod.yaml', line: 4 }],
    },
  ]);
  t.ok(DRIFT_RULES.every((r) => /^drift-/.test(r.id)));
});

/** Diff of two one-file projects: the model of `a` against the model of `b`. */
function diffTexts(a: string, b: string): DiffEntry[] {
  const x = load({ 'compose.yaml': a }).default;
  const y = load({ 'compose.yaml': b }).default;
  return diffEnvironments(x, y).entries;
}

t.test('meaning, not text', async (t) => {
  const same: [string, string, string][] = [
    ['short port vs long form', 'ports: ["80:80"]', 'ports: [{target: 80, published: 80}]'],
    ['environment list vs map', 'environment: [A=1, B=two]', 'environment: {B: two, A: 1}'],
    ['512M vs bytes', 'mem_limit: 512M', 'mem_limit: 536870912'],
    [
      'limits memory',
      'deploy: {resources: {limits: {memory: 512M, cpus: "0.5"}}}',
      'deploy: {resources: {limits: {memory: "536870912", cpus: 0.5}}}',
    ],
    [
      'reordered ports',
      'ports: ["80:80", "443:443", "127.0.0.1:9000:9000"]',
      'ports: ["127.0.0.1:9000:9000", "443:443", "80:80"]',
    ],
    [
      'durations',
      'healthcheck: {test: [CMD, "true"], interval: 90s}',
      'healthcheck: {test: [CMD, "true"], interval: 1m30s}',
    ],
    ['capabilities as a set', 'cap_add: [NET_ADMIN, SYS_TIME]', 'cap_add: [SYS_TIME, NET_ADMIN]'],
    [
      'volumes by target',
      'volumes: ["./a:/a", "data:/data"]',
      'volumes: ["data:/data", {type: bind, source: ./a, target: /a, bind: {create_host_path: true}}]',
    ],
    ['networks list vs map', 'networks: [front, back]', 'networks: {back: null, front: null}'],
  ];
  const wrap = (s: string) =>
    `services:\n  x:\n    image: busybox:1.36\n    ${s}\nnetworks: {front: {}, back: {}}\nvolumes: {data: {}}\n`;
  for (const [name, a, b] of same) t.same(diffTexts(wrap(a), wrap(b)), [], name);

  const cmd = diffTexts(wrap('command: [serve, --port, "80"]'), wrap('command: [--port, "80", serve]'));
  t.match(
    cmd,
    [{ path: 'services.x.command', kind: 'changed', from: ['serve', '--port', '80'], to: ['--port', '80', 'serve'] }],
    'command order matters',
  );
  const test = diffTexts(wrap('healthcheck: {test: [CMD, a, b]}'), wrap('healthcheck: {test: [CMD, b, a]}'));
  t.match(test, [{ path: 'services.x.healthcheck.test', kind: 'changed' }]);

  const one = diffTexts(wrap('ports: ["80:80", "443:443"]'), wrap('ports: ["8080:8080", "80:80", "443:443"]'));
  t.match(
    one,
    [{ path: 'services.x.ports[8080:8080/tcp]', kind: 'added', to: { target: 8080, published: '8080' } }],
    'one new port is one entry',
  );
  const mode = diffTexts(wrap('ports: ["80:80"]'), wrap('ports: [{target: 80, published: 80, mode: host}]'));
  t.match(mode, [{ path: 'services.x.ports[80:80/tcp].mode', kind: 'changed', from: 'ingress', to: 'host' }]);
  const secrets = diffTexts(
    'services:\n  x:\n    image: a\n    secrets: [db, {source: api, target: /etc/api}]\nsecrets: {db: {file: ./db}, api: {file: ./api}}\n',
    'services:\n  x:\n    image: a\n    secrets: [{source: api, target: /etc/api}, {source: db, mode: 0400}]\nsecrets: {db: {file: ./db}, api: {file: ./api}}\n',
  );
  t.match(secrets, [{ path: 'services.x.secrets[db].mode', kind: 'added' }]);
  t.equal(secrets.length, 1);
});

t.test('raw models: short syntax is read too; services and top-level resources on one side', async (t) => {
  const a: TreeObject = { services: { web: { ports: ['80:80'], environment: ['A=1'], mem_limit: '1g' } } };
  const b: TreeObject = {
    services: {
      web: {
        ports: [{ mode: 'ingress', target: 80, published: '80', protocol: 'tcp' }],
        environment: { A: '1' },
        mem_limit: 1073741824,
      },
      worker: { image: 'w' },
    },
    networks: { back: { internal: true } },
  };
  t.same(diffModels(a, b), [
    { path: 'services.worker', section: 'services', name: 'worker', field: '', kind: 'added', to: { image: 'w' } },
    { path: 'networks.back', section: 'networks', name: 'back', field: '', kind: 'added', to: { internal: true } },
  ]);
  t.same(
    diffModels(a, b, { services: ['web'] }).map((e) => e.path),
    ['networks.back'],
  );
});

t.test('report: text, data and markdown; secrets redacted unless redact: false', async (t) => {
  const files = seedBundle().files;
  files['docker-compose.prod.yml'] += '  db:\n    environment:\n      POSTGRES_PASSWORD: pr0d-pass\n';
  const envs = load(files);
  const diff = diffEnvironments(envs.development, envs.production);
  const drift = driftRisks(envs.development, envs.production, { diff });

  const text = formatDiffText(diff, { drift });
  t.match(text, /^development -> production: \d+ differences/);
  t.match(text, /services\.api\n/);
  t.match(text, /  - environment\.DEBUG: "true"  \(docker-compose\.override\.yml:7\)/);
  t.match(text, /  \+ deploy\.replicas: 3  \(docker-compose\.prod\.yml:5\)/);
  t.match(
    text,
    /  ~ environment\.NODE_ENV: "development" \(docker-compose\.override\.yml:8\) -> "production" \(docker-compose\.yml:9\)/,
  );
  t.match(
    text,
    /  ~ environment\.POSTGRES_PASSWORD: "\*{8}" \(docker-compose\.yml:25\) -> "\*{8}" \(docker-compose\.prod\.yml:17\)/,
  );
  t.notMatch(text, /s3cr3t|pr0d-pass/);

  const md = formatDiffMarkdown(diff);
  t.match(md, /\| service \| field \| development \| production \|\n\|---\|---\|---\|---\|\n/);
  t.match(md, /\| api \| `environment.DEBUG` \| `"true"` docker-compose.override.yml:7 \| — \|/);
  t.match(md, /\| api \| `command` \| `\["npm","run","dev"\]` docker-compose.override.yml:3 \| — \|/);
  t.match(
    md,
    /\| api \| `volumes\[\/app\]` \| `\{"type":"bind","source":".\/api",.*` docker-compose.override.yml:5 \| — \|/,
  );
  t.match(
    md,
    /\| db \| `environment.POSTGRES_PASSWORD` \| `"\*{8}"` docker-compose.yml:25 \| `"\*{8}"` docker-compose.prod.yml:17 \|/,
  );
  t.notMatch(md, /pr0d-pass/);

  const data = diffData(diff);
  t.equal(data.summary.added + data.summary.removed + data.summary.changed, diff.entries.length);
  t.equal(byPath(data.entries)['services.db.environment.POSTGRES_PASSWORD'].to, MASK);
  t.equal(
    byPath(diffData(diff, { redact: false }).entries)['services.db.environment.POSTGRES_PASSWORD'].to,
    'pr0d-pass',
  );
  t.equal(
    diff.entries.find((e) => e.path === 'services.db.environment.POSTGRES_PASSWORD')!.to,
    'pr0d-pass',
    'the diff itself is left alone',
  );

  t.equal(
    redactValue('DATABASE_URL', 'postgres://shop:s3cr3t-pass@db:5432/shop'),
    `postgres://shop:${MASK}@db:5432/shop`,
  );
  t.same(redactValue('environment', { API_TOKEN: 'abc', HOST: 'db' }), { API_TOKEN: MASK, HOST: 'db' });
  t.same(redactValue('environment', ['DB_PASSWORD=x', 'A=b']), [`DB_PASSWORD=${MASK}`, 'A=b']);
  t.equal(redactValue('DB_PASSWORD_FILE', '/run/secrets/db'), '/run/secrets/db');
});

t.test('a side that failed to load is compared as empty and marked incomplete', async (t) => {
  const [dev, prod] = defaultPair(seed())!;
  const broken: LoadedEnvironment = { ...prod, model: undefined };
  const diff = diffEnvironments(dev, broken);
  t.equal(diff.complete, false);
  t.same(diff.entries.map((e) => e.path).sort(), [
    'networks.default',
    'services.api',
    'services.cache',
    'services.db',
    'volumes.db-data',
  ]);
});

t.test("a secret's content read from the environment is masked in diffs, whatever the secret is called", async (t) => {
  const { loadBundle } = await import('../src/load/bundle.js');
  const { parseBundle } = await import('../src/bundle/bundle.js');
  const { diffData } = await import('../src/report/diff.js');
  const files = {
    'compose.yaml':
      'services:\n  a:\n    image: x\n    secrets: [s, t]\nsecrets:\n  s:\n    environment: SEC\n  t:\n    environment: SEC\n',
    'compose.prod.yaml': 'secrets:\n  s:\n    environment: PROD_SEC\n',
  };
  const result = loadBundle(
    parseBundle({
      files,
      environments: {
        development: { files: ['compose.yaml'], env: { SEC: 'xyzsecret', PROD_SEC: 'xyzsecret2' } },
        production: { files: ['compose.yaml', 'compose.prod.yaml'], env: { SEC: 'xyzsecret', PROD_SEC: 'xyzsecret2' } },
      },
    }),
  );
  const diff = diffEnvironments(result.environments.development, result.environments.production);
  const text = JSON.stringify(diffData(diff));
  t.notOk(text.includes('xyzsecret'), text);
  t.ok(JSON.stringify(diffData(diff, { redact: false })).includes('xyzsecret2'), 'redact=false shows it');
});

t.test('parsePath reads back what formatPath writes', async (t) => {
  const paths: (string | number)[][] = [
    ['services', 'api', 'ports', 0],
    ['services', 'a.b', 'environment', 'X.Y', 'z'],
    ['services', 'web', 'labels', 'traefik.http.routers["x"]', 12],
    ['services', '0', 'x', 0],
    ['name'],
    [0, 'a'],
    ['', 'é ü', 'a\nb', '\\', '"'],
    [],
  ];
  for (const p of paths) t.same(parsePath(formatPath(p)), p, formatPath(p));
});
