import t from 'tap';
import { readFileSync, readdirSync } from 'node:fs';
import { parseYaml } from '../src/yaml/parse.js';
import { isObject, type Tree, type TreeObject } from '../src/yaml/located.js';
import type { Diagnostic } from '../src/diagnostics.js';
import { validateSchema } from '../src/validate/schema.js';
import { validateSemantics, type SemanticOptions } from '../src/validate/semantic.js';
import { parseVolumeSpec, portSpecError } from '../src/validate/syntax.js';
import { didYouMean } from '../src/validate/suggest.js';

const DIR = new URL('../fixtures/diagnostics/', import.meta.url);

function tree(text: string, file = 'compose.yaml'): Tree {
  const p = parseYaml(text, file);
  if (p.diagnostics.length) throw new Error(p.diagnostics.map((d) => d.message).join('; '));
  return p.documents[0].tree as Tree;
}

/** Schema first; the semantic checks only on a schema-valid model, as the loader does. */
function check(text: string, file = 'compose.yaml', opts: SemanticOptions = {}): Diagnostic[] {
  const model = tree(text, file);
  const schema = validateSchema(model, file);
  return schema.length || !isObject(model) ? schema : validateSemantics(model, opts);
}

const fixture = (name: string): string => readFileSync(new URL(name, DIR), 'utf8');

// One fixture per code; each yields exactly that one diagnostic, at this line:column.
const CASES: [file: string, code: string, line: number, column: number, hint?: RegExp][] = [
  ['docker-compose.prod.yml', 'schema-unknown-key', 8, 9, /"limits"/],
  ['schema-unknown-key.yaml', 'schema-unknown-key', 6, 5, /"healthcheck"/],
  ['schema-invalid-key.yaml', 'schema-invalid-key', 4, 3],
  ['schema-type.yaml', 'schema-type', 4, 18],
  ['schema-enum.yaml', 'schema-enum', 6, 20, /"service_healthy"/],
  ['schema-required.yaml', 'schema-required', 6, 11],
  ['schema-pattern.yaml', 'schema-pattern', 4, 18],
  ['schema-range.yaml', 'schema-range', 4, 20],
  ['schema-duplicate-item.yaml', 'schema-duplicate-item', 7, 9],
  ['obsolete-version.yaml', 'obsolete-version', 1, 1],
  ['missing-image-or-build.yaml', 'missing-image-or-build', 4, 3],
  ['extends-not-found.yaml', 'extends-not-found', 7, 14, /"base"/],
  ['undefined-network.yaml', 'undefined-network', 6, 9, /"frontend"/],
  ['undefined-volume.yaml', 'undefined-volume', 6, 9, /top-level volumes/],
  ['undefined-secret.yaml', 'undefined-secret', 5, 17],
  ['undefined-config.yaml', 'undefined-config', 5, 9],
  ['undefined-model.yaml', 'undefined-model', 5, 9],
  ['undefined-dependency.yaml', 'undefined-dependency', 5, 7],
  ['undefined-link.yaml', 'undefined-link', 5, 9],
  ['undefined-volumes-from.yaml', 'undefined-volumes-from', 6, 9],
  ['undefined-namespace-service.yaml', 'undefined-namespace-service', 6, 19, /"app"/],
  ['undefined-additional-context.yaml', 'undefined-additional-context', 8, 15],
  ['dependency-cycle.yaml', 'dependency-cycle', 4, 18],
  ['network-mode-conflict.yaml', 'network-mode-conflict', 7, 5],
  ['dockerfile-conflict.yaml', 'dockerfile-conflict', 6, 7],
  ['platform-mismatch.yaml', 'platform-mismatch', 6, 7],
  ['invalid-healthcheck-test.yaml', 'invalid-healthcheck-test', 5, 14, /CMD/],
  ['scale-replicas-conflict.yaml', 'scale-replicas-conflict', 4, 5],
  ['negative-scale.yaml', 'negative-scale', 5, 17],
  ['resource-conflict.yaml', 'resource-conflict', 4, 5],
  ['container-name-scale.yaml', 'container-name-scale', 4, 5],
  ['duplicate-container-name.yaml', 'duplicate-container-name', 7, 21],
  ['watch-target-required.yaml', 'watch-target-required', 8, 11],
  ['watch-path-blank.yaml', 'watch-path-blank', 6, 17],
  ['duplicate-mount-target.yaml', 'duplicate-mount-target', 7, 9],
  ['source-conflict.yaml', 'source-conflict', 8, 5],
  ['source-missing.yaml', 'source-missing', 6, 3],
  ['external-conflict.yaml', 'external-conflict', 9, 5],
  ['device-request-conflict.yaml', 'device-request-conflict', 10, 15],
  ['invalid-port.yaml', 'invalid-port', 6, 9],
  ['invalid-volume.yaml', 'invalid-volume', 5, 9],
];

