/**
 * Every list item keeps its own place through a merge and the loader's last shapes: a base file
 * sets two items of a list field (lines L and L+1), an override file one more; each item of the
 * model (or each entry a mapping-like list becomes) must point at the line that set it, the
 * override's at the override. compose-go appends the override's items to most lists
 * (override/merge.go:93-98); extra_hosts keeps the override's entries the base lacks
 * (override/merge.go:49,61 mergeExtraHosts); command and entrypoint are replaced.
 */
import t from 'tap';
import { loadProject } from '../src/load/project.js';
import { provenance } from '../src/load/provenance.js';

/** The 36 list fields and the three items each gets (two in the base file, one in the override). */
const FIELDS: Record<string, [string, string, string]> = {
  extra_hosts: ['"h1=1.1.1.1"', '"h2=2.2.2.2"', '"h3=3.3.3.3"'],
  dns: ['1.1.1.1', '2.2.2.2', '3.3.3.3'],
  dns_search: ['a.com', 'b.com', 'c.com'],
  dns_opt: ['a', 'b', 'c'],
  tmpfs: ['/t1', '/t2', '/t3'],
  cap_add: ['NET_ADMIN', 'SYS_TIME', 'CHOWN'],
  cap_drop: ['ALL', 'NET_RAW', 'CHOWN'],
  security_opt: ['"no-new-privileges:true"', '"label:disable"', '"seccomp:unconfined"'],
  group_add: ['a', 'b', 'c'],
  expose: ['"80"', '81', '"82"'],
  links: ['db', 'db2', 'db3'],
  external_links: ['x', 'y', 'z'],
  profiles: ['a', 'b', 'c'],
  sysctls: ['a.b=1', 'a.c=2', 'a.d=3'],
  labels: ['"a=1"', '"b=2"', '"c=3"'],
  annotations: ['"a=1"', '"b=2"', '"c=3"'],
  environment: ['"A=1"', '"B=2"', '"C=3"'],
  env_file: ['a.env', 'b.env', 'c.env'],
  devices: ['"/dev/a:/dev/a"', '"/dev/b:/dev/b"', '"/dev/c:/dev/c"'],
  volumes: ['"./a:/a"', '"./b:/b"', '"./c:/c"'],
  ports: ['"81:81"', '"82:82"', '"83:83"'],
  secrets: ['s1', 's2', 's3'],
  configs: ['c1', 'c2', 'c3'],
  volumes_from: ['a', 'b', 'c'],
  command: ['a', 'b', 'c'],
  entrypoint: ['a', 'b', 'c'],
  networks: ['n1', 'n2', 'n3'],
  depends_on: ['a', 'b', 'c'],
  'build.args': ['"A=1"', '"B=2"', '"C=3"'],
  'build.extra_hosts': ['"h1=1.1.1.1"', '"h2=2.2.2.2"', '"h3=3.3.3.3"'],
  'build.tags': ['a:1', 'b:1', 'c:1'],
  'build.cache_from': ['a', 'b', 'c'],
  'build.platforms': ['linux/amd64', 'linux/arm64', 'linux/386'],
  'build.secrets': ['s1', 's2', 's3'],
  'build.ssh': ['a=/w', 'b=/x', 'c=/y'],
  'healthcheck.test': ['CMD', 'a', 'CMD'],
};

const OTHER =
  'networks: {n1: {}, n2: {}, n3: {}}\nsecrets: {s1: {file: ./s}, s2: {file: ./s}, s3: {file: ./s}}\n' +
  'configs: {c1: {file: ./s}, c2: {file: ./s}, c3: {file: ./s}}\n';
const SERVICES =
  '  a: {image: x}\n  b: {image: x}\n  c: {image: x}\n  db: {image: x}\n  db2: {image: x}\n  db3: {image: x}\n';

