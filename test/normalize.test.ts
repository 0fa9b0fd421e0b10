import t from 'tap';
import { parse } from 'yaml';
import { parseYaml } from '../src/yaml/parse.js';
import { keyLoc, valueLoc, type Tree, type TreeObject } from '../src/yaml/located.js';
import { canonical, canonicalModel, omitEmpty, setDefaultValues } from '../src/normalize/canonical.js';
import { normalize } from '../src/normalize/normalize.js';
import { isIP, parsePortConfig, PortSpecError } from '../src/syntax/ports.js';
import { cleanPath } from '../src/syntax/volumes.js';
import { parseVolume } from '../src/normalize/volumes.js';
import { formatDuration, fromHumanSize, parseDuration, parseUnitBytes, toUnitBytes } from '../src/normalize/units.js';
import { NormalizeError } from '../src/normalize/errors.js';

const plain = (text: string): TreeObject => (parse(text) ?? {}) as TreeObject;
const located = (text: string, file = 'compose.yaml'): TreeObject =>
  (parseYaml(text, file).documents[0]?.tree ?? {}) as TreeObject;

/** `file:line:col` of the value at `path`, or of its key with `key: true`. */
function where(root: Tree, path: (string | number)[], key = false): string | undefined {
  let parent: Tree = root;
  for (const seg of path.slice(0, -1)) parent = (parent as Record<string, Tree>)[seg];
  const last = path[path.length - 1];
  const l = key ? keyLoc(parent, String(last)) : valueLoc(parent, last);
  return l && `${l.file}:${l.line}:${l.column}`;
}

function thrown(fn: () => unknown): NormalizeError {
  try {
    fn();
  } catch (e) {
    if (e instanceof NormalizeError) return e;
    throw e;
  }
  throw new Error('expected a NormalizeError');
}

function portError(spec: string): PortSpecError {
  try {
    parsePortConfig(spec);
  } catch (e) {
    if (e instanceof PortSpecError) return e;
    throw e;
  }
  throw new Error('expected a PortSpecError');
}

t.test('short port syntax', async (t) => {
  const cases: [string, object[]][] = [
    ['80', [{ mode: 'ingress', target: 80, protocol: 'tcp' }]],
    ['8080:80', [{ mode: 'ingress', target: 80, published: '8080', protocol: 'tcp' }]],
    [
      '127.0.0.1:8080:80/udp',
      [{ mode: 'ingress', host_ip: '127.0.0.1', target: 80, published: '8080', protocol: 'udp' }],
    ],
    ['[::1]:53:53/UDP', [{ mode: 'ingress', host_ip: '::1', target: 53, published: '53', protocol: 'udp' }]],
    ['127.0.0.1::80', [{ mode: 'ingress', host_ip: '127.0.0.1', target: 80, protocol: 'tcp' }]],
    [
      '9000-9001:80-81',
      [
        { mode: 'ingress', target: 80, published: '9000', protocol: 'tcp' },
        { mode: 'ingress', target: 81, published: '9001', protocol: 'tcp' },
      ],
    ],
    ['8000-8010:80', [{ mode: 'ingress', target: 80, published: '8000-8010', protocol: 'tcp' }]],
    // ordered by their `port/proto` key as strings, like compose-go
    [
      '9999-10000',
      [
        { mode: 'ingress', target: 10000, protocol: 'tcp' },
        { mode: 'ingress', target: 9999, protocol: 'tcp' },
      ],
    ],
    ['0', [{ mode: 'ingress', protocol: 'tcp' }]],
    ['5000/sctp', [{ mode: 'ingress', target: 5000, protocol: 'sctp' }]],
  ];
  for (const [spec, want] of cases) t.same(parsePortConfig(spec), want, spec);

  const errors: [string, string][] = [
    ['', 'No port specified: <empty>'],
    ['1.1.1.1:80:', 'No port specified: 1.1.1.1:80:<empty>'],
    ['65536', 'Invalid containerPort: 65536'],
    ['80-70', 'Invalid containerPort: 80-70'],
    ['x:80', 'Invalid hostPort: x'],
    ['80-81:90-92', 'Invalid ranges specified for container and host Ports: 90-92 and 80-81'],
    ['80/icmp', 'Invalid proto: icmp'],
    ['300.1.1.1:80:80', 'Invalid ip address: 300.1.1.1'],
    ['::1:80:80', 'Invalid ip address ::1: address ::1:: too many colons in address'],
  ];
  for (const [spec, message] of errors) t.equal(portError(spec).message, message, JSON.stringify(spec));

  for (const ip of ['0.0.0.0', '::', '::1', 'fe80::1', '2001:db8::8a2e:370:7334', '::ffff:10.0.0.1', '1:2:3:4:5:6:7:8'])
    t.ok(isIP(ip), ip);
  for (const ip of ['01.1.1.1', '1.1.1', 'fe80::1%eth0', '1:2:3:4:5:6:7:8:9', '1::2::3', '1:2:3:4:5:6:7::8', 'host'])
    t.notOk(isIP(ip), ip);
});

