// A secret value that is also a key Compose builds a name from, or the project's name: Compose names
// an unnamed network, volume, config or secret `<project>_<key>` (compose-go loader/normalize.go:277
// setNameFromKey), the default network `<project>_default` among them. The key is masked whole, so
// the name made from it must be too: `_` joins two tokens, as `-`, `.`, `/` and `:` do.
import t from 'tap';
import { join } from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';
import { main } from '../src/cli/main.js';
import { Masker, MASK } from '../src/redact/mask.js';
import { TokenScanner } from '../src/redact/scan.js';
import { showsNoSecret } from './helpers/answers.js';
import { tempDir } from './helpers/temp.js';

const SECRET = 'pgdata2024x';
const volumeKey = {
  '.env': `DB_PASSWORD=${SECRET}\n`,
  'compose.yaml':
    'name: shop\nservices:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${DB_PASSWORD}\n' +
    `    volumes: ["${SECRET}:/var/lib/postgresql/data"]\n    networks: [${SECRET}]\nvolumes:\n  ${SECRET}: {}\nnetworks:\n  ${SECRET}: {}\n`,
};

t.test('a secret that is a volume or network key: masked in the name Compose makes of it', async (t) => {
  const answers = showsNoSecret(t, volumeKey, new RegExp(SECRET));
  const config = answers.find(([ask]) => ask === 'config yaml')![1];
  t.match(config, `name: shop_${MASK}`, 'the derived name is shown with its secret part masked');
});

t.test('a project named by the secret: masked in `<project>_default` and the other names', async (t) => {
  const files = {
    '.env': 'DB_PASSWORD=myshop2024\n',
    'compose.yaml':
      'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${DB_PASSWORD}\n',
  };
  const answers = showsNoSecret(t, { files, projectName: 'myshop2024' }, /myshop2024/);
  t.match(answers.find(([ask]) => ask === 'config yaml')![1], `${MASK}_default`);
  showsNoSecret(
    t,
    { ...files, 'compose.yaml': `name: myshop2024\n${files['compose.yaml']}` },
    /myshop2024/,
    'by `name:`',
  );
});

t.test('the CLI config masks the derived name', async (t) => {
  const dir = join(tempDir('cr-derived-'), 'shop');
  mkdirSync(dir, { recursive: true });
  for (const [p, text] of Object.entries(volumeKey)) writeFileSync(join(dir, p), text);
  let stdout = '';
  let stderr = '';
  const code = await main(['config'], {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    env: {},
    cwd: dir,
  });
  t.equal(code, 0, stderr);
  t.notMatch(stdout + stderr, SECRET);
  t.match(stdout, `name: shop_${MASK}`);
});

t.test('the joins of names are token boundaries; letters and digits still make one word', async (t) => {
  const m = new Masker([SECRET]);
  for (const join of ['_', '-', '.', '/', ':'])
    for (const text of [`shop${join}${SECRET}`, `${SECRET}${join}default`, `a${join}${SECRET}${join}1`])
      t.equal(m.text(text), text.replace(SECRET, MASK), text);
  for (const text of [`x${SECRET}`, `${SECRET}y`, `2${SECRET}`])
    t.equal(m.text(text), text, `${text}: inside a longer word`);
  // a value that starts or ends with `_` is found beside a letter, as one starting with `-` is
  t.same(new TokenScanner(['_secret1']).spans('x_secret1 y'), [1, 9]);
});
