import t from 'tap';
import { tempDir } from './helpers/temp.js';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { parse } from 'yaml';
import { buildApp } from '../src/api/app.js';
import { main } from '../src/cli/main.js';
import { loadProject } from '../src/load/project.js';
import { configDocument, orderedModel, renderConfig } from '../src/report/config.js';
import { redactModel } from '../src/report/review.js';
import type { TreeObject } from '../src/yaml/located.js';

/** The model of one compose.yaml, as the CLI loads it. */
function load(
  compose: string,
  env: Record<string, string> = {},
  options: { noInterpolate?: boolean } = {},
): TreeObject {
  const p = loadProject(
    { files: { 'compose.yaml': compose } },
    { files: ['compose.yaml'], env },
    { defaultProjectName: 'shop', ...options },
  );
  if (!p.model) throw new Error(JSON.stringify(p.diagnostics));
  return p.model;
}

/** `compose-review config ARGS` in a directory holding compose.yaml (and `more` files). */
async function cli(
  compose: string,
  args: string[],
  env: Record<string, string> = {},
  more: Record<string, string> = {},
) {
  const dir = tempDir('cr-config-');
  writeFileSync(join(dir, 'compose.yaml'), compose);
  for (const [name, text] of Object.entries(more)) writeFileSync(join(dir, name), text);
  let stdout = '';
  let stderr = '';
  const code = await main(['config', ...args], {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    env,
    cwd: dir,
  });
  return { code, stdout, stderr };
}

const app = buildApp({ workers: 1 });
t.teardown(() => app.close());
const postConfig = async (format: 'json' | 'yaml', compose: string, env: Record<string, string> = {}) => {
  const r = await app.inject({
    method: 'POST',
    url: `/v1/config?format=${format}`,
    payload: JSON.stringify({
      files: { 'compose.yaml': compose },
      environments: { production: { files: ['compose.yaml'], env } },
    }),
    headers: { 'content-type': 'application/json' },
  });
  t.equal(r.statusCode, 200, r.body);
  return r.json().environments.production;
};

const SECRETS = `
services:
  app:
    image: alpine
    secrets: [db_password]
    configs: [app_cfg, nginx]
secrets:
  db_password:
    environment: DB_PASSWORD
configs:
  app_cfg:
    environment: APP_CFG
  nginx:
    content: |
      listen 80;
`;
const SECRET_ENV = { DB_PASSWORD: 'hunter2', APP_CFG: 'cfgvalue' };

t.test('secret content and config content read from environment are not printed; the model keeps them', async (t) => {
  const model = load(SECRETS, SECRET_ENV);
  for (const format of ['yaml', 'json'] as const) {
    const text = renderConfig(model, format);
    t.notMatch(text, /hunter2|cfgvalue/, `${format}: no value read from the environment`);
    const doc = format === 'json' ? JSON.parse(text) : parse(text);
    t.same(doc.secrets, { db_password: { name: 'shop_db_password', environment: 'DB_PASSWORD' } }, format);
    t.same(
      doc.configs.app_cfg,
      { name: 'shop_app_cfg', environment: 'APP_CFG' },
      `${format}: the source, not the content`,
    );
    t.same(
      doc.configs.nginx,
      { name: 'shop_nginx', content: 'listen 80;\n' },
      `${format}: inline config content is printed (compose-go does too)`,
    );
  }
  t.equal(((model.secrets as TreeObject).db_password as TreeObject).content, 'hunter2', 'the model keeps the value');
  t.equal(
    ((orderedModel(model).secrets as TreeObject).db_password as TreeObject).content,
    'hunter2',
    'orderedModel keeps it (audit, previews)',
  );
  t.equal(
    ((redactModel(model).secrets as TreeObject).db_password as TreeObject).content,
    '********',
    'the preview still masks it',
  );
  t.notOk('content' in ((configDocument(model).secrets as TreeObject).db_password as TreeObject));

  const r = await cli(SECRETS, [], SECRET_ENV);
  t.equal(r.code, 0, r.stderr);
  t.notMatch(r.stdout, /hunter2|cfgvalue/, 'CLI yaml');
  t.match(r.stdout, /^secrets:\n {2}db_password:\n {4}name: \S+_db_password\n {4}environment: DB_PASSWORD\n/m);
  const json = await cli(SECRETS, ['--format', 'json'], SECRET_ENV);
  t.notMatch(json.stdout, /hunter2|cfgvalue/, 'CLI json');

  const api = await postConfig('json', SECRETS, SECRET_ENV);
  t.same(
    api.model.secrets,
    { db_password: { name: 'project_db_password', environment: 'DB_PASSWORD' } },
    'API json model',
  );
  t.notMatch((await postConfig('yaml', SECRETS, SECRET_ENV)).yaml, /hunter2|cfgvalue/, 'API yaml');
});