t.test('canonical ports keep the location of their short form', async (t) => {
  const dict = located('services:\n  web:\n    ports:\n      - "8000-8001:80-81"\n      - 9090\n      - target: 443\n');
  const out = setDefaultValues(canonical(dict));
  const ports = ((out.services as TreeObject).web as TreeObject).ports as TreeObject[];
  t.same(ports, [
    { mode: 'ingress', target: 80, published: '8000', protocol: 'tcp' },
    { mode: 'ingress', target: 81, published: '8001', protocol: 'tcp' },
    { mode: 'ingress', target: 9090, protocol: 'tcp' },
    { target: 443, protocol: 'tcp', mode: 'ingress' },
  ]);
  const p = ['services', 'web', 'ports'];
  // both ports of the range come from line 4's string, every field included
  for (const i of [0, 1])
    for (const f of ['target', 'published', 'protocol', 'mode'])
      t.equal(where(out, [...p, i, f]), 'compose.yaml:4:9', `ports[${i}].${f}`);
  t.equal(where(out, [...p, 1]), 'compose.yaml:4:9');
  t.equal(where(out, [...p, 2, 'target']), 'compose.yaml:5:9');
  t.equal(where(out, [...p, 3, 'target']), 'compose.yaml:6:17', 'long syntax keeps its own positions');
  t.equal(where(out, [...p, 3, 'protocol']), 'compose.yaml:6:9', 'a default sits at the entry it completes');
  t.notOk(
    Object.hasOwn((((dict.services as TreeObject).web as TreeObject).ports as Tree[])[0] as object, 'target'),
    'the input is not modified',
  );
});

t.test('canonical port errors', async (t) => {
  const dict = located('services:\n  web:\n    ports:\n      - "8080:80"\n      - "127.0.1:8081:81"\n');
  const e = thrown(() => canonical(dict));
  t.equal(e.message, 'Invalid ip address: 127.0.1');
  t.match(e.diagnostic, {
    code: 'invalid-port',
    file: 'compose.yaml',
    line: 5,
    column: 9,
    path: 'services.web.ports[1]',
  });
  t.same(
    ((canonical(dict, { ignoreParseError: true }).services as TreeObject).web as TreeObject).ports,
    ['8080:80', '127.0.1:8081:81'],
    'ignoreParseError keeps the list',
  );
  t.equal(
    thrown(() => canonical(plain('services: {web: {ports: "80"}}'))).message,
    'services.web.ports: invalid type string for port',
  );
  t.equal(
    thrown(() => canonical(plain('services: {web: {ports: [true]}}'))).message,
    'services.web.ports: invalid type bool for port',
  );
});

