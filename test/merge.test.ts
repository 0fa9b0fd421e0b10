import t from 'tap';
import { parse } from 'yaml';
import { mergeModels, extendService } from '../src/merge/merge.js';
import { enforceUnicity } from '../src/merge/unicity.js';
import { applyResets } from '../src/merge/reset.js';
import { MergeError } from '../src/merge/types.js';
import { parseYaml } from '../src/yaml/parse.js';
import { keyLoc, valueLoc } from '../src/yaml/located.js';
import type { Tree, TreeObject } from '../src/yaml/located.js';

const plain = (text: string): TreeObject => (parse(text) ?? {}) as TreeObject;

/** A located tree and its tag marks, from the project's YAML stage. */
function load(text: string, file: string) {
  const parsed = parseYaml(text, file);
  const doc = parsed.documents[0];
  return { tree: (doc?.tree ?? {}) as TreeObject, marks: doc?.marks ?? [] };
}

/** Follows a model path; returns the parent and last key, for valueLoc/keyLoc. */
function at(root: Tree, path: (string | number)[]): { parent: Tree; key: string | number; value: Tree } {
  let parent: Tree = root;
  for (const seg of path.slice(0, -1)) parent = (parent as Record<string, Tree>)[seg];
  const key = path[path.length - 1];
  return { parent, key, value: (parent as Record<string, Tree>)[key] };
}

const lineOf = (root: Tree, path: (string | number)[]) => {
  const { parent, key } = at(root, path);
  const l = valueLoc(parent, key);
  return l && `${l.file}:${l.line}`;
};

