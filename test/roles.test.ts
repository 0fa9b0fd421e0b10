// Roles: one rule for -f files, directories and API bundles; every environment says its role and why.
import t from 'tap';
import { tempDir } from './helpers/temp.js';
import { chooseRole, environmentNameOf, nameWords, roleWord } from '../src/bundle/roles.js';
import { loadBundle } from '../src/load/bundle.js';
import { parseBundle } from '../src/bundle/bundle.js';
import { auditBundle, reviewBundle, validateBundle } from '../src/usecases/index.js';
import { corpusSets } from './helpers/corpus.js';

const svc = 'services:\n  web:\n    image: nginx:1.27\n';

t.test('names are matched by whole words, not by substrings', async (t) => {
  t.same(nameWords('compose.staging-eu.yaml'), ['compose', 'staging', 'eu', 'yaml']);
  t.same(nameWords('devContainer'), ['dev', 'container']);
  t.equal(roleWord('specification'), undefined, '"ci" inside a word is not ci');
  t.equal(roleWord('circle'), undefined);
  t.equal(roleWord('devops'), undefined, '"dev" inside a word is not dev');
  t.equal(roleWord('production')?.role, 'production');
  for (const w of ['prod', 'staging', 'stage', 'stg', 'live', 'release'])
    t.equal(roleWord(`compose.${w}.yaml`)?.role, 'production', w);
  for (const w of ['dev', 'development', 'local', 'test', 'ci', 'devcontainer', 'override'])
    t.equal(roleWord(`compose.${w}.yaml`)?.role, 'development', w);
  t.equal(roleWord('compose.mariadb.yaml'), undefined);
});

t.test('the -f environment: named by the role word of its files, else default', async (t) => {
  t.equal(environmentNameOf(['compose.yaml']), 'default');
  t.equal(environmentNameOf(['docker-compose.yml', 'docker-compose.prod.yml']), 'production');
  t.equal(environmentNameOf(['compose.yaml', 'compose.staging.yaml']), 'staging');
  t.equal(environmentNameOf(['compose.yaml', 'compose.live.yaml']), 'live');
  t.equal(environmentNameOf(['compose.yaml', 'ci/basic/compose.yaml']), 'ci', 'a folder of a later file');
  t.equal(environmentNameOf(['devcontainer-example/docker-compose.yml']), 'devcontainer', "the first file's folder");
  t.equal(environmentNameOf(['compose.yaml', 'overrides/compose.mariadb.yaml']), 'default', '"overrides" is no role');
  t.equal(environmentNameOf(['docker-compose.exporters.yml']), 'default');
  // only the first file's own folder counts, not where the project sits on the disk
  t.equal(environmentNameOf(['dev/app/compose.yaml']), 'default');
});

t.test('the order: flag, bundle, policy, name, file name, default', async (t) => {
  const files = ['compose.yaml', 'compose.dev.yaml'];
  t.match(chooseRole({ name: 'x', files, flag: 'production', bundle: 'other', policy: 'other' }), {
    role: 'production',
    roleSource: 'flag',
  });
  t.match(chooseRole({ name: 'x', files, bundle: 'other', policy: 'production' }), {
    role: 'other',
    roleSource: 'bundle',
  });
  t.match(chooseRole({ name: 'x', files, policy: 'production' }), { role: 'production', roleSource: 'policy' });
  t.match(chooseRole({ name: 'staging', files }), { role: 'production', roleSource: 'name' });
  t.match(chooseRole({ name: 'development', files }), {
    role: 'development',
    roleSource: 'file name',
    roleReason: '"dev" in compose.dev.yaml',
  });
  t.match(chooseRole({ name: 'x', files }), { role: 'development', roleSource: 'file name' });
  t.match(chooseRole({ name: 'default', files: ['compose.yaml'] }), {
    role: 'production',
    roleSource: 'default',
    roleReason: /single Compose file/,
  });
});

t.test('directories, -f and the API agree: staging and live are production-like everywhere', async (t) => {
  const files = { 'compose.yaml': svc, 'compose.staging.yaml': svc, 'compose.live.yaml': svc };
  const derived = loadBundle({ files }).environments;
  t.equal(derived.staging.role, 'production');
  t.equal(derived.live.role, 'production');
  t.equal(derived.development.role, 'development', 'the base file alone beside them');
  for (const f of ['compose.staging.yaml', 'compose.live.yaml']) {
    const name = environmentNameOf(['compose.yaml', f]);
    const env = loadBundle({ files, environments: { [name]: { files: ['compose.yaml', f] } } }).environments[name];
    t.match(env, { role: 'production', roleSource: 'file name' }, f);
  }
});

t.test('a single base file is one environment named default, production-like; nothing to diff', async (t) => {
  const bundle = { files: { 'compose.yaml': svc } };
  const v = validateBundle(bundle).json;
  t.same(Object.keys(v.environments), ['default']);
  t.match(v.environments.default, { role: 'production', roleSource: 'default', roleReason: /what gets deployed/ });
  const a = auditBundle(bundle).json;
  t.match(a.environments.default, { role: 'production', roleSource: 'default' });
  t.ok(
    a.findings.some((f) => f.rule === 'cap-drop-missing'),
    'the production rules run',
  );
  const r = reviewBundle(bundle).json;
  t.equal(r.diff, undefined);
  t.match(r.noDiff, /one environment \("default"\): nothing to diff/);
  t.match(r.markdown, /No environment diff: one environment/);
});

