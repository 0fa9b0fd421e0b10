// Command-line passwords masked where they stand (src/report/diff.ts maskCommandPasswords), and the
// readings around them: the review of this session's changes found each case below.
import t from 'tap';
import { isSecretName } from '../src/audit/secrets.js';
import { runTask, type Task } from '../src/usecases/task.js';
import { showsNoSecret } from './helpers/answers.js';
import { growth, GROWTH_LIMIT } from './helpers/growth.js';

const config = (files: Record<string, string>): string =>
  runTask({ question: 'config', input: { files }, options: { format: 'yaml' } } as Task).body;
const audit = (files: Record<string, string>): string =>
  runTask({ question: 'audit', input: { files }, options: { format: 'text' } } as Task).body;

t.test('a secret word after a meta word still names a secret: the last secret word decides', async (t) => {
  for (const n of ['SERVER_SSL_KEY_STORE_PASSWORD', 'KEY_STORE_PASS', 'DB_PASSWORD']) t.ok(isSecretName(n), n);
  for (const n of ['PASSWORD_FILE', 'password-stdin', 'secret-store', 'DB_PASSWORD_ENV']) t.notOk(isSecretName(n), n);
});

t.test('a short password keeps its option and the other words; a shell line holding one is masked whole', async (t) => {
  const out = JSON.parse(
    config({
      'compose.yaml':
        'services:\n  db:\n    image: mysql:8\n    command: [mysqladmin, --password=a, ping, --host=db]\n' +
        '  cache:\n    image: redis:7\n    command: ["sh", "-c", "redis-cli -h cache -a a ping && echo cache ready"]\n',
    }),
  ).environments.default.yaml as string;
  t.match(out, /- mysqladmin\n\s+- --password=\*{8}\n\s+- ping\n\s+- --host=db/, 'the option and the other words kept');
  t.match(out, /- sh\n\s+- -c\n\s+- '\*{8}'/, 'the line masked whole, no word of it cut');
  t.notMatch(out, /c\*+che/, 'no word garbled');
});

t.test("a command of options is the entrypoint's arguments; without one in the file, the image's", async (t) => {
  const files = {
    'compose.yaml':
      'services:\n  a:\n    image: redis:7\n    entrypoint: [redis-server]\n    command: [--requirepass, Zq71]\n' +
      '  b:\n    image: redis:7\n    command: [--port, "6379", --requirepass, Zq72]\n',
  };
  showsNoSecret(t, files, /Zq7[12]/);
  const text = audit(files);
  t.match(text, /service "a" gives redis-server a password on the command line \(--requirepass\)/);
  t.match(text, /service "b" gives the image's entrypoint a password on the command line \(--requirepass\)/);
  const glued = audit({
    'compose.yaml': 'services:\n  c:\n    image: x\n    command: ["-uroot", "-pHunter2Secret", "ping"]\n',
  });
  t.notMatch(glued, /secret-in-command/, "a glued -pX is the program's to read: no program, no finding");
});

t.test("a diff's command entry is read after its service's entrypoint, whichever side it is on", async (t) => {
  // the entrypoint is no entry when both sides run the same one: the entry's own list, read alone,
  // had no program to give -pX to (the diff showed `["-uroot","-pZx3"]`)
  const service = (pw: string) =>
    `image: mysql:8\n    entrypoint: [mysqladmin, ping]\n    command: [-uroot, -p${pw}]\n`;
  const files = {
    'compose.yaml': `services:\n  db:\n    ${service('Zx3')}`,
    'compose.prod.yaml': 'services:\n  db:\n    command: [-uroot, -pZx4]\n',
  };
  showsNoSecret(t, files, /Zx[34]/);
  const diff = runTask({ question: 'diff', input: { files }, options: { format: 'text' } } as Task).body;
  t.match(
    diff,
    /~ command: \["-uroot","-p\*{8}"\] \(compose\.yaml:5\) -> \["-uroot","-p\*{8}"\]/,
    'each side, its option kept',
  );
});

t.test("an env file's source line is the dotenv parser's line: a lone CR is no break there", async (t) => {
  const text = audit({
    'compose.yaml': 'services:\n  web:\n    image: nginx:1\n    env_file: app.env\n',
    'app.env': 'DB_HOST=x\rDB_PASSWORD=Zq12LongSecret99\nAPI_TOKEN=Tk34\rX=1\n',
  });
  t.match(text, /app\.env:2:1: [^\n]*API_TOKEN[^\n]*\n\s+API_TOKEN=/, 'the finding at line 2 shows line 2');
});

t.test('n short passwords on one shell line cost linear time', async (t) => {
  const files = (n: number) => ({
    'compose.yaml': `services:\n  db:\n    image: mysql:8\n    command: ["sh", "-c", "${Array.from({ length: n }, (_, i) => `mysql -pq${i % 10} -e x`).join(' && ')}"]\n`,
  });
  const [small, large] = [files(1000), files(4000)];
  const g = growth(
    () => config(small),
    () => config(large),
  );
  t.ok(
    g.ratio <= GROWTH_LIMIT,
    `1,000 passwords: ${g.small.toFixed(1)} ms, 4,000: ${g.large.toFixed(1)} ms, ${g.ratio.toFixed(1)}x`,
  );
});

t.test("the caret under a masked source line covers what it shows, not the secret's length (attack21)", async (t) => {
  // the caret was drawn under the diagnostic's source range: 33 carets under `********` told the
  // length of a 31-character quoted password (JSON's endColumn is the source's position: unchanged)
  const caretUnder = (text: string, shown: string): string | undefined => {
    const lines = text.split('\n');
    const i = lines.findIndex((l) => l.includes(shown));
    return i < 0 ? undefined : lines[i + 1];
  };
  const secret = 'averyveryverylongsecretvalue123';
  const cmd = audit({
    'compose.yaml': `services:\n  web:\n    image: nginx:1\n    command: ["redis-server", "--requirepass", "${secret}"]\n`,
  });
  const line = '      command: ["redis-server", "--requirepass", ********]';
  t.equal(caretUnder(cmd, line), `${' '.repeat(line.indexOf('*'))}${'^'.repeat(8)}`, 'secret-in-command');
  // an unknown rule named as the secret: the key masked, the caret under `********`
  const policy = audit({
    '.compose-review.yaml': 'rules:\n  hunter2hunter2: off\nx: {}\n',
    'compose.yaml': 'services:\n  web:\n    image: nginx:1\n    environment:\n      DB_PASSWORD: hunter2hunter2\n',
  });
  t.notMatch(policy, 'hunter2hunter2');
  t.equal(caretUnder(policy, '    ********: off'), '    ^^^^^^^^', 'policy-invalid');
});
