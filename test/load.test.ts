import t from 'tap';
import type { TreeObject } from '../src/yaml/located.js';
import { parse } from 'yaml';
import { loadBundle } from '../src/load/bundle.js';
import { loadProject } from '../src/load/project.js';
import { provenance } from '../src/load/provenance.js';
import { renderConfig } from '../src/report/config.js';
import { parseBundle } from '../src/bundle/bundle.js';
import { seedBundle } from './helpers/fixtures.js';

t.test('seed stack: both environments as `docker compose config` prints them', async (t) => {
  const result = loadBundle(parseBundle(seedBundle()));
  t.same(result.diagnostics, []);
  const dev = parse(renderConfig(result.environments.development.model!));
  const prod = parse(renderConfig(result.environments.production.model!));
  t.equal(dev.name, 'shop');
  t.same(dev.services.api.command, ['npm', 'run', 'dev']);
  t.same(dev.services.api.environment, {
    NODE_ENV: 'development',
    DATABASE_URL: 'postgres://shop:s3cr3t-pass@db:5432/shop',
    DEBUG: 'true',
  });
  t.same(
    dev.services.api.volumes,
    [{ type: 'bind', source: './api', target: '/app', bind: {} }],
    'create_host_path: true is OptOut zero: left out',
  );
  t.same(dev.services.api.ports, [
    { mode: 'ingress', target: 8080, published: '8080', protocol: 'tcp' },
    { mode: 'ingress', target: 9229, published: '9229', protocol: 'tcp' },
  ]);
  t.same(dev.services.api.depends_on, {
    db: { condition: 'service_started', required: true },
    cache: { condition: 'service_started', required: true },
  });
  t.same(dev.services.api.build, { context: './api', dockerfile: 'Dockerfile' });
  t.same(dev.services.api.networks, { default: null });
  t.equal(dev.services.api.image, 'registry.example.com/shop/api:1.4.2', '.env supplies TAG');
  t.same(dev.networks, { default: { name: 'shop_default' } });
  t.same(dev.volumes, { 'db-data': { name: 'shop_db-data' } });

  t.equal(prod.services.api.command, undefined);
  t.same(prod.services.api.deploy, { replicas: 3, resources: { limits: { memory: '536870912', cpus: 0.5 } } });
  t.same(prod.services.api.environment, {
    NODE_ENV: 'production',
    DATABASE_URL: 'postgres://shop:s3cr3t-pass@db:5432/shop',
  });
  t.same(prod.services.api.healthcheck, {
    test: ['CMD', 'wget', '-qO-', 'http://localhost:8080/healthz'],
    interval: '30s',
    timeout: '5s',
    retries: 3,
  });
  t.equal(prod.services.api.volumes, undefined);
});

t.test('provenance: every value remembers the file and line that set it', async (t) => {
  const result = loadBundle(parseBundle(seedBundle()));
  const dev = provenance(result.environments.development.model!);
  t.match(dev['services.api.environment.DEBUG'], { file: 'docker-compose.override.yml', line: 7 });
  t.match(dev['services.api.environment.NODE_ENV'], { file: 'docker-compose.override.yml', line: 8 });
  t.match(dev['services.api.environment.DATABASE_URL'], { file: 'docker-compose.yml', line: 10 });
  t.match(dev['services.api.command[0]'], { file: 'docker-compose.override.yml', line: 3 });
  t.match(dev['services.api.volumes[0].source'], { file: 'docker-compose.override.yml', line: 5 });
  t.match(dev['services.api.ports[1].target'], { file: 'docker-compose.override.yml', line: 10 });
  t.match(dev['services.db.image'], { file: 'docker-compose.yml', line: 22 });
  const prod = provenance(result.environments.production.model!);
  t.match(prod['services.api.deploy.replicas'], { file: 'docker-compose.prod.yml', line: 5 });
  t.match(prod['services.api.deploy.resources.limits.memory'], { file: 'docker-compose.prod.yml', line: 8 });
  t.match(prod['services.api.image'], { file: 'docker-compose.prod.yml', line: 3 });
});

