// The CLI's root (src/cli/root.ts): what a project's files may read, and where places are named from.
import t from 'tap';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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

t.test(
  'a symbolic link leading outside the root is not read (the file it points at stays out of every output)',
  async (t) => {
    const outside = tempDir('cr-root-out-');
    write(outside, {
      'host.env': 'HOST_FILE_LINE=top secret line\n',
      'base.yaml': 'services:\n  x:\n    image: leaked:1\n',
    });
    const dir = tempDir('cr-root-');
    write(dir, {
      'compose.yaml': 'include: [inc.yaml]\nservices:\n  web:\n    image: nginx:1.27\n    env_file: [leak.env]\n',
      'compose.prod.yaml': 'services:\n  web:\n    env_file: [environ.env]\n',
      'inner.env': 'INNER=1\n',
    });
    symlinkSync(join(outside, 'host.env'), join(dir, 'leak.env'));
    symlinkSync('/proc/self/environ', join(dir, 'environ.env'));
    symlinkSync(join(outside, 'base.yaml'), join(dir, 'inc.yaml'));
    const env = { VISIBLE_CI_VALUE: 'shown-from-process-env' };
    for (const argv of [
      ['config', '-f', 'compose.yaml'],
      ['config', '-f', 'compose.yaml', '-f', 'compose.prod.yaml'],
      ['review', '.'],
      ['audit', '.'],
      ['audit', '--format', 'json'],
    ]) {
      const r = await run(argv, dir, env);
      const all = r.stdout + r.stderr;
      t.equal(r.code, 2, `${argv.join(' ')}: the environment does not load`);
      t.notMatch(
        all,
        /HOST_FILE_LINE|shown-from-process-env|leaked:1/,
        `${argv.join(' ')}: nothing of the files outside`,
      );
      // positioned where the project names it, said as a path outside the bundle
      t.match(all, /compose\.yaml:(1|5)\b/, argv.join(' '));
      t.match(all, /is a symbolic link that points outside the bundle/, argv.join(' '));
      t.match(all, /path-outside-bundle/, argv.join(' '));
    }
    // a link inside the root still reads
    symlinkSync(join(dir, 'inner.env'), join(dir, 'ok.env'));
    write(dir, { 'c2/compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    env_file: [../ok.env]\n' });
    const r = await run(['config', '-f', 'c2/compose.yaml'], dir);
    t.equal(r.code, 0, r.stderr);
    t.match(r.stdout, /INNER: "1"/);
  },
);

