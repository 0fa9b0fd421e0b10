// Rules run on each environment's merged model: a value set only by an override file is found at the
// override's line, a value removed with !reset is not found, and short and long syntaxes are equal.
import t from 'tap';
import { parseBundle } from '../src/bundle/bundle.js';
import { loadBundle } from '../src/load/bundle.js';
import { auditProject } from '../src/audit/project.js';
import type { Finding } from '../src/audit/types.js';

const BASE = `services:
  web:
    image: nginx:1.27
    ports:
      - "8080:80"
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock
`;

function audit(files: Record<string, string>) {
  const result = loadBundle(parseBundle({ files }));
  t.same(
    result.diagnostics.filter((d) => d.severity === 'error'),
    [],
    'the bundle loads',
  );
  return auditProject(result).environments;
}
const has = (list: Finding[], rule: string) => list.filter((f) => f.rule === rule);

t.test('a setting only the prod override adds is found at the override line, in production only', async (t) => {
  const envs = audit({
    'compose.yaml': BASE,
    'compose.prod.yaml': 'services:\n  web:\n    privileged: true\n    pid: host\n',
  });
  t.match(has(envs.production.findings, 'privileged'), [{ file: 'compose.prod.yaml', line: 3, column: 5 }]);
  t.match(has(envs.production.findings, 'host-pid'), [{ file: 'compose.prod.yaml', line: 4 }]);
  t.same(has(envs.development.findings, 'privileged'), []);
});

t.test('values removed with !reset do not fire; !override replaces', async (t) => {
  const envs = audit({
    'compose.yaml': BASE,
    'compose.prod.yaml':
      'services:\n  web:\n    ports: !reset []\n    volumes: !override\n      - ./html:/usr/share/nginx/html:ro\n',
  });
  t.same(has(envs.production.findings, 'port-all-interfaces'), []);
  t.same(has(envs.production.findings, 'docker-socket-mount'), []);
  t.match(has(envs.development.findings, 'docker-socket-mount'), [{ file: 'compose.yaml', line: 7 }]);
  t.match(has(envs.development.findings, 'port-all-interfaces'), [{ file: 'compose.yaml', line: 5 }]);
});

t.test('long and short syntax of ports and volumes give the same findings', async (t) => {
  const long = audit({
    'compose.yaml': `services:
  web:
    image: nginx:1.27
    ports:
      - target: 80
        published: "8080"
    volumes:
      - type: bind
        source: /var/run/docker.sock
        target: /var/run/docker.sock
`,
  });
  t.match(has(long.default.findings, 'port-all-interfaces'), [{ line: 5 }]);
  t.match(has(long.default.findings, 'docker-socket-mount'), [{ line: 8 }]);
  const bound = audit({ 'compose.yaml': BASE.replace('"8080:80"', '"127.0.0.1:8080:80"') });
  t.same(has(bound.default.findings, 'port-all-interfaces'), [], 'bound to localhost');
});

t.test('an override that fixes a base finding closes it in that environment only', async (t) => {
  const envs = audit({
    'compose.yaml': BASE,
    'compose.prod.yaml': 'services:\n  web:\n    ports: !override\n      - "127.0.0.1:8080:80"\n',
  });
  t.same(has(envs.production.findings, 'port-all-interfaces'), []);
  t.equal(has(envs.development.findings, 'port-all-interfaces').length, 1);
});

t.test('.compose-review.yaml in the bundle: rules off, severities, environment roles, ignores', async (t) => {
  const files = {
    'compose.yaml': BASE,
    'compose.staging.yaml': 'services:\n  web:\n    privileged: true\n',
    '.compose-review.yaml':
      'rules:\n  port-all-interfaces: off\n  privileged: warning\nenvironments:\n  staging: development\nignore:\n  - rule: docker-socket-mount\n    services: [web]\n    reason: the web UI manages containers\n',
  };
  const result = loadBundle(parseBundle({ files }));
  const audit = auditProject(result);
  t.same(audit.diagnostics, []);
  t.equal(audit.environments.staging.role, 'development', 'the policy sets the role');
  t.same(has(audit.environments.staging.findings, 'port-all-interfaces'), [], 'rule turned off');
  t.match(has(audit.environments.staging.findings, 'privileged'), [{ severity: 'warning' }], 'severity overridden');
  t.same(
    has(audit.environments.staging.findings, 'runs-as-root'),
    [],
    'production-only rules do not run in development',
  );
  t.match(
    has(audit.environments.staging.suppressed, 'docker-socket-mount'),
    [{ suppressed: { by: 'config', reason: 'the web UI manages containers' } }],
    'suppressed, still reported',
  );
  const bad = auditProject(
    loadBundle(parseBundle({ files: { ...files, '.compose-review.yaml': 'rules:\n  no-such-rule: off\n' } })),
  );
  t.match(bad.diagnostics, [{ code: 'policy-invalid', file: '.compose-review.yaml', line: 2 }]);
});

t.test('inline and per-service suppressions are counted, not dropped', async (t) => {
  const envs = audit({
    'compose.yaml': `services:
  web:
    image: nginx:1.27
    ports:
      - "8080:80" # compose-review-ignore port-all-interfaces public web server
    x-compose-review:
      ignore: [docker-socket-mount]
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock
`,
  });
  t.same(has(envs.default.findings, 'port-all-interfaces'), []);
  t.match(has(envs.default.suppressed, 'port-all-interfaces'), [
    { suppressed: { by: 'inline', reason: 'public web server' } },
  ]);
  t.same(has(envs.default.findings, 'docker-socket-mount'), []);
  t.match(has(envs.default.suppressed, 'docker-socket-mount'), [{ suppressed: { by: 'service' } }]);
});