t.test('!reset and !override in an override file; profiles; env_file from the bundle', async (t) => {
  const bundle = parseBundle({
    files: {
      'compose.yaml':
        'services:\n  web:\n    image: nginx:1.27\n    ports: ["80:80"]\n    env_file: [web.env]\n    environment:\n      A: from-compose\n  debug:\n    image: busybox:1.36\n    profiles: [debug]\n',
      'compose.prod.yaml': 'services:\n  web:\n    ports: !reset []\n    environment: !override\n      B: only\n',
      'web.env': 'A=from-env-file\nC=${A:-x}-c\n',
    },
  });
  const prod = loadBundle(bundle).environments.production;
  t.same(prod.diagnostics, []);
  const web = (prod.model!.services as Record<string, Record<string, unknown>>).web;
  t.equal(web.ports, undefined);
  t.same(web.environment, { A: 'from-env-file', C: 'from-env-file-c', B: 'only' });
  t.same(prod.disabledServices, ['debug']);
  const withProfile = loadProject(bundle, { files: ['compose.yaml'], profiles: ['debug'] });
  t.ok((withProfile.model!.services as Record<string, unknown>).debug);
});

t.test('load errors are positioned: missing required variable, unknown extends, missing env_file', async (t) => {
  const cases: [Record<string, string>, string, number, RegExp][] = [
    [{ 'compose.yaml': 'services:\n  web:\n    image: nginx:${TAG:?TAG must be set}\n' }, 'compose.yaml', 3, /TAG/],
    [{ 'compose.yaml': 'services:\n  web:\n    extends: base\n' }, 'compose.yaml', 3, /not found/],
    [
      { 'compose.yaml': 'services:\n  web:\n    image: nginx\n    env_file: missing.env\n' },
      'compose.yaml',
      4,
      /missing\.env/,
    ],
    [{ 'compose.yaml': 'include:\n  - ../outside.yaml\nservices: {}\n' }, 'compose.yaml', 2, /outside the bundle/],
  ];
  for (const [files, file, line, message] of cases) {
    const r = loadBundle(parseBundle({ files })).environments.default;
    t.equal(r.model, undefined);
    const e = r.diagnostics.find((d) => d.severity === 'error');
    t.match(e, { file, line, message }, String(message));
  }
});

t.test('extends across bundle files and include with its own .env', async (t) => {
  const bundle = parseBundle({
    files: {
      'compose.yaml':
        'include:\n  - db/compose.yaml\nservices:\n  web:\n    extends:\n      file: common/base.yaml\n      service: base\n    image: web:1\n',
      'common/base.yaml': 'services:\n  base:\n    build: ./app\n    environment:\n      LOG: debug\n',
      'db/compose.yaml': 'services:\n  db:\n    image: postgres:${PG_VERSION}\n',
      'db/.env': 'PG_VERSION=16\n',
    },
  });
  const dev = loadBundle(bundle).environments.default;
  t.same(dev.diagnostics, []);
  const s = dev.model!.services as Record<string, Record<string, unknown>>;
  t.equal(s.db.image, 'postgres:16');
  t.same(s.web.environment, { LOG: 'debug' });
  t.match(s.web.build, { context: './common/app' });
});

t.test('project name from `name:` as compose-go reads it (loader.go projectName, cli/options.go)', async (t) => {
  const load = (name: string, env: Record<string, string> = {}) =>
    loadProject(
      { files: { 'compose.yaml': `name: ${name}\nservices:\n  web:\n    image: nginx\n` } },
      { files: ['compose.yaml'], env },
      { defaultProjectName: 'checkout' },
    );
  const ok = load('shop${SUFFIX}');
  t.equal(ok.name, 'shop', 'an unset variable is blank, not its own name');
  t.equal((ok.model?.networks as Record<string, { name: string }>).default.name, 'shop_default');
  t.equal(load('shop${SUFFIX}', { SUFFIX: '-eu' }).name, 'shop-eu');
  const empty = load('${PROJECT}');
  t.equal(empty.model, undefined, 'a named file never falls back to the directory name');
  t.match(empty.diagnostics, [{ code: 'project-name-empty', severity: 'error' }]);
  t.match(load('"!!!"').diagnostics, [{ code: 'project-name-empty' }]);
  const required = load('${PROJECT?set PROJECT}');
  t.equal(required.model, undefined);
  t.match(required.diagnostics, [{ code: 'interpolation-missing-variable', file: 'compose.yaml', line: 1, column: 7 }]);
  t.equal(load('${PROJECT}', { COMPOSE_PROJECT_NAME: 'ci-42' }).name, 'ci-42', 'COMPOSE_PROJECT_NAME wins');
  const unnamed = loadProject(
    { files: { 'compose.yaml': 'services:\n  web:\n    image: nginx\n' } },
    { files: ['compose.yaml'] },
    { defaultProjectName: 'Check.Out' },
  );
  t.equal(unnamed.name, 'checkout', 'without `name:` the directory name, normalized');
});