t.test('short volume syntax', async (t) => {
  const cases: [string, object][] = [
    ['data:/var/lib/data', { type: 'volume', source: 'data', target: '/var/lib/data', volume: {} }],
    [
      './src:/app:ro',
      { type: 'bind', source: './src', target: '/app', read_only: true, bind: { create_host_path: true } },
    ],
    [
      '/srv:/srv:rw,rshared,Z',
      {
        type: 'bind',
        source: '/srv',
        target: '/srv',
        bind: { selinux: 'Z', propagation: 'rshared', create_host_path: true },
      },
    ],
    ['cache:/cache:nocopy', { type: 'volume', source: 'cache', target: '/cache', volume: { nocopy: true } }],
    ['cache:/cache:z', { type: 'volume', source: 'cache', target: '/cache', bind: { selinux: 'z' }, volume: {} }],
    ['/tmp', { type: 'volume', target: '/tmp', volume: {} }],
    ['C:\\data:D:\\data', { type: 'bind', source: 'C:\\data', target: 'D:\\data', bind: { create_host_path: true } }],
    [
      '\\\\.\\pipe\\docker_engine:\\\\.\\pipe\\docker_engine',
      {
        type: 'bind',
        source: '\\\\.\\pipe\\docker_engine',
        target: '\\\\.\\pipe\\docker_engine',
        bind: { create_host_path: true },
      },
    ],
    ['${DATA:-./d}:/data', { type: 'volume', source: '${DATA:-./d}', target: '/data', volume: {} }],
    ['./d:/x/${SUB:-a:b}', { type: 'bind', source: './d', target: '/x/${SUB:-a:b}', bind: { create_host_path: true } }],
    ['üb:/ü', { type: 'volume', source: 'üb', target: '/ü', volume: {} }],
    // any one letter before a colon is a Windows drive, as in compose-go
    ['ü:/ü', { type: 'volume', target: 'ü:/ü', volume: {} }],
  ];
  for (const [spec, want] of cases) t.same(parseVolume(spec), want, spec);
  const errors: [string, string][] = [
    ['', 'invalid empty volume spec'],
    ['vol:/b:ro:x', 'invalid spec: vol:/b:ro:x: too many colons'],
    ['/a::ro', 'invalid spec: /a::ro: empty section between colons'],
  ];
  for (const [spec, message] of errors) t.equal(thrown(() => parseVolume(spec)).message, message, JSON.stringify(spec));
  for (const [p, want] of [
    ['/a/b/../c/', '/a/c'],
    ['a/./b', 'a/b'],
    ['../../x', '../../x'],
    ['/..', '/'],
    ['', '.'],
    ['d:\\x', 'd:\\x'],
  ])
    t.equal(cleanPath(p), want, p);
});

t.test('canonical volumes keep the location of their short form', async (t) => {
  const dict = located(
    'services:\n  web:\n    volumes:\n      - ./html/../site:/usr/share/nginx/html/:ro\n      - type: bind\n        source: ./conf\n        target: /etc/nginx\n        bind: {}\n',
  );
  const out = canonicalModel(dict);
  const vols = ((out.services as TreeObject).web as TreeObject).volumes as TreeObject[];
  t.same(
    vols[0],
    {
      type: 'bind',
      source: './html/../site',
      target: '/usr/share/nginx/html',
      read_only: true,
      bind: { create_host_path: true },
    },
    'target cleaned, source kept',
  );
  const p = ['services', 'web', 'volumes'];
  for (const f of ['type', 'source', 'target', 'read_only']) t.equal(where(out, [...p, 0, f]), 'compose.yaml:4:9', f);
  t.equal(where(out, [...p, 0, 'bind', 'create_host_path']), 'compose.yaml:4:9');
  t.same(vols[1].bind, { create_host_path: true });
  t.equal(where(out, [...p, 1, 'bind', 'create_host_path']), 'compose.yaml:8:9', 'default at the bind key');
  const e = thrown(() => canonical(located('services:\n  web:\n    volumes: ["vol:/b:ro:x"]\n')));
  t.match(e.diagnostic, {
    message: 'invalid spec: vol:/b:ro:x: too many colons',
    line: 3,
    column: 15,
    path: 'services.web.volumes[0]',
  });
});