/** The place each item of `field` ends up at, in the order the model holds them. */
function places(field: string, items: [string, string, string]) {
  const [outer, inner] = field.includes('.') ? field.split('.') : [field, undefined];
  const ind = inner ? '      ' : '    ';
  const head = inner
    ? `    ${outer}:\n      ${outer === 'build' ? 'context: .\n      ' : ''}${inner}:\n`
    : `    ${outer}:\n`;
  const files = {
    'compose.yaml': `services:\n  web:\n    image: nginx\n${head}${ind}  - ${items[0]}\n${ind}  - ${items[1]}\n${SERVICES}${OTHER}`,
    'compose.override.yaml': `services:\n  web:\n${head}${ind}  - ${items[2]}\n`,
    s: 'x',
    'a.env': 'A=1\n',
    'b.env': 'B=1\n',
    'c.env': 'C=1\n',
  };
  // the profiles of the field `profiles` enabled, so that the service stays in the model
  const p = loadProject(
    { files },
    { files: ['compose.yaml', 'compose.override.yaml'] },
    field === 'profiles' ? { profiles: ['a'] } : {},
  );
  if (!p.model) return { error: p.diagnostics.map((d) => d.message).join('; ') };
  const prefix = `services.web.${field}`;
  // an item is the first segment after the field: `[0]`, `.A`, `["a.b"]`; all its leaves at one place
  const byItem = new Map<string, Set<string>>();
  for (const [path, l] of Object.entries(provenance(p.model))) {
    if (!path.startsWith(prefix) || !/^[.[]/.test(path.slice(prefix.length))) continue;
    const item = /^(\[[^\]]*\]|\.[^.[]+)/.exec(path.slice(prefix.length))![1];
    if (!byItem.has(item)) byItem.set(item, new Set());
    byItem.get(item)!.add(`${l.file}:${l.line}`);
  }
  return { items: [...byItem.values()].map((s) => [...s].join(' | ')) };
}

t.test('each item of the 36 list fields keeps the place that set it, through a merge', async (t) => {
  t.equal(Object.keys(FIELDS).length, 36);
  for (const [field, items] of Object.entries(FIELDS)) {
    const L = field.startsWith('build.') ? 7 : field.includes('.') ? 6 : 5;
    const O = L - 1;
    const got = places(field, items);
    if (field === 'command' || field === 'entrypoint' || field === 'healthcheck.test') {
      // replaced by the override (override/merge.go:55-56,64-65 `override`)
      t.same(got, { items: [`compose.override.yaml:${O}`] }, field);
    } else if (field === 'build.ssh') {
      // the base file is canonical before the override is merged (loader/loader.go:500,520): its
      // ssh list is a mapping by then (transform/ssh.go:26-46), which a list cannot override
      // (override/merge.go:88-91)
      t.same(got, { error: 'cannot override services.web.build.ssh' }, field);
    } else if (field === 'env_file') {
      // read into `environment` (loader/normalize.go resolveEnvironment), each variable from its file
      t.same(got, { items: [] }, field);
    } else t.same(got, { items: [`compose.yaml:${L}`, `compose.yaml:${L + 1}`, `compose.override.yaml:${O}`] }, field);
  }
});

t.test('env_file: each variable at the line of its file', async (t) => {
  const files = {
    'compose.yaml': 'services:\n  web:\n    image: nginx\n    env_file: [a.env, b.env]\n',
    'compose.override.yaml': 'services:\n  web:\n    env_file: [c.env]\n',
    'a.env': 'A=1\n',
    'b.env': '\nB=1\n',
    'c.env': '\n\nC=1\n',
  };
  const p = loadProject({ files }, { files: ['compose.yaml', 'compose.override.yaml'] });
  const where = provenance(p.model!);
  t.match(where['services.web.environment.A'], { file: 'a.env', line: 1 });
  t.match(where['services.web.environment.B'], { file: 'b.env', line: 2 });
  t.match(where['services.web.environment.C'], { file: 'c.env', line: 3 });
});

t.test('extra_hosts: entries sorted and split keep their item; errors at the item that set them', async (t) => {
  const one = (base: string, over?: string) =>
    loadProject(
      { files: { 'compose.yaml': base, ...(over ? { 'compose.override.yaml': over } : {}) } },
      { files: over ? ['compose.yaml', 'compose.override.yaml'] : ['compose.yaml'] },
    );
  // types/hostList.go:30-53 NewHostsList splits the addresses on `,`, MarshalYAML (:70-74) sorts
  const p = one(
    'services:\n  web:\n    image: nginx\n    extra_hosts:\n      - "z=9.9.9.9"\n      - "a=1.1.1.1,2.2.2.2"\n',
  );
  t.same((p.model!.services as any).web.extra_hosts, ['a=1.1.1.1', 'a=2.2.2.2', 'z=9.9.9.9']);
  const where = provenance(p.model!);
  t.match(where['services.web.extra_hosts[0]'], { file: 'compose.yaml', line: 6 });
  t.match(where['services.web.extra_hosts[1]'], { file: 'compose.yaml', line: 6 });
  t.match(where['services.web.extra_hosts[2]'], { file: 'compose.yaml', line: 5 });
  // the mapping form (hostList.go:86-110): each address at its own value
  const m = one(
    'services:\n  web:\n    image: nginx\n    extra_hosts:\n      b: "2.2.2.2"\n      a:\n        - "1.1.1.1"\n        - "[::1]"\n',
  );
  t.same((m.model!.services as any).web.extra_hosts, ['a=1.1.1.1', 'a=::1', 'b=2.2.2.2']);
  const mw = provenance(m.model!);
  t.match(mw['services.web.extra_hosts[0]'], { file: 'compose.yaml', line: 7 });
  t.match(mw['services.web.extra_hosts[1]'], { file: 'compose.yaml', line: 8 });
  t.match(mw['services.web.extra_hosts[2]'], { file: 'compose.yaml', line: 5 });
  // hostList.go:47-49: an item without a separator, set by the override, is the override's error
  const bad = one(
    'services:\n  web:\n    image: nginx\n    extra_hosts: ["h1=1.1.1.1"]\n',
    'services:\n  web:\n    extra_hosts: ["h4"]\n',
  );
  t.match(bad.diagnostics, [
    {
      message: 'invalid additional host, missing IP: h4',
      file: 'compose.override.yaml',
      line: 3,
      column: 19,
      path: 'services.web.extra_hosts[1]',
    },
  ]);
  // hostList.go:132-134: a bad host name, at the item that named it (and in build.extra_hosts too)
  const name = one(
    'services:\n  web:\n    image: nginx\n    build:\n      context: .\n      extra_hosts:\n        - "a=1.1.1.1"\n        - "b:c=2.2.2.2"\n',
  );
  t.match(name.diagnostics, [
    { message: "bad host name 'b:c'", file: 'compose.yaml', line: 8, path: 'services.web.build.extra_hosts[1]' },
  ]);
});