t.test('profiles apply before the consistency checks (loader.go ModelToProject)', async (t) => {
  const files = {
    'compose.yaml': [
      'services:',
      '  web:',
      '    image: nginx',
      '    depends_on:',
      '      db: {condition: service_healthy}',
      '      tools: {condition: service_started, required: false}',
      '  db:',
      '    image: postgres',
      '    profiles: [database]',
      '  tools:',
      '    image: busybox',
      '    profiles: [debug]',
      '    volumes: [scratch:/scratch]',
      '    networks: [debugnet]',
      '    depends_on: [missing]',
      '',
    ].join('\n'),
  };
  const load = (profiles: string[]) => loadProject({ files }, { files: ['compose.yaml'], profiles });
  const none = load([]);
  t.equal(none.model, undefined, 'web requires db, which no active profile enables');
  t.match(none.diagnostics, [
    {
      code: 'undefined-dependency',
      line: 5,
      message: 'service "web" depends on undefined service "db"',
      hint: /--profile database/,
    },
  ]);
  t.equal(none.diagnostics.length, 1, 'the disabled tools service is not checked, and required: false tolerates it');
  const db = load(['database']);
  t.same(db.diagnostics, []);
  t.same(Object.keys((db.model as { services: object }).services), ['web', 'db']);
  t.same(db.disabledServices, ['tools']);
  const all = load(['database', 'debug']);
  t.same(
    all.diagnostics.map((d) => d.code).sort(),
    ['undefined-dependency', 'undefined-network', 'undefined-volume'],
    'once enabled, tools is checked',
  );
});

t.test(
  'service env_file: one map for all files, later files expand earlier values (WithServicesEnvironmentResolved)',
  async (t) => {
    const files = {
      'compose.yaml':
        'services:\n  api:\n    image: alpine\n    env_file: [base.env, derived.env]\n    environment:\n      DB_PORT: "6432"\n  web:\n    image: nginx\n    env_file: [{path: optional.env, required: false}]\n',
      'base.env': '# database\nDB_HOST=db\nDB_PORT=5432\n',
      'derived.env': 'DATABASE_URL=postgres://${DB_HOST}:${DB_PORT}/app\nHOST_ONLY=$DB_HOST\n',
    };
    const p = loadProject({ files }, { files: ['compose.yaml'] });
    t.same(p.diagnostics, []);
    const services = p.model!.services as Record<string, Record<string, unknown>>;
    t.same(
      { ...(services.api.environment as object) },
      { DB_HOST: 'db', DB_PORT: '6432', DATABASE_URL: 'postgres://db:6432/app', HOST_ONLY: 'db' },
      'the service environment wins, and is what the files expand',
    );
    const where = provenance(p.model!);
    t.match(where['services.api.environment.HOST_ONLY'], { file: 'derived.env', line: 2 });
    t.match(where['services.api.environment.DB_HOST'], { file: 'base.env', line: 2 });
    t.notOk('environment' in services.web, 'an env_file that adds nothing leaves no empty environment (omitempty)');
  },
);

t.test('scale is written into deploy.replicas when the service has a deploy section (checkConsistency)', async (t) => {
  const files = {
    'compose.yaml':
      'services:\n  worker:\n    image: busybox\n    scale: 3\n    deploy:\n      resources: {limits: {memory: 64M}}\n  web:\n    image: nginx\n    scale: 2\n',
  };
  const p = loadProject({ files }, { files: ['compose.yaml'] });
  const services = p.model!.services as Record<string, Record<string, any>>;
  t.equal(services.worker.deploy.replicas, 3);
  t.match(provenance(p.model!)['services.worker.deploy.replicas'], { file: 'compose.yaml', line: 4 });
  t.equal(services.web.deploy, undefined, 'no deploy section: none is made');
  const skip = loadProject({ files }, { files: ['compose.yaml'] }, { skipConsistencyCheck: true });
  t.equal((skip.model!.services as Record<string, Record<string, any>>).worker.deploy.replicas, undefined);
});