t.test('a listed project file that is a link leading outside is refused (exit 2), not read', async (t) => {
  const outside = tempDir('cr-root-out-');
  write(outside, { 'prod.yaml': 'services:\n  web:\n    image: leaked:1\n', 'x.env': 'LEAKED=1\n' });
  const dir = tempDir('cr-root-');
  write(dir, { 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n' });
  symlinkSync(join(outside, 'prod.yaml'), join(dir, 'compose.prod.yaml'));
  for (const argv of [['audit', '.'], ['review', '.'], ['audit']]) {
    const r = await run(argv, dir);
    t.equal(r.code, 2, argv.join(' '));
    t.match(r.stderr, /compose\.prod\.yaml is a symbolic link to .*prod\.yaml, outside/, argv.join(' '));
    t.notMatch(r.stdout + r.stderr, /leaked:1/);
  }
});

t.test('audit DIR names a place from the working directory on stderr as on stdout', async (t) => {
  const dir = tempDir('cr-root-');
  write(dir, { 'app/compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    env_file: [missing.env]\n' });
  const r = await run(['audit', 'app'], dir);
  t.equal(r.code, 2);
  t.match(r.stdout, /^app\/compose\.yaml:4:16: error env file missing\.env not found/m);
  t.match(r.stderr, /^app\/compose\.yaml:4:16: error env file missing\.env not found/m);
  t.notMatch(r.stderr, /^compose\.yaml:/m);
});

/** a repository with a project including `../../shared` */
function repository(): string {
  const top = tempDir('cr-root-repo-');
  write(top, {
    'services/shop/compose.yaml':
      'include: [../../shared/base.yaml]\nservices:\n  web:\n    image: nginx:1.27\n    env_file: ../../shared/common.env\n',
    'shared/base.yaml': 'services:\n  db:\n    image: postgres:16\n',
    'shared/common.env': 'SHARED_VALUE=1\n',
  });
  return top;
}

t.test('--root DIR: `../` includes and env files under it load from any directory, named from it', async (t) => {
  const top = repository();
  const shop = join(top, 'services', 'shop');
  const elsewhere = tempDir('cr-root-cwd-');
  for (const [cwd, argv] of [
    [shop, ['config', '--root', '../..']],
    [shop, ['validate', '--root', top]],
    [elsewhere, ['config', '--root', top, '-f', join(shop, 'compose.yaml')]],
    [shop, ['audit', '--root', '../..', '-f', 'compose.yaml', '--fail-on', 'none']],
    [top, ['config', '-f', 'services/shop/compose.yaml']],
  ] as const) {
    const r = await run([...argv], cwd);
    t.equal(r.code, 0, `${argv.join(' ')} from ${cwd}: ${r.stdout}${r.stderr}`);
    if (argv[0] === 'config') t.match(r.stdout, /postgres:16[\s\S]*SHARED_VALUE: "1"/, argv.join(' '));
  }
  // the places are named from the root
  write(top, { 'shared/common.env': 'not a variable line\n' });
  const r = await run(['config', '--root', '../..'], shop);
  t.equal(r.code, 2);
  t.match(r.stderr, /^services\/shop\/compose\.yaml:5:15: error shared\/common\.env: line 1/m);
});

t.test(
  'without --root the root is the current directory and the files named; --root refuses what is outside',
  async (t) => {
    const top = repository();
    const shop = join(top, 'services', 'shop');
    let r = await run(['config'], shop);
    t.equal(r.code, 2);
    t.match(
      r.stderr,
      /^compose\.yaml:1:11: error include path "\.\.\/\.\.\/shared\/base\.yaml" points outside the bundle/m,
    );
    r = await run(['config', '--root', '..'], shop);
    t.equal(r.code, 2, 'a root below the include');
    t.match(r.stderr, /points outside the bundle/);
    // a file named on the command line outside the --root is refused, not read
    r = await run(['config', '--root', 'services', '-f', 'shared/base.yaml'], top);
    t.equal(r.code, 2);
    t.match(r.stderr, /shared\/base\.yaml is outside the root .*services \(--root\): not read/);
    // a project directory is its own root unless --root holds it
    r = await run(['review', '.'], shop);
    t.equal(r.code, 2);
    t.match(r.stdout + r.stderr, /include path .*\.\.\/\.\.\/shared\/base\.yaml.* points outside the bundle/);
    r = await run(['review', '.', '--root', 'sub'], shop);
    t.equal(r.code, 2);
    t.match(r.stderr, /services\/shop is outside the root .*sub \(--root\): not read/);
  },
);

t.test('-f naming a link that leads outside the root: path-outside-bundle, not a missing file', async (t) => {
  // it said `file link.yaml is not part of the bundle [file-not-found]` of a file that is there (found
  // by a review); the env file's link already said path-outside-bundle
  const outside = tempDir('cr-root-out-f-');
  write(outside, { 'o.yaml': 'services:\n  a:\n    image: leaked:1\n' });
  const dir = tempDir('cr-root-f-');
  symlinkSync(join(outside, 'o.yaml'), join(dir, 'link.yaml'));
  const r = await run(['validate', '-f', 'link.yaml'], dir);
  t.equal(r.code, 1);
  t.match(
    r.stdout + r.stderr,
    /^link\.yaml:1:1: error file link\.yaml is a symbolic link that points outside the bundle \[path-outside-bundle\]/m,
  );
  t.notMatch(r.stdout + r.stderr, /leaked|file-not-found/);
  // through a directory link: placed at the file named (it was `<bundle>:1:1`), and said so (it
  // said the file was a link)
  symlinkSync(outside, join(dir, 'dirlink'));
  const d = await run(['validate', '-f', 'dirlink/o.yaml', '--format', 'json'], dir);
  t.equal(d.code, 1);
  t.match(JSON.parse(d.stdout).diagnostics, [
    {
      code: 'path-outside-bundle',
      message: 'file dirlink/o.yaml leads outside the bundle through a symbolic link to a directory in its path',
      file: 'dirlink/o.yaml',
      line: 1,
      column: 1,
    },
  ]);
});

t.test("the current directory's .env linking outside the root is refused, not read", async (t) => {
  // docker compose reads the current directory's .env before it finds the Compose files (its
  // variables interpolate the project, its COMPOSE_* variables choose the files): it was read
  // whatever its link led to (`.env -> /proc/self/environ`), past the root's realpath check
  const outside = tempDir('cr-root-out-env-');
  write(outside, { 'host.env': 'LEAK=top-secret-of-the-host\nCOMPOSE_PROJECT_NAME=fromhost\n' });
  const top = tempDir('cr-root-env-');
  write(top, { 'compose.yaml': 'services:\n  web:\n    image: "nginx:${LEAK:-none}"\n', 'sub/keep': '' });
  const sub = join(top, 'sub');
  symlinkSync(join(outside, 'host.env'), join(sub, '.env'));
  for (const [cwd, argv] of [
    [sub, ['config']],
    [sub, ['validate']],
    [sub, ['config', '--root', '..']],
  ] as const) {
    const r = await run([...argv], cwd);
    t.equal(r.code, 2, `${argv.join(' ')}: ${r.stdout}${r.stderr}`);
    t.match(r.stderr, /sub\/\.env is a symbolic link to .*host\.env, outside the root .*: not read/, argv.join(' '));
    t.notMatch(r.stdout + r.stderr, /top-secret|fromhost/, argv.join(' '));
  }
  symlinkSync('/proc/self/environ', join(top, '.env'));
  const r = await run(['config'], top);
  t.equal(r.code, 2);
  t.match(r.stderr, /\.env is a symbolic link to \/proc\/\d+\/environ, outside the root/);
  // a link inside the root is read: the current directory, else --root
  write(top, { 'vars.env': 'LEAK=inside\n' });
  rmSync(join(sub, '.env'));
  rmSync(join(top, '.env'));
  symlinkSync('../vars.env', join(sub, '.env'));
  let ok = await run(['config'], sub);
  t.equal(ok.code, 2, 'outside the current directory');
  t.match(ok.stderr, /sub\/\.env is a symbolic link to .*vars\.env, outside the root/);
  ok = await run(['config', '--root', '..'], sub);
  t.equal(ok.code, 0, ok.stderr);
  t.match(ok.stdout, /nginx:inside/);
});

t.test('audit DIR, diff and review --root R: `../` includes under R load, places named from R', async (t) => {
  // compose-go reads any path (loader/include.go); `audit services/shop` read the project directory
  // only, so the include of ../../shared pointed outside the bundle whatever the working directory
  const top = repository();
  const shop = join(top, 'services', 'shop');
  write(top, {
    'services/shop/compose.prod.yaml': 'services:\n  web:\n    privileged: true\n',
    'shared/base.yaml': 'services:\n  db:\n    image: postgres:16\n    privileged: true\n',
  });
  let r = await run(['audit', 'services/shop', '--root', '.', '--format', 'json'], top);
  t.equal(r.code, 1, r.stderr);
  const files = (json: { findings: { file: string }[] }) => [...new Set(json.findings.map((f) => f.file))].sort();
  t.same(files(JSON.parse(r.stdout)), [
    'services/shop/compose.prod.yaml',
    'services/shop/compose.yaml',
    'shared/base.yaml',
  ]);
  // audit DIR names places from the working directory, whatever the root
  r = await run(['audit', '.', '--root', '../..', '--format', 'json'], shop);
  t.equal(r.code, 1, r.stderr);
  t.same(files(JSON.parse(r.stdout)), ['../../shared/base.yaml', 'compose.prod.yaml', 'compose.yaml']);
  // review and diff name them from the root
  r = await run(['review', 'services/shop', '--root', '.', '--format', 'json'], top);
  t.equal(r.code, 1, r.stderr);
  const review = JSON.parse(r.stdout);
  t.same(Object.keys(review.environments).sort(), ['development', 'production']);
  t.same(review.environments.production.files, ['services/shop/compose.yaml', 'services/shop/compose.prod.yaml']);
  t.ok(
    review.findings.some(
      (f: { file: string; rule: string }) => f.file === 'shared/base.yaml' && f.rule === 'privileged',
    ),
  );
  r = await run(['diff', '.', '--root', '../..', '--format', 'json'], shop);
  t.equal(r.code, 0, r.stderr);
  t.match(r.stdout, /privileged/);
});

t.test('review --root: a baseline names files from the project directory; --base-dir gets the same root', async (t) => {
  const top = repository();
  const shop = join(top, 'services', 'shop');
  write(top, { 'services/shop/more.yaml': '' });
  // a baseline written in the project directory, its own root (no file above it read)
  write(top, { 'services/shop/compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n' });
  let r = await run(['review', '.', '--write-baseline', 'b.json'], shop);
  t.equal(r.code, 1, r.stderr);
  // the same project, now including ../../shared, reviewed from the repository's root: what the
  // baseline knew is still known (named from the project directory), the shared file's finding new
  write(top, {
    'services/shop/compose.yaml':
      'include: [../../shared/base.yaml]\nservices:\n  web:\n    image: nginx:1.27\n    privileged: true\n',
    'shared/base.yaml': 'services:\n  db:\n    image: postgres:16\n    privileged: true\n',
  });
  r = await run(
    ['review', 'services/shop', '--root', '.', '--baseline', 'services/shop/b.json', '--format', 'json'],
    top,
  );
  t.equal(r.code, 1, r.stderr);
  const active = JSON.parse(r.stdout).findings.filter((f: { suppressed?: object }) => !f.suppressed);
  t.ok(active.length > 0);
  t.same(
    active.filter((f: { file: string }) => f.file !== 'shared/base.yaml'),
    [],
    "every finding of the project's own file known from the baseline",
  );
  r = await run(['review', 'services/shop', '--root', '.', '--write-baseline', 'all.json'], top);
  t.match(readFileSync(join(top, 'all.json'), 'utf8'), /"file":"\.\.\/\.\.\/shared\/base\.yaml"/);
  t.match(readFileSync(join(top, 'all.json'), 'utf8'), /"file":"compose\.yaml"/);
  // --base-dir: the base's root is as far above it as the root is above the project
  const old = tempDir('cr-root-base-');
  write(old, {
    'services/shop/compose.yaml': 'include: [../../shared/base.yaml]\nservices:\n  web:\n    image: nginx:1.27\n',
    'shared/base.yaml': 'services:\n  db:\n    image: postgres:16\n    privileged: true\n',
  });
  r = await run(
    ['review', 'services/shop', '--root', '.', '--base-dir', join(old, 'services/shop'), '--format', 'json'],
    top,
  );
  t.equal(r.code, 1, r.stderr);
  const change = JSON.parse(r.stdout);
  t.same(
    change.newFindings.map((f: { file: string; rule: string }) => `${f.file} ${f.rule}`),
    ['services/shop/compose.yaml privileged'],
    "the shared file's finding is the base's too: not new",
  );
});

t.test(
  'the policy is the nearest one: the project directory, then each directory above it up to the root',
  async (t) => {
    // as eslint (flat config) and hadolint find their configuration: the nearest file wins, none is
    // merged; a policy at the repository's root applies to every project under it that has none
    // (the root's policy was not read: `audit services/shop --root .` ignored it)
    const top = repository();
    write(top, {
      '.compose-review.yaml': 'rules:\n  privileged: off\n',
      'services/shop/compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n',
    });
    const rules = async (argv: string[], cwd = top) => {
      const r = await run([...argv, '--format', 'json', '--fail-on', 'none'], cwd);
      t.equal(r.code, 0, `${argv.join(' ')}: ${r.stderr}`);
      const audit = JSON.parse(r.stdout);
      return (audit.findings ?? []).map((f: { rule: string }) => f.rule).filter((x: string) => x === 'privileged');
    };
    t.same(await rules(['audit', 'services/shop', '--root', '.']), [], 'the root policy is read under --root');
    t.same(
      await rules(['audit', '-f', 'services/shop/compose.yaml']),
      [],
      'and from -f (the root: the current directory)',
    );
    t.same(await rules(['review', 'services/shop', '--root', '.']), [], 'and by review');
    // without --root the project directory is the root: nothing above it is read
    t.same(await rules(['audit', 'services/shop']), ['privileged'], 'not above the root');
    // a directory between: nearer than the root's
    write(top, { 'services/.compose-review.yml': 'rules:\n  privileged: warning\n' });
    const r = await run(['audit', 'services/shop', '--root', '.', '--format', 'json', '--fail-on', 'none'], top);
    t.same(
      JSON.parse(r.stdout)
        .findings.filter((f: { rule: string }) => f.rule === 'privileged')
        .map((f: { severity: string }) => f.severity),
      ['warning'],
      'the nearer one, not merged',
    );
    // one above linking outside the root is refused, as the project's own is, not passed over
    const outside = tempDir('cr-root-policy-out-');
    write(outside, { 'p.yaml': 'rules: {}\n' });
    symlinkSync(join(outside, 'p.yaml'), join(top, 'services', '.compose-review.yaml'));
    const linked = await run(['audit', 'services/shop', '--root', '.', '--format', 'json'], top);
    t.equal(linked.code, 2);
    t.match(
      linked.stderr,
      /services\/\.compose-review\.yaml is a symbolic link to .*p\.yaml, outside the root .*: not read/,
    );
    // and with -f (review23: passed over, the root's policy read instead)
    const linkedF = await run(['audit', '-f', 'services/shop/compose.yaml', '--root', '.', '--format', 'json'], top);
    t.equal(linkedF.code, 2);
    t.match(
      linkedF.stderr,
      /services\/\.compose-review\.yaml is a symbolic link to .*p\.yaml, outside the root .*: not read/,
    );
    rmSync(join(top, 'services', '.compose-review.yaml'));
    // the project's own is the nearest of all
    write(top, { 'services/shop/.compose-review.yaml': 'rules:\n  privileged: error\n' });
    const own = await run(['audit', 'services/shop', '--root', '.', '--format', 'json', '--fail-on', 'none'], top);
    t.same(
      JSON.parse(own.stdout)
        .findings.filter((f: { rule: string }) => f.rule === 'privileged')
        .map((f: { severity: string }) => f.severity),
      ['error'],
      'its own',
    );
  },
);

t.test('-f without --root: no policy above both the project and the current directory is read', async (t) => {
  // the root of a -f run is widened to the common ancestor of the current directory and the files
  // (run from $HOME on /tmp/x/proj/compose.yaml, it is /): no directory the user chose, so a policy
  // between it and the project (a planted /tmp/.compose-review.yaml) is not read (review23: its
  // `ignore` suppressed a privileged error, exit 1 -> 0); from a directory above the project, the
  // walk stops there; with --root, at the root
  const top = tempDir('cr-root-widened-');
  write(top, {
    'shared/proj/compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n',
    'shared/.compose-review.yaml': 'ignore:\n  - rule: privileged\n    reason: planted by someone else\n',
    'home/.keep': '',
  });
  const file = join(top, 'shared', 'proj', 'compose.yaml');
  const suppressed = async (argv: string[], cwd: string) => {
    const r = await run([...argv, '--format', 'json', '--fail-on', 'none'], cwd);
    t.equal(r.code, 0, `${argv.join(' ')}: ${r.stderr}`);
    return JSON.parse(r.stdout).findings.filter((f: { rule: string }) => f.rule === 'privileged').length === 0;
  };
  t.equal(await suppressed(['audit', '-f', file], join(top, 'home')), false, 'from another directory: not read');
  t.equal(await suppressed(['audit', '-f', file], join(top, 'shared', 'proj')), false, 'from the project: not read');
  t.equal(await suppressed(['audit', '-f', file], join(top, 'shared')), true, 'from the directory holding it: read');
  t.equal(await suppressed(['audit', '-f', file, '--root', top], join(top, 'home')), true, 'under --root: read');
});

t.test('audit -f names files from the current directory, the project the first file\'s directory', async (t) => {
  // docker compose reads -f from the current directory and names the project after the first file's
  // directory (compose-go cli/options.go GetWorkingDir); audit looked up a parent holding a Compose
  // file first (`-f x.yaml` read the parent's x.yaml) and named the project after the current
  // directory: run from /, an empty name, a project-name-empty error (review23)
  const top = tempDir('cr-root-fcwd-');
  write(top, {
    'compose.yaml': 'services:\n  parent:\n    image: nginx:1.27\n',
    'sub/x.yaml': 'services:\n  child:\n    image: nginx:1.27\n',
  });
  const services = async (argv: string[], cwd: string) => {
    const r = await run([...argv, '--format', 'json', '--fail-on', 'none'], cwd);
    t.equal(r.code, 0, `${argv.join(' ')} from ${cwd}: ${r.stderr}`);
    const audit = JSON.parse(r.stdout);
    t.notMatch(r.stdout, /project-name-empty/, `${argv.join(' ')} from ${cwd}: a project name`);
    const of = (f: { path?: string }) => /^services\.([^.]+)/.exec(f.path ?? '')?.[1] ?? [];
    return [...new Set((audit.findings ?? []).flatMap(of))];
  };
  t.same(await services(['audit', '-f', 'x.yaml'], join(top, 'sub')), ['child'], 'the current directory\'s x.yaml');
  t.same(await services(['audit', '-f', join(top, 'sub', 'x.yaml')], '/'), ['child'], 'run from /');
});

t.test('absolute env_file, include and extends paths: read under the root, refused outside it', async (t) => {
  // compose-go reads an absolute path as it is (loader/include.go, types/project.go env files): the
  // CLI said "not found in the bundle" of a file that is there, under the root
  const top = tempDir('cr-root-abs-');
  const outside = tempDir('cr-root-abs-out-');
  write(outside, { 'creds.env': 'OUTSIDE_VALUE=from-outside\n', 'o.yaml': 'services:\n  o:\n    image: leaked:1\n' });
  write(top, {
    'shared/common.env': 'SHARED=from-shared\n',
    'shared/base.yaml': 'services:\n  db:\n    image: postgres:16\n',
    'shared/ext.yaml': 'services:\n  base:\n    image: nginx:1.27\n    read_only: true\n',
    'app/compose.yaml':
      `include: [${join(top, 'shared/base.yaml')}]\n` +
      'services:\n  web:\n' +
      `    extends: { file: ${join(top, 'shared/ext.yaml')}, service: base }\n` +
      `    env_file: [${join(top, 'app/../shared/common.env')}]\n`,
  });
  const app = join(top, 'app');
  for (const [cwd, argv] of [
    [top, ['config', '-f', 'app/compose.yaml']],
    [app, ['config', '--root', '..']],
    [top, ['audit', 'app', '--root', '.', '--format', 'json', '--fail-on', 'none']],
  ] as const) {
    const r = await run([...argv], cwd);
    t.equal(r.code, 0, `${argv.join(' ')}: ${r.stderr}`);
    if (argv[0] === 'config')
      t.match(r.stdout, /postgres:16[\s\S]*SHARED: from-shared[\s\S]*read_only: true/, argv.join(' '));
  }
  // the places in a file named by its absolute path are named from the root
  write(top, { 'shared/common.env': 'not a variable line\n' });
  let r = await run(['config', '-f', 'app/compose.yaml'], top);
  t.equal(r.code, 2);
  t.match(r.stderr, /^app\/compose\.yaml:5:16: error shared\/common\.env: line 1/m);
  // outside the root: path-outside-bundle where the path is written, nothing of the file read
  for (const [line, text, col, what] of [
    [4, `    env_file: [${join(outside, 'creds.env')}]\n`, 16, 'env file'],
    [4, `    extends: { file: ${join(outside, 'o.yaml')}, service: o }\n`, 22, 'extends.file'],
    [1, `include: [${join(outside, 'o.yaml')}]\nservices:\n  web:\n    image: nginx:1.27\n`, 11, 'include path'],
  ] as const) {
    const compose = text.startsWith('include') ? text : `services:\n  web:\n    image: nginx:1.27\n${text}`;
    write(top, { 'app/compose.yaml': compose });
    r = await run(['config', '-f', 'app/compose.yaml'], top);
    t.equal(r.code, 2, what);
    t.match(
      r.stderr,
      new RegExp(
        `^app/compose\\.yaml:${line}:${col}: error ${what} ${outside}/\\S+ is outside the root \\(${top}\\): not read \\[path-outside-bundle\\]`,
        'm',
      ),
      what,
    );
    t.notMatch(r.stdout + r.stderr, /from-outside|leaked:1/, what);
  }
});

t.test('an absolute include project_directory: read under the root, refused outside it', async (t) => {
  // compose-go loader/include.go ApplyInclude: a relative project_directory is joined to the working
  // directory, an absolute one kept as it is; the entry's files resolve their paths from it and its
  // `.env` is read there (`filepath.Join(r.ProjectDirectory, ".env")`)
  const top = tempDir('cr-root-pd-');
  const outside = tempDir('cr-root-pd-out-');
  write(outside, { '.env': 'PGV=leaked\n', 'db.env': 'OUTSIDE_VALUE=from-outside\n' });
  write(top, {
    'shared/base.yaml': 'services:\n  db:\n    image: postgres:${PGV}\n    env_file: [./db.env]\n',
    'shared/proj/.env': 'PGV=16\n',
    'shared/proj/db.env': 'FROM_PROJECT_DIRECTORY=yes\n',
  });
  const compose = (dir: string) =>
    `include:\n  - path: ../shared/base.yaml\n    project_directory: ${dir}\nservices:\n  web:\n    image: nginx:1.27\n`;
  write(top, { 'app/compose.yaml': compose(join(top, 'shared/proj')) });
  for (const [cwd, argv] of [
    [top, ['config', '-f', 'app/compose.yaml']],
    [join(top, 'app'), ['config', '--root', '..']],
  ] as const) {
    const r = await run([...argv], cwd);
    t.equal(r.code, 0, `${argv.join(' ')}: ${r.stderr}`);
    t.match(r.stdout, /FROM_PROJECT_DIRECTORY: "?yes"?[\s\S]*image: postgres:16/, argv.join(' '));
  }
  // the same directory written relative to the working directory loads the same model
  const abs = await run(['config', '-f', 'app/compose.yaml', '--format', 'json'], top);
  write(top, { 'app/compose.yaml': compose('../shared/proj') });
  const rel = await run(['config', '-f', 'app/compose.yaml', '--format', 'json'], top);
  t.equal(rel.code, 0, rel.stderr);
  t.same(JSON.parse(abs.stdout), JSON.parse(rel.stdout));
  // outside the root: path-outside-bundle where it is written, nothing there read
  write(top, { 'app/compose.yaml': compose(outside) });
  const r = await run(['config', '-f', 'app/compose.yaml'], top);
  t.equal(r.code, 2);
  t.match(
    r.stderr,
    new RegExp(
      `^app/compose\\.yaml:2:5: error project_directory ${outside} is outside the root \\(${top}\\): not read \\[path-outside-bundle\\]`,
      'm',
    ),
  );
  t.notMatch(r.stdout + r.stderr, /from-outside|leaked/);
});

t.test('--root R -f LINK/c.yaml: a file named through a link to the root loads, as Compose reads it', async (t) => {
  // compose-go reads any path (cli/options.go GetWorkingDir: filepath.Abs of the first file, no link
  // resolved; relative references filepath.Join'ed to it, paths/unix.go maybeUnixPath); the root's
  // check took the path as written and refused it
  const top = tempDir('cr-root-link-');
  write(top, {
    'real/c.yaml': 'services:\n  web:\n    image: nginx:1.27\n    env_file: [./e.env]\n',
    'real/e.env': 'A=1\n',
    'real/up.yaml': 'services:\n  web:\n    image: nginx:1.27\n    env_file: [../out.env]\n',
    'out.env': 'LEAKED=1\n',
  });
  symlinkSync(join(top, 'real'), join(top, 'reallink'));
  const r = await run(['config', '--root', 'real', '-f', 'reallink/c.yaml', '--env-file', 'reallink/e.env'], top);
  t.equal(r.code, 0, r.stderr);
  // the project is named from the directory as written, as compose-go names it
  t.match(r.stdout, /^name: reallink\n[^]*A: "1"/);
  // named from the root
  const v = await run(['validate', '--root', 'real', '-f', 'reallink/c.yaml', '--format', 'json'], top);
  t.equal(v.code, 0, v.stderr);
  // `../` out of the link's directory leaves the root, as the path as written does
  const up = await run(['validate', '--root', 'real', '-f', 'reallink/up.yaml', '--format', 'json'], top);
  const direct = await run(['validate', '--root', 'real', '-f', 'real/up.yaml', '--format', 'json'], top);
  t.match(JSON.parse(up.stdout).diagnostics, [{ code: 'env-file-missing', file: 'up.yaml', line: 4 }]);
  t.same(JSON.parse(up.stdout).diagnostics, JSON.parse(direct.stdout).diagnostics);
  t.notMatch(up.stdout, /LEAKED/);
  // a project directory named through the link (audit, review): read under the root, its files
  // named as the command line spells them
  write(top, {
    'real/shop/compose.yaml': 'include: [../shared/base.yaml]\nservices:\n  web:\n    image: nginx:1.27\n',
    'real/shared/base.yaml': 'services:\n  db:\n    image: postgres:16\n    privileged: true\n',
  });
  const a = await run(['audit', 'reallink/shop', '--root', 'real', '--format', 'json', '--fail-on', 'none'], top);
  t.equal(a.code, 0, a.stderr);
  t.same(
    JSON.parse(a.stdout)
      .findings.filter((f: { rule: string }) => f.rule === 'privileged')
      .map((f: { file: string }) => f.file),
    ['reallink/shared/base.yaml'],
  );
  const rv = await run(['review', 'reallink/shop', '--root', 'real', '--format', 'json', '--fail-on', 'none'], top);
  t.equal(rv.code, 0, rv.stderr);
  t.match(JSON.parse(rv.stdout).environments, { default: { loaded: true } });
  // a link to a directory inside the root, not the root: `../` from it would be another directory
  // than Compose's, so it is still refused
  symlinkSync(join(top, 'real', 'sub'), join(top, 'sublink'));
  write(top, { 'real/sub/c.yaml': 'services:\n  web:\n    image: nginx:1.27\n' });
  const sub = await run(['config', '--root', 'real', '-f', 'sublink/c.yaml'], top);
  t.equal(sub.code, 2);
  t.match(sub.stderr, /sublink\/c\.yaml is outside the root .*real \(--root\): not read/);
});
