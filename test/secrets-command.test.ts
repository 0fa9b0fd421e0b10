// Passwords on a command line (src/audit/secrets-command.ts) and in Oracle connect strings
// (src/audit/secrets.ts oracleCredentials): what counts as one, and that every answer masks it. Canaries hold "Canary" followed by a letter, as in test/redact.test.ts.
import t from 'tap';
import { commandPasswords, runsClient, shellCommands } from '../src/audit/secrets-command.js';
import { dsnPasswords, oracleCredentials } from '../src/audit/secrets.js';
import { runTask, type Task } from '../src/usecases/task.js';
import { showsNoSecret } from './helpers/answers.js';
import { growth } from './helpers/growth.js';

const LEAK = /Canary[A-Za-z]/;

const passwords = (v: unknown): string[] => commandPasswords(v).map((p) => `${p.program} ${p.option} ${p.password}`);

t.test('a shell line read as words: quotes, escapes, expansions, commands', async (t) => {
  const words = (line: string) => shellCommands(line).map((c) => c.map((w) => (w.dynamic ? `~${w.value}` : w.value)));
  t.same(words(`a 'b c' "d \\"e\\" $X" f\\ g # h\ni;j&&k|l (m) n<o >p`), [
    ['a', 'b c', '~d "e" $X', 'f g'],
    ['i'],
    ['j'],
    ['k'],
    ['l'],
    ['m'],
    ['n'], // `<o` and `>p` redirect n: their files are no commands, nor arguments
  ]);
  // a redirection anywhere in a command: the words after it are still the program's
  t.same(words('mysqladmin ping >/dev/null 2>&1 -uroot -pRr4 <in &>all 3>>x y || exit 1'), [
    ['mysqladmin', 'ping', '-uroot', '-pRr4', 'y'],
    ['exit', '1'],
  ]);
  t.same(passwords(['CMD-SHELL', 'mysqladmin ping >/dev/null 2>&1 -uroot -pRr4Tt5Yy6 || exit 1']), [
    'mysqladmin -p Rr4Tt5Yy6',
  ]);
  t.same(words('x --password="$(cat /run/secrets/db password)" `id -u` ${A:-b c} $ a$'), [
    ['x', '~--password=$(cat /run/secrets/db password)', '~`id -u`', '~${A:-b c}', '$', 'a$'],
  ]);
  // what the masking and the rule run: each command read and let go (shellCommands keeps them all,
  // and a loaded machine's garbage collection made its 4n cost 17 times n once)
  const line = 'mysql -pa"$(b)"\\ x;'.repeat(20_000);
  const long = line.repeat(4);
  const g = growth(
    () => commandPasswords(line),
    () => commandPasswords(long),
  );
  t.ok(g.ratio <= 8, `n: ${g.small.toFixed(1)} ms, 4n: ${g.large.toFixed(1)} ms, ${g.ratio.toFixed(1)}x`);
  // an unclosed `$(` reads to the end once
  const open = '$('.repeat(200_000);
  const longer = open.repeat(4);
  const h = growth(
    () => shellCommands(open),
    () => shellCommands(longer),
  );
  t.ok(h.ratio <= 8, `unclosed: n: ${h.small.toFixed(1)} ms, 4n: ${h.large.toFixed(1)} ms, ${h.ratio.toFixed(1)}x`);
});

