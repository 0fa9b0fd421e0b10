/**
 * `x-*` keys below the top level, as compose-go's processExtensions (loader/loader.go 765-811)
 * leaves them once Transform has decoded the model into its types.
 */
import t from 'tap';
import { everyAnswer, showsNoSecret } from './helpers/answers.js';
import { parse } from 'yaml';
import { configIn } from './helpers/cli.js';
import { loadProject } from '../src/load/project.js';

const config = (compose: string, more: Record<string, string> = {}) => configIn(compose, [], more);

t.test('x- keys in string maps become one `#extensions` entry, fmt.Sprint of their map', async (t) => {
  const compose = [
    'services:',
    '  web:',
    '    image: nginx',
    '    x-service: kept', // ServiceConfig has Extensions
    '    environment:',
    '      x-b: two',
    '      x-a: 1',
    '      KEEP: v',
    '    labels:',
    '      x-l: "y"',
    '    deploy:',
    '      x-d: 1', // DeployConfig has Extensions
    '      labels: ["x-list=1"]', // a list: no mapping to take keys from
    '      resources:',
    '        reservations:',
    '          devices:',
    '            - capabilities: [gpu]',
    '              x-dev: 1', // DeviceRequest has no Extensions field
    '    logging:',
    '      options:',
    '        x-o: 7',
    '    provider:',
    '      type: x',
    '      options:',
    '        x-p: [1, 2]',
    'networks:',
    '  n:',
    '    labels:',
    '      x-nl: 1',
    '',
  ].join('\n');
  const r = await config(compose);
  t.equal(r.code, 0, r.stderr);
  const web = parse(r.stdout).services.web;
  // types/mapping.go MappingWithEquals.DecodeMapstructure: mappingValue(e) = fmt.Sprint(e)
  t.same(web.environment, { '#extensions': 'map[x-a:1 x-b:two]', KEEP: 'v' });
  // types/labels.go labelValue
  t.same(web.labels, { '#extensions': 'map[x-l:y]' });
  t.equal(web['x-service'], 'kept');
  t.equal(web.deploy['x-d'], 1);
  t.same(web.deploy.labels, { 'x-list': '1' });
  t.same(web.deploy.resources.reservations.devices[0], { capabilities: ['gpu'], count: -1 });
  // types/options.go Options.DecodeMapstructure
  t.same(web.logging.options, { '#extensions': 'map[x-o:7]' });
  // types/options.go MultiOptions: fmt.Sprint of a value that is not a list, appended
  t.same(web.provider.options, { '#extensions': ['map[x-p:[1 2]]'] });
});

t.test('merged into a sequence first, an environment keeps its x- variables', async (t) => {
  // override/merge.go mergeToSequence: both files set environment, the merge is a KEY=value list
  const r = await config('services:\n  web:\n    image: nginx\n    environment:\n      x-a: 1\n', {
    'compose.override.yaml': 'services:\n  web:\n    environment:\n      B: 2\n',
  });
  t.equal(r.code, 0, r.stderr);
  t.same(parse(r.stdout).services.web.environment, { 'x-a': '1', B: '2' });
});

t.test(
  "an x- key's secret value in a string map's #extensions is masked in every answer, short ones too",
  async (t) => {
    const files = {
      'compose.yaml': `services:
  web:
    image: nginx:1
    environment:
      DB_PASSWORD: Zq61
      x-db-password: Zq62
      x-api-key: 4234567890
      x-note: plain words
    labels:
      x-secret: Zq63
    logging:
      options:
        x-token: Zq64
`,
      'compose.prod.yaml': 'services:\n  web:\n    environment:\n      x-db-password: Zq65\n',
    };
    const answers = showsNoSecret(t, files, /Zq6[1-5]|4234567890/);
    t.ok(
      answers.some(([, body]) => body.includes('plain words')),
      'a plain x- value is shown',
    );
  },
);

const load = (compose: string) => loadProject({ files: { 'compose.yaml': compose } }, { files: ['compose.yaml'] });

