/**
 * `config` / `validate` find their files and name the project like `docker compose` (compose-go
 * cli/options.go), and `config --no-interpolate` prints the raw model (docker compose
 * runConfigNoInterpolate), on real directories.
 */
import t from 'tap';
import { tempDir } from './helpers/temp.js';
import { join } from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';
import { main } from '../src/cli/main.js';
import { goYamlKeyLess } from '../src/cli/raw-model.js';

async function run(argv: string[], cwd: string, env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env, cwd });
  return { code, stdout, stderr };
}

/** a fresh directory holding `files` (paths relative to it, parents created) */
function project(files: Record<string, string>, name = 'proj'): string {
  const dir = join(tempDir('cr-cli-'), name);
  mkdirSync(dir, { recursive: true });
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return dir;
}

t.test('-f into a subdirectory: the project is named after that directory, not the current one', async (t) => {
  const dir = project(
    {
      'sub/compose.yaml': 'services:\n  web:\n    image: nginx\n    env_file: [web.env]\n',
      'sub/web.env': 'A=1\n',
      'sub/.env': 'TAG=from-sub\n',
      '.env': 'TAG=from-cwd\n',
    },
    'outer',
  );
  const r = await run(['config', '-f', 'sub/compose.yaml', '--format', 'json'], dir);
  t.equal(r.code, 0, r.stderr);
  const model = JSON.parse(r.stdout);
  t.equal(model.name, 'sub');
  t.equal(model.networks.default.name, 'sub_default');
  t.same(model.services.web.environment, { A: '1' }, 'relative paths resolve against the same directory');
  const named = await run(['config', '-f', 'sub/compose.yaml', '--format', 'json', '-p', 'explicit'], dir);
  t.equal(JSON.parse(named.stdout).name, 'explicit', '-p still wins');
  const fromEnv = await run(['config', '-f', 'sub/compose.yaml', '--format', 'json'], dir, {
    COMPOSE_FILE: 'ignored.yaml',
  });
  t.equal(JSON.parse(fromEnv.stdout).name, 'sub', '-f wins over COMPOSE_FILE');
  const v = await run(['validate', '-f', 'sub/compose.yaml'], dir);
  t.equal(v.code, 0, v.stdout + v.stderr);
});