t.test('each diagnostic fixture yields exactly its code at its position', async (t) => {
  for (const [file, code, line, column, hint] of CASES) {
    const ds = check(fixture(file), file);
    t.equal(ds.length, 1, `${file}: one diagnostic (${ds.map((d) => d.code).join(', ')})`);
    t.match(ds[0], { code, file, line, column }, file);
    if (hint) t.match(ds[0].hint, hint, `${file}: hint`);
  }
  const covered = new Set(CASES.map((c) => c[0]));
  const files = readdirSync(DIR).filter((f) => !covered.has(f));
  t.same(files, [], 'every fixture is in the table');
});

// compose-go's own message for each fixture's problem: what `docker compose config` prints for it
// (after `validating <file>: ` for the schema), quirks included (compose-go's spelling "mutualy",
// its swapped arguments for container_name, its `[]` for list items in validation paths)
const COMPOSE: Record<string, string | undefined> = {
  'container-name-scale.yaml':
    "services.deploy.replicas: can't set container_name and worker as container name must be unique: invalid compose project",
  'dependency-cycle.yaml': 'dependency cycle detected: api -> worker -> queue -> api',
  'device-request-conflict.yaml':
    'services.trainer.deploy.resources.reservations.devices.[]: "count" and "device_ids" attributes are exclusive',
  'docker-compose.prod.yml': "services.api.deploy.resources additional properties 'limit' not allowed",
  'dockerfile-conflict.yaml':
    'service "app" declares mutualy exclusive dockerfile and dockerfile_inline: invalid compose project',
  'duplicate-container-name.yaml': 'services.web: container name "shop" is already in use by service {}"',
  'duplicate-mount-target.yaml': 'services.app.volumes[0]: target /tmp already mounted as services.app.tmpfs[0]',
  'extends-not-found.yaml': 'cannot extend service "worker" in extends-not-found.yaml: service "bsae" not found',
  'external-conflict.yaml': 'volumes.pgdata: conflicting parameters "external" and "driver" specified',
  'invalid-healthcheck-test.yaml': 'healthcheck.test must start either by "CMD", "CMD-SHELL" or "NONE"',
  'invalid-port.yaml': 'Invalid proto: tpc',
  'invalid-volume.yaml': 'invalid spec: ./site:/usr/share/nginx/html:ro:z: too many colons',
  'missing-image-or-build.yaml':
    'service "worker" has neither an image nor a build context specified: invalid compose project',
  'negative-scale.yaml': 'services.worker.deploy.replicas: must be greater than or equal to 0',
  'network-mode-conflict.yaml':
    'service torrent declares mutually exclusive `network_mode` and `networks`: invalid compose project',
  'obsolete-version.yaml': undefined, // a warning of docker compose's, not an error of compose-go
  'platform-mismatch.yaml':
    'service.build.platforms MUST include service.platform "linux/arm64": invalid compose project',
  'resource-conflict.yaml':
    "services.api: can't set distinct values on 'mem_limit' and 'deploy.resources.limits.memory': invalid compose project",
  'scale-replicas-conflict.yaml':
    "services.worker: can't set distinct values on 'scale' and 'deploy.replicas': invalid compose project",
  'schema-duplicate-item.yaml': 'services.api.cap_add items at 0 and 2 are equal',
  'schema-enum.yaml':
    "services.api.depends_on.db.condition value must be one of 'service_started', 'service_healthy', 'service_completed_successfully'",
  'schema-invalid-key.yaml': "services additional properties 'worker queue' not allowed",
  'schema-pattern.yaml':
    "services.api.pull_policy 'sometimes' does not match pattern 'always|never|build|if_not_present|missing|refresh|daily|weekly|every_([0-9]+[wdhms])+'",
  'schema-range.yaml': 'services.api.oom_score_adj must be less than or equal to 1000',
  'schema-required.yaml': "services.api.develop.watch.0 missing property 'action'",
  'schema-type.yaml': 'services.api.environment must be a mapping',
  'schema-unknown-key.yaml': "services.web additional properties 'healtcheck' not allowed",
  'source-conflict.yaml': 'configs.app_config: file|environment|content attributes are mutually exclusive',
  'source-missing.yaml': 'secrets.token: one of file|environment must be set',
  'undefined-additional-context.yaml':
    'service "app" declares non-buildable service "base" as additional contexts base',
  'undefined-config.yaml': 'service "proxy" refers to undefined config nginx_conf: invalid compose project',
  'undefined-dependency.yaml': 'service "api" depends on undefined service "redis": invalid compose project',
  'undefined-link.yaml': 'service "web" depends on undefined service "db": invalid compose project',
  'undefined-model.yaml': 'service "chat" refers to undefined model llm: invalid compose project',
  'undefined-namespace-service.yaml': 'service "sidecar" depends on undefined service "ap": invalid compose project',
  'undefined-network.yaml': 'service "api" refers to undefined network frontned: invalid compose project',
  'undefined-secret.yaml': 'service "api" refers to undefined secret db_password: invalid compose project',
  'undefined-volume.yaml': 'service "db" refers to undefined volume pgdata: invalid compose project',
  'undefined-volumes-from.yaml': 'service "backup" depends on undefined service "data": invalid compose project',
  'watch-path-blank.yaml': "services.web.develop.watch.[].path: value can't be blank",
  'watch-target-required.yaml':
    'services.web.develop.watch: target is required for non-rebuild actions: invalid compose project',
};

