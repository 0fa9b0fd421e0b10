/**
 * No Compose file of a bundle is left out silently: a file named as an environment's makes one
 * whatever the characters of its name (`compose.prod.eu.yaml`: `prod.eu`); a Compose file no
 * environment loads is a warning naming it; a default-named file passed over for another of its
 * directory gets docker compose's warning (compose-go cli/options.go:164-180), positioned at it, in
 * the API and the CLI.
 */
import t from 'tap';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { reviewBundle } from '../src/usecases/index.js';
import { deriveEnvironments, parseBundle } from '../src/bundle/bundle.js';
import { main } from '../src/cli/main.js';
import { tempDir } from './helpers/temp.js';

const BASE = 'services:\n  web:\n    image: nginx:1.25\n';
const PRIVILEGED = 'services:\n  web:\n    privileged: true\n';

t.test('a file named as an environment makes it, whatever the characters of its name', async (t) => {
  for (const [file, env] of [
    ['compose.prod.eu.yaml', 'prod.eu'],
    ['compose.café.yaml', 'café'],
    ['docker-compose.prod.eu.yml', 'prod.eu'],
  ]) {
    const a = reviewBundle({ files: { 'compose.yaml': BASE, [file]: PRIVILEGED } }).json;
    t.ok(Object.hasOwn(a.environments, env), `${file}: environment ${env}`);
    t.ok(
      a.findings.some((f) => f.rule === 'privileged' && f.file === file),
      `${file}: its privileged service is found`,
    );
    t.equal(a.verdict.status, 'fail', file);
  }
});

t.test('a Compose file no environment loads is a warning naming it', async (t) => {
  const files = {
    'compose.yaml': BASE,
    'compose.test.yaml': BASE,
    'compose.test.override.yaml': PRIVILEGED,
    'ops/compose.yaml': PRIVILEGED,
  };
  const a = reviewBundle({ files }).json;
  const unloaded = a.diagnostics.filter((d) => d.code === 'compose-file-not-loaded');
  t.same(
    unloaded.map((d) => [d.file, d.line, d.column, d.severity]),
    [['compose.test.override.yaml', 1, 1, 'warning']],
    'a Compose file in another folder is another project: not said to be left out',
  );
  t.match(unloaded[0].message, /compose\.test\.override\.yaml looks like a Compose file, but no environment loads it/);
  // named environments: a file they do not name is said to be left out; one they name is not
  const named = reviewBundle({
    files: { 'compose.yaml': BASE, 'compose.prod.yaml': PRIVILEGED },
    environments: { production: { files: ['compose.yaml'] } },
  }).json;
  t.same(
    named.diagnostics.filter((d) => d.code === 'compose-file-not-loaded').map((d) => d.file),
    ['compose.prod.yaml'],
  );
});

t.test("docker-compose.yml beside compose.yaml: docker compose's warning, at the file passed over", async (t) => {
  const a = reviewBundle({ files: { 'compose.yaml': BASE, 'docker-compose.yml': PRIVILEGED } }).json;
  const d = a.diagnostics.filter((x) => x.code === 'compose-file-passed-over');
  t.same(
    d.map((x) => [x.file, x.line, x.column, x.severity]),
    [['docker-compose.yml', 1, 1, 'warning']],
  );
  t.match(
    d[0].message,
    'Found multiple config files with supported names: compose.yaml, docker-compose.yml. Using compose.yaml',
  );
  t.notOk(
    a.diagnostics.some((x) => x.code === 'compose-file-not-loaded'),
    'said once',
  );
  // compose-go's order (cli/options.go:405): docker-compose.yml before docker-compose.yaml
  const derived = deriveEnvironments(
    parseBundle({ files: { 'docker-compose.yaml': BASE, 'docker-compose.yml': BASE } }),
  );
  t.equal(derived.base, 'docker-compose.yml');
  // the override: the first of DefaultOverrideFileNames (cli/options.go:408), whichever base was found
  const o = deriveEnvironments(
    parseBundle({
      files: { 'compose.yaml': BASE, 'docker-compose.override.yml': BASE, 'compose.override.yaml': BASE },
    }),
  );
  t.same(o.environments.development.files, ['compose.yaml', 'compose.override.yaml']);
  t.match(o.passedOver, [{ file: 'docker-compose.override.yml', override: true, using: 'compose.override.yaml' }]);
});

t.test('the CLI gives the same warning as a positioned diagnostic', async (t) => {
  const dir = tempDir('cr-passed-over-');
  writeFileSync(join(dir, 'compose.yaml'), BASE);
  writeFileSync(join(dir, 'docker-compose.yml'), PRIVILEGED);
  let stdout = '';
  let stderr = '';
  const code = await main(['validate', '--format', 'json'], {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    env: {},
    cwd: dir,
  });
  t.equal(code, 0);
  const json = JSON.parse(stdout) as { diagnostics: { code: string; file: string; line: number; message: string }[] };
  t.match(json.diagnostics, [
    {
      code: 'compose-file-passed-over',
      file: 'docker-compose.yml',
      line: 1,
      message:
        /Found multiple config files with supported names: compose\.yaml, docker-compose\.yml\. Using compose\.yaml/,
    },
  ]);
  t.match(stderr, 'Found multiple config files with supported names');
});

t.test(
  'the CLI reviewing a directory takes every Compose-named file, as the API does (found by a review)',
  async (t) => {
    for (const [name, env] of [
      ['compose.prod.eu.yaml', 'prod.eu'],
      ['compose.café.yaml', 'café'],
    ]) {
      const dir = tempDir('cr-dir-names-');
      writeFileSync(join(dir, 'compose.yaml'), BASE);
      writeFileSync(join(dir, name), PRIVILEGED);
      let stdout = '';
      const code = await main(['review', '--format', 'json'], {
        stdout: (s) => (stdout += s),
        stderr: () => {},
        env: {},
        cwd: dir,
      });
      const json = JSON.parse(stdout) as { environments: Record<string, unknown>; findings: { rule: string }[] };
      t.ok(Object.hasOwn(json.environments, env), `${name}: environment ${env}`);
      t.ok(
        json.findings.some((f) => f.rule === 'privileged'),
        `${name}: its privileged service is found`,
      );
      t.equal(code, 1, 'the review fails');
    }
  },
);
