// The executable's code cache (src/cli/code-cache.ts): a command's first run writes V8's cache of the
// CLI bundle into the user's cache directory, later runs print the same thing through it, a cache V8
// rejects (damaged, another Node) is rewritten, NODE_DISABLE_COMPILE_CACHE=1 writes nothing, `serve`
// never caches, and caches nothing wrote for a month are removed.
import t from 'tap';
import { tempDir } from './helpers/temp.js';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDirectory, cacheFile } from '../src/cli/code-cache.js';
import { main } from '../src/cli/main.js';
import { FIXTURES } from './helpers/fixtures.js';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'compose-review.js');
const SEED = join(FIXTURES, 'seed');

function run(argv: string[], env: NodeJS.ProcessEnv) {
  const r = spawnSync(process.execPath, ['--', BIN, ...argv], {
    cwd: SEED,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function inProcess(argv: string[]) {
  let stdout = '';
  const code = await main(argv, { stdout: (s) => (stdout += s), stderr: () => {}, env: process.env, cwd: SEED });
  return { code, stdout };
}

const cacheFiles = (home: string) => {
  const dir = cacheDirectory({ XDG_CACHE_HOME: home });
  return dir && existsSync(dir) ? readdirSync(dir).sort() : [];
};

t.test('a first run writes the cache, later runs print the same through it', async (t) => {
  if (!existsSync(join(ROOT, 'dist', 'bundle', 'cli.cjs'))) return t.fail('dist/bundle is missing: npm run build');
  const home = tempDir('cr-cache-');
  t.teardown(() => rmSync(home, { recursive: true, force: true }));
  const env = { XDG_CACHE_HOME: home };
  for (const argv of [['validate'], ['audit'], ['audit', '--format', 'json']]) {
    const expected = await inProcess(argv);
    const first = run(argv, env);
    t.same([first.code, first.stdout], [expected.code, expected.stdout], `${argv.join(' ')}: first run`);
    const second = run(argv, env);
    t.same([second.code, second.stdout], [expected.code, expected.stdout], `${argv.join(' ')}: through the cache`);
  }
  const files = cacheFiles(home);
  t.match(files, [/^audit-cli-\w+\.cjs\.bin$/, /^validate-cli-\w+\.cjs\.bin$/], 'one cache a command');

  // a damaged cache: V8 rejects it, the run is the same, and the cache is written again
  const dir = cacheDirectory(env)!;
  const validate = join(dir, files[1]);
  writeFileSync(validate, Buffer.alloc(4096, 7));
  const damaged = run(['validate'], env);
  const expected = await inProcess(['validate']);
  t.same([damaged.code, damaged.stdout], [expected.code, expected.stdout], 'a damaged cache: the same run');
  t.not(readFileSync(validate).subarray(0, 16).toString('hex'), Buffer.alloc(16, 7).toString('hex'), 'rewritten');

  // when a cache is written, one nothing wrote for 30 days goes (an earlier bundle's, an earlier
  // Node's); another install's recent cache stays
  const old = join(dir, 'audit-cli-OLDHASH0.cjs.bin');
  const otherNode = join(home, 'compose-review', 'v8-v0.0.0-x64');
  const recent = join(dir, 'audit-cli-RECENT00.cjs.bin');
  mkdirSync(otherNode);
  writeFileSync(old, 'old');
  writeFileSync(join(otherNode, 'audit-cli-OLDHASH0.cjs.bin'), 'old');
  writeFileSync(recent, 'recent');
  const month = new Date(Date.now() - 31 * 24 * 3600 * 1000);
  utimesSync(old, month, month);
  utimesSync(join(otherNode, 'audit-cli-OLDHASH0.cjs.bin'), month, month);
  rmSync(join(dir, files[0]));
  run(['audit'], env);
  t.ok(existsSync(join(dir, files[0])), 'the current cache written');
  t.notOk(existsSync(old), 'a cache unwritten for a month is removed');
  t.notOk(existsSync(otherNode), "and an earlier Node's directory with it");
  t.ok(existsSync(recent), "another install's recent cache stays");
});

t.test('NODE_DISABLE_COMPILE_CACHE=1, help pages and failed runs', async (t) => {
  const home = tempDir('cr-cache-');
  t.teardown(() => rmSync(home, { recursive: true, force: true }));
  const off = run(['validate'], { XDG_CACHE_HOME: home, NODE_DISABLE_COMPILE_CACHE: '1' });
  t.equal(off.code, 0, off.stderr);
  t.same(cacheFiles(home), [], 'nothing written when turned off');

  const usage = run(['validate', '--no-such-option'], { XDG_CACHE_HOME: home });
  t.equal(usage.code, 2);
  t.same(cacheFiles(home), [], 'a usage error writes no cache');

  const help = run(['audit', '--help'], { XDG_CACHE_HOME: home });
  t.equal(help.code, 0);
  t.match(cacheFiles(home), [/^other-cli-\w+\.cjs\.bin$/], "a command's help page shares the cache of --version");
});

t.test('cache places', async (t) => {
  const bundle = '/pkg/dist/bundle/chunks/cli-ABC.cjs';
  const env = { XDG_CACHE_HOME: '/xdg' };
  const dir = join('/xdg', 'compose-review', `v8-${process.version}-${process.arch}`);
  t.equal(cacheDirectory(env), dir);
  t.equal(cacheFile(bundle, ['audit', 'x'], env), join(dir, 'audit-cli-ABC.cjs.bin'));
  t.equal(cacheFile(bundle, ['--version'], env), join(dir, 'other-cli-ABC.cjs.bin'));
  t.equal(cacheFile(bundle, ['diff', '-h'], env), join(dir, 'other-cli-ABC.cjs.bin'));
  t.equal(cacheFile(bundle, ['serve'], env), undefined, 'the service writes nothing');
  t.equal(cacheFile(bundle, ['audit'], { ...env, NODE_DISABLE_COMPILE_CACHE: '1' }), undefined);
  t.match(
    cacheDirectory({ XDG_CACHE_HOME: 'relative' }, 'linux'),
    /[\\/]\.cache[\\/]compose-review[\\/]/,
    'a relative XDG_CACHE_HOME is ignored',
  );
  t.match(cacheDirectory({}, 'darwin'), /Library[\\/]Caches[\\/]compose-review/);
  t.equal(
    cacheDirectory({ LOCALAPPDATA: 'C:\\Users\\me\\AppData\\Local' }, 'win32')?.startsWith(
      'C:\\Users\\me\\AppData\\Local',
    ),
    true,
  );
});