t.test('the passwords a command line gives: -p glued for the MySQL clients only, references left alone', async (t) => {
  t.same(passwords(['CMD', 'mysqladmin', 'ping', '-h', 'localhost', '-uroot', '-pS3cret']), ['mysqladmin -p S3cret']);
  t.same(passwords(['CMD-SHELL', 'mysqladmin ping -h localhost -uroot -pS3cret']), ['mysqladmin -p S3cret']);
  t.same(passwords(['sh', '-c', "exec /usr/bin/mysqldump -uroot -p'a b' --all-databases > /b.sql"]), [
    'mysqldump -p a b',
  ]);
  t.same(passwords(['bash', '-ec', 'MYSQL_HOST=db mariadb-dump --password=S3cret app']), [
    'mariadb-dump --password S3cret',
  ]);
  // `-p` alone prompts; a reference is resolved in the container; `--password X` gives no password to mysql
  for (const none of [
    ['mysql', '-p', 'app'],
    ['mysqladmin', '-p$MYSQL_ROOT_PASSWORD', 'ping'],
    ['mysql', '--password', 'app'],
    ['CMD-SHELL', 'mysqladmin ping -p"$MYSQL_ROOT_PASSWORD" -p${MYSQL_PASSWORD} --password="$(cat /run/secrets/db)"'],
    ['CMD-SHELL', 'mysqladmin ping -p`cat /run/secrets/db`'],
    // `-p` of other programs: a port
    ['mysqld', '-p3306'],
    ['iperf3', '-p5201'],
    ['sh', '-c', 'nc -l -p8080 && mysql_tzinfo_to_sql -p1'],
    ['pg_dump', '--password', 'app'],
    ['pg_dump', '--no-password', 'app'],
    'mysql://root:x@db/app',
  ])
    t.same(passwords(none), [], JSON.stringify(none));
  // other programs' password options
  t.same(passwords(['redis-server', '--requirepass', 'R3dis-pw', '--port', '6379']), [
    'redis-server --requirepass R3dis-pw',
  ]);
  t.same(passwords(['mongosh', '--password', 'M0ngo-pw']), ['mongosh --password M0ngo-pw']);
});

t.test("a MySQL client's -pPASSWORD is masked in every answer, glued to -p as it is", async (t) => {
  const files = {
    'compose.yaml': `services:
  db:
    image: mysql:8.4.3
    healthcheck:
      test: ["CMD", "mysqladmin", "ping", "-h", "localhost", "-uroot", "-pCanaryMy-1"]
    command: mysqld --port 3306
    post_start:
      - command: sh -c "mysql -uroot -pCanaryMy-2 < /init.sql"
  backup:
    image: mariadb:11.4
    command: ["sh", "-c", "mariadb-dump -uroot -p'CanaryMy 3' --all-databases > /b.sql"]
    healthcheck:
      test: mariadb-admin ping -pCanaryMy-4
`,
  };
  showsNoSecret(t, files, LEAK);
  const audit = JSON.parse(
    String(runTask({ question: 'audit', input: { files }, options: { format: 'json' } } as Task).body),
  ) as { findings: { rule: string; path: string }[] };
  t.same(
    audit.findings
      .filter((f) => f.rule === 'secret-in-command')
      .map((f) => f.path)
      .sort(),
    [
      'services.backup.command[2]',
      'services.backup.healthcheck.test[1]',
      'services.db.healthcheck.test[6]',
      'services.db.post_start[0].command[2]',
    ],
  );
});

t.test(
  "Oracle connect strings: EZConnect with its address, JDBC, a tool's logon; no path, action, digest or email",
  async (t) => {
    const read = (v: string) => oracleCredentials(v).map((c) => `${c.user} ${c.password}`);
    t.same(read('scott/tiger@db:1521/XE'), ['scott tiger']);
    t.same(read('ORACLE_CONNECTION=scott/tiger@db:1521/XE x=sys/"p@ss w"@//db/XE'), ['scott tiger', 'sys p@ss w']);
    t.same(read('jdbc:oracle:thin:scott/tiger@host:1521:SID'), ['scott tiger']);
    t.same(read('jdbc:oracle:thin:app/pw@//h:1521/svc jdbc:oracle:thin:app/pw2@TNSALIAS'), ['app pw', 'app pw2']);
    for (const none of [
      'actions/checkout@v4',
      'repo/img@sha256:0123abcdef',
      'localhost:5000/org/app@sha256:12ab',
      'https://x.example/a/b@c:80/x',
      'a/b@example.com',
      '@scope/pkg@1.2.3',
      'scott/${PW}@db:1521/XE',
      'scott/$PW@db:1521/XE',
      'scott/tiger@XE', // a bare alias: only as an Oracle tool's logon
    ])
      t.same(read(none), [], none);
    t.same(passwords(['sqlplus', '-s', 'sys/S3cret@FREE', 'as', 'sysdba']), ['sqlplus user/password S3cret']);
    t.same(passwords(['CMD-SHELL', 'echo exit | sqlplus -L scott/tiger']), ['sqlplus user/password tiger']);
    t.same(passwords(['expdp', 'userid=system/Exp-pw1@db', 'dumpfile=x.dmp']), ['expdp user/password Exp-pw1']);
    t.same(passwords(['sqlplus', '/nolog', '@/scripts/x.sql']), []);
    t.same(passwords(['git', 'scott/tiger@XE']), [], 'no Oracle tool');
    t.ok(runsClient(['CMD', 'env', 'A=1', '/opt/oracle/bin/sqlplus', 'x']));
    t.ok(runsClient(['/usr/bin/env', 'mysql', '-pWe3Rt5Yu']), 'env by its path');
    t.same(passwords(['/usr/bin/env', 'A=1', 'mysql', '-pWe3Rt5Yu']), ['mysql -p We3Rt5Yu']);
    t.notOk(runsClient(['sh', '-c', 'sqlplus x']), 'a shell: its line is read as a string');
    const long = `ORACLE=${'a/b=c/d,'.repeat(20_000)}`;
    const longer = long.repeat(4);
    const g = growth(
      () => oracleCredentials(long),
      () => oracleCredentials(longer),
    );
    t.ok(g.ratio <= 8, `n: ${g.small.toFixed(1)} ms, 4n: ${g.large.toFixed(1)} ms, ${g.ratio.toFixed(1)}x`);
  },
);