t.test('canonical transforms', async (t) => {
  const cases: { name: string; input: string; expected: string }[] = [
    {
      name: 'build string',
      input: 'services: {a: {build: ./dir}}',
      expected: 'services: {a: {build: {context: ./dir}}}',
    },
    {
      name: 'build ssh and additional contexts',
      input: 'services: {a: {build: {ssh: [default, k=~/.ssh/id], additional_contexts: ["b=../b"], provenance: true}}}',
      expected:
        'services: {a: {build: {ssh: {default: null, k: ~/.ssh/id}, additional_contexts: {b: ../b}, provenance: "true"}}}',
    },
    {
      name: 'env_file',
      input: 'services: {a: {env_file: .env}, b: {env_file: [x.env, {path: y.env, required: false}]}}',
      expected:
        'services: {a: {env_file: [{path: .env, required: true}]}, b: {env_file: [{path: x.env, required: true}, {path: y.env, required: false}]}}',
    },
    {
      name: 'depends_on list and map',
      input: 'services: {a: {depends_on: [db]}, b: {depends_on: {db: {condition: service_healthy}}}}',
      expected:
        'services: {a: {depends_on: {db: {condition: service_started, required: true}}}, b: {depends_on: {db: {condition: service_healthy, required: true}}}}',
    },
    {
      name: 'networks and models lists',
      input: 'services: {a: {networks: [front, back], models: [llm]}}',
      expected: 'services: {a: {networks: {front: null, back: null}, models: {llm: null}}}',
    },
    {
      name: 'string or list',
      input: 'services: {a: {dns: 8.8.8.8, label_file: l.env}}',
      expected: 'services: {a: {dns: [8.8.8.8], label_file: [l.env]}}',
    },
    {
      name: 'devices',
      input: 'services: {a: {devices: [/dev/fuse, "/dev/a:/dev/b:r"]}}',
      expected:
        'services: {a: {devices: [{source: /dev/fuse, target: /dev/fuse, permissions: rwm}, {source: /dev/a, target: /dev/b, permissions: r}]}}',
    },
    { name: 'gpus all', input: 'services: {a: {gpus: all}}', expected: 'services: {a: {gpus: [{count: all}]}}' },
    {
      name: 'secrets and configs',
      input: 'services: {a: {secrets: [s], configs: [c]}}',
      expected: 'services: {a: {secrets: [{source: s}], configs: [{source: c}]}}',
    },
    {
      name: 'extends and include',
      input: 'include: [other.yaml]\nservices: {a: {extends: b}}',
      expected: 'include: [{path: other.yaml}]\nservices: {a: {extends: {service: b}}}',
    },
    {
      name: 'legacy external name',
      input: 'volumes: {v: {external: {name: real}}}\nnetworks: {n: null}',
      expected: 'volumes: {v: {external: true, name: real}}\nnetworks: {n: null}',
    },
    {
      name: 'ulimits',
      input: 'services: {a: {ulimits: {nproc: 65535, nofile: {soft: 1, hard: 2}}}}',
      expected: 'services: {a: {ulimits: {nproc: 65535, nofile: {soft: 1, hard: 2}}}}',
    },
    {
      name: 'develop watch',
      input: 'services: {a: {develop: {watch: [{path: ., action: sync, ignore: node_modules}]}}}',
      expected: 'services: {a: {develop: {watch: [{path: ., action: sync, ignore: [node_modules]}]}}}',
    },
  ];
  for (const c of cases) t.same(canonical(plain(c.input)), plain(c.expected), c.name);

  const errors: [string, string][] = [
    ['services: {a: {build: 1}}', 'services.a.build: invalid type int for build'],
    ['services: {a: {depends_on: {db: x}}}', 'services.a.depends_on.db: unsupported value map[db:x]'],
    ['services: {a: {build: {ssh: [key]}}}', 'invalid ssh key "key"'],
    [
      'services: {a: {build: {additional_contexts: [x]}}}',
      'services.a.build.additional_contexts: invalid value x, expected key=value',
    ],
    ['services: {a: {devices: ["a:b:c:d"]}}', 'confusing device mapping, please use long syntax: a:b:c:d'],
    ['services: {a: {ulimits: {nofile: "1"}}}', 'services.a.ulimits.nofile: invalid type string for external'],
    ['volumes: {v: {name: a, external: {name: b}}}', 'volumes.v: name and external.name conflict; only use name'],
    ['services: {"a.b": {env_file: 1}}', 'services.a.b.env_file: invalid type int for env_file'],
  ];
  for (const [input, message] of errors) t.equal(thrown(() => canonical(plain(input))).message, message, input);

  const warnings: string[] = [];
  canonical(plain('networks: {n: {external: {name: x}}}'), { onWarning: (d) => warnings.push(d.message) });
  t.same(warnings, ['networks.n: external.name is deprecated. Please set name and external: true']);
});