const DOLLARS = `
services:
  app:
    image: alpine
    command: sh -c 'echo $$HOME'
    environment:
      PRICE: "$$5"
      LITERAL: "$\${NOT_A_VAR}"
    labels:
      cost$: "\${CURRENCY:-EUR}"
`;

t.test('every $ of the printed document is doubled, unless --no-interpolate', async (t) => {
  const model = load(DOLLARS);
  const app = (model.services as TreeObject).app as TreeObject;
  t.same(app.command, ['sh', '-c', 'echo $HOME'], 'the model holds the interpolated values');
  const yaml = renderConfig(model);
  t.match(yaml, /^ {6}- echo \$\$HOME$/m);
  t.match(yaml, /^ {6}LITERAL: \$\$\{NOT_A_VAR\}$/m);
  t.match(yaml, /^ {6}PRICE: \$\$5$/m);
  t.match(yaml, /^ {6}cost\$\$: EUR$/m, 'keys included, like bytes.ReplaceAll');
  const json = renderConfig(model, 'json');
  t.match(json, /"echo \$\$HOME"/);
  t.match(json, /"PRICE": "\$\$5"/);

  // the printed file loads back to the same values, whatever the environment holds
  const again = load(yaml, { HOME: '/root', NOT_A_VAR: 'surprise' });
  const app2 = (again.services as TreeObject).app as TreeObject;
  t.same(app2.command, app.command, 'round trip: command');
  t.same(app2.environment, app.environment, 'round trip: environment');

  t.notMatch(
    renderConfig(load(DOLLARS, {}, { noInterpolate: true }), 'yaml', { noInterpolate: true }),
    /\$\$\$/,
    'no-interpolate: printed as loaded',
  );
  const raw = await cli(DOLLARS, ['--no-interpolate']);
  t.equal(raw.code, 0, raw.stderr);
  t.match(raw.stdout, /^ {6}PRICE: \$\$5$/m, 'CLI --no-interpolate: the source text, not doubled again');
  t.match(raw.stdout, /^ {6}cost\$: \$\{CURRENCY:-EUR\}$/m);
  const interp = await cli(DOLLARS, []);
  t.match(interp.stdout, /^ {6}PRICE: \$\$5$/m, 'CLI');
  t.match(interp.stdout, /^ {6}- echo \$\$HOME$/m);
  const interpJson = await cli(DOLLARS, ['--format', 'json']);
  t.equal(JSON.parse(interpJson.stdout).services.app.environment.LITERAL, '$${NOT_A_VAR}', 'CLI json');

  t.match((await postConfig('yaml', DOLLARS)).yaml, /^ {6}PRICE: \$\$5$/m, 'API yaml is a Compose file: escaped');
  const data = (await postConfig('json', DOLLARS)).model.services.app;
  t.same(data.environment, { LITERAL: '${NOT_A_VAR}', PRICE: '$5' }, 'API json model is data: not escaped');
  t.same(data.command, ['sh', '-c', 'echo $HOME']);
});

