// The CLI's root (src/cli/root.ts, src/cli/files.ts localProject) and the files that env files name:
// a file the project names (its .env's COMPOSE_FILE) and an env file the user names (--env-file,
// COMPOSE_ENV_FILES) never widen the root for what the Compose files refer to.
import t from 'tap';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../src/cli/main.js';
import { tempDir } from './helpers/temp.js';

async function run(argv: string[], cwd: string, env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env, cwd });
  return { code, stdout, stderr };
}

function write(dir: string, files: Record<string, string>): void {
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

t.test("a file the project's .env names through COMPOSE_FILE outside the root: refused at its line", async (t) => {
  // docker compose reads COMPOSE_FILE from the current directory's .env (cmd/compose toProjectOptions:
  // WithDotEnv before WithConfigFileEnv): it chose the files, and a file outside the project widened
  // the root to the common ancestor: its lines were quoted in schema errors, and the project's own
  // `env_file: <outside>` was then read and printed (attack21)
  const top = tempDir('cr-root-dotenv-cf-');
  const conf = join(top, 'home', '.config');
  write(top, {
    'home/.config/settings.yaml': 'internal_url: https://10.9.8.7/admin\nquota_note: keep-this-private\n',
    'home/.config/tool.yaml': 'x-anything: 1\n',
    'home/.config/app.env': 'DEBUG=outside-debug-value\n',
    'repo/compose.yaml': `services:\n  web:\n    image: nginx:1.27\n    env_file: ${join(conf, 'app.env')}\n`,
    'repo/compose.extra.yaml': 'services:\n  web:\n    read_only: true\n',
  });
  const repo = join(top, 'repo');
  const secret = /10\.9\.8\.7|keep-this-private|outside-debug-value/;
  for (const outside of ['settings.yaml', 'tool.yaml']) {
    // the key after `export ` on the second line: the place of the statement that set it
    writeFileSync(join(repo, '.env'), `# files\nexport COMPOSE_FILE=compose.yaml:${join(conf, outside)}\n`);
    for (const argv of [['config'], ['validate'], ['validate', '--format', 'json'], ['config', '--variables']]) {
      const r = await run(argv, repo);
      t.equal(r.code, 2, `${outside} ${argv.join(' ')}`);
      t.match(
        r.stderr,
        new RegExp(
          `^compose-review: ${escape(join(repo, '.env'))}:2:8: error file ${escape(join(conf, outside))} \\(COMPOSE_FILE\\) is outside the root \\(${escape(repo)}\\): not read; --root with a directory holding it reads it \\[path-outside-bundle\\]$`,
          'm',
        ),
        `${outside} ${argv.join(' ')}`,
      );
      t.notMatch(r.stdout + r.stderr, secret, `${outside} ${argv.join(' ')}: nothing of the files outside`);
    }
  }
  // an --env-file's COMPOSE_FILE is the file's text, not the user's word: refused the same way
  write(top, { 'ci.env': `COMPOSE_FILE=compose.yaml:${join(conf, 'tool.yaml')}\n` });
  const ci = await run(['config', '--env-file', join(top, 'ci.env')], repo);
  t.equal(ci.code, 2);
  t.match(ci.stderr, new RegExp(`${escape(join(top, 'ci.env'))}:1:1: error file .*tool\\.yaml \\(COMPOSE_FILE\\)`));
  t.notMatch(ci.stdout + ci.stderr, secret);
  // the files it names inside the project are read, as docker compose reads them
  writeFileSync(join(repo, '.env'), 'COMPOSE_FILE=compose.yaml:compose.extra.yaml\n');
  writeFileSync(join(repo, 'compose.yaml'), 'services:\n  web:\n    image: nginx:1.27\n');
  const inside = await run(['config', '--format', 'json'], repo);
  t.equal(inside.code, 0, inside.stderr);
  t.equal(JSON.parse(inside.stdout).services.web.read_only, true);
  // the user's own choices still reach outside: COMPOSE_FILE of the process environment, --root
  writeFileSync(join(repo, '.env'), `COMPOSE_FILE=compose.yaml:${join(conf, 'tool.yaml')}\n`);
  const processEnv = await run(['config'], repo, { COMPOSE_FILE: `compose.yaml:${join(conf, 'tool.yaml')}` });
  t.equal(processEnv.code, 0, processEnv.stderr);
  const rooted = await run(['config', '--root', top], repo);
  t.equal(rooted.code, 0, rooted.stderr);
  const narrow = await run(['config', '--root', '.'], repo);
  t.equal(narrow.code, 2);
  t.match(narrow.stderr, /\.env:1:1: error file .*tool\.yaml \(COMPOSE_FILE\) is outside the root/); // a monorepo's shared base file one level up (review25): the message names the way to read it
  write(top, {
    'mono/shared/base.yaml': 'services:\n  web:\n    image: nginx:1.27\n',
    'mono/app/compose.yaml': 'services:\n  web:\n    read_only: true\n',
  });
  const app = join(top, 'mono', 'app');
  writeFileSync(join(app, '.env'), 'COMPOSE_FILE=../shared/base.yaml:compose.yaml\n');
  const mono = await run(['config'], app);
  t.equal(mono.code, 2);
  t.match(
    mono.stderr,
    /base\.yaml \(COMPOSE_FILE\) is outside the root .*: not read; --root with a directory holding it reads it/,
  );
  const monoRooted = await run(['config', '--format', 'json', '--root', '..'], app);
  t.equal(monoRooted.code, 0, monoRooted.stderr);
  t.equal(JSON.parse(monoRooted.stdout).services.web.read_only, true);
});

t.test('an env file named outside the project is read, but widens no root for the Compose files', async (t) => {
  // --env-file (or COMPOSE_ENV_FILES) outside the project made the root the common ancestor of the
  // current directory and that file: the project's `env_file:` then read any file under it, with an
  // env file in /tmp the whole disk (`env_file: /proc/self/environ` printed the CI's environment)
  const top = tempDir('cr-root-envfile-');
  const repo = join(top, 'work', 'repo');
  write(top, {
    'home/.config/app.env': 'INTERNAL_ENDPOINT=https://10.1.2.3/private\n',
    'ci.env': 'TAG=1.27\n',
    'work/repo/inside.env': 'INSIDE=yes\n',
  });
  const outsideEnv = join(top, 'home', '.config', 'app.env');
  // the process's own environment (/proc/self/environ holds PATH): an env file in /dev/shm made the root /
  const secret = /10\.1\.2\.3|PATH=/;
  const cases: [string, string, string | undefined][] = [
    [join(top, 'ci.env'), outsideEnv, 'home/.config/app.env'],
    [join(top, 'ci.env'), '../../home/.config/app.env', 'home/.config/app.env'],
  ];
  const shm = existsSync('/dev/shm') ? mkdtempSync('/dev/shm/cr-root-envfile-') : undefined;
  if (shm) {
    t.teardown(() => rmSync(shm, { recursive: true, force: true }));
    writeFileSync(join(shm, 'ci.env'), 'TAG=1.27\n');
    cases.push([join(shm, 'ci.env'), '/proc/self/environ', 'proc/self/environ']);
    cases.push([join(shm, 'ci.env'), outsideEnv, outsideEnv.slice(1)]);
  }
  for (const [envFile, ref, shown] of cases) {
    write(repo, {
      'compose.yaml': `services:\n  web:\n    image: nginx:\${TAG}\n    env_file: [inside.env, ${ref}]\n`,
    });
    for (const [argv, env] of [
      [['config', '--env-file', envFile], {}],
      [['validate', '--format', 'json', '--env-file', envFile], {}],
      [['config'], { COMPOSE_ENV_FILES: envFile }],
      [['audit', '-f', 'compose.yaml', '--env-file', envFile, '--format', 'json'], {}],
    ] as const) {
      const r = await run([...argv], repo, env);
      const all = r.stdout + r.stderr;
      const what = `${envFile} ${ref} ${argv.join(' ')}`;
      t.not(r.code, 0, what);
      t.match(all, new RegExp(`env file ${escape(shown ?? ref)} is outside the root \\(${escape(repo)}\\)`), what);
      t.match(all, /path-outside-bundle/, what);
      t.notMatch(all, secret, `${what}: nothing of the file outside`);
    }
  }
  // the env file itself is read: its variables interpolate the project, and the project's own files load
  write(repo, { 'compose.yaml': 'services:\n  web:\n    image: nginx:${TAG}\n    env_file: [inside.env]\n' });
  const ok = await run(['config', '--format', 'json', '--env-file', join(top, 'ci.env')], repo);
  t.equal(ok.code, 0, ok.stderr);
  const web = JSON.parse(ok.stdout).services.web;
  t.equal(web.image, 'nginx:1.27');
  t.same(web.environment, { INSIDE: 'yes' });
  // a problem in it is placed in it, named from the common ancestor as before
  write(top, { 'ci.env': 'TAG=1.27\nnot a line\n' });
  const bad = await run(['config', '--env-file', join(top, 'ci.env')], repo);
  t.equal(bad.code, 2);
  t.match(bad.stderr, /^ci\.env:2:1: error .*\[dotenv-syntax\]/m);
  // --root above both: the user chose it, what the project names under it is read
  write(top, { 'ci.env': 'TAG=1.27\n' });
  write(repo, { 'compose.yaml': `services:\n  web:\n    image: nginx:\${TAG}\n    env_file: [${outsideEnv}]\n` });
  const rooted = await run(['config', '--root', top, '--env-file', join(top, 'ci.env')], repo);
  t.equal(rooted.code, 0, rooted.stderr);
  t.match(rooted.stdout, /INTERNAL_ENDPOINT/);
});