t.test('an x- key in a map[string]string field is refused as mapstructure refuses its #extensions map', async (t) => {
  // types/types.go: StorageOpt and FileObjectConfig.DriverOpts are map[string]string, no decoder;
  // mapstructure v2.4.0 decodeString takes a string (loader/mapstructure.go cast: an int too), and
  // refuses the rest: "expected type 'string', got unconvertible type '%s'" (errors.go 72-78)
  const r = load(
    'services:\n  web:\n    image: nginx\n    secrets: [s]\n    storage_opt:\n      size: 20\n      x-a: 1\n' +
      'secrets:\n  s:\n    file: ./s\n    driver_opts:\n      a: b\n      x-d: 4\n',
  );
  t.equal(r.model, undefined);
  t.match(r.diagnostics, [
    {
      code: 'decode-invalid',
      line: 7,
      column: 7,
      path: 'services.web.storage_opt.x-a',
      composeMessage:
        "'services[web].storage_opt[#extensions]' expected type 'string', got unconvertible type 'map[string]interface {}'",
    },
    {
      code: 'decode-invalid',
      line: 13,
      path: 'secrets.s.driver_opts.x-d',
      composeMessage:
        "'secrets[s].driver_opts[#extensions]' expected type 'string', got unconvertible type 'map[string]interface {}'",
    },
  ]);
  t.equal(r.diagnostics.length, 2);
  // the same decoder refuses what the schema lets through and `cast` does not make a string
  const float = load('services:\n  web:\n    image: nginx\n    storage_opt:\n      size: 1.5\n      n: 20\n');
  t.match(float.diagnostics, [
    {
      code: 'decode-invalid',
      line: 5,
      composeMessage: "'services[web].storage_opt[size]' expected type 'string', got unconvertible type 'float64'",
    },
  ]);
  // go-yaml's time.Time (resolver.go parseTimestamp) is no string either; a quoted one is
  const time = load(
    'services:\n  web:\n    image: nginx\n    storage_opt:\n      d: 2002-12-14\n      q: "2002-12-14"\n',
  );
  t.match(time.diagnostics, [
    { composeMessage: "'services[web].storage_opt[d]' expected type 'string', got unconvertible type 'time.Time'" },
  ]);
  t.equal(time.diagnostics.length, 1);
  const ok = load('services:\n  web:\n    image: nginx\n    storage_opt:\n      size: 20\n      n: ~\n');
  t.same(ok.model?.services?.web?.storage_opt, { size: '20', n: '' }, 'an int cast to its digits, nil left at ""');
});

t.test('an x- key in ulimits is a #extensions ulimit, extra_hosts refuses one', async (t) => {
  // ulimits is map[string]*UlimitsConfig: UlimitsConfig.DecodeMapstructure (types/types.go 689-711)
  // reads a map's soft and hard only, so #extensions is a ulimit of 0/0; MarshalYAML prints
  // struct{Soft; Hard}, MarshalJSON the struct, whose fields are omitempty
  const compose =
    'services:\n  web:\n    image: nginx\n    ulimits:\n      nofile: 20\n      x-b: 3\n' +
    '    build:\n      context: .\n      ulimits:\n        x-c: {soft: 1, hard: 2}\n';
  const yaml = await config(compose);
  t.equal(yaml.code, 0, yaml.stderr);
  const web = parse(yaml.stdout).services.web;
  t.same(web.ulimits, { '#extensions': { soft: 0, hard: 0 }, nofile: 20 });
  t.same(web.build.ulimits, { '#extensions': { soft: 0, hard: 0 } });
  const json = await configIn(compose, ['--format', 'json']);
  t.equal(json.code, 0, json.stderr);
  t.same(JSON.parse(json.stdout).services.web.ulimits, { '#extensions': {}, nofile: 20 });
  // types/hostList.go HostsList.DecodeMapstructure: a value neither a string nor a list
  const hosts = load(
    'services:\n  web:\n    image: nginx\n    extra_hosts:\n      db: 10.0.0.1\n      x-h: 10.0.0.2\n',
  );
  t.match(hosts.diagnostics, [
    { line: 5, message: /unexpected value type map\[string\]interface \{\} for extra_hosts entry/ },
  ]);
});

t.test('a secret x- value holding what reads as the next key (` x-b:`) is masked whole in #extensions', async (t) => {
  const files = {
    'compose.yaml': `services:
  web:
    image: nginx:1
    environment:
      x-db-password: "Kq9 x-b: TailOne"
      x-token: "Q x-:"
      x-api-key: "x x-c:TailTwo"
      x-note: "plain x-d: words"
    labels:
      x-secret: "/p x-e:TailThree"
`,
  };
  const answers = showsNoSecret(t, files, /Kq9|TailOne|Q x-|TailTwo|TailThree/);
  t.ok(
    answers.some(([, body]) => body.includes('plain x-d: words')),
    'a plain x- value is shown',
  );
});