t.test('rules about what the files say (name, version) see the raw files, not the loaded model', async (t) => {
  const files = {
    'compose.yaml': 'version: "3.8"\nservices:\n  web:\n    image: nginx:1.27\n',
    'compose.prod.yaml': 'name: shop\nservices:\n  web:\n    read_only: true\n',
  };
  const policy = { rules: { 'project-name-missing': 'warning', 'obsolete-version': 'error' } } as const;
  const result = loadBundle(parseBundle({ files }));
  const envs = auditProject(result, { policy }).environments;
  t.match(
    has(envs.development.findings, 'project-name-missing'),
    [{ file: 'compose.yaml', line: 1, severity: 'warning' }],
    'no file of development names the project',
  );
  t.same(has(envs.production.findings, 'project-name-missing'), [], 'compose.prod.yaml names it');
  for (const env of ['development', 'production'])
    t.match(
      has(envs[env].findings, 'obsolete-version'),
      [{ file: 'compose.yaml', line: 1, column: 1, severity: 'error' }],
      `${env}: version in compose.yaml`,
    );
  t.same(
    has(auditProject(result).environments.development.findings, 'obsolete-version'),
    [],
    'off by default: validation reports it',
  );
});

t.test(
  'project-name-missing: a name in an included file does not name the project (compose-go reads the -f files only)',
  async (t) => {
    const files = {
      'compose.yaml': 'include: [lib/compose.yaml]\nservices:\n  web:\n    image: nginx:1.27\n',
      'lib/compose.yaml': 'name: lib\nservices:\n  db:\n    image: postgres:16\n',
    };
    const envs = auditProject(loadBundle(parseBundle({ files })), {
      policy: { rules: { 'project-name-missing': 'warning' } },
    }).environments;
    t.equal(has(envs.default.findings, 'project-name-missing').length, 1);
  },
);

t.test(
  'env_file values: single-quoted or holding $( are literal and checked; ${VAR} came from elsewhere',
  async (t) => {
    // netbox-docker's env/netbox.env shape: the Django SECRET_KEY is single-quoted and contains `$(`
    const files = {
      'compose.yaml': 'services:\n  netbox:\n    image: netbox:v4.1\n    env_file: env/netbox.env\n',
      'env/netbox.env': [
        'DB_HOST=postgres',
        "SECRET_KEY='r(m)9nLGnz$(_q3N4z1k(EFsMCjjjzx08x9VhNVcfd%6RF#r!6DE@+V5Zk2X'",
        'API_TOKEN="tok$(not-a-reference)x9"',
        'DB_PASSWORD=${DB_PASSWORD}',
        'REDIS_PASSWORD=$REDIS_PASSWORD',
        '',
      ].join('\n'),
      '.env': 'DB_PASSWORD=J5brHrAXFLQSif0K\nREDIS_PASSWORD=H733Kdjndks81\n',
    };
    const envs = auditProject(loadBundle(parseBundle({ files }))).environments;
    const secrets = has(envs.default.findings, 'secret-in-environment');
    t.match(
      secrets.map((f) => [f.file, f.line, f.path]),
      [
        ['env/netbox.env', 2, 'services.netbox.environment.SECRET_KEY'],
        ['env/netbox.env', 3, 'services.netbox.environment.API_TOKEN'],
      ],
      'the literals are found, the references are not',
    );
    t.equal(secrets.length, 2);
  },
);

t.test("a finding's second location: the env file line that set its variable, the alias that brought it", async (t) => {
  // docker-elk's shape: the password is interpolated from the committed .env
  const files = {
    'docker-compose.yml': [
      'x-app: &app',
      '  image: ghcr.io/acme/app:1.2',
      '  environment:',
      '    APP_SECRET: hunter2-but-longer',
      '    LOG_LEVEL: info',
      'x-worker: &worker',
      '  <<: *app',
      '  command: work',
      'services:',
      '  elasticsearch:',
      '    image: elasticsearch:9.1.0',
      '    environment:',
      '      ELASTIC_PASSWORD: ${ELASTIC_PASSWORD:-}',
      '  web:',
      '    <<: *app',
      '  worker:',
      '    restart: always',
      '    <<: *worker',
      '',
    ].join('\n'),
    '.env': "ELASTIC_VERSION=9.1.0\n\n# the superuser\nELASTIC_PASSWORD='changeme'\n",
  };
  const envs = auditProject(loadBundle(parseBundle({ files }))).environments;
  const weak = has(envs.default.findings, 'weak-default-password');
  t.match(weak, [
    {
      file: 'docker-compose.yml',
      line: 13,
      related: [{ file: '.env', line: 4, column: 1, message: 'ELASTIC_PASSWORD is set here' }],
    },
  ]);
  t.notMatch(JSON.stringify(weak[0].related), /changeme/, 'the value is never printed');
  const secrets = has(envs.default.findings, 'secret-in-environment');
  t.match(
    secrets.map((f) => [f.path, f.line, f.related]),
    [
      [
        'services.web.environment.APP_SECRET',
        4,
        [{ line: 15, column: 9, message: 'service "web" takes it through the alias *app' }],
      ],
      [
        'services.worker.environment.APP_SECRET',
        4,
        [{ line: 18, column: 9, message: 'service "worker" takes it through the alias *worker' }],
      ],
    ],
    'a chain of anchors: the alias in the service block',
  );
  const bare = auditProject(
    loadBundle(
      parseBundle({
        files: {
          'compose.yaml': 'services:\n  a:\n    image: x:1\n    environment:\n      DB_PASSWORD: s3cr3t-long-enough\n',
        },
      }),
    ),
  ).environments.default.findings;
  t.equal(has(bare, 'secret-in-environment')[0].related, undefined, 'a value written in the service has none');
});
