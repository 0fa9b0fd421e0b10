// The npm package as a user gets it: `npm pack` of the built tree holds only what runs (no tests,
// fixtures, sources or scripts), and the tarball installed into an empty prefix gives a working
// `compose-review` without any dev dependency: `--version` from package.json, and an audit of the
// seed that prints what the checkout's CLI prints. The install from a git clone without dist/ (the
// `prepare` build) takes over a minute: it is `npm run test:install`, a step of .ci/run of its own.
import t from 'tap';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES } from './helpers/fixtures.js';

const ROOT = join(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  devDependencies: Record<string, string>;
};

/** The environment without the outer npm's settings (`npm test` passes npm_config_* down). */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env))
    if (!/^npm_(config|lifecycle|package)_/i.test(k) && k !== 'NODE_OPTIONS') env[k] = v;
  return env;
}

interface PackResult {
  filename: string;
  files: { path: string }[];
}

t.test('npm pack: only what a user needs; the tarball installs and runs in an empty prefix', async (t) => {
  if (!existsSync(join(ROOT, 'dist', 'src', 'cli', 'main.js')))
    return t.fail('dist/ is missing: npm ci (its prepare step) or npm run build builds it');
  const dir = mkdtempSync(join(tmpdir(), 'cr-pack-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const env = cleanEnv();
  // --ignore-scripts: the tree is the one `npm run build` made (the clean build of prepack/prepare is
  // what test:install checks)
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
    }),
  ) as PackResult[];
  const paths = packed[0].files.map((f) => f.path);
  for (const needed of [
    'package.json',
    'README.md',
    'LICENSE',
    'bin/compose-review.js',
    'dist/src/index.js',
    'dist/src/index.d.ts',
    'dist/src/cli/main.js',
    'dist/bundle/cli.cjs',
    'bin/package.json',
    'dist/bundle/server.mjs',
    'dist/bundle/worker.mjs',
    'dist/web/index.html',
    'schemas/compose-spec.json',
    'schemas/compose-spec.validate.mjs',
    'schemas/LICENSE',
    'schemas/SOURCE.md',
  ])
    t.ok(paths.includes(needed), `the package holds ${needed}`);
  const stray = paths.filter(
    (p) =>
      /^(test|fixtures|bench|scripts|web|src|deploy|examples|docs|\.ci)\//.test(p) ||
      /\.test\.|\.ts$/.test(p.replace(/\.d\.ts$/, '')) ||
      p.startsWith('schemas/sarif') ||
      p === 'bin/healthcheck.sh',
  );
  t.same(stray, [], 'no test, fixture, source, script or test-only schema in the package');

  const prefix = join(dir, 'prefix');
  const install = spawnSync(
    'npm',
    [
      'install',
      '--global',
      '--prefix',
      prefix,
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      join(dir, packed[0].filename),
    ],
    { env, encoding: 'utf8', timeout: 180_000 },
  );
  t.equal(install.status, 0, `npm install of the tarball: ${install.stderr.slice(-2000)}`);
  const installed = join(prefix, 'lib', 'node_modules', 'compose-review');
  // a devDependency that no dependency needs too, found in the install: a dev dependency leaked in
  const dev = Object.keys(pkg.devDependencies).filter((d) => existsSync(join(installed, 'node_modules', d)));
  t.same(dev, [], 'no dev dependency installed');

  const bin = join(prefix, 'bin', 'compose-review');
  const version = spawnSync(bin, ['--version'], { env, encoding: 'utf8' });
  t.equal(version.status, 0, version.stderr);
  t.equal(version.stdout, `compose-review ${pkg.version}\n`, '--version is the package.json version');

  const seed = join(dir, 'seed');
  cpSync(join(FIXTURES, 'seed'), seed, { recursive: true });
  const audit = spawnSync(bin, ['audit'], { cwd: seed, env, encoding: 'utf8' });
  const local = spawnSync(process.execPath, ['--', join(ROOT, 'bin', 'compose-review.js'), 'audit'], {
    cwd: seed,
    env,
    encoding: 'utf8',
  });
  t.equal(audit.status, 1, `audit of the seed finds errors: ${audit.stderr}`);
  t.match(audit.stdout, /^\d+ errors?, \d+ warnings?, \d+ info/m);
  t.equal(audit.stdout, local.stdout, 'the installed CLI prints what the checkout prints');
});