const SCALARS = `
services:
  web:
    image: nginx
    build:
      context: .
      secrets:
        - source: npmrc
          mode: 0400
    secrets:
      - source: s
        mode: 0440
    configs:
      - source: c
        mode: 0
    restart: on-failure
    networks: ["n"]
    labels:
      feature.enabled: "yes"
      feature.legacy: "off"
      short: "n"
      upper: "ON"
      window: "1:30"
      long: "190:20:30.15"
      signed: "-1:30"
      not.base60: "1:60"
      word: "yess"
      sentence: "yes please"
      time: "12:30pm"
networks:
  "n": {}
secrets:
  s:
    file: ./s.txt
  npmrc:
    file: ./npmrc
configs:
  c:
    file: ./c.conf
`;

t.test('file modes print as octal strings; YAML 1.1 booleans and base-60 numbers are double-quoted', async (t) => {
  const model = load(SCALARS);
  const yaml = renderConfig(model);
  t.match(yaml, /^ {8}mode: "0440"$/m, 'services.*.secrets[].mode');
  t.match(yaml, /^ {8}mode: "00"$/m, 'services.*.configs[].mode 0');
  t.match(yaml, /^ {10}mode: "0400"$/m, 'services.*.build.secrets[].mode');
  for (const line of [
    'feature.enabled: "yes"',
    'feature.legacy: "off"',
    'short: "n"',
    'upper: "ON"',
    'window: "1:30"',
    'long: "190:20:30.15"',
    'signed: "-1:30"',
  ])
    t.match(yaml, `\n      ${line}\n`, line);
  for (const line of ['not.base60: 1:60', 'word: yess', 'sentence: yes please', 'time: 12:30pm'])
    t.match(yaml, `\n      ${line}\n`, `plain: ${line}`);
  t.match(yaml, /^ {4}image: nginx$/m);
  t.match(yaml, /^ {4}restart: on-failure$/m);
  t.match(yaml, /^ {2}"n":$/m, 'map keys too');
  const web = (model.services as TreeObject).web as TreeObject;
  t.same(parse(yaml, { version: '1.1' }).services.web.labels, web.labels, 'a YAML 1.1 reader gets the strings back');
  t.same(parse(yaml).services.web.secrets, [{ source: 's', target: '/run/secrets/s', mode: '0440' }]);

  const json = JSON.parse(renderConfig(model, 'json'));
  t.same(json.services.web.secrets[0].mode, '0440', 'json: FileMode.MarshalJSON');
  t.same(json.services.web.build.secrets[0].mode, '0400');
  t.equal(json.services.web.labels['feature.enabled'], 'yes');
  t.equal((web.secrets as TreeObject[])[0].mode, 288, 'the model keeps the number');

  const r = await cli(SCALARS, []);
  t.equal(r.code, 0, r.stderr);
  t.match(r.stdout, /^ {8}mode: "0440"$/m, 'CLI');
  t.match(r.stdout, /^ {6}window: "1:30"$/m, 'CLI');
  t.equal((await postConfig('json', SCALARS)).model.services.web.secrets[0].mode, '0440', 'API json model');
});

const STRUCTS = `
services:
  web:
    image: nginx
    devices:
      - "/dev/sda:/dev/xvda:rwm"
    gpus:
      - driver: nvidia
        count: 1
        capabilities: [gpu]
    ulimits:
      nofile:
        soft: 1024
        hard: 2048
    volumes:
      - type: tmpfs
        target: /tmp
        tmpfs:
          size: 1000
          mode: 0755
    develop:
      watch:
        - path: ./src
          action: sync
          target: /app
    provider:
      type: awesomecloud
      options:
        type: mysql
    post_start:
      - user: root
        command: chown app /data
        privileged: true
    deploy:
      update_config:
        parallelism: 2
        delay: 10s
      rollback_config:
        order: start-first
        failure_action: pause
      placement:
        constraints: [node.role==worker]
        max_replicas_per_node: 1
        preferences:
          - spread: node.labels.zone
      resources:
        reservations:
          devices:
            - driver: nvidia
              count: 1
              capabilities: [gpu]
    secrets: [s]
    configs: [c]
    models: [m]
    networks: [n]
networks:
  n:
    ipam:
      driver: default
      config:
        - subnet: 10.0.0.0/24
          gateway: 10.0.0.1
          ip_range: 10.0.0.0/25
secrets:
  s:
    file: ./s.txt
    labels:
      team: a
configs:
  c:
    file: ./c.conf
models:
  m:
    model: ai/smollm2
    context_size: 4096
`;

