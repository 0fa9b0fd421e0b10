import t from 'tap';
import {
  parseBundle,
  normalizeBundlePath,
  deriveEnvironments,
  resolveInBundle,
  BundleError,
} from '../src/bundle/bundle.js';
import { decodeText } from '../src/bundle/text.js';
import { readTar } from '../src/bundle/tar.js';
import { tarArchive } from './helpers/tar.js';
import { parseYaml } from '../src/yaml/parse.js';

t.test('paths are normalized and can never escape the bundle', async (t) => {
  const ok: [string, string][] = [
    ['compose.yaml', 'compose.yaml'],
    ['./a//b/../compose.yml', 'a/compose.yml'],
    ['deploy/./prod.yml', 'deploy/prod.yml'],
  ];
  for (const [input, want] of ok) t.equal(normalizeBundlePath(input), want, input);
  for (const bad of ['../x', 'a/../../x', '/etc/passwd', 'C:/x', 'a\\b', 'a\0b', '', '.', 'a/..']) {
    t.throws(() => normalizeBundlePath(bad), { name: 'BundleError' }, JSON.stringify(bad));
  }
  t.equal(resolveInBundle('deploy', '../compose.yaml'), 'compose.yaml');
  t.equal(resolveInBundle('', '../x'), undefined);
  t.equal(resolveInBundle('a', '/etc/passwd'), undefined);
});

t.test('bundle shape errors name the place', async (t) => {
  const cases: [unknown, string, number][] = [
    [{ files: 3 }, '/files', 400],
    [[], '/', 400],
    [{ files: {} }, '/files', 400],
    [{ files: { 'compose.yaml': 1 } }, '/files/compose.yaml', 400],
    [{ files: { '../compose.yaml': '' } }, '/files/..~1compose.yaml', 400],
    [
      { files: { 'compose.yaml': '' }, environments: { prod: { files: ['nope.yaml'] } } },
      '/environments/prod/files/0',
      422,
    ],
    [{ files: { 'compose.yaml': '' }, environments: { prod: { files: [] } } }, '/environments/prod/files', 400],
    [{ files: { 'compose.yaml': '' }, projectName: 3 }, '/projectName', 400],
  ];
  for (const [input, pointer, status] of cases) {
    try {
      parseBundle(input);
      t.fail(`accepted ${JSON.stringify(input)}`);
    } catch (e) {
      t.ok(e instanceof BundleError);
      t.equal((e as BundleError).pointer, pointer, JSON.stringify(input));
      t.equal((e as BundleError).status, status);
    }
  }
  const many = Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`f${i}.yaml`, '']));
  t.throws(() => parseBundle({ files: many }), { status: 413 });
});

t.test('environments are derived from file names like a user expects', async (t) => {
  const files = (names: string[]) => parseBundle({ files: Object.fromEntries(names.map((n) => [n, ''])) });
  const cases: [string[], Record<string, string[]>][] = [
    [
      ['docker-compose.yml', 'docker-compose.override.yml', 'docker-compose.prod.yml', '.env'],
      {
        development: ['docker-compose.yml', 'docker-compose.override.yml'],
        production: ['docker-compose.yml', 'docker-compose.prod.yml'],
      },
    ],
    [
      ['compose.yaml', 'compose.staging.yaml', 'compose.test.yml'],
      {
        development: ['compose.yaml'],
        staging: ['compose.yaml', 'compose.staging.yaml'],
        test: ['compose.yaml', 'compose.test.yml'],
      },
    ],
    // compose.yaml wins over docker-compose.yml, as in `docker compose`; a base file alone is `default`
    [['docker-compose.yml', 'compose.yaml'], { default: ['compose.yaml'] }],
    [
      ['app/compose.yaml', 'app/compose.override.yaml'],
      { development: ['app/compose.yaml', 'app/compose.override.yaml'] },
    ],
    // netbox-docker's shape: nothing carries production, so the base file alone is what gets deployed
    [
      ['docker-compose.yml', 'docker-compose.test.yml', 'docker-compose.test.override.yml'],
      { default: ['docker-compose.yml'], test: ['docker-compose.yml', 'docker-compose.test.yml'] },
    ],
    [['compose.yaml', 'compose.dev.yaml'], { development: ['compose.yaml', 'compose.dev.yaml'] }],
    [['other.yaml'], {}],
  ];
  for (const [names, want] of cases) {
    const got = deriveEnvironments(files(names)).environments;
    t.same(Object.fromEntries(Object.entries(got).map(([k, v]) => [k, v.files])), want, names.join(','));
  }
  const explicit = parseBundle({
    files: { 'a.yml': '', 'b.yml': '' },
    environments: { x: { files: ['./a.yml', 'b.yml'] } },
  });
  t.same(deriveEnvironments(explicit).environments.x.files, ['a.yml', 'b.yml']);
});

