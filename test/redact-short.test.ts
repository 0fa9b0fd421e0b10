// Values under 6 characters are masked under their secret names, not by value (a port, a name would
// go with them): where a message quotes one, it is masked as the message writes it, the characters
// around it included (src/redact/collector.ts Collector.short), and the same characters elsewhere shown.
import t from 'tap';
import { runTask, type Task } from '../src/usecases/task.js';
import { showsNoSecret } from './helpers/answers.js';
import { growth, GROWTH_LIMIT } from './helpers/growth.js';

const validate = (files: Record<string, string>): string =>
  runTask({ question: 'validate', input: { files }, options: { format: 'text' } } as Task).body;

t.test('a tag error quotes a short secret-named value: masked in it', async (t) => {
  // go-yaml: cannot construct !!str `Zk` as a !!int
  for (const value of ['!!int Zk', '&pw !!bool Zk']) {
    const files = {
      'compose.yaml': `services:\n  db:\n    image: postgres:16\n    environment:\n      DB_PASSWORD: ${value}\n`,
    };
    showsNoSecret(t, files, /Zk/, value);
    t.match(validate(files), /cannot construct !!str \*{8} as a !!(int|bool)/, `${value}: the message`);
  }
});

t.test("an env file's line the dotenv parser refuses: its short secret-named values are masked", async (t) => {
  const files = {
    'compose.yaml': 'services:\n  db:\n    image: x\n    labels:\n      tier: Qv9\n',
    'compose.prod.yaml': 'services:\n  db:\n    env_file: app.env\n',
    'app.env': `I='a'"b" DB_PASSWORD=Qv9 API_TOKEN='Tk8' X=1\n`,
  };
  const plain = { ...files, 'compose.yaml': files['compose.yaml'].replace('tier: Qv9', 'tier: x') };
  const answers = showsNoSecret(t, plain, /Qv9|Tk8/);
  t.match(answers[0][1], /variable name "\\"b\\" DB_PASSWORD\*{8} API_TOKEN\*{8} X=1"/, 'the names kept');
  // not by value: a plain-named `Qv9` elsewhere is shown
  const options = { format: 'yaml', environment: 'development' };
  const config = runTask({ question: 'config', input: { files }, options } as Task).body;
  t.match(config, /tier: Qv9/);
});

t.test('an unterminated quoted value in an env file: the message quotes it without its name', async (t) => {
  // dotenv: "line 1: unterminated quoted value \"Qw3"; the refused line's name says it is a secret
  for (const line of ['DB_PASSWORD="Qw3\n', "DB_PASSWORD='Qw3\n", 'export API_TOKEN="Qw3\nOTHER=1\n']) {
    const files = {
      'compose.yaml': 'services:\n  db:\n    image: postgres:16\n    env_file: [a.env]\n',
      'a.env': line,
    };
    showsNoSecret(t, files, /Qw3/, JSON.stringify(line));
  }
  const files = {
    'compose.yaml': 'services:\n  db:\n    image: postgres:16\n    env_file: [a.env]\n',
    'a.env': 'TIER="Qw3\n',
  };
  t.match(validate(files), /unterminated quoted value "Qw3/, 'a value under a plain name is shown');
});

t.test("a URL's short password in a message is masked there; a name with its characters is shown", async (t) => {
  for (const line of [
    'command: npm run dev -- --db mysql://u:db@h/app', // dev-command-in-production quotes the command
    'command: "run ; mysql mysql://u:db@h/app"', // command-cut quotes what Compose drops
    'environment:\n      URL: "mysql://u:db@h/app${"', // the interpolation error quotes the value
    'extra_hosts: ["mysql://u:db@h/app"]', // compose-go makes it `mysql=//u:db@h/app`
  ]) {
    const files = { 'compose.yaml': `services:\n  db:\n    image: x\n    ${line}\n` };
    const answers = showsNoSecret(t, files, /:db@/, line);
    t.ok(
      answers.some(([, body]) => /service "db"|services\.db\b/.test(body)),
      `${line}: the service "db" is named`,
    );
  }
});

t.test(
  "a DSN's, a logon's, a connection string's short password is masked with its shape; elsewhere shown",
  async (t) => {
    for (const value of [
      'app:Yq@tcp(db:3306)/x', // go-sql-driver/mysql, no URL scheme
      'app:Yq@unix(/run/mysqld.sock)/x',
      'app:Yq@/x', // the default address
      'scott/Yq@db:1521/XE', // Oracle EZConnect
      'jdbc:oracle:thin:scott/Yq@//db/XE',
      '"Server=db;Password=Yq;Database=x"', // ADO.NET
      '"host=db password=\'Yq\' user=x"', // libpq, quoted
      '"Driver=x;PWD={Yq};"', // ODBC, braced
      '"https://h/x?user=a&password=Yq"',
    ]) {
      const files = {
        'compose.yaml': `services:\n  db:\n    image: x\n    environment:\n      DATABASE_DSN: ${value}\n      TIER: Yq\n`,
      };
      const plain = { ...files, 'compose.yaml': files['compose.yaml'].replace('TIER: Yq', 'TIER: x') };
      showsNoSecret(t, plain, /Yq/, value);
      const options = { format: 'yaml' };
      const config = runTask({ question: 'config', input: { files }, options } as Task).body;
      t.match(config, /TIER: Yq/, `${value}: a plain-named Yq is shown`);
    }
  },
);

t.test('short values as messages quote them cost linear time', async (t) => {
  const files = (n: number) => ({
    'compose.yaml': 'services:\n  db:\n    image: x\n    env_file: app.env\n',
    'app.env': Array.from(
      { length: n },
      (_, i) => `I='a'"b" DB_PASSWORD=q${i % 100} URL=mysql://u:p${i % 100}@h/d\n`,
    ).join(''),
  });
  const [small, large] = [files(2000), files(8000)];
  const g = growth(
    () => validate(small),
    () => validate(large),
  );
  t.ok(
    g.ratio <= GROWTH_LIMIT,
    `2,000 lines: ${g.small.toFixed(1)} ms, 8,000: ${g.large.toFixed(1)} ms, ${g.ratio.toFixed(1)}x`,
  );
});

t.test('an unterminated quoted value after many blank lines costs linear time', async (t) => {
  const files = (n: number) => ({
    'compose.yaml': 'services:\n  db:\n    image: postgres:16\n    env_file: [a.env]\n',
    'a.env': `${' \n'.repeat(n)}DB_PASSWORD="Qw3\n`,
  });
  const [small, large] = [files(20_000), files(80_000)];
  const g = growth(
    () => validate(small),
    () => validate(large),
  );
  t.ok(
    g.ratio <= GROWTH_LIMIT,
    `20,000 blank lines: ${g.small.toFixed(1)} ms, 80,000: ${g.large.toFixed(1)} ms, ${g.ratio.toFixed(1)}x`,
  );
});

t.test('a secret written with $$ is masked as interpolation reads it ($), where a message quotes the read value', async (t) => {
  // the environment does not load (the command is no shell line): decode-invalid quotes the
  // interpolated command, `run CanaryAb$ '`, while the raw tree holds `CanaryAb$$`
  const files = {
    'compose.yaml':
      'services:\n  db:\n    image: postgres:16\n    environment:\n      DB_PASSWORD: "CanaryAb$$"\n    command: "run CanaryAb$$ \'"\n',
  };
  showsNoSecret(t, files, /CanaryAb/);
});