t.test('struct fields in compose-go declaration order; JSON top level as Project.MarshalJSON', async (t) => {
  const model = load(STRUCTS);
  const doc = parse(renderConfig(model));
  const web = doc.services.web;
  const keys = (v: object) => Object.keys(v);
  t.same(keys(web.develop.watch[0]), ['path', 'action', 'target'], 'develop.watch: Trigger');
  t.same(keys(web.deploy.update_config), ['parallelism', 'delay'], 'UpdateConfig');
  t.same(keys(web.deploy.rollback_config), ['failure_action', 'order'], 'rollback_config: UpdateConfig');
  t.same(keys(web.deploy.placement), ['constraints', 'preferences', 'max_replicas_per_node'], 'Placement');
  t.same(keys(web.deploy.resources.reservations.devices[0]), ['capabilities', 'driver', 'count'], 'DeviceRequest');
  t.same(keys(web.gpus[0]), ['capabilities', 'driver', 'count'], 'gpus: DeviceRequest');
  t.same(keys(web.devices[0]), ['source', 'target', 'permissions'], 'DeviceMapping');
  t.same(keys(web.ulimits.nofile), ['soft', 'hard'], 'UlimitsConfig.MarshalYAML');
  t.same(keys(web.volumes[0].tmpfs), ['size', 'mode'], 'ServiceVolumeTmpfs');
  t.same(keys(web.provider), ['type', 'options'], 'ServiceProviderConfig');
  t.same(keys(web.post_start[0]), ['command', 'user', 'privileged'], 'ServiceHook');
  t.same(keys(doc.networks.n.ipam), ['driver', 'config'], 'IPAMConfig');
  t.same(keys(doc.networks.n.ipam.config[0]), ['subnet', 'gateway', 'ip_range'], 'IPAMPool');
  t.same(keys(doc.secrets.s), ['name', 'file', 'labels'], 'FileObjectConfig');
  t.same(keys(doc.configs.c), ['name', 'file'], 'FileObjectConfig');
  t.same(keys(doc.models.m), ['model', 'context_size'], 'ModelConfig');
  t.same(keys(doc), ['name', 'services', 'networks', 'secrets', 'configs', 'models'], 'YAML: Project struct order');
  const ordered = orderedModel(model) as { services: { web: { develop: { watch: object[] } } } } & TreeObject;
  t.same(
    keys(ordered.services.web.develop.watch[0]),
    ['path', 'action', 'target'],
    'orderedModel (previews) has the same order',
  );

  const json = JSON.parse(renderConfig(model, 'json'));
  t.same(keys(json), ['configs', 'name', 'networks', 'secrets', 'services'], 'JSON: a sorted Go map, without models');
  t.same(
    keys(json.services.web.develop.watch[0]),
    ['path', 'action', 'target', 'exec'],
    'JSON: structs in field order (Trigger.Exec is a struct: always printed)',
  );
  t.same(keys(json.networks.n.ipam.config[0]), ['subnet', 'gateway', 'ip_range']);

  const r = await cli(STRUCTS, ['--format', 'json']);
  t.equal(r.code, 0, r.stderr);
  t.same(keys(JSON.parse(r.stdout)), ['configs', 'name', 'networks', 'secrets', 'services'], 'CLI json');
  const api = (await postConfig('json', STRUCTS)).model;
  t.same(
    keys(api),
    ['name', 'services', 'networks', 'secrets', 'configs', 'models'],
    'API json model: data, models kept',
  );
  t.same(keys(api.secrets.s), ['name', 'file', 'labels']);
});