t.test('Oracle passwords are masked in every answer and reported once a place', async (t) => {
  const files = {
    'compose.yaml': `services:
  ora:
    image: gvenzl/oracle-free:23.5-slim
    environment:
      ORACLE_CONNECTION: scott/CanaryOra-1@db:1521/XE
      JDBC_URL: "jdbc:oracle:thin:app/CanaryOra-2@//db:1521/FREEPDB1"
      ACTION: actions/checkout@v4
    healthcheck:
      test: ["CMD-SHELL", "echo 'select 1 from dual;' | sqlplus -s sys/CanaryOra-3@FREE as sysdba"]
    command: ["sqlplus", "-L", "system/CanaryOra-4@//localhost:1521/FREE"]
`,
  };
  showsNoSecret(t, files, LEAK);
  const audit = JSON.parse(
    String(runTask({ question: 'audit', input: { files }, options: { format: 'json' } } as Task).body),
  ) as { findings: { rule: string; path: string }[] };
  t.same(
    audit.findings
      .filter((f) => f.rule === 'secret-in-command' || f.rule === 'credentials-in-url')
      .map((f) => `${f.rule} ${f.path}`)
      .sort(),
    [
      'credentials-in-url services.ora.command[2]',
      'credentials-in-url services.ora.environment.JDBC_URL',
      'credentials-in-url services.ora.environment.ORACLE_CONNECTION',
      'secret-in-command services.ora.healthcheck.test[1]',
    ],
  );
});

t.test('a password as the program receives it: quote pieces glued, two shells, `$` in an exec form', async (t) => {
  const raw = (v: unknown) => commandPasswords(v).map((p) => [p.password, ...(p.raw ?? [])].join(' | '));
  t.same(raw(['CMD-SHELL', `mysqladmin ping -p'Aa1'"Bb2"\\Cc3`]), [`Aa1Bb2Cc3 | -p'Aa1'"Bb2"\\Cc3`]);
  // Compose's string, then the `sh -c` line in it: the word as each of them writes it
  t.same(raw(`sh -c "mysql -p'Aa1'\\"Bb2\\" app"`), [`Aa1Bb2 | -p'Aa1'"Bb2" | -p'Aa1'\\"Bb2\\"`]);
  t.same(raw(['sh', '-c', 'mysql -pAa1\\\\Bb2 app']), ['Aa1\\Bb2 | -pAa1\\\\Bb2']);
  // an exec form has no shell: `$` is the program's (Compose made `$$` one)
  t.same(raw(['mysql', '-pAa1$Bb2']), ['Aa1$Bb2']);
  t.same(raw(['mysql', '-pAa1$(x)']), ['Aa1$(x)']);
  for (const none of [
    ['mysql', '-p$(cat /run/secrets/db)'],
    ['mysql', '-p`cat /run/secrets/db`'],
    ['mysql', '-p$PW'],
  ])
    t.same(raw(none), [], JSON.stringify(none));
  const files = {
    'compose.yaml': `services:
  db:
    image: mysql:8.4.3
    command: mysql -uroot -p'CanaryQa1'"CanaryQb2" app
    healthcheck:
      test: ["CMD-SHELL", "mysqladmin ping -p'CanaryQc3'\\"CanaryQd4\\""]
  a:
    image: mysql:8.4.3
    command: sh -c "mysql -pCanaryQe5\\\\CanaryQf6 app"
  b:
    image: mysql:8.4.3
    command: ["sh", "-c", "mysql -pCanaryQg7\\\\\\\\CanaryQh8 app"]
  c:
    image: mysql:8.4.3
    command: ["mysql", "-pCanaryQi9$$CanaryQj0"]
    entrypoint: ["mysql", "-pCanaryQk1$$(x)"]
`,
  };
  showsNoSecret(t, files, LEAK);
  const audit = JSON.parse(
    String(runTask({ question: 'audit', input: { files }, options: { format: 'json' } } as Task).body),
  ) as { findings: { rule: string; path: string }[] };
  t.same(
    audit.findings
      .filter((f) => f.rule === 'secret-in-command')
      .map((f) => f.path)
      .sort(),
    [
      'services.a.command[2]',
      'services.b.command[2]',
      'services.c.command[1]',
      'services.c.entrypoint[1]',
      'services.db.command[2]',
      'services.db.healthcheck.test[1]',
    ],
  );
});