t.test('short forms turned into mappings sit where the short form sits', async (t) => {
  const dict = located(
    'services:\n  a:\n    build: ./dir\n    depends_on: [db]\n    env_file: .env\n    networks: [front]\n',
  );
  const out = canonical(dict);
  const s = ['services', 'a'];
  t.equal(where(out, [...s, 'build', 'context']), 'compose.yaml:3:12');
  t.equal(where(out, [...s, 'build']), 'compose.yaml:3:12');
  t.equal(where(out, [...s, 'depends_on', 'db']), 'compose.yaml:4:18');
  t.equal(where(out, [...s, 'depends_on', 'db'], true), 'compose.yaml:4:18', 'the new key too');
  t.equal(where(out, [...s, 'depends_on', 'db', 'condition']), 'compose.yaml:4:18');
  t.equal(where(out, [...s, 'env_file', 0, 'path']), 'compose.yaml:5:15');
  t.equal(where(out, [...s, 'networks', 'front'], true), 'compose.yaml:6:16');
});

t.test('defaults and omitEmpty', async (t) => {
  const out = setDefaultValues(
    plain(
      'services: {a: {build: {dockerfile: D}, secrets: [{source: s}], gpus: [{driver: nvidia}], deploy: {resources: {reservations: {devices: [{capabilities: [gpu]}, {device_ids: ["0"]}]}}}}}',
    ),
  );
  t.same(
    out,
    plain(
      'services: {a: {build: {dockerfile: D, context: .}, secrets: [{source: s, target: /run/secrets/s}], gpus: [{driver: nvidia, count: all}], deploy: {resources: {reservations: {devices: [{capabilities: [gpu], count: all}, {device_ids: ["0"]}]}}}}}',
    ),
  );
  t.equal(
    thrown(() => setDefaultValues(plain('services: {a: {secrets: [s]}}'))).message,
    'services.a.secrets.[]: unsupported type string',
  );
  const dict = located('services:\n  a:\n    dns: ["", 1.1.1.1, null]\n    command: ["", x]\n');
  const cleaned = omitEmpty(dict);
  t.same(cleaned, plain('services: {a: {dns: [1.1.1.1], command: ["", x]}}'));
  t.equal(where(cleaned, ['services', 'a', 'dns', 0]), 'compose.yaml:3:15', 'kept items keep their positions');
});