t.test('JSON as encoding/json writes it: command and entrypoint null when unset, <>& escaped in strings', async (t) => {
  const model = load(
    'services:\n  a:\n    image: nginx\n    environment:\n      URL: "http://x/?a=1&b=<2>"\n  b:\n    image: nginx\n    command: ["run"]\n    entrypoint: ["tini", "--"]\n',
  );
  const text = renderConfig(model, 'json');
  t.match(text, /"URL": "http:\/\/x\/\?a=1\\u0026b=\\u003c2\\u003e"/);
  const doc = JSON.parse(text);
  t.same(Object.keys(doc.services.a).slice(0, 3), ['command', 'entrypoint', 'environment']);
  t.equal(doc.services.a.command, null);
  t.same(doc.services.b.entrypoint, ['tini', '--']);
  t.equal(doc.services.a.environment.URL, 'http://x/?a=1&b=<2>', 'still the same value');
  t.notOk('command' in parse(renderConfig(model)).services.a, 'YAML keeps omitempty');
});

const ZEROS = `
services:
  web:
    image: nginx
    privileged: false
    read_only: false
    tty: false
    stdin_open: false
    init: false
    user: ""
    working_dir: ""
    cpus: 0
    pids_limit: 0
    volumes:
      - type: volume
        source: data
        target: /data
        read_only: false
    volumes_from: [db]
    deploy:
      update_config:
        parallelism: 1
        delay: 0s
  db:
    image: postgres
    healthcheck:
      test: ["CMD", "true"]
      disable: false
volumes:
  data: {}
`;

t.test('omitempty: zero values of non-pointer fields are left out, pointer fields are printed', async (t) => {
  const model = load(ZEROS);
  const expected = `name: shop
services:
  db:
    healthcheck:
      test:
        - CMD
        - "true"
    image: postgres
    networks:
      default: null
  web:
    depends_on:
      db:
        condition: service_started
        required: true
    deploy:
      update_config:
        parallelism: 1
    image: nginx
    init: false
    networks:
      default: null
    volumes:
      - type: volume
        source: data
        target: /data
    volumes_from:
      - db
networks:
  default:
    name: shop_default
volumes:
  data:
    name: shop_data
`;
  t.equal(renderConfig(model), expected, 'YAML as docker compose config prints it');
  const web = (model.services as TreeObject).web as TreeObject;
  t.equal(web.privileged, false, 'the model keeps the values');
  t.equal(((web.depends_on as TreeObject).db as TreeObject).restart, false);
  const json = JSON.parse(renderConfig(model, 'json')).services.web;
  for (const k of ['privileged', 'read_only', 'tty', 'stdin_open', 'user', 'working_dir', 'cpus', 'pids_limit'])
    t.notOk(k in json, `json: ${k} omitempty`);
  t.equal(json.init, false, 'json: *bool kept');
  t.same(
    json.depends_on,
    { db: { condition: 'service_started', required: true } },
    'json: restart omitempty, required kept',
  );
  t.same(json.deploy.update_config, { parallelism: 1 }, 'json: Duration 0s omitempty');
  t.same(json.volumes[0], { type: 'volume', source: 'data', target: '/data' });

  const pointers = load(`
services:
  web:
    image: nginx
    scale: 0
    attach: false
    stop_grace_period: 0s
    healthcheck:
      test: ["CMD", "true"]
      retries: 0
      interval: 0s
    deploy:
      replicas: 0
      restart_policy:
        delay: 0s
        max_attempts: 0
      resources:
        limits:
          cpus: 0
          pids: 0
networks:
  default:
    enable_ipv6: false
    external: false
    internal: false
`);
  for (const format of ['yaml', 'json'] as const) {
    const doc = format === 'json' ? JSON.parse(renderConfig(pointers, format)) : parse(renderConfig(pointers, format));
    const w = doc.services.web;
    t.equal(w.scale, 0, `${format}: scale *int`);
    t.equal(w.attach, false, `${format}: attach *bool`);
    t.equal(w.stop_grace_period, '0s', `${format}: stop_grace_period *Duration`);
    t.same(w.healthcheck, { test: ['CMD', 'true'], interval: '0s', retries: 0 }, `${format}: healthcheck pointers`);
    t.equal(w.deploy.replicas, 0, `${format}: replicas *int`);
    t.same(w.deploy.restart_policy, { delay: '0s', max_attempts: 0 }, `${format}: RestartPolicy pointers`);
    t.same(w.deploy.resources, { limits: {} }, `${format}: *Resource kept, its zero fields left out`);
    t.same(
      doc.networks.default,
      format === 'json'
        ? { name: 'shop_default', ipam: {}, enable_ipv6: false }
        : { name: 'shop_default', enable_ipv6: false },
      `${format}: *bool kept, External and bool omitempty`,
    );
  }

  const r = await cli(ZEROS, ['-p', 'shop']);
  t.equal(r.code, 0, r.stderr);
  t.equal(r.stdout, expected, 'CLI');
  const api = (await postConfig('json', ZEROS)).model.services.web;
  t.notOk('privileged' in api, 'API json model: as marshalled');
  t.equal(api.init, false);
});

