import t from 'tap';
import { tempDir } from './helpers/temp.js';
import { join } from 'node:path';
import { writeFileSync, cpSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { parse } from 'yaml';
import { main } from '../src/cli/main.js';
import { FIXTURES } from './helpers/fixtures.js';
import { corpusSets } from './helpers/corpus.js';

async function run(argv: string[], cwd: string, env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env, cwd });
  return { code, stdout, stderr };
}

const seed = join(FIXTURES, 'seed');

t.test('validate: default files in the current directory, exit 0', async (t) => {
  const r = await run(['validate'], seed);
  t.equal(r.code, 0, r.stdout + r.stderr);
  t.match(r.stdout, /2 files checked: 0 errors/);
});

t.test('validate: an error is printed as file:line:col with the source line and a caret; exit 1', async (t) => {
  const dir = tempDir('cr-');
  cpSync(seed, dir, { recursive: true });
  writeFileSync(
    join(dir, 'docker-compose.prod.yml'),
    'services:\n  api:\n    deploy:\n      resources:\n        limit:\n          memory: 512M\n',
  );
  const r = await run(['validate', '-f', 'docker-compose.yml', '-f', 'docker-compose.prod.yml'], dir);
  t.equal(r.code, 1);
  t.match(
    r.stdout,
    /^docker-compose\.prod\.yml:5:9: error unknown key "limit" in services\.api\.deploy\.resources \[schema-unknown-key\]\n  hint: did you mean "limits"\?\n          limit:\n          \^{5}\n/m,
  );
  const json = await run(
    ['validate', '-f', 'docker-compose.yml', '-f', 'docker-compose.prod.yml', '--format', 'json'],
    dir,
  );
  t.match(JSON.parse(json.stdout), {
    valid: false,
    diagnostics: [{ code: 'schema-unknown-key', line: 5, column: 9, hint: /limits/ }],
  });
});

t.test('usage errors exit 2', async (t) => {
  t.equal((await run(['validate', '--format', 'xml'], seed)).code, 2);
  t.equal((await run(['validate', '--bogus'], seed)).code, 2);
  t.equal((await run(['frobnicate'], seed)).code, 2);
  t.equal((await run([], seed)).code, 2);
  t.equal((await run(['validate'], tmpdir())).code, 2, 'no compose file found');
  t.equal((await run(['validate', '-f', 'nope.yml'], seed)).code, 2);
});

t.test('config: like docker compose config, honouring COMPOSE_FILE and --provenance', async (t) => {
  const dev = await run(['config'], seed);
  t.equal(dev.code, 0, dev.stderr);
  const model = parse(dev.stdout);
  t.equal(model.name, 'shop');
  t.same(model.services.api.command, ['npm', 'run', 'dev']);
  const prod = await run(['config', '--format', 'json'], seed, {
    COMPOSE_FILE: 'docker-compose.yml:docker-compose.prod.yml',
  });
  t.same(JSON.parse(prod.stdout).services.api.deploy.resources.limits, { memory: '536870912', cpus: 0.5 });
  const prov = await run(['config', '--provenance', '--format', 'json'], seed);
  t.equal(JSON.parse(prov.stdout)['services.api.environment.DEBUG'], 'docker-compose.override.yml:7:7');
  const services = await run(['config', '--services'], seed);
  t.same(services.stdout.trim().split('\n').sort(), ['api', 'cache', 'db']);
  const one = await run(['config', '--format', 'json', 'db'], seed);
  t.same(Object.keys(JSON.parse(one.stdout).services), ['db'], 'config SERVICE keeps the service and its dependencies');
  const vars = await run(['config', '--variables'], seed);
  t.match(vars.stdout, /^TAG {17}false {15}1\.4\.0 {15}$/m, 'a table aligned as docker compose prints it');
  const named = await run(['config', '--format', 'json'], seed, { COMPOSE_PROJECT_NAME: 'other' });
  t.equal(JSON.parse(named.stdout).name, 'other', 'COMPOSE_PROJECT_NAME wins over name:');
  const p = await run(['config', '--format', 'json', '-p', 'cli'], seed, { COMPOSE_PROJECT_NAME: 'other' });
  t.equal(JSON.parse(p.stdout).name, 'cli', '-p wins over COMPOSE_PROJECT_NAME');
  const noInterp = await run(
    ['config', '--no-interpolate', '--format', 'json', '-f', 'docker-compose.yml', '-f', 'docker-compose.prod.yml'],
    seed,
  );
  t.equal(JSON.parse(noInterp.stdout).services.api.image, 'registry.example.com/shop/api:${TAG}');
});

t.test('validate runs on every corpus file set without a crash', async (t) => {
  for (const set of corpusSets()) {
    const root = join(FIXTURES, 'corpus', set.id.split('/')[0]);
    const args = ['validate', '--format', 'json', ...set.spec.files.flatMap((f) => ['-f', f])];
    if (set.spec.envFiles) args.push('--env-file', set.spec.envFiles[0]);
    const r = await run(args, root);
    t.ok(r.code === 0 || r.code === 1, `${set.id}: exit ${r.code} ${r.stderr}`);
    t.equal(typeof JSON.parse(r.stdout).valid, 'boolean');
  }
});