t.test('redis-cli -a, a secret-named variable set for a command, a Go MySQL DSN without a protocol', async (t) => {
  t.same(passwords(['CMD', 'redis-cli', '-a', 'R3dis-pw', 'ping']), ['redis-cli -a R3dis-pw']);
  t.same(passwords(['CMD-SHELL', 'valkey-cli -h x --pass R3dis-pw ping']), ['valkey-cli --pass R3dis-pw']);
  t.same(passwords(['CMD-SHELL', 'MYSQL_PWD=My-pw1 mysqladmin ping -uroot']), ['mysqladmin MYSQL_PWD= My-pw1']);
  t.same(passwords(['env', 'PGPASSWORD=Pg-pw1', 'psql', '-h', 'db']), ['psql PGPASSWORD= Pg-pw1']);
  for (const none of [
    ['redis-cli', '-a', '$REDIS_PASSWORD', 'ping'],
    ['CMD-SHELL', 'redis-cli -a "$REDIS_PASSWORD" ping'],
    ['CMD-SHELL', 'MYSQL_PWD=$MYSQL_ROOT_PASSWORD mysqladmin ping'],
    ['CMD-SHELL', 'HOST=db mysqladmin ping'],
    ['ls', '-a', 'dir'], // `-a` of other programs
  ])
    t.same(passwords(none), [], JSON.stringify(none));
  // the shell's assignments and the builtins that make them: a password for every command after them
  t.same(passwords(['CMD-SHELL', 'export PGPASSWORD=Pg-pw2; psql -h db']), ['the shell export PGPASSWORD= Pg-pw2']);
  t.same(passwords(['sh', '-c', 'PGPASSWORD=Pg-pw3; export PGPASSWORD; psql']), ['the shell PGPASSWORD= Pg-pw3']);
  t.same(passwords(['bash', '-c', 'declare -x A=1 API_TOKEN=Tk-1 && x']), ['the shell declare API_TOKEN= Tk-1']);
  for (const none of [
    ['export', 'PGPASSWORD=Pg-pw4'], // an exec form: no shell, no builtin
    ['CMD-SHELL', 'export PGPASSWORD="$(cat /run/secrets/pg)"; psql'],
    ['CMD-SHELL', 'export PGPASSWORD; export HOST=db; psql'],
    ['sh', '-c', 'export SECRET=~/secret.txt; app'], // a path: the shell expands ~/ in an assignment
    ['sh', '-c', 'SECRET=~/secret.txt app'],
  ])
    t.same(passwords(none), [], JSON.stringify(none));
  t.same(dsnPasswords('app:Dsn-pw1@/appdb?parseTime=true'), ['Dsn-pw1']);
  t.same(dsnPasswords('--dsn=root:p@ss-1@/x'), ['p@ss-1'], 'an `@` in the password');
  t.same(dsnPasswords('app:p@ss-2@tcp(db:3306)/app'), ['p@ss-2']);
  for (const none of ['postgres://u:p@/db', './a:/b@/c', 'a:b/c@/d', 'user@/y', '@scope/pkg'])
    t.same(dsnPasswords(none), [], none);
  const files = {
    'compose.yaml': `services:
  cache:
    image: redis:7.4
    command: redis-cli -a CanaryRd1 ping
    healthcheck:
      test: ["CMD-SHELL", "redis-cli -h localhost -a CanaryRd2 --no-auth-warning ping | grep PONG"]
  db:
    image: mysql:8.4.3
    healthcheck:
      test: ["CMD-SHELL", "MYSQL_PWD=CanaryRd3 mysqladmin ping -uroot"]
    environment:
      DSN: "app:CanaryRd4@/appdb"
      DSN2: "app:Canary@Rd5@tcp(db:3306)/app"
      NOT_A_DSN: "postgres://u@/db"
`,
  };
  showsNoSecret(t, files, /Canary[@A-Za-z]/);
  const audit = JSON.parse(
    String(runTask({ question: 'audit', input: { files }, options: { format: 'json' } } as Task).body),
  ) as { findings: { rule: string; path: string }[] };
  t.same(
    audit.findings
      .filter((f) => f.rule === 'secret-in-command' || f.rule === 'credentials-in-url')
      .map((f) => `${f.rule} ${f.path}`)
      .sort(),
    [
      'credentials-in-url services.db.environment.DSN',
      'credentials-in-url services.db.environment.DSN2',
      'secret-in-command services.cache.command[2]',
      'secret-in-command services.cache.healthcheck.test[1]',
      'secret-in-command services.db.healthcheck.test[1]',
    ],
  );
});