const EMPTIES = `
services:
  w:
    image: nginx
    cap_add: []
    labels: {}
    ports: []
    command: []
    entrypoint: ""
    ulimits: {}
    dns: ""
    environment: []
    deploy:
      resources: {}
      placement: {}
      labels: {}
    logging:
      options: {}
  app:
    image: alpine
    build:
      context: .
      args:
        - GIT_COMMIT
networks:
  n:
    ipam: {}
    labels: []
`;

t.test(
  'omitempty: empty lists, maps and non-pointer structs are left out; pointers to empty structs and [] commands are not',
  async (t) => {
    const r = await cli(EMPTIES, ['-p', 'shop', '--all-resources']);
    t.equal(r.code, 0, r.stderr);
    t.equal(
      r.stdout,
      `name: shop
services:
  app:
    build:
      context: .
      dockerfile: Dockerfile
    image: alpine
    networks:
      default: null
  w:
    command: []
    deploy: {}
    entrypoint: []
    image: nginx
    logging: {}
    networks:
      default: null
networks:
  default:
    name: shop_default
  "n":
    name: shop_n
`,
    );
    const model = load(EMPTIES);
    const w = (model.services as TreeObject).w as TreeObject;
    t.same(w.environment, {}, 'the model keeps the empty map');
    t.same(((model.services as TreeObject).app as TreeObject).build, {
      context: '.',
      dockerfile: 'Dockerfile',
      args: {},
    });
    const json = JSON.parse(renderConfig(model, 'json')).services;
    t.same(json.w.deploy, { resources: {}, placement: {} }, 'json: Resources and Placement are structs, never omitted');
    t.same(json.w.command, [], 'json: ShellCommand []');
    t.notOk(
      'environment' in json.w || 'labels' in json.w || 'cap_add' in json.w || 'ulimits' in json.w || 'dns' in json.w,
      'json: empty maps and lists omitted',
    );
    t.same(json.app.build, { context: '.', dockerfile: 'Dockerfile' }, 'json: build.args {} omitted');
  },
);

t.test('create_host_path is OptOut: true (the default) is left out, false printed', async (t) => {
  const compose =
    'services:\n  web:\n    image: nginx\n    volumes:\n      - ./site:/usr/share/nginx/html\n      - type: bind\n        source: ./conf\n        target: /etc/nginx/conf.d\n        bind:\n          create_host_path: false\n';
  const model = load(compose);
  const volumes = ((model.services as TreeObject).web as TreeObject).volumes as TreeObject[];
  t.same(volumes[0].bind, { create_host_path: true }, 'the model has the default');
  const yaml = renderConfig(model);
  t.match(yaml, /\n {8}target: \/usr\/share\/nginx\/html\n {8}bind: \{\}\n/);
  t.match(yaml, /\n {8}bind:\n {10}create_host_path: false\n/);
  const json = JSON.parse(renderConfig(model, 'json')).services.web.volumes;
  t.same(
    json.map((v: { bind: object }) => v.bind),
    [{}, { create_host_path: false }],
    'json: omitzero',
  );
  const r = await cli(compose, []);
  t.equal(r.code, 0, r.stderr);
  t.match(r.stdout, /\n {8}bind: \{\}\n/, 'CLI');
});