t.test(
  'label_file: labels read from dotenv files, inline labels win, a missing file is an error (WithServicesLabelsResolved)',
  async (t) => {
    const files = {
      'compose.yaml':
        'services:\n  web:\n    image: nginx\n    label_file: [./base.labels, ./web.labels]\n    labels:\n      team: core\n',
      'base.labels': 'OWNER=ops\nteam=from-file\n',
      'web.labels': 'com.example.contact=${OWNER}@example.com\nhome=${HOME}\n',
    };
    const p = loadProject({ files }, { files: ['compose.yaml'], env: { HOME: '/root' } });
    t.same(p.diagnostics, []);
    const web = (p.model!.services as Record<string, Record<string, unknown>>).web;
    t.same(
      { ...(web.labels as object) },
      { OWNER: 'ops', team: 'core', 'com.example.contact': 'ops@example.com', home: '' },
      'label files expand only from earlier label files',
    );
    t.equal(web.label_file, undefined, 'dropped like env_file');
    t.match(provenance(p.model!)['services.web.labels["com.example.contact"]'], { file: 'web.labels', line: 1 });
    const missing = loadProject({ files: { 'compose.yaml': files['compose.yaml'] } }, { files: ['compose.yaml'] });
    t.match(missing.diagnostics, [{ code: 'label-file-missing', line: 4 }]);
  },
);

