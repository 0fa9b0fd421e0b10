/**
 * `x-*` keys below the top level, as compose-go's processExtensions (loader/loader.go 765-811)
 * leaves them once Transform has decoded the model into its types.
 */
import t from 'tap';
import { showsNoSecret } from './helpers/answers.js';
import { parse } from 'yaml';
import { configIn } from './helpers/cli.js';

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

t.test("a secret x- value holding what reads as the next key (` x-b:`) is masked whole in #extensions", async (t) => {
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