t.test('command/entrypoint reset to null by an override: left out of YAML, null in JSON', async (t) => {
  const base =
    'services:\n  web:\n    image: nginx\n    command: ["nginx", "-g", "daemon off;"]\n    entrypoint: /docker-entrypoint.sh\n';
  const override = 'services:\n  web:\n    command: null\n    entrypoint:\n';
  const p = loadProject(
    { files: { 'compose.yaml': base, 'compose.override.yaml': override } },
    { files: ['compose.yaml', 'compose.override.yaml'], env: {} },
    { defaultProjectName: 'shop' },
  );
  if (!p.model) throw new Error(JSON.stringify(p.diagnostics));
  const expected =
    'name: shop\nservices:\n  web:\n    image: nginx\n    networks:\n      default: null\nnetworks:\n  default:\n    name: shop_default\n';
  t.equal(renderConfig(p.model), expected);
  const json = JSON.parse(renderConfig(p.model, 'json')).services.web;
  t.equal(json.command, null);
  t.equal(json.entrypoint, null);
  const r = await cli(
    base,
    ['-p', 'shop', '-f', 'compose.yaml', '-f', 'compose.override.yaml'],
    {},
    { 'compose.override.yaml': override },
  );
  t.equal(r.code, 0, r.stderr);
  t.equal(r.stdout, expected, 'CLI');
});

t.test(
  'ulimits: UlimitsConfig marshallers (a zero single value is soft/hard 0; JSON omits zero soft/hard)',
  async (t) => {
    const compose =
      'services:\n  web:\n    image: nginx\n    ulimits:\n      core: 0\n      nofile: {soft: 0, hard: 0}\n      nproc: 65535\n      memlock: {soft: -1, hard: 0}\n    build:\n      context: .\n      ulimits:\n        core: 0\n';
    const model = load(compose);
    const yaml = parse(renderConfig(model)).services.web;
    t.same(yaml.ulimits, {
      core: { soft: 0, hard: 0 },
      memlock: { soft: -1, hard: 0 },
      nofile: { soft: 0, hard: 0 },
      nproc: 65535,
    });
    t.same(yaml.build.ulimits, { core: { soft: 0, hard: 0 } }, 'build.ulimits too');
    const json = JSON.parse(renderConfig(model, 'json')).services.web;
    t.same(json.ulimits, { core: {}, memlock: { soft: -1 }, nofile: {}, nproc: 65535 });
    t.same(json.build.ulimits, { core: {} });
    t.equal((((model.services as TreeObject).web as TreeObject).ulimits as TreeObject).core, 0, 'the model keeps 0');
    const r = await cli(compose, []);
    t.match(r.stdout, /\n {6}core:\n {8}soft: 0\n {8}hard: 0\n/, 'CLI');
  },
);

const JSON_STRUCTS = `
x-top: {a: 1}
services:
  web:
    image: nginx
    x-svc: hello
    deploy:
      replicas: 2
    develop:
      watch:
        - path: ./src
          action: rebuild
    ports:
      - target: 80
        x-port: 1
    labels:
      x-label: kept
networks:
  default:
    x-net: 2
`;