t.test("each diagnostic fixture carries compose-go's own message for its problem", async (t) => {
  for (const [file] of CASES) {
    t.ok(Object.hasOwn(COMPOSE, file), `${file} is in the table`);
    t.equal(check(fixture(file), file)[0].composeMessage, COMPOSE[file], file);
  }
});

t.test('compose-go phrases that depend on what runs: checkConsistency alone, a model not normalized', async (t) => {
  const model = tree(
    'services:\n  a:\n    image: x\n    network_mode: service:gone\n    links: [db]\nsecrets:\n  s:\n    driver: d\n',
  ) as TreeObject;
  const phrases = (opts: SemanticOptions) =>
    validateSemantics(model, opts)
      .map((d) => d.composeMessage)
      .filter((m) => m !== undefined);
  // a load normalizes first: links and `service:` namespaces are dependencies by then
  t.same(phrases({}), [
    'service "a" depends on undefined service "gone": invalid compose project',
    'service "a" depends on undefined service "db": invalid compose project',
    'secret "s" must declare either `file` or `environment`: invalid compose project',
  ]);
  t.same(phrases({ validation: false, normalized: false }), [
    'service "gone" not found for network_mode \'service:gone\'',
    'secret "s" must declare either `file` or `environment`: invalid compose project',
  ]);
  // the top-level `external` key waives checkFileObject, and checkConsistency skips external secrets
  const ext = tree('configs:\n  c:\n    external: false\n') as TreeObject;
  t.same(validateSemantics(ext), []);
});

t.test('the seed example: deploy.resources.limit in a prod override', async (t) => {
  const [d] = check(fixture('docker-compose.prod.yml'), 'docker-compose.prod.yml');
  t.match(d, {
    code: 'schema-unknown-key',
    severity: 'error',
    file: 'docker-compose.prod.yml',
    line: 8,
    column: 9,
    path: 'services.api.deploy.resources.limit',
  });
  t.match(d.message, /"limit"/);
  t.match(d.hint, /limits/);
});