t.test('merge rules', async (t) => {
  const cases: { name: string; base: string; override: string; expected: string }[] = [
    {
      name: 'mappings merge, scalars replaced',
      base: 'services: {a: {image: x, user: u}}',
      override: 'services: {a: {image: y, init: true}}',
      expected: 'services: {a: {image: y, user: u, init: true}}',
    },
    {
      name: 'null override keeps the base',
      base: 'services: {a: {image: x}}',
      override: 'services: {a: {image: null}}',
      expected: 'services: {a: {image: x}}',
    },
    {
      name: 'sequences append',
      base: 'services: {a: {cap_add: [A]}}',
      override: 'services: {a: {cap_add: [B, A]}}',
      expected: 'services: {a: {cap_add: [A, B]}}',
    },
    {
      name: 'command replaced',
      base: 'services: {a: {command: [a, b]}}',
      override: 'services: {a: {command: [c]}}',
      expected: 'services: {a: {command: [c]}}',
    },
    {
      name: 'healthcheck.test replaced',
      base: 'services: {a: {healthcheck: {test: [CMD, a], interval: 1s}}}',
      override: 'services: {a: {healthcheck: {test: [CMD, b]}}}',
      expected: 'services: {a: {healthcheck: {test: [CMD, b], interval: 1s}}}',
    },
    {
      name: 'environment map + list, sorted map items, one per name',
      base: 'services: {a: {environment: {B: 1, A: null, C: [x, y]}}}',
      override: 'services: {a: {environment: [B=2]}}',
      expected: 'services: {a: {environment: [A, B=2, C=y]}}',
    },
    {
      name: 'env_file string + list',
      base: 'services: {a: {env_file: a.env}}',
      override: 'services: {a: {env_file: [b.env, a.env]}}',
      expected: 'services: {a: {env_file: [a.env, b.env]}}',
    },
    {
      name: 'extra_hosts skip hosts the base has',
      base: 'services: {a: {extra_hosts: {h: 1.2.3.4}}}',
      override: 'services: {a: {extra_hosts: ["h=1.2.3.4", "i=5.6.7.8"]}}',
      expected: 'services: {a: {extra_hosts: ["h=1.2.3.4", "i=5.6.7.8"]}}',
    },
    {
      name: 'build string becomes context',
      base: 'services: {a: {build: .}}',
      override: 'services: {a: {build: {dockerfile: D}}}',
      expected: 'services: {a: {build: {context: ., dockerfile: D}}}',
    },
    {
      name: 'depends_on list gets defaults',
      base: 'services: {a: {depends_on: {db: {condition: service_healthy}}}}',
      override: 'services: {a: {depends_on: [db, cache]}}',
      expected:
        'services: {a: {depends_on: {db: {condition: service_started, required: true}, cache: {condition: service_started, required: true}}}}',
    },
    {
      name: 'networks short and long',
      base: 'services: {a: {networks: [front]}}',
      override: 'services: {a: {networks: {front: {aliases: [x]}, back: null}}}',
      expected: 'services: {a: {networks: {front: {aliases: [x]}, back: null}}}',
    },
    {
      name: 'ulimits entry replaced',
      base: 'services: {a: {ulimits: {nofile: {soft: 1, hard: 2}}}}',
      override: 'services: {a: {ulimits: {nofile: 3}}}',
      expected: 'services: {a: {ulimits: {nofile: 3}}}',
    },
    {
      name: 'logging same driver merges options',
      base: 'services: {a: {logging: {driver: syslog, options: {a: 1}}}}',
      override: 'services: {a: {logging: {options: {b: 2}}}}',
      expected: 'services: {a: {logging: {driver: syslog, options: {a: 1, b: 2}}}}',
    },
    {
      name: 'logging other driver replaces',
      base: 'services: {a: {logging: {driver: syslog, options: {a: 1}}}}',
      override: 'services: {a: {logging: {driver: json-file}}}',
      expected: 'services: {a: {logging: {driver: json-file}}}',
    },
    {
      name: 'ports unique',
      base: 'services: {a: {ports: ["80:80", {target: 81, published: "81"}]}}',
      override: 'services: {a: {ports: ["80:80", {target: 81, published: "81"}]}}',
      expected: 'services: {a: {ports: ["80:80", {target: 81, published: "81"}]}}',
    },
    {
      name: 'volumes unique by target',
      base: 'services: {a: {volumes: ["./a:/data", "logs:/logs"]}}',
      override: 'services: {a: {volumes: [{type: volume, source: d, target: /data}]}}',
      expected: 'services: {a: {volumes: [{type: volume, source: d, target: /data}, "logs:/logs"]}}',
    },
    {
      name: 'secrets unique by target',
      base: 'services: {a: {secrets: [s, {source: t, target: /run/secrets/u}]}}',
      override: 'services: {a: {secrets: [{source: s, target: /x}, u]}}',
      expected: 'services: {a: {secrets: [s, u, {source: s, target: /x}]}}',
    },
    {
      name: 'ipam config by subnet',
      base: 'networks: {n: {ipam: {config: [{subnet: 10.0.0.0/24, gateway: 10.0.0.1}]}}}',
      override: 'networks: {n: {ipam: {config: [{subnet: 10.0.0.0/24, gateway: 10.0.0.254}, {subnet: 10.1.0.0/24}]}}}',
      expected: 'networks: {n: {ipam: {config: [{subnet: 10.0.0.0/24, gateway: 10.0.0.254}, {subnet: 10.1.0.0/24}]}}}',
    },
  ];
  for (const c of cases)
    t.same(enforceUnicity(mergeModels(plain(c.base), plain(c.override))), plain(c.expected), c.name);
  t.throws(
    () => mergeModels(plain('services: {a: {ports: [a]}}'), plain('services: {a: {ports: {x: 1}}}')),
    new MergeError('cannot override services.a.ports', ['services', 'a', 'ports']),
  );
  t.throws(() => enforceUnicity(plain('services: {a: {environment: [1]}}')), {
    message: 'services.a.environment.[0]: unexpected type int',
  });
  t.throws(() => enforceUnicity(plain('services: {a: {volumes: ["/a::b"]}}')), {
    message: 'invalid spec: /a::b: empty section between colons',
  });
  t.same(extendService(plain('{image: x, environment: [A=1]}'), plain('{environment: {B: 2}}')), {
    image: 'x',
    environment: ['A=1', 'B=2'],
  });
});