t.test("a shell's `export PGPASSWORD=x` is reported where it stands and masked, a short one too", async (t) => {
  const files = {
    'compose.yaml': `services:
  db:
    image: postgres:16
    command: ["sh", "-c", "export PGPASSWORD=CanaryEx1; psql -h db"]
    healthcheck:
      test: ["CMD-SHELL", "export PGPASSWORD=Zq; pg_isready -h db"]
  web:
    image: x
    command: ["bash", "-c", "API_TOKEN=CanaryEx2; readonly API_TOKEN; exec app"]
`,
  };
  showsNoSecret(t, files, /Canary[A-Z]|Zq/);
  const audit = JSON.parse(
    String(runTask({ question: 'audit', input: { files }, options: { format: 'json' } } as Task).body),
  ) as { findings: { rule: string; path: string; message: string }[] };
  t.same(
    audit.findings
      .filter((f) => f.rule === 'secret-in-command')
      .map((f) => `${f.path}: ${f.message}`)
      .sort(),
    [
      'services.db.command[2]: command of service "db" gives the shell a password on the command line (export PGPASSWORD=)',
      'services.db.healthcheck.test[1]: healthcheck.test of service "db" gives the shell a password on the command line (export PGPASSWORD=)',
      'services.web.command[2]: command of service "web" gives the shell a password on the command line (API_TOKEN=)',
    ],
  );
});

t.test(
  "a command of options after a MySQL client's entrypoint: its -pPASSWORD is masked in every answer",
  async (t) => {
    const files = {
      'compose.yaml': `services:
  db:
    image: mysql:8.4.3
    entrypoint: ["mysqladmin", "ping"]
    command: ["-uroot", "-pCanaryEntry1", "--silent"]
  admin:
    image: mysql:8.4.3
    entrypoint: mysqladmin
    command: -uroot -pCanaryEntry2 ping
`,
    };
    showsNoSecret(t, files, /CanaryEntry/);
  },
);

t.test(
  'a password secret-in-command reports is masked in every answer, also one too short to mask by value',
  async (t) => {
    const files = {
      'compose.yaml': `services:
  a:
    image: redis:7
    command: ["redis-server", "--requirepass", "Zq56"]
    healthcheck:
      test: ["CMD-SHELL", "redis-cli -a Zq57 ping | grep PONG"]
  b:
    image: x:1
    command: ["app", "--password=Zq58", "--db-password", "Zq59"]
  c:
    image: x:1
    command: redis-server --masterauth Zq60 --port 6379
`,
    };
    const answers = showsNoSecret(t, files, /Zq(5[6-9]|60)/);
    t.ok(
      answers.some(([, body]) => body.includes('secret-in-command')),
      'reported',
    );
  },
);
