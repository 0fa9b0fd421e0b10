// The bundles (scripts/bundle.ts, built by `npm run build`): the CLI's holds nothing of the service,
// and a package tree holding only the bundles (no dist/src) runs every face: the CLI prints what the
// sources print, and `serve` answers through workers started from the worker's bundle.
import t from 'tap';
import { tempDir } from './helpers/temp.js';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { main } from '../src/cli/main.js';
import { auditBundle } from '../src/usecases/index.js';
import { FIXTURES, readTree } from './helpers/fixtures.js';

const ROOT = join(import.meta.dirname, '..');
const BUNDLE = join(ROOT, 'dist', 'bundle');

/** A package tree with the bundles only: package.json, bin, dist/bundle, dist/web, schemas, node_modules. */
function bundleOnlyTree(): string {
  const dir = tempDir('cr-bundle-');
  cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  cpSync(join(ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
  mkdirSync(join(dir, 'dist'));
  cpSync(BUNDLE, join(dir, 'dist', 'bundle'), { recursive: true });
  if (existsSync(join(ROOT, 'dist', 'web')))
    cpSync(join(ROOT, 'dist', 'web'), join(dir, 'dist', 'web'), { recursive: true });
  symlinkSync(join(ROOT, 'schemas'), join(dir, 'schemas'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

t.test('the CLI bundle holds nothing of the service', async (t) => {
  if (!existsSync(join(BUNDLE, 'cli.cjs'))) return t.fail('dist/bundle is missing: npm run build makes it');
  const files = ['cli.cjs', ...readdirSync(join(BUNDLE, 'chunks')).map((f) => join('chunks', f))];
  for (const f of files) {
    const text = readFileSync(join(BUNDLE, f), 'utf8');
    t.notMatch(text, /from ["'](fastify|piscina|pino|prom-client|ioredis)["']|src\/api\//, `${f}: no service code`);
  }
  t.ok(
    existsSync(join(BUNDLE, 'server.mjs')) && existsSync(join(BUNDLE, 'worker.mjs')),
    'the service and worker bundles',
  );
  const cli = readFileSync(join(BUNDLE, 'cli.cjs'), 'utf8');
  t.ok(
    cli.length < 64 * 1024,
    `cli.cjs is the small entry (${cli.length} bytes); the CLI's code is in chunks/, compiled through the code cache`,
  );
});

t.test('a tree with the bundles only: the CLI prints what the sources print', async (t) => {
  const dir = bundleOnlyTree();
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const seed = join(FIXTURES, 'seed');
  const bin = join(dir, 'bin', 'compose-review.js');
  for (const argv of [['--version'], ['validate'], ['audit'], ['audit', '--format', 'sarif'], ['diff'], ['config']]) {
    const r = spawnSync(process.execPath, ['--', bin, ...argv], { cwd: seed, encoding: 'utf8', timeout: 60_000 });
    let out = '';
    const code = await main(argv, { stdout: (s) => (out += s), stderr: () => {}, env: process.env, cwd: seed });
    t.equal(r.status, code, `${argv.join(' ')}: exit ${code}`);
    t.equal(r.stdout, out, `${argv.join(' ')}: the same output`);
  }
});

t.test('serve from the bundles: the workers run worker.mjs', async (t) => {
  const dir = bundleOnlyTree();
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const child = spawn(process.execPath, ['--', join(dir, 'bin', 'compose-review.js'), 'serve'], {
    cwd: dir,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      COMPOSE_REVIEW_WORKERS: '1',
      COMPOSE_REVIEW_TOKENS: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stderr.on('data', (c) => (out += c));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  t.teardown(() => void child.kill('SIGKILL'));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (c) => {
      out += c;
      const m = /listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    setTimeout(() => reject(new Error(`the service did not start: ${out}`)), 60_000).unref();
  });
  const seed = { files: readTree('seed') };
  const body = JSON.stringify(seed);
  const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(
      { port, host: '127.0.0.1', path: '/v1/audit', method: 'POST', headers: { 'content-type': 'application/json' } },
      (res) => {
        let b = '';
        res.on('data', (c) => (b += c)).on('end', () => resolve({ status: res.statusCode!, body: b }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
  t.equal(answer.status, 200, answer.body.slice(0, 300));
  t.same(JSON.parse(answer.body), JSON.parse(JSON.stringify(auditBundle(seed).json)), 'the answer a worker computed');
  child.kill('SIGTERM');
  t.equal(await exited, 0, 'SIGTERM: drained and exited 0');
  // the warning of a slow start (src/api/pool.ts: "a worker took 7000 ms to start, ... tasks stopped at
  // their deadline ...", logged under load) says nothing of a failure: its line is left out
  const failures = out
    .split('\n')
    .filter((line) => !/a worker took \d+ ms to start/.test(line))
    .join('\n');
  t.notMatch(failures, /ERR_MODULE_NOT_FOUND|worker .*stopped/, 'no worker failed to load');
});