t.test('a secret x- value built by interpolation, holding ` x-b:`, is masked whole too', async (t) => {
  // the model holds it in `#extensions` text only (`map[x-db-password:Kq9 x-b: TailOne]`), where the
  // value cannot be told from the next key; a cast refuses it under ulimits (compose-go
  // interpolation.go: services.*.ulimits.* is an int), and the message quotes it as interpolated
  const env = '.env';
  const cases: [string, string][] = [
    ['environment:\n      x-db-password: "${V}"', 'V=Kq9 x-b: TailOne'],
    ['environment:\n      x-db-password: "pre${V}"', 'V=Kq9 x-b: TailOne'],
    ['environment:\n      x-db-password: "${UNSET:-Kq9 x-b: TailOne}"', 'V=1'],
    ['environment:\n      x-a: "${SECRET_WITH_X}"', 'SECRET_WITH_X=Kq9 x-b: TailOne'],
    ['labels:\n      x-secret: "${V}"', 'V=Kq9 x-b: TailOne'],
    ['storage_opt:\n      size: 1G\n      x-db-password: "${V}"', 'V=Kq9 x-b: TailOne'],
    ['ulimits:\n      nofile: 20\n      x-db-password: "${V}"', 'V=Kq9 x-b: TailOne'],
    ['ulimits:\n      x-db-password:\n        soft: "${V}"\n        hard: 2', 'V=Kq9 x-b: TailOne'],
    // a list or a mapping holding one, as `%v` prints it (`map[x-db-password:[Kq9 x-b: TailOne]]`)
    ['environment:\n      x-db-password: ["${V}"]', 'V=Kq9 x-b: TailOne'],
    ['labels:\n      x-db-password: {k: "${V}"}', 'V=Kq9 x-b: TailOne'],
    ['environment:\n      x-db-password: ["Kq9 x-b: TailOne"]', 'V=1'],
  ];
  for (const [entry, dotenv] of cases) {
    const files = { 'compose.yaml': `services:\n  web:\n    image: nginx:1\n    ${entry}\n`, [env]: `${dotenv}\n` };
    showsNoSecret(t, files, /Kq9|TailOne/, entry);
  }
  // a plain x- value built so is shown
  const plain = {
    'compose.yaml': 'services:\n  web:\n    image: nginx:1\n    environment:\n      x-note: "${P}"\n',
    '.env': 'P=plain x-d: words\n',
  };
  t.ok(
    everyAnswer(plain).some(([, body]) => body.includes('plain x-d: words')),
    'a plain x- value is shown',
  );
});

t.test("x- names of a service's networks are one network, #extensions, undefined", async (t) => {
  // loader/loader.go:756-779 processExtensions moves them (userDefinedKeys spares top-level
  // networks, not a service's; a list is a map first, transform/canonical.go:41); Transform makes
  // `#extensions` a ServiceNetworkConfig, checkConsistency refuses it (loader/validate.go:70-73)
  const compose =
    'services:\n  web:\n    image: nginx\n    networks:\n      n: {}\n      x-a: {}\n      x-b: ~\n' +
    'networks:\n  n: {}\n  x-a: {}\n';
  const r = load(compose);
  t.equal(r.model, undefined);
  t.match(r.diagnostics, [
    {
      code: 'undefined-network',
      line: 6,
      column: 7,
      path: 'services.web.networks.x-a',
      message: /undefined network #extensions: .*\(x-a, x-b\)/,
      composeMessage: 'service "web" refers to undefined network #extensions: invalid compose project',
    },
  ]);
  t.equal(r.diagnostics.length, 1, 'one #extensions entry, one error');
  const list = load('services:\n  web:\n    image: nginx\n    networks: [x-a]\nnetworks:\n  x-a: {}\n');
  t.match(list.diagnostics, [
    { line: 4, composeMessage: 'service "web" refers to undefined network #extensions: invalid compose project' },
  ]);
  t.equal(list.diagnostics.length, 1);
  // a top-level network may be named x-…: referred to by a name of another form, it is found
  const top = load('services:\n  web:\n    image: nginx\n    networks: [n]\nnetworks:\n  n: {}\n  x-a: {}\n');
  t.same(top.diagnostics, []);
});