t.test('inputs are not modified', async (t) => {
  const base = plain('services: {a: {environment: [A=1], labels: {x: y}}}');
  const over = plain('services: {a: {environment: [B=1], labels: [z=1]}}');
  const before = [JSON.stringify(base), JSON.stringify(over)];
  mergeModels(base, over);
  t.same([JSON.stringify(base), JSON.stringify(over)], before);
});

t.test('provenance follows the winning value', async (t) => {
  const base = load(
    [
      'services:',
      '  api:',
      '    image: api:1',
      '    user: app',
      '    environment:',
      '      DEBUG: "0"',
      '      LOG: info',
      '    ports:',
      '      - "80:80"',
      '    command: [a, b]',
    ].join('\n'),
    'compose.yml',
  );
  const over = load(
    [
      'services:',
      '  api:',
      '    image: api:2',
      '    environment:',
      '      DEBUG: "1"',
      '    ports:',
      '      - "80:80"',
      '      - "443:443"',
      '    command: [c]',
    ].join('\n'),
    'compose.prod.yml',
  );
  const m = enforceUnicity(mergeModels(base.tree, over.tree));
  t.equal(lineOf(m, ['services', 'api', 'image']), 'compose.prod.yml:3', 'override scalar');
  t.equal(keyLoc(at(m, ['services', 'api', 'image']).parent, 'image')?.file, 'compose.prod.yml', 'override key');
  t.equal(lineOf(m, ['services', 'api', 'user']), 'compose.yml:4', 'kept base scalar');
  const env = at(m, ['services', 'api', 'environment']).value as string[];
  t.same(env, ['DEBUG=1', 'LOG=info'], "the override's DEBUG replaces the base's in place");
  t.equal(
    lineOf(m, ['services', 'api', 'environment', env.indexOf('DEBUG=1')]),
    'compose.prod.yml:5',
    'environment.DEBUG from the override',
  );
  t.equal(
    lineOf(m, ['services', 'api', 'environment', env.indexOf('LOG=info')]),
    'compose.yml:7',
    'environment.LOG from the base',
  );
  t.same(at(m, ['services', 'api', 'ports']).value, ['80:80', '443:443']);
  t.equal(lineOf(m, ['services', 'api', 'ports', 0]), 'compose.prod.yml:7', 'the later duplicate port wins in place');
  t.equal(lineOf(m, ['services', 'api', 'ports', 1]), 'compose.prod.yml:8');
  t.equal(lineOf(m, ['services', 'api', 'command']), 'compose.prod.yml:9', 'replaced command');
  t.equal(lineOf(m, ['services', 'api', 'command', 0]), 'compose.prod.yml:9');
  t.equal(lineOf(m, ['services', 'api']), 'compose.yml:3', 'a merged mapping stays where the base had it');
});

t.test('provenance of converted values', async (t) => {
  const base = load(
    ['services:', '  api:', '    build: ./api', '    depends_on: [db]', '    labels:', '      a: "1"'].join('\n'),
    'a.yml',
  );
  const over = load(
    ['services:', '  api:', '    build:', '      dockerfile: Dockerfile.prod', '    labels: [b=2]'].join('\n'),
    'b.yml',
  );
  const m = mergeModels(base.tree, over.tree);
  t.equal(lineOf(m, ['services', 'api', 'build', 'context']), 'a.yml:3', 'build string turned context');
  t.equal(lineOf(m, ['services', 'api', 'build', 'dockerfile']), 'b.yml:4');
  t.same(at(m, ['services', 'api', 'labels']).value, ['a=1', 'b=2']);
  t.equal(lineOf(m, ['services', 'api', 'labels', 0]), 'a.yml:6');
  t.equal(lineOf(m, ['services', 'api', 'labels', 1]), 'b.yml:5');
  const m2 = mergeModels(
    base.tree,
    load(['services:', '  api:', '    depends_on: {db: {required: false}}'].join('\n'), 'c.yml').tree,
  );
  t.equal(
    lineOf(m2, ['services', 'api', 'depends_on', 'db', 'condition']),
    'a.yml:4',
    'default condition points at the list item',
  );
  t.equal(lineOf(m2, ['services', 'api', 'depends_on', 'db', 'required']), 'c.yml:3');
});