t.test('oneOf-heavy fields give one diagnostic per problem', async (t) => {
  const svc = (body: string): string => `services:\n  api:\n    image: example/api:1\n${body}`;
  const cases: [body: string, code: string, path: string, message?: RegExp][] = [
    ['    build: 3\n', 'schema-type', 'services.api.build', /must be a mapping or string$/],
    ['    environment: 3\n', 'schema-type', 'services.api.environment', /must be a list or mapping$/],
    [
      '    ports:\n      - target: [80]\n',
      'schema-type',
      'services.api.ports[0].target',
      /must be an integer or string$/,
    ],
    ['    ports:\n      - true\n', 'schema-type', 'services.api.ports[0]', /must be a mapping, number or string$/],
    ['    ports:\n      - {target: 80, protocl: tcp}\n', 'schema-unknown-key', 'services.api.ports[0].protocl'],
    ['    healthcheck:\n      test: 3\n', 'schema-type', 'services.api.healthcheck.test'],
    ['    env_file:\n      - pth: .env\n', 'schema-unknown-key', 'services.api.env_file[0].pth'],
    ['    extends: {file: base.yaml}\n', 'schema-required', 'services.api.extends', /missing property 'service'/],
    ['    networks:\n      front: 3\n', 'schema-type', 'services.api.networks.front', /must be a mapping or null$/],
    ['    ulimits:\n      nofile: {soft: 1}\n', 'schema-required', 'services.api.ulimits.nofile', /'hard'/],
    ['    command: {a: 1}\n', 'schema-type', 'services.api.command', /must be a list, null or string$/],
  ];
  for (const [body, code, path, message] of cases) {
    const ds = validateSchema(tree(svc(body)), 'compose.yaml');
    t.equal(ds.length, 1, `${JSON.stringify(body)}: ${ds.map((d) => d.message).join(' | ')}`);
    t.match(ds[0], { code, path }, body);
    if (message) t.match(ds[0].message, message);
  }
  // `target: "x"` passes the schema (strings allow interpolation): the port check reports it, once
  const model = tree(svc('    ports:\n      - target: "x"\n'));
  t.same(validateSchema(model, 'compose.yaml'), []);
  const ds = validateSemantics(model as TreeObject);
  t.equal(ds.length, 1);
  t.match(ds[0], { code: 'invalid-port', path: 'services.api.ports[0].target', line: 5, column: 17 });
});

t.test('schema: top level, names, several problems, clean files', async (t) => {
  t.match(validateSchema(tree('- a\n'), 'c.yaml'), [
    { code: 'schema-type', message: 'the top-level object must be a mapping', line: 1, column: 1 },
  ]);
  t.match(validateSchema(tree('servics:\n  a: {image: x}\n'), 'c.yaml'), [
    { code: 'schema-unknown-key', path: 'servics', hint: 'did you mean "services"?' },
  ]);
  const many = validateSchema(
    tree('services:\n  a:\n    image: 1.0\n    restrat: always\n    x-ok: 1\n  b: {}\nx-anything: 1\n'),
    'c.yaml',
  );
  t.match(many, [
    { code: 'schema-type', path: 'services.a.image', line: 3, column: 12 },
    { code: 'schema-unknown-key', path: 'services.a.restrat', line: 4, column: 5, hint: 'did you mean "restart"?' },
  ]);
  t.equal(many.length, 2);
  t.same(validateSchema(tree(fixture('dependency-cycle.yaml')), 'c.yaml'), []);
  // an unknown key with nothing close lists what is allowed
  t.match(
    validateSchema(tree('services:\n  a:\n    image: x\n    deploy:\n      resources:\n        zzz: 1\n'), 'c.yaml')[0]
      .hint,
    /allowed keys: .*limits/,
  );
});

t.test('semantics: raw and canonical shapes', async (t) => {
  const canonical = tree(
    [
      'services:',
      '  api:',
      '    image: x',
      '    depends_on:',
      '      db: {condition: service_started, required: true}',
      '    volumes:',
      '      - {type: volume, source: data, target: /data}',
      '      - {type: bind, target: /src}',
      '    ports:',
      '      - {target: 80, published: "8080", host_ip: 127.0.1, protocol: tcp}',
      '    networks:',
      '      default: null',
      '',
    ].join('\n'),
  ) as TreeObject;
  const ds = validateSemantics(canonical);
  t.match(ds, [
    { code: 'undefined-dependency', line: 5, column: 7 },
    { code: 'undefined-volume', line: 7, column: 32 },
    { code: 'invalid-volume', line: 8, column: 9 },
    { code: 'invalid-port', line: 10, column: 50, message: 'invalid ip address: 127.0.1' },
  ]);
  t.equal(ds.length, 4);
});

