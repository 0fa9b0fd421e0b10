// One case per load-time diagnostic code, with the exact place it must point at.
import t from 'tap';
import { loadBundle } from '../src/load/bundle.js';
import { parseBundle } from '../src/bundle/bundle.js';

type Case = [code: string, files: Record<string, string>, file: string, line: number, column: number];

const cases: Case[] = [
  [
    'interpolation-missing-variable',
    { 'compose.yaml': 'services:\n  web:\n    image: "nginx:${TAG:?set TAG}"\n' },
    'compose.yaml',
    3,
    12,
  ],
  [
    'interpolation-invalid-template',
    { 'compose.yaml': 'services:\n  web:\n    image: nginx\n    command: echo ${\n' },
    'compose.yaml',
    4,
    14,
  ],
  [
    'dotenv-syntax',
    { 'compose.yaml': 'services:\n  web:\n    image: nginx\n', '.env': 'OK=1\nBAD KEY=2\n' },
    '.env',
    2,
    1,
  ],
  [
    'env-file-missing',
    { 'compose.yaml': 'services:\n  web:\n    image: nginx\n    env_file: [web.env]\n' },
    'compose.yaml',
    4,
    16,
  ],
  ['extends-not-found', { 'compose.yaml': 'services:\n  web:\n    extends: base\n' }, 'compose.yaml', 3, 5],
  [
    'extends-cycle',
    { 'compose.yaml': 'services:\n  a:\n    extends: b\n  b:\n    extends: a\n' },
    'compose.yaml',
    3,
    5,
  ],
  [
    'extends-file-missing',
    { 'compose.yaml': 'services:\n  web:\n    extends:\n      file: nope.yaml\n      service: base\n' },
    'compose.yaml',
    4,
    13,
  ],
  ['include-file-missing', { 'compose.yaml': 'include:\n  - db.yaml\nservices: {}\n' }, 'compose.yaml', 2, 5],
  [
    'include-cycle',
    {
      'compose.yaml': 'include:\n  - other.yaml\nservices: {}\n',
      'other.yaml': 'include:\n  - compose.yaml\nservices: {}\n',
    },
    'other.yaml',
    2,
    5,
  ],
  [
    'path-outside-bundle',
    { 'compose.yaml': 'services:\n  web:\n    extends:\n      file: ../../etc/passwd\n      service: x\n' },
    'compose.yaml',
    4,
    13,
  ],
  ['top-level-not-mapping', { 'compose.yaml': '- a\n- b\n' }, 'compose.yaml', 1, 1],
  ['empty-project', { 'compose.yaml': '# nothing yet\n' }, 'compose.yaml', 1, 1],
  [
    'environment-trailing-space',
    { 'compose.yaml': 'services:\n  web:\n    image: nginx\n    environment:\n      - "DEBUG =1"\n' },
    'compose.yaml',
    5,
    9,
  ],
  [
    'invalid-port',
    { 'compose.yaml': 'services:\n  web:\n    image: nginx\n    ports:\n      - "80:80:80:80:80"\n' },
    'compose.yaml',
    5,
    9,
  ],
  [
    'invalid-volume',
    { 'compose.yaml': 'services:\n  web:\n    image: nginx\n    volumes:\n      - ":/data"\n' },
    'compose.yaml',
    5,
    9,
  ],
  [
    'yaml-non-string-key',
    { 'compose.yaml': 'services:\n  web:\n    image: nginx\n    labels:\n      1: one\n' },
    'compose.yaml',
    5,
    7,
  ],
  [
    'yaml-tag-value',
    { 'compose.yaml': 'services:\n  web:\n    image: nginx\n    cpu_shares: !!int "ten"\n' },
    'compose.yaml',
    4,
    23,
  ],
  [
    'undefined-network',
    { 'compose.yaml': 'services:\n  web:\n    image: nginx\n    networks: [front]\n' },
    'compose.yaml',
    4,
    16,
  ],
];

for (const [code, files, file, line, column] of cases) {
  t.test(code, async (t) => {
    const r = loadBundle(parseBundle({ files, environments: { e: { files: ['compose.yaml'] } } }));
    const d = r.diagnostics.find((x) => x.code === code);
    t.ok(d, `${code} reported (got ${r.diagnostics.map((x) => x.code).join(', ')})`);
    t.match(d, { file, line, column, severity: 'error' });
    t.equal(r.environments.e.model, undefined, 'the environment does not load');
  });
}