t.test('the directory name is normalized like compose-go NormalizeProjectName', async (t) => {
  const dir = project({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n' }, 'My.App');
  const r = await run(['config', '--format', 'json'], dir);
  t.equal(JSON.parse(r.stdout).name, 'myapp');
});

t.test('compose.yaml + docker-compose.override.yml: any override name of the list is merged', async (t) => {
  const dir = project(
    {
      'compose.yaml': 'services:\n  a:\n    image: base\n',
      'docker-compose.override.yml': 'services:\n  a:\n    image: from-docker-compose-override-yml\n',
    },
    'disc',
  );
  const r = await run(['config', '--format', 'json'], dir);
  t.equal(r.code, 0, r.stderr);
  t.equal(JSON.parse(r.stdout).services.a.image, 'from-docker-compose-override-yml');
  t.equal(r.stderr, '');
});

t.test(".yml is preferred over .yaml for docker-compose and override names, with compose's warnings", async (t) => {
  const dir = project({
    'docker-compose.yaml': 'services:\n  a:\n    image: from-yaml\n',
    'docker-compose.yml': 'services:\n  a:\n    image: from-yml\n',
    'compose.override.yaml': 'services:\n  a:\n    environment: {O: override-yaml}\n',
    'compose.override.yml': 'services:\n  a:\n    environment: {O: override-yml}\n',
  });
  const r = await run(['config', '--format', 'json'], dir);
  t.equal(r.code, 0, r.stderr);
  const a = JSON.parse(r.stdout).services.a;
  t.equal(a.image, 'from-yml');
  t.same(a.environment, { O: 'override-yml' });
  t.match(
    r.stderr,
    /warning: Found multiple config files with supported names: .*docker-compose\.yml, .*docker-compose\.yaml\n/,
  );
  t.match(r.stderr, /warning: Using .*docker-compose\.yml\n/);
  t.match(
    r.stderr,
    /warning: Found multiple override files with supported names: .*compose\.override\.yml, .*compose\.override\.yaml\n/,
  );
  // compose.yaml still comes first of all
  writeFileSync(join(dir, 'compose.yaml'), 'services:\n  a:\n    image: from-compose-yaml\n');
  t.equal(JSON.parse((await run(['config', '--format', 'json'], dir)).stdout).services.a.image, 'from-compose-yaml');
});

t.test('from a nested subdirectory the nearest parent with a compose file is the project', async (t) => {
  const dir = project(
    {
      'compose.yaml': 'services:\n  app:\n    image: app:${TAG}\n',
      'compose.override.yaml': 'services:\n  app:\n    environment: [FROM_OVERRIDE=1]\n',
      '.env': 'TAG=from-project-env\n',
      'src/deeper/placeholder.txt': '',
    },
    'shop',
  );
  const deeper = join(dir, 'src', 'deeper');
  const r = await run(['config', '--format', 'json'], deeper);
  t.equal(r.code, 0, r.stderr);
  const model = JSON.parse(r.stdout);
  t.equal(model.name, 'shop', 'named after the directory holding the file');
  t.equal(model.networks.default.name, 'shop_default');
  t.equal(model.services.app.image, 'app:from-project-env', "the project directory's .env");
  t.same(model.services.app.environment, { FROM_OVERRIDE: '1' }, 'its override too');
  const v = await run(['validate'], deeper);
  t.equal(v.code, 0, v.stdout + v.stderr);
  t.match(v.stdout, /2 files checked/);

  // docker compose reads the current directory's .env before it looks for the files: it can set
  // COMPOSE_FILE, and its values win over the project's .env (types.Mapping.Merge)
  writeFileSync(join(deeper, '.env'), 'TAG=from-cwd-env\n');
  t.equal(
    JSON.parse((await run(['config', '--format', 'json'], deeper)).stdout).services.app.image,
    'app:from-cwd-env',
  );
  t.equal(
    JSON.parse((await run(['config', '--format', 'json'], deeper, { TAG: 'from-process' })).stdout).services.app.image,
    'app:from-process',
    'the process environment wins over both',
  );
  writeFileSync(join(dir, 'other.yaml'), 'services:\n  other:\n    image: other\n');
  writeFileSync(join(deeper, '.env'), 'COMPOSE_FILE=../../other.yaml\n');
  const viaEnv = JSON.parse((await run(['config', '--format', 'json'], deeper)).stdout);
  t.same(Object.keys(viaEnv.services), ['other'], "COMPOSE_FILE from the current directory's .env");
  t.equal(viaEnv.name, 'shop');
});

t.test(
  'a directory name that normalizes to nothing: "project name must not be empty", as docker compose',
  async (t) => {
    // compose-go cli/options.go:544-560 withNamePrecedenceLoad names an unnamed project
    // loader.NormalizeProjectName(filepath.Base(dir)) (loader/loader.go:749-754: [a-z0-9_-] only,
    // leading `_`/`-` trimmed), no fallback; loader/loader.go:577-579 then fails "project name must not
    // be empty". The CLI named such a project `project`.
    for (const name of ['\u30d7\u30ed\u30b8\u30a7\u30af\u30c8', '--', '...', '_-']) {
      const dir = project({ 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n' }, name);
      const c = await run(['config'], dir);
      t.equal(c.code, 2, `${name}: config fails`);
      t.match(c.stderr, /^compose\.yaml:1:1: error project name must not be empty \[project-name-empty\]/m, name);
      t.equal(c.stdout, '', `${name}: no model`);
      const v = await run(['validate', '--format', 'json'], dir);
      t.equal(v.code, 1, `${name}: validate: ${v.stderr}`);
      t.match(JSON.parse(v.stdout).diagnostics, [{ code: 'project-name-empty', file: 'compose.yaml', line: 1 }], name);
      const a = await run(['audit', dir, '--format', 'json', '--fail-on', 'none'], dir);
      t.match(a.stdout + a.stderr, /project-name-empty/, `${name}: audit DIR`);
      // -p, COMPOSE_PROJECT_NAME or a `name:` still name it
      const p = await run(['config', '--format', 'json', '-p', 'shop'], dir);
      t.equal(p.code, 0, p.stderr);
      t.equal(JSON.parse(p.stdout).name, 'shop');
      const e = await run(['config', '--format', 'json'], dir, { COMPOSE_PROJECT_NAME: 'ci' });
      t.equal(JSON.parse(e.stdout).name, 'ci');
    }
    // a name with something left is that something (`données-` is `donnes-`, as NormalizeProjectName makes it)
    const kept = await run(
      ['config', '--format', 'json'],
      project({ 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n' }, 'donn\u00e9es-'),
    );
    t.equal(JSON.parse(kept.stdout).name, 'donnes-');
  },
);

t.test('no compose file here or above: usage error', async (t) => {
  const empty = tempDir('cr-cli-empty-');
  const r = await run(['config'], empty);
  t.equal(r.code, 2);
  t.match(
    r.stderr,
    /no configuration file provided: not found \(looked for compose\.yaml, compose\.yml, docker-compose\.yml, docker-compose\.yaml in .* and its parent directories\)/,
  );
});

const RAW_INPUT = {
  'compose.yaml': `services:
  web:
    image: "nginx:\${TAG:-1}"
    env_file: [a.env]
    network_mode: bridge
    healthcheck:
      test: curl x
      interval: 90s
    mem_limit: 512m
    labels:
      a10: x
      a2: y
  dbg:
    image: busybox
    profiles: [debug]
`,
  'a.env': 'A=1\n',
};

t.test(
  'config --no-interpolate prints the raw model: no profiles, env_file kept, values as written, keys sorted',
  async (t) => {
    const dir = project(RAW_INPUT, 'input');
    const r = await run(['config', '--no-interpolate'], dir, { TAG: '2' });
    t.equal(r.code, 0, r.stderr);
    t.equal(
      r.stdout,
      `name: input
networks:
  default:
    name: input_default
services:
  dbg:
    image: busybox
    networks:
      default: null
    profiles:
      - debug
  web:
    env_file:
      - path: a.env
        required: true
    healthcheck:
      interval: 90s
      test: curl x
    image: nginx:\${TAG:-1}
    labels:
      a2: "y"
      a10: x
    mem_limit: 512m
    network_mode: bridge
`,
    );
    const json = await run(['config', '--no-interpolate', '--format', 'json'], dir);
    const model = JSON.parse(json.stdout);
    t.same(Object.keys(model), ['name', 'networks', 'services']);
    t.same(Object.keys(model.services.web.labels), ['a10', 'a2'], 'encoding/json: byte order');
    t.equal(model.services.web.image, 'nginx:${TAG:-1}');
    t.same(model.services.web.env_file, [{ path: 'a.env', required: true }]);
    t.notOk('environment' in model.services.web, 'env_file is not read');
    t.ok(model.services.dbg, 'profile-disabled service kept');

    // normalized like compose-go load(): default network, resource names
    writeFileSync(
      join(dir, 'compose.override.yaml'),
      'services:\n  web:\n    network_mode: !reset null\n    environment: [FROM_ENV]\nvolumes:\n  data: {}\n',
    );
    const norm = parse((await run(['config', '--no-interpolate'], dir, { FROM_ENV: 'v' })).stdout);
    t.same(norm.networks, { default: { name: 'input_default' } });
    t.same(norm.volumes, { data: { name: 'input_data' } });
    t.same(norm.services.web.networks, { default: null });
    t.same(norm.services.web.environment, ['FROM_ENV=v'], '`- VAR` entries resolved (ResolveEnvironment)');
    t.ok(norm.services.dbg, 'still no profiles applied');
    const keys = (await run(['config', '--no-interpolate'], dir)).stdout.match(/^\S[^:]*/gm);
    t.same(keys, ['name', 'networks', 'services', 'volumes'], 'top-level keys sorted, not in struct order');

    const one = await run(['config', '--no-interpolate', '--format', 'json', 'web'], dir);
    t.equal(one.code, 0);
    t.same(Object.keys(JSON.parse(one.stdout).services), ['dbg', 'web'], 'SERVICE arguments do not filter');
    t.match(one.stderr, /service filtering is not applied when --no-interpolate is set/);

    // without --no-interpolate the project is printed as before
    const project_ = JSON.parse((await run(['config', '--format', 'json'], dir, { TAG: '2', FROM_ENV: 'v' })).stdout);
    t.equal(project_.services.web.image, 'nginx:2');
    t.notOk(project_.services.dbg, 'profiles applied');
    t.same(project_.services.web.environment, { A: '1', FROM_ENV: 'v' });
  },
);

t.test(
  'config --no-interpolate: configs from the environment get their value like compose-go ResolveEnvironment; a secret value is never printed',
  async (t) => {
    const dir = project({
      'compose.yaml':
        'services:\n  a:\n    image: x\nsecrets:\n  s:\n    environment: SECRET\nconfigs:\n  c:\n    environment: CONF\n',
    });
    const m = JSON.parse(
      (await run(['config', '--no-interpolate', '--format', 'json'], dir, { SECRET: 'pw', CONF: 'cfg' })).stdout,
    );
    t.same(m.secrets.s, { environment: 'SECRET', name: 'proj_s' }, 'docker compose would print x-#value: pw here');
    t.same(m.configs.c, { content: 'cfg', environment: 'CONF', name: 'proj_c' });
  },
);

t.test('config --no-interpolate: load errors exit 2 (a load error)', async (t) => {
  const dir = project({ 'compose.yaml': 'services:\n  a:\n    image: x\n    bogus: 1\n' });
  const r = await run(['config', '--no-interpolate'], dir);
  t.equal(r.code, 2);
  t.match(r.stderr, /bogus/);
});

t.test('go-yaml map key order', async (t) => {
  const sorted = [
    'network_mode',
    'networks',
    'env_file',
    'environment',
    'a10',
    'a2',
    'b',
    'A',
    'a_b',
    'ab',
    'x1y',
    'x1_y',
  ].sort((a, b) => (goYamlKeyLess(a, b) ? -1 : goYamlKeyLess(b, a) ? 1 : 0));
  // a non-letter before a letter (`_` before `B`, unlike byte order), except right after a digit;
  // digit runs as numbers
  t.same(sorted, [
    'A',
    'a_b',
    'a2',
    'a10',
    'ab',
    'b',
    'env_file',
    'environment',
    'network_mode',
    'networks',
    'x1y',
    'x1_y',
  ]);
  t.ok(goYamlKeyLess('a_b', 'aB'), 'byte order would put aB first');
});

t.test('config --all-resources keeps what no service uses; the API takes allResources=true', async (t) => {
  const compose = 'services:\n  web:\n    image: nginx\nnetworks:\n  legacy: {}\nvolumes:\n  old_data: {}\n';
  const dir = project({ 'compose.yaml': compose });
  const pruned = JSON.parse((await run(['config', '--format', 'json'], dir)).stdout);
  t.same(Object.keys(pruned.networks), ['default']);
  t.equal(pruned.volumes, undefined);
  const all = JSON.parse((await run(['config', '--format', 'json', '--all-resources'], dir)).stdout);
  t.same(Object.keys(all.networks).sort(), ['default', 'legacy']);
  t.same(Object.keys(all.volumes), ['old_data']);
  const { buildApp } = await import('../src/api/app.js');
  const app = buildApp({ logger: false, workers: 1 });
  const r = await app.inject({
    method: 'POST',
    url: '/v1/config?allResources=true',
    payload: { files: { 'compose.yaml': compose } },
  });
  t.same(Object.keys(r.json().environments.default.model.volumes), ['old_data']);
  await app.close();
});

t.test(
  'COMPOSE_ENV_FILES is the default --env-file list; COMPOSE_DISABLE_ENV_FILE (even from .env) turns .env off',
  async (t) => {
    const files = {
      'compose.yaml': 'services:\n  app:\n    image: "alpine:${TAG:-default}"\n',
      '.env': 'TAG=fromdotenv\n',
      'prod.env': 'TAG=fromprod\n',
    };
    const image = async (env: Record<string, string>, extra: Record<string, string> = {}) => {
      const r = await run(['config', '--format', 'json'], project({ ...files, ...extra }), env);
      return r.code === 0 ? JSON.parse(r.stdout).services.app.image : `exit ${r.code}: ${r.stderr.trim()}`;
    };
    t.equal(await image({}), 'alpine:fromdotenv');
    t.equal(await image({ COMPOSE_ENV_FILES: 'prod.env' }), 'alpine:fromprod');
    t.equal(await image({ COMPOSE_DISABLE_ENV_FILE: 'true' }), 'alpine:default');
    t.equal(await image({}, { '.env': 'COMPOSE_DISABLE_ENV_FILE=true\nTAG=fromdotenv\n' }), 'alpine:default');
    t.match(await image({ COMPOSE_DISABLE_ENV_FILE: 'maybe' }), /exit 2: .*ParseBool: parsing "maybe"/);
    t.equal(
      await image({ COMPOSE_DISABLE_ENV_FILE: 'true', COMPOSE_ENV_FILES: 'prod.env' }),
      'alpine:fromprod',
      'explicit files are still read',
    );
  },
);

t.test(
  'config --variables lists the variables of the whole model (includes too) as docker compose prints them',
  async (t) => {
    const dir = project({
      'compose.yaml':
        'include: [sub/compose.yaml]\nservices:\n  app:\n    image: "app:${TAG:-latest}"\n    environment: {MODE: "${MODE:+prod}", TOKEN: "${TOKEN:?token required}"}\n',
      'sub/compose.yaml': 'services:\n  db:\n    image: "postgres:${PG_VERSION:-16}"\n',
    });
    const table = await run(['config', '--variables'], dir);
    t.equal(table.code, 0, table.stderr);
    t.equal(
      table.stdout,
      [
        'NAME                REQUIRED            DEFAULT VALUE       ALTERNATE VALUE',
        'MODE                false                                   prod',
        'PG_VERSION          false               16                  ',
        'TAG                 false               latest              ',
        'TOKEN               true                                    ',
        '',
      ].join('\n'),
    );
    const json = JSON.parse((await run(['config', '--variables', '--format', 'json'], dir)).stdout);
    t.same(json.MODE, { Name: 'MODE', DefaultValue: '', PresenceValue: 'prod', Required: false });
    t.match(
      (await run(['config', '--variables', '--format', 'yaml'], dir)).stdout,
      /^PG_VERSION:\n {2}name: PG_VERSION\n {2}defaultvalue: "16"\n/m,
    );
  },
);

t.test(
  "with -f, the COMPOSE_* settings of a .env come from the first file's directory, not the current one",
  async (t) => {
    const dir = project({
      '.env': 'COMPOSE_PROJECT_NAME=fromcwd\nCOMPOSE_PROFILES=dbg\n',
      'sub/compose.yaml': 'services:\n  a:\n    image: x\n  dbg:\n    image: x\n    profiles: [dbg]\n',
    });
    const out = JSON.parse((await run(['config', '--format', 'json', '-f', 'sub/compose.yaml'], dir)).stdout);
    t.equal(out.name, 'sub');
    t.same(Object.keys(out.services), ['a']);
  },
);