t.test('normalize', async (t) => {
  const input = located(
    [
      'name: shop',
      'services:',
      '  web:',
      '    image: nginx',
      '    pull_policy: if_not_present',
      '    links: ["db:database"]',
      '    network_mode: service:proxy',
      '    volumes_from: [data, "container:abc"]',
      '    pre_start: [{command: [init]}]',
      '    volumes: [{type: volume, source: v, target: /a/../b/}]',
      '  db:',
      '    build: {args: [A, B=2, C]}',
      '    environment: {A: null, D: null}',
      '  proxy:',
      '    provider: {type: x}',
      'volumes:',
      '  v: {}',
      '  ext: {external: true}',
      'secrets:',
      '  token: {file: ./t, name: tok}',
    ].join('\n'),
  );
  const out = normalize(input, { A: 'a', D: 'd' });
  t.same(
    out,
    plain(`
name: shop
services:
  web:
    image: nginx
    pull_policy: missing
    links: ["db:database"]
    network_mode: service:proxy
    volumes_from: [data, "container:abc"]
    pre_start: [{command: [init], image: nginx}]
    volumes: [{type: volume, source: v, target: /b}]
    depends_on:
      db: {condition: service_started, restart: true, required: true}
      proxy: {condition: service_started, restart: true, required: true}
      data: {condition: service_started, restart: false, required: true}
  db:
    build: {args: [A=a, B=2], context: ., dockerfile: Dockerfile}
    environment: {A: a, D: d}
    networks: {default: null}
  proxy:
    provider: {type: x}
networks:
  default: {name: shop_default}
volumes:
  v: {name: shop_v}
  ext: {external: true, name: ext}
secrets:
  token: {file: ./t, name: tok}
`),
  );
  t.equal(
    where(out, ['services', 'web', 'depends_on', 'db', 'condition']),
    'compose.yaml:6:13',
    'implicit dependency sits at its link',
  );
  t.equal(where(out, ['services', 'web', 'depends_on', 'proxy']), 'compose.yaml:7:19');
  t.equal(
    where(out, ['services', 'web', 'pre_start', 0, 'image']),
    'compose.yaml:4:12',
    'inherited image sits at the service image',
  );
  t.equal(
    where(out, ['services', 'db', 'networks', 'default']),
    'compose.yaml:11:3',
    'default network at the service key',
  );
  t.equal(where(out, ['networks', 'default', 'name']), 'compose.yaml:11:3');
  t.equal(where(out, ['volumes', 'v', 'name']), 'compose.yaml:17:3', 'resource name at its key');
  t.equal(where(out, ['services', 'db', 'build', 'dockerfile']), 'compose.yaml:12:5');
  t.equal(where(out, ['services', 'db', 'build', 'args', 1]), 'compose.yaml:12:23', 'kept args keep their positions');
  t.notOk(Object.hasOwn(input, 'networks'), 'the input is not modified');
  t.same(
    normalize(plain('services: {a: {networks: {x: null}}}\nnetworks: {x: null}')),
    plain('services: {a: {networks: {x: null}}}\nnetworks: {x: {name: "%!s(<nil>)_x"}}'),
    'no default network unless used',
  );
});

t.test('units', async (t) => {
  const bytes: [string, number][] = [
    ['512m', 512 * 2 ** 20],
    ['1g', 2 ** 30],
    ['1GB', 2 ** 30],
    ['1.5KiB', 1536],
    ['2 k', 2048],
    ['100', 100],
    ['-1', -1],
    ['10b', 10],
    ['0.5m', 524288],
  ];
  for (const [s, n] of bytes) t.equal(parseUnitBytes(s), n, s);
  t.equal(fromHumanSize('1kB'), 1000);
  for (const [s, m] of [
    ['invalid', "invalid size: 'invalid'"],
    ['1x', "invalid suffix: 'x'"],
    ['1kibx', "invalid suffix: 'kibx'"],
    ['1k2', 'strconv.ParseFloat: parsing "1k2": invalid syntax'],
    ['-1m', "invalid size: '-1m'"],
    ['1mbb', "invalid suffix: 'mbb'"],
  ])
    t.equal(thrown(() => parseUnitBytes(s)).message, m, s);
  t.equal(toUnitBytes(1024), 1024);
  t.equal(toUnitBytes(true), undefined);

  const durations: [string, number][] = [
    ['1h30m', 5400e9],
    ['1.5s', 1.5e9],
    ['-2ms', -2e6],
    ['300µs', 300e3],
    ['0', 0],
    ['1h1m1.000000001s', 3661000000001],
    ['.5m', 30e9],
  ];
  for (const [s, n] of durations) t.equal(parseDuration(s), n, s);
  t.equal(parseDuration('1d', { days: true }), 86400e9);
  for (const [s, m] of [
    ['1', 'time: missing unit in duration "1"'],
    ['1d', 'time: unknown unit "d" in duration "1d"'],
    ['', 'time: invalid duration ""'],
    ['.s', 'time: invalid duration ".s"'],
    ['9999999999h', 'time: invalid duration "9999999999h"'],
  ])
    t.equal(thrown(() => parseDuration(s)).message, m, JSON.stringify(s));
  const formatted: [number, string][] = [
    [0, '0s'],
    [5400e9, '1h30m0s'],
    [1.5e9, '1.5s'],
    [1500, '1.5µs'],
    [-2e6, '-2ms'],
    [61e9, '1m1s'],
    [3661000000001, '1h1m1.000000001s'],
  ];
  for (const [n, s] of formatted) t.equal(formatDuration(n), s, s);
});