t.test('audit: text, sarif and the CI exit codes', async (t) => {
  const r = await run(['audit'], seed);
  t.equal(r.code, 1, 'the seed stack has error findings');
  t.match(
    r.stdout,
    /docker-compose\.yml:25:7: error environment variable POSTGRES_PASSWORD of service "db" holds a plaintext secret \[secret-in-environment\] \(development, production\)/,
  );
  const none = await run(['audit', '--fail-on', 'none'], seed);
  t.equal(none.code, 0);
  const sarif = await run(['audit', '--format', 'sarif', '--env', 'production'], seed);
  t.equal(JSON.parse(sarif.stdout).runs[0].tool.driver.name, 'compose-review');
  const gh = await run(['audit', '--format', 'github'], seed);
  t.match(gh.stdout, /^::error file=docker-compose\.yml,line=28,/m);
  const fix = await run(['audit', '--fix-override', '--env', 'production'], seed);
  t.match(fix.stdout, /^services:\n {2}api:\n/m);
  t.equal((await run(['audit', '--fail-on', 'fatal'], seed)).code, 2);
});

t.test("the project's own docker-compose.yml passes its own audit as production", async (t) => {
  const root = join(FIXTURES, '..');
  const r = await run(['audit', '-f', 'docker-compose.yml', '--env', 'production', '--fail-on', 'warning'], root);
  t.equal(r.code, 0, r.stdout);
  t.match(r.stdout, /0 errors, 0 warnings/);
});

t.test('diff and review on the seed directory', async (t) => {
  const d = await run(['diff'], seed);
  t.equal(d.code, 0, d.stderr);
  t.match(d.stdout, /development -> production/);
  t.match(d.stdout, /environment\.DEBUG/);
  const dj = await run(['diff', '--format', 'json', '--from', 'production', '--to', 'development'], seed);
  t.equal(JSON.parse(dj.stdout).from, 'production');
  const r = await run(['review'], seed);
  t.equal(r.code, 1);
  t.match(r.stdout, /^<!-- compose-review:pr-comment -->\n## ❌ compose-review: fail/);
  t.notOk(r.stdout.includes('s3cr3t-pass'));
  const pass = await run(['review', '--fail-on', 'none', '--format', 'json'], seed);
  t.equal(pass.code, 0);
  t.equal(JSON.parse(pass.stdout).verdict.status, 'pass');
  const dir = tempDir('cr-head-');
  cpSync(seed, dir, { recursive: true });
  writeFileSync(
    join(dir, 'docker-compose.prod.yml'),
    readFileSync(join(seed, 'docker-compose.prod.yml'), 'utf8').replace(
      '    deploy:\n',
      '    privileged: true\n    deploy:\n',
    ),
  );
  const change = await run(['review', dir, '--base-dir', seed, '--format', 'json'], seed);
  t.equal(change.code, 1);
  const body = JSON.parse(change.stdout);
  t.equal(body.newFindings.length, 1);
  t.match(body.newFindings[0], { rule: 'privileged', file: 'docker-compose.prod.yml', line: 4 });
  t.equal((await run(['review', tmpdir()], seed)).code, 2, 'no compose file: usage error');
});

t.test('audit DIR...: several projects in one run, files named from the working directory', async (t) => {
  const corpus = join(FIXTURES, 'corpus', 'docker__awesome-compose');
  const r = await run(['audit', 'angular', 'flask', '--format', 'json', '--fail-on', 'none'], corpus);
  t.equal(r.code, 0, r.stderr);
  const files = new Set(JSON.parse(r.stdout).findings.map((f: { file: string }) => f.file));
  t.same([...files].sort(), ['angular/compose.yaml', 'flask/compose.yaml']);
  // each project's environments with their role and why, and its groups, named from the working directory
  const json = JSON.parse(r.stdout);
  t.match(json.environments, {
    'angular: default': { role: 'production', roleSource: 'default' },
    'flask: default': { role: 'production', roleSource: 'default' },
  });
  t.same([...new Set(json.groups.map((g: { file: string }) => g.file))].sort(), [
    'angular/compose.yaml',
    'flask/compose.yaml',
  ]);
  const text = await run(['audit', 'angular', 'flask', '--fail-on', 'none'], corpus);
  t.match(
    text.stdout,
    /^environment angular: default: production \(by default: .*\)\nenvironment flask: default: production/,
  );
  t.match(text.stdout, /^angular\/compose\.yaml:\d+:\d+: /m);
  t.equal((await run(['audit', 'angular', '-f', 'x.yml'], corpus)).code, 2);
});

t.test(
  'diff and review derive environments from the directory: -f and --env are usage errors, COMPOSE_FILE is not theirs',
  async (t) => {
    for (const cmd of ['diff', 'review']) {
      const f = await run([cmd, '-f', 'docker-compose.yml'], seed);
      t.equal(f.code, 2, `${cmd} -f`);
      t.match(f.stderr, /derives? the environments|derive/);
      t.equal((await run([cmd, '--env', 'production'], seed)).code, 2, `${cmd} --env`);
    }
    const d = await run(['diff', '--format', 'json'], seed, { COMPOSE_FILE: 'docker-compose.yml' });
    t.equal(d.code, 0, d.stderr);
    t.match(JSON.parse(d.stdout), { from: 'development', to: 'production' });
    const r = await run(['review', '--format', 'json', '--from', 'production', '--to', 'development'], seed);
    t.match(JSON.parse(r.stdout).diff, { from: 'production', to: 'development' }, 'review takes --from/--to');
    t.equal((await run(['review', '--from', 'staging'], seed)).code, 2, 'an unknown environment is a usage error');
  },
);

t.test('audit DIR --fix-override reads DIR, not the current directory', async (t) => {
  const empty = tempDir('cr-');
  const r = await run(['audit', seed, '--fix-override', '--env', 'production'], empty);
  t.equal(r.code, 0, r.stderr);
  t.match(r.stdout, /^services:\n/m);
  t.equal((await run(['audit', seed, seed, '--fix-override'], empty)).code, 2, 'one directory at most');
});