t.test('semantics: references are reported once, cycles like compose-go', async (t) => {
  const self = tree('services:\n  service1:\n    image: x\n    depends_on: [service1]\n') as TreeObject;
  t.match(validateSemantics(self), [
    { code: 'dependency-cycle', message: 'dependency cycle detected: service1 -> service1' },
  ]);
  const both = tree('services:\n  web:\n    image: x\n    depends_on: [db]\n    links: [db]\n') as TreeObject;
  t.match(validateSemantics(both), [
    { code: 'undefined-dependency', message: 'service "web" depends on undefined service "db"' },
  ]);
  t.equal(validateSemantics(both).length, 1);
  // links, volumes_from and network_mode make dependencies too (loader/normalize.go)
  const implicit = tree(
    'services:\n  a:\n    image: x\n    network_mode: service:b\n  b:\n    image: x\n    links: [a]\n',
  ) as TreeObject;
  t.match(validateSemantics(implicit), [
    { code: 'dependency-cycle', message: 'dependency cycle detected: a -> b -> a' },
  ]);
  const ok = tree(
    'services:\n  a:\n    image: x\n    networks: [default]\n    volumes: [named:/x, /host:/y, "${V}:/z"]\n    ports: ["127.0.0.1:8080:80/udp", "[::1]:53:53", 9000-9001:9000-9001, 80]\nvolumes:\n  named: {}\n',
  ) as TreeObject;
  t.same(validateSemantics(ok), []);
});

t.test('partial: an override fragment only gets fragment-local findings', async (t) => {
  const override = [
    'services:',
    '  api:',
    '    networks: [backend]',
    '    depends_on: [db]',
    '    volumes: ["data:/data"]',
    '    secrets: [token]',
    '    ports: ["80/xyz"]',
    '',
  ].join('\n');
  const full = check(override)
    .map((d) => d.code)
    .sort();
  t.same(full, [
    'invalid-port',
    'missing-image-or-build',
    'undefined-dependency',
    'undefined-network',
    'undefined-secret',
    'undefined-volume',
  ]);
  t.match(check(override, 'compose.override.yaml', { partial: true }), [
    { code: 'invalid-port', message: 'Invalid proto: xyz', line: 7, column: 13 },
  ]);
  t.equal(check(override, 'compose.override.yaml', { partial: true }).length, 1);
  t.same(check('secrets:\n  token:\n    name: t\n', 'o.yaml', { partial: true }), []);
});

t.test('consistency: false keeps only what compose-go checks on every load', async (t) => {
  const model = tree(
    'services:\n  a:\n    depends_on: [ghost]\n    ports: ["80/xyz"]\n    volumes: [{type: bind, target: /app}]\nvolumes:\n  v: {external: true, labels: [a=b]}\n',
  ) as TreeObject;
  t.same(
    validateSemantics(model)
      .map((d) => d.code)
      .sort(),
    ['external-conflict', 'invalid-port', 'invalid-volume', 'missing-image-or-build', 'undefined-dependency'],
  );
  t.same(
    validateSemantics(model, { consistency: false })
      .map((d) => d.code)
      .sort(),
    ['external-conflict', 'invalid-port', 'invalid-volume'],
  );
});

t.test('short syntax agrees with the compose-go vectors', async (t) => {
  const conformance = (name: string): Record<string, unknown>[] =>
    JSON.parse(readFileSync(new URL(`../fixtures/conformance/${name}`, import.meta.url), 'utf8'));
  for (const v of conformance('ports_short_syntax.json')) {
    if (v.function !== 'types.ParsePortConfig') continue;
    t.equal(portSpecError(String(v.input)), v.error === undefined ? undefined : String(v.error), String(v.id));
  }
  t.equal(portSpecError('127.0.1:8080:80'), 'Invalid ip address: 127.0.1');
  for (const v of conformance('volumes_short_syntax.json')) {
    const got = parseVolumeSpec(String(v.input));
    if (v.source_nonempty !== undefined) {
      // compose-go's split cases ignore errors and only look at whether a source was found
      if (typeof got !== 'string') t.equal(got.source !== '', v.source_nonempty, String(v.id));
    } else if (v.error !== undefined) {
      t.type(got, 'string', String(v.id));
      t.match(got, String(v.error), String(v.id));
    } else {
      t.not(typeof got, 'string', `${String(v.id)}: ${String(got)}`);
      const exp = v.expected as { type?: string; source?: string; target?: string } | undefined;
      if (exp && typeof got !== 'string' && (exp.type === 'bind' || exp.type === 'volume'))
        t.match(got, { type: exp.type, source: exp.source ?? '', target: exp.target ?? '' }, String(v.id));
    }
  }
});

t.test('did you mean', async (t) => {
  t.equal(didYouMean('limit', ['limits', 'reservations']), 'limits');
  t.equal(didYouMean('healtcheck', ['healthcheck', 'hostname']), 'healthcheck');
  t.equal(didYouMean('Image', ['image']), 'image');
  t.equal(didYouMean('zzz', ['limits', 'reservations']), undefined);
});
