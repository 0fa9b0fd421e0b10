// The conventions users of hadolint, actionlint and docker compose rely on: --version, per-command
// help, the exit codes (0 / 1 / 2 usage or load / 3 fatal), --quiet, colour (--color, --no-color,
// NO_COLOR, FORCE_COLOR, a terminal), several outputs of one run (--format F=FILE), `-f -`, a quiet
// end under `| head` (the real executable), both policy file spellings, and `audit` finding its
// project in a parent directory like `validate`.
import t from 'tap';
import { tempDir } from './helpers/temp.js';
import { spawn } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main } from '../src/cli/main.js';
import { COMMANDS } from '../src/cli/usage.js';
import { FIXTURES } from './helpers/fixtures.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
const ANSI = /\u001b\[/;

async function run(
  argv: string[],
  cwd: string,
  env: Record<string, string> = {},
  opts: { isTTY?: boolean; stdin?: string } = {},
) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    env,
    cwd,
    ...(opts.isTTY !== undefined ? { isTTY: opts.isTTY } : {}),
    ...(opts.stdin !== undefined ? { stdin: Readable.from([opts.stdin]) } : {}),
  });
  return { code, stdout, stderr };
}

function seedCopy(): string {
  const dir = tempDir('cr-conv-');
  cpSync(join(FIXTURES, 'seed'), dir, { recursive: true });
  return dir;
}

const seed = join(FIXTURES, 'seed');

t.test('--version, -v and version print the package.json version', async (t) => {
  for (const arg of ['--version', '-v', 'version']) {
    const r = await run([arg], seed);
    t.equal(r.code, 0);
    t.equal(r.stdout, `compose-review ${pkg.version}\n`, arg);
  }
});

t.test('each command has its own help; the overview lists them', async (t) => {
  const overview = await run(['--help'], seed);
  t.equal(overview.code, 0);
  for (const c of COMMANDS) {
    t.match(overview.stdout, new RegExp(`^  ${c} `, 'm'), `the overview lists ${c}`);
    for (const argv of [
      [c, '--help'],
      [c, '-h'],
      ['help', c],
    ]) {
      const r = await run(argv, seed);
      t.equal(r.code, 0, argv.join(' '));
      t.match(r.stdout, new RegExp(`^Usage: compose-review ${c}`), `${argv.join(' ')}: the ${c} page`);
    }
  }
  t.match((await run(['audit', '--help'], seed)).stdout, /--fail-on LEVEL/);
  t.notMatch((await run(['validate', '--help'], seed)).stdout, /--fail-on LEVEL/, 'a page lists its own options');
  t.match(
    (await run(['audit', '--help'], seed)).stdout,
    /json\|text\|markdown\|sarif\|github\|gitlab\|junit\|checkstyle\|rdjson/,
    'with its formats',
  );
  const none = await run([], seed);
  t.equal(none.code, 2, 'no command: usage error');
  t.match(none.stderr, /^Usage: compose-review <command>/);
});

t.test('exit codes: 0 clean, 1 problems, 2 usage or load, 3 fatal', async (t) => {
  t.equal((await run(['validate'], seed)).code, 0, 'valid files');
  t.equal((await run(['audit'], seed)).code, 1, 'findings at --fail-on error');
  t.equal((await run(['audit', '--fail-on', 'none'], seed)).code, 0, '--fail-on none');
  const usage: string[][] = [
    ['audit', '--bogus'],
    ['frobnicate'],
    ['audit', '--format', 'xml'],
    ['audit', '--fail-on', 'fatal'],
    ['audit', '--color', '--no-color'],
    ['validate', '-f', 'nope.yml'],
    ['audit', '--format', 'text', '--format', 'json'],
    ['serve', '--port', '1'],
  ];
  for (const argv of usage) {
    const r = await run(argv, seed);
    t.equal(r.code, 2, `${argv.join(' ')}: usage error`);
    t.match(r.stderr, /^compose-review: /, `${argv.join(' ')}: says why`);
  }
  t.match((await run(['audit', '--bogus'], seed)).stderr, /compose-review audit --help/, 'and where to look');
  // an environment that cannot be loaded: a load error, like a usage error
  const broken = tempDir('cr-conv-broken-');
  writeFileSync(join(broken, 'compose.yaml'), 'services:\n  web:\n    image: nginx\n  db: [\n');
  for (const cmd of ['audit', 'config']) {
    const r = await run([cmd], broken);
    t.equal(r.code, 2, `${cmd} of a project that does not load`);
    t.match(r.stderr, /compose\.yaml:\d+:\d+: error/, `${cmd}: the load error, positioned`);
  }
  t.equal((await run(['validate'], broken)).code, 1, 'validate reports the same as a problem of the files');
  const unwritable = await run(['audit', '--format', `sarif=${join(broken, 'no', 'such', 'dir', 'x.sarif')}`], seed);
  t.equal(unwritable.code, 3, 'an output that cannot be written');
  t.match(unwritable.stderr, /cannot write .*x\.sarif/);
});