t.test('!reset and !override', async (t) => {
  const base = load(
    [
      'services:',
      '  foo:',
      '    build:',
      '      context: .',
      '    image: a',
      '    environment:',
      '      FOO: BAR',
      '      KEEP: "1"',
      '    ports: ["80:80"]',
      'networks:',
      '  n:',
      '    external: true',
      '    name: x',
    ].join('\n'),
    'base.yml',
  );
  const over = load(
    [
      'services:',
      '  foo:',
      '    build: !reset',
      '    environment:',
      '      FOO: !reset',
      '    ports: !override ["81:81"]',
      'networks:',
      '  n: !override {}',
    ].join('\n'),
    'override.yml',
  );
  t.same(
    over.marks.map((m) => m.path.join('.')),
    ['services.foo.build', 'services.foo.environment.FOO', 'services.foo.ports', 'networks.n'],
  );
  const m = enforceUnicity(mergeModels(applyResets(base.tree, over.marks), over.tree));
  t.same(m, { services: { foo: { image: 'a', environment: ['KEEP=1'], ports: ['81:81'] } }, networks: { n: {} } });
  const env = at(m, ['services', 'foo', 'environment']).value as TreeObject;
  t.equal(lineOf(m, ['services', 'foo', 'environment', 0]), 'base.yml:8', 'kept entry keeps its origin');
  t.notOk(JSON.stringify(env).includes('FOO'), 'reset value is gone');
  t.equal(lineOf(m, ['services', 'foo', 'ports', 0]), 'override.yml:6');
  t.equal(lineOf(m, ['networks', 'n']), 'override.yml:8');
  t.same(JSON.stringify(base.tree).includes('FOO'), true, 'applyResets leaves its input alone');
  // sequence items cannot be reset (compose-go reset.go names them differently)
  const seq = load('services: {foo: {ports: ["80:80", "81:81"]}}', 'a.yml');
  t.same(
    applyResets(seq.tree, [{ path: ['services', 'foo', 'ports', 0], tag: 'reset' }]),
    plain('services: {foo: {ports: ["80:80", "81:81"]}}'),
  );
});

t.test('enforceUnicity', async (t) => {
  const cases: [string, string, string][] = [
    [
      'environment by name',
      'services: {a: {environment: [A=1, B, A=2, B=]}}',
      'services: {a: {environment: [A=2, B=]}}',
    ],
    [
      'devices by container path',
      'services: {a: {devices: ["/dev/a:/dev/x", "/dev/b:/dev/x:rwm", "/dev/c"]}}',
      'services: {a: {devices: ["/dev/b:/dev/x:rwm", "/dev/c"]}}',
    ],
    ['expose', 'services: {a: {expose: [80, "80", 81]}}', 'services: {a: {expose: ["80", 81]}}'],
    [
      'configs',
      'services: {a: {configs: [c, {source: d, target: /c}]}}',
      'services: {a: {configs: [{source: d, target: /c}]}}',
    ],
    [
      'port int vs string published differ',
      'services: {a: {ports: [{target: 80, published: 8080}, {target: 80, published: "8080"}]}}',
      'services: {a: {ports: [{target: 80, published: 8080}, {target: 80, published: "8080"}]}}',
    ],
    ['unlisted sequences untouched', 'services: {a: {command: [x, x]}}', 'services: {a: {command: [x, x]}}'],
  ];
  for (const [name, input, expected] of cases) t.same(enforceUnicity(plain(input)), plain(expected), name);
});