t.test('the bundle role, the policy role and its object form', async (t) => {
  const bundle = parseBundle({
    files: {
      'compose.yaml': svc,
      '.compose-review.yaml': 'environments:\n  default: development\n  other: {role: other}\n',
    },
    environments: {
      default: { files: ['compose.yaml'] },
      other: { files: ['compose.yaml'] },
      pinned: { files: ['compose.yaml'], role: 'development' },
    },
  });
  const a = auditBundle(bundle).json;
  t.match(a.environments.default, { role: 'development', roleSource: 'policy' });
  t.match(a.environments.other, { role: 'other', roleSource: 'policy' });
  t.match(a.environments.pinned, { role: 'development', roleSource: 'bundle' });
  t.notOk(
    a.findings.some((f) => f.rule === 'cap-drop-missing'),
    'no production rule runs in these roles',
  );
  t.match(validateBundle(bundle).json.environments.default, { role: 'development', roleSource: 'policy' });
  t.throws(
    () =>
      parseBundle({ files: { 'compose.yaml': svc }, environments: { x: { files: ['compose.yaml'], role: 'prod' } } }),
    { name: 'BundleError', pointer: '/environments/x/role' },
  );
});

t.test('every corpus set documented as a production setup is audited as production by default', async (t) => {
  // frappe's production override set, netbox, docker-elk, dockprom (SOURCES.tsv notes and the issue)
  const production = new Set([
    'frappe__frappe_docker :: compose.yaml,overrides/compose.mariadb.yaml,overrides/compose.redis.yaml,overrides/compose.noproxy.yaml',
    'netbox-community__netbox-docker :: docker-compose.yml',
    'deviantony__docker-elk :: docker-compose.yml',
    'stefanprodan__dockprom :: docker-compose.yml',
    'stefanprodan__dockprom :: docker-compose.exporters.yml',
  ]);
  const development = new Set([
    'frappe__frappe_docker :: devcontainer-example/docker-compose.yml',
    'netbox-community__netbox-docker :: docker-compose.yml,docker-compose.test.yml,docker-compose.test.override.yml',
    'zulip__docker-zulip :: compose.yaml,ci/basic/compose.yaml',
  ]);
  for (const set of corpusSets()) {
    const key = `${set.id} :: ${set.spec.files.join(',')}`;
    const name = environmentNameOf(set.spec.files);
    const env = loadBundle({ files: set.bundle.files, environments: { [name]: set.spec } }).environments[name];
    if (production.has(key)) t.equal(env.role, 'production', key);
    if (development.has(key)) t.equal(env.role, 'development', key);
  }
});

t.test('the CLI: -f files make one environment named by their role word, --role wins', async (t) => {
  const { writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { main } = await import('../src/cli/main.js');
  const dir = tempDir('cr-roles-');
  writeFileSync(join(dir, 'compose.yaml'), svc);
  writeFileSync(join(dir, 'compose.staging.yaml'), 'services:\n  web:\n    read_only: true\n');
  const cli = async (argv: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env: {}, cwd: dir });
    return { code, stdout, stderr };
  };
  const plain = JSON.parse((await cli(['audit', '-f', 'compose.yaml', '--format', 'json'])).stdout);
  t.match(plain.environments, { default: { role: 'production', roleSource: 'default' } });
  const staging = JSON.parse(
    (await cli(['audit', '-f', 'compose.yaml', '-f', 'compose.staging.yaml', '--format', 'json'])).stdout,
  );
  t.match(staging.environments, {
    staging: { role: 'production', roleSource: 'file name', roleReason: '"staging" in compose.staging.yaml' },
  });
  const flag = JSON.parse(
    (await cli(['audit', '-f', 'compose.yaml', '--role', 'development', '--format', 'json'])).stdout,
  );
  t.match(flag.environments, { default: { role: 'development', roleSource: 'flag' } });
  t.notOk(
    flag.findings.some((f: { rule: string }) => f.rule === 'cap-drop-missing'),
    'development: no production rule',
  );
  const bad = await cli(['audit', '--role', 'prod']);
  t.equal(bad.code, 2);
  t.match(bad.stderr, /--role must be one of production, development, other/);
  const v = JSON.parse((await cli(['validate', '--format', 'json'])).stdout);
  t.match(v.environments, { default: { role: 'production' } }, 'validate says the role too');
});

t.test('nameWords: the one-pass reading of an ASCII name splits as the regular expressions do', async (t) => {
  const byExpressions = (s: string) =>
    s
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter(Boolean);
  t.same(nameWords('a1B2cDEf'), ['a1', 'b2c', 'def']);
  t.same(nameWords('--Prod__EU.'), ['prod', 'eu']);
  t.same(nameWords('\u212Aube-prod'), ['kube', 'prod'], 'the Kelvin sign lowers to k: the expressions decide');
  const alphabet = 'aZq09 -_./K\u00e9';
  let seed = 3;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);
  let differ = 0;
  for (let k = 0; k < 20_000; k++) {
    let s = '';
    for (let i = rnd(12); i > 0; i--) s += alphabet[rnd(alphabet.length)];
    if (JSON.stringify(nameWords(s)) !== JSON.stringify(byExpressions(s))) differ++;
  }
  t.equal(differ, 0);
});