t.test('--quiet: nothing on a run that passes, no warnings; problems still printed', async (t) => {
  const ok = await run(['validate', '-q'], seed);
  t.equal(ok.code, 0);
  t.equal(ok.stdout + ok.stderr, '', 'a passing validate prints nothing');
  const passing = await run(['audit', '--quiet', '--fail-on', 'none'], seed);
  t.equal(passing.stdout + passing.stderr, '', 'a passing audit prints nothing');
  const failing = await run(['audit', '--quiet'], seed);
  t.equal(failing.code, 1);
  t.match(failing.stdout, /\[[a-z-]+\]/, 'findings are printed when the run fails');
  // docker compose's warnings (two default names) are not printed
  const dir = seedCopy();
  writeFileSync(join(dir, 'docker-compose.yaml'), 'services: {}\n');
  t.match((await run(['validate'], dir)).stderr, /warning: Found multiple config files/);
  t.equal((await run(['validate', '--quiet'], dir)).stderr, '', 'no warning with --quiet');
  const json = await run(['audit', '--quiet', '--fail-on', 'none', '--format', 'json'], seed);
  t.ok(JSON.parse(json.stdout).findings.length > 0, 'a data format asked for is still printed');
});

t.test('colour: on a terminal, by FORCE_COLOR or --color; never with NO_COLOR, --no-color or in a pipe', async (t) => {
  const text = (env: Record<string, string>, isTTY: boolean, ...flags: string[]) =>
    run(['audit', ...flags], seed, env, { isTTY }).then((r) => r.stdout);
  const plain = await text({}, false);
  t.notMatch(plain, ANSI, 'a pipe: plain');
  const tty = await text({}, true);
  t.match(tty, ANSI, 'a terminal: coloured');
  t.equal(tty.replace(/\u001b\[[0-9;]*m/g, ''), plain, 'the colours are all that differs');
  t.match(tty, /\u001b\[1;31merror\u001b\[0m/, 'errors in red');
  t.notMatch(await text({ NO_COLOR: '1' }, true), ANSI, 'NO_COLOR');
  t.match(await text({ NO_COLOR: '' }, true), ANSI, 'NO_COLOR empty counts as unset');
  t.notMatch(await text({ TERM: 'dumb' }, true), ANSI, 'TERM=dumb');
  t.match(await text({ FORCE_COLOR: '1' }, false), ANSI, 'FORCE_COLOR=1 in a pipe');
  t.notMatch(await text({ FORCE_COLOR: '0' }, true), ANSI, 'FORCE_COLOR=0 on a terminal');
  t.match(await text({ NO_COLOR: '1' }, false, '--color'), ANSI, '--color wins over NO_COLOR');
  t.notMatch(await text({ FORCE_COLOR: '1' }, true, '--no-color'), ANSI, '--no-color wins over FORCE_COLOR');
  const json = await run(['audit', '--format', 'json', '--color'], seed, {}, { isTTY: true });
  t.notMatch(json.stdout, ANSI, 'only the text format is coloured');
  JSON.parse(json.stdout);
  t.match((await run(['validate', '--color'], seed)).stdout, /\u001b\[1m2 files checked/, 'validate too');
});

t.test('several outputs of one run: --format F=FILE, at most one on standard output', async (t) => {
  const dir = seedCopy();
  const r = await run(
    ['audit', '--format', 'sarif=out/../report.sarif', '--format', 'json=report.json', '--format', 'text'],
    dir,
  );
  t.equal(r.code, 1);
  t.match(r.stdout, /\d+ errors?, \d+ warnings?/, 'text on standard output');
  const alone = await run(['audit', '--format', 'sarif'], dir);
  t.equal(
    readFileSync(join(dir, 'report.sarif'), 'utf8'),
    alone.stdout,
    'the SARIF file is what --format sarif prints',
  );
  const json = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
  t.equal(json.findings.length, JSON.parse((await run(['audit', '--format', 'json'], dir)).stdout).findings.length);
  t.equal(
    (await run(['audit', '--format', 'sarif=report.sarif', '--format', 'json=report.json'], dir)).stdout,
    '',
    'nothing asked for on standard output, nothing printed',
  );
  t.equal(
    (await run(['audit', '--format', 'json=-'], dir)).stdout,
    (await run(['audit', '--format', 'json'], dir)).stdout,
  );
  const same = await run(['audit', '--format', 'sarif=a.json', '--format', 'json=./a.json'], dir);
  t.equal(same.code, 2, 'two outputs to one file');
  // an input of the run is never overwritten without --force, and nothing else is written then
  const before = readFileSync(join(dir, 'docker-compose.yml'), 'utf8');
  const over = await run(['audit', '--format', 'sarif=docker-compose.yml'], dir);
  t.equal(over.code, 2);
  t.match(over.stderr, /docker-compose\.yml: it is an input of this run/);
  t.equal(readFileSync(join(dir, 'docker-compose.yml'), 'utf8'), before, 'the Compose file is unchanged');
  t.equal((await run(['audit', '--format', 'sarif=docker-compose.yml', '--force'], dir)).code, 1, '--force');
  const fresh = seedCopy();
  mkdirSync(join(fresh, 'adir'));
  t.equal((await run(['audit', '--format', 'json=adir'], fresh)).code, 2, 'a directory is no output');
  // validate, diff and review take several outputs too
  const dv = seedCopy();
  const v = await run(['validate', '--format', 'json=v.json', '--format', 'text'], dv);
  t.equal(v.code, 0);
  t.equal(JSON.parse(readFileSync(join(dv, 'v.json'), 'utf8')).valid, true);
  t.match(v.stdout, /2 files checked/);
  const d = await run(['diff', '--format', 'markdown=diff.md', '--format', 'json'], dv);
  t.equal(d.code, 0);
  t.ok(JSON.parse(d.stdout).entries.length > 0);
  t.match(readFileSync(join(dv, 'diff.md'), 'utf8'), /\|/);
  const rv = await run(['review', '--format', 'sarif=r.sarif', '--format', 'json'], dv);
  t.equal(JSON.parse(readFileSync(join(dv, 'r.sarif'), 'utf8')).version, '2.1.0');
  t.equal(JSON.parse(rv.stdout).verdict.status, rv.code === 0 ? 'pass' : 'fail');
});

t.test('-f - reads standard input for audit too', async (t) => {
  const dir = tempDir('cr-conv-stdin-');
  const compose = 'services:\n  web:\n    image: nginx:latest\n    privileged: true\n';
  const r = await run(['audit', '-f', '-', '--format', 'json'], dir, {}, { stdin: compose });
  t.equal(r.code, 1, r.stderr);
  const findings = JSON.parse(r.stdout).findings as { rule: string; file: string; line: number }[];
  t.ok(
    findings.some((f) => f.rule === 'privileged' && f.file === '-' && f.line === 4),
    'the finding points at line 4 of standard input',
  );
});

t.test('audit, diff and review find the project in a parent directory, as validate does', async (t) => {
  const dir = seedCopy();
  const sub = join(dir, 'deep', 'er');
  mkdirSync(sub, { recursive: true });
  for (const cmd of [
    ['audit', '--format', 'json'],
    ['diff', '--format', 'json'],
    ['review', '--format', 'json'],
  ]) {
    const here = await run(cmd, dir);
    const below = await run(cmd, sub);
    t.equal(below.code, here.code, `${cmd[0]}: same exit code`);
    t.equal(below.stdout, here.stdout, `${cmd[0]}: the same answer from a subdirectory`);
  }
  const none = await run(['audit'], tempDir('cr-conv-none-'));
  t.equal(none.code, 2);
  t.match(none.stderr, /not found .* and its parent directories/);
});

t.test('.compose-review.yml is read; beside .compose-review.yaml the .yaml wins, with a warning', async (t) => {
  const dir = seedCopy();
  const rules = (r: { stdout: string }) =>
    new Set((JSON.parse(r.stdout).findings as { rule: string }[]).map((f) => f.rule));
  t.ok(rules(await run(['audit', '--format', 'json'], dir)).has('port-all-interfaces'));
  writeFileSync(join(dir, '.compose-review.yml'), 'rules:\n  port-all-interfaces: off\n');
  const yml = await run(['audit', '--format', 'json'], dir);
  t.notOk(rules(yml).has('port-all-interfaces'), '.compose-review.yml alone is the policy');
  writeFileSync(join(dir, '.compose-review.yaml'), 'rules:\n  image-unpinned: off\n');
  const both = await run(['audit', '--format', 'json'], dir);
  t.ok(rules(both).has('port-all-interfaces'), 'the .yml one is not read');
  t.notOk(rules(both).has('image-unpinned'), 'the .yaml one is');
  t.match(JSON.parse(both.stdout).diagnostics, [
    { code: 'policy-file-ignored', severity: 'warning', file: '.compose-review.yml', line: 1 },
  ]);
  t.match((await run(['audit'], dir)).stdout, /\.compose-review\.yml:1:1: warning .*\[policy-file-ignored\]/);
});

t.test('| head: the executable ends quietly, by SIGPIPE like cat or actionlint', async (t) => {
  const dir = tempDir('cr-conv-pipe-');
  // enough findings to fill a pipe's buffer many times over
  let compose = 'services:\n';
  for (let i = 0; i < 400; i++)
    compose += `  s${i}:\n    image: nginx:latest\n    privileged: true\n    ports: ["${1000 + i}:80"]\n`;
  writeFileSync(join(dir, 'compose.yaml'), compose);
  const child = spawn(process.execPath, ['--', join(ROOT, 'bin', 'compose-review.js'), 'audit'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c) => (stderr += c));
  // read one chunk, then go away as `head` does
  child.stdout.once('data', () => child.stdout.destroy());
  const [code, signal] = await new Promise<[number | null, string | null]>((resolve) =>
    child.on('close', (c, s) => resolve([c, s])),
  );
  t.equal(signal, 'SIGPIPE', `ended by SIGPIPE (exit ${code})`);
  t.equal(stderr, '', 'no stack trace, nothing on stderr');
});

t.test('an output it cannot write (> /dev/full) is said on stderr, exit 3, without a stack trace', async (t) => {
  if (!existsSync('/dev/full')) return t.skip('no /dev/full here');
  const dir = tempDir('cr-conv-full-');
  writeFileSync(join(dir, 'compose.yaml'), 'services:\n  web:\n    image: nginx:1.27\n');
  // a command, and what is answered before any command runs (--help, --version)
  for (const argv of [['audit'], ['--version'], ['help', 'audit']]) {
    const full = openSync('/dev/full', 'w');
    const child = spawn(process.execPath, ['--', join(ROOT, 'bin', 'compose-review.js'), ...argv], {
      cwd: dir,
      stdio: ['ignore', full, 'pipe'],
    });
    closeSync(full);
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    t.equal(code, 3, argv.join(' '));
    t.equal(
      stderr,
      'compose-review: cannot write the standard output: ENOSPC: no space left on device, write\n',
      argv.join(' '),
    );
  }
});