t.test('JSON: non-pointer structs always printed, x-* extensions below the top level dropped (json:"-")', async (t) => {
  const model = load(JSON_STRUCTS);
  const json = JSON.parse(renderConfig(model, 'json'));
  const web = json.services.web;
  t.same(web.deploy, { replicas: 2, resources: {}, placement: {} }, 'DeployConfig.Resources and Placement');
  t.same(
    web.develop.watch,
    [{ path: './src', action: 'rebuild', exec: { command: null } }],
    'Trigger.Exec, ServiceHook.Command json:"command"',
  );
  t.same(json.networks.default, { name: 'shop_default', ipam: {} }, 'NetworkConfig.Ipam; x-net dropped');
  t.notOk('x-svc' in web, 'ServiceConfig.Extensions');
  t.same(web.ports, [{ mode: 'ingress', target: 80, protocol: 'tcp' }], 'ServicePortConfig.Extensions');
  // loader.go processExtensions takes x-label out of the map too; types/labels.go labelValue writes
  // the map of what it took with fmt.Sprint (src/load/extensions.ts)
  t.same(web.labels, { '#extensions': 'map[x-label:kept]' }, 'a Labels map: one entry, fmt.Sprint of the x- keys');
  t.same(json['x-top'], { a: 1 }, 'Project.MarshalJSON copies the top-level extensions');
  t.same(
    Object.keys(web),
    ['develop', 'command', 'deploy', 'entrypoint', 'image', 'labels', 'networks', 'ports'],
    'struct order',
  );

  const yaml = parse(renderConfig(model));
  t.equal(yaml.services.web['x-svc'], 'hello', 'YAML keeps extensions (inline)');
  t.equal(yaml.services.web.ports[0]['x-port'], 1);
  t.equal(yaml.networks.default['x-net'], 2);
  t.same(yaml.services.web.deploy, { replicas: 2 }, 'YAML: empty structs omitted');
  t.same(yaml.services.web.develop.watch, [{ path: './src', action: 'rebuild' }]);
  t.same(yaml.networks.default, { name: 'shop_default', 'x-net': 2 });

  const r = await cli(JSON_STRUCTS, ['--format', 'json']);
  t.equal(r.code, 0, r.stderr);
  t.same(JSON.parse(r.stdout).services.web.deploy, { replicas: 2, resources: {}, placement: {} }, 'CLI');
});

t.test(
  'UnitBytes: mem_swappiness and blkio rates print as byte-count strings; WeightDevice/ThrottleDevice keys untagged',
  async (t) => {
    const compose =
      'services:\n  w:\n    image: nginx\n    mem_swappiness: 60\n    mem_limit: 1g\n    blkio_config:\n      weight: 300\n      device_read_bps:\n        - path: /dev/sda\n          rate: 12mb\n      device_write_iops:\n        - path: /dev/sdb\n          rate: 120\n      weight_device:\n        - path: /dev/sda\n          weight: 400\n';
    const model = load(compose);
    const yaml = renderConfig(model);
    t.match(
      yaml,
      `    blkio_config:
      weight: 300
      weight_device:
        - path: /dev/sda
          weight: 400
      device_read_bps:
        - path: /dev/sda
          rate: "12582912"
      device_write_iops:
        - path: /dev/sdb
          rate: "120"
    image: nginx
    mem_limit: "1073741824"
    mem_swappiness: "60"
`,
    );
    const json = JSON.parse(renderConfig(model, 'json')).services.w;
    t.same(json.blkio_config, {
      weight: 300,
      weight_device: [{ Path: '/dev/sda', Weight: 400 }],
      device_read_bps: [{ Path: '/dev/sda', Rate: '12582912' }],
      device_write_iops: [{ Path: '/dev/sdb', Rate: '120' }],
    });
    t.equal(json.mem_swappiness, '60');
    t.equal((((model.services as TreeObject).w as TreeObject).blkio_config as TreeObject).weight, 300);
    const r = await cli(compose, ['--format', 'json']);
    t.equal(r.code, 0, r.stderr);
    t.equal(JSON.parse(r.stdout).services.w.blkio_config.device_read_bps[0].Rate, '12582912', 'CLI');
    t.equal(
      parse(renderConfig(load('services:\n  w:\n    image: nginx\n    mem_swappiness: 0\n    shm_size: 0\n'))).services
        .w.mem_swappiness,
      undefined,
      'UnitBytes 0 omitempty',
    );
  },
);

t.test('build.ssh prints as SSHKey.MarshalYAML: a list of id or "id: path"', async (t) => {
  const model = load('services:\n  a:\n    build:\n      context: .\n      ssh: [default, "gh=/home/me/.ssh/id"]\n');
  t.same(parse(renderConfig(model)).services.a.build.ssh, ['default', 'gh: /home/me/.ssh/id']);
  t.same(
    { ...(orderedModel(model).services as any).a.build.ssh },
    { default: null, gh: '/home/me/.ssh/id' },
    'the model keeps the map',
  );
});