t.test(
  "an included file's `- VAR` environment entries read the include's env files (loadYamlModel ResolveEnvironment)",
  async (t) => {
    const files = {
      'compose.yaml':
        'include:\n  - path: sub/compose.yaml\n    env_file: sub/inc.env\nservices:\n  web:\n    image: nginx\n',
      'sub/compose.yaml':
        'services:\n  api:\n    image: api:${TAG}\n    secrets: [key]\n    environment:\n      - API_KEY_ID\n      - MODE=${MODE}\n      - UNSET_HERE\nsecrets:\n  key:\n    environment: API_KEY_ID\n',
      'sub/inc.env': 'API_KEY_ID=from-include-env\nTAG=1.0\nMODE=prod\n',
    };
    const p = loadProject({ files }, { files: ['compose.yaml'] });
    t.same(
      p.diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
    const api = (p.model!.services as Record<string, Record<string, unknown>>).api;
    t.same({ ...(api.environment as object) }, { API_KEY_ID: 'from-include-env', MODE: 'prod', UNSET_HERE: null });
    t.equal(api.image, 'api:1.0');
    t.equal((p.model!.secrets as Record<string, Record<string, unknown>>).key.content, 'from-include-env');
  },
);

t.test(
  'paths of included files and of services extended from another directory point at the same files (paths/resolve.go)',
  async (t) => {
    const files = {
      'compose.yaml':
        'include: [sub/compose.yaml]\nservices:\n  web:\n    extends: {file: lib/base.yaml, service: base}\n',
      'sub/compose.yaml': [
        'services:',
        '  api:',
        '    image: api',
        '    volumes: [{type: bind, source: data, target: /data}, /abs:/abs, "~/x:/x", cache:/cache]',
        '    secrets: [token]',
        '    configs: [cfg]',
        '    label_file: ./api.labels',
        'secrets:',
        '  token: {file: ./token.txt}',
        'configs:',
        '  cfg: {file: api.conf}',
        'volumes:',
        '  cache: {driver: local, driver_opts: {type: none, o: bind, device: ./cache-dir}}',
        '',
      ].join('\n'),
      'sub/api.labels': 'team=api\n',
      'lib/base.yaml': [
        'services:',
        '  base:',
        '    build:',
        '      context: .',
        '      additional_contexts: {shared: ./shared, img: "docker-image://alpine", git: "https://github.com/x/y.git"}',
        '      ssh: ["default=./id_ed25519"]',
        '    develop:',
        '      watch: [{path: ./app/src, action: sync, target: /app}]',
        '',
      ].join('\n'),
    };
    const p = loadProject({ files }, { files: ['compose.yaml'] });
    t.same(
      p.diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
    const m = p.model as Record<string, any>;
    t.same(
      m.services.api.volumes.map((v: { source: string }) => v.source),
      ['./sub/data', '/abs', '~/x', 'cache'],
    );
    t.same({ ...m.services.api.labels }, { team: 'api' }, 'the label file was found where the included file put it');
    t.equal(m.secrets.token.file, './sub/token.txt');
    t.equal(m.configs.cfg.file, './sub/api.conf');
    t.equal(m.volumes.cache.driver_opts.device, './sub/cache-dir');
    const build = m.services.web.build;
    t.equal(build.context, './lib');
    t.same(
      { ...build.additional_contexts },
      { shared: './lib/shared', img: 'docker-image://alpine', git: 'https://github.com/x/y.git' },
    );
    t.same({ ...build.ssh }, { default: './lib/id_ed25519' });
    t.equal(m.services.web.develop.watch[0].path, './lib/app/src');
  },
);

t.test('resources no enabled service uses are dropped, as docker compose does unless --all-resources', async (t) => {
  const files = {
    'compose.yaml': [
      'services:',
      '  web:',
      '    image: nginx',
      '    build: {context: ., secrets: [npmrc]}',
      '    volumes: [data:/data]',
      '  debug:',
      '    image: busybox',
      '    profiles: [debug]',
      '    networks: [debugnet]',
      '    secrets: [token]',
      'networks:',
      '  debugnet: {}',
      '  legacy: {}',
      'volumes:',
      '  data: {}',
      '  old_data: {}',
      'secrets:',
      '  npmrc: {file: ./npmrc}',
      '  token: {file: ./token}',
      'configs:',
      '  unused_cfg: {file: ./c.conf}',
      '',
    ].join('\n'),
  };
  const keys = (m: TreeObject | undefined, k: string) => Object.keys((m?.[k] ?? {}) as object);
  const pruned = loadProject({ files }, { files: ['compose.yaml'] }).model;
  t.same(keys(pruned, 'networks'), ['default']);
  t.same(keys(pruned, 'volumes'), ['data']);
  t.same(keys(pruned, 'secrets'), ['npmrc'], 'a build secret counts as used');
  t.same(keys(pruned, 'configs'), []);
  const all = loadProject({ files }, { files: ['compose.yaml'] }, { allResources: true }).model;
  t.same(keys(all, 'networks').sort(), ['debugnet', 'default', 'legacy']);
  t.same(keys(all, 'configs'), ['unused_cfg']);
  const debug = loadProject({ files }, { files: ['compose.yaml'], profiles: ['debug'] }).model;
  t.same(keys(debug, 'networks').sort(), ['debugnet', 'default']);
  t.same(keys(debug, 'secrets').sort(), ['npmrc', 'token']);
});

t.test(
  'cpus is a float32 as compose-go reads it, printed as the shortest decimal; the same variable in cpus and deploy limits is no conflict',
  async (t) => {
    const files = {
      'compose.yaml':
        'services:\n  app:\n    image: alpine\n    cpus: ${CPUS}\n    deploy:\n      resources:\n        limits:\n          cpus: ${CPUS}\n  b:\n    image: alpine\n    cpus: "0.123456789"\n',
    };
    const p = loadProject({ files }, { files: ['compose.yaml'], env: { CPUS: '0.1' } });
    t.same(
      p.diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
    const s = p.model!.services as Record<string, Record<string, unknown>>;
    t.equal(s.app.cpus, 0.1);
    t.equal(s.b.cpus, 0.12345679, 'float32 precision');
  },
);

t.test(
  'an included build without context builds the included directory (defaults before paths, as loadYamlModel)',
  async (t) => {
    const files = {
      'compose.yaml': 'include: [sub/compose.yaml]\n',
      'sub/compose.yaml': 'services:\n  app:\n    build:\n      dockerfile: Dockerfile.app\n',
    };
    const p = loadProject({ files }, { files: ['compose.yaml'] });
    t.same(
      p.diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
    t.match((p.model!.services as Record<string, any>).app.build, { context: './sub', dockerfile: 'Dockerfile.app' });
  },
);

t.test(
  'a null in a later file keeps the earlier value and is no schema error (compose-go validates the merged model)',
  async (t) => {
    const files = {
      'compose.yaml':
        'services:\n  web:\n    image: nginx\n    environment:\n      A: "1"\n    ports:\n      - "8080:80"\n',
      'compose.override.yaml':
        'services:\n  web:\n    environment:\n      # - DEBUG=1\n    ports:\n    image:\n    user:\n',
    };
    const p = loadProject({ files }, { files: ['compose.yaml', 'compose.override.yaml'] });
    t.same(
      p.diagnostics.filter((d) => d.severity === 'error').map((d) => d.path),
      ['services.web.user'],
      'user has no earlier value: still an error',
    );
    const ok = loadProject(
      { files: { ...files, 'compose.override.yaml': files['compose.override.yaml'].replace('    user:\n', '') } },
      { files: ['compose.yaml', 'compose.override.yaml'] },
    );
    t.same(ok.diagnostics, []);
    const web = (ok.model!.services as Record<string, any>).web;
    t.same({ ...web.environment }, { A: '1' });
    t.equal(web.image, 'nginx');
    t.equal(web.ports.length, 1);
    const alone = loadProject(
      { files: { 'compose.yaml': 'services:\n  web:\n    image:\n' } },
      { files: ['compose.yaml'] },
    );
    t.match(
      alone.diagnostics,
      [{ code: 'schema-type', path: 'services.web.image' }],
      'in the first file a null is an error, as in compose',
    );
  },
);

t.test(
  'strings where the Go struct has a bool or int64 are decoded like mapstructure cast (pull: "false", required: ${OPT:-false})',
  async (t) => {
    const files = {
      'compose.yaml': [
        'services:',
        '  app:',
        '    image: alpine',
        '    attach: ${ATTACH:-false}',
        '    build: {context: ., no_cache: "true", pull: "false"}',
        '    env_file: [{path: ./missing.env, required: "${REQUIRED:-false}"}]',
        '    deploy: {resources: {limits: {pids: "${PIDS:-100}"}}}',
        '    volumes: [{type: bind, source: ./data, target: /data, bind: {create_host_path: "false"}}]',
        '',
      ].join('\n'),
    };
    const p = loadProject({ files }, { files: ['compose.yaml'] });
    t.same(
      p.diagnostics.filter((d) => d.severity === 'error'),
      [],
      'the optional env file may be missing',
    );
    const app = (p.model!.services as Record<string, any>).app;
    t.equal(app.attach, false);
    t.match(app.build, { no_cache: true, pull: false });
    t.equal(app.deploy.resources.limits.pids, 100);
    t.equal(app.volumes[0].bind.create_host_path, false);
    const bad = loadProject(
      { files: { 'compose.yaml': 'services:\n  app:\n    image: alpine\n    build: {context: ., pull: "maybe"}\n' } },
      { files: ['compose.yaml'] },
    );
    t.match(bad.diagnostics, [
      { code: 'normalize-invalid', message: /invalid boolean: maybe/, line: 4, path: 'services.app.build.pull' },
    ]);
  },
);

t.test(
  'two mounts whose targets differ only until path.Clean clash, as compose-go checks after Normalize',
  async (t) => {
    const files = {
      'compose.yaml': 'services:\n  web:\n    image: nginx\n    volumes: [./a:/data]\n',
      'compose.override.yaml': 'services:\n  web:\n    volumes:\n      - {type: bind, source: ./b, target: /data/}\n',
    };
    const p = loadProject({ files }, { files: ['compose.yaml', 'compose.override.yaml'] });
    t.match(p.diagnostics, [
      {
        code: 'duplicate-mount-target',
        message: 'services.web.volumes[1]: target /data already mounted as services.web.volumes[0]',
        file: 'compose.override.yaml',
        line: 4,
      },
    ]);
    const same = loadProject(
      { files: { ...files, 'compose.override.yaml': files['compose.override.yaml'].replace('/data/', '/data') } },
      { files: ['compose.yaml', 'compose.override.yaml'] },
    );
    t.same(same.diagnostics, [], 'the same target written the same way: the override replaces the mount');
  },
);

t.test(
  'extra_hosts read as types.HostsList: = before :, brackets dropped, map values whole, no address is an error',
  async (t) => {
    const files = {
      'compose.yaml':
        'services:\n  list:\n    image: nginx\n    extra_hosts: ["multi=10.0.0.1,10.0.0.2", "v6=[::1]", "old:1.2.3.4"]\n  map:\n    image: nginx\n    extra_hosts:\n      one: "10.0.0.1,10.0.0.2"\n      v6: "[2001:db8::1]"\n',
    };
    const s = loadProject({ files }, { files: ['compose.yaml'] }).model!.services as Record<string, any>;
    t.same(s.list.extra_hosts, ['multi=10.0.0.1', 'multi=10.0.0.2', 'old=1.2.3.4', 'v6=::1']);
    t.same(s.map.extra_hosts, ['one=10.0.0.1,10.0.0.2', 'v6=2001:db8::1']);
    for (const [entry, message] of [
      ['nohostip', 'invalid additional host, missing IP: nohostip'],
      ['=1.2.3.4', "bad host name ''"],
      ['a:b=1.2.3.4', "bad host name 'a:b'"],
    ]) {
      const p = loadProject(
        { files: { 'compose.yaml': `services:\n  a:\n    image: nginx\n    extra_hosts: ["${entry}"]\n` } },
        { files: ['compose.yaml'] },
      );
      t.match(p.diagnostics, [{ code: 'normalize-invalid', message, line: 4, path: 'services.a.extra_hosts' }], entry);
    }
  },
);

t.test(
  'env_file format: raw reads values as written (docker compose registers kvfile as raw); an unknown format is an error',
  async (t) => {
    const files = {
      'compose.yaml':
        'services:\n  app:\n    image: alpine\n    env_file:\n      - path: raw.env\n        format: raw\n',
      'raw.env':
        '# comment\n  # indented comment\n   \nPASSWORD=pa$$word${HOME}\nQUOTED="quoted value"\nTRAILING=kept   \r\nFROM_ENV\n',
    };
    const p = loadProject({ files }, { files: ['compose.yaml'], env: { HOME: '/root', FROM_ENV: 'yes' } });
    t.same(p.diagnostics, []);
    const env = (p.model!.services as Record<string, any>).app.environment;
    t.same({ ...env }, { PASSWORD: 'pa$$word${HOME}', QUOTED: '"quoted value"', TRAILING: 'kept   ', FROM_ENV: 'yes' });
    t.match(provenance(p.model!)['services.app.environment.QUOTED'], { file: 'raw.env', line: 5 });
    const bad = loadProject({ files: { ...files, 'raw.env': 'KEY =x\n' } }, { files: ['compose.yaml'] });
    t.match(bad.diagnostics, [{ code: 'dotenv-syntax', message: /variable 'KEY ' contains whitespaces/ }]);
    const toml = loadProject(
      { files: { ...files, 'compose.yaml': files['compose.yaml'].replace('raw\n', 'toml\n') } },
      { files: ['compose.yaml'] },
    );
    t.match(toml.diagnostics, [{ code: 'env-file-format', message: 'unsupported env_file format "toml"', line: 6 }]);
  },
);

t.test('device counts read as types.DeviceCount: all in any case is -1, a word is an error', async (t) => {
  const files = {
    'compose.yaml':
      'services:\n  a:\n    image: x\n    gpus: [{driver: nvidia, count: "2"}]\n    deploy:\n      resources:\n        reservations:\n          devices: [{driver: nvidia, count: ALL, capabilities: [gpu]}]\n',
  };
  const a = (loadProject({ files }, { files: ['compose.yaml'] }).model!.services as Record<string, any>).a;
  t.equal(a.deploy.resources.reservations.devices[0].count, -1);
  t.equal(a.gpus[0].count, 2);
  const bad = loadProject(
    { files: { 'compose.yaml': 'services:\n  b:\n    image: x\n    gpus:\n      - count: many\n' } },
    { files: ['compose.yaml'] },
  );
  t.match(bad.diagnostics, [
    {
      message: `invalid value "many", the only value allowed is 'all' or a number`,
      line: 5,
      path: 'services.b.gpus[0].count',
    },
  ]);
});

t.test(
  'map values decoded by compose-go\'s Go types: Options/Mapping nulls are "", numbers fmt.Sprint, MultiOptions lists',
  async (t) => {
    const compose = [
      'services:',
      '  web:',
      '    image: nginx',
      '    build: {context: ., additional_contexts: {base: 1}}',
      '    environment: {EPS: 0.00001}',
      '    logging: {driver: json-file, options: {max-size: null}}',
      '    networks: {back: {driver_opts: {mtu: 1500}}}',
      '    storage_opt: {size: 1}',
      '    volumes: [{type: volume, source: data, target: /data, volume: {labels: ["tier=db", "backup"]}}]',
      '  llm:',
      '    provider: {type: model, options: {model: ai/smollm2, port: 8080, tags: [a, 1]}}',
      'networks: {back: {}}',
      'volumes: {data: {}}',
      '',
    ].join('\n');
    const p = loadProject({ files: { 'compose.yaml': compose } }, { files: ['compose.yaml'] });
    t.same(p.diagnostics, []);
    const s = p.model!.services as Record<string, any>;
    t.equal(s.web.build.additional_contexts.base, '1');
    t.equal(s.web.environment.EPS, '1e-05');
    t.equal(s.web.logging.options['max-size'], '');
    t.equal(s.web.networks.back.driver_opts.mtu, '1500');
    t.equal(s.web.storage_opt.size, '1');
    t.same({ ...s.web.volumes[0].volume.labels }, { tier: 'db', backup: '' });
    t.same({ ...s.llm.provider.options }, { model: ['ai/smollm2'], port: ['8080'], tags: ['a', '1'] });
  },
);

t.test('an invalid COMPOSE_PROJECT_NAME points at the env file line that set it', async (t) => {
  const compose = 'services:\n  web:\n    image: nginx\n';
  const bad = (files: Record<string, string>, spec: Record<string, unknown> = {}) =>
    loadProject(
      { files: { 'compose.yaml': compose, ...files } },
      { files: ['compose.yaml'], ...spec },
    ).diagnostics.filter((d) => d.code === 'invalid-project-name');
  t.match(bad({ '.env': '# project\nA=1\n  export COMPOSE_PROJECT_NAME=Bad.Name\n' }), [
    { file: '.env', line: 3, column: 10, message: /invalid project name "Bad.Name"/ },
  ]);
  // the last env file that sets it is the one that counts
  const two = bad(
    { 'a.env': 'COMPOSE_PROJECT_NAME=Early\n', 'b.env': 'X=1\nCOMPOSE_PROJECT_NAME=Late\n' },
    {
      envFiles: ['a.env', 'b.env'],
    },
  );
  t.match(two, [{ file: 'b.env', line: 2, column: 1, message: /"Late"/ }]);
  // the second statement of a line, after a value that holds the key's text; after a byte order mark
  t.match(bad({ '.env': 'A="COMPOSE_PROJECT_NAME" COMPOSE_PROJECT_NAME=Bad!\n' }), [{ line: 1, column: 26 }]);
  t.match(bad({ '.env': '\uFEFFCOMPOSE_PROJECT_NAME=Bad!\n' }), [{ line: 1, column: 1 }]);
  // set by the request's own variables (which win over env files): no file to point at
  const fromRequest = bad({ '.env': 'COMPOSE_PROJECT_NAME=ok\n' }, { env: { COMPOSE_PROJECT_NAME: 'Not OK' } });
  t.equal(fromRequest.length, 1);
  t.notOk(fromRequest[0].file, 'no file');
});

t.test('command and entrypoint strings split as go-shellwords v1.0.12 does (types.ShellCommand)', async (t) => {
  const load = (svc: string) =>
    loadProject(
      { files: { 'compose.yaml': `services:\n  web:\n    image: nginx\n${svc}` } },
      { files: ['compose.yaml'] },
    );
  const cut = load(
    '    command: npm install && npm start\n    entrypoint: "/bin/x \\"a\\\\nb\\" `date +%s` $(id -u)"\n',
  );
  t.same(cut.model?.services?.web?.command, ['npm', 'install']);
  t.same(cut.model?.services?.web?.entrypoint, ['/bin/x', 'anb', '`date +%s`', '$(id -u)']);
  t.match(cut.diagnostics, [
    {
      code: 'command-cut',
      severity: 'warning',
      line: 4,
      column: 14,
      path: 'services.web.command',
      message: /cut at "&": .* drops "&& npm start"$/,
    },
  ]);
  t.equal(cut.diagnostics.length, 1);
  // a descriptor's number before `>` is dropped with the rest
  const descriptor = load('    command: echo hi 2>&1\n');
  t.same(descriptor.model?.services?.web?.command, ['echo', 'hi']);
  t.match(descriptor.diagnostics, [{ code: 'command-cut', message: /cut at ">": .* drops "2>&1"$/ }]);
  for (const bad of ['"echo (x)"', '"echo \'x"', '"echo x)"', '"echo \\\\"']) {
    const r = load(`    command: ${bad}\n`);
    t.equal(r.model, undefined, bad);
    t.match(r.diagnostics, [
      {
        code: 'decode-invalid',
        severity: 'error',
        line: 4,
        column: 14,
        message: /^command ".*" is not a command line: invalid command line string$/,
        composeMessage: "'services[web].command' invalid command line string",
      },
    ]);
  }
  // hooks and develop.watch[].exec are types.ServiceHook: their command is split the same way
  const hooks = load(
    '    post_start:\n      - command: a b; c\n    develop:\n      watch:\n        - action: sync+exec\n          path: ./src\n          target: /app\n          exec:\n            command: make "x y"\n',
  );
  t.same(hooks.model?.services?.web?.post_start, [{ command: ['a', 'b'] }]);
  t.match(hooks.model?.services?.web?.develop, { watch: [{ exec: { command: ['make', 'x y'] } }] });
  t.match(hooks.diagnostics, [{ code: 'command-cut', path: 'services.web.post_start[0].command' }]);
});
