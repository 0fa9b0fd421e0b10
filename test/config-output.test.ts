import t from 'tap';
import { join } from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { parse } from 'yaml';
import { buildApp } from '../src/api/app.js';
import { main } from '../src/cli/main.js';
import { loadProject } from '../src/load/project.js';
import { configDocument, orderedModel, renderConfig } from '../src/report/config.js';
import { redactModel } from '../src/report/review.js';
import type { TreeObject } from '../src/yaml/located.js';

/** The model of one compose.yaml, as the CLI loads it. */
function load(compose: string, env: Record<string, string> = {}, options: { noInterpolate?: boolean } = {}): TreeObject {
  const p = loadProject({ files: { 'compose.yaml': compose } }, { files: ['compose.yaml'], env }, { defaultProjectName: 'shop', ...options });
  if (!p.model) throw new Error(JSON.stringify(p.diagnostics));
  return p.model;
}

/** `compose-review config ARGS` in a directory holding compose.yaml. */
async function cli(compose: string, args: string[], env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'cr-config-'));
  writeFileSync(join(dir, 'compose.yaml'), compose);
  let stdout = '';
  let stderr = '';
  const code = await main(['config', ...args], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env, cwd: dir });
  return { code, stdout, stderr };
}

const app = buildApp();
t.teardown(() => app.close());
const postConfig = async (format: 'json' | 'yaml', compose: string, env: Record<string, string> = {}) => {
  const r = await app.inject({
    method: 'POST',
    url: `/v1/config?format=${format}`,
    payload: JSON.stringify({ files: { 'compose.yaml': compose }, environments: { production: { files: ['compose.yaml'], env } } }),
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
    t.same(doc.configs.app_cfg, { name: 'shop_app_cfg', environment: 'APP_CFG' }, `${format}: the source, not the content`);
    t.same(doc.configs.nginx, { name: 'shop_nginx', content: 'listen 80;\n' }, `${format}: inline config content is printed (compose-go does too)`);
  }
  t.equal(((model.secrets as TreeObject).db_password as TreeObject).content, 'hunter2', 'the model keeps the value');
  t.equal(((orderedModel(model).secrets as TreeObject).db_password as TreeObject).content, 'hunter2', 'orderedModel keeps it (audit, previews)');
  t.equal(((redactModel(model).secrets as TreeObject).db_password as TreeObject).content, '********', 'the preview still masks it');
  t.notOk('content' in ((configDocument(model).secrets as TreeObject).db_password as TreeObject));

  const r = await cli(SECRETS, [], SECRET_ENV);
  t.equal(r.code, 0, r.stderr);
  t.notMatch(r.stdout, /hunter2|cfgvalue/, 'CLI yaml');
  t.match(r.stdout, /^secrets:\n {2}db_password:\n {4}name: \S+_db_password\n {4}environment: DB_PASSWORD\n/m);
  const json = await cli(SECRETS, ['--format', 'json'], SECRET_ENV);
  t.notMatch(json.stdout, /hunter2|cfgvalue/, 'CLI json');

  const api = await postConfig('json', SECRETS, SECRET_ENV);
  t.same(api.model.secrets, { db_password: { name: 'project_db_password', environment: 'DB_PASSWORD' } }, 'API json model');
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

  t.notMatch(renderConfig(load(DOLLARS, {}, { noInterpolate: true }), 'yaml', { noInterpolate: true }), /\$\$\$/, 'no-interpolate: printed as loaded');
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
  for (const line of ['feature.enabled: "yes"', 'feature.legacy: "off"', 'short: "n"', 'upper: "ON"', 'window: "1:30"', 'long: "190:20:30.15"', 'signed: "-1:30"']) t.match(yaml, `\n      ${line}\n`, line);
  for (const line of ['not.base60: 1:60', 'word: yess', 'sentence: yes please', 'time: 12:30pm']) t.match(yaml, `\n      ${line}\n`, `plain: ${line}`);
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
  t.same(keys(ordered.services.web.develop.watch[0]), ['path', 'action', 'target'], 'orderedModel (previews) has the same order');

  const json = JSON.parse(renderConfig(model, 'json'));
  t.same(keys(json), ['configs', 'name', 'networks', 'secrets', 'services'], 'JSON: a sorted Go map, without models');
  t.same(keys(json.services.web.develop.watch[0]), ['path', 'action', 'target'], 'JSON: structs in field order');
  t.same(keys(json.networks.n.ipam.config[0]), ['subnet', 'gateway', 'ip_range']);

  const r = await cli(STRUCTS, ['--format', 'json']);
  t.equal(r.code, 0, r.stderr);
  t.same(keys(JSON.parse(r.stdout)), ['configs', 'name', 'networks', 'secrets', 'services'], 'CLI json');
  const api = (await postConfig('json', STRUCTS)).model;
  t.same(keys(api), ['name', 'services', 'networks', 'secrets', 'configs', 'models'], 'API json model: data, models kept');
  t.same(keys(api.secrets.s), ['name', 'file', 'labels']);
});

t.test('JSON as encoding/json writes it: command and entrypoint null when unset, <>& escaped in strings', async (t) => {
  const model = load('services:\n  a:\n    image: nginx\n    environment:\n      URL: "http://x/?a=1&b=<2>"\n  b:\n    image: nginx\n    command: ["run"]\n    entrypoint: ["tini", "--"]\n');
  const text = renderConfig(model, 'json');
  t.match(text, /"URL": "http:\/\/x\/\?a=1\\u0026b=\\u003c2\\u003e"/);
  const doc = JSON.parse(text);
  t.same(Object.keys(doc.services.a).slice(0, 3), ['command', 'entrypoint', 'environment']);
  t.equal(doc.services.a.command, null);
  t.same(doc.services.b.entrypoint, ['tini', '--']);
  t.equal(doc.services.a.environment.URL, 'http://x/?a=1&b=<2>', 'still the same value');
  t.notOk('command' in parse(renderConfig(model)).services.a, 'YAML keeps omitempty');
});