t.test('file bytes that are not UTF-8 are kept for the YAML stage to refuse (tar and decodeText)', async (t) => {
  const bytes = Buffer.from([0x61, 0xff, 0x62, 0xc3, 0xa9, 0xe2, 0x82, 0x0a, 0xed, 0xa0, 0x80, 0xf0, 0x9d, 0x84, 0x9e]);
  const text = decodeText(bytes);
  // valid sequences decode as usual; each undecodable byte is U+DC80 + byte
  t.equal(text, 'a\udcffbé\udce2\udc82\n\udced\udca0\udc80𝄞');
  t.equal(decodeText(Buffer.from('plain café ☕', 'utf8')), 'plain café ☕');
  const files = readTar(
    tarArchive([{ name: 'compose.yaml', content: Buffer.from('services:\n  a:\n    image: x\xff\n', 'latin1') }]),
  );
  t.equal(files['compose.yaml'], 'services:\n  a:\n    image: x\udcff\n');
  const [d] = parseYaml(files['compose.yaml'], 'compose.yaml').diagnostics;
  t.match(d, {
    code: 'yaml-invalid-utf8',
    line: 3,
    column: 13,
    composeMessage: 'yaml: offset 27: invalid leading UTF-8 octet',
  });
});

// What an archive's metadata may cost (found by an attack): a 24 KB tar.gz holding one pax header of 2.8
// million records held the event loop 0.77 s, 16,000 `._` entries 0.45 s, and neither counted toward any
// limit. pax headers and long names are bounded in all, as Go's archive/tar bounds each (1 MiB,
// reader.go maxSpecialFileSize), and every header counts toward an entry limit.
t.test('tar metadata is bounded: pax headers and long names in all, and every entry', async (t) => {
  const file = { name: 'compose.yaml', content: 'services: {}\n' };
  const bomb = Buffer.from('6 a=b\n'.repeat(200_000)); // 1.2 MB of records
  t.throws(() => readTar(tarArchive([{ name: 'pax', type: 'x', content: bomb }, file])), {
    status: 413,
    message: /pax headers and long names hold more than 1048576 bytes/,
  });
  // in all, not each: two headers of 600 KB
  const half = Buffer.from('6 a=b\n'.repeat(100_000));
  t.throws(
    () =>
      readTar(
        tarArchive([
          { name: 'pax', type: 'x', content: half },
          file,
          { name: 'pax', type: 'x', content: half },
          { ...file, name: 'b.yaml' },
        ]),
      ),
    { status: 413 },
  );
  t.same(
    Object.keys(readTar(tarArchive([{ name: 'pax', type: 'x', content: half }, file]))),
    ['compose.yaml'],
    'one is read',
  );
  // every entry counts: 4,000 directories and macOS twins for one file (8 a file of the file limit: a
  // macOS archive has a pax header, a ._ twin and its pax header for each file and each directory)
  const many = (n: number) =>
    tarArchive([
      ...Array.from({ length: n }, (_, i) =>
        i % 2 ? { name: `d${i}/`, type: '5' } : { name: `._x${i}`, content: 'x' },
      ),
      file,
    ]);
  t.same(Object.keys(readTar(many(3999))), ['compose.yaml'], '4,000 entries: read');
  t.throws(() => readTar(many(4000)), { status: 413, message: /too many tar entries: the limit is 4000/ });
});

t.test('a pax size is decimal, as Go reads it (parsePAXRecord, strconv.ParseInt base 10)', async (t) => {
  const pax = (record: string) => {
    const body = ` ${record}\n`;
    let n = body.length;
    while (`${n}${body}`.length !== n) n = `${n}${body}`.length;
    return Buffer.from(`${n}${body}`);
  };
  const file = { name: 'compose.yaml', content: 'services: {}\n' };
  t.same(readTar(tarArchive([{ name: 'p', type: 'x', content: pax('size=13') }, file])), {
    'compose.yaml': 'services: {}\n',
  });
  t.throws(() => readTar(tarArchive([{ name: 'p', type: 'x', content: pax('size=0xd') }, file])), {
    status: 400,
    message: /bad pax size/,
  });
  // as Go's strconv.ParseInt reads them: a `+` and leading zeros are fine (review17 found them refused)
  t.same(readTar(tarArchive([{ name: 'p', type: 'x', content: pax('size=+13') }, file])), {
    'compose.yaml': 'services: {}\n',
  });
  t.same(readTar(tarArchive([{ name: 'p', type: 'x', content: pax('size=0013') }, file])), {
    'compose.yaml': 'services: {}\n',
  });
  const signed = Buffer.from('+16 path=z.yaml\n');
  t.same(Object.keys(readTar(tarArchive([{ name: 'p', type: 'x', content: signed }, file]))), ['z.yaml']);
  const zeros = Buffer.from('00000000000000031 path=zz.yaml\n');
  t.same(Object.keys(readTar(tarArchive([{ name: 'p', type: 'x', content: zeros }, file]))), ['zz.yaml']);
  t.throws(
    () => readTar(tarArchive([{ name: 'p', type: 'x', content: Buffer.from('99999999999999999999 a=b\n') }, file])),
    {
      message: /bad pax header/,
    },
  );
  // a record's length is decimal too
  t.throws(() => readTar(tarArchive([{ name: 'p', type: 'x', content: Buffer.from('0x10 path=a.yaml\n') }, file])), {
    message: /bad pax header/,
  });
});
